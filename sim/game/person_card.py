"""One person, picked by a tap on the map: what the system did to them.

Rates hide people. A visitor who taps a dot sees one person's face code, their
group, whether they are really wanted, and their day counted in words: how
often their face was scanned, how many alerts named them (and how many were
false), how many an operator confirmed, how often police stopped them and how
long they were wrongly held. The card takes the place of the alert card while
it is open; the map rings the person and keeps the ring on them as they walk.

The card keeps only the person's number and a weak reference to the crowd it
was picked from, never the model: a kiosk reset must be able to free the
visitor's whole simulation, and a new crowd (reset, another situation, a
structural knob) makes the old number meaningless, so the card closes itself.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pygame

from sim.game import detector_card
from sim.game.city_view import STATE_NAMES, draw_token
from sim.game.detector_look import detector_of, dkey, draw_mark, dtr
from sim.game.glyph_cache import GlyphCache
from sim.game.icon_array import figure
from sim.game.layout import MIN_TARGET
from sim.game.widgets import Button
from sim.text.ui import UI

GLYPH = 112
LEFT_W = 124  # glyph column: glyph, group, wanted or not
CLOSE_W = 56
ROW_H = 34
PAD = 14


class CloseButton(Button):
    """A finger-sized button drawn as a cross: no words to translate or to fit."""

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        self.draw_face(surf, ui)
        c = self.rect.center
        color = ui.theme.ui("heading")
        for sx in (-1, 1):
            a = (c[0] - 11, c[1] - 11 * sx)
            b = (c[0] + 11, c[1] + 11 * sx)
            pygame.draw.line(surf, color, a, b, 4)
        self._draw_focus(surf, ui, focused)


class PersonCard:
    """The selected person (if any) and the card that tells their story."""

    def __init__(self, rect: pygame.Rect, glyphs: GlyphCache, on_close: Callable[[], None]) -> None:
        self.rect = pygame.Rect(rect)
        self.glyphs = glyphs
        self.person: int | None = None
        self._crowd: weakref.ReferenceType[Any] | None = None
        close = pygame.Rect(0, 0, CLOSE_W, MIN_TARGET)
        close.topright = (self.rect.right - 8, self.rect.y + 6)
        self.close_button = CloseButton(close, lambda: "", on_close, name="close_person")

    # --- which person -----------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.person is not None

    def select(self, model: Any, person: int) -> None:
        """Open the card on `person` of `model`'s crowd."""
        self.person = int(person)
        self._crowd = weakref.ref(model.people)

    def close(self) -> None:
        self.person = None
        self._crowd = None

    def follow(self, model: Any) -> None:
        """Close if the crowd the person came from is gone (reset, new situation)."""
        if self.person is None:
            return
        crowd = None if self._crowd is None else self._crowd()
        if crowd is not model.people or not 0 <= self.person < int(model.people.n):
            self.close()

    def handle(self, event: pygame.event.Event) -> bool:
        """The close button, while the card is open."""
        return self.is_open and self.close_button.handle(event)

    # --- drawing ----------------------------------------------------------
    def draw(self, surf: pygame.Surface, ui: UI, model: Any, today: bool = True) -> None:
        """The card over the alert panel; `today` chooses the span, as the funnel does."""
        self.follow(model)
        if self.person is None:
            return
        th = ui.theme
        r = self.rect
        story = model.person_story(self.person, today=today)
        ppl = model.people
        pygame.draw.rect(surf, th.ui("panel"), r, 0, 12)
        pygame.draw.rect(surf, th.ui("focus"), r, 3, 12)  # the map's ring has this colour
        title = "person.title_today" if today else "person.title_all"
        ui.blit_text(
            surf,
            ui.tr(title, id=str(self.person)),
            (r.x + PAD, r.y + 8),
            "label",
            th.ui("heading"),
            bold=True,
            max_width=self.close_button.rect.x - r.x - PAD - 8,
        )
        self.close_button.draw(surf, ui)
        detector = detector_of(model)
        self._draw_who(surf, ui, np.asarray(ppl.code[self.person]), story, detector, model)
        state = STATE_NAMES[int(ppl.state[self.person])]
        self._draw_rows(surf, ui, state, story, detector)

    def _draw_who(
        self,
        surf: pygame.Surface,
        ui: UI,
        code: np.ndarray,
        story: dict,
        detector: str = "faces",
        model: Any = None,
    ) -> None:
        """Left column: the face code as a glyph, the group, wanted or not.

        Beyond faces nothing compares a face code, so the person is a pictogram
        with the detector's mark (and, for plates, their car's plate).
        """
        th = ui.theme
        r = self.rect
        glyph = pygame.Rect(r.x + PAD + (LEFT_W - GLYPH) // 2, r.y + 56, GLYPH, GLYPH)
        if detector == "faces":
            surf.blit(self.glyphs.get(code, GLYPH), glyph)
        else:
            self._draw_figure(surf, ui, glyph, story, detector, model)
        name = str(story["group"])
        color = th.color("groups", name) if name in ("A", "B", "C", "D") else th.ui("text")
        y = glyph.bottom + 6
        for text, col, bold in (
            (ui.tr("who.group", name=name), color, True),
            (
                dtr(ui, "person.wanted" if story["wanted"] else "person.not_wanted", detector),
                None,
                False,
            ),
        ):
            ui.blit_text(
                surf,
                text,
                (r.x + PAD + LEFT_W // 2, y),
                "small",
                col or th.ui("text"),
                bold=bold,
                anchor="midtop",
                max_width=LEFT_W,
            )
            y += 26

    def _draw_figure(
        self,
        surf: pygame.Surface,
        ui: UI,
        box: pygame.Rect,
        story: dict,
        detector: str,
        model: Any,
    ) -> None:
        """The person as a pictogram (never a face) with the detector's mark."""
        th = ui.theme
        wanted = bool(story["wanted"])
        colour = th.color("charts", "wanted" if wanted else "innocent")
        fig_h = box.height if detector != "plates" else box.height - 30
        fig_w = fig_h * 2 // 3
        surf.blit(figure(fig_w, fig_h, colour, solid=wanted), (box.centerx - fig_w // 2, box.y))
        draw_mark(surf, ui, detector, (box.x + 4, box.y + 12), 12)
        det = getattr(model, "detector", None)
        if detector == "plates" and det is not None and self.person is not None:
            plate = pygame.Rect(box.x - 10, box.bottom - 28, box.width + 20, 28)
            chars = detector_card.plate_text(int(det.code[self.person]))
            pygame.draw.rect(surf, (238, 238, 228), plate, 0, 5)
            pygame.draw.rect(surf, (20, 20, 20), plate, 2, 5)
            ui.blit_text(surf, chars, plate.center, "small", (20, 20, 20), True, anchor="center")

    def _draw_rows(
        self, surf: pygame.Surface, ui: UI, state: str, story: dict, detector: str = "faces"
    ) -> None:
        """Right column: the state now (shape and words), then the counts in words."""
        th = ui.theme
        r = self.rect
        x = r.x + PAD + LEFT_W + 12
        width = r.right - PAD - x
        y = r.y + 58
        draw_token(surf, th, state, (x + 8, y + 14))
        ui.blit_text(
            surf,
            ui.tr("person.now", state=dtr(ui, f"state.{state}", detector)),
            (x + 24, y + 14),
            "label",
            th.ui("heading"),
            bold=True,
            anchor="midleft",
            max_width=width - 24,
        )
        y += 40
        lines = self._lines(ui, story, detector)
        # One type size for every row (the largest at which all fit), so a long
        # German or French row does not leave the card looking ragged.
        body = th.size("body")
        sizes = list(range(body, th.size("small") - 3, -1))
        px = min(ui.text.fit_size(text, sizes, width - 18) for _c, text, _n in lines)
        for color, text, count in lines:
            bar = pygame.Rect(x + 2, y + 3, 6, ROW_H - 10)
            pygame.draw.rect(surf, th.color("charts", color), bar, 0, 2)
            ui.blit_text(
                surf,
                text,
                (x + 18, y + (ROW_H - 6) // 2),
                px,
                th.ui("text") if count else th.ui("text_dim"),
                anchor="midleft",
                max_width=width - 18,
            )
            y += ROW_H

    @staticmethod
    def _lines(ui: UI, story: dict, detector: str = "faces") -> list[tuple[str, str, float]]:
        """(chart colour, words, count) for each row; a zero row is drawn dimmer."""
        alerts = int(story["alerts"])
        if alerts:
            alert_text = ui.tr(
                "person.alerts_line",
                alerts=ui.tr_n("person.alerts", alerts),
                false=ui.tr_n("person.false", int(story["false_alerts"])),
            )
        else:
            alert_text = ui.tr("person.alerts_none")
        lines: list[tuple[str, str, float]] = [
            (
                "faces",
                ui.tr_n(dkey(ui, "person.scans", detector), int(story["scans"])),
                story["scans"],
            ),
            ("alerts", alert_text, alerts),
            (
                "confirmed",
                ui.tr_n(dkey(ui, "person.confirmed", detector), story["confirmed"]),
                story["confirmed"],
            ),
            ("stops", ui.tr_n(dkey(ui, "person.stops", detector), story["stops"]), story["stops"]),
        ]
        if story["wanted"]:
            found = bool(story["found"])
            lines.append(
                (
                    "wanted",
                    dtr(ui, "person.found" if found else "person.not_found", detector),
                    int(found),
                )
            )
        else:
            hours = round(float(story["held_hours"]), 1)
            n: float = hours if hours else 0
            lines.append(("detained", ui.tr_n("person.held", n), hours))
        return lines
