"""One object the app loop asks: who gets this input, and what must change now?

The kiosk rules cut across every scene, so they live here and not in each
scene: the touch that wakes attract mode starts a visitor session and is not
also a click; the touch that answers "Are you still there?" only answers it;
while the staff PIN pad or staff screen is open, input goes there and the
idle reset waits; a staff screen left open returns to attract by itself so a
visitor never finds an "Exit" button.

The app converts each pygame event with `sim.kiosk.touch.to_input`, passes
the record to `handle`, delivers it where `Routed.target` says, calls
`update` once a frame, and carries out the returned `KioskAction`s (open or
close overlays, start the story, rebuild a clean model on RESET_TO_ATTRACT).
Pure and clock-injected like the parts it combines.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sim.kiosk.captions import CaptionFrame, CaptionRotation
from sim.kiosk.idle import IdleMachine, IdlePhase, IdleSignal
from sim.kiosk.inputs import LOGICAL_SIZE, KeyPress, Pointer, PointerKind
from sim.kiosk.settings import KioskSettings
from sim.kiosk.staff import StaffGate, StaffPhase, StaffSignal

#: More half-finished swallowed presses than this means UPs were lost; forget them.
_MAX_SWALLOWED = 16


class KioskAction(Enum):
    """Something the app must do; several may come from one call, in order."""

    START_SESSION = "start_session"  # leave attract mode, open the short story
    SHOW_COUNTDOWN = "show_countdown"
    HIDE_COUNTDOWN = "hide_countdown"
    RESET_TO_ATTRACT = "reset_to_attract"  # clean model, default language, attract scene
    OPEN_PIN_PAD = "open_pin_pad"
    PIN_REJECTED = "pin_rejected"
    CLOSE_PIN_PAD = "close_pin_pad"
    LOCKED_OUT = "locked_out"  # close the pad; the gesture sleeps for a while
    OPEN_STAFF_SCREEN = "open_staff_screen"
    CLOSE_STAFF_SCREEN = "close_staff_screen"


class Target(Enum):
    """Where the app should deliver an input record after `handle`."""

    SCENE = "scene"  # the current scene, as usual
    PIN_PAD = "pin_pad"  # the PIN pad overlay (pointer input only; keys are handled here)
    STAFF_SCREEN = "staff_screen"
    NONE = "none"  # consumed by kiosk logic


@dataclass(frozen=True)
class Routed:
    """The answer to `handle`: where the record goes and what to do."""

    target: Target
    actions: tuple[KioskAction, ...] = ()


_STAFF_ACTIONS: dict[StaffSignal, tuple[KioskAction, ...]] = {
    StaffSignal.NONE: (),
    StaffSignal.OPEN_PIN_PAD: (KioskAction.OPEN_PIN_PAD,),
    StaffSignal.PIN_REJECTED: (KioskAction.PIN_REJECTED,),
    StaffSignal.PIN_PAD_CLOSED: (KioskAction.CLOSE_PIN_PAD,),
    StaffSignal.LOCKED_OUT: (KioskAction.LOCKED_OUT,),
    StaffSignal.UNLOCKED: (KioskAction.CLOSE_PIN_PAD, KioskAction.OPEN_STAFF_SCREEN),
}


class KioskController:
    """Idle reset + staff gate + attract captions, behind one small interface."""

    def __init__(
        self,
        settings: KioskSettings,
        now: float,
        logical_size: tuple[int, int] = LOGICAL_SIZE,
    ) -> None:
        self.settings = settings
        self.idle = IdleMachine(settings.idle_seconds, settings.countdown_seconds, now)
        self.staff = StaffGate(settings.staff_exit, logical_size)
        self.captions = CaptionRotation(
            settings.attract_caption_seconds, reduced_motion=settings.reduced_motion
        )
        self._attract_since = now
        self._staff_activity = now
        self._attract_press: str | None = None
        self._swallowed: set[str] = set()

    @property
    def in_attract(self) -> bool:
        """True while nobody is playing (draw attract captions, run the demo)."""
        return self.idle.phase is IdlePhase.ATTRACT

    def caption(self, now: float) -> CaptionFrame:
        """The attract caption to draw now (starts from the first after each reset)."""
        return self.captions.at(now - self._attract_since)

    def countdown_left(self, now: float) -> float:
        """Seconds for the "Are you still there?" number (0 when not shown)."""
        return self.idle.seconds_left(now)

    def handle(self, record: Pointer | KeyPress | None, now: float) -> Routed:
        """Route one converted input record; `None` (ignored events) goes to the scene."""
        if record is None:
            return Routed(Target.SCENE)
        phase = self.staff.phase
        if phase is StaffPhase.UNLOCKED:
            self._staff_activity = now
            return Routed(Target.STAFF_SCREEN)
        if isinstance(record, KeyPress):
            signal = self.staff.key(record)
        else:
            signal = self.staff.pointer(record)
        actions = list(_STAFF_ACTIONS[signal])
        if phase is StaffPhase.PIN_ENTRY or signal is not StaffSignal.NONE:
            self._after_staff(signal, now, actions)
            if self.staff.phase is StaffPhase.PIN_ENTRY and isinstance(record, Pointer):
                return Routed(Target.PIN_PAD, tuple(actions))
            return Routed(Target.NONE, tuple(actions))
        if self.idle.phase is IdlePhase.ATTRACT:
            return self._attract_input(record, now)
        if isinstance(record, Pointer) and record.pointer_id in self._swallowed:
            if record.kind is PointerKind.UP:
                self._swallowed.discard(record.pointer_id)
            self.idle.input(now)
            return Routed(Target.NONE)
        if self.idle.input(now) is IdleSignal.CONTINUED:
            self._swallow(record)
            return Routed(Target.NONE, (KioskAction.HIDE_COUNTDOWN,))
        return Routed(Target.SCENE)

    def update(self, now: float) -> tuple[KioskAction, ...]:
        """Once a frame: timeouts of the countdown, the PIN pad and the staff screen."""
        signal = self.staff.update(now)
        actions = list(_STAFF_ACTIONS[signal])
        self._after_staff(signal, now, actions)
        phase = self.staff.phase
        if phase is StaffPhase.UNLOCKED:
            if now - self._staff_activity >= self.settings.idle_seconds:
                actions += self.close_staff_screen(now)
            return tuple(actions)
        if phase is StaffPhase.PIN_ENTRY:
            return tuple(actions)  # the pad has its own timeout; idle waits
        idle = self.idle.update(now)
        if idle is IdleSignal.SHOW_COUNTDOWN:
            actions.append(KioskAction.SHOW_COUNTDOWN)
        elif idle is IdleSignal.RESET:
            actions += self._reset(now)
        return tuple(actions)

    # -- called by the PIN pad and staff screen widgets -------------------

    def pin_digit(self, digit: str, now: float) -> tuple[KioskAction, ...]:
        """A digit button on the PIN pad."""
        self.staff.digit(digit, now)
        return ()

    def pin_backspace(self, now: float) -> tuple[KioskAction, ...]:
        """The delete button on the PIN pad."""
        self.staff.backspace(now)
        return ()

    def pin_submit(self, now: float) -> tuple[KioskAction, ...]:
        """The OK button on the PIN pad."""
        signal = self.staff.submit(now)
        actions = list(_STAFF_ACTIONS[signal])
        self._after_staff(signal, now, actions)
        return tuple(actions)

    def pin_cancel(self, now: float) -> tuple[KioskAction, ...]:
        """The Cancel button on the PIN pad."""
        signal = self.staff.cancel()
        actions = list(_STAFF_ACTIONS[signal])
        self._after_staff(signal, now, actions)
        return tuple(actions)

    def close_staff_screen(self, now: float) -> tuple[KioskAction, ...]:
        """Staff pressed "Back to the exhibit", or the screen timed out: fresh attract."""
        self.staff.relock()
        return (KioskAction.CLOSE_STAFF_SCREEN, *self._reset(now))

    def reset(self, now: float) -> tuple[KioskAction, ...]:
        """Back to attract at once, whatever was open (the app lost its screens)."""
        closing: list[KioskAction] = []
        if self.staff.phase is StaffPhase.PIN_ENTRY:
            closing.append(KioskAction.CLOSE_PIN_PAD)
        elif self.staff.phase is StaffPhase.UNLOCKED:
            closing.append(KioskAction.CLOSE_STAFF_SCREEN)
        if self.staff.phase is not StaffPhase.LOCKED_OUT:
            self.staff.relock()  # a lockout keeps running: it protects the PIN
        return (*closing, *self._reset(now))

    # -- internals --------------------------------------------------------

    def _attract_input(self, record: Pointer | KeyPress, now: float) -> Routed:
        """Wake on the release of a touch (so a staff hold never starts a story)."""
        if isinstance(record, KeyPress):
            return self._start(now)
        if record.kind is PointerKind.DOWN:
            self._attract_press = record.pointer_id
        elif record.kind is PointerKind.UP and record.pointer_id == self._attract_press:
            self._attract_press = None
            return self._start(now)
        return Routed(Target.NONE)

    def _start(self, now: float) -> Routed:
        self.idle.start_session(now)
        self._swallowed.clear()
        return Routed(Target.NONE, (KioskAction.START_SESSION,))

    def _after_staff(self, signal: StaffSignal, now: float, actions: list[KioskAction]) -> None:
        """Keep idle and attract state consistent with what the staff gate did."""
        if signal is StaffSignal.NONE:
            return
        self._attract_press = None
        if signal is StaffSignal.UNLOCKED:
            self._staff_activity = now
        elif self.idle.input(now) is IdleSignal.CONTINUED:
            # opening or closing the pad is activity; it also answers the countdown
            actions.insert(0, KioskAction.HIDE_COUNTDOWN)

    def _swallow(self, record: Pointer | KeyPress) -> None:
        """The rest of a press that answered the countdown is not a click either."""
        if isinstance(record, Pointer) and record.kind is PointerKind.DOWN:
            if len(self._swallowed) >= _MAX_SWALLOWED:
                self._swallowed.clear()
            self._swallowed.add(record.pointer_id)

    def _reset(self, now: float) -> list[KioskAction]:
        self.idle.force_reset()
        self._attract_since = now
        self._attract_press = None
        self._swallowed.clear()
        self.staff.forget_pointers()
        return [KioskAction.RESET_TO_ATTRACT]
