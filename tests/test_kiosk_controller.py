"""The kiosk flow end to end, driven by finger events as a visitor would."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from sim.game.monkey import Monkey, MonkeyConfig  # noqa: E402
from sim.kiosk.controller import KioskAction, KioskController, Routed, Target  # noqa: E402
from sim.kiosk.settings import KioskSettings, StaffExitSettings  # noqa: E402
from sim.kiosk.touch import KeyPress, to_input  # noqa: E402

A = KioskAction
SETTINGS = KioskSettings(
    idle_seconds=60,
    countdown_seconds=15,
    staff_exit=StaffExitSettings(long_press_seconds=5, pin="2468"),
)


def _finger(kind: int, x: float, y: float, fid: int = 1) -> pygame.event.Event:
    return pygame.event.Event(kind, touch_id=1, finger_id=fid, x=x / 1920, y=y / 1080)


def _tap(c: KioskController, x: float, y: float, t: float, fid: int = 1) -> list[Routed]:
    return [
        c.handle(to_input(_finger(pygame.FINGERDOWN, x, y, fid), t), t),
        c.handle(to_input(_finger(pygame.FINGERUP, x, y, fid), t + 0.1), t + 0.1),
    ]


def _actions(routed: list[Routed]) -> list[KioskAction]:
    return [a for r in routed for a in r.actions]


def test_visitor_cycle_with_fingers() -> None:
    c = KioskController(SETTINGS, 0.0)
    assert c.in_attract and c.caption(0.0).key == "kiosk.attract.1"
    assert c.update(500.0) == ()  # attract never times out
    routed = _tap(c, 960, 540, 500.0)
    assert _actions(routed) == [A.START_SESSION]
    assert all(r.target is Target.NONE for r in routed)  # the waking touch is not a click
    assert not c.in_attract
    assert [r.target for r in _tap(c, 300, 900, 510.0)] == [Target.SCENE, Target.SCENE]
    assert c.update(569.0) == ()
    assert c.update(570.1) == (A.SHOW_COUNTDOWN,)
    assert 14 < c.countdown_left(571.0) < 15
    answer = _tap(c, 960, 700, 575.0)
    assert _actions(answer) == [A.HIDE_COUNTDOWN]
    assert [r.target for r in answer] == [Target.NONE, Target.NONE]  # whole press swallowed
    assert c.update(575.1 + 59.0) == ()
    assert c.update(575.1 + 60.0) == (A.SHOW_COUNTDOWN,)
    assert c.update(575.1 + 75.0) == (A.RESET_TO_ATTRACT,)
    assert c.in_attract
    assert c.caption(575.1 + 75.0).key == "kiosk.attract.1"  # captions start over


def test_key_wakes_attract_and_counts_as_activity() -> None:
    c = KioskController(SETTINGS, 0.0)
    assert c.handle(KeyPress("space", 1.0), 1.0) == Routed(Target.NONE, (A.START_SESSION,))
    assert c.handle(KeyPress("right", 50.0), 50.0).target is Target.SCENE
    assert c.update(109.0) == ()


def test_ignored_events_pass_to_scene() -> None:
    c = KioskController(SETTINGS, 0.0)
    assert c.handle(None, 0.0) == Routed(Target.SCENE)


def _hold_corner(c: KioskController, t0: float, seconds: float = 5.1) -> list[KioskAction]:
    actions = list(c.handle(to_input(_finger(pygame.FINGERDOWN, 20, 20), t0), t0).actions)
    t = t0
    while t < t0 + seconds:
        t += 0.1
        actions += c.update(t)
    actions += c.handle(to_input(_finger(pygame.FINGERUP, 20, 20), t), t).actions
    return actions


def test_staff_flow_from_attract_does_not_start_a_story() -> None:
    c = KioskController(SETTINGS, 0.0)
    assert _hold_corner(c, 10.0) == [A.OPEN_PIN_PAD]
    assert c.in_attract
    pad = c.handle(to_input(_finger(pygame.FINGERDOWN, 900, 500), 16.0), 16.0)
    assert pad.target is Target.PIN_PAD
    for d in "2468":
        c.pin_digit(d, 17.0)
    assert c.pin_submit(17.0) == (A.CLOSE_PIN_PAD, A.OPEN_STAFF_SCREEN)
    assert c.handle(KeyPress("escape", 18.0), 18.0).target is Target.STAFF_SCREEN
    assert c.update(18.0 + 59.0) == ()
    assert c.update(18.0 + 60.0) == (A.CLOSE_STAFF_SCREEN, A.RESET_TO_ATTRACT)  # left open


def test_pin_pad_answers_the_countdown_and_idle_waits_while_it_is_open() -> None:
    c = KioskController(SETTINGS, 0.0)
    _tap(c, 500, 500, 0.0)
    assert c.update(60.2) == (A.SHOW_COUNTDOWN,)
    assert c.handle(KeyPress("q", 61.0, ctrl=True, alt=True, shift=True), 61.0).actions == (
        A.HIDE_COUNTDOWN,
        A.OPEN_PIN_PAD,
    )
    assert c.update(61.0 + 29.0) == ()  # no countdown over the pad
    assert c.update(61.0 + 30.0) == (A.CLOSE_PIN_PAD,)  # pad timed out
    assert c.update(91.0 + 59.0) == ()  # closing the pad restarted the idle clock


def test_wrong_pin_and_cancel() -> None:
    c = KioskController(SETTINGS, 0.0)
    _hold_corner(c, 0.0)
    c.pin_digit("1", 6.0)
    assert c.pin_submit(6.0) == (A.PIN_REJECTED,)
    assert c.pin_cancel(7.0) == (A.CLOSE_PIN_PAD,)
    assert c.staff.phase.value == "watching"


def test_back_to_exhibit_resets() -> None:
    c = KioskController(SETTINGS, 0.0)
    c.handle(KeyPress("q", 0.0, ctrl=True, alt=True, shift=True), 0.0)
    for d in "2468":
        c.handle(KeyPress(d, 1.0), 1.0)
    assert c.handle(KeyPress("return", 1.0), 1.0).actions == (A.CLOSE_PIN_PAD, A.OPEN_STAFF_SCREEN)
    assert c.close_staff_screen(2.0) == (A.CLOSE_STAFF_SCREEN, A.RESET_TO_ATTRACT)
    assert c.in_attract


def test_monkey_visits_every_state_but_never_the_staff_screen() -> None:
    """Random visitors start sessions, get reset, answer countdowns; never unlock."""
    fps = 30.0
    settings = KioskSettings(idle_seconds=10, countdown_seconds=3)
    cfg = MonkeyConfig(fps=fps, idle_gap_seconds=20.0, gap_every_frames=3000, corner_share=0.3)
    c = KioskController(settings, 0.0)
    seen: set[KioskAction] = set()
    for i, events in enumerate(Monkey(123, cfg).frames(40_000)):
        t = i / fps
        for e in events:
            seen.update(c.handle(to_input(e, t), t).actions)
        seen.update(c.update(t))
    assert {A.START_SESSION, A.SHOW_COUNTDOWN, A.RESET_TO_ATTRACT} <= seen
    assert not seen & {A.OPEN_PIN_PAD, A.OPEN_STAFF_SCREEN}
