"""Preferences: language, text size, projector mode, reduced motion, where exports go.

For a teacher who starts the game by double-click: every choice takes effect
at once on this screen (so the projector's look can be judged from the back of
the room) and is saved in the user's preferences file. Not offered in kiosk
mode, where the museum's staff-only settings file decides.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pygame

from sim.game import layout as L
from sim.game.preferences import EXPORT_FOLDERS, TEXT_SIZES, apply_preferences, save_preferences
from sim.game.scenes.base import Scene, register_scene
from sim.game.widgets import Button, Choice, FocusRing, Slider, Toggle
from sim.text.i18n import available_languages, language_name

ROW_W, ROW_H, ROW_GAP = 900, 110, 20


class PreferencesScene(Scene):
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.problem = ""
        tr = self.ui.tr
        x = (L.W - ROW_W) // 2
        rows = [pygame.Rect(x, 170 + i * (ROW_H + ROW_GAP), ROW_W, ROW_H) for i in range(5)]
        langs = [c for c in ("en", "es", "fr", "de") if c in available_languages()]
        self.widgets = [
            Choice(
                rows[0],
                lambda: tr("prefs.language"),
                lambda: langs,
                lambda: self.ui.i18n.lang,
                lambda c: self.change(language=c),
                language_name,
                name="language",
            ),
            Slider(
                rows[1],
                lambda: tr("prefs.text_size"),
                lambda: self.prefs.text_size,
                lambda v: self.change(text_size=round(v, 2)),
                TEXT_SIZES[0],
                TEXT_SIZES[1],
                fmt=lambda v: self.ui.i18n.percent(v),
                name="text_size",
                steps=10,
                resolution=0.05,
            ),
            Toggle(
                rows[2],
                lambda: tr("prefs.projector"),
                lambda: self.prefs.projector,
                lambda on: self.change(projector=bool(on)),
                lambda: tr("value.on"),
                lambda: tr("value.off"),
                name="projector",
            ),
            Toggle(
                rows[3],
                lambda: tr("prefs.reduced_motion"),
                lambda: self.prefs.reduced_motion,
                lambda on: self.change(reduced_motion=bool(on)),
                lambda: tr("value.on"),
                lambda: tr("value.off"),
                name="reduced_motion",
            ),
            Choice(
                rows[4],
                lambda: tr("prefs.exports"),
                lambda: EXPORT_FOLDERS,
                lambda: self.prefs.export_folder,
                lambda f: self.change(export_folder=f),
                lambda f: tr(f"prefs.folder.{f}"),
                name="export_folder",
            ),
        ]
        self.back = Button(
            pygame.Rect(L.W // 2 - 200, L.H - 150, 400, 90),
            lambda: tr("code.back"),
            lambda: self.app.open("title", replace=True),
            name="back",
            size="title",
        )
        self.focus = FocusRing([*self.widgets, self.back])

    @property
    def prefs(self) -> Any:
        return self.app.preferences

    def change(self, **values: Any) -> None:
        """Apply one change now and remember it."""
        prefs = replace(self.prefs, **values)
        self.app.preferences = prefs
        self.app.text_scale = apply_preferences(
            self.ui, self.app.session, self.app.base_theme, prefs, "reduced_motion" in values
        )
        self.app.full_next = True
        self.problem = save_preferences(prefs) or ""

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.open("title", replace=True)
            return True
        return self.focus.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        ui.page(surface, ui.tr("prefs.title"))
        self.focus.draw(surface, ui)
        folder = self.widgets[-1].rect
        ui.blit_text(
            surface,
            str(self.prefs.export_dir()),
            (folder.x, folder.bottom + 8),
            "body",
            th.ui("text_dim"),
            max_width=ROW_W,
        )
        if self.problem:
            ui.blit_text(
                surface,
                self.problem,
                (L.W // 2, L.H - 200),
                "body",
                th.ui("warning"),
                anchor="midbottom",
                max_width=1700,
            )


register_scene("preferences", lambda app, **kw: PreferencesScene(app, **kw))
