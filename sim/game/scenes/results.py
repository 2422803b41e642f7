"""The end of a run: what it added up to, in people, over the live screen.

The card reads the session's snapshot, the very object the panels behind it
were drawn from when the run ended, so the card and the screen it covers
show one set of numbers. Its buttons save the run's report picture and its
table into the export folder (sim/game/exports.py) and say where they went.
"""

from __future__ import annotations

from typing import Any

import pygame

from sim.game import exports
from sim.game import layout as L
from sim.game.detector_look import dkey, dtr
from sim.game.scenes.base import Scene
from sim.game.widgets import Button, FocusRing

CARD = pygame.Rect(L.W // 2 - 520, 130, 1040, 760)


class ResultsScene(Scene):
    """A card over the sandbox; the sandbox stays visible (not opaque)."""

    opaque = False

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.shade = pygame.Surface((L.W, L.H), pygame.SRCALPHA)
        self.shade.fill((0, 0, 0, 150))
        self.note = ""  # where an export went, or why it could not be saved
        y = CARD.bottom - 84
        w, gap = 300, 30
        x0 = CARD.centerx - (3 * w + 2 * gap) // 2
        self.again = Button(
            pygame.Rect(x0, y, w, 60),
            lambda: self.ui.tr("results.again"),
            self._again,
            name="again",
        )
        self.compare = Button(
            pygame.Rect(x0 + w + gap, y, w, 60),
            lambda: self.ui.tr("results.compare"),
            lambda: self.app.open("compare"),
            name="compare",
        )
        self.close = Button(
            pygame.Rect(x0 + 2 * (w + gap), y, w, 60),
            lambda: self.ui.tr("results.close"),
            self._close,
            name="close",
        )
        self.save_report = Button(
            pygame.Rect(CARD.x + 40, y - 80, 440, 60),
            lambda: self.ui.tr("code.save_report"),
            lambda: self._export(exports.save_report),
            name="save_report",
        )
        self.save_table = Button(
            pygame.Rect(CARD.right - 480, y - 80, 440, 60),
            lambda: self.ui.tr("code.save_table"),
            lambda: self._export(exports.save_table),
            name="save_table",
        )
        self.focus = FocusRing(
            [self.again, self.compare, self.close, self.save_report, self.save_table]
        )
        self.focus.index = 0
        self.focus.visible = True
        self.snap = app.session.snapshot()

    def _export(self, save: Any) -> None:
        self.note = save(self.app)

    def _again(self) -> None:
        self.app.session.reset()
        self.app.pop()

    def _close(self) -> None:
        self.app.session.paused = True
        self.app.pop()

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_SPACE):
            self._close()
            return True
        return self.focus.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        t = self.snap.totals
        surface.blit(self.shade, (0, 0))
        pygame.draw.rect(surface, th.ui("panel"), CARD, 0, 16)
        pygame.draw.rect(surface, th.ui("focus"), CARD, 3, 16)
        ui.blit_text(
            surface,
            ui.tr("results.title"),
            (CARD.centerx, CARD.y + 30),
            "title",
            th.ui("heading"),
            True,
            "midtop",
            max_width=CARD.width - 60,
        )
        d = getattr(
            self.snap, "detector", "faces"
        )  # each detector's own nouns: calls, plate reads, gunpoint
        lines = [
            dtr(ui, "results.faces", d, n=t.faces_scanned),
            dtr(ui, "results.alerts", d, n=t.alerts, false=t.false_alerts),
            ui.tr_n(dkey(ui, "results.stopped", d), t.innocent_people_stopped),
            ui.tr_n(
                "results.detained",
                t.wrongful_detentions,
                hours=round(t.innocent_detention_hours),
            )
            if t.wrongful_detentions
            else ui.tr("results.detained_none"),
            ui.tr_n(dkey(ui, "results.found", d), t.wanted_found, present=t.wanted_present)
            if t.wanted_present
            else dtr(ui, "results.found_none", d),
        ]
        y = CARD.y + 110
        for line in lines:
            h = ui.blit_wrapped(
                surface,
                line,
                pygame.Rect(CARD.x + 50, y, CARD.width - 100, 70),
                "label",  # two lines of it fit the row: 70 px
                th.ui("text"),
            )
            y += max(h, 40) + 14
        # The run's setup code, large: the class can rerun exactly this day.
        code = self.app.session.setup_code()
        ui.blit_text(
            surface,
            ui.tr("code.show", code=code) if code else ui.tr("code.big"),
            (CARD.centerx, CARD.bottom - 250),
            "title" if code else "body",
            th.ui("heading"),
            True,
            "midbottom",
            max_width=CARD.width - 60,
        )
        if self.note:
            ui.blit_wrapped(
                surface,
                self.note,
                pygame.Rect(CARD.x + 40, CARD.bottom - 240, CARD.width - 80, 76),
                "body",
                th.ui("focus"),
                align="center",
            )
        self.focus.draw(surface, ui)
