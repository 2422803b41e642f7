"""Of every 100 people stopped, how many were innocent — as 100 little figures.

An icon array makes a share countable at a glance and is understood by
readers who struggle with percentages. Innocent people are hollow figures,
wanted people found are solid: shape and fill say it, not colour alone.
"""

from __future__ import annotations

import pygame

from sim.game.detector_look import dkey, dtr
from sim.game.snapshot import Snapshot
from sim.model.frequencies import share_of_every
from sim.text.theme import Color
from sim.text.ui import UI

COLS, ROWS = 20, 5


def innocent_of_100(stops: int, wrongful: int) -> int:
    """Innocent figures out of 100: the one rounding every "of every 100" uses."""
    if stops <= 0:
        return 0
    return share_of_every(wrongful, stops)


def figure(w: int, h: int, color: Color, solid: bool) -> pygame.Surface:
    """A person pictogram (head and shoulders), never a face."""
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    head_r = w // 4
    head = (w // 2, head_r + 1)
    body = pygame.Rect(w // 8, head_r * 2 + 3, w - w // 4, h - head_r * 2 - 4)
    width = 0 if solid else 3
    pygame.draw.circle(surf, color, head, head_r, width)
    pygame.draw.rect(
        surf, color, body, width, border_top_left_radius=w // 3, border_top_right_radius=w // 3
    )
    return surf


class IconArray:
    def __init__(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self._sprites: dict[str, pygame.Surface] = {}

    def title(self, ui: UI, snap: Snapshot) -> str:
        if snap.totals.stops == 0:
            return dtr(ui, "icons.none_yet", snap.detector)
        return dtr(ui, "icons.title", snap.detector)

    def draw(self, surf: pygame.Surface, ui: UI, snap: Snapshot) -> None:
        th = ui.theme
        r = self.rect
        stops = snap.totals.stops
        n = innocent_of_100(stops, snap.totals.wrongful_stops)
        legend_h = 54
        cell_w = r.width // COLS
        cell_h = (r.height - legend_h) // ROWS
        fw, fh = min(cell_w - 6, 20), min(cell_h - 4, 28)
        if not self._sprites or self._sprites["innocent"].get_size() != (fw, fh):
            self._sprites = {
                "innocent": figure(fw, fh, th.color("charts", "innocent"), solid=False),
                "wanted": figure(fw, fh, th.color("charts", "wanted"), solid=True),
                "none": figure(fw, fh, th.ui("track"), solid=False),
            }
        blits = []
        for i in range(COLS * ROWS):
            kind = "none" if stops == 0 else ("innocent" if i < n else "wanted")
            x = r.x + (i % COLS) * cell_w + (cell_w - fw) // 2
            y = r.y + (i // COLS) * cell_h + (cell_h - fh) // 2
            blits.append((self._sprites[kind], (x, y)))
        surf.fblits(blits)
        # Legend: the same figures with words.
        y = r.bottom - legend_h + 4
        x = r.x
        if not stops:
            return
        counts = {"innocent": n, "wanted": 100 - n}
        for kind, key in (("innocent", "icons.innocent_n"), ("wanted", "icons.found_n")):
            small = pygame.transform.smoothscale(self._sprites[kind], (14, 20))
            surf.blit(small, (x, y))
            rect = ui.blit_text(
                surf,
                ui.tr_n(dkey(ui, key, snap.detector), counts[kind]),
                (x + 20, y + 10),
                "body",
                th.color("charts", "innocent" if kind == "innocent" else "wanted"),
                bold=True,
                anchor="midleft",
                max_width=r.width // 2 - 28,
            )
            x = max(rect.right + 24, r.x + r.width // 2)
        if stops:
            ui.blit_text(
                surf,
                ui.tr_n(dkey(ui, "icons.basis", snap.detector), stops),
                (r.x, y + 26),
                "small",
                th.ui("text_dim"),
                max_width=r.width,
            )
