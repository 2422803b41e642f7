"""Analytic expectations: what the counts should be on average, from the same knobs.

For a person who is not on the watchlist, one capture raises a false alert
with probability ``1 - (1 - FMR_g(t))^N``; summed over the captures that
actually happened, that is the expected number of false alerts (linearity of
expectation holds even though lookalikes make alerts on the same person
correlated). A listed person's own record scores ``100 - E`` with E
exponential, so the chance their capture misses it is
``exp(-(100 - t) / scale)``. Precision is expected true over expected alerts.
"""

from __future__ import annotations

import math

import numpy as np

from .faces import Profile, ScoreScale, group_fmr
from .matcher import p_alert_per_capture


def impostor_alert_probability(
    scale: ScoreScale, packing: np.ndarray, threshold: float, n: int | float
) -> np.ndarray:
    """Per group: chance one capture of an unlisted person raises an alert.

    Clipped to [0, 1]: at threshold 0 or an fmr near 1 the formula is 1 up to
    rounding, and a probability shown to a class must never read 1.0000015.
    """
    return np.clip(
        np.array([p_alert_per_capture(group_fmr(scale, float(k), threshold), n) for k in packing]),
        0.0,
        1.0,
    )


def false_alert_probability_per_capture(
    expected_false_alerts: float, innocent_captures: float
) -> float | None:
    """Expected false alerts per capture of an innocent person, within [0, 1].

    The numerator also holds the rare false alerts of wanted people whose own
    record was missed while a stranger's matched, which the denominator does
    not count; when nearly every capture alerts (threshold 0, fmr 0.5) that
    share pushed the ratio just past 1. None when no innocent face was seen.
    """
    if innocent_captures <= 0:
        return None
    return min(1.0, max(0.0, expected_false_alerts / innocent_captures))


def genuine_scale(profile: Profile, threshold: float, fnmr_override: float | None) -> float:
    """Scale of the genuine-score shortfall E for a perfect capture and photo.

    With the profile, FNMR at threshold 80 is the profile's; an override pins
    FNMR at the current threshold instead.
    """
    if fnmr_override is None:
        return 20.0 / math.log(1.0 / profile.fnmr80)
    if fnmr_override <= 0.0:
        return 1e-9
    if fnmr_override >= 1.0:
        return 1e9
    return max(100.0 - threshold, 1e-6) / math.log(1.0 / fnmr_override)


def miss_probability(scale: np.ndarray, threshold: float) -> np.ndarray:
    """Chance a genuine comparison with shortfall scale ``scale`` scores below threshold."""
    return np.exp(-max(100.0 - threshold, 0.0) / np.maximum(scale, 1e-12))
