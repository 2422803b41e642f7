"""Enter a setup code: thirty students type the teacher's code and get the same city.

The screen has its own on-screen keyboard (the 32 letters codes use, Delete,
Open, Back), so it works on a touch screen with no keyboard as well as with
one; a physical keyboard types too. A letter a code never uses (0, O, 1, I)
is refused as it is typed, with the reason on screen; a complete code that
does not check out says which kind of mistake it is, in the player's
language. A good code loads exactly the setup `run --setup CODE` runs and
opens the sandbox.
"""

from __future__ import annotations

from typing import Any

import pygame

from sim.game import layout as L
from sim.game.scenes.base import Scene, register_scene
from sim.game.widgets import Button, FocusRing, Widget
from sim.setup_code import ALPHABET, MAX_CODE_LETTERS, SetupCodeError, decode, format_code

KEY_W, KEY_H, KEY_GAP, KEYS_PER_ROW = 150, 96, 14, 8


class CodeEntryScene(Scene):
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.letters = ""
        self.error = ""  # a locale key under code.error, or ""
        x0 = (L.W - KEYS_PER_ROW * KEY_W - (KEYS_PER_ROW - 1) * KEY_GAP) // 2
        y0 = 400
        self.keys: list[Widget] = []
        for i, ch in enumerate(ALPHABET):
            rect = pygame.Rect(
                x0 + (i % KEYS_PER_ROW) * (KEY_W + KEY_GAP),
                y0 + (i // KEYS_PER_ROW) * (KEY_H + KEY_GAP),
                KEY_W,
                KEY_H,
            )
            self.keys.append(
                Button(
                    rect, lambda ch=ch: ch, lambda ch=ch: self.type(ch), f"key:{ch}", size="title"
                )
            )
        y_actions = y0 + 4 * (KEY_H + KEY_GAP) + 20
        self.delete = Button(
            pygame.Rect(x0, y_actions, 360, 90),
            lambda: self.ui.tr("code.delete"),
            self.backspace,
            name="delete",
            size="large",
        )
        self.back = Button(
            pygame.Rect(L.W // 2 - 180, y_actions, 360, 90),
            lambda: self.ui.tr("code.back"),
            self.leave_screen,
            name="back",
            size="large",
        )
        self.open_button = Button(
            pygame.Rect(L.W - x0 - 360, y_actions, 360, 90),
            lambda: self.ui.tr("code.open"),
            self.submit,
            name="open",
            size="title",
        )
        self.focus = FocusRing([*self.keys, self.delete, self.back, self.open_button])

    # --- what the keys do -------------------------------------------------
    def type(self, ch: str) -> None:
        ch = ch.upper()
        if ch in "0O1I":
            self.error = "confusable"
            return
        if ch not in ALPHABET:
            self.error = "letter"
            return
        if len(self.letters) >= MAX_CODE_LETTERS:
            self.error = "long"
            return
        self.letters += ch
        self.error = ""

    def backspace(self) -> None:
        self.letters = self.letters[:-1]
        self.error = ""

    def leave_screen(self) -> None:
        self.app.open("title", replace=True)

    def submit(self) -> None:
        try:
            setup = decode(self.letters)
        except SetupCodeError as exc:
            self.error = exc.kind
            return
        session = self.app.session
        try:
            session.load(setup.scenario, setup.seed, list(setup.overrides))
        except ValueError:  # a scenario missing from this installation
            self.error = "newer"
            return
        self.app.open("sandbox", replace=True)

    # --- the scene protocol --------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.leave_screen()
                return True
            if event.key == pygame.K_BACKSPACE:
                self.backspace()
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.letters:
                self.submit()
                return True
            if event.unicode and event.unicode.isascii() and event.unicode.isalnum():
                self.type(event.unicode)  # KEYDOWN only: TEXTINPUT would type it twice
                return True
        return self.focus.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        ui.page(surface, ui.tr("code.title"))
        ui.blit_wrapped(
            surface,
            ui.tr("code.hint"),
            pygame.Rect(L.W // 2 - 700, 140, 1400, 80),
            "large",
            th.ui("text"),
            align="center",
        )
        field = pygame.Rect(L.W // 2 - 560, 230, 1120, 110)
        pygame.draw.rect(surface, th.ui("panel"), field, 0, 12)
        pygame.draw.rect(surface, th.ui("focus"), field, 3, 12)
        shown = format_code(self.letters) if self.letters else ""
        ui.blit_text(surface, shown + "_", field.center, "huge", th.ui("heading"), True, "center")
        if self.error:
            ui.blit_text(
                surface,
                ui.tr(f"code.error.{self.error}"),
                (L.W // 2, field.bottom + 14),
                "large",
                th.ui("warning"),
                True,
                "midtop",
                max_width=1700,
            )
        self.focus.draw(surface, ui)


register_scene("code", lambda app, **kw: CodeEntryScene(app, **kw))
