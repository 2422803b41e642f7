"""Observed counts agree with the analytic expectation, in several regimes.

Bounds come from the binomial distribution: with independent captures
(booking layout: one search per person) the number of false alerts is a sum
of binomials, so it lies within 4.5 standard deviations of its mean except
with probability below 1e-5 (normal approximation to the binomial). Seeds are
fixed, so each test is deterministic.
"""

from __future__ import annotations

import math

import pytest

from sim.model.matcher import p_alert_per_capture
from tests.helpers import binomial_sd, booking, run

Z = 4.5


@pytest.mark.parametrize(
    "label, values",
    [
        ("linear regime, brute force", dict(watchlist_size=1_000, threshold=80)),
        ("middle, brute force", dict(watchlist_size=3_000, threshold=72)),
        ("linear regime, order statistics", dict(watchlist_size=20_000, threshold=85)),
        ("near saturation", dict(watchlist_size=10_000_000, threshold=88)),
        # Saturated but not certain: N * fmr = 2.6 per face (the linear formula would
        # say 2.6 alerts per face), 1 - (1 - fmr)^N = 0.93 for both groups, so the
        # count still has binomial variance (SD ~ 57 of ~46,000). At N = 1e9 every
        # face alerts with probability 1 - 1e-45: zero variance, nothing to test.
        (
            "saturated",
            dict(watchlist_size=25_000_000, threshold=88, groups__B__fmr_multiplier=1),
        ),
        ("fmr override", dict(watchlist_size=200, fmr=1e-4, threshold=80)),
    ],
)
def test_false_alerts_within_binomial_bounds(label: str, values: dict) -> None:
    result = run(booking(**values), seed=7)
    observed = result["totals"]["false_alerts"]
    expected = result["expected"]["false_alerts"]
    sd = binomial_sd(result)
    assert abs(observed - expected) <= Z * sd + 1, (label, observed, expected, sd)


def test_saturation_is_not_linear() -> None:
    """1 - (1 - fmr)^N saturates: N * fmr > 5 must not give five alerts per face.

    Group A's captures are independent Bernoulli trials (booking layout: one
    search per person) with p = 1 - (1 - fmr)^N, so its alerts per face are
    Binomial(n, p) / n with SD sqrt(p (1 - p) / n). At N = 5e7, N * fmr = 5.2,
    p = 0.9944 and n (1 - p) ~ 220 faces without an alert: enough for the
    normal approximation, and the bound is Z binomial SDs (plus half a count
    for the discreteness), not a fixed 0.07. (At N = 1e8, n (1 - p) ~ 1 and
    the normal bound would not hold.)
    """
    n_list = 50_000_000
    result = run(booking(watchlist_size=n_list, threshold=88), seed=3)
    a = result["groups"]["A"]
    fmr = a["fmr_at_threshold"]
    assert n_list * fmr > 5  # the linear formula would say "more than 5 alerts per face"
    faces = a["faces_scanned"]
    p = p_alert_per_capture(fmr, n_list)
    assert 0.99 < p < 0.999  # saturated, yet with room to vary
    per_face = a["false_alerts"] / faces
    assert per_face <= 1.0
    sd = math.sqrt(p * (1 - p) / faces)  # binomial
    assert abs(per_face - p) <= Z * sd + 0.5 / faces, (per_face, p, sd)


def test_linear_regime_matches_n_times_fmr() -> None:
    result = run(booking(people=100_000, watchlist_size=100, threshold=80), seed=5)
    a = result["groups"]["A"]
    fmr = a["fmr_at_threshold"]
    p = 100 * fmr
    n = a["faces_scanned"]
    sd = math.sqrt(n * p * (1 - p))  # binomial
    assert abs(a["false_alerts"] - n * p) <= Z * sd + 1


def test_true_alerts_within_bounds() -> None:
    """Wanted people's own records: misses follow the genuine-score law (binomial bound)."""
    result = run(booking(people=20_000, wanted=4_000, watchlist_size=5_000, threshold=85), seed=2)
    obs = result["totals"]["true_alerts"]
    exp = result["expected"]["true_alerts"]
    p = exp / 4_000
    sd = math.sqrt(4_000 * p * (1 - p))  # at most the binomial SD of a Poisson-binomial sum
    assert abs(obs - exp) <= Z * sd + 1


def test_precision_counts_people() -> None:
    result = run(booking(people=20_000, wanted=50, watchlist_size=5_000, threshold=80), seed=4)
    t = result["totals"]
    assert t["true_alerts"] + t["false_alerts"] == t["alerts"]
    assert result["rates"]["precision"] == pytest.approx(t["true_alerts"] / t["alerts"])
    e = result["expected"]
    assert e["precision"] == pytest.approx(
        e["true_alerts"] / (e["true_alerts"] + e["false_alerts"]), rel=1e-4
    )
