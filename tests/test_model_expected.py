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
        ("saturated", dict(watchlist_size=1_000_000_000, threshold=88)),
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
    """1 - (1 - fmr)^N saturates: N * fmr = 10 must not give ten alerts per face."""
    result = run(booking(watchlist_size=100_000_000, threshold=88), seed=3)
    a = result["groups"]["A"]
    fmr = a["fmr_at_threshold"]
    n = 100_000_000
    assert n * fmr > 5  # the linear formula would say "more than 5 alerts per face"
    per_face = a["false_alerts"] / a["faces_scanned"]
    assert per_face <= 1.0
    assert per_face == pytest.approx(p_alert_per_capture(fmr, n), abs=Z * 0.5 / math.sqrt(1000))


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
