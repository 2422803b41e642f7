"""The title screen: what this is, pick a situation, start.

Kept short on purpose (a museum visitor reads one line); the kiosk adds its
attract loop on top of this later.
"""

from __future__ import annotations

from typing import Any

import pygame

from sim.game import layout as L
from sim.game.detector_look import detector_tabs, dtr, scenario_detector
from sim.game.scenes.base import Scene
from sim.game.scenes.picker import CARD_H, CARD_W, COLS, GAP, scenario_cards
from sim.game.widgets import Button, FocusRing, Widget
from sim.text.i18n import available_languages, language_name

TABS_Y = 328  # the detector tabs, under "Choose a situation"
CARDS_Y = TABS_Y + 56 + 14


class TitleScene(Scene):
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.selected = app.session.scenario_name
        # Every situation the sandbox can show, grouped by what is scanned: a row
        # of detector tabs (faces, guns, plates, calls) chooses which are listed.
        self.all_scenarios = app.playable_scenarios()
        self.detector = next(
            (scenario_detector(s) for s in self.all_scenarios if s.name == self.selected),
            "faces",
        )
        self.tabs = detector_tabs(
            self.ui, L.W // 2, TABS_Y, lambda: self.detector, self.choose_detector
        )
        most = max(
            (
                sum(1 for s in self.all_scenarios if scenario_detector(s) == d)
                for d in {scenario_detector(s) for s in self.all_scenarios}
            ),
            default=1,
        )
        rows = (most + COLS - 1) // COLS  # the buttons stay put whichever tab is chosen
        y_buttons = CARDS_Y + rows * (CARD_H + GAP) + 24
        # Story first (Enter starts it), then the sandbox with the chosen situation.
        self.story = Button(
            pygame.Rect(L.W // 2 - 680, y_buttons, 560, 90),
            lambda: self.ui.tr("menu.story"),
            lambda: self.app.open("story", replace=True),
            name="story",
            size="title",
        )
        self.start = Button(
            pygame.Rect(L.W // 2 - 100, y_buttons, 380, 90),
            lambda: self.ui.tr("menu.sandbox"),
            self.begin,
            name="start",
            size="title",
        )
        self.about = Button(
            pygame.Rect(L.W // 2 + 300, y_buttons, 380, 90),
            lambda: self.ui.tr("menu.about"),
            lambda: self.app.open("about"),
            name="about",
        )
        langs = [c for c in ("en", "es", "fr", "de") if c in available_languages()]
        self.languages: list[Widget] = [
            Button(
                pygame.Rect(L.W - 16 - (len(langs) - i) * 154, 10, 146, 50),
                lambda c=c: language_name(c),
                lambda c=c: self.ui.i18n.set_language(c),
                name=f"lang:{c}",
                on=lambda c=c: self.ui.i18n.lang == c,
                size="body",
            )
            for i, c in enumerate(langs)
        ]
        # A teacher's setup code: the same city, seed and knobs as the teacher's screen.
        self.code = Button(
            pygame.Rect(16, 10, 330, 50),
            lambda: self.ui.tr("code.enter"),
            lambda: self.app.open("code", replace=True),
            name="code",
            size="body",
        )
        self.prefs = Button(
            pygame.Rect(360, 10, 300, 50),
            lambda: self.ui.tr("prefs.open"),
            lambda: self.app.open("preferences", replace=True),
            name="preferences",
            size="body",
        )
        self.corner = [self.code] if app.options.kiosk else [self.code, self.prefs]
        self.cards: list[Widget] = []
        self._build_cards()
        self.focus.index = 0
        self.focus.visible = True  # Enter starts: show where it will act

    def shown_scenarios(self) -> list[Any]:
        """The situations of the chosen detector, in their files' order."""
        return [s for s in self.all_scenarios if scenario_detector(s) == self.detector]

    def _build_cards(self) -> None:
        """The chosen detector's situation cards, and the focus ring through everything."""
        x0 = (L.W - COLS * CARD_W - (COLS - 1) * GAP) // 2
        self.cards = scenario_cards(
            self.ui,
            self.shown_scenarios(),
            (x0, CARDS_Y),
            self.select,
            lambda name: self.selected == name,
        )
        self.focus = FocusRing(
            [
                self.story,
                self.start,
                self.about,
                *self.tabs,
                *self.cards,
                *self.corner,
                *self.languages,
            ]
        )

    def choose_detector(self, detector: str) -> None:
        """Show that detector's situations; its first is chosen unless one of it already is."""
        if detector == self.detector:
            return
        self.detector = detector
        shown = self.shown_scenarios()
        if shown and self.selected not in {s.name for s in shown}:
            self.selected = shown[0].name
        index = self.focus.index
        self._build_cards()
        self.focus.index = index
        self.focus.visible = True

    def select(self, name: str) -> None:
        if name == self.selected:
            self.begin()
            return
        self.selected = name

    def begin(self) -> None:
        session = self.app.session
        if self.selected != session.scenario_name and not session.switch_scenario(self.selected):
            return
        self.app.open("sandbox", replace=True)

    def dirty_rects(self) -> list[pygame.Rect] | None:
        return []  # nothing moves without input (input redraws everything)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if not self.app.options.kiosk:
                self.app.quit()
            return True
        return self.focus.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        ui.page(surface, ui.tr("app.title"))
        ui.blit_wrapped(
            surface,
            dtr(ui, "title.tagline", self.detector),  # what the chosen detector does
            pygame.Rect(L.W // 2 - 760, 150, 1520, 110),
            "large",
            th.ui("text"),
            align="center",
        )
        ui.blit_text(
            surface,
            ui.tr("title.pick"),
            (L.W // 2, 318),
            "label",
            th.ui("text_dim"),
            anchor="midbottom",
        )
        self.focus.draw(surface, ui)
        ui.blit_wrapped(
            surface,
            ui.tr("title.privacy"),
            pygame.Rect(L.W // 2 - 800, L.H - 70, 1600, 60),
            "small",
            th.ui("text_dim"),
            align="center",
        )
