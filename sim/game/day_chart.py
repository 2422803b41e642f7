"""Day by day: false alerts, stops and wanted people found, as small bar rows.

Feedback policies compound overnight (a bigger watchlist tomorrow gives more
false alerts tomorrow), which a single total hides. Three small rows, each
on its own scale with today's number printed, keep both the rare successes
and the frequent false alerts readable; today's bar is drawn hollow while the
day is not over. The number beside a row is today's, the same the tree shows
for today, read from the same snapshot: two panels never show two numbers
for one day.
"""

from __future__ import annotations

import pygame

from sim.game.detector_look import dtr
from sim.game.snapshot import Snapshot
from sim.text.frequency_tree import DAY_SERIES
from sim.text.ui import UI

MAX_DAYS = 30


class DayChart:
    def __init__(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)

    def note(self, ui: UI) -> str:
        """What the numbers on the right are (shown in the panel heading)."""
        return ui.tr("days.note_today")

    def shown(self, snap: Snapshot) -> dict[str, int]:
        """The number printed beside each row, by counter name."""
        return {row.counter: int(getattr(snap.today, row.counter)) for row in DAY_SERIES}

    def draw(self, surf: pygame.Surface, ui: UI, snap: Snapshot) -> None:
        th = ui.theme
        r = self.rect
        days = [*snap.days[-(MAX_DAYS - 1) :], snap.today]
        shown = self.shown(snap)
        value_w = 80
        row_h = r.height // len(DAY_SERIES)
        label_h = ui.text.line_height("small")
        for i, row in enumerate(DAY_SERIES):
            key = row.counter
            y = r.y + i * row_h
            color = th.color("charts", row.color)
            # The label over its row's bars, not beside them: the whole width
            # holds the longest label (de, fr) in one line of small type.
            ui.blit_text(
                surf,
                dtr(ui, row.key, snap.detector),
                (r.x, y),
                "small",
                th.ui("text"),
                max_width=r.width - value_w,
            )
            values = [int(getattr(d, key)) for d in days]
            top = max(values + [1])
            area = pygame.Rect(r.x, y + label_h, r.width - value_w - 8, max(6, row_h - label_h - 4))
            pygame.draw.line(surf, th.color("charts", "grid"), area.bottomleft, area.bottomright, 2)
            bw = max(3, min(24, area.width // MAX_DAYS))
            for k, v in enumerate(values):
                h = round((area.height - 2) * v / top)
                bar = pygame.Rect(area.x + k * bw, area.bottom - h, bw - 2, h)
                if h <= 0:
                    continue
                hollow = k == len(values) - 1 and not snap.today_closed
                pygame.draw.rect(surf, color, bar, 2 if hollow else 0)
            ui.blit_text(
                surf,
                ui.i18n.num(shown[key]),
                (r.right, y + row_h // 2),
                "label",
                th.ui("heading"),
                bold=True,
                anchor="midright",
                max_width=value_w - 6,
            )
