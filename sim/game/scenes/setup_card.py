"""The setup card: the running setup's code, big enough to read from the back of a room.

Opened from the code button at the top left of the sandbox. The teacher
projects it, the class types the code on the title screen (*Enter a code*)
and gets the same city. The card also gives the same setup as a command line
(copied to the clipboard where the system has one), saves a setup file when
the setup is too big for a code — only when asked, into the export folder
chosen in Preferences — saves the run's report picture and its table
(sim/game/exports.py), and is the visible way back to the title screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from sim.game import exports
from sim.game import layout as L
from sim.game.scenes.base import Scene, register_scene
from sim.game.widgets import Button, FocusRing
from sim.setup_code import write_setup_file

CARD = pygame.Rect(L.W // 2 - 760, 120, 1520, 840)
CODE_PX = 150  # about 2 cm tall on a 2 m projected image: readable from 10 m


class SetupCard(Scene):
    opaque = False

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.note = ""
        self.shade = pygame.Surface((L.W, L.H), pygame.SRCALPHA)
        self.shade.fill((0, 0, 0, 160))
        tr = self.ui.tr
        # two rows: what to do with this setup, then where to go
        rows = (
            {
                "copy": self.copy,
                "save_report": self.save_report,
                "save_table": self.save_table,
                "save_file": self.save_file,
            },
            {"title_screen": self.to_title, "close": self.app.pop},
        )
        w, gap = 340, 20
        self.buttons = []
        for r, actions in enumerate(rows):
            y = CARD.bottom - 200 + r * 100
            x0 = CARD.x + (CARD.width - len(actions) * w - (len(actions) - 1) * gap) // 2
            self.buttons += [
                Button(
                    pygame.Rect(x0 + i * (w + gap), y, w, 80),
                    lambda name=name: tr(f"code.{name}"),
                    act,
                    name=name,
                )
                for i, (name, act) in enumerate(actions.items())
            ]
        self.focus = FocusRing(self.buttons)

    # --- what the buttons do ------------------------------------------------
    def copy(self) -> None:
        command = self.app.session.setup().command()
        try:
            if not pygame.scrap.get_init():
                pygame.scrap.init()
            pygame.scrap.put_text(command)
            self.note = self.ui.tr("code.copied")
        except (pygame.error, AttributeError, NotImplementedError):
            self.note = command  # no clipboard here: show it to be typed instead

    def save_file(self) -> None:
        session = self.app.session
        self.note = exports.save(
            self.app,
            f"setup-{Path(str(session.scenario_name)).stem}-seed{session.seed}.toml",
            lambda path: (
                write_setup_file(path, session.setup()) or self.ui.tr("code.saved", path=str(path))
            ),
        )

    def save_report(self) -> None:
        """The one-page report of the run so far, as `report --setup CODE` draws it."""
        self.note = exports.save_report(self.app)

    def save_table(self) -> None:
        """The run's alerts as a spreadsheet table, with its side file."""
        self.note = exports.save_table(self.app)

    def to_title(self) -> None:
        self.app.open("title", replace=True)

    # --- the scene protocol --------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        self.focus.handle(event)
        return True  # the sandbox below gets nothing while the card is up

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        surface.blit(self.shade, (0, 0))
        pygame.draw.rect(surface, th.ui("panel"), CARD, 0, 16)
        pygame.draw.rect(surface, th.ui("panel_border"), CARD, 3, 16)
        ui.blit_text(
            surface,
            ui.tr("code.menu"),
            (CARD.centerx, CARD.y + 30),
            "title",
            th.ui("heading"),
            True,
            "midtop",
        )
        session = self.app.session
        code = session.setup_code()
        if code is not None:
            ui.blit_text(
                surface,
                code,
                (CARD.centerx, CARD.y + 95),
                CODE_PX,
                th.ui("heading"),
                True,
                "midtop",
                max_width=CARD.width - 80,
            )
        else:
            ui.blit_wrapped(
                surface,
                ui.tr("code.big"),
                pygame.Rect(CARD.x + 60, CARD.y + 150, CARD.width - 120, 120),
                "title",
                th.ui("warning"),
                True,
                align="center",
            )
        ui.blit_text(
            surface, ui.tr("code.command"), (CARD.x + 60, CARD.y + 300), "label", th.ui("text_dim")
        )
        ui.blit_wrapped(
            surface,
            session.setup().command(),
            pygame.Rect(CARD.x + 60, CARD.y + 340, CARD.width - 120, 140),
            "large",
            th.ui("text"),
        )
        if self.note:
            ui.blit_wrapped(
                surface,
                self.note,
                pygame.Rect(CARD.x + 60, CARD.y + 490, CARD.width - 120, 120),
                "label",
                th.ui("focus"),
                align="center",
            )
        self.focus.draw(surface, ui)


register_scene("setup", lambda app, **kw: SetupCard(app, **kw))
