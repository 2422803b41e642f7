"""The run screen: the chapter's cities running, its view filling in, the question kept in view.

Chapters with a city show it on the left and the view on the right; the
others (`WIDE_VIEWS`, or no city) draw the view across the left panel. A
progress bar at the bottom says how far the runs are, and "Show the result
now" finishes them at once (with the same numbers as watching them).
"""

from __future__ import annotations

import pygame

from sim.game.scenes.story_layout import LEFT, NOTE, RIGHT, PhaseScreen, StoryHost
from sim.game.scenes.story_text import draw_recap
from sim.game.scenes.story_views import draw_levers_latest, draw_sweep_latest, explain_height
from sim.game.widgets import Button, Widget


def draw_result_panels(surface: pygame.Surface, story: StoryHost, explaining: bool) -> pygame.Rect:
    """The cities and the view, laid out for the run or the explanation; the room left.

    The explanation needs room under the view, so the view is shorter then.
    """
    flow = story.flow
    assert flow is not None
    ctx = story.view_context()
    if story.wide():
        story.view.draw(surface, LEFT, ctx)
        return RIGHT
    story.cities.draw(
        surface, lambda name: story.tr(flow.chapter.key(f"run.{name.split('@', 1)[0]}"))
    )
    view_h = explain_height(flow.chapter.view.kind) if explaining else RIGHT.height - 120
    story.view.draw(surface, pygame.Rect(RIGHT.x, RIGHT.y, RIGHT.width, view_h), ctx)
    side = pygame.Rect(RIGHT.x, RIGHT.y + view_h + 16, RIGHT.width, 0)
    side.height = RIGHT.bottom - side.y
    return side


class RunScreen(PhaseScreen):
    """Run: the simulation answers the question while the student watches."""

    def __init__(self, story: StoryHost) -> None:
        super().__init__(story)
        self.stage = -1

    def widgets(self) -> list[Widget]:
        rect = pygame.Rect(RIGHT.right - 460, RIGHT.bottom - 90, 460, 86)
        return [Button(rect, lambda: self.ui.tr("story.ui.show_now"), self.show_now, name="show")]

    def show_now(self) -> None:
        self.flow.finish_run()
        self.story.rebuild()

    def update(self, dt: float) -> None:
        flow = self.flow
        before = flow.runner.stage_i if flow.runner is not None else 0
        flow.update(dt)
        if flow.runner is not None and flow.runner.stage_i != before and not flow.runner.done:
            self.story.bind_cities()  # the next stage runs other cities

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        side = draw_result_panels(surface, self.story, explaining=False)
        if self.story.wide():
            rect = pygame.Rect(side.x, side.y, side.width, 300)
            draw_recap(surface, ui, rect, flow, self.story.tr, self.story.values)
            # no blank half while the charts or the days fill in
            latest = pygame.Rect(side.x, rect.bottom + 16, side.width, 0)
            latest.height = RIGHT.bottom - 110 - latest.y
            if flow.chapter.view.kind == "sweep":
                draw_sweep_latest(surface, latest, self.story.view_context())
            elif flow.chapter.view.kind == "levers":
                draw_levers_latest(surface, latest, self.story.view_context())
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
