"""An alert, made visible: the captured face code beside the watchlist record.

The card shows both codes as glyphs with the similarity the matcher gave,
says plainly whether it is the same person, then follows the alert through
review and the stop. A card stays up long enough to be read and until its
story is over; then the newest alert takes its place.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pygame

from sim.game import detector_card
from sim.game.detector_look import detector_of, dtr
from sim.game.glyph_cache import GlyphCache
from sim.text.ui import UI

GLYPH = 120
MIN_SHOW_S = 4.0  # real seconds a card stays before a newer alert may replace it
MAX_SHOW_S = 12.0
FINAL = {"dismissed", "expired", "missed", "released", "detained", "found"}


TIMELINE = ("alert", "review", "officers", "outcome")
# How far each status has come along TIMELINE, and whether the road ends there.
_STAGE = {
    "pending": (1, False),
    "confirmed": (2, False),
    "passed": (2, False),
    "dismissed": (1, True),
    "expired": (1, True),
    "waiting": (2, False),
    "missed": (2, True),
    "released": (3, True),
    "detained": (3, True),
    "found": (3, True),
}


def timeline_stage(status: str) -> tuple[int, bool]:
    """(index of the stage the alert is at, True if it goes no further) for a status."""
    return _STAGE.get(status, (0, False))


class AlertCard:
    """Chooses which alert to show and draws it."""

    def __init__(self, rect: pygame.Rect, glyphs: GlyphCache) -> None:
        self.rect = pygame.Rect(rect)
        self.glyphs = glyphs
        self.alert: Any = None
        self.model_id = 0
        self.shown_at = 0.0

    def follow(self, model: Any, now: float | None = None) -> None:
        """Keep the current alert or move on to the newest one."""
        now = time.monotonic() if now is None else now
        if id(model) != self.model_id or (
            self.alert is not None and getattr(self.alert, "log", None) is not model.log
        ):
            self.alert, self.model_id = None, id(model)
        recent = model.recent_alerts
        if not recent:
            if self.alert is not None and self.alert.log is not model.log:
                self.alert = None
            return
        newest = recent[-1]
        if self.alert is None:
            self.alert, self.shown_at = newest, now
            return
        age = now - self.shown_at
        done = self.alert.status in FINAL
        if newest is not self.alert and (age >= MAX_SHOW_S or (done and age >= MIN_SHOW_S)):
            self.alert, self.shown_at = newest, now

    def draw(self, surf: pygame.Surface, ui: UI, model: Any) -> None:
        th = ui.theme
        r = self.rect
        alert = self.alert
        detector = detector_of(model)
        if alert is None:
            ui.blit_wrapped(surf, dtr(ui, "alert.none", detector), r, "body", th.ui("text_dim"))
            return
        if detector != "faces":  # guns, plates, calls: what that detector compared
            y = detector_card.draw_top(surf, ui, model, alert, r)
            self._draw_road(surf, ui, model, alert, y, detector)
            return
        code = np.asarray(model.people.code[alert.person])
        left = pygame.Rect(r.x, r.y, GLYPH, GLYPH)
        right = pygame.Rect(r.right - GLYPH, r.y, GLYPH, GLYPH)
        surf.blit(self.glyphs.get(code, GLYPH), left)
        surf.blit(self.glyphs.get(np.asarray(alert.entry_code), GLYPH), right)
        # Each name sits under its glyph, moved inwards if it would cross the card's edge.
        label_w = r.width // 2 - 12
        for rect, key in ((left, "alert.captured"), (right, "alert.record")):
            text = ui.tr(key)
            half = min(ui.text.width(text, th.size("small"), False), label_w) // 2
            x = min(max(rect.centerx, r.x + half), r.right - half)
            ui.blit_text(
                surf,
                text,
                (x, rect.bottom + 2),
                "small",
                th.ui("text_dim"),
                anchor="midtop",
                max_width=label_w,
            )
        # The score between the two glyphs.
        mid = pygame.Rect(left.right + 8, r.y, right.x - left.right - 16, GLYPH)
        ui.blit_text(
            surf,
            ui.tr("alert.similarity"),
            (mid.centerx, mid.y + 6),
            "small",
            th.ui("text_dim"),
            anchor="midtop",
            max_width=mid.width,
        )
        ui.blit_text(
            surf,
            ui.tr("value.similarity", v=ui.i18n.num(alert.score, 1)),
            (mid.centerx, mid.centery + 4),
            "title",
            th.ui("heading"),
            bold=True,
            anchor="center",
            max_width=mid.width,
        )
        threshold = float(model.params.threshold)
        ui.blit_text(
            surf,
            ui.tr("alert.threshold", v=ui.i18n.num(threshold, 1 if threshold % 1 else 0)),
            (mid.centerx, mid.bottom - 4),
            "small",
            th.ui("text_dim"),
            anchor="midbottom",
            max_width=mid.width,
        )
        # Same person or not: a shape and words, not only a colour.
        y = left.bottom + 34
        same = bool(alert.is_true)
        detector_card.verdict(surf, ui, r, y, "alert.same" if same else "alert.not_same", same)
        # Where it went: review, then the stop.
        y += 36
        status = str(alert.status)
        when = detector_card.status_text(ui, model, status)
        ui.blit_text(
            surf,
            ui.tr("alert.now", status=when),
            (r.x, y),
            "body",
            th.ui("text"),
            max_width=r.width,
        )
        top = y + 40
        if not same and top + 40 <= r.bottom:
            # how a stranger can score that high: the best of very many comparisons
            why = ui.tr("alert.lookalike", n=ui.i18n.num(int(model.watchlist_size)))
            box = pygame.Rect(r.x, top, r.width, min(64, r.bottom - top))
            top += ui.blit_wrapped(surf, why, box, "small", th.ui("text_dim")) + 8
        if top + 44 <= r.bottom:
            self._draw_timeline(surf, ui, status, pygame.Rect(r.x, top, r.width, r.bottom - top))

    def _draw_road(
        self, surf: pygame.Surface, ui: UI, model: Any, alert: Any, y: int, detector: str
    ) -> None:
        """Where a detector's alert is now and its road, under the detector's own half."""
        r = self.rect
        status = str(alert.status)
        ui.blit_text(
            surf,
            ui.tr("alert.now", status=detector_card.status_text(ui, model, status)),
            (r.x, y),
            "body",
            ui.theme.ui("text"),
            max_width=r.width,
        )
        top = y + 40
        if top + 44 <= r.bottom:
            area = pygame.Rect(r.x, top, r.width, r.bottom - top)
            # A gun or plate alert left "confirmed" after its step was called off
            # between review and response (staff, the eye check): its road ends there.
            called_off = detector in ("weapons", "plates") and status in ("confirmed", "passed")
            stage = (1, True) if called_off else None
            self._draw_timeline(surf, ui, status, area, detector, stage)

    def _draw_timeline(
        self,
        surf: pygame.Surface,
        ui: UI,
        status: str,
        area: pygame.Rect,
        detector: str = "faces",
        stage: tuple[int, bool] | None = None,
    ) -> None:
        """The alert's road as four stops: alert, operator, officers, outcome.

        Stages passed are filled dots, the current one a ring, stages the
        alert will never reach are small dashes: the state reads from the
        shapes and the words, not from colour.
        """
        th = ui.theme
        reached, ended = timeline_stage(status) if stage is None else stage
        n = len(TIMELINE)
        step = area.width / n  # one column per stage, its dot and name centred
        xs = [round(area.x + (i + 0.5) * step) for i in range(n)]
        cy = area.y + 9
        for i in range(n - 1):
            colour = th.ui("fill") if i + 1 <= reached else th.ui("track")
            pygame.draw.line(surf, colour, (xs[i] + 9, cy), (xs[i + 1] - 9, cy), 3)
        for i, key in enumerate(TIMELINE):
            x = xs[i]
            if i < reached or (i == reached and ended):
                pygame.draw.circle(surf, th.ui("fill"), (x, cy), 8)
                text_colour = th.ui("text")
            elif i == reached:
                pygame.draw.circle(surf, th.ui("focus"), (x, cy), 8, 3)
                text_colour = th.ui("heading")
            else:
                pygame.draw.line(surf, th.ui("track"), (x - 6, cy), (x + 6, cy), 3)
                text_colour = th.ui("text_dim")
            ui.blit_text(
                surf,
                dtr(ui, "alert.timeline." + key, detector),
                (x, cy + 13),
                "small",
                text_colour,
                anchor="midtop",
                max_width=round(step) - 6,
            )
