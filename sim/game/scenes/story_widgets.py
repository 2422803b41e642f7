"""The story's own buttons: multiple-choice answers and the chapter dots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame

from sim.game.widgets import Button
from sim.text.ui import UI


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


def option_column(
    area: pygame.Rect,
    options: Sequence[str],
    max_h: int,
    label: Callable[[str], str],
    choose: Callable[[str], None],
    chosen: Callable[[], str | None],
    prefix: str,
) -> list[OptionButton]:
    """The answers to a question, lettered A, B, C… and stacked down ``area``.

    Each is at most ``max_h`` high and shrinks so all fit above the row of the
    screen's own buttons; its widget name is ``prefix:option``.
    """
    h = min(max_h, (area.height - 150) // len(options) - 16)
    return [
        OptionButton(
            pygame.Rect(area.x, area.y + i * (h + 16), area.width, h),
            "ABCDEFG"[i],
            lambda opt=opt: label(opt),
            lambda opt=opt: choose(opt),
            name=f"{prefix}:{opt}",
            on=lambda opt=opt: chosen() == opt,
        )
        for i, opt in enumerate(options)
    ]


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
