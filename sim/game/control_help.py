"""One line that says what a control does, for every control of the sandbox.

A teacher's walk-through asked for it, and a touch screen has no hover: the
line shows when a control is touched (its name or its slider, switch or
arrows), when the pointer rests on it, and when the keyboard focus reaches
it. Touching the name alone explains without changing anything. The lines
live in the locale files under [help], one per control, keyed like the
control's label (control.threshold -> help.threshold); `build_controls`
gives each control widget its key as `widget.help`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygame

from sim.text.ui import UI

SHOW_S = 12.0  # a touched control's line stays this long, then the map is whole again


def help_key(label_key: str) -> str:
    """The explanation's locale key for a control's label key."""
    return "help." + label_key.split(".", 1)[-1]


class ControlHelp:
    """Which control's line is shown, and the strip it is drawn in."""

    def __init__(self, ui: UI, rect: pygame.Rect) -> None:
        self.ui = ui
        self.rect = pygame.Rect(rect)
        self.shown: str | None = None  # the help key on screen
        self.age = SHOW_S

    def handle(self, event: pygame.event.Event, widgets: Sequence[Any]) -> None:
        """Note a touch or a resting pointer on a control; never takes the event."""
        if event.type not in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.FINGERDOWN):
            return
        pos = getattr(event, "pos", None)
        if pos is None:
            return
        for w in widgets:
            key = getattr(w, "help", None)
            if key and w.rect.collidepoint(pos):
                self.show(key)
                return

    def show(self, key: str) -> None:
        self.shown, self.age = key, 0.0

    def update(self, dt: float, focused: Any = None, keyboard: bool = False) -> None:
        self.age += dt
        key = getattr(focused, "help", None)
        if keyboard and key:
            self.show(key)  # stays while the keyboard rests on the control

    def text(self) -> str | None:
        """The line on screen now, or None."""
        if self.shown is None or self.age >= SHOW_S:
            return None
        return self.ui.tr(self.shown)

    def draw(self, surf: pygame.Surface) -> None:
        text = self.text()
        if text is None:
            return
        ui, th = self.ui, self.ui.theme
        pygame.draw.rect(surf, th.ui("panel"), self.rect, 0, 10)
        pygame.draw.rect(surf, th.ui("focus"), self.rect, 3, 10)
        ui.blit_wrapped(surf, text, self.rect.inflate(-28, -12), "body", th.ui("text"))
