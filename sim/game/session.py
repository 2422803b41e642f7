"""The running simulation as the game sees it: one model, its clock and speed.

The model advances in fixed steps of simulated time, 60 times per real second
whatever the frame rate, so a slow frame never changes what happens, only how
smoothly it is shown; drawing uses a time interpolated between the last two
steps. Every scene — sandbox, story chapter, kiosk attract loop — drives the
model through this one object (set_param, load, reset, speed, pause), so they
cannot disagree about what is running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.game.notices import warn_once
from sim.model.params import raise_to_floor

TICK_HZ = 60  # model steps per real second: one per frame at 60 fps, work spread evenly
MAX_TICKS_PER_FRAME = 4  # after a long stall, catch up a little, then drop time
# Simulated seconds per real second: 1 minute/s ... 4 hours/s.
SPEEDS: tuple[int, ...] = (60, 300, 900, 3600, 14400)
DEFAULT_SPEED = 2
# Nobody walks past a camera at 3 a.m.; quiet hours pass at least this fast
# (simulated seconds per real second) so a visitor does not watch an empty city.
NIGHT_SPEED = 3600
QUIET_FROM_H, QUIET_UNTIL_H = 23.0, 6.5


@dataclass
class Session:
    """One model plus the real-time machinery around it."""

    scenario_name: str
    seed: int
    overrides: list[tuple[str, str]] = field(default_factory=list)
    speed_index: int = DEFAULT_SPEED
    paused: bool = False
    model: Any = None
    scenario: Any = None
    t_prev: float = 0.0
    acc: float = 0.0
    revision: int = 0  # bumped on every change a view may cache against
    changes: int = 0  # bumped only by the player's changes (knobs, reset, load)
    last_error: str = ""
    fast_nights: bool = True

    def __post_init__(self) -> None:
        self.load(self.scenario_name, self.seed, self.overrides)

    # --- building -------------------------------------------------------
    def load(self, name: str, seed: int | None = None, overrides: Any = ()) -> None:
        """Load a scenario (raises ScenarioError/ParamError with a clear message)."""
        from sim.model.model import ALERT_ROWS_KEPT, Model
        from sim.scenario import load_scenario

        scenario = load_scenario(name)
        params = scenario.params.copy()
        for key, value in overrides:
            params.set(key, value, where="--set")
        if hasattr(params, "check"):
            params.check()
        self.scenario = scenario
        self.scenario_name = name
        self.seed = self.seed if seed is None else int(seed)
        self.model = Model(params, seed=self.seed, alert_rows_limit=ALERT_ROWS_KEPT)
        self.t_prev = float(self.model.t)
        self.acc = 0.0
        self.revision += 1
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
        self.t_prev = float(self.model.t)
        self.acc = 0.0
        self.revision += 1
        self.changes += 1

    # --- parameters -----------------------------------------------------
    def get_param(self, key: str) -> Any:
        return self.model.params.get(key)

    def set_param(self, key: str, value: Any) -> bool:
        """Change one knob of the running model at once; a bad value is reported.

        A number below the floor another knob sets (a watchlist smaller than
        the wanted people on it) is raised to that floor: a slider stops there.
        """
        value = raise_to_floor(self.model.params, key, value)
        try:
            self.model.set_param(key, value)
        except ValueError as exc:  # ParamError is a ValueError
            self.report(str(exc))
            return False
        self.revision += 1
        self.changes += 1
        return True

    def report(self, message: str) -> None:
        """Show a problem on screen (last_error) and once on stderr."""
        self.last_error = message
        warn_once(f"session:{message}", message)

    # --- time -----------------------------------------------------------
    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    @property
    def night(self) -> bool:
        """True while the quiet hours are being passed quickly."""
        if not self.fast_nights or self.speed >= NIGHT_SPEED:
            return False
        hour = (float(self.model.t) % 86400.0) / 3600.0
        return hour >= QUIET_FROM_H or hour < QUIET_UNTIL_H

    @property
    def step_seconds(self) -> float:
        return (NIGHT_SPEED if self.night else self.speed) / TICK_HZ

    def set_speed(self, index: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, index))

    def advance(self, real_dt: float) -> int:
        """Run as many fixed model steps as real time asks for; returns how many."""
        if self.paused or self.model.finished:
            self.acc = 0.0
            return 0
        tick = 1.0 / TICK_HZ
        self.acc += max(0.0, real_dt)
        ticks = 0
        while self.acc >= tick - 1e-9 and ticks < MAX_TICKS_PER_FRAME and not self.model.finished:
            self.step_once()
            self.acc = max(0.0, self.acc - tick)
            ticks += 1
        if ticks == MAX_TICKS_PER_FRAME:
            self.acc = min(self.acc, tick)
        return ticks

    def step_once(self) -> None:
        """One fixed step (also the Step button)."""
        self.t_prev = float(self.model.t)
        self.model.step(self.step_seconds)
        self.revision += 1

    def render_time(self) -> float:
        """The simulated time to draw: between the last two steps, by real time."""
        t = float(self.model.t)
        if self.paused or self.model.finished:
            return t
        frac = min(1.0, self.acc * TICK_HZ)
        return self.t_prev + (t - self.t_prev) * frac
