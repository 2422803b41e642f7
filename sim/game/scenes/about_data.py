"""About the data: real cases, wrongful arrests, and where the model simplifies.

Every published figure the game leans on is shown here with its source, next
to what the simulation had to assume beyond it, so a student can tell a
measurement from a modelling choice. Case texts come from the locale files;
the figures come straight from assets/data/real_world.toml and the
assumptions from the scenario files (translated in the locale files when the
language is not English).
"""

from __future__ import annotations

import math
import time
from typing import Any

import pygame
from babel.numbers import format_percent

from sim.game import layout as L
from sim.game.scenes.base import Scene, register_scene
from sim.game.widgets import Button, FocusRing, Widget
from sim.model import Model
from sim.story.cases import Arrest, Case, arrests, case, has_case, used_cases
from sim.story.chapters import StoryError, load_story
from sim.story.explain import fmt_value
from sim.story.runner import FRAME_BUDGET_S, step_until
from sim.text.scenario_names import scenario_text
from sim.text.ui import UI

TABS = ("cases", "arrests", "model")
SIM_SEED = 1  # the seed of the runs shown beside published outcomes
#: A case's run, once finished, for the rest of the session: its scenario file and
#: seed fix it, and a month of prison calls should not be simulated again each
#: time a visitor comes back to the page (scenario name -> `Model.summary`).
_SUMMARIES: dict[str, dict[str, Any]] = {}
SPLITS = (11, 10, 9)  # twentieths of the width for a case's story, widest first
WHAT_MAX_H = 330  # a case's telling: eight lines of large type at most


def expected_of(summary: dict[str, Any], key: str) -> float | None:
    """The run's expectation of a published outcome: its false, true or all alerts."""
    e = summary.get("expected", {})
    if key == "alerts" and "false_alerts" in e and "true_alerts" in e:
        return float(e["false_alerts"]) + float(e["true_alerts"])
    value = e.get(key)
    return None if value is None else float(value)


def typical_range(mean: float) -> tuple[float, int, int]:
    """An expected count and where most days fall: mean +- 2 sd, sd = sqrt(mean).

    A count of alerts is a sum of independent rare events (a Poisson-binomial
    sum, variance at most its mean), so by the normal approximation about 95
    days in 100 land within two standard deviations; sqrt(mean) is the
    largest that standard deviation can be, so the range is on the safe side.
    """
    sd = math.sqrt(max(mean, 0.0))
    return mean, max(0, math.floor(mean - 2 * sd)), math.ceil(mean + 2 * sd)


def case_summary(scn: Any) -> dict[str, Any]:
    """The finished run of a case's scenario at `SIM_SEED`, the one its card shows.

    Run to its end now if this process has not run it yet (the page itself
    runs it a slice per frame); a test of the scenario's calibration reads the
    very run the card shows.
    """
    if scn.name not in _SUMMARIES:
        model = _case_model(scn)
        model.run()
        _SUMMARIES[scn.name] = model.summary(scn.name)
    return _SUMMARIES[scn.name]


def _case_model(scn: Any) -> Model:
    """A case's run from its start: its scenario's knobs at `SIM_SEED`."""
    return Model(scn.params.copy(), seed=SIM_SEED)


def about_cases() -> list[Case]:
    """Cases retold by a scenario, then those only quoted by a story chapter.

    Only cases the published figures file has: without the file there are no
    cards (the file's one line said why), and the other tabs still work.
    """
    found = used_cases()
    ids = [c.id for c in found]
    try:
        # a damaged chapter is the story screen's to report; its cases are just not listed
        chapters = load_story(check_params=False, on_broken=lambda _line: None)
    except StoryError:
        chapters = []
    for ch in chapters:
        for cid in ch.cases:
            if cid not in ids and has_case(cid):  # the data file may be damaged or gone
                ids.append(cid)
                found.append(case(cid))
    return found


def format_figure(ui: UI, value: Any) -> str:
    """A published number as the language writes it: shares as %, tiny rates as 1 in N."""
    if isinstance(value, list):
        lo, hi = min(value), max(value)
        return ui.tr("figure.format.range", lo=format_figure(ui, lo), hi=format_figure(ui, hi))
    if isinstance(value, float) and 0 < value <= 0.01:
        return ui.tr("figure.format.one_in", n=ui.i18n.num(round(1 / value)))
    if isinstance(value, float) and 0 < value < 1:
        return format_percent(value, locale=ui.i18n.locale)  # "92 %" in French
    return str(fmt_value(ui.i18n, value))


def assumptions(ui: UI, scenario: Any) -> list[str]:
    """A scenario's assumptions in the current language (the file's words in English)."""
    out = []
    for i, text in enumerate(scenario.assumptions, start=1):
        key = f"scenario.{scenario.name}.assumption.{i}"
        if ui.i18n.lang != "en" and key in ui.i18n.strings:
            out.append(ui.tr(key))
        else:
            out.append(text)
    return out


def held_text(ui: UI, hours: float) -> str:
    """'held 30 hours' or 'held 10 days' (whole days from three days up, else hours)."""
    if hours >= 72 and hours % 24 == 0:
        time = ui.tr_n("arrests.days", round(hours / 24))
    else:
        time = ui.tr_n("arrests.hours", round(hours))
    return ui.tr("arrests.held", time=time)


class AboutDataScene(Scene):
    """Three tabs: case cards, the wrongful arrests, the model's simplifications."""

    def __init__(self, app: Any, case: str | None = None, tab: str = "cases") -> None:
        super().__init__(app)
        self.ui: UI = app.ui
        self.cases = about_cases()
        self.arrests: list[Arrest] = arrests()
        self.tab = tab if tab in TABS else "cases"
        ids = [c.id for c in self.cases]
        self.index = ids.index(case) if case in ids else 0
        self.scenarios = {s.name: s for s in app.scenarios()}
        w = 360
        x0 = 24
        self.tab_buttons: list[Widget] = [
            Button(
                pygame.Rect(x0 + i * (w + 12), 20, w, 64),
                lambda t=t: self.ui.tr(f"about.{t}"),
                lambda t=t: self.show(t),
                name=f"tab:{t}",
                on=lambda t=t: self.tab == t,
            )
            for i, t in enumerate(TABS)
        ]
        self.close = Button(
            pygame.Rect(L.W - 24 - 200, 20, 200, 64),
            lambda: self.ui.tr("about.close"),
            self.app.pop if len(app.scenes) else self.leave_to_title,
            name="close",
        )
        self.prev = Button(
            pygame.Rect(24, L.H - 96, 260, 76),
            lambda: self.ui.tr("about.previous"),
            lambda: self.step(-1),
            name="previous",
        )
        self.next = Button(
            pygame.Rect(L.W - 24 - 260, L.H - 96, 260, 76),
            lambda: self.ui.tr("about.next"),
            lambda: self.step(1),
            name="next",
        )
        self.pending: dict[str, Model] = {}
        self.focus = FocusRing([])
        self._ring()

    def _ring(self) -> None:
        widgets: list[Widget] = [*self.tab_buttons, self.close]
        if self.tab == "cases":
            widgets = [self.next, self.prev, *widgets]
        index = self.focus.index
        self.focus = FocusRing(widgets)
        self.focus.index = index if index is not None and index < len(widgets) else 0

    def show(self, tab: str) -> None:
        self.tab = tab
        self._ring()

    def step(self, d: int) -> None:
        if self.cases:
            self.index = (self.index + d) % len(self.cases)

    def leave_to_title(self) -> None:
        self.app.open("title", replace=True)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.close.action()
            return True
        if (
            self.tab == "cases"
            and event.type == pygame.KEYDOWN
            and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP)
        ):
            self.step(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        return self.focus.handle(event)

    # --- drawing --------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        surface.fill(th.ui("background"))
        body = pygame.Rect(24, 104, L.W - 48, L.H - 104 - 112)
        if self.tab == "cases":
            self._draw_case(surface, body)
        elif self.tab == "arrests":
            self._draw_arrests(surface, pygame.Rect(body.x, body.y, body.width, L.H - 130))
        else:
            self._draw_model(surface, pygame.Rect(body.x, body.y, body.width, L.H - 130))
        self.focus.draw(surface, ui)

    def _panel(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        th = self.ui.theme
        pygame.draw.rect(surface, th.ui("panel"), rect, 0, 12)
        pygame.draw.rect(surface, th.ui("panel_border"), rect, 2, 12)

    def _draw_case(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        """A case card: what happened and its figures left, its sources and retellings right."""
        ui, th = self.ui, self.ui.theme
        if not self.cases:
            return
        c = self.cases[self.index]
        left, right = self._columns(c, body)
        self._panel(surface, left)
        self._panel(surface, right)
        inner = left.inflate(-48, -40)
        y = self._draw_case_story(surface, c, inner)
        # The figures leave room below them for the simulation's own numbers.
        scn = self.calibrated(c)
        reserve = 0 if scn is None else 16 + 40 + 40 * len(scn.outcome)
        above = pygame.Rect(inner.x, inner.y, inner.width, max(0, inner.height - reserve))
        y = self._draw_figures(surface, c, above, y)
        self._draw_simulated(surface, c, pygame.Rect(inner.x, y + 16, inner.width, 0), inner.bottom)
        sources = right.inflate(-44, -40)
        self._draw_case_sources(surface, c, sources)
        # Why the run's figure is not the published one (issue 11): at the foot of the
        # sources, on the cards where it fits whole (the ACLU test's 22 against 28 has
        # room; the prison calls' right column is full, and its run gives 32 of 33).
        typical = self.typical_text(c)
        if typical:
            lines = ui.text.wrap(typical, "small", sources.width)
            h = ui.text.line_height("small") * len(lines)
            if h + 12 <= sources.height - self._sources_height(c, sources.width):
                foot = pygame.Rect(sources.x, sources.bottom - h, sources.width, h)
                ui.blit_wrapped(surface, typical, foot, "small", th.ui("text_dim"))
        ui.blit_text(
            surface,
            ui.tr("about.card", n=self.index + 1, total=len(self.cases)),
            (L.W // 2, L.H - 58),
            "large",
            th.ui("text_dim"),
            anchor="center",
        )

    def _columns(self, c: Case, body: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
        """The story's column and the sources' column, split where the sources fit.

        The story gets 11/20 of the width unless the right column's words
        (the prison-call card's assumptions, in French) need more room at full
        size: then it gives up a twentieth, or two.
        """
        for share in SPLITS:
            left = pygame.Rect(body.x, body.y, body.width * share // 20, body.height)
            right = pygame.Rect(left.right + 16, body.y, body.right - left.right - 16, body.height)
            if self._sources_height(c, right.inflate(-44, -40).width) <= right.height - 40:
                break
        return left, right

    def _sources_height(self, c: Case, width: int) -> int:
        """How tall the right column's words are at full size in a column `width` wide."""
        ui = self.ui
        small, body = ui.text.line_height("small"), ui.text.line_height("body")
        h = 38 + sum(len(ui.text.wrap("• " + s, "small", width)) * small + 6 for s in c.sources)
        scns = [self.scenarios[n] for n in c.scenarios if n in self.scenarios]
        if not scns:
            return h + 14 + body
        names = ", ".join(scenario_text(ui, s, "title") for s in scns)
        retold = len(ui.text.wrap(ui.tr("about.retold", names=names), "body", width, True))
        h += 14 + min(90, retold * ui.text.line_height("body", True)) + 16 + 38
        for text in assumptions(ui, scns[0]):
            h += len(ui.text.wrap("• " + text, "body", width)) * body + 8
        return h - 8

    def _draw_case_story(self, surface: pygame.Surface, c: Case, inner: pygame.Rect) -> int:
        """The case's title and what happened, in plain words; the y below them."""
        ui, th = self.ui, self.ui.theme
        used = ui.blit_wrapped(
            surface,
            ui.tr(f"case.{c.id}.title"),
            pygame.Rect(inner.x, inner.y, inner.width, 110),
            "title",
            th.ui("heading"),
            True,
        )
        y = inner.y + used + 14
        what = ui.tr(f"case.{c.id}.what")
        # As tall as its lines at full size (a French or German telling runs to a
        # seventh line); the figures below share what is left.
        lines = len(ui.text.wrap(what, "large", inner.width))
        tall = min(WHAT_MAX_H, max(250, lines * ui.text.line_height("large")))
        used = ui.blit_wrapped(
            surface, what, pygame.Rect(inner.x, y, inner.width, tall), "large", th.ui("text")
        )
        return y + used + 24

    def _draw_figures(self, surface: pygame.Surface, c: Case, inner: pygame.Rect, y: int) -> int:
        """The published figures, one a row, as many as fit; the y below them."""
        ui, th = self.ui, self.ui.theme
        if not c.figures:
            return y
        ui.blit_text(surface, ui.tr("about.published"), (inner.x, y), "label", th.ui("focus"), True)
        y += 40
        row = max(30, min(44, (inner.bottom - y) // max(1, len(c.figures))))
        for key, value in c.figures:
            v = ui.blit_text(
                surface,
                format_figure(ui, value),
                (inner.right, y),
                "large",
                th.ui("heading"),
                True,
                anchor="topright",
                max_width=inner.width // 3,
            )
            ui.blit_text(
                surface,
                ui.tr(f"figure.{key}"),
                (inner.x, y + 4),
                "body",
                th.ui("text"),
                max_width=inner.width - v.width - 20,
            )
            y += row
            if y > inner.bottom - row:
                break
        return y

    def _draw_case_sources(self, surface: pygame.Surface, c: Case, inner: pygame.Rect) -> None:
        """Right column: the sources, the scenarios that retell the case, their assumptions."""
        ui, th = self.ui, self.ui.theme
        y = inner.y
        ui.blit_text(surface, ui.tr("about.source"), (inner.x, y), "label", th.ui("focus"), True)
        y += 38
        for src in c.sources:
            y += (
                ui.blit_wrapped(
                    surface,
                    "• " + src,
                    pygame.Rect(inner.x, y, inner.width, 84),
                    "small",
                    th.ui("text_dim"),
                )
                + 6
            )
        y += 14
        scns = [self.scenarios[n] for n in c.scenarios if n in self.scenarios]
        if not scns:
            ui.blit_text(
                surface,
                ui.tr("about.not_retold"),
                (inner.x, y),
                "body",
                th.ui("text"),
                max_width=inner.width,
            )
            return
        names = ", ".join(scenario_text(ui, s, "title") for s in scns)
        y += (
            ui.blit_wrapped(
                surface,
                ui.tr("about.retold", names=names),
                pygame.Rect(inner.x, y, inner.width, 90),
                "body",
                th.ui("text"),
                True,
            )
            + 16
        )
        self._draw_assumptions(surface, scns[0], inner, y)

    def _draw_assumptions(
        self, surface: pygame.Surface, scenario: Any, inner: pygame.Rect, y: int
    ) -> None:
        """What the retelling scenario had to assume beyond the published figures."""
        ui, th = self.ui, self.ui.theme
        ui.blit_text(
            surface,
            ui.tr("about.assumes"),
            (inner.x, y),
            "label",
            th.ui("focus"),
            True,
            max_width=inner.width,
        )
        y += 38
        for text in assumptions(ui, scenario):
            if y > inner.bottom - 40:
                break
            y += (
                ui.blit_wrapped(
                    surface,
                    "• " + text,
                    pygame.Rect(inner.x, y, inner.width, inner.bottom - y),
                    "body",
                    th.ui("text"),
                )
                + 8
            )

    # --- the simulation beside the published outcome ---------------------------------
    @property
    def simulated(self) -> dict[str, dict[str, Any]]:
        """The totals of each finished case run (kept for the session: `_SUMMARIES`)."""
        return {name: summary["totals"] for name, summary in _SUMMARIES.items()}

    def typical_text(self, c: Case) -> str:
        """ "One run is one possible day ... most give lo to hi", once the case has run."""
        scn = self.calibrated(c)
        summary = None if scn is None else _SUMMARIES.get(scn.name)
        if summary is None:
            return ""
        expected = next((e for k in scn.outcome if (e := expected_of(summary, k))), None)
        if expected is None:
            return ""
        mean, lo, hi = typical_range(expected)
        num = self.ui.i18n.num
        return self.ui.tr("about.typical", mean=num(round(mean)), lo=num(lo), hi=num(hi))

    def calibrated(self, c: Case) -> Any:
        """The first scenario retelling the case that states a published outcome."""
        for name in c.scenarios:
            scn = self.scenarios.get(name)
            if scn is not None and scn.outcome:
                return scn
        return None

    def update(self, dt: float) -> None:
        """Run the shown case's scenario a slice per frame, so paging never freezes."""
        if self.tab != "cases" or not self.cases:
            return
        scn = self.calibrated(self.cases[self.index])
        if scn is None or scn.name in _SUMMARIES:
            return
        model = self.pending.get(scn.name)
        if model is None:
            model = _case_model(scn)
            self.pending[scn.name] = model
        step_until(model, float("inf"), deadline=time.perf_counter() + FRAME_BUDGET_S)
        if model.finished:
            _SUMMARIES[scn.name] = model.summary(scn.name)
            del self.pending[scn.name]

    def _draw_simulated(
        self, surface: pygame.Surface, c: Case, r: pygame.Rect, bottom: int
    ) -> None:
        ui, th = self.ui, self.ui.theme
        scn = self.calibrated(c)
        if scn is None or r.y + 80 > bottom:
            return
        title = ui.tr("about.simulated", seed=SIM_SEED)
        ui.blit_text(surface, title, r.topleft, "label", th.ui("focus"), True, max_width=r.width)
        y = r.y + 40
        summary = _SUMMARIES.get(scn.name)
        if summary is None:
            ui.blit_text(surface, ui.tr("about.simulating"), (r.x, y), "body", th.ui("text_dim"))
            return
        totals = summary["totals"]
        for key, published in scn.outcome.items():
            if key not in totals or y + 36 > bottom:
                continue
            v = ui.blit_text(
                surface,
                ui.i18n.num(totals[key]),
                (r.right, y),
                "large",
                th.ui("heading"),
                True,
                anchor="topright",
                max_width=r.width // 3,
            )
            label = f"{ui.tr(f'figure.{key}')} ({ui.tr('about.published_value', n=published)})"
            ui.blit_text(
                surface,
                label,
                (r.x, y + 4),
                "body",
                th.ui("text"),
                max_width=r.width - v.width - 20,
            )
            y += 40

    def _draw_arrests(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        ui, th = self.ui, self.ui.theme
        self._panel(surface, body)
        inner = body.inflate(-56, -44)
        used = ui.blit_wrapped(
            surface,
            ui.tr("arrests.title"),
            pygame.Rect(inner.x, inner.y, inner.width, 60),
            "title",
            th.ui("heading"),
            True,
        )
        y = inner.y + used + 8
        y += (
            ui.blit_wrapped(
                surface,
                ui.tr("arrests.intro"),
                pygame.Rect(inner.x, y, inner.width, 80),
                "large",
                th.ui("text"),
            )
            + 24
        )
        top = max([1.0] + [a.held_hours for a in self.arrests])
        # Room right of the bars for the longest "30 Stunden in Haft" at full size.
        held_w = max(
            [280]
            + [ui.text.width(held_text(ui, a.held_hours), "large", True) for a in self.arrests]
        )
        n = max(1, len(self.arrests))
        row = min(120, (inner.bottom - 50 - y) // n)
        name_w = 520
        for a in self.arrests:
            ui.blit_text(
                surface, a.name, (inner.x, y), "large", th.ui("heading"), True, max_width=name_w
            )
            place = f"{a.place}, {a.year}"
            ui.blit_text(
                surface, place, (inner.x, y + 38), "body", th.ui("text_dim"), max_width=name_w
            )
            bar = pygame.Rect(inner.x + name_w + 20, y + 6, 0, 34)
            full = inner.width - name_w - 20 - held_w - 20
            bar.width = max(6, round(full * a.held_hours / top))
            pygame.draw.rect(surface, th.color("states", "detained"), bar, 0, 6)
            pygame.draw.rect(surface, (255, 255, 255), bar, 2, 6)
            ui.blit_text(
                surface,
                held_text(ui, a.held_hours),
                (bar.right + 16, bar.centery),
                "large",
                th.ui("heading"),
                True,
                anchor="midleft",
                max_width=held_w,
            )
            note_key = f"arrests.note.{a.slug}"
            if a.note and ui.i18n.has(note_key):
                ui.blit_text(
                    surface,
                    ui.tr(note_key),
                    (bar.x, bar.bottom + 6),
                    "body",
                    th.ui("text"),
                    max_width=full + held_w,
                )
            y += row
        ui.blit_text(
            surface,
            ui.tr("arrests.source"),
            (inner.x, inner.bottom - 28),
            "small",
            th.ui("text_dim"),
            max_width=inner.width,
        )

    def _draw_model(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        ui, th = self.ui, self.ui.theme
        self._panel(surface, body)
        inner = body.inflate(-64, -48)
        used = ui.blit_wrapped(
            surface,
            ui.tr("about.model"),
            pygame.Rect(inner.x, inner.y, inner.width, 60),
            "title",
            th.ui("heading"),
            True,
        )
        y = inner.y + used + 24
        i = 1
        while ui.i18n.has(f"about.simplify.{i}"):
            y += (
                ui.blit_wrapped(
                    surface,
                    "• " + ui.tr(f"about.simplify.{i}"),
                    pygame.Rect(inner.x, y, inner.width, 130),
                    "large",
                    th.ui("text"),
                )
                + 22
            )
            i += 1


register_scene("about", lambda app, **kw: AboutDataScene(app, **kw))
register_scene("cases", lambda app, **kw: AboutDataScene(app, tab="arrests", **kw))
