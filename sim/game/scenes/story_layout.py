"""Where the story's parts sit on the 1920x1080 logical screen, and what every phase shares.

The story scene (`story.py`) keeps the chapter flow and the top bar; each
phase of a chapter (the question, the live run, the explanation, the
challenge, the end) is one small screen class with handle/update/draw. They
all lay out into the same two panels, so the rectangles live here, with the
`StoryHost` protocol the phase screens read the scene's shared state through
(the flow, the numbers re-read from the runs, the city panels).
"""

from __future__ import annotations

from typing import Any, Protocol

import pygame

from sim.game.scenes.story_views import ViewContext, draw_view
from sim.game.widgets import Widget
from sim.story.flow import StoryFlow
from sim.text.ui import UI

TOP_H = 100
LEFT = pygame.Rect(24, 112, 960, 884)
RIGHT = pygame.Rect(1008, 112, 888, 884)
NOTE = pygame.Rect(24, 1004, 1872, 70)


class StoryHost(Protocol):
    """What a phase screen needs from the story scene that shows it."""

    app: Any
    ui: UI
    flow: StoryFlow | None
    values: dict[str, Any]
    measured: dict[str, Any]
    cities: Any  # sim.game.scenes.story_cities.StoryCities
    view: ViewPanel

    def tr(self, key: str, **fmt: Any) -> str: ...
    def wide(self) -> bool: ...
    def view_context(self) -> ViewContext: ...
    def rebuild(self) -> None: ...
    def bind_cities(self) -> None: ...
    def next(self) -> None: ...
    def menu(self) -> None: ...


def panel(surface: pygame.Surface, ui: UI, rect: pygame.Rect) -> None:
    """The rounded box every part of the story is drawn in."""
    th = ui.theme
    pygame.draw.rect(surface, th.ui("panel"), rect, 0, 12)
    pygame.draw.rect(surface, th.ui("panel_border"), rect, 2, 12)


class ViewPanel:
    """The chapter's view, redrawn only when its numbers are re-read (a few times a second).

    Views draw many labels; drawing them every frame would cost the city its
    frame budget, so the finished picture is kept on a surface and blitted.
    """

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.cache: dict[str, Any] = {}
        self.surface: pygame.Surface | None = None
        self.key: tuple[Any, ...] = ()
        self.refreshes = 0

    def reset(self) -> None:
        """A new phase: the view's own caches (sprites, snapshots) start again."""
        self.cache = {}

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, ctx: ViewContext) -> None:
        key = (rect.size, self.refreshes, ctx.done, self.ui.i18n.lang)
        if self.key != key or self.surface is None:
            if self.surface is None or self.surface.get_size() != rect.size:
                self.surface = pygame.Surface(rect.size)
            self.surface.fill(self.ui.theme.ui("background"))
            draw_view(self.surface, self.surface.get_rect(), ctx)
            self.key = key
        surface.blit(self.surface, rect)


class PhaseScreen:
    """One phase of a chapter: its widgets, what it advances each frame, what it draws."""

    def __init__(self, story: StoryHost) -> None:
        self.story = story
        self.ui = story.ui

    @property
    def flow(self) -> StoryFlow:
        flow = self.story.flow
        assert flow is not None
        return flow

    def widgets(self) -> list[Widget]:
        return []

    def handle(self, event: pygame.event.Event) -> bool:
        return False

    def update(self, dt: float) -> None:
        """Advance what this phase runs (the scene re-reads the numbers after)."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the panels below the top bar."""
