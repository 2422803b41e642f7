"""How the screens name and mark a detector: faces, guns, plates, calls.

The cascade is the same for every detector (sim/model/detectors); what a
scan is, what the response does and which knobs exist differ. The screens
share their words and draw them from the locale, where a text may have a
detector's own variant: ``funnel.stopped`` ("stops of innocent people") has
``funnel.stopped_weapons`` ("innocent people held at gunpoint"). `dkey`
picks the variant when the locale has one, so a screen asks for its usual key
and a detector only adds the words that differ.

Each detector also has a mark, drawn beside its name wherever the player
chooses one (title, picker, kiosk): a shape and a colour with the word, never
colour alone: faces a disc, guns a triangle, plates a licence plate, calls a
speech bubble.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from sim.game.widgets import Button
from sim.model.params import DETECTORS
from sim.text.ui import UI

#: Each detector's mark colour, from the colour-blind-safe palette.
MARK_COLOUR = {"faces": "sky", "weapons": "vermillion", "plates": "yellow", "calls": "purple"}


def detector_of(model: Any) -> str:
    """Which detector a model runs ("faces" for a model that does not say)."""
    params = getattr(model, "params", None)
    name = str(getattr(params, "detector", "faces")) if params is not None else "faces"
    return name if name in DETECTORS else "faces"


def scenario_detector(scenario: Any) -> str:
    """The detector a scenario runs (faces when its parameters do not say)."""
    return str(getattr(getattr(scenario, "params", None), "detector", "faces"))


def dkey(ui: UI, key: str, detector: str) -> str:
    """``key``'s variant for ``detector`` (``key_detector``) if the locale has one, else ``key``."""
    if detector != "faces":
        own = f"{key}_{detector}"
        if ui.i18n.has(own):
            return own
    return key


def dtr(ui: UI, key: str, detector: str, **fmt: Any) -> str:
    """`ui.tr` of the detector's variant of ``key`` (see `dkey`)."""
    return ui.tr(dkey(ui, key, detector), **fmt)


def draw_mark(
    surf: pygame.Surface, ui: UI, detector: str, center: tuple[int, int], size: int = 14
) -> None:
    """The detector's mark, ``size`` px from the centre to its edge, outlined in white."""
    colour = ui.theme.color("palette", MARK_COLOUR.get(detector, "sky"))
    x, y = center
    s = size
    white = (255, 255, 255)
    if detector == "weapons":
        pts = [(x, y - s), (x + s, y + s - 2), (x - s, y + s - 2)]
        pygame.draw.polygon(surf, colour, pts)
        pygame.draw.polygon(surf, white, pts, 2)
    elif detector == "plates":
        rect = pygame.Rect(x - s, y - s * 3 // 5, 2 * s, s * 6 // 5)
        pygame.draw.rect(surf, colour, rect, 0, 3)
        pygame.draw.rect(surf, white, rect, 2, 3)
        for i in range(3):  # three characters, as dark bars
            bx = rect.x + 4 + i * (rect.width - 8) // 3
            pygame.draw.line(surf, (0, 0, 0), (bx + 2, rect.y + 4), (bx + 2, rect.bottom - 5), 3)
    elif detector == "calls":
        rect = pygame.Rect(x - s, y - s * 3 // 4, 2 * s, s * 5 // 4)
        tail = [(x - s // 2, rect.bottom - 1), (x - s // 2, y + s), (x, rect.bottom - 1)]
        pygame.draw.rect(surf, colour, rect, 0, s // 2)
        pygame.draw.polygon(surf, colour, tail)
        pygame.draw.rect(surf, white, rect, 2, s // 2)
        pygame.draw.lines(surf, white, False, tail, 2)
    else:
        pygame.draw.circle(surf, colour, (x, y), s)
        pygame.draw.circle(surf, white, (x, y), s, 2)


class DetectorTab(Button):
    """A button that names a detector with its mark: pick what is scanned."""

    def __init__(
        self,
        rect: pygame.Rect,
        detector: str,
        ui: UI,
        action: Callable[[], None],
        on: Callable[[], bool],
    ) -> None:
        super().__init__(
            rect,
            lambda: ui.tr(f"detector.{detector}"),
            action,
            name=f"detector:{detector}",
            on=on,
        )
        self.detector = detector

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        self.draw_face(surf, ui)
        th = ui.theme
        label = self.label()
        room = self.rect.width - 16 - 40
        width = min(ui.text.width(label, "label", True), room)
        left = self.rect.centerx - (width + 40) // 2
        draw_mark(surf, ui, self.detector, (left + 16, self.rect.centery))
        ui.blit_text(
            surf,
            label,
            (left + 40, self.rect.centery),
            "label",
            th.ui("text"),
            bold=True,
            anchor="midleft",
            max_width=room,
        )
        self._draw_focus(surf, ui, focused)


def tab_width(ui: UI, min_width: int = 200) -> int:
    """One width for every detector's tab: the widest name, its mark and air."""
    return max(
        min_width, max(ui.text.width(ui.tr(f"detector.{d}"), "label", True) for d in DETECTORS) + 76
    )


def detector_tabs(
    ui: UI,
    center_x: int,
    y: int,
    chosen: Callable[[], str],
    choose: Callable[[str], None],
    height: int = 56,
    gap: int = 12,
) -> list[DetectorTab]:
    """One tab per detector, centred on ``center_x`` in a row at ``y``."""
    w = tab_width(ui)
    total = len(DETECTORS) * w + (len(DETECTORS) - 1) * gap
    x0 = center_x - total // 2
    return [
        DetectorTab(
            pygame.Rect(x0 + i * (w + gap), y, w, height),
            d,
            ui,
            lambda d=d: choose(d),
            lambda d=d: chosen() == d,
        )
        for i, d in enumerate(DETECTORS)
    ]
