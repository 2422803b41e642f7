"""Who pays: wrongful stops per 10,000 people in each group, and the repeats.

Two facts the design asks to show side by side: the burden per head differs
between groups when one group's faces falsely match more often, and false
alerts are not spread evenly even within a group — the same lookalikes are
flagged again and again. Group bars differ by pattern as well as colour.
"""

from __future__ import annotations

import numpy as np
import pygame

from sim.game.detector_look import draw_mark, dtr
from sim.game.glyph_cache import GlyphCache
from sim.game.icon_array import figure
from sim.game.snapshot import FlaggedPerson, Snapshot
from sim.text.ui import UI, hatch

BAR_H = 26
GLYPH = 40


class WhoPays:
    def __init__(self, rect: pygame.Rect, glyphs: GlyphCache) -> None:
        self.rect = pygame.Rect(rect)
        self.glyphs = glyphs

    def draw(self, surf: pygame.Surface, ui: UI, snap: Snapshot, codes: np.ndarray) -> None:
        th = ui.theme
        r = self.rect
        names = list(snap.wrongful_stops_per_10k)
        rates = list(snap.wrongful_stops_per_10k.values())
        top = max(rates + [0.0])
        label_w = 120
        value_w = 190
        ui.blit_text(
            surf,
            dtr(ui, "who.rate_what", snap.detector),
            (r.x, r.y),
            "small",
            th.ui("text_dim"),
            max_width=r.width,
        )
        y = r.y + ui.text.line_height("small") + 2
        for i, (name, rate) in enumerate(zip(names, rates, strict=True)):
            color = th.color("groups", name) if name in ("A", "B", "C", "D") else th.ui("fill")
            ui.blit_text(
                surf,
                ui.tr("who.group", name=name),
                (r.x, y + BAR_H // 2),
                "body",
                th.ui("text"),
                bold=True,
                anchor="midleft",
                max_width=label_w - 8,
            )
            track = pygame.Rect(r.x + label_w, y, r.width - label_w - value_w, BAR_H)
            pygame.draw.rect(surf, th.ui("button"), track, 0, 4)
            w = 0 if top <= 0 else max(2, round(track.width * rate / top)) if rate > 0 else 0
            bar = pygame.Rect(track.x, track.y, w, BAR_H)
            if w:
                if i % 2:
                    pygame.draw.rect(surf, th.ui("panel"), bar)
                    hatch(surf, bar, color)
                    pygame.draw.rect(surf, color, bar, 2)
                else:
                    pygame.draw.rect(surf, color, bar)
            ui.blit_text(
                surf,
                ui.tr("who.rate", rate=ui.i18n.num(rate, 1)),
                (r.right, y + BAR_H // 2),
                "small",
                th.ui("text"),
                anchor="midright",
                max_width=value_w - 8,
            )
            y += BAR_H + 6
        y += 2
        ui.blit_text(
            surf, ui.tr("who.repeat_title"), (r.x, y), "small", th.ui("text_dim"), max_width=r.width
        )
        y += ui.text.line_height("small")
        if not snap.most_flagged_innocents:
            ui.blit_text(
                surf,
                ui.tr("who.repeat_none"),
                (r.x, y + 8),
                "small",
                th.ui("text_dim"),
                max_width=r.width,
            )
            return
        shown = self._fitting(ui, snap.most_flagged_innocents, r.width, snap.detector)
        cell = r.width // max(len(shown), 1)
        for k, flagged in enumerate(shown):
            x = r.x + k * cell
            if snap.detector == "faces":
                surf.blit(self.glyphs.get(codes[flagged.person], GLYPH), (x, y))
            else:  # nothing compared a face: a pictogram and the detector's mark
                colour = th.color("charts", "innocent")
                surf.blit(figure(GLYPH * 2 // 3, GLYPH, colour, solid=False), (x + 2, y))
                draw_mark(surf, ui, snap.detector, (x + GLYPH - 12, y + GLYPH - 8), 8)
            ui.blit_text(
                surf,
                ui.tr("who.flagged_times", n=flagged.flags),
                (x + GLYPH + 6, y - 2),
                "small",
                th.ui("text"),
                bold=True,
                max_width=cell - GLYPH - 10,
            )
            ui.blit_text(
                surf,
                dtr(ui, "who.stopped_times", snap.detector, n=flagged.stops, group=flagged.group),
                (x + GLYPH + 6, y + 22),
                "small",
                th.ui("text_dim"),
                max_width=cell - GLYPH - 10,
            )

    @staticmethod
    def _fitting(
        ui: UI, flagged: tuple[FlaggedPerson, ...], width: int, detector: str = "faces"
    ) -> list[FlaggedPerson]:
        """The most flagged people whose two lines fit side by side, most flagged first.

        "9× gemeldet" and "4× angehalten" need more room than "flagged 9×":
        a language that cannot hold three at full size shows two, never smaller words.
        """
        for n in range(len(flagged), 1, -1):
            room = width // n - GLYPH - 10
            if all(
                ui.text.width(ui.tr("who.flagged_times", n=f.flags), "small", True) <= room
                and ui.text.width(
                    dtr(ui, "who.stopped_times", detector, n=f.stops, group=f.group), "small"
                )
                <= room
                for f in flagged[:n]
            ):
                return list(flagged[:n])
        return list(flagged[:1])
