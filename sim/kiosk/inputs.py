"""The small input records the kiosk logic understands, free of pygame.

Staff gesture, idle reset and the controller only need "a press went down
here at this time" or "this key with these modifiers". Keeping those records
here, without pygame, lets the supervisor process and pure tests import the
logic without SDL; `sim.kiosk.touch` makes them from pygame events.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: The game's logical canvas; all pointer coordinates are in these pixels.
LOGICAL_SIZE: tuple[int, int] = (1920, 1080)

MOUSE_POINTER = "mouse"


class PointerKind(Enum):
    """Phase of a press, the same for a finger and the left mouse button."""

    DOWN = "down"
    MOVE = "move"  # only while pressed: nothing in the game depends on hover
    UP = "up"


@dataclass(frozen=True, slots=True)
class Pointer:
    """One press/move/release in logical pixels at time `t` (seconds)."""

    kind: PointerKind
    x: float
    y: float
    t: float
    pointer_id: str = MOUSE_POINTER  # "mouse" or "finger:<touch>:<finger>"

    @property
    def is_finger(self) -> bool:
        """True for touch input (used e.g. by the staff touch test)."""
        return self.pointer_id != MOUSE_POINTER


@dataclass(frozen=True, slots=True)
class KeyPress:
    """A key going down, with modifiers, named without pygame constants."""

    key: str  # "q", "0".."9", "return", "escape", "backspace", "space", "tab", arrows, ...
    t: float
    ctrl: bool = False
    alt: bool = False
    shift: bool = False
