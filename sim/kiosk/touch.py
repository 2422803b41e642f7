"""One pointer language for mouse and finger, so every control works by touch.

SDL reports a touch twice: as FINGER* events (coordinates normalised 0-1) and,
unless told otherwise, as synthesized mouse events flagged ``event.touch``.
Handling both would turn one tap into two. `to_input` keeps the finger
events, drops the synthesized mouse ones, and returns small immutable records
in logical 1920x1080 coordinates that the gesture logic (staff exit, buttons,
drags) can use without knowing where they came from.

Coordinates: with ``pygame.SCALED`` (the game's display mode) SDL already maps
mouse positions to logical pixels, and its renderer maps finger positions to
0-1 over the logical area, so the defaults need no window size. Pass a
`Viewport` only when drawing without SDL's logical scaling (letterboxed by
hand), and finger coordinates will be un-letterboxed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from sim.kiosk.inputs import LOGICAL_SIZE, KeyPress, Pointer, PointerKind

__all__ = [
    "LOGICAL_SIZE",
    "KeyPress",
    "Pointer",
    "PointerKind",
    "Viewport",
    "finger_to_logical",
    "key_press",
    "to_input",
]

#: SDL_TOUCH_MOUSEID / SDL_MOUSE_TOUCHID: events SDL synthesized, not real devices.
_SYNTH_MOUSE_ID = 0xFFFFFFFF
_SYNTH_TOUCH_ID = -1

_DIGIT_KEYS: dict[int, str] = {getattr(pygame, f"K_{d}"): str(d) for d in range(10)}
_DIGIT_KEYS.update({getattr(pygame, f"K_KP{d}"): str(d) for d in range(10)})
_KEY_NAMES: dict[int, str] = {
    pygame.K_RETURN: "return",
    pygame.K_KP_ENTER: "return",
    pygame.K_ESCAPE: "escape",
    pygame.K_BACKSPACE: "backspace",
    pygame.K_SPACE: "space",
    pygame.K_TAB: "tab",
    pygame.K_LEFT: "left",
    pygame.K_RIGHT: "right",
    pygame.K_UP: "up",
    pygame.K_DOWN: "down",
}


@dataclass(frozen=True, slots=True)
class Viewport:
    """Where the logical canvas sits inside the window, for manual letterboxing."""

    window_w: int
    window_h: int
    logical_w: int = LOGICAL_SIZE[0]
    logical_h: int = LOGICAL_SIZE[1]

    def finger_to_logical(self, fx: float, fy: float) -> tuple[float, float]:
        """Window-normalised 0-1 finger position → logical pixels, clamped."""
        scale = min(self.window_w / self.logical_w, self.window_h / self.logical_h)
        off_x = (self.window_w - self.logical_w * scale) / 2
        off_y = (self.window_h - self.logical_h * scale) / 2
        x = (fx * self.window_w - off_x) / scale
        y = (fy * self.window_h - off_y) / scale
        return _clamp(x, self.logical_w), _clamp(y, self.logical_h)


def finger_to_logical(
    fx: float, fy: float, logical_size: tuple[int, int] = LOGICAL_SIZE
) -> tuple[float, float]:
    """Logical-area-normalised 0-1 finger position → logical pixels, clamped."""
    w, h = logical_size
    return _clamp(fx * w, w), _clamp(fy * h, h)


def to_input(
    event: pygame.event.Event,
    t: float,
    *,
    logical_size: tuple[int, int] = LOGICAL_SIZE,
    viewport: Viewport | None = None,
) -> Pointer | KeyPress | None:
    """Convert one pygame event into a Pointer or KeyPress, or None to ignore it.

    Ignored: synthesized mouse events from touch (the finger events carry the
    same press), buttons other than the left one (no right-click features, and
    a wheel is not a tap), mouse motion with no button held (no hover features).
    """
    etype = event.type
    if etype in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
        touch_id = getattr(event, "touch_id", 0)
        if touch_id == _SYNTH_TOUCH_ID:
            return None  # SDL made this finger from a mouse; the mouse event counts
        kind = {
            pygame.FINGERDOWN: PointerKind.DOWN,
            pygame.FINGERMOTION: PointerKind.MOVE,
            pygame.FINGERUP: PointerKind.UP,
        }[etype]
        if viewport is not None:
            x, y = viewport.finger_to_logical(event.x, event.y)
        else:
            x, y = finger_to_logical(event.x, event.y, logical_size)
        return Pointer(kind, x, y, t, f"finger:{touch_id}:{getattr(event, 'finger_id', 0)}")
    if etype in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
        if _synthesized_from_touch(event):
            return None
        x, y = event.pos
        if etype == pygame.MOUSEMOTION:
            if not event.buttons[0]:
                return None
            return Pointer(PointerKind.MOVE, float(x), float(y), t)
        if event.button != pygame.BUTTON_LEFT:
            return None
        kind = PointerKind.DOWN if etype == pygame.MOUSEBUTTONDOWN else PointerKind.UP
        return Pointer(kind, float(x), float(y), t)
    if etype == pygame.KEYDOWN:
        return key_press(event.key, getattr(event, "mod", 0), t)
    return None


def key_press(key: int, mod: int, t: float) -> KeyPress:
    """Name a pygame key code, folding keypad digits and Enter into the main ones."""
    name = _DIGIT_KEYS.get(key) or _KEY_NAMES.get(key) or pygame.key.name(key).lower()
    return KeyPress(
        name,
        t,
        ctrl=bool(mod & pygame.KMOD_CTRL),
        alt=bool(mod & pygame.KMOD_ALT),
        shift=bool(mod & pygame.KMOD_SHIFT),
    )


def _synthesized_from_touch(event: pygame.event.Event) -> bool:
    """pygame-ce flags mouse events SDL made from a touch; older SDL used a magic id."""
    return bool(getattr(event, "touch", False)) or getattr(event, "which", 0) == _SYNTH_MOUSE_ID


def _clamp(value: float, limit: int) -> float:
    """Keep a position on the canvas: a finger at the very edge may report 1.0001."""
    return min(max(value, 0.0), float(limit - 1))
