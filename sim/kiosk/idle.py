"""Two-tier idle reset: a visitor who walks away must leave nothing behind.

ATTRACT  --visitor starts-->  ACTIVE  --idle_seconds, no input-->  COUNTDOWN
COUNTDOWN --any input-->  ACTIVE        ("Are you still there?" / Continue)
COUNTDOWN --countdown_seconds-->  ATTRACT, reporting RESET once.

The machine is pure: callers pass the current time (e.g. `time.monotonic()`,
or a simulated clock in `--monkey` runs and the soak bench), so tests drive
it without waiting. It only says *what* happened; the app decides how to
draw the overlay and how to clear the model.
"""

from __future__ import annotations

from enum import Enum


class IdlePhase(Enum):
    """Where the exhibit is in the visitor cycle."""

    ATTRACT = "attract"  # nobody playing: simulation runs itself, never counts down
    ACTIVE = "active"  # a visitor is playing
    COUNTDOWN = "countdown"  # "Are you still there?" is showing


class IdleSignal(Enum):
    """What the app must do after feeding the machine an input or a tick."""

    NONE = "none"
    SHOW_COUNTDOWN = "show_countdown"  # open the "Are you still there?" overlay
    CONTINUED = "continued"  # visitor answered: close the overlay, carry on
    RESET = "reset"  # go to attract with a clean model; forget the visitor


class IdleMachine:
    """Clock-injected idle state machine; one per app, lives for the whole run."""

    def __init__(self, idle_seconds: float, countdown_seconds: float, now: float) -> None:
        if idle_seconds <= 0 or countdown_seconds <= 0:
            raise ValueError("idle_seconds and countdown_seconds must be positive")
        self.idle_seconds = float(idle_seconds)
        self.countdown_seconds = float(countdown_seconds)
        self._phase = IdlePhase.ATTRACT
        self._last_input = now
        self._countdown_start = now

    @property
    def phase(self) -> IdlePhase:
        """Current phase; the app shows the overlay while it is COUNTDOWN."""
        return self._phase

    def start_session(self, now: float) -> IdleSignal:
        """A visitor touched the attract screen: the idle clock starts now."""
        self._phase = IdlePhase.ACTIVE
        self._last_input = now
        return IdleSignal.NONE

    def input(self, now: float) -> IdleSignal:
        """Any touch, click or key. In COUNTDOWN it means "still here"."""
        if self._phase is IdlePhase.ATTRACT:
            return IdleSignal.NONE  # starting a session is the app's decision
        self._last_input = now
        if self._phase is IdlePhase.COUNTDOWN:
            self._phase = IdlePhase.ACTIVE
            return IdleSignal.CONTINUED
        return IdleSignal.NONE

    def update(self, now: float) -> IdleSignal:
        """Call once per frame. Returns at most one signal.

        If the clock jumped past both stages at once (a suspended PC, a frozen
        frame), the machine resets directly rather than flashing the overlay
        for one frame: an absent visitor cannot answer it anyway.
        """
        if self._phase is IdlePhase.ATTRACT:
            return IdleSignal.NONE
        if now < self._last_input:  # clock went backwards: treat as fresh input
            self._last_input = now
            self._countdown_start = now
            return IdleSignal.NONE
        if self._phase is IdlePhase.ACTIVE:
            quiet = now - self._last_input
            if quiet >= self.idle_seconds + self.countdown_seconds:
                return self._reset()
            if quiet >= self.idle_seconds:
                self._phase = IdlePhase.COUNTDOWN
                self._countdown_start = self._last_input + self.idle_seconds
                return IdleSignal.SHOW_COUNTDOWN
            return IdleSignal.NONE
        if now - self._countdown_start >= self.countdown_seconds:
            return self._reset()
        return IdleSignal.NONE

    def seconds_left(self, now: float) -> float:
        """Countdown seconds still to go (for the big number); 0 outside COUNTDOWN."""
        if self._phase is not IdlePhase.COUNTDOWN:
            return 0.0
        return max(0.0, self.countdown_seconds - (now - self._countdown_start))

    def force_reset(self) -> IdleSignal:
        """Return to attract now (staff screen closed, language reset, etc.)."""
        return self._reset()

    def _reset(self) -> IdleSignal:
        self._phase = IdlePhase.ATTRACT
        return IdleSignal.RESET
