"""Story mode on screen: nine chapters, each predict -> run -> explain (chapter 9 in three scenes).

The decisions (which chapter, which phase, what was answered, what the runs
measured, which explanation follows) are made by `sim.story.flow.StoryFlow`,
which is pure and tested headless. This scene is the glue: the top bar
(chapter dots, Back, Skip, Menu), the numbers re-read from the runs a few
times a second, the city panels, and one phase screen at a time (`PHASES`:
the question, the live run, the explanation, the challenge; then the end),
each a small class in its own module. Chapter dots jump anywhere; Back and
Skip work in every phase; the museum's short path is `StoryScene(app,
short=True)` (registered as `app.open("story", short=True)`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from sim.errors import UsageError
from sim.game import layout as L
from sim.game.scenes import about_data  # noqa: F401  (registers "about" and "cases")
from sim.game.scenes.base import Scene, register_scene
from sim.game.scenes.story_ask import AskScreen
from sim.game.scenes.story_challenge import ChallengeScreen
from sim.game.scenes.story_cities import StoryCities, clock_parts
from sim.game.scenes.story_end import EndScreen
from sim.game.scenes.story_explain import ExplainScreen
from sim.game.scenes.story_follow import FollowAskScreen, FollowScreen
from sim.game.scenes.story_layout import PhaseScreen, ViewPanel
from sim.game.scenes.story_run import RunScreen
from sim.game.scenes.story_text import screen_texts, screen_words
from sim.game.scenes.story_views import WIDE_VIEWS, ViewContext
from sim.game.scenes.story_widgets import Dot
from sim.game.widgets import Button, FocusRing, Widget
from sim.notices import warn_once
from sim.story.chapters import Chapter, StoryError, load_story
from sim.story.explain import fill_values
from sim.story.flow import StoryFlow
from sim.story.glossary import Word
from sim.text.ui import UI

__all__ = ["PHASES", "StoryScene", "clock_parts"]

REFRESH_S = 0.2  # numbers on screen are re-read from the runs this often
# The screen of each phase of a chapter (StoryFlow.phase); a new phase is one entry more.
PHASES: dict[str, type[PhaseScreen]] = {
    "ask": AskScreen,
    "run": RunScreen,
    "explain": ExplainScreen,
    "play": ChallengeScreen,
    "follow_ask": FollowAskScreen,
    "follow": FollowScreen,
}


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
        self.cities = StoryCities(self.ui)
        self.view = ViewPanel(self.ui)
        self.values: dict[str, Any] = {}
        self.measured: dict[str, Any] = {}
        self.since = REFRESH_S
        self.built_for: tuple[Any, ...] | None = ()
        self.screen: PhaseScreen | None = None
        self.widgets: list[Widget] = []
        self.top_widgets = self._top_bar()
        self.focus = FocusRing(self.top_widgets)
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

    def view_context(self) -> ViewContext:
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
            cache=self.view.cache,
        )

    def screen_texts(self) -> list[str]:
        """What the chapter's two screens say: the question screen, then the explanation."""
        assert self.flow is not None
        return screen_texts(self.flow, self.tr)

    def screen_words(self) -> list[list[Word]]:
        """The glossary words each screen explains (the first screen of the chapter to use one)."""
        assert self.flow is not None
        return screen_words(self.ui, self.flow, self.tr)

    # --- the top bar -------------------------------------------------------------------
    def _top_bar(self) -> list[Widget]:
        widgets: list[Widget] = []
        flow = self.flow
        if flow is not None:
            # one dot per chapter: a chapter told in scenes opens at its first scene
            for n, i in enumerate(chapter_starts(flow.path)):
                rect = pygame.Rect(24 + n * 60, 44, 52, 52)
                widgets.append(Dot(rect, n + 1, lambda i=i: self.jump(i), lambda i=i: self._dot(i)))
        y, h = 22, 60
        # each button as wide as its word needs in this language ("Überspringen" is long)
        specs = [
            (
                name,
                max(least, self.ui.text.width(self.ui.tr(f"story.ui.{name}"), "label", True) + 32),
                action,
            )
            for name, least, action in (
                ("back", 150, self.back),
                ("skip", 150, self.skip),
                ("menu", 160, self.menu),
            )
        ]
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

    def _dot(self, i: int) -> str:
        """The dot of the chapter whose first scene is path[i]: here, seen or new."""
        flow = self.flow
        if flow is None:
            return "new"
        order = flow.path[i].order
        if flow.chapter.order == order and not flow.finished:
            return "here"
        seen = any(c.id in flow.visited for c in flow.path if c.order == order)
        return "seen" if seen else "new"

    def _phase_key(self) -> tuple[Any, ...] | None:
        flow = self.flow
        return None if flow is None else (flow.index, flow.phase, flow.finished, self.ui.i18n.lang)

    def rebuild(self) -> None:
        """Open the screen of the current phase (when the phase, chapter or language changed)."""
        flow = self.flow
        key = self._phase_key()
        if key == self.built_for:
            return
        self.built_for = key
        self.top_widgets = self._top_bar()  # the language may have changed its words' widths
        self.widgets = []
        self.view.reset()
        self.refresh_values()
        if flow is None:
            self.screen = None
        elif flow.finished:
            self.screen = EndScreen(self)
        else:
            self.screen = PHASES[flow.phase](self)
        if self.screen is not None:
            self.widgets = self.screen.widgets()
        old = self.focus.index
        self.focus = FocusRing([*self.widgets, *self.top_widgets])
        self.focus.index = 0 if self.widgets else old
        self.bind_cities()

    # --- moving through the story ------------------------------------------------------
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

    def bind_cities(self) -> None:
        """Attach a city view to each model shown in the left panel."""
        flow = self.flow
        self.cities.clear()
        if flow is None or flow.runner is None or self.wide() or flow.phase.startswith("follow"):
            return
        self.cities.bind(flow.runner.city_models(), flow.runner)

    # --- the scene protocol ---------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if not self.app.options.kiosk:
                self.menu()
            return True
        if self.screen is not None and self.screen.handle(event):
            return True
        return self.focus.handle(event)

    def update(self, dt: float) -> None:
        if self.flow is None:
            return
        # the flow may have moved on outside the scene (a jump from the challenge's
        # day, a test): the old phase's screen must not update a phase that is gone
        self.rebuild()
        if self.screen is not None:
            self.screen.update(dt)
        self.since += dt
        if self.since >= REFRESH_S:
            self.refresh_values()
        self.rebuild()  # only does work when the phase, chapter or language changed

    def refresh_values(self) -> None:
        """Re-read the measured numbers and the texts' placeholders."""
        self.since = 0.0
        self.view.refreshes += 1
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
        self.rebuild()  # a phase moved on outside the scene (e.g. by the flow): its screen
        self._draw_top(surface)
        if self.screen is not None:
            self.screen.draw(surface)
        self.focus.draw(surface, ui)

    def _draw_top(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        assert flow is not None
        starts = chapter_starts(flow.path)
        orders = [flow.path[i].order for i in starts]
        n = orders.index(flow.chapter.order) + 1 if flow.chapter.order in orders else 1
        where = ui.tr("story.ui.chapter", n=n, total=len(starts))
        parts = [c for c in flow.path if c.order == flow.chapter.order]
        if flow.chapter.part and len(parts) > 1 and not flow.finished:
            where = ui.tr(
                "story.ui.part",
                n=n,
                part=flow.chapter.part,
                parts=len(parts),
                name=ui.tr(flow.chapter.key("title")),
            )
        ui.blit_text(
            surface,
            where,
            (24, 6),
            "body",
            th.ui("text_dim"),
            max_width=24 + len(starts) * 60 - 24,  # above the dots, clear of the title
        )
        x0 = 24 + len(starts) * 60 + 20
        back_x = min(w.rect.x for w in self.top_widgets if w.name in ("back", "skip", "menu"))
        if not flow.finished:
            ui.blit_text(
                surface,
                ui.tr(flow.chapter.title_key()),
                (x0, 52),
                "title",
                th.ui("heading"),
                True,
                anchor="midleft",
                max_width=back_x - x0 - 40,
            )


def chapter_starts(path: list[Chapter]) -> list[int]:
    """Where each chapter starts in the path: every chapter once, its scenes after it."""
    starts: list[int] = []
    for i, ch in enumerate(path):
        if i == 0 or ch.order != path[i - 1].order:
            starts.append(i)
    return starts


def _factory(app: Any, chapter: int | None = None, short: bool = False, **kw: Any) -> StoryScene:
    return StoryScene(app, chapter=chapter, short=short, **kw)


register_scene("story", _factory)
