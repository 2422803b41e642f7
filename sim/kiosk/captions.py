"""Which invitation caption attract mode shows, and how opaque it is, at time t.

Kept apart from drawing so the timing is testable and so reduced motion is
one decision in one place: with it on, captions stay twice as long and fade
twice as slowly (no sudden changes, nothing that flickers). Caption texts live
in the locale files under the keys below; this module only picks the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ATTRACT_CAPTION_KEYS: tuple[str, ...] = tuple(f"kiosk.attract.{i}" for i in range(1, 7))

#: How much longer each caption stays, and each fade lasts, under reduced motion.
REDUCED_MOTION_FACTOR = 2.0
#: Fade in/out time as a share of the caption's period (each end).
FADE_SHARE = 0.1


@dataclass(frozen=True)
class CaptionFrame:
    """What to draw now: the caption's locale key and its opacity (0-1)."""

    key: str
    alpha: float
    index: int


@dataclass(frozen=True)
class CaptionRotation:
    """A rotation that starts with the first caption whenever attract mode starts."""

    period_seconds: float
    reduced_motion: bool = False
    keys: Sequence[str] = ATTRACT_CAPTION_KEYS

    def __post_init__(self) -> None:
        if self.period_seconds <= 0 or not self.keys:
            raise ValueError("a rotation needs a positive period and at least one caption")

    @property
    def effective_period(self) -> float:
        """Seconds each caption is shown, after the reduced-motion slowdown."""
        factor = REDUCED_MOTION_FACTOR if self.reduced_motion else 1.0
        return self.period_seconds * factor

    def at(self, elapsed: float) -> CaptionFrame:
        """The caption `elapsed` seconds after attract mode began."""
        period = self.effective_period
        elapsed = max(0.0, elapsed)
        slot = int(elapsed // period)
        index = slot % len(self.keys)
        into = elapsed - slot * period
        fade = period * FADE_SHARE
        if len(self.keys) == 1:
            alpha = 1.0  # nothing to change to: never fade a lone caption out
        elif slot == 0 and into < fade:
            alpha = 1.0  # the first caption is there at once, no fade-in on entry
        else:
            alpha = min(1.0, into / fade, (period - into) / fade)
        return CaptionFrame(self.keys[index], max(0.0, alpha), index)
