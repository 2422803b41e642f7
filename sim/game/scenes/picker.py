"""Choose a situation (scenario) over the running sandbox.

Scenario titles are whole sentences ("The Champions League final (Cardiff,
2017)"), too long for a control slot, so the slot opens this list of cards,
each with its title and one line of description. One tap loads it. A row of
tabs above chooses the detector (faces, guns, plates, calls) whose
situations are listed, as the title screen does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from sim.game import layout as L
from sim.game.detector_look import detector_tabs, scenario_detector
from sim.game.scenes.base import Scene
from sim.game.widgets import Button, FocusRing, Widget
from sim.text.scenario_names import scenario_text
from sim.text.ui import UI

CARD_W, CARD_H, GAP = 760, 104, 14
COLS = 2
TABS_H = 56


class ScenarioCard(Button):
    """A big button: the scenario's title, and its description below."""

    def __init__(
        self,
        rect: pygame.Rect,
        title: Callable[[], str],
        description: Callable[[], str],
        action: Callable[[], None],
        name: str,
        on: Callable[[], bool],
    ) -> None:
        super().__init__(rect, title, action, name=name, on=on)
        self.description = description

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        self.draw_face(surf, ui)
        inner = self.rect.inflate(-28, -16)
        ui.blit_text(
            surf,
            self.label(),
            inner.topleft,
            "label",
            th.ui("heading"),
            True,
            max_width=inner.width,
        )
        desc = pygame.Rect(inner.x, inner.y + 34, inner.width, inner.height - 34)
        ui.blit_wrapped(surf, self.description(), desc, "small", th.ui("text"))
        self._draw_focus(surf, ui, focused)


def scenario_cards(
    ui: UI,
    scenarios: list[Any],
    origin: tuple[int, int],
    act: Callable[[str], None],
    is_on: Callable[[str], bool],
) -> list[Widget]:
    """One card per situation, COLS to a row from `origin` (the title's and the picker's)."""
    cards: list[Widget] = []
    for i, scn in enumerate(scenarios):
        rect = pygame.Rect(
            origin[0] + (i % COLS) * (CARD_W + GAP),
            origin[1] + (i // COLS) * (CARD_H + GAP),
            CARD_W,
            CARD_H,
        )
        cards.append(
            ScenarioCard(
                rect,
                lambda s=scn: scenario_text(ui, s, "title"),
                lambda s=scn: scenario_text(ui, s, "summary"),
                lambda name=scn.name: act(name),
                name=f"scenario:{scn.name}",
                on=lambda name=scn.name: is_on(name),
            )
        )
    return cards


class ScenarioPicker(Scene):
    """An overlay list of every scenario; picking one loads it."""

    opaque = False

    def __init__(self, app: Any, on_pick: Callable[[str], None] | None = None) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.on_pick = on_pick
        self.shade = pygame.Surface((L.W, L.H), pygame.SRCALPHA)
        self.shade.fill((0, 0, 0, 170))
        self.all_scenarios = app.playable_scenarios()
        self.current = app.session.scenario_name
        self.detector = next(
            (scenario_detector(s) for s in self.all_scenarios if s.name == self.current),
            "faces",
        )
        kinds = {scenario_detector(s) for s in self.all_scenarios}
        most = max(
            (sum(1 for s in self.all_scenarios if scenario_detector(s) == d) for d in kinds),
            default=1,
        )
        rows = (most + COLS - 1) // COLS  # as tall as the longest list: tabs never move
        width = COLS * CARD_W + (COLS - 1) * GAP
        height = rows * (CARD_H + GAP) + 170 + TABS_H + GAP
        self.box = pygame.Rect((L.W - width) // 2 - 30, (L.H - height) // 2, width + 60, height)
        self.tabs = detector_tabs(
            self.ui,
            self.box.centerx,
            self.box.y + 80,
            lambda: self.detector,
            self.choose_detector,
            height=TABS_H,
        )
        self.cancel = Button(
            pygame.Rect(self.box.centerx - 160, self.box.bottom - 76, 320, 60),
            lambda: self.ui.tr("picker.cancel"),
            self.app.pop,
            name="cancel",
        )
        self.cards: list[Widget] = []
        self._build_cards()
        names = [s.name for s in self.shown_scenarios()]
        self.focus.index = len(self.tabs) + (
            names.index(self.current) if self.current in names else 0
        )
        self.focus.visible = True

    def shown_scenarios(self) -> list[Any]:
        """The situations of the chosen detector."""
        return [s for s in self.all_scenarios if scenario_detector(s) == self.detector]

    def _build_cards(self) -> None:
        """The chosen detector's cards under the tabs; the focus ring through all."""
        self.cards = []
        top = self.box.y + 80 + TABS_H + GAP
        self.cards = scenario_cards(
            self.ui,
            self.shown_scenarios(),
            (self.box.x + 30, top),
            self.pick,
            lambda name: name == self.current,
        )
        self.focus = FocusRing([*self.tabs, *self.cards, self.cancel])

    def choose_detector(self, detector: str) -> None:
        """List another detector's situations (nothing is loaded until a card is picked)."""
        if detector == self.detector:
            return
        self.detector = detector
        index = self.focus.index
        self._build_cards()
        self.focus.index = min(index, len(self.focus.widgets) - 1)
        self.focus.visible = True

    def pick(self, name: str) -> None:
        self.app.pop()
        if self.on_pick is not None:
            self.on_pick(name)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.focus.move(-1 if event.key == pygame.K_LEFT else 1)
            return True
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and not self.box.collidepoint(event.pos)
        ):
            self.app.pop()
            return True
        return self.focus.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        surface.blit(self.shade, (0, 0))
        pygame.draw.rect(surface, th.ui("panel"), self.box, 0, 16)
        pygame.draw.rect(surface, th.ui("focus"), self.box, 3, 16)
        ui.blit_text(
            surface,
            ui.tr("picker.title"),
            (self.box.x + 30, self.box.y + 22),
            "title",
            th.ui("heading"),
            True,
            max_width=self.box.width - 60,
        )
        self.focus.draw(surface, ui)
