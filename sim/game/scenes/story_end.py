"""The end of the story: a closing word, then the sandbox or the title screen."""

from __future__ import annotations

import pygame

from sim.game import layout as L
from sim.game.scenes.story_layout import PhaseScreen, panel
from sim.game.widgets import Button, Widget


class EndScreen(PhaseScreen):
    """After the last chapter: where to go from here."""

    def widgets(self) -> list[Widget]:
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
                self.story.menu,
                name="to_title",
                size="title",
            ),
        ]

    def to_sandbox(self) -> None:
        self.story.app.open("sandbox", replace=True)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        box = pygame.Rect(260, 200, 1400, 640)
        panel(surface, ui, box)
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
            # the short path never showed a stop: its closing word says flagged
            ui.tr("story.ui.end_text_short" if self.flow.short else "story.ui.end_text"),
            pygame.Rect(box.x + 80, box.y + 190, box.width - 160, 280),
            "title",
            th.ui("text"),
            align="center",
        )
