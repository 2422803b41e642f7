"""The setup card: the running setup's code, big enough to read from the back of a room.

Opened from the code button at the top left of the sandbox. The teacher
projects it, the class types the code on the title screen (*Enter a code*)
and gets the same city. The card also gives the same setup as a command line
(copied to the clipboard where the system has one), saves a setup file when
the setup is too big for a code — only when asked, into the export folder
chosen in Preferences — and is the visible way back to the title screen.
"""

from __future__ import annotations

from typing import Any

import pygame

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
        y = CARD.bottom - 110
        w, gap = 270, 20
        actions = {
            "copy": self.copy,
            "save_report": self.save_report,
            "save_file": self.save_file,
            "title_screen": self.to_title,
            "close": self.app.pop,
        }
        x0 = CARD.x + (CARD.width - len(actions) * w - (len(actions) - 1) * gap) // 2
        self.buttons = [
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
        self._export(
            f"setup-{session.scenario_name}-seed{session.seed}.toml",
            lambda path: write_setup_file(path, session.setup()),
        )

    def save_report(self) -> None:
        """The one-page report of the run so far, as `report --setup CODE` draws it."""
        from sim.report import render_report

        session = self.app.session
        self._export(
            f"report-{session.scenario_name}-seed{session.seed}.png",
            lambda path: render_report(session.model, session.scenario, path, self.ui.i18n.lang),
        )

    def _export(self, name: str, write: Any) -> None:
        """Write one file into the export folder and say on screen where it went."""
        folder = self.app.preferences.export_dir()
        path = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write(path)
        except (OSError, ValueError) as exc:  # ValueError: ReportError, a bad language
            self.note = self.ui.tr("code.not_saved", why=getattr(exc, "strerror", None) or str(exc))
            return
        self.note = self.ui.tr("code.saved", path=str(path))

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
                (CARD.centerx, CARD.y + 110),
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
            surface, ui.tr("code.command"), (CARD.x + 60, CARD.y + 360), "label", th.ui("text_dim")
        )
        ui.blit_wrapped(
            surface,
            session.setup().command(),
            pygame.Rect(CARD.x + 60, CARD.y + 400, CARD.width - 120, 160),
            "large",
            th.ui("text"),
        )
        if self.note:
            ui.blit_wrapped(
                surface,
                self.note,
                pygame.Rect(CARD.x + 60, CARD.y + 580, CARD.width - 120, 90),
                "label",
                th.ui("focus"),
                align="center",
            )
        self.focus.draw(surface, ui)


register_scene("setup", lambda app, **kw: SetupCard(app, **kw))
