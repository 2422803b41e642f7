"""Idle reset: a visitor who walks away is forgotten; one who answers is not."""

from __future__ import annotations

import pytest

from sim.kiosk.idle import IdleMachine, IdlePhase, IdleSignal

IDLE, COUNT = 60.0, 15.0


def _active(now: float = 0.0) -> IdleMachine:
    m = IdleMachine(IDLE, COUNT, now)
    m.start_session(now)
    return m


def test_attract_never_counts_down() -> None:
    m = IdleMachine(IDLE, COUNT, 0.0)
    for t in (0.0, 59.0, 60.0, 75.0, 10_000.0):
        assert m.update(t) is IdleSignal.NONE
        assert m.phase is IdlePhase.ATTRACT
    assert m.input(10_001.0) is IdleSignal.NONE
    assert m.phase is IdlePhase.ATTRACT


def test_active_to_countdown_to_reset() -> None:
    m = _active()
    assert m.update(IDLE - 0.01) is IdleSignal.NONE
    assert m.phase is IdlePhase.ACTIVE
    assert m.update(IDLE) is IdleSignal.SHOW_COUNTDOWN
    assert m.phase is IdlePhase.COUNTDOWN
    assert m.seconds_left(IDLE) == pytest.approx(COUNT)
    assert m.update(IDLE + 5) is IdleSignal.NONE
    assert m.seconds_left(IDLE + 5) == pytest.approx(COUNT - 5)
    assert m.update(IDLE + COUNT) is IdleSignal.RESET
    assert m.phase is IdlePhase.ATTRACT
    assert m.update(IDLE + COUNT + 100) is IdleSignal.NONE  # reset reported once


def test_input_keeps_the_session_alive() -> None:
    m = _active()
    for t in range(0, 600, 30):
        m.input(float(t))
        assert m.update(t + 59.0) is IdleSignal.NONE
    assert m.phase is IdlePhase.ACTIVE


def test_any_input_during_countdown_continues() -> None:
    m = _active()
    m.update(IDLE)
    assert m.input(IDLE + 14.9) is IdleSignal.CONTINUED
    assert m.phase is IdlePhase.ACTIVE
    assert m.seconds_left(IDLE + 15) == 0.0
    # the idle clock restarts from the answer, not from the first touch
    assert m.update(IDLE + 14.9 + IDLE - 0.1) is IdleSignal.NONE
    assert m.update(IDLE + 14.9 + IDLE) is IdleSignal.SHOW_COUNTDOWN


def test_countdown_length_does_not_depend_on_frame_timing() -> None:
    m = _active()
    assert m.update(IDLE + 3.0) is IdleSignal.SHOW_COUNTDOWN  # a late frame
    assert m.seconds_left(IDLE + 3.0) == pytest.approx(COUNT - 3.0)
    assert m.update(IDLE + COUNT) is IdleSignal.RESET


def test_big_clock_jump_resets_directly() -> None:
    m = _active()
    assert m.update(IDLE + COUNT + 1000) is IdleSignal.RESET
    assert m.phase is IdlePhase.ATTRACT


def test_clock_going_backwards_is_harmless() -> None:
    m = _active(100.0)
    assert m.update(50.0) is IdleSignal.NONE
    assert m.phase is IdlePhase.ACTIVE
    assert m.update(50.0 + IDLE) is IdleSignal.SHOW_COUNTDOWN


def test_new_session_after_reset_starts_fresh() -> None:
    m = _active()
    m.update(IDLE)
    m.update(IDLE + COUNT)
    m.start_session(500.0)
    assert m.phase is IdlePhase.ACTIVE
    assert m.update(500.0 + IDLE - 1) is IdleSignal.NONE


def test_force_reset() -> None:
    m = _active()
    assert m.force_reset() is IdleSignal.RESET
    assert m.phase is IdlePhase.ATTRACT


@pytest.mark.parametrize(("idle", "count"), [(0, 15), (60, 0), (-1, 5)])
def test_rejects_nonsense_durations(idle: float, count: float) -> None:
    with pytest.raises(ValueError):
        IdleMachine(idle, count, 0.0)
