"""Story mode on screen: eight chapters, each predict -> run -> explain.

The decisions (which chapter, which phase, what was answered, what the runs
measured, which explanation follows) are made by `sim.story.flow.StoryFlow`,
which is pure and tested headless; this scene only lays them out and turns
clicks, taps and keys into calls on it. Chapter dots jump anywhere; Back and
Skip work in every phase; the museum's short path is `StoryScene(app,
short=True)` (registered as `app.open("story", short=True)`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pygame

from sim.errors import UsageError
from sim.game import layout as L
from sim.game.city_view import CityView, draw_state_legend
from sim.game.scenes import about_data  # noqa: F401  (registers "about" and "cases")
from sim.game.scenes.base import Scene, register_scene
from sim.game.scenes.story_views import WIDE_VIEWS, ViewContext, draw_view
from sim.game.widgets import Button, Choice, FocusRing, Slider, Widget
from sim.model.params import spec_for
from sim.notices import warn_once
from sim.story.chapters import Chapter, StoryError, load_story
from sim.story.explain import fill_values, fmt_value
from sim.story.flow import StoryFlow
from sim.story.glossary import Word, new_words, words
from sim.text.ui import UI

TOP_H = 100
LEFT = pygame.Rect(24, 112, 960, 884)
RIGHT = pygame.Rect(1008, 112, 888, 884)
NOTE = pygame.Rect(24, 1004, 1872, 70)
PLAY_TOP = RIGHT.y + 100  # the challenge: goal above, knobs and score below
REFRESH_S = 0.2  # numbers on screen are re-read from the runs this often
MAX_DRAWN = 24_000  # people drawn in the story's city panel (a fixed sample above that)


class OptionButton(Button):
    """A multiple-choice answer: wrapped words, a letter, and a ring that fills when chosen."""

    def __init__(self, rect: pygame.Rect, letter: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(rect, *args, **kwargs)
        self.letter = letter

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        on = self.on is not None and self.on()
        color = th.ui("button_on") if on else th.ui("button_hover" if self.hover else "button")
        pygame.draw.rect(surf, color, self.rect, 0, 12)
        pygame.draw.rect(surf, th.ui("focus") if on else th.ui("panel_border"), self.rect, 3, 12)
        cx, cy = self.rect.x + 40, self.rect.centery
        pygame.draw.circle(surf, th.ui("text"), (cx, cy), 22, 0 if on else 3)
        ui.blit_text(
            surf,
            self.letter,
            (cx, cy),
            "label",
            th.ui("button_on") if on else th.ui("text"),
            True,
            anchor="center",
        )
        box = pygame.Rect(self.rect.x + 80, self.rect.y + 8, self.rect.width - 96, 0)
        box.height = self.rect.height - 16
        lines = ui.text.wrap(self.label(), "large", box.width)
        used = len(lines) * ui.text.line_height("large")
        if used < box.height:
            box.y += (box.height - used) // 2
            box.height = used + 2
        ui.blit_wrapped(surf, self.label(), box, "large", th.ui("heading"))
        self._draw_focus(surf, ui, focused)


class Dot(Button):
    """A chapter dot: hollow (not seen), solid (seen), ringed (here); a number inside."""

    def __init__(
        self,
        rect: pygame.Rect,
        number: int,
        action: Callable[[], None],
        state: Callable[[], str],
    ) -> None:
        super().__init__(rect, lambda: str(number), action, name=f"dot:{number}")
        self.number = number
        self.state = state

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        state = self.state()
        c = self.rect.center
        if state == "here":
            pygame.draw.circle(surf, th.ui("focus"), c, 24)
            color = th.ui("background")
        elif state == "seen":
            pygame.draw.circle(surf, th.ui("fill"), c, 20)
            color = th.ui("background")
        else:
            pygame.draw.circle(surf, th.ui("text_dim"), c, 20, 3)
            color = th.ui("text")
        ui.blit_text(surf, str(self.number), c, "label", color, True, anchor="center")
        self._draw_focus(surf, ui, focused)


class StoryScene(Scene):
    """The story: chapter dots, the question, the running city, the explanation."""

    def __init__(
        self,
        app: Any,
        chapter: int | None = None,
        short: bool = False,
        on_finish: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(app)
        self.ui: UI = app.ui
        self.on_finish = on_finish
        self.error = ""
        try:
            chapters = load_story(on_broken=lambda line: warn_once(f"chapter:{line}", line))
        except StoryError as exc:  # a broken chapter file must not end the exhibit
            warn_once("story-broken", f"the story cannot be shown: {exc}")
            self.error = str(exc)
            chapters = []
        if chapter is not None and chapters and not 1 <= chapter <= len(chapters):
            raise UsageError(f"--chapter must be 1 to {len(chapters)}, not {chapter}")
        self.flow: StoryFlow | None = (
            StoryFlow(chapters, self.ui.i18n, short=short, chapter=chapter) if chapters else None
        )
        self.cities: dict[str, CityView] = {}
        self.values: dict[str, Any] = {}
        self.measured: dict[str, Any] = {}
        self.since = REFRESH_S
        self.view_cache: dict[str, Any] = {}
        self.view_surface: pygame.Surface | None = None
        self.view_key: tuple[Any, ...] = ()
        self.refreshes = 0
        self.built_for: tuple[Any, ...] = ()
        self.widgets: list[Widget] = []
        self.top_widgets = self._top_bar()
        self.focus = FocusRing(self.top_widgets)
        self.last_result: Any = None
        self.rebuild()

    # --- convenience -----------------------------------------------------------------
    @property
    def chapter(self) -> Chapter | None:
        return self.flow.chapter if self.flow is not None else None

    def tr(self, key: str, **fmt: Any) -> str:
        return self.ui.tr(key, **{**self.values, **fmt})

    def wide(self) -> bool:
        ch = self.chapter
        return ch is not None and (ch.view.kind in WIDE_VIEWS or not any(r.city for r in ch.runs))

    # --- widgets ---------------------------------------------------------------------
    def _top_bar(self) -> list[Widget]:
        widgets: list[Widget] = []
        flow = self.flow
        if flow is not None:
            for i, ch in enumerate(flow.path):
                rect = pygame.Rect(24 + i * 60, 44, 52, 52)
                widgets.append(
                    Dot(rect, i + 1, lambda i=i: self.jump(i), lambda i=i, ch=ch: self._dot(i, ch))
                )
        y, h = 22, 60
        specs = (("back", 150, self.back), ("skip", 150, self.skip), ("menu", 160, self.menu))
        x = L.W - 24 - sum(w for _n, w, _a in specs) - 12 * (len(specs) - 1)
        for name, w, action in specs:
            widgets.append(
                Button(
                    pygame.Rect(x, y, w, h),
                    lambda name=name: self.ui.tr(f"story.ui.{name}"),
                    action,
                    name=name,
                )
            )
            x += w + 12
        return widgets

    def _dot(self, i: int, ch: Chapter) -> str:
        flow = self.flow
        if flow is None:
            return "new"
        if i == flow.index and not flow.finished:
            return "here"
        return "seen" if ch.id in flow.visited else "new"

    def rebuild(self) -> None:
        """Lay out the widgets of the current phase (called when the phase changes)."""
        flow = self.flow
        key = None if flow is None else (flow.index, flow.phase, flow.finished, self.ui.i18n.lang)
        if key == self.built_for:
            return
        self.built_for = key
        self.widgets = []
        self.view_cache = {}
        self.refresh_values()
        if flow is None:
            pass
        elif flow.finished:
            self.widgets = self._end_widgets()
        elif flow.phase == "ask":
            self.widgets = self._ask_widgets()
        elif flow.phase == "run":
            self.widgets = self._run_widgets()
        elif flow.phase == "explain":
            self.widgets = self._explain_widgets()
        elif flow.phase == "play":
            self.widgets = self._play_widgets()
        old = self.focus.index
        self.focus = FocusRing([*self.widgets, *self.top_widgets])
        self.focus.index = 0 if self.widgets else old
        self.bind_cities()

    def _ask_widgets(self) -> list[Widget]:
        flow = self.flow
        assert flow is not None
        q = flow.chapter.question
        out: list[Widget] = []
        run_rect = pygame.Rect(RIGHT.right - 420, RIGHT.bottom - 100, 420, 96)
        if q.kind == "choice":
            n = len(q.options)
            h = min(150, (RIGHT.height - 150) // n - 16)
            for i, opt in enumerate(q.options):
                rect = pygame.Rect(RIGHT.x, RIGHT.y + i * (h + 16), RIGHT.width, h)
                out.append(
                    OptionButton(
                        rect,
                        "ABCDEFG"[i],
                        lambda opt=opt: self.tr(flow.chapter.key(f"option.{opt}")),
                        lambda opt=opt: flow.set_answer(opt),
                        name=f"option:{opt}",
                        on=lambda opt=opt: flow.answer == opt,
                    )
                )
        else:
            rect = pygame.Rect(RIGHT.x + 20, RIGHT.y + 330, RIGHT.width - 40, 120)
            slider = Slider(
                rect,
                lambda: self.ui.tr("story.ui.slide"),
                lambda: float(flow.answer if flow.answer is not None else q.start),
                flow.set_answer,
                q.lo,
                q.hi,
                scale=q.scale,
                integer=q.integer,
                fmt=lambda v: "",
                name="guess",
                steps=100 if q.scale == "lin" else 60,
            )
            out.append(slider)
        run = Button(
            run_rect, lambda: self.ui.tr("story.ui.run"), self.run, name="run", size="title"
        )
        out.append(run)
        return out

    def _run_widgets(self) -> list[Widget]:
        rect = pygame.Rect(RIGHT.right - 460, RIGHT.bottom - 90, 460, 86)
        return [Button(rect, lambda: self.ui.tr("story.ui.show_now"), self.show_now, name="show")]

    def _explain_widgets(self) -> list[Widget]:
        flow = self.flow
        assert flow is not None
        ch = flow.chapter
        y = RIGHT.bottom - 90
        out: list[Widget] = []
        specs: list[tuple[str, str, Callable[[], None]]] = [("again", "story.ui.again", self.again)]
        if ch.cases:
            specs.append(("case", "story.ui.case", self.open_case))
        if ch.challenge is not None:
            specs.append(("next", "story.ui.play", self.play))
        else:
            specs.append(("next", "story.ui.next", self.next))
        w = (RIGHT.width - 16 * (len(specs) - 1)) // len(specs)
        for i, (name, key, action) in enumerate(specs):
            rect = pygame.Rect(RIGHT.x + i * (w + 16), y, w, 86)
            out.append(Button(rect, lambda key=key: self.ui.tr(key), action, name=name))
        out.insert(0, out.pop())  # Enter goes on
        return out

    def _play_widgets(self) -> list[Widget]:
        flow = self.flow
        assert flow is not None and flow.game is not None
        game = flow.game
        spec = game.spec
        out: list[Widget] = []
        col_w = (RIGHT.width - 24) // 2
        tech = [k for k in spec.knobs if k in spec.technology]
        policy = [k for k in spec.knobs if k not in spec.technology]
        top = PLAY_TOP
        for c, keys in enumerate((tech, policy)):
            for r, key in enumerate(keys):
                rect = pygame.Rect(RIGHT.x + c * (col_w + 24), top + 36 + r * 96, col_w, 90)
                out.append(self._knob(rect, key))
        bw = (RIGHT.width - 32) // 3
        by = top + 36 + 3 * 96 + 8
        out.append(
            Button(
                pygame.Rect(RIGHT.x, by, bw, 80),
                lambda: self.ui.tr("story.challenge.run_day"),
                self.run_day,
                name="run_day",
                size="title",
            )
        )
        out.append(
            Button(
                pygame.Rect(RIGHT.x + bw + 16, by, bw, 80),
                lambda: self.ui.tr("story.challenge.reset"),
                self.reset_knobs,
                name="reset_knobs",
            )
        )
        out.append(
            Button(
                pygame.Rect(RIGHT.x + 2 * (bw + 16), by, bw, 80),
                lambda: self.ui.tr("story.ui.finish"),
                self.next,
                name="finish",
            )
        )
        return out

    def _knob(self, rect: pygame.Rect, key: str) -> Widget:
        """A slider or choice for one challenge knob, labelled like the sandbox's."""
        flow = self.flow
        assert flow is not None and flow.game is not None
        game = flow.game
        spec = spec_for(key)
        label_key = {
            "watchlist_size": "control.watchlist_size",
            "automation_bias": "control.automation_bias",
        }.get(key, f"control.{key}")
        label = lambda: self.ui.tr(label_key)  # noqa: E731
        if spec.kind == "choice":
            return Choice(
                rect,
                label,
                lambda: spec.choices,
                lambda: game.get(key),
                lambda v: game.set(key, v),
                lambda v: self.ui.tr(f"choice.{key}.{v}"),
                name=f"knob:{key}",
            )
        lo, hi = float(spec.lo or 0), float(spec.hi or 1)
        scale, integer, fmt = "lin", spec.kind == "int", self._fmt_knob(key)
        if key == "threshold":
            lo = 50.0
        elif key == "watchlist_size":
            lo, hi, scale = 10.0, hi, "log"
        elif key == "cameras":
            hi, scale = 1000.0, "log1p"
        elif key == "reviewers":
            hi = 40.0
        return Slider(
            rect,
            label,
            lambda: float(game.get(key)),
            lambda v: game.set(key, int(round(v)) if integer else round(v, 2)),
            lo,
            hi,
            scale=scale,
            integer=integer,
            fmt=fmt,
            name=f"knob:{key}",
            steps=100 if key == "threshold" else 50,
        )

    def _fmt_knob(self, key: str) -> Callable[[float], str]:
        i18n = self.ui.i18n
        if key == "threshold":
            return lambda v: self.ui.tr("value.similarity", v=i18n.num(v, 1 if v % 1 else 0))
        if key == "automation_bias":
            return lambda v: i18n.percent(v)
        if key == "watchlist_size":
            return lambda v: i18n.compact(v)
        return lambda v: i18n.num(v)

    def _end_widgets(self) -> list[Widget]:
        y = 700
        return [
            Button(
                pygame.Rect(L.W // 2 - 460, y, 440, 96),
                lambda: self.ui.tr("story.ui.to_sandbox"),
                self.to_sandbox,
                name="to_sandbox",
                size="title",
            ),
            Button(
                pygame.Rect(L.W // 2 + 20, y, 440, 96),
                lambda: self.ui.tr("story.ui.to_title"),
                self.menu,
                name="to_title",
                size="title",
            ),
        ]

    # --- actions -----------------------------------------------------------------------
    def jump(self, i: int) -> None:
        if self.flow is not None:
            self.flow.jump(i)
            self.rebuild()

    def back(self) -> None:
        if self.flow is None:
            self.menu()
            return
        self.flow.back()
        if self.flow.left:
            self.menu()
            return
        self.rebuild()

    def skip(self) -> None:
        if self.flow is not None:
            self.flow.skip()
            self._after_move()

    next = skip

    def _after_move(self) -> None:
        flow = self.flow
        if flow is not None and flow.finished and self.on_finish is not None:
            self.on_finish()
            return
        self.rebuild()

    def menu(self) -> None:
        self.app.open("title", replace=True)

    def to_sandbox(self) -> None:
        self.app.open("sandbox", replace=True)

    def run(self) -> None:
        if self.flow is not None and self.flow.can_run():
            self.flow.run()
            self.rebuild()

    def show_now(self) -> None:
        if self.flow is not None:
            self.flow.finish_run()
            self.rebuild()

    def again(self) -> None:
        if self.flow is not None:
            self.flow.again()
            self.rebuild()

    def open_case(self) -> None:
        ch = self.chapter
        if ch is not None and ch.cases:
            self.app.open("about", case=ch.cases[0])

    def play(self) -> None:
        if self.flow is not None:
            self.flow.play()
            self.rebuild()

    def run_day(self) -> None:
        flow = self.flow
        if flow is None or flow.game is None or flow.game.model is not None:
            return
        model = flow.game.start_day()
        self.bind_play_city(model)

    def reset_knobs(self) -> None:
        flow = self.flow
        if flow is not None and flow.game is not None and flow.game.model is None:
            flow.game.reset_knobs()

    # --- cities --------------------------------------------------------------------------
    def bind_cities(self) -> None:
        """Attach a city view to each model shown in the left panel."""
        flow = self.flow
        self.cities = {}
        if flow is None or flow.runner is None or self.wide():
            return
        shown = flow.runner.city_models()
        if not shown:
            return
        gap = 10
        h = (LEFT.height - gap * (len(shown) - 1)) // len(shown)
        for i, (name, model) in enumerate(shown):
            rect = pygame.Rect(LEFT.x, LEFT.y + i * (h + gap) + 44, LEFT.width, h - 44)
            self.cities[name] = self._city_view(rect, model, MAX_DRAWN // len(shown))

    def _city_view(self, rect: pygame.Rect, model: Any, most: int) -> CityView:
        """A city view drawing at most `most` people (a fixed sample; the screen says so).

        The story draws smaller maps than the sandbox, and up to two at once;
        a sample keeps a frame near 16 ms on a two-core laptop while flagged,
        stopped and found people are always drawn.
        """
        view = CityView(rect, self.ui)
        view.bind(model)
        if view.sample.size > most:
            rng = np.random.default_rng(2024)
            view.sample = np.sort(rng.choice(view.sample, most, replace=False))
        return view

    def bind_play_city(self, model: Any) -> None:
        rect = pygame.Rect(LEFT.x, LEFT.y + 44, LEFT.width, LEFT.height - 44)
        view = self._city_view(rect, model, MAX_DRAWN)
        self.cities = {"play": view}

    # --- the scene protocol ---------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if not self.app.options.kiosk:
                self.menu()
            return True
        return self.focus.handle(event)

    def update(self, dt: float) -> None:
        flow = self.flow
        if flow is None:
            return
        for w in self.widgets:  # Run waits for an answer; a new day for the last to end
            if w.name == "run":
                w.enabled = flow.can_run()
            elif w.name in ("run_day", "reset_knobs"):
                w.enabled = flow.game is not None and flow.game.model is None
        if flow.phase == "ask":
            flow.update(dt)  # counts ahead what the question needs, a slice a frame
        if flow.phase == "run":
            before = flow.runner.stage_i if flow.runner is not None else 0
            flow.update(dt)
            if flow.runner is not None and flow.runner.stage_i != before and not flow.runner.done:
                self.bind_cities()
        elif flow.phase == "play" and flow.game is not None and flow.game.model is not None:
            result = flow.game.advance(dt)
            if result is not None:
                self.last_result = result
        self.since += dt
        if self.since >= REFRESH_S:
            self.refresh_values()
        self.rebuild()  # only does work when the phase, chapter or language changed

    def refresh_values(self) -> None:
        """Re-read the measured numbers and the texts' placeholders."""
        self.since = 0.0
        self.refreshes += 1
        flow = self.flow
        if flow is None:
            return
        self.measured = flow.measured()
        self.values = fill_values(flow.chapter, flow.answer, self.measured, self.ui.i18n)

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        surface.fill(th.ui("background"))
        flow = self.flow
        if flow is None:
            ui.blit_wrapped(surface, self.error, pygame.Rect(100, 300, 1720, 400), "large")
            self.focus.draw(surface, ui)
            return
        self._draw_top(surface)
        if flow.finished:
            self._draw_end(surface)
        elif flow.phase == "ask":
            self._draw_ask(surface)
        elif flow.phase in ("run", "explain"):
            self._draw_run(surface)
        elif flow.phase == "play":
            self._draw_play(surface)
        self.focus.draw(surface, ui)

    def _draw_top(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None
        ui.blit_text(
            surface,
            ui.tr("story.ui.chapter", n=flow.index + 1, total=len(flow.path)),
            (24, 6),
            "body",
            th.ui("text_dim"),
            max_width=480,
        )
        x0 = 24 + len(flow.path) * 60 + 20
        back_x = min(w.rect.x for w in self.top_widgets if w.name in ("back", "skip", "menu"))
        if not flow.finished:
            ui.blit_text(
                surface,
                ui.tr(flow.chapter.key("title")),
                (x0, 52),
                "title",
                th.ui("heading"),
                True,
                anchor="midleft",
                max_width=back_x - x0 - 40,
            )

    def _panel(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        th = self.ui.theme
        pygame.draw.rect(surface, th.ui("panel"), rect, 0, 12)
        pygame.draw.rect(surface, th.ui("panel_border"), rect, 2, 12)

    def _draw_ask(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None
        ch = flow.chapter
        self._panel(surface, LEFT)
        inner = LEFT.inflate(-56, -56)
        intro = pygame.Rect(inner.x, inner.y, inner.width, inner.height - 300)
        used = ui.blit_wrapped(surface, self.tr(ch.key("intro")), intro, 34, th.ui("text"))
        q_rect = pygame.Rect(inner.x, inner.y + used + 60, inner.width, 0)
        q_rect.height = inner.bottom - q_rect.y
        pygame.draw.line(
            surface, th.ui("focus"), (q_rect.x, q_rect.y - 24), (q_rect.x + 120, q_rect.y - 24), 5
        )
        q_used = ui.blit_wrapped(
            surface, self.tr(ch.key("question")), q_rect, 44, th.ui("heading"), True
        )
        if ch.question.ahead:
            ahead = (
                self.tr(
                    ch.key("ahead"),
                    **{k: fmt_value(ui.i18n, v) for k, v in flow.ahead_values.items()},
                )
                if flow.ahead_values
                else ui.tr("story.ui.counting")
            )
            q_used += 16 + ui.blit_wrapped(
                surface,
                ahead,
                pygame.Rect(q_rect.x, q_rect.y + q_used + 16, q_rect.width, 120),
                34,
                th.ui("focus"),
            )
        w_rect = pygame.Rect(inner.x, q_rect.y + q_used + 36, inner.width, 0)
        w_rect.height = inner.bottom - w_rect.y
        self._draw_words(surface, w_rect, self.screen_words()[0])
        q = ch.question
        if q.kind == "slider":
            value = flow.answer if flow.answer is not None else q.start
            text = str(fmt_value(ui.i18n, int(value) if q.integer else value))
            ui.blit_text(
                surface,
                ui.tr("story.ui.your_guess", guess=""),
                (RIGHT.centerx, RIGHT.y + 40),
                "title",
                th.ui("text_dim"),
                anchor="midtop",
                max_width=RIGHT.width,
            )
            ui.blit_text(
                surface,
                text,
                (RIGHT.centerx, RIGHT.y + 110),
                160,
                th.ui("focus"),
                True,
                anchor="midtop",
                max_width=RIGHT.width,
            )
            slider = next(w for w in self.widgets if isinstance(w, Slider))
            track = slider.track
            for v, anchor in ((q.lo, "topleft"), (q.hi, "topright")):
                ui.blit_text(
                    surface,
                    ui.i18n.num(v),
                    (track.x if anchor == "topleft" else track.right, track.bottom + 34),
                    "label",
                    th.ui("text_dim"),
                    anchor=anchor,
                )
        hint = "story.ui.pick_one" if q.kind == "choice" else "story.ui.slide"
        if q.kind == "choice":
            ui.blit_wrapped(
                surface,
                ui.tr(hint),
                pygame.Rect(RIGHT.x, RIGHT.bottom - 96, RIGHT.width - 440, 90),
                "label",
                th.ui("text_dim"),
            )

    def _ctx(self) -> ViewContext:
        flow = self.flow
        assert flow is not None
        return ViewContext(
            ui=self.ui,
            chapter=flow.chapter,
            runner=flow.runner,
            measured=self.measured,
            values=self.values,
            answer=flow.answer,
            done=flow.phase != "run",
            cache=self.view_cache,
        )

    def _draw_run(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None
        ch = flow.chapter
        ctx = self._ctx()
        explaining = flow.phase == "explain"
        if self.wide():
            self._view(surface, LEFT, ctx)
            side = RIGHT
            if not explaining:
                self._draw_recap(surface, pygame.Rect(side.x, side.y, side.width, 400))
        else:
            self._draw_cities(surface)
            view_h = 400 if explaining else RIGHT.height - 120
            self._view(surface, pygame.Rect(RIGHT.x, RIGHT.y, RIGHT.width, view_h), ctx)
            side = pygame.Rect(RIGHT.x, RIGHT.y + view_h + 16, RIGHT.width, 0)
            side.height = RIGHT.bottom - side.y
        if explaining:
            box = pygame.Rect(side.x, side.y, side.width, side.bottom - side.y - 104)
            if self.wide():
                self._draw_recap(surface, pygame.Rect(box.x, box.y, box.width, 180))
                box = pygame.Rect(box.x, box.y + 196, box.width, box.height - 196)
            self._draw_explanation(surface, box)
            note = self.ui.tr(
                "story.ui.simplifies", text=self.ui.tr(ch.key("simplifies"), **self.values)
            )
            ui.blit_wrapped(surface, note, NOTE, "body", th.ui("text_dim"))
        else:
            runner = flow.runner
            progress = runner.progress if runner is not None else 0.0
            bar = pygame.Rect(NOTE.x, NOTE.y + 20, NOTE.width - 520, 26)
            pygame.draw.rect(surface, th.ui("track"), bar, 0, 8)
            pygame.draw.rect(
                surface,
                th.ui("fill"),
                (bar.x, bar.y, round(bar.width * progress), bar.height),
                0,
                8,
            )
            ui.blit_text(
                surface,
                ui.tr("story.ui.running"),
                (bar.right + 20, bar.centery),
                "label",
                th.ui("text"),
                anchor="midleft",
                max_width=480,
            )

    def _view(self, surface: pygame.Surface, rect: pygame.Rect, ctx: ViewContext) -> None:
        """The chapter's view, redrawn only when its numbers are re-read (a few times a second)."""
        key = (rect.size, self.refreshes, ctx.done, self.ui.i18n.lang)
        if self.view_key != key or self.view_surface is None:
            if self.view_surface is None or self.view_surface.get_size() != rect.size:
                self.view_surface = pygame.Surface(rect.size)
            self.view_surface.fill(self.ui.theme.ui("background"))
            draw_view(self.view_surface, self.view_surface.get_rect(), ctx)
            self.view_key = key
        surface.blit(self.view_surface, rect)

    def _draw_recap(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The question and the player's answer, kept in view while the runs answer."""
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None
        ch = flow.chapter
        used = ui.blit_wrapped(
            surface,
            self.tr(ch.key("question")),
            pygame.Rect(rect.x, rect.y, rect.width, rect.height // 2),
            "large",
            th.ui("heading"),
            True,
        )
        if ch.question.kind == "choice":
            text = ui.tr("story.ui.your_answer", choice=self.values.get("choice", ""))
        else:
            text = ui.tr("story.ui.your_guess", guess=self.values.get("guess", ""))
        ui.blit_wrapped(
            surface,
            text,
            pygame.Rect(rect.x, rect.y + used + 12, rect.width, rect.height - used - 12),
            "large",
            th.ui("focus"),
            True,
        )

    def screen_texts(self) -> list[str]:
        """What the chapter's two screens say: the question screen, then the explanation."""
        flow = self.flow
        assert flow is not None
        ch = flow.chapter
        ask = [self.tr(ch.key("intro")), self.tr(ch.key("question"))]
        if ch.question.kind == "choice":
            ask += [self.tr(ch.key(f"option.{o}")) for o in ch.question.options]
        explanation = flow.explanation()
        told = [explanation.text] if explanation is not None else []
        told.append(self.tr(ch.key("simplifies")))
        return [" ".join(ask), " ".join(told)]

    def screen_words(self) -> list[list[Word]]:
        """The glossary words each screen explains (the first screen of the chapter to use one)."""
        glossary = words(self.ui.i18n.strings)
        return new_words(self.screen_texts(), glossary)

    def _draw_words(
        self, surface: pygame.Surface, rect: pygame.Rect, fresh: list[Word], px: int = 26
    ) -> int:
        """'New words': each hard word of this screen with its one-line meaning."""
        if not fresh or rect.height < 40:
            return 0
        ui, th = self.ui, self.ui.theme
        lines = [ui.tr("story.ui.words")] + [f"{w.label}: {w.means}" for w in fresh]
        while px > 16:
            height = sum(
                len(ui.text.wrap(line, px, rect.width, i == 0)) * ui.text.line_height(px, i == 0)
                for i, line in enumerate(lines)
            )
            if height <= rect.height:
                break
            px -= 2
        y = rect.y
        for i, line in enumerate(lines):
            y += ui.blit_wrapped(
                surface,
                line,
                pygame.Rect(rect.x, y, rect.width, rect.bottom - y),
                px,
                th.ui("focus") if i == 0 else th.ui("text_dim"),
                i == 0,
            )
        return y - rect.y

    def _draw_explanation(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None
        explanation = flow.explanation()
        if explanation is None:
            return
        self._panel(surface, box)
        mark = th.ui("focus") if explanation.outcome in ("close", "right") else th.ui("warning")
        pygame.draw.rect(surface, mark, (box.x, box.y, 10, box.height), 0, 6)
        inner = box.inflate(-48, -36)
        inner.x += 6
        first, *rest = explanation.sentences
        rest_text = " ".join(rest)
        fresh = self.screen_words()[1]
        word_lines = [ui.tr("story.ui.words")] + [f"{w.label}: {w.means}" for w in fresh]
        # Give each part the room its words need, the new words a step smaller.
        px = 32
        while True:
            wpx = max(16, px - 6)
            h1 = len(ui.text.wrap(first, px, inner.width, True)) * ui.text.line_height(px, True)
            h2 = len(ui.text.wrap(rest_text, px, inner.width)) * ui.text.line_height(px)
            w_room = (
                sum(
                    len(ui.text.wrap(line, wpx, inner.width, i == 0))
                    * ui.text.line_height(wpx, i == 0)
                    for i, line in enumerate(word_lines)
                )
                + 12
                if fresh
                else 0
            )
            if h1 + h2 + 14 + w_room <= inner.height or px <= 18:
                break
            px -= 2
        used = ui.blit_wrapped(
            surface,
            first,
            pygame.Rect(inner.x, inner.y, inner.width, max(h1, inner.height - h2 - 14)),
            px,
            th.ui("heading"),
            True,
        )
        used += 14 + ui.blit_wrapped(
            surface,
            rest_text,
            pygame.Rect(
                inner.x, inner.y + used + 14, inner.width, inner.height - used - 14 - w_room
            ),
            px,
            th.ui("text"),
        )
        w_rect = pygame.Rect(inner.x, inner.y + used + 12, inner.width, 0)
        w_rect.height = inner.bottom - w_rect.y
        self._draw_words(surface, w_rect, fresh, wpx)

    def _draw_cities(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None
        ch = flow.chapter
        for name, view in self.cities.items():
            model = view.model
            area = view.area
            label = self.tr(ch.key(f"run.{name.split('@', 1)[0]}"))
            t = float(model.t)  # type: ignore[attr-defined]
            day, hh, mm = clock_parts(t)
            clock = ui.tr("story.ui.clock", day=day, hh=f"{hh:02d}", mm=f"{mm:02d}")
            cw = ui.blit_text(
                surface,
                clock,
                (area.right, area.y - 6),
                "large",
                th.ui("heading"),
                True,
                anchor="bottomright",
            )
            ui.blit_text(
                surface,
                label,
                (area.x, area.y - 6),
                "large",
                th.ui("heading"),
                True,
                anchor="bottomleft",
                max_width=area.width - cw.width - 30,
            )
            view.draw(surface, t)
            self._draw_legend(surface, view)
            self._sampled_note(surface, view)

    def _draw_legend(self, surface: pygame.Surface, view: CityView) -> None:
        """What each mark on the map means, in the band above the map (where it fits).

        The same tokens as the map (and the sandbox's legend), each with its
        word, so no mark is told by colour alone.
        """
        ui = self.ui
        band = view.map_rect.y
        if band < 30:
            band = view.area.height - view.map_rect.bottom
            if band < 30:
                return
            rect = pygame.Rect(view.area.x, view.area.bottom - band, view.area.width, band)
        else:
            rect = pygame.Rect(view.area.x, view.area.y, view.area.width, band)
        row = pygame.Rect(rect.x, rect.centery - 15, rect.width, 30)
        draw_state_legend(surface, ui, row, inset=8)

    def _sampled_note(self, surface: pygame.Surface, view: CityView) -> None:
        """Say so when only a sample of the crowd is drawn."""
        if view.total_people > view.sample.size:
            model: Any = view.model
            faces = sum(int(d.get("faces_scanned", 0)) for d in model.history)
            faces += int(model.today.get("faces_scanned", 0))
            text = self.ui.tr(
                "story.ui.sampled",
                shown=self.ui.i18n.num(int(view.sample.size)),
                total=self.ui.i18n.num(view.total_people),
                faces=self.ui.i18n.num(faces),
            )
            area = view.area
            px = 22
            lines = self.ui.text.wrap(text, px, area.width - 20)
            h = len(lines) * self.ui.text.line_height(px)
            box = pygame.Rect(area.x, area.bottom - h - 12, area.width, h + 12)
            pygame.draw.rect(surface, self.ui.theme.ui("background"), box)
            self.ui.blit_wrapped(surface, text, box.inflate(-20, -8), px, self.ui.theme.ui("text"))

    def _draw_play(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None and flow.game is not None
        game = flow.game
        spec = game.spec
        values = {
            "find": spec.find_at_least,
            "innocent": spec.innocent_at_most,
        }
        # left: the city of the day being played, or the score of the last one
        if self.cities:
            self._draw_cities_play(surface)
        else:  # before the first day: what each single change did, as a reminder
            self._view(surface, LEFT, self._ctx())
        ui.blit_wrapped(
            surface,
            ui.tr(flow.chapter.key("goal"), **values),
            pygame.Rect(RIGHT.x, RIGHT.y, RIGHT.width, PLAY_TOP - RIGHT.y - 8),
            "large",
            th.ui("heading"),
            True,
        )
        top = PLAY_TOP
        col_w = (RIGHT.width - 24) // 2
        for c, key in enumerate(("story.challenge.technology", "story.challenge.policy")):
            ui.blit_text(
                surface,
                ui.tr(key),
                (RIGHT.x + c * (col_w + 24), top),
                "label",
                th.ui("focus"),
                True,
                max_width=col_w,
            )
        sy = top + 36 + 3 * 96 + 8 + 80 + 16
        score = pygame.Rect(RIGHT.x, sy, RIGHT.width, RIGHT.bottom - sy)
        self._draw_score(surface, score, values)

    def _draw_cities_play(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        for view in self.cities.values():
            model = view.model
            t = float(model.t)  # type: ignore[attr-defined]
            sec = int(t % 86400)
            clock = ui.tr(
                "story.ui.clock",
                day=int(t // 86400) + 1,
                hh=f"{sec // 3600:02d}",
                mm=f"{sec % 3600 // 60:02d}",
            )
            ui.blit_text(
                surface,
                clock,
                (view.area.right, view.area.y - 6),
                "large",
                th.ui("heading"),
                True,
                anchor="bottomright",
            )
            view.draw(surface, t)
            self._sampled_note(surface, view)

    def _draw_score(
        self, surface: pygame.Surface, box: pygame.Rect, values: dict[str, Any]
    ) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None and flow.game is not None
        game = flow.game
        self._panel(surface, box)
        inner = box.inflate(-32, -24)
        last = game.tries[-1] if game.tries else None
        if game.model is not None:  # a day is being played: its numbers so far
            last = game.score(game.model.summary())
        if last is None:
            ui.blit_wrapped(
                surface, ui.tr("story.challenge.none_yet"), inner, "large", th.ui("text_dim")
            )
            return
        half = inner.width // 2
        for i, (n, label, color) in enumerate(
            (
                (
                    f"{ui.i18n.num(last.found)}/{ui.i18n.num(last.present)}",
                    "story.challenge.found",
                    th.color("charts", "wanted"),
                ),
                (
                    ui.i18n.num(last.innocent_stopped),
                    "story.challenge.innocent",
                    th.color("charts", "stops"),
                ),
            )
        ):
            x = inner.x + i * half
            num = ui.blit_text(surface, n, (x, inner.y), "huge", color, True, max_width=half - 10)
            ui.blit_text(
                surface, ui.tr(label), (x, num.bottom), "body", th.ui("text"), max_width=half - 10
            )
        y = inner.y + 120
        if game.model is not None:
            msg, color = ui.tr("story.ui.running"), th.ui("text_dim")
        elif last.met:
            msg, color = ui.tr(flow.chapter.key("met")), th.ui("focus")
        elif last.tech_only:
            msg, color = ui.tr(flow.chapter.key("tech_only")), th.ui("warning")
        else:
            msg, color = ui.tr(flow.chapter.key("not_met"), **values), th.ui("warning")
        used = ui.blit_wrapped(
            surface, msg, pygame.Rect(inner.x, y, inner.width, 100), "label", color, True
        )
        y += used + 8
        for i, r in enumerate(game.tries[::-1]):
            if y + 30 > inner.bottom:
                break
            n = len(game.tries) - i
            line = ui.tr(
                "story.challenge.try_line",
                n=n,
                found=r.found,
                present=r.present,
                innocent=r.innocent_stopped,
            )
            ui.blit_text(
                surface,
                line,
                (inner.x, y),
                "body",
                th.ui("text") if i else th.ui("heading"),
                max_width=inner.width,
            )
            y += 32

    def _draw_end(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        box = pygame.Rect(260, 200, 1400, 640)
        self._panel(surface, box)
        ui.blit_text(
            surface,
            ui.tr("story.ui.end_title"),
            (box.centerx, box.y + 50),
            "huge",
            th.ui("heading"),
            True,
            anchor="midtop",
            max_width=box.width - 80,
        )
        ui.blit_wrapped(
            surface,
            ui.tr("story.ui.end_text"),
            pygame.Rect(box.x + 80, box.y + 190, box.width - 160, 280),
            "title",
            th.ui("text"),
            align="center",
        )


def clock_parts(t: float) -> tuple[int, int, int]:
    """Day, hour and minute of simulated time t; the end of a day is "24:00", not the next day.

    A run of five whole days ends at t = 5 x 86,400 s: the clock says
    "Day 5 · 24:00", never "Day 6 · 00:00" of a day that was not simulated.
    """
    whole = int(round(t))
    day, sec = divmod(whole, 86400)
    if sec == 0 and whole > 0:
        return day, 24, 0
    return day + 1, sec // 3600, sec % 3600 // 60


def _factory(app: Any, chapter: int | None = None, short: bool = False, **kw: Any) -> StoryScene:
    return StoryScene(app, chapter=chapter, short=short, **kw)


register_scene("story", _factory)
