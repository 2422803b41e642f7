"""The sandbox runs the model `python -m sim run` runs: same steps, same numbers.

A Session is driven frame by frame for one simulated day, headless (it needs
no window), at the slowest speed (1 min/s, with the night fast-forward) and
the fastest (4 h/s), and its totals, groups and days must equal `run --json`
for the same scenario, seed and overrides exactly. The scenario is one where
the step matters (detained and found people leave the captures and shift the
later random draws: half the step gives other totals), so the equality is
not luck; moving a knob mid-day must make them differ.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from sim import cli
from sim.game.session import NIGHT_SPEED, SPEEDS, Session
from sim.model import STEP_S, Model
from sim.scenario import load_scenario

SCENARIO, SEED = "city", 1
OVERRIDES = (("people", "20000"),)  # the city of the issue: 20k people, 24 h, seed 1
FRAME = 1 / 60
SLOWEST, FASTEST = 0, len(SPEEDS) - 1


def run_json(*extra: str) -> dict[str, Any]:
    """`python -m sim run --json`, in process, as the CLI prints it."""
    argv = ["run", "--scenario", SCENARIO, "--seed", str(SEED), "--json"]
    for key, value in OVERRIDES:
        argv += ["--set", f"{key}={value}"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main([*argv, *extra]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return run_json()


def as_printed(summary: dict[str, Any]) -> dict[str, Any]:
    """A model's summary as `run --json` prints it (JSON turns tuples into lists...)."""
    return json.loads(json.dumps(summary))


def play_day(session: Session, knob_at: float | None = None) -> dict[str, int]:
    """Drive the session a frame at a time to the end of its run; count the frames.

    ``knob_at``: at that simulated time, the player moves the threshold.
    """
    frames = {"all": 0, "night": 0, "steps": 0}
    model = session.model
    while not model.finished:
        if knob_at is not None and model.t >= knob_at:
            assert session.set_param("threshold", 85.0)
            knob_at = None
        frames["night"] += session.night
        frames["steps"] += session.advance(FRAME)
        frames["all"] += 1
        assert frames["all"] < 200_000, "the session never reached the end of its run"
    return frames


def compare(session: Session, reference: dict[str, Any]) -> None:
    printed = as_printed(session.model.summary(SCENARIO))
    for part in ("totals", "groups", "expected", "rates", "history"):
        assert printed[part] == reference[part], part


def test_the_step_matters_here(reference: dict[str, Any]) -> None:
    """Half the step gives other totals: equality below is not a property of any stepping."""
    params = load_scenario(SCENARIO).params.copy()
    for key, value in OVERRIDES:
        params.set(key, value)
    model = Model(params, seed=SEED)
    model.run(dt=STEP_S / 2)
    totals = as_printed(model.summary())["totals"]
    assert totals != reference["totals"]
    assert reference["totals"]["wrongful_detentions"] > 0  # people do leave the captures


@pytest.mark.parametrize("speed", [SLOWEST, FASTEST], ids=["1min-per-s", "4h-per-s"])
def test_a_day_in_the_sandbox_equals_run(speed: int, reference: dict[str, Any]) -> None:
    session = Session(SCENARIO, SEED, list(OVERRIDES))
    session.set_speed(speed)
    frames = play_day(session)
    compare(session, reference)
    day = 24 * 3600
    if speed == SLOWEST:
        # 1 min/s through the day, the night's quiet hours at NIGHT_SPEED
        assert frames["night"] > 0
        night_s = 7.5 * 3600  # 23:00-06:30 of the 24 h from midnight
        expect = (day - night_s) / SPEEDS[SLOWEST] + night_s / NIGHT_SPEED
        assert frames["all"] * FRAME == pytest.approx(expect, rel=0.01)
    else:
        assert frames["night"] == 0  # 4 h/s is faster than the night's speed
    assert frames["steps"] == day / STEP_S  # every step a 30 s step, none skipped


def test_a_slow_computer_slows_the_clock_not_the_model(reference: dict[str, Any]) -> None:
    """No budget: one step a frame. The clock falls behind 4 h/s, says so; the day is the same."""
    session = Session(SCENARIO, SEED, list(OVERRIDES), step_budget_s=0.0)
    session.set_speed(FASTEST)
    model = session.model
    for frame in range(1, 61):
        assert session.advance(FRAME) == 1
        assert model.t - model.t0 == pytest.approx(STEP_S * frame)  # exact, just slower
    assert session.behind
    assert session.achieved_speed == pytest.approx(STEP_S / FRAME, rel=0.05)
    assert session.achieved_speed < SPEEDS[FASTEST] / 4
    play_day(session)
    compare(session, reference)


def test_a_fast_computer_keeps_up() -> None:
    session = Session(SCENARIO, SEED, [("people", "3000")], step_budget_s=1.0)
    session.set_speed(3)  # 1 h/s: no night fast-forward either
    for _ in range(90):
        session.advance(FRAME)
    assert not session.behind
    assert session.achieved_speed == pytest.approx(SPEEDS[3], rel=0.05)


def test_the_clock_is_interpolated_and_never_runs_backwards() -> None:
    session = Session(SCENARIO, SEED, [("people", "3000")])
    session.set_speed(SLOWEST)
    session.fast_nights = False
    shown = [session.render_time()]
    for _ in range(120):  # two seconds: four 30 s steps at 1 min/s
        session.advance(FRAME)
        shown.append(session.render_time())
    steps = [b - a for a, b in zip(shown, shown[1:], strict=False)]
    assert min(steps) >= 0
    assert max(steps) == pytest.approx(SPEEDS[SLOWEST] * FRAME)  # smooth: one frame's worth
    assert session.model.t - shown[-1] <= STEP_S  # at most one step behind the model


def test_moving_a_knob_mid_day_makes_them_differ(reference: dict[str, Any]) -> None:
    session = Session(SCENARIO, SEED, list(OVERRIDES))
    session.set_speed(FASTEST)
    play_day(session, knob_at=12 * 3600.0)
    totals = as_printed(session.model.summary(SCENARIO))["totals"]
    assert totals != reference["totals"]
    assert totals["alerts"] < reference["totals"]["alerts"]  # a stricter threshold, fewer alerts
    # ...and `run` with the knob set from the start differs from both
    assert run_json("--set", "threshold=85")["totals"] not in (totals, reference["totals"])


def test_a_code_made_on_screen_reruns_the_screens_day() -> None:
    """The teacher's screen shows a code; `run --setup CODE` gives that screen's totals."""
    session = Session("cardiff-2017", 3)
    session.speed_index = FASTEST
    assert session.set_param("people", 20000)  # knobs a teacher moved before starting
    assert session.set_param("threshold", 90.0)
    code = session.setup_code()
    assert code is not None
    play_day(session)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["run", "--setup", code, "--json"]) == 0
    ran = json.loads(out.getvalue())
    assert ran["setup_code"] == code
    printed = as_printed(session.model.summary("cardiff-2017"))
    for part in ("totals", "groups", "expected", "rates", "history"):
        assert printed[part] == ran[part], part
