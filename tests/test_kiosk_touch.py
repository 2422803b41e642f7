"""Finger and mouse events become the same Pointer records; touches count once."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from sim.kiosk.touch import (  # noqa: E402
    KeyPress,
    Pointer,
    PointerKind,
    Viewport,
    finger_to_logical,
    key_press,
    to_input,
)


def _finger(etype: int, x: float, y: float, fid: int = 3, touch_id: int = 7) -> pygame.event.Event:
    return pygame.event.Event(etype, touch_id=touch_id, finger_id=fid, x=x, y=y, dx=0.0, dy=0.0)


@pytest.mark.parametrize(
    ("etype", "kind"),
    [
        (pygame.FINGERDOWN, PointerKind.DOWN),
        (pygame.FINGERMOTION, PointerKind.MOVE),
        (pygame.FINGERUP, PointerKind.UP),
    ],
)
def test_finger_events_become_logical_pointers(etype: int, kind: PointerKind) -> None:
    p = to_input(_finger(etype, 0.5, 0.25), 1.5)
    assert p == Pointer(kind, 960.0, 270.0, 1.5, "finger:7:3")
    assert isinstance(p, Pointer) and p.is_finger


def test_finger_edges_are_clamped_onto_the_canvas() -> None:
    assert finger_to_logical(1.0, 1.0) == (1919.0, 1079.0)
    assert finger_to_logical(-0.01, 1.2) == (0.0, 1079.0)


def test_fingers_are_told_apart() -> None:
    a = to_input(_finger(pygame.FINGERDOWN, 0.1, 0.1, fid=1), 0.0)
    b = to_input(_finger(pygame.FINGERDOWN, 0.1, 0.1, fid=2), 0.0)
    assert isinstance(a, Pointer) and isinstance(b, Pointer)
    assert a.pointer_id != b.pointer_id


def test_letterboxed_viewport() -> None:
    # a 4:3 window shows the 16:9 canvas with bars above and below
    vp = Viewport(1600, 1200)
    assert vp.finger_to_logical(0.5, 0.5) == pytest.approx((960.0, 540.0))
    assert vp.finger_to_logical(0.0, 0.125) == pytest.approx((0.0, 0.0))
    assert vp.finger_to_logical(0.5, 0.0) == pytest.approx((960.0, 0.0))  # in the bar: clamped
    p = to_input(_finger(pygame.FINGERDOWN, 0.5, 0.5), 0.0, viewport=vp)
    assert isinstance(p, Pointer) and (p.x, p.y) == pytest.approx((960.0, 540.0))


def test_mouse_left_button_and_drag() -> None:
    down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(100, 200), button=1, touch=False)
    move = pygame.event.Event(
        pygame.MOUSEMOTION, pos=(110, 205), rel=(10, 5), buttons=(1, 0, 0), touch=False
    )
    up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(110, 205), button=1, touch=False)
    assert to_input(down, 1.0) == Pointer(PointerKind.DOWN, 100.0, 200.0, 1.0)
    assert to_input(move, 1.1) == Pointer(PointerKind.MOVE, 110.0, 205.0, 1.1)
    assert to_input(up, 1.2) == Pointer(PointerKind.UP, 110.0, 205.0, 1.2)
    assert not Pointer(PointerKind.UP, 0, 0, 0).is_finger


def test_synthesized_mouse_from_touch_is_ignored() -> None:
    """SDL sends a touch as FINGERDOWN *and* a mouse click: only one may count."""
    fake = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=1, touch=True)
    assert to_input(fake, 0.0) is None
    fake_move = pygame.event.Event(
        pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(1, 0, 0), touch=True
    )
    assert to_input(fake_move, 0.0) is None


def test_synthesized_touch_from_mouse_is_ignored() -> None:
    assert to_input(_finger(pygame.FINGERDOWN, 0.5, 0.5, touch_id=-1), 0.0) is None


def test_hover_wheel_and_right_click_are_ignored() -> None:
    hover = pygame.event.Event(
        pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0), touch=False
    )
    right = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=3, touch=False)
    wheel = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=4, touch=False)
    other = pygame.event.Event(pygame.USEREVENT)
    assert [to_input(e, 0.0) for e in (hover, right, wheel, other)] == [None] * 4


def test_keys_are_named_with_modifiers() -> None:
    chord = pygame.event.Event(
        pygame.KEYDOWN,
        key=pygame.K_q,
        mod=pygame.KMOD_LCTRL | pygame.KMOD_RALT | pygame.KMOD_LSHIFT,
        unicode="",
    )
    assert to_input(chord, 2.0) == KeyPress("q", 2.0, ctrl=True, alt=True, shift=True)
    assert key_press(pygame.K_KP7, 0, 0.0).key == "7"
    assert key_press(pygame.K_3, 0, 0.0).key == "3"
    assert key_press(pygame.K_KP_ENTER, 0, 0.0).key == "return"
    assert key_press(pygame.K_ESCAPE, 0, 0.0) == KeyPress("escape", 0.0)
    up = pygame.event.Event(pygame.KEYUP, key=pygame.K_q, mod=0)
    assert to_input(up, 0.0) is None
