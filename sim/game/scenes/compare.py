"""Two runs side by side: the same city, the same seed, one knob changed.

A teacher's walk-through asked for "threshold 80 vs 99" on one screen, so a
class can point at what changed and what did not. Beyond faces the knob is
the one that decides the harm after the alert (`DETECTOR_KNOBS`): whether a
cancellation reaches the police, whether the plate is checked by eye, how
many staff listen to flagged calls. Both runs are the real model, run from
the start with the current setup's parameters and seed (knobs moved during
a live run count from the start here); the right one differs in one knob
only. The left one is the session's own finished day when no knob moved
during it (`CompareScene.start`). They run a little every frame, so the screen
stays responsive and shows how far they are; each funnel is drawn by the
sandbox's own tree from its run's snapshot.
"""

from __future__ import annotations

import time
from typing import Any

import pygame

from sim.game import layout as L
from sim.game.detector_look import detector_of, dtr
from sim.game.funnel import STEP, FunnelTree
from sim.game.scenes.base import Scene, register_scene
from sim.game.snapshot import Snapshot, take
from sim.game.widgets import Button, Choice, FocusRing
from sim.model import Model

BUDGET_S = 0.025  # model time per frame: the screen keeps answering touches
#: The knob the right-hand run changes, and the values it offers.
KNOB = "threshold"
VALUES = (70.0, 80.0, 90.0, 95.0, 99.0, 99.5)
SIDE_W = 900


def other_value(current: float) -> float:
    """The default comparison: 99 against anything lower, else 80 (the ACLU's default)."""
    return 99.0 if float(current) < 99.0 else 80.0


#: detector -> (knob, its control's label key, the values offered, how a value reads)
DETECTOR_KNOBS: dict[str, tuple[str, str, tuple[Any, ...], str]] = {
    "faces": (KNOB, "control.threshold", VALUES, "similarity"),
    "weapons": ("weapons.cancel_lost", "control.cancel_lost", (0.0, 0.05, 0.1, 0.25, 0.5), "share"),
    "plates": ("plates.eye_check", "control.eye_check", (False, True), "onoff"),
    "calls": ("reviewers", "control.reviewers_calls", (1, 2, 5, 10, 20, 50), "int"),
}


def other_of(detector: str, current: Any) -> Any:
    """The right-hand run's first value: faces as before, else the knob's other end."""
    if detector == "faces":
        return other_value(float(current))
    values = DETECTOR_KNOBS[detector][2]
    if isinstance(current, bool):
        return not current
    # the offered value farthest from the current one: the clearest difference
    return max(values, key=lambda v: abs(float(v) - float(current)))


class CompareScene(Scene):
    def __init__(self, app: Any, value: float | None = None) -> None:
        super().__init__(app)
        self.ui = app.ui
        session = app.session
        self.session_model = session.model
        self.params = session.model.params.copy()
        self.seed = int(session.seed)
        self.detector = detector_of(session.model)
        self.knob, self.label_key, self.values, self.fmt = DETECTOR_KNOBS[self.detector]
        self.left_value = self._value(self.params.get(self.knob))
        self.right_value = (
            other_of(self.detector, self.left_value) if value is None else self._value(value)
        )
        self.sides = [FunnelTree(self._tree_rect(i)) for i in range(2)]
        self.choice = Choice(
            pygame.Rect(L.W // 2 + 40, 150, 520, 96),
            lambda: self.ui.tr("compare.other", knob=self.ui.tr(self.label_key)),
            lambda: self.values,
            lambda: self.right_value,
            self.set_right,
            lambda v: self.knob_text(v),
            name="compare:value",
        )
        self.back = Button(
            pygame.Rect(L.W - 24 - 260, L.H - 96, 260, 76),
            lambda: self.ui.tr("compare.back"),
            self.app.pop,
            name="back",
        )
        self.focus = FocusRing([self.choice, self.back])
        self.start()

    @staticmethod
    def _tree_rect(side: int) -> pygame.Rect:
        x = 40 + side * (SIDE_W + 40)
        return pygame.Rect(x + 20, 330, SIDE_W - 40, 5 * STEP - 4 + 60)

    def _value(self, value: Any) -> Any:
        """A value of this knob in its own type (a threshold is a float, a policy a bool)."""
        if self.fmt == "onoff":
            return bool(value)
        if self.fmt == "int":
            return int(value)
        return float(value)

    def knob_text(self, value: Any) -> str:
        i18n = self.ui.i18n
        if self.fmt == "onoff":
            return self.ui.tr("value.on" if value else "value.off")
        if self.fmt == "share":
            return i18n.percent(float(value))
        if self.fmt == "int":
            return i18n.num(int(value))
        num = i18n.num(value, 1 if value % 1 else 0)
        return self.ui.tr("value.similarity", v=num)

    def set_right(self, value: Any) -> None:
        """Another value on the right: only the right-hand run starts again."""
        self.right_value = self._value(value)
        self.models[1] = self._model(self.right_value)
        self.snaps[1] = None

    def start(self) -> None:
        """Start both runs; the left one is the session's own day when that is the same run.

        The session's finished model is reused when it ran with these very
        parameters and seed from its first step (no knob moved mid-run:
        `Model.pristine`): it is exactly the run this side would make, so a
        slow machine shows it at once instead of simulating the day again.
        """
        own = self.session_model
        left_params = self._params(self.left_value)
        if own.finished and own.pristine and own.params.as_dict() == left_params.as_dict():
            left = own
        else:
            left = Model(left_params, seed=self.seed)
        self.models: list[Model] = [left, self._model(self.right_value)]
        self.snaps: list[Snapshot | None] = [take(left) if left.finished else None, None]

    def _params(self, value: Any) -> Any:
        params = self.params.copy()
        params.set(self.knob, value)
        params.check()
        return params

    def _model(self, value: Any) -> Model:
        return Model(self._params(value), seed=self.seed)

    @property
    def done(self) -> bool:
        return all(s is not None for s in self.snaps)

    def update(self, dt: float) -> None:
        deadline = time.perf_counter() + BUDGET_S
        for i, model in enumerate(self.models):
            while not model.finished and time.perf_counter() < deadline:
                model.step_fixed()
            if model.finished and self.snaps[i] is None:
                self.snaps[i] = take(model)

    def run_to_end(self) -> None:
        """Finish both runs now (tests; a screen would freeze for their length)."""
        for model in self.models:
            while not model.finished:
                model.step_fixed()
        self.update(0.0)

    def progress(self, i: int) -> float:
        m = self.models[i]
        return min(1.0, float(m.t) / max(1e-9, float(m.end_t)))

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return self.focus.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        ui.page(surface, ui.tr("compare.title"))
        ui.blit_wrapped(
            surface,
            dtr(ui, "compare.intro", self.detector, seed=self.seed),
            pygame.Rect(40, 150, L.W // 2 - 40, 96),
            "body",
            th.ui("text_dim"),
        )
        for i, value in enumerate((self.left_value, self.right_value)):
            box = pygame.Rect(40 + i * (SIDE_W + 40), 260, SIDE_W, 5 * STEP + 150)
            pygame.draw.rect(surface, th.ui("panel"), box, 0, 12)
            pygame.draw.rect(surface, th.ui("panel_border"), box, 2, 12)
            ui.blit_text(
                surface,
                ui.tr("compare.side", knob=ui.tr(self.label_key), value=self.knob_text(value)),
                (box.x + 20, box.y + 14),
                "large",
                th.ui("heading"),
                True,
            )
            snap = self.snaps[i]
            if snap is None:
                ui.blit_text(
                    surface,
                    ui.tr("compare.running", percent=ui.i18n.percent(self.progress(i))),
                    box.center,
                    "large",
                    th.ui("text"),
                    anchor="center",
                )
                continue
            self.sides[i].draw(surface, ui, snap, "all")
        if self.done:
            ui.blit_wrapped(
                surface,
                self.change_text(),
                pygame.Rect(40, 260 + 5 * STEP + 180, L.W - 80 - 300, 200),
                "large",
                th.ui("heading"),
            )
        self.focus.draw(surface, ui)

    def change_text(self) -> str:
        """What moving the knob changed, in counts: the point of the screen in one sentence."""
        left, right = (s.totals for s in self.snaps if s is not None)
        num = self.ui.i18n.num
        return dtr(
            self.ui,
            "compare.change",
            self.detector,
            a=self.knob_text(self.left_value),
            b=self.knob_text(self.right_value),
            false_a=num(left.false_alerts),
            false_b=num(right.false_alerts),
            found_a=num(left.wanted_found),
            found_b=num(right.wanted_found),
            stops_a=num(left.wrongful_stops),
            stops_b=num(right.wrongful_stops),
        )


register_scene("compare", lambda app, **kw: CompareScene(app, **kw))
