"""The running simulation as the game sees it: one model, its clock and speed.

The model advances in the fixed steps `python -m sim run` takes (STEP_S of
simulated time, on the grid of `Model.step_fixed`): the model's queues depend
on the step, so only the same steps make the sandbox end a day with exactly
the numbers `run` prints for the same scenario, seed and knobs. The speed
decides only how many of those steps a frame takes. A frame spends at most
`step_budget_s` of real time stepping; when a high speed asks for more steps
than the machine runs in that time, the clock runs slower than asked
(`achieved_speed` says how fast, `behind` whether to say so) — it never skips
simulated time and never takes a longer step. Drawing uses a time
interpolated between the last two steps, so the city moves smoothly even at
one step every half second.

Every scene — sandbox, results, kiosk attract loop — drives the model through
this one object (set_param, load, reset, speed, pause) and reads its numbers
from `snapshot()`, so they cannot disagree about what is running.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sim.game.snapshot import Snapshot, take
from sim.model import STEP_S, Model
from sim.model.model import ALERT_ROWS_KEPT
from sim.model.params import raise_to_floor
from sim.notices import warn_once
from sim.scenario import Scenario, load_scenario
from sim.setup_code import Setup, SetupCodeError, encode, knob_text

# Simulated seconds per real second: 1 minute/s ... 4 hours/s.
SPEEDS: tuple[int, ...] = (60, 300, 900, 3600, 14400)
DEFAULT_SPEED = 2
# Nobody walks past a camera at 3 a.m.; quiet hours pass at least this fast
# (simulated seconds per real second) so a visitor does not watch an empty city.
NIGHT_SPEED = 3600
QUIET_FROM_H, QUIET_UNTIL_H = 23.0, 6.5
# Real seconds a frame may spend stepping the model: half a 60 fps frame, the
# rest is for drawing. A step that starts inside the budget is always finished.
STEP_BUDGET_S = 0.008
MAX_FRAME_DT = 0.25  # real seconds of one frame that are ever turned into model time
SPEED_WINDOW_S = 0.5  # the achieved speed is measured over this much real time
BEHIND_SHARE = 0.9  # below this share of the speed asked, the clock is behind


@dataclass
class Session:
    """One model plus the real-time machinery around it."""

    scenario_name: str
    seed: int
    overrides: list[tuple[str, Any]] = field(default_factory=list)
    speed_index: int = DEFAULT_SPEED
    paused: bool = False
    fast_nights: bool = True
    step_budget_s: float = STEP_BUDGET_S
    model: Model = field(init=False)
    scenario: Scenario = field(init=False)
    # The clock: the model time before the last step, and how many simulated
    # seconds real time has asked for beyond it (at most one step ahead).
    t_prev: float = field(init=False, default=0.0)
    owed: float = field(init=False, default=0.0)
    # Simulated seconds the clock advanced per real second, over the last window.
    achieved_speed: float = field(init=False, default=0.0)
    behind: bool = field(init=False, default=False)
    revision: int = field(init=False, default=0)  # bumped on every change a view may cache
    changes: int = field(init=False, default=0)  # only the player's (knobs, reset, load)
    last_error: str = field(init=False, default="")
    # The speed meter's window: real seconds, simulated seconds asked, shown.
    _meter_real: float = field(init=False, default=0.0)
    _meter_asked: float = field(init=False, default=0.0)
    _meter_shown: float = field(init=False, default=0.0)
    _snap: Snapshot | None = field(init=False, default=None)
    _snap_revision: int = field(init=False, default=-1)
    # Knobs the player moved since the scenario was loaded (key -> value): with the
    # scenario, seed and start-up overrides they are the setup a code stands for.
    knobs: dict[str, Any] = field(init=False, default_factory=dict)
    _code: tuple[int, str | None] = field(init=False, default=(-1, None))

    def __post_init__(self) -> None:
        self.load(self.scenario_name, self.seed, self.overrides)

    # --- building -------------------------------------------------------
    def load(
        self, name: str, seed: int | None = None, overrides: Iterable[tuple[str, Any]] = ()
    ) -> None:
        """Load a scenario (raises ScenarioError/ParamError with a clear message)."""
        scenario = load_scenario(name)
        params = scenario.params.copy()
        for key, value in overrides:
            params.set(key, value, where="--set")
        params.check()
        self.scenario = scenario
        self.scenario_name = name
        self.overrides = list(overrides)
        self.knobs = {}
        self.seed = self.seed if seed is None else int(seed)
        self.model = Model(params, seed=self.seed, alert_rows_limit=ALERT_ROWS_KEPT)
        self._restart_clock()
        self.changes += 1

    def switch_scenario(self, name: str) -> bool:
        """Load another scenario from the picker; on failure keep the current one."""
        try:
            self.load(name, self.seed)
        except Exception as exc:  # a broken scenario file must not end the exhibit
            self.report(f"scenario {name!r} cannot be loaded: {exc}")
            return False
        return True

    def reset(self, seed: int | None = None) -> None:
        """Start the same setup again (optionally with another seed)."""
        if seed is not None:
            self.seed = int(seed)
        self.model.reset(seed=self.seed)
        self._restart_clock()
        self.changes += 1

    def _restart_clock(self) -> None:
        """The model is at a new time (a new model, a reset): nothing to interpolate."""
        self.t_prev = float(self.model.t)
        self.owed = 0.0
        self._reset_meter()
        self.revision += 1

    # --- parameters -----------------------------------------------------
    def get_param(self, key: str) -> Any:
        return self.model.params.get(key)

    def set_param(self, key: str, value: Any) -> bool:
        """Change one knob of the running model at once; a bad value is reported.

        A number below the floor another knob sets (a watchlist smaller than
        the wanted people on it) is raised to that floor: a slider stops there.
        A knob that needs a new crowd restarts the model, and the clock with it.
        """
        value = raise_to_floor(self.model.params, key, value)
        t_before = float(self.model.t)
        try:
            self.model.set_param(key, value)
        except ValueError as exc:  # ParamError is a ValueError
            self.report(str(exc))
            return False
        if float(self.model.t) != t_before:
            self._restart_clock()
        self.knobs[key] = self.model.params.get(key)
        self.revision += 1
        self.changes += 1
        return True

    # --- the setup, as a code a class can type ----------------------------
    def setup(self) -> Setup:
        """Scenario, seed and every knob set since loading: what `run --setup` reruns."""
        pairs = [(k, str(v)) for k, v in self.overrides]
        pairs += [(k, knob_text(v)) for k, v in self.knobs.items()]
        return Setup(self.scenario_name, self.seed, tuple(pairs))

    def setup_code(self) -> str | None:
        """The setup's code, or None where it needs a setup file (worked out once per change)."""
        if self._code[0] != self.changes:
            try:
                code: str | None = encode(self.setup())
            except (SetupCodeError, ValueError):  # too big, or a scenario file of one's own
                code = None
            self._code = (self.changes, code)
        return self._code[1]

    def report(self, message: str) -> None:
        """Show a problem on screen (last_error) and once on stderr."""
        self.last_error = message
        warn_once(f"session:{message}", message)

    # --- numbers ----------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The model's numbers now; one object until the model changes again.

        Every panel drawn from the same revision gets the same object, so
        the panels of a screen and the card over it cannot disagree.
        """
        if self._snap is None or self._snap_revision != self.revision:
            self._snap = take(self.model)
            self._snap_revision = self.revision
        return self._snap

    # --- time -----------------------------------------------------------
    @property
    def speed(self) -> int:
        """The speed the player chose (simulated seconds per real second)."""
        return SPEEDS[self.speed_index]

    @property
    def night(self) -> bool:
        """True while the quiet hours are being passed quickly."""
        if not self.fast_nights or self.speed >= NIGHT_SPEED:
            return False
        hour = (float(self.model.t) % 86400.0) / 3600.0
        return hour >= QUIET_FROM_H or hour < QUIET_UNTIL_H

    @property
    def target_speed(self) -> int:
        """The speed asked for now: the player's, or the night's if that is faster."""
        return NIGHT_SPEED if self.night else self.speed

    def set_speed(self, index: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, index))
        self._reset_meter()

    def advance(self, real_dt: float) -> int:
        """Take the fixed steps real time asks for, within the frame's budget; returns how many."""
        model = self.model
        if self.paused or model.finished:
            self.owed = 0.0
            self._reset_meter()
            return 0
        # A longer gap than a quarter second (a stall, a window hidden, one long frame)
        # is not caught up, as the main loop caps it too: how far the model moves in
        # one frame must not depend on how fast this machine happens to be.
        real_dt = min(max(0.0, real_dt), MAX_FRAME_DT)
        shown = self.render_time()
        asked = self.target_speed
        self.owed += real_dt * asked
        start = time.perf_counter()
        steps = 0
        while not model.finished and self.owed >= min(STEP_S, model.end_t - model.t) - 1e-9:
            t = float(model.t)
            self.owed -= model.step_fixed()
            self.t_prev = t
            self.revision += 1
            steps += 1
            if time.perf_counter() - start >= self.step_budget_s:
                break
        # Out of budget: what real time asked for beyond the next step is not
        # owed any more. The model skipped nothing; the clock just ran slower.
        self.owed = min(self.owed, STEP_S)
        self._measure(real_dt, asked, self.render_time() - shown)
        return steps

    def step_once(self) -> None:
        """One fixed step, the Step button's."""
        t = float(self.model.t)
        if self.model.step_fixed() > 0:
            self.t_prev = t
            self.revision += 1
        self.owed = 0.0

    def render_time(self) -> float:
        """The simulated time to draw: between the last two steps, by real time."""
        t = float(self.model.t)
        if self.paused or self.model.finished:
            return t
        return self.t_prev + min(self.owed, t - self.t_prev)

    def _measure(self, real_dt: float, asked: float, advanced: float) -> None:
        """Add one frame to the speed meter; every SPEED_WINDOW_S, update the reading."""
        self._meter_real += real_dt
        self._meter_asked += asked * real_dt
        self._meter_shown += advanced
        if self._meter_real >= SPEED_WINDOW_S:
            self.achieved_speed = self._meter_shown / self._meter_real
            self.behind = self._meter_shown < BEHIND_SHARE * self._meter_asked
            self._meter_real = self._meter_asked = self._meter_shown = 0.0

    def _reset_meter(self) -> None:
        """A new speed, a pause, a new run: the old reading says nothing about now.

        Until the next reading the clock is taken to keep up with what is asked.
        """
        self._meter_real = self._meter_asked = self._meter_shown = 0.0
        self.achieved_speed = float(self.target_speed)
        self.behind = False
