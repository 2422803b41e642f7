"""Museum-safe ranges for the knobs whose cost grows with their value.

The sandbox offers each knob its whole range (5,000 street cameras at ten
times the coverage, 5,000 officers with body cameras), which a classroom PC
can try for a minute. At an exhibit, random hands push every slider to its
end, and some combinations make the simulation hold several gigabytes for a
simulated day (measured with `python -m sim run`, 100,000 people, 24 h:
cameras 5,000 at coverage x10 held 11 GB after 3 hours; officers 5,000 with
body cameras 5 GB), enough to stop a small exhibit PC. In kiosk mode those
knobs stop at the limits below. With all of them at their limits at once
(and every other knob at its costliest) a simulated day peaks at 1.6 GB in the
stadium (170,000 fans), 1.1 GB for the phone app (200,000 people, every search
an alert) and 0.5 GB in the other cities (`python -m sim run`, measured
2026-11-22, after the model learned to bound its capture and alert memory).
The lesson is the same at these values.

The limits apply to what visitors set; what the museum sets on the command
line (`--set cameras=2000`) and what a scenario file says are left as they are.
"""

from __future__ import annotations

from typing import Any

from sim.game.session import Session
from sim.model.params import clamp_number

#: Highest value a visitor can give each knob in kiosk mode.
KIOSK_LIMITS: dict[str, float] = {
    "cameras": 1000,
    "camera_density": 3.0,
    "officers": 1000,
    "drones": 100,
    "gates": 100,
}


def clamp(key: str, value: Any) -> Any:
    """`value`, or the kiosk limit of `key` if it is higher (other keys pass through)."""
    return clamp_number(value, hi=KIOSK_LIMITS.get(key))


class KioskSession(Session):
    """A session whose visitor-set knobs stay within `KIOSK_LIMITS`."""

    def set_param(self, key: str, value: Any) -> bool:
        """Like `Session.set_param`, with the costliest knobs capped for the exhibit PC."""
        return super().set_param(key, clamp(key, value))
