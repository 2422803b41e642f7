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

At extreme settings (5,000 cameras, 500 drones, 500 gates) one step can take
seconds and moving a camera slider re-plans the day's captures for ten; a
frame that waited for that would leave a Pause click unanswered as long. With
`background` on (the sandbox turns it on), such work runs as a *job* on a
worker thread: a costly knob (`costly`), and the steps once a step has been
seen to take longer than SYNC_STEP_MAX_S. While a job runs the model belongs
to it: `busy` is True, the clock stands still (`render_time` keeps the time
shown), and a screen that wants to stay live reads nothing of the model; any
code that does read `session.model` simply waits for the job to end, so
nothing ever sees a half-changed model. The steps are the same steps either
way, so the day's numbers do not depend on where they were computed.
The clock (`clock`) is injectable, so tests drive the budget with made-up
step times, never with real ones.

Every scene — sandbox, results, kiosk attract loop — drives the model through
this one object (set_param, load, reset, speed, pause) and reads its numbers
from `snapshot()`, so they cannot disagree about what is running.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sim.game.snapshot import Snapshot, take
from sim.model import STEP_S, Model
from sim.model.model import ALERT_ROWS_KEPT, CAMERA_KEYS, DETECTOR_KEYS, STRUCTURAL
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
SPEED_WINDOW_S = 0.5  # the achieved speed is read again after this much real time,
SPEED_WINDOWS = 6  # over the last this many windows (3 s: jobs of seconds average out)
BEHIND_SHARE = 0.9  # below this share of the speed asked, the clock is behind
# In the background (see the module doc): steps slower than this go to the worker
# (a frame that waits longer would answer a click late), a job steps for at most
# JOB_BUDGET_S after its first step, and owes at most JOB_MAX_STEPS.
SYNC_STEP_MAX_S = 0.03
JOB_BUDGET_S = 0.1
JOB_MAX_STEPS = 16
JOB_GRACE_S = 0.05  # half the 100 ms in which input must be answered
STEP_COST_DECAY = 0.9  # the slowest recent step, forgotten by this much a step


def costly(key: str) -> bool:
    """A knob whose change rebuilds something big: cameras (and the day's captures
    they see), the watchlist or matcher, or the whole crowd (a restart)."""
    return (
        key in STRUCTURAL
        or key in CAMERA_KEYS
        or key in DETECTOR_KEYS
        or key in ("watchlist_size", "matcher", "officers")
        or key.endswith(".share")
        or key.endswith(".wanted_share")
    )


@dataclass
class Job:
    """Model work on the worker thread: steps, or one costly knob."""

    kind: str  # "steps" | "param"
    started: float  # session clock
    key: str = ""  # the knob ("param")
    value: Any = None
    steps: int = 0  # what the worker did ("steps")
    advanced: float = 0.0
    t_before_last: float = 0.0
    t_before: float = 0.0  # model time when the job began
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


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
    background: bool = False  # costly work on a worker thread (see the module doc)
    job_grace_s: float | None = (
        None  # None: JOB_GRACE_S; a job that ends within this is waited for (real seconds)
    )
    clock: Callable[[], float] = field(default=time.perf_counter, repr=False)
    _model: Model = field(init=False, repr=False)
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
    _meter_history: list[tuple[float, float, float]] = field(init=False, default_factory=list)
    # The clock drawn after the last frame: a job's steps, wound up between two
    # frames, count for the meter as the jump they make on screen.
    _shown_at: float | None = field(init=False, default=None)
    _snap: Snapshot | None = field(init=False, default=None)
    _snap_revision: int = field(init=False, default=-1)
    # Knobs the player moved since the scenario was loaded (key -> value): with the
    # scenario, seed and start-up overrides they are the setup a code stands for.
    knobs: dict[str, Any] = field(init=False, default_factory=dict)
    _code: tuple[int, str | None] = field(init=False, default=(-1, None))
    # The slowest recent step (real seconds, decaying), and the job in flight.
    step_cost_s: float = field(init=False, default=0.0)
    job: Job | None = field(init=False, default=None, repr=False)
    _frozen_t: float = field(init=False, default=0.0)
    _steps_ended: bool = field(init=False, default=False)  # since the last advance

    def __post_init__(self) -> None:
        self.load(self.scenario_name, self.seed, self.overrides)

    # --- the model, and the job that may hold it ---------------------------
    @property
    def model(self) -> Model:
        """The running model; while a job holds it, this waits for the job to end."""
        self.wait()
        return self._model

    @model.setter
    def model(self, model: Model) -> None:
        self.wait()
        self._model = model

    @property
    def busy(self) -> bool:
        """True while a job holds the model (a job that has ended is wound up here)."""
        job = self.job
        if job is not None and job.done.is_set():
            self._finish(job)
        return self.job is not None

    @property
    def busy_with(self) -> str:
        """What the job in flight does ("steps", "param"), or ""."""
        return self.job.kind if self.busy and self.job is not None else ""

    def busy_for(self) -> float:
        """Real seconds the job in flight has run (0 without one)."""
        return self.clock() - self.job.started if self.busy and self.job is not None else 0.0

    def wait(self) -> None:
        """Wait for the job in flight, if any, and wind it up (main thread only)."""
        job = self.job
        if job is not None:
            job.done.wait()
            self._finish(job)

    def _start(self, job: Job, work: Callable[[Job], None]) -> None:
        """Run `work(job)` on a worker thread; the model is the job's until it ends."""
        self._frozen_t = self.render_time()
        job.t_before = float(self._model.t)
        self.job = job

        def run() -> None:
            try:
                work(job)
            except BaseException as exc:  # handed to the main thread by _finish
                job.error = exc
            finally:
                job.done.set()

        job.thread = threading.Thread(target=run, name=f"model-{job.kind}", daemon=True)
        job.thread.start()
        # A change done within the grace is simply done: the frame answers as fast
        # as ever, and only work that is really long leaves the model to the worker
        # (steps go to a job only once they are known to be slow: no grace).
        grace = JOB_GRACE_S if self.job_grace_s is None else self.job_grace_s
        if job.kind == "param" and job.done.wait(grace):
            self._finish(job)

    def _finish(self, job: Job) -> None:
        """Wind up an ended job on the main thread: its bookkeeping, or its error."""
        if job.thread is not None:
            job.thread.join()
        self.job = None
        if job.kind == "steps":
            self._steps_ended = True
            if job.steps:
                self.owed -= job.advanced
                self.t_prev = job.t_before_last
                self.revision += job.steps
            self.owed = min(max(self.owed, 0.0), STEP_S)
            if job.error is not None:
                raise job.error  # a step that fails is a bug, as it is in the frame
        elif job.error is not None:
            if not isinstance(job.error, ValueError):
                raise job.error
            self.report(str(job.error))  # ParamError is a ValueError
        else:
            self._after_change(job.key, job.t_before)

    # --- building -------------------------------------------------------
    def load(
        self, name: str, seed: int | None = None, overrides: Iterable[tuple[str, Any]] = ()
    ) -> None:
        """Load a scenario (raises ScenarioError/ParamError with a clear message)."""
        self.wait()
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
        self.t_prev = float(self._model.t)
        self.owed = 0.0
        self._reset_meter()
        self.revision += 1

    # --- parameters -----------------------------------------------------
    def get_param(self, key: str) -> Any:
        """A knob's value; during its own job the value being applied (never waits)."""
        job = self.job
        if job is not None and job.kind == "param" and job.key == key:
            return job.value
        return self._model.params.get(key)  # params are swapped whole, never half-set

    def set_param(self, key: str, value: Any) -> bool:
        """Change one knob of the running model at once; a bad value is reported.

        A number below the floor another knob sets (a watchlist smaller than
        the wanted people on it) is raised to that floor: a slider stops there.
        A knob that needs a new crowd restarts the model, and the clock with it.
        With `background` on, a costly knob is checked here and applied by a
        job (True: accepted; `busy` until it is done).
        """
        model = self.model
        value = raise_to_floor(model.params, key, value)
        t_before = float(model.t)
        if self.background and costly(key):
            try:  # a bad value is refused now, not seconds later
                trial = model.params.copy()
                trial.set(key, value)
                trial.check()
            except ValueError as exc:
                self.report(str(exc))
                return False
            self._start(
                Job("param", self.clock(), key=key, value=value),
                lambda job: model.set_param(job.key, job.value),
            )
            return True
        try:
            model.set_param(key, value)
        except ValueError as exc:  # ParamError is a ValueError
            self.report(str(exc))
            return False
        self._after_change(key, t_before)
        return True

    def _after_change(self, key: str, t_before: float) -> None:
        """A knob reached the model: restart the clock if it restarted, count the change."""
        model = self._model
        if float(model.t) != t_before:
            self._restart_clock()
        self.knobs[key] = model.params.get(key)
        self.revision += 1
        self.changes += 1

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
        hour = (float(self._model.t) % 86400.0) / 3600.0  # a float: safe during a job
        return hour >= QUIET_FROM_H or hour < QUIET_UNTIL_H

    @property
    def target_speed(self) -> int:
        """The speed asked for now: the player's, or the night's if that is faster."""
        return NIGHT_SPEED if self.night else self.speed

    def set_speed(self, index: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, index))
        self._reset_meter()

    def advance(self, real_dt: float) -> int:
        """Take the fixed steps real time asks for, within the frame's budget.

        Returns how many steps this call took on this thread. With
        `background` on and steps known to be slow, the steps go to a job
        instead (counted when it is wound up, not here), and while any job
        runs the clock stands still: the meter sees real time pass with no
        simulated time shown, so `achieved_speed` tells the truth.
        """
        if self.busy:
            real_dt = min(max(0.0, real_dt), MAX_FRAME_DT)
            asked = self.target_speed
            if not self.paused:
                self.owed = min(self.owed + real_dt * asked, JOB_MAX_STEPS * STEP_S)
                self._measure(real_dt, asked, 0.0)
            return 0
        model = self._model
        if self.paused or model.finished:
            self.owed = 0.0
            self._reset_meter()
            return 0
        # A longer gap than a quarter second (a stall, a window hidden, one long frame)
        # is not caught up, as the main loop caps it too: how far the model moves in
        # one frame must not depend on how fast this machine happens to be.
        real_dt = min(max(0.0, real_dt), MAX_FRAME_DT)
        shown = self.render_time() if self._shown_at is None else self._shown_at
        asked = self.target_speed
        self.owed += real_dt * asked
        ended, self._steps_ended = self._steps_ended, False
        if self.background and self.step_cost_s > SYNC_STEP_MAX_S:
            # The first frame after a job's steps has the model to itself: the
            # screen reads it (panels, card) before the next job takes it.
            if not ended and self.owed >= self._next_step() - 1e-9:
                self._start_steps()
            self._measure(real_dt, asked, self.render_time() - shown)
            self._shown_at = self.render_time()
            return 0
        clock = self.clock
        start = clock()
        steps = 0
        while not model.finished and self.owed >= self._next_step() - 1e-9:
            t = float(model.t)
            began = clock()
            self.owed -= model.step_fixed()
            now = clock()
            self._step_cost(now - began)
            self.t_prev = t
            self.revision += 1
            steps += 1
            if now - start >= self.step_budget_s:
                break
        # Out of budget: what real time asked for beyond the next step is not
        # owed any more. The model skipped nothing; the clock just ran slower.
        self.owed = min(self.owed, STEP_S)
        self._measure(real_dt, asked, self.render_time() - shown)
        self._shown_at = self.render_time()
        return steps

    def _next_step(self) -> float:
        """Simulated seconds the next fixed step takes (the last one of a run may be short)."""
        model = self._model
        return min(STEP_S, model.end_t - model.t)

    def _step_cost(self, seconds: float) -> None:
        """Remember how slow steps are: the slowest recent one, slowly forgotten."""
        self.step_cost_s = max(seconds, self.step_cost_s * STEP_COST_DECAY)

    def _start_steps(self) -> None:
        """Hand the steps owed (at least one, at most JOB_MAX_STEPS) to a job."""
        model, clock = self._model, self.clock
        wanted = max(1, min(JOB_MAX_STEPS, int((self.owed + 1e-9) // STEP_S)))

        def work(job: Job) -> None:
            while job.steps < wanted and not model.finished:
                t = float(model.t)
                began = clock()
                job.advanced += model.step_fixed()
                job.t_before_last = t
                job.steps += 1
                now = clock()
                self._step_cost(now - began)  # one float, written by the worker alone now
                if now - job.started >= JOB_BUDGET_S:
                    break

        self._start(Job("steps", clock()), work)

    def step_once(self) -> None:
        """One fixed step, the Step button's."""
        model = self.model
        t = float(model.t)
        if model.step_fixed() > 0:
            self.t_prev = t
            self.revision += 1
        self.owed = 0.0

    def render_time(self) -> float:
        """The simulated time to draw: between the last two steps, by real time.

        During a job, the time shown when it began (the model is the job's).
        """
        if self.job is not None:
            return self._frozen_t
        model = self._model
        t = float(model.t)
        if self.paused or model.finished:
            return t
        return self.t_prev + min(self.owed, t - self.t_prev)

    def _measure(self, real_dt: float, asked: float, advanced: float) -> None:
        """Add one frame to the speed meter; every SPEED_WINDOW_S, update the reading."""
        self._meter_real += real_dt
        self._meter_asked += asked * real_dt
        self._meter_shown += advanced
        if self._meter_real >= SPEED_WINDOW_S:
            history = self._meter_history
            history.append((self._meter_real, self._meter_asked, self._meter_shown))
            del history[:-SPEED_WINDOWS]
            real, asked_s, shown = (sum(w[i] for w in history) for i in range(3))
            self.achieved_speed = shown / real
            self.behind = shown < BEHIND_SHARE * asked_s
            self._meter_real = self._meter_asked = self._meter_shown = 0.0

    def _reset_meter(self) -> None:
        """A new speed, a pause, a new run: the old reading says nothing about now.

        Until the next reading the clock is taken to keep up with what is asked.
        """
        self._meter_real = self._meter_asked = self._meter_shown = 0.0
        self._meter_history.clear()
        self._shown_at = None
        self.achieved_speed = float(self.target_speed)
        self.behind = False
