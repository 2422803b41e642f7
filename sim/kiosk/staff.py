"""Staff-only way out: hold a hidden corner (or press a key chord), then a PIN.

Visitors tap, drag, lean and mash keys; none of that may leave the exhibit.
So the gesture is deliberately unlike play: one finger held nearly still in a
small corner square for several seconds, with no other finger down, and even
that only opens a PIN pad. A wrong PIN is counted; too many lock the gesture
out for a while. A correct PIN yields UNLOCKED and the app shows the staff
screen (touch test, version, settings problems, exit button).

Pure logic: it is fed normalised `Pointer`/`KeyPress` records (see
`sim.kiosk.touch`) carrying their own timestamps, plus `update(now)` once a
frame, so tests need neither a display nor a real clock.
"""

from __future__ import annotations

import hmac
import math
from enum import Enum

from sim.kiosk.inputs import LOGICAL_SIZE, KeyPress, Pointer, PointerKind
from sim.kiosk.settings import StaffExitSettings

MAX_PIN_LENGTH = 8
CHORD_KEY = "q"  # with Ctrl+Alt+Shift


class StaffPhase(Enum):
    """What the gate is doing; the app shows the PIN pad in PIN_ENTRY."""

    WATCHING = "watching"  # normal play; looking for the gesture
    PIN_ENTRY = "pin_entry"
    LOCKED_OUT = "locked_out"  # too many wrong PINs: the gesture is ignored for a while
    UNLOCKED = "unlocked"  # staff screen is open until `relock()`


class StaffSignal(Enum):
    """What just happened, for the app to react to."""

    NONE = "none"
    OPEN_PIN_PAD = "open_pin_pad"
    PIN_REJECTED = "pin_rejected"  # pad stays open, entry cleared
    PIN_PAD_CLOSED = "pin_pad_closed"  # cancelled or timed out
    LOCKED_OUT = "locked_out"  # pad closed after too many wrong PINs
    UNLOCKED = "unlocked"  # show the staff screen


class StaffGate:
    """Recognises the staff gesture and checks the PIN."""

    def __init__(
        self, config: StaffExitSettings, logical_size: tuple[int, int] = LOGICAL_SIZE
    ) -> None:
        self.config = config
        self._w, self._h = logical_size
        self._phase = StaffPhase.WATCHING
        # The press held in the corner, if any: (pointer_id, x0, y0, t0).
        self._candidate: tuple[str, float, float, float] | None = None
        self._entry = ""
        self._attempts = 0
        self._pad_activity = 0.0
        self._locked_until = 0.0

    @property
    def phase(self) -> StaffPhase:
        """Current phase."""
        return self._phase

    @property
    def pin_length(self) -> int:
        """Digits typed so far, to draw as dots (the digits themselves stay hidden)."""
        return len(self._entry)

    def in_corner(self, x: float, y: float) -> bool:
        """Whether a logical point is inside the hidden corner square."""
        size = self.config.corner_size
        vertical, horizontal = self.config.corner.split("-")
        in_x = x < size if horizontal == "left" else x >= self._w - size
        in_y = y < size if vertical == "top" else y >= self._h - size
        return in_x and in_y

    def press_progress(self, now: float) -> float:
        """0-1 progress of a corner hold, if the app wants a faint staff-only cue."""
        if self._candidate is None or self._phase is not StaffPhase.WATCHING:
            return 0.0
        t0 = self._candidate[3]
        return min(1.0, max(0.0, (now - t0) / self.config.long_press_seconds))

    def pointer(self, p: Pointer) -> StaffSignal:
        """Feed every pointer record; returns OPEN_PIN_PAD when a hold completes.

        Only the candidate press is remembered, so a lost release (finger slid
        off the glass) cannot leave stale state that blocks the gesture later.
        """
        if self._phase is not StaffPhase.WATCHING:
            self._candidate = None  # taps on the PIN pad are the pad's business
            return StaffSignal.NONE
        if p.kind is PointerKind.DOWN:
            if self._candidate is not None and self._candidate[0] != p.pointer_id:
                self._candidate = None  # a second finger: not the staff gesture
            elif self.in_corner(p.x, p.y):
                self._candidate = (p.pointer_id, p.x, p.y, p.t)
            return StaffSignal.NONE
        if self._candidate is None or self._candidate[0] != p.pointer_id:
            return StaffSignal.NONE
        _, x0, y0, _ = self._candidate
        if math.hypot(p.x - x0, p.y - y0) > self.config.drift_tolerance:
            self._candidate = None  # a drag, not a hold
            return StaffSignal.NONE
        signal = self._check_hold(p.t)
        if p.kind is PointerKind.UP:
            self._candidate = None
        return signal

    def forget_pointers(self) -> None:
        """Drop any half-finished hold (call on window focus loss or scene change)."""
        self._candidate = None

    def key(self, k: KeyPress) -> StaffSignal:
        """Feed every key press: the chord opens the pad; in the pad, keys type the PIN."""
        if self._phase is StaffPhase.PIN_ENTRY:
            if k.key.isdigit() and len(k.key) == 1:
                return self.digit(k.key, k.t)
            if k.key == "backspace":
                return self.backspace(k.t)
            if k.key == "return":
                return self.submit(k.t)
            if k.key == "escape":
                return self.cancel()
            return StaffSignal.NONE
        is_chord = k.key == CHORD_KEY and k.ctrl and k.alt and k.shift
        if is_chord and self.config.key_chord and self._phase is StaffPhase.WATCHING:
            return self._open_pad(k.t)
        return StaffSignal.NONE

    def update(self, now: float) -> StaffSignal:
        """Call once a frame: completes holds, times out the pad, ends a lockout."""
        if self._phase is StaffPhase.WATCHING:
            return self._check_hold(now)
        if self._phase is StaffPhase.PIN_ENTRY:
            if now - self._pad_activity >= self.config.pin_timeout_seconds:
                return self.cancel()
        elif self._phase is StaffPhase.LOCKED_OUT and now >= self._locked_until:
            self._phase = StaffPhase.WATCHING
            self._attempts = 0
        return StaffSignal.NONE

    def digit(self, d: str, now: float) -> StaffSignal:
        """One digit from the on-screen pad or the keyboard."""
        if self._phase is StaffPhase.PIN_ENTRY and len(self._entry) < MAX_PIN_LENGTH:
            self._entry += d
            self._pad_activity = now
        return StaffSignal.NONE

    def backspace(self, now: float) -> StaffSignal:
        """Remove the last digit."""
        if self._phase is StaffPhase.PIN_ENTRY:
            self._entry = self._entry[:-1]
            self._pad_activity = now
        return StaffSignal.NONE

    def submit(self, now: float) -> StaffSignal:
        """Check the typed PIN (constant-time compare; costs nothing, leaks nothing)."""
        if self._phase is not StaffPhase.PIN_ENTRY:
            return StaffSignal.NONE
        entry, self._entry = self._entry, ""
        self._pad_activity = now
        if hmac.compare_digest(entry.encode(), self.config.pin.encode()):
            self._phase = StaffPhase.UNLOCKED
            self._attempts = 0
            return StaffSignal.UNLOCKED
        self._attempts += 1
        if self._attempts >= self.config.max_pin_attempts:
            self._phase = StaffPhase.LOCKED_OUT
            self._locked_until = now + self.config.lockout_seconds
            return StaffSignal.LOCKED_OUT
        return StaffSignal.PIN_REJECTED

    def cancel(self) -> StaffSignal:
        """Close the pad (Cancel button, Escape, timeout) without unlocking."""
        if self._phase is not StaffPhase.PIN_ENTRY:
            return StaffSignal.NONE
        self._entry = ""
        self._phase = StaffPhase.WATCHING
        return StaffSignal.PIN_PAD_CLOSED

    def relock(self) -> None:
        """Staff closed the staff screen: back to watching, nothing remembered."""
        self._phase = StaffPhase.WATCHING
        self._entry = ""
        self._candidate = None

    def _check_hold(self, now: float) -> StaffSignal:
        """Open the pad once the corner hold has lasted long enough."""
        if self._candidate is None or self._phase is not StaffPhase.WATCHING:
            return StaffSignal.NONE
        if now - self._candidate[3] >= self.config.long_press_seconds:
            self._candidate = None
            return self._open_pad(now)
        return StaffSignal.NONE

    def _open_pad(self, now: float) -> StaffSignal:
        self._phase = StaffPhase.PIN_ENTRY
        self._entry = ""
        self._pad_activity = now
        return StaffSignal.OPEN_PIN_PAD
