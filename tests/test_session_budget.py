"""Model work per frame has a time budget, and costly work never holds up input.

Nothing here is timed: the session's clock is a made-up one, and each model
step "takes" what the test says by moving that clock. Work on the worker
thread is held at a gate the test opens, so what the frame does while the
model computes is checked at leisure, and every wait has a generous timeout
so a broken session fails the test instead of hanging it.
"""

from __future__ import annotations

import threading
from typing import Any

import pygame
import pytest

from sim.game import session as session_module
from sim.game.scenes.sandbox import SandboxScene
from sim.game.session import JOB_GRACE_S, JOB_MAX_STEPS, SPEEDS, SYNC_STEP_MAX_S, Session
from sim.game.text_audit import recording
from sim.model import STEP_S
from sim.text.fonts import TextCache
from tests.test_game_support import make_app

SCENARIO, SEED = "city", 3
SMALL = [("people", "2000")]
FRAME = 1 / 60
FASTEST = len(SPEEDS) - 1  # 4 h/s: 240 simulated s, 8 steps, asked per frame
REAL_GRACE_S = JOB_GRACE_S  # read when this module is imported, before any fixture
GATE_S = 30.0  # a gate that stays shut this long means the test is broken


@pytest.fixture(autouse=True)
def real_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's real limits (tests/conftest.py lifts them for every other test)."""
    monkeypatch.setattr(session_module, "JOB_GRACE_S", REAL_GRACE_S)
    monkeypatch.setattr(session_module, "SYNC_STEP_MAX_S", SYNC_STEP_MAX_S)


class FakeClock:
    """A clock that moves only when told (a step's made-up cost)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def spend(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def slow_steps(session: Session, clock: FakeClock, cost: float, gate: Any = None) -> None:
    """Every model step costs `cost` seconds of the fake clock; off the main thread
    it first waits at `gate` (a threading.Event), if one is given."""
    model = session._model
    real_step = model.step_fixed

    def step() -> float:
        if gate is not None and threading.current_thread() is not threading.main_thread():
            assert gate.wait(GATE_S), "the test never opened the gate"
        clock.spend(cost)
        return real_step()

    model.step_fixed = step  # type: ignore[method-assign]


def make(clock: FakeClock, **kwargs: Any) -> Session:
    session = Session(SCENARIO, SEED, list(SMALL), clock=clock, **kwargs)
    session._model.run(hours=8)  # people on the move
    session.t_prev = float(session._model.t)
    session.fast_nights = False
    session.set_speed(FASTEST)
    return session


def test_a_frame_stops_stepping_when_its_budget_is_spent() -> None:
    clock = FakeClock()
    session = make(clock, step_budget_s=0.008)
    slow_steps(session, clock, 0.005)  # two steps spend the budget (0.010 >= 0.008)
    frames = 40  # more than one meter window (0.5 s)
    taken = [session.advance(FRAME) for _ in range(frames)]
    assert taken == [2] * frames  # asked 8 steps a frame, the budget allows 2
    assert session.owed <= STEP_S  # what the budget could not take is not owed
    # 2 steps of 30 s per 1/60 s of real time: 3,600 simulated s per real s
    assert session.achieved_speed == pytest.approx(2 * STEP_S / FRAME, rel=1e-6)
    assert session.behind


def test_a_fast_machine_keeps_up_with_the_speed_asked() -> None:
    clock = FakeClock()
    session = make(clock, step_budget_s=0.008)
    slow_steps(session, clock, 0.0001)  # 8 steps cost 0.8 ms
    taken = [session.advance(FRAME) for _ in range(40)]
    assert taken == [8] * 40
    # the drawn clock trails the model by at most one step: 30 s of the 7,440 s
    # the first window (31 frames) asked, 0.4 %
    assert session.achieved_speed == pytest.approx(SPEEDS[FASTEST], rel=0.005)
    assert not session.behind


def test_the_speed_button_says_what_is_reached() -> None:
    app = make_app(overrides=(("people", "2000"),))
    scene = app.top
    assert isinstance(scene, SandboxScene)
    session = app.session
    clock = FakeClock()
    session.clock = clock
    session.fast_nights = False
    session.set_speed(FASTEST)
    slow_steps(session, clock, 0.005)  # 2 steps a frame: 1 h/s of the 4 asked
    session.background = False  # this test is about the budget, not the worker
    for _ in range(40):
        app.frame(FRAME)
    button = next(w for w in scene.top_widgets if w.name == "speed")
    assert session.achieved_speed == pytest.approx(3600, rel=0.01)  # the drawn clock's lag
    assert button.label() == f"Speed: 4 h/s (reached {scene.speed_text(session.achieved_speed)})"
    assert scene.speed_text(session.achieved_speed) in ("1 h/s", "1.0 h/s")


def test_slow_steps_go_to_the_worker_and_the_clock_stands_still_meanwhile() -> None:
    clock, gate = FakeClock(), threading.Event()
    session = make(clock, background=True)
    slow_steps(session, clock, 2 * SYNC_STEP_MAX_S, gate)
    # The first slow step is taken in the frame: that is how the session learns.
    assert session.advance(FRAME) >= 1 and not session.busy
    assert session.step_cost_s >= 2 * SYNC_STEP_MAX_S
    revision, t_model = session.revision, float(session._model.t)
    shown = session.render_time()
    assert session.advance(FRAME) == 0 and session.busy  # the steps went to a job
    for _ in range(40):  # frames while the job waits at the gate: nothing moves
        assert session.advance(FRAME) == 0
        assert session.busy and session.render_time() == shown
    assert session.get_param("threshold") == session._model.params.get("threshold")
    assert session.achieved_speed < SPEEDS[FASTEST] / 10 and session.behind  # the truth
    gate.set()
    session.wait()  # the job's steps are wound up on this thread
    assert not session.busy
    steps = session.revision - revision
    assert 1 <= steps <= JOB_MAX_STEPS
    assert float(session._model.t) == pytest.approx(t_model + steps * STEP_S)
    assert session.t_prev == pytest.approx(float(session._model.t) - STEP_S)
    assert 0.0 <= session.owed <= STEP_S
    # The steps a job took count for the meter as the jump they make on screen.
    for _ in range(40):
        session.advance(FRAME)
        session.wait()
    assert session.achieved_speed > 0


def test_the_worker_takes_the_same_steps_as_the_frame() -> None:
    """Three hours stepped in jobs end with the very numbers of three hours in frames."""
    sync_clock, job_clock = FakeClock(), FakeClock()
    in_frames = make(sync_clock)
    in_jobs = make(job_clock, background=True)
    slow_steps(in_jobs, job_clock, 2 * SYNC_STEP_MAX_S)
    slow_steps(in_frames, sync_clock, 0.0)
    end = float(in_frames._model.t) + 3 * 3600.0
    for session in (in_frames, in_jobs):
        frames = 0
        while float(session.model.t) < end:  # .model waits for a job in flight
            session.advance(FRAME)
            frames += 1
            assert frames < 100_000, "the session never got there"
        session.wait()
    a, b = in_frames.model, in_jobs.model
    assert float(a.t) <= float(b.t) <= float(a.t) + JOB_MAX_STEPS * STEP_S
    while float(a.t) < float(b.t):
        a.step_fixed()
    assert a.summary(SCENARIO) == b.summary(SCENARIO)


def test_a_costly_knob_is_computed_beside_the_frames() -> None:
    clock, gate = FakeClock(), threading.Event()
    session = make(clock, background=True, job_grace_s=0.0)
    model = session._model
    real_set = model.set_param

    def gated(key: str, value: Any) -> None:
        assert gate.wait(GATE_S), "the test never opened the gate"
        real_set(key, value)

    model.set_param = gated  # type: ignore[method-assign]
    changes = session.changes
    assert not session.set_param("cameras", -5)  # refused at once, no job
    assert session.last_error and not session.busy
    assert session.set_param("cameras", 321)
    assert session.busy and session.busy_with == "param"
    assert session.get_param("cameras") == 321  # the slider shows where it goes
    assert session.changes == changes  # not applied yet
    for _ in range(10):
        assert session.advance(FRAME) == 0
    gate.set()
    session.wait()
    assert session.changes == changes + 1 and session.knobs["cameras"] == 321
    assert session.model.params.get("cameras") == 321


def test_the_sandbox_answers_pause_while_a_change_computes() -> None:
    app = make_app(overrides=(("people", "2000"),))
    scene = app.top
    assert isinstance(scene, SandboxScene)
    session = app.session
    session.job_grace_s = 0.0
    gate = threading.Event()
    model = session._model
    real_set = model.set_param

    def gated(key: str, value: Any) -> None:
        assert gate.wait(GATE_S), "the test never opened the gate"
        real_set(key, value)

    model.set_param = gated  # type: ignore[method-assign]
    app.frame(FRAME)
    cams = next(w for w in scene.controls if w.name == "cameras")
    cams.binding.set(400)
    assert session.busy
    with recording() as audit:
        app.frame(FRAME)
    assert TextCache.audit is None
    drawn = [d.text for d in audit.draws]
    assert any(t.startswith("Computing the change") for t in drawn), drawn
    pause = next(w for w in scene.top_widgets if w.name == "pause")
    threshold = next(w for w in scene.controls if w.name == "threshold")
    before = session.get_param("threshold")

    def click(w: Any, pos: tuple[int, int]) -> None:
        window = app.to_window(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=window, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=window, button=1))

    click(pause, pause.rect.center)
    app.frame(FRAME)  # one frame: the click shows in it
    assert session.paused and pause.label() == app.ui.tr("top.play")
    target = threshold.target
    click(threshold, (target.x + target.width // 10, target.centery))
    app.frame(FRAME)
    assert session.busy and session.get_param("threshold") == before  # waits its turn
    gate.set()
    session.wait()
    app.frame(FRAME)  # the waiting click is replayed now the model is free
    assert session.get_param("threshold") != before
    assert session.model.params.get("cameras") == 400
