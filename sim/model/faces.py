"""Synthetic face codes and how a recognition system turns them into scores.

Why this shape: a real system reduces every face image to a vector (an
"embedding") and compares vectors. Here every person gets a random unit vector
in D dimensions. For a probe and a *random* stranger, the cosine similarity of
two independent uniform unit vectors has an exact, known law:
``(1 + cos) / 2 ~ Beta(m, m)`` with ``m = (D - 1) / 2``. Because the law is the
same whatever the probe is, the similarities of one probe against N strangers
are independent draws, so the best of N is an exact order statistic. That is
what lets the order-statistics matcher stand in for brute force on a watchlist
of 1.2e11 records, and it makes the per-comparison false-match rate exact.

The commercial 0-100 "similarity" is a monotone relabelling of the cosine,
chosen per algorithm profile so that the chance a stranger reaches threshold t
is ``FMR(t) = 10 ** (log10_fmr80 - slope * (t - 80))``.

Group differentials come from geometry: for a group the algorithm was trained
on too few faces of, it squeezes that group's codes closer together. We model
that as the algorithm shrinking the angular gap ``y = (1 - cos) / 2`` by a
packing factor ``k`` for probes of that group, which multiplies the tail of the
similarity law, and so the false-match rate, by about ``k ** m``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

D = 31  # code dimension; odd so that m is a whole number and the tail is a finite sum
M = (D - 1) // 2  # Beta(m, m) parameter of (1 + cos) / 2

_LOG_BINOM = np.array(
    [math.lgamma(2 * M) - math.lgamma(j + 1) - math.lgamma(2 * M - j) for j in range(2 * M)]
)


def log_tail_of_gap(y: np.ndarray) -> np.ndarray:
    """ln P(Y <= y) for the angular gap Y = (1 - cos)/2 of two random codes.

    ``P(Y <= y) = sum_{j=m}^{2m-1} C(2m-1, j) y^j (1-y)^(2m-1-j)`` (regularised
    incomplete beta with whole parameters), summed in log space so that tails
    of 1e-200 stay accurate.
    """
    y = np.clip(np.asarray(y, dtype=np.float64), 1e-300, 1.0)
    ly = np.log(y)
    l1y = np.log1p(-np.minimum(y, 1 - 1e-16))
    j = np.arange(M, 2 * M)
    terms = _LOG_BINOM[M:, None] + j[:, None] * ly.ravel()[None, :]
    terms = terms + (2 * M - 1 - j)[:, None] * l1y.ravel()[None, :]
    top = terms.max(axis=0)
    out = top + np.log(np.exp(terms - top).sum(axis=0))
    return np.minimum(out, 0.0).reshape(y.shape)


# A fine table of ln(gap) against ln(tail), for fast inversion with np.interp.
_LN_GAP = np.linspace(math.log(1e-16), 0.0, 6000)
_LN_TAIL = log_tail_of_gap(np.exp(_LN_GAP))


def gap_for_log_tail(ln_tail: np.ndarray) -> np.ndarray:
    """Inverse of ``log_tail_of_gap``: the gap y whose tail probability is exp(ln_tail)."""
    return np.exp(np.interp(ln_tail, _LN_TAIL, _LN_GAP))


def log_tail_for_gap(y: np.ndarray) -> np.ndarray:
    """Fast table version of ``log_tail_of_gap`` (used per capture)."""
    ln_y = np.log(np.clip(y, 1e-16, 1.0))
    return np.interp(ln_y, _LN_GAP, _LN_TAIL)


@dataclass(frozen=True)
class Profile:
    """An algorithm profile: false-match rate curve and genuine-score spread.

    - ``log10_fmr80``: per-comparison false-match rate at threshold 80 for a
      probe of the reference group (log10).
    - ``slope``: decades of false-match rate lost per similarity point.
    - ``fnmr80``: chance that a good capture of a listed person scores below 80
      against their own record.
    """

    name: str
    log10_fmr80: float
    slope: float
    fnmr80: float
    description: str


# Calibrated so that the ACLU 2018 test (535 probes, 25,000 mugshots, threshold
# 80, one in five probes from the group with a 2.65x multiplier) gives about 28
# false matches: 28.2 expected, inside the band [27.5, 28.5) that reports as the
# published 28 (exactly 28 would be 1.632e-6), with group B 39% of them.
# tests/test_calibration.py derives the band again and runs the scenario;
# assets/scenarios/aclu-2018.toml cites the test.
PROFILES: dict[str, Profile] = {
    "cloud-2018": Profile(
        "cloud-2018",
        log10_fmr80=math.log10(1.646e-6),
        slope=0.15,
        fnmr80=0.08,
        description="A 2018 cloud face-search API at its default settings.",
    ),
    "modern-top": Profile(
        "modern-top",
        log10_fmr80=math.log10(3e-10),
        slope=0.2,
        fnmr80=0.005,
        description="A top algorithm of the NIST tests of the 2020s.",
    ),
}


class ScoreScale:
    """Maps tail probabilities to the 0-100 similarity scale for one setting.

    ``fmr_override`` pins the false-match rate at ``threshold`` and keeps the
    profile's slope: that is what "setting fmr overrides the profile" means.
    """

    def __init__(self, profile: Profile, threshold: float, fmr_override: float | None) -> None:
        self.profile = profile
        if fmr_override is None:
            self.log10_fmr80 = profile.log10_fmr80
        else:
            self.log10_fmr80 = math.log10(fmr_override) + profile.slope * (threshold - 80.0)
        self.slope = profile.slope

    def fmr(self, t: float | np.ndarray) -> np.ndarray:
        """Per-comparison false-match rate at threshold t (reference group)."""
        return np.minimum(1.0, 10.0 ** (self.log10_fmr80 - self.slope * (np.asarray(t) - 80.0)))

    def score_from_log_tail(self, ln_tail: np.ndarray) -> np.ndarray:
        """Similarity score (0-100) of a comparison whose stranger-tail is exp(ln_tail)."""
        log10_p = ln_tail / math.log(10.0)
        return np.clip(80.0 + (self.log10_fmr80 - log10_p) / self.slope, 0.0, 100.0)

    def cos_for_score(self, score: np.ndarray, packing: np.ndarray | float) -> np.ndarray:
        """The cosine that this scale turns into ``score`` for a probe with this packing.

        The inverse of ``score_from_log_tail`` after the group's packing. A
        genuine comparison (a capture against the person's own record) gets
        its score from capture quality and noise, not from a stranger tail;
        mapping that score back through the same relabelling gives the
        similarity to store and draw, so the glyph pair on the alert card is
        exactly as alike as the percentage printed beside it.
        """
        score = np.clip(np.asarray(score, dtype=np.float64), 0.0, 100.0)
        ln_tail = (self.log10_fmr80 - (score - 80.0) * self.slope) * math.log(10.0)
        gap = gap_for_log_tail(np.minimum(ln_tail, 0.0)) * np.asarray(packing, dtype=np.float64)
        return np.clip(1.0 - 2.0 * gap, -1.0, 1.0)


def packing_for_multiplier(multiplier: float, ref_fmr: float = 1e-6) -> float:
    """Packing factor k whose false-match multiplier is ``multiplier`` at ``ref_fmr``.

    The geometry is fixed once, not re-fitted at every threshold: the
    multiplier is exact at the reference rate and close to it in the whole
    tail (the tail is nearly a power law ``y ** m``).
    """
    y_ref = gap_for_log_tail(np.array(math.log(ref_fmr)))
    y_k = gap_for_log_tail(np.array(math.log(min(1.0, ref_fmr * multiplier))))
    return float(y_k / y_ref)


def group_fmr(scale: ScoreScale, packing: float, t: float) -> float:
    """Exact per-comparison false-match rate at threshold t for a group with this packing."""
    fmr_ref = float(scale.fmr(t))
    if fmr_ref >= 1.0:
        return 1.0
    y_t = gap_for_log_tail(np.array(math.log(fmr_ref)))
    return float(np.exp(log_tail_for_gap(np.array(min(1.0, packing * y_t)))))


def random_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    """n uniform random unit vectors in D dimensions (float32): synthetic face codes."""
    z = rng.standard_normal((n, D), dtype=np.float32)
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    return z


def code_at_similarity(
    rng: np.random.Generator, code: np.ndarray, cos: float | np.ndarray
) -> np.ndarray:
    """A code whose cosine with ``code`` is exactly ``cos``; the rest is random.

    Used to draw the watchlist record a probe matched in the order-statistics
    path, where the other records are never materialised: it is an exact
    sample of "a record at that similarity".
    """
    code = np.atleast_2d(code).astype(np.float64)
    cos = np.atleast_1d(np.asarray(cos, dtype=np.float64))
    w = rng.standard_normal(code.shape)
    w -= (w * code).sum(axis=1, keepdims=True) * code
    w /= np.linalg.norm(w, axis=1, keepdims=True)
    out = cos[:, None] * code + np.sqrt(np.clip(1 - cos**2, 0, 1))[:, None] * w
    return out.astype(np.float32)


def noise_angle(quality: np.ndarray) -> np.ndarray:
    """Angle (radians) between a person's code and a capture of quality q.

    A perfect capture (q=1) still differs a little from the enrolled code; a
    poor one (blur, angle, distance) differs more. Only the correlation between
    captures depends on it: the chance of a false match per capture does not.
    """
    return (0.04 + 0.2 * (1.0 - np.asarray(quality, dtype=np.float32))).astype(np.float32)


def perpendicular_cos(rng: np.random.Generator, size: int | tuple[int, ...]) -> np.ndarray:
    """Cosine between two random directions in the D-1 dimensions orthogonal to a code."""
    half = (D - 2) / 2.0
    return (2.0 * rng.beta(half, half, size=size) - 1.0).astype(np.float32)
