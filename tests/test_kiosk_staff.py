"""Staff exit: works for staff, cannot be triggered by visitors."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import math  # noqa: E402

import pytest  # noqa: E402

from sim.game.monkey import Monkey, MonkeyConfig  # noqa: E402
from sim.kiosk.settings import StaffExitSettings  # noqa: E402
from sim.kiosk.staff import StaffGate, StaffPhase, StaffSignal  # noqa: E402
from sim.kiosk.touch import KeyPress, Pointer, PointerKind, to_input  # noqa: E402

CFG = StaffExitSettings(
    corner="top-left",
    corner_size=120,
    long_press_seconds=5.0,
    drift_tolerance=30.0,
    pin="2468",
    pin_timeout_seconds=30.0,
    max_pin_attempts=3,
    lockout_seconds=60.0,
)
FPS = 30


def _hold(
    gate: StaffGate,
    x: float,
    y: float,
    seconds: float,
    *,
    t0: float = 0.0,
    wobble: float = 0.0,
    pid: str = "finger:1:1",
    release: bool = True,
) -> list[StaffSignal]:
    """Hold a pointer for `seconds`, moving in a small circle of radius `wobble`."""
    signals = [gate.pointer(Pointer(PointerKind.DOWN, x, y, t0, pid))]
    frames = int(seconds * FPS)
    for i in range(1, frames + 1):
        t = t0 + i / FPS
        if wobble:
            a = i * 0.7
            px, py = x + wobble * math.cos(a) - wobble, y + wobble * math.sin(a)
            signals.append(gate.pointer(Pointer(PointerKind.MOVE, px, py, t, pid)))
        signals.append(gate.update(t))
    if release:
        signals.append(gate.pointer(Pointer(PointerKind.UP, x, y, t0 + frames / FPS, pid)))
    return [s for s in signals if s is not StaffSignal.NONE]


def _type(gate: StaffGate, pin: str, t: float) -> StaffSignal:
    for d in pin:
        gate.digit(d, t)
    return gate.submit(t)


def test_long_press_in_corner_then_pin_unlocks() -> None:
    gate = StaffGate(CFG)
    assert _hold(gate, 40, 40, 5.1) == [StaffSignal.OPEN_PIN_PAD]
    assert gate.phase is StaffPhase.PIN_ENTRY
    assert _type(gate, "2468", 6.0) is StaffSignal.UNLOCKED
    assert gate.phase is StaffPhase.UNLOCKED
    gate.relock()
    assert gate.phase is StaffPhase.WATCHING


def test_shaky_finger_within_tolerance_still_counts() -> None:
    gate = StaffGate(CFG)
    assert _hold(gate, 60, 60, 5.1, wobble=13.0) == [StaffSignal.OPEN_PIN_PAD]  # <= 26 px away


@pytest.mark.parametrize("corner", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_every_corner_can_be_configured(corner: str) -> None:
    gate = StaffGate(StaffExitSettings(corner=corner))  # type: ignore[arg-type]
    x = 30 if corner.endswith("left") else 1890
    y = 30 if corner.startswith("top") else 1050
    assert _hold(gate, x, y, 5.1) == [StaffSignal.OPEN_PIN_PAD]
    other = StaffGate(StaffExitSettings(corner=corner))  # type: ignore[arg-type]
    assert _hold(other, 1920 - 1 - x, 1080 - 1 - y, 6.0) == []


@pytest.mark.parametrize(
    ("x", "y", "seconds", "wobble"),
    [
        (40, 40, 0.2, 0.0),  # a tap in the corner
        (40, 40, 4.8, 0.0),  # a long-ish press, not long enough
        (960, 540, 20.0, 0.0),  # a long press in the middle
        (130, 40, 10.0, 0.0),  # just outside the corner square
        (1900, 1060, 10.0, 0.0),  # the wrong corner
        (60, 60, 10.0, 40.0),  # moving too much: a drag or a rub
    ],
)
def test_visitor_presses_do_not_open_the_pad(
    x: float, y: float, seconds: float, wobble: float
) -> None:
    gate = StaffGate(CFG)
    assert _hold(gate, x, y, seconds, wobble=wobble) == []
    assert gate.phase is StaffPhase.WATCHING


def test_drag_out_of_the_corner_and_back_does_not_count() -> None:
    gate = StaffGate(CFG)
    pid = "mouse"
    gate.pointer(Pointer(PointerKind.DOWN, 40, 40, 0.0, pid))
    gate.pointer(Pointer(PointerKind.MOVE, 400, 400, 1.0, pid))
    gate.pointer(Pointer(PointerKind.MOVE, 40, 40, 2.0, pid))
    assert gate.update(10.0) is StaffSignal.NONE


def test_second_finger_cancels_the_hold() -> None:
    gate = StaffGate(CFG)
    gate.pointer(Pointer(PointerKind.DOWN, 40, 40, 0.0, "finger:1:1"))
    gate.pointer(Pointer(PointerKind.DOWN, 900, 500, 1.0, "finger:1:2"))
    assert gate.update(6.0) is StaffSignal.NONE


def test_repeated_taps_do_not_add_up() -> None:
    gate = StaffGate(CFG)
    signals = []
    for i in range(100):
        signals += _hold(gate, 40, 40, 0.3, t0=i * 0.5)
    assert signals == []


def test_release_after_lost_frames_still_counts_only_if_long_enough() -> None:
    gate = StaffGate(CFG)
    gate.pointer(Pointer(PointerKind.DOWN, 40, 40, 0.0))
    assert gate.pointer(Pointer(PointerKind.UP, 41, 41, 4.9)) is StaffSignal.NONE
    gate.pointer(Pointer(PointerKind.DOWN, 40, 40, 10.0))
    assert gate.pointer(Pointer(PointerKind.UP, 41, 41, 15.0)) is StaffSignal.OPEN_PIN_PAD


def test_wrong_pin_rejects_then_locks_out() -> None:
    gate = StaffGate(CFG)
    _hold(gate, 40, 40, 5.1)
    assert _type(gate, "1234", 6.0) is StaffSignal.PIN_REJECTED
    assert gate.phase is StaffPhase.PIN_ENTRY and gate.pin_length == 0
    assert _type(gate, "24680", 7.0) is StaffSignal.PIN_REJECTED  # a prefix trick fails too
    assert _type(gate, "", 8.0) is StaffSignal.LOCKED_OUT
    assert gate.phase is StaffPhase.LOCKED_OUT
    # during lockout neither the corner nor the chord nor the right PIN works
    assert _hold(gate, 40, 40, 10.0, t0=10.0) == []
    assert gate.key(KeyPress("q", 21.0, ctrl=True, alt=True, shift=True)) is StaffSignal.NONE
    assert _type(gate, "2468", 22.0) is StaffSignal.NONE
    # after the lockout it works again
    gate.update(8.0 + 60.0)
    assert gate.phase is StaffPhase.WATCHING
    assert _hold(gate, 40, 40, 5.1, t0=70.0) == [StaffSignal.OPEN_PIN_PAD]
    assert _type(gate, "2468", 76.0) is StaffSignal.UNLOCKED


def test_pin_pad_times_out_and_can_be_cancelled() -> None:
    gate = StaffGate(CFG)
    _hold(gate, 40, 40, 5.1)
    gate.digit("2", 6.0)
    assert gate.update(35.9) is StaffSignal.NONE  # activity moved the timeout
    assert gate.update(36.0) is StaffSignal.PIN_PAD_CLOSED
    assert gate.phase is StaffPhase.WATCHING
    _hold(gate, 40, 40, 5.1, t0=40.0)
    assert gate.cancel() is StaffSignal.PIN_PAD_CLOSED
    assert gate.submit(50.0) is StaffSignal.NONE  # no pad, nothing to submit


def test_keyboard_chord_and_typed_pin() -> None:
    gate = StaffGate(CFG)
    assert gate.key(KeyPress("q", 0.0, ctrl=True, alt=True)) is StaffSignal.NONE
    assert gate.key(KeyPress("q", 0.0, shift=True)) is StaffSignal.NONE
    assert gate.key(KeyPress("q", 0.0, ctrl=True, alt=True, shift=True)) is (
        StaffSignal.OPEN_PIN_PAD
    )
    for k in "2469":
        gate.key(KeyPress(k, 1.0))
    gate.key(KeyPress("backspace", 1.0))
    gate.key(KeyPress("8", 1.0))
    assert gate.pin_length == 4
    assert gate.key(KeyPress("return", 1.0)) is StaffSignal.UNLOCKED


def test_escape_closes_the_pad() -> None:
    gate = StaffGate(CFG)
    gate.key(KeyPress("q", 0.0, ctrl=True, alt=True, shift=True))
    assert gate.key(KeyPress("escape", 1.0)) is StaffSignal.PIN_PAD_CLOSED


def test_chord_can_be_disabled() -> None:
    gate = StaffGate(StaffExitSettings(key_chord=False))
    assert gate.key(KeyPress("q", 0.0, ctrl=True, alt=True, shift=True)) is StaffSignal.NONE


def test_pin_entry_is_capped() -> None:
    gate = StaffGate(CFG)
    gate.key(KeyPress("q", 0.0, ctrl=True, alt=True, shift=True))
    for _ in range(50):
        gate.digit("2", 1.0)
    assert gate.pin_length == 8


def test_progress_cue() -> None:
    gate = StaffGate(CFG)
    assert gate.press_progress(0.0) == 0.0
    gate.pointer(Pointer(PointerKind.DOWN, 40, 40, 0.0))
    assert gate.press_progress(2.5) == pytest.approx(0.5)
    assert gate.press_progress(99.0) == 1.0


@pytest.mark.parametrize("seed", range(5))
def test_random_visitor_input_never_opens_the_pad(seed: int) -> None:
    """Hours of monkey input, aimed at the corners too, never reach the PIN pad."""
    fps = 30.0
    monkey = Monkey(seed, MonkeyConfig(fps=fps, corner_share=0.5, idle_gap_seconds=20.0))
    gate = StaffGate(StaffExitSettings(long_press_seconds=2.0, corner_size=400))
    for frame_no, events in enumerate(monkey.frames(60_000)):
        t = frame_no / fps
        for event in events:
            record = to_input(event, t)
            if isinstance(record, Pointer):
                assert gate.pointer(record) is StaffSignal.NONE
            elif isinstance(record, KeyPress):
                assert gate.key(record) is StaffSignal.NONE
        assert gate.update(t) is StaffSignal.NONE
    assert gate.phase is StaffPhase.WATCHING
