"""Cars and plate cameras over the city, for the licence-plate readers.

The city view draws people, cameras and their fields of view for every
detector. With plate readers the same people drive part of the time, and
what matters is the plate each camera reads, so this overlay adds, in the
map's visual language (shape + colour + a word):

* the patrol cars that carry a plate reader: a car shape (body, wheels)
  around the moving camera's disc, so "a camera on a car" reads at a glance;
* the plate a reader took for a hot-list hit, on a small plate beside the
  driver's token while the hit is being followed (the alert on the card
  first), its wrong characters in the warning colour and underlined, so the
  one-character misread of the Green case is visible on the map itself.

It draws over what `CityView.draw` has drawn, from the city view's own
geometry, and changes nothing in it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame

from sim.game.city_view import CityView
from sim.game.detector_card import MISREAD, plate_text
from sim.model.camera_kinds import CAMERA_KINDS
from sim.text.ui import UI

FINAL = {"dismissed", "expired", "missed", "released", "detained", "found"}
LABELS = 4  # plates shown at once on the map (the card's first)
PATROL = CAMERA_KINDS.index("bodycam") if "bodycam" in CAMERA_KINDS else -1


def draw_car(surf: pygame.Surface, center: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A car seen from the side: body, cabin and two wheels, outlined in white."""
    x, y = center
    body = pygame.Rect(x - 13, y - 4, 26, 10)
    cabin = pygame.Rect(x - 7, y - 10, 14, 8)
    white = (255, 255, 255)
    for rect in (cabin, body):
        pygame.draw.rect(surf, white, rect.inflate(4, 4), 0, 4)
    pygame.draw.rect(surf, colour, cabin, 0, 3)
    pygame.draw.rect(surf, colour, body, 0, 3)
    for wx in (x - 7, x + 7):
        pygame.draw.circle(surf, white, (wx, y + 7), 4)
        pygame.draw.circle(surf, (20, 20, 20), (wx, y + 7), 3)


class PlateOverlay:
    """Patrol cars and the plates of hot-list hits, over a `CityView`."""

    def __init__(self, ui: UI) -> None:
        self.ui = ui

    def draw(self, target: pygame.Surface, city: CityView, t: float, first: Any = None) -> None:
        """Draw onto ``target`` (the screen) over ``city``'s area at time ``t``."""
        model = city.model
        if model is None:
            return
        clip = target.get_clip()
        target.set_clip(city.area)
        try:
            self._draw_patrols(target, city)
            self._draw_plates(target, city, t, first)
        finally:
            target.set_clip(clip)

    def _draw_patrols(self, target: pygame.Surface, city: CityView) -> None:
        cams = city.model.cameras
        kind = np.asarray(cams.kind)
        idx = np.flatnonzero(kind == PATROL)
        if idx.size == 0:
            return
        colour = self.ui.theme.color("city", "camera")
        for i in idx.tolist():
            x, y = city.screen_pos(float(cams.x[i]), float(cams.y[i]))
            draw_car(target, (x, y), colour)

    def _draw_plates(self, target: pygame.Surface, city: CityView, t: float, first: Any) -> None:
        """The read plate beside each driver whose hit is still being followed."""
        model = city.model
        det = getattr(model, "detector", None)
        if det is None or not hasattr(det, "code"):
            return
        alerts = [a for a in list(model.recent_alerts)[::-1] if a.status not in FINAL]
        if first is not None:
            alerts = [first, *[a for a in alerts if a is not first]]
        ui = self.ui
        shown: set[int] = set()
        for alert in alerts:
            person = alert.person
            if person in shown or alert.row < 0 or not 0 <= person < city.total_people:
                continue
            shown.add(person)
            if len(shown) > LABELS:
                break
            read = plate_text(int(alert.log.col("entry")[alert.row]))
            real = plate_text(int(det.code[person]))
            misread = int(alert.log.col("detail")[alert.row]) == MISREAD
            px, py = city._pixel_of(person, t)
            x, y = city.area.x + px, city.area.y + py
            self._plate_label(target, ui, (x + 14, y - 12), read, real if misread else read)

    @staticmethod
    def _plate_label(
        surf: pygame.Surface, ui: UI, topleft: tuple[int, int], read: str, real: str
    ) -> None:
        """A small licence plate with the read characters; the misread ones marked."""
        th = ui.theme
        widths = [ui.text.width(ch, "small", True) for ch in read]
        rect = pygame.Rect(topleft, (sum(widths) + 2 * len(read) + 14, 28))
        area = surf.get_clip()
        if rect.right > area.right:  # keep the plate on the map, left of the driver
            rect.right = topleft[0] - 28
        pygame.draw.rect(surf, (0, 0, 0), rect.inflate(4, 4), 0, 6)
        pygame.draw.rect(surf, (238, 238, 228), rect, 0, 5)
        x = rect.x + 7
        for ch, w, ok in zip(
            read, widths, (a == b for a, b in zip(read, real, strict=False)), strict=False
        ):
            colour = (20, 20, 20) if ok else th.color("palette", "vermillion")
            ui.blit_text(surf, ch, (x, rect.centery), "small", colour, True, anchor="midleft")
            if not ok:
                pygame.draw.line(surf, colour, (x, rect.bottom - 4), (x + w, rect.bottom - 4), 3)
            x += w + 2
