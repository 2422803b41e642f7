"""Brute force and order statistics agree; lookalikes persist; the search scales."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.model.faces import (
    PROFILES,
    D,
    ScoreScale,
    gap_for_log_tail,
    group_fmr,
    log_tail_of_gap,
    packing_for_multiplier,
    random_codes,
)
from sim.model.matcher import BruteForceMatcher, OrderStatMatcher, p_alert_per_capture


def ks_statistic(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic."""
    a, b = np.sort(a), np.sort(b)
    grid = np.concatenate([a, b])
    fa = np.searchsorted(a, grid, "right") / len(a)
    fb = np.searchsorted(b, grid, "right") / len(b)
    return float(np.abs(fa - fb).max())


def ks_critical(n: int, m: int, alpha: float = 1e-3) -> float:
    """Asymptotic two-sample KS critical value c(alpha) * sqrt((n+m)/(n m))."""
    c = math.sqrt(-0.5 * math.log(alpha / 2))
    return c * math.sqrt((n + m) / (n * m))


def _captures(matcher, codes: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    people = np.arange(len(codes))
    quality = np.full(len(codes), 0.8, np.float32)
    best, _ = matcher.best(rng, people, codes, quality)
    return best


@pytest.mark.parametrize("size", [50, 2_000])
def test_brute_force_and_order_statistics_agree_in_distribution(size: int) -> None:
    n = 20_000
    codes = random_codes(np.random.default_rng(11), n)
    brute = BruteForceMatcher(np.random.SeedSequence(12), size)
    order = OrderStatMatcher(np.random.SeedSequence(13), n, size)
    a = _captures(brute, codes, 1)
    b = _captures(order, codes, 2)
    assert ks_statistic(a, b) < ks_critical(n, n)


def test_best_match_law_is_the_order_statistic() -> None:
    """Brute-force best cosines follow P(best gap <= y) = 1 - (1 - T(y))^N exactly."""
    n, size = 20_000, 500
    codes = random_codes(np.random.default_rng(3), n)
    best = _captures(BruteForceMatcher(np.random.SeedSequence(4), size), codes, 5)
    gap = (1 - best.astype(np.float64)) / 2
    for q in (0.1, 0.5, 0.9):
        y = np.quantile(gap, q)
        theory = 1 - (1 - np.exp(log_tail_of_gap(np.array(y)))) ** size
        sd = math.sqrt(q * (1 - q) / n)  # binomial SD of an empirical CDF value
        assert abs(theory - q) < 5 * sd + 1e-3


def test_lookalikes_persist_in_both_methods() -> None:
    """The same person's best match in two captures is strongly correlated."""
    n = 5_000
    codes = random_codes(np.random.default_rng(21), n)
    for matcher in (
        BruteForceMatcher(np.random.SeedSequence(22), 1_000),
        OrderStatMatcher(np.random.SeedSequence(23), n, 1_000),
    ):
        first = _captures(matcher, codes, 1)
        second = _captures(matcher, codes, 2)
        assert np.corrcoef(first, second)[0, 1] > 0.8


def test_order_statistics_scale_to_120_billion() -> None:
    n = 1_000
    order = OrderStatMatcher(np.random.SeedSequence(1), n, 120_000_000_000)
    best = _captures(order, random_codes(np.random.default_rng(2), n), 3)
    assert np.isfinite(best).all() and (best <= 1).all()
    small = OrderStatMatcher(np.random.SeedSequence(1), n, 1_000)
    # the same uniforms: a bigger list can only bring the nearest record closer
    assert (order.top_cos[:, 0] >= small.top_cos[:, 0]).all()


def test_watchlist_prefix_is_stable_when_growing() -> None:
    m = BruteForceMatcher(np.random.SeedSequence(5), 100)
    first = m.records[:100].copy()
    m.resize(300)
    assert np.array_equal(m.records[:100], first)
    assert m.records.shape == (300, D)


def test_tail_inverse_round_trip() -> None:
    for p in (1e-14, 1e-9, 1e-6, 1e-3, 0.3):
        y = gap_for_log_tail(np.array(math.log(p)))
        assert math.exp(float(log_tail_of_gap(np.array(y)))) == pytest.approx(p, rel=1e-3)


def test_packing_gives_the_multiplier() -> None:
    scale = ScoreScale(PROFILES["cloud-2018"], 80, None)
    k = packing_for_multiplier(10.0)
    assert k > 1  # codes packed closer
    ratio = group_fmr(scale, k, 80) / group_fmr(scale, 1.0, 80)
    assert ratio == pytest.approx(10.0, rel=0.1)


def test_p_alert_formula_extremes() -> None:
    assert p_alert_per_capture(1e-6, 1) == pytest.approx(1e-6)
    assert p_alert_per_capture(1e-6, 1e9) == pytest.approx(1.0)
    assert p_alert_per_capture(1e-12, 1e3) == pytest.approx(1e-9, rel=1e-6)


@pytest.mark.parametrize(("quality", "skips_at_least"), [(1.0, 0.9), (0.5, 0.5), (0.0, 0.0)])
def test_the_screened_search_gives_the_full_search_wherever_it_can_matter(
    quality: float, skips_at_least: float
) -> None:
    """With a floor, every capture that reaches it gets its exact best and record.

    The screen skips a capture only when its bound (the person's nearest
    record, turned by the capture's whole noise angle towards it) is below the
    floor; a skipped capture reports that bound, which is at least its true
    best. Repeated captures of the same people (as in a day) use the nearest
    record found the first time. The floor, cosine 0.68, lies between the
    city's two groups' floors at threshold 80 (0.666 and 0.721); the worse the
    capture, the wider its noise angle and the fewer captures can be skipped
    (quality 0 is the widest angle, where the screen may skip almost none).
    """
    n, size = 6_000, 2_000
    codes = random_codes(np.random.default_rng(21), n)
    people = np.random.default_rng(22).integers(0, n, 3 * n)  # each person about 3 times
    q = np.full(len(people), quality, np.float32)
    full = BruteForceMatcher(np.random.SeedSequence(23), size)
    screened = BruteForceMatcher(np.random.SeedSequence(23), size)
    exact, exact_idx = full.best(np.random.default_rng(24), people, codes, q)
    floor = np.full(len(people), 0.68)
    best, idx = screened.best(np.random.default_rng(24), people, codes, q, floor=floor)
    reach = exact >= floor
    assert reach.sum() > 100
    assert np.array_equal(best[reach], exact[reach])
    assert np.array_equal(idx[reach], exact_idx[reach])
    skipped = idx == -1
    assert not (skipped & reach).any()
    assert np.all(best[skipped] >= exact[skipped]) and np.all(best[skipped] < floor[skipped])
    assert skipped.mean() >= skips_at_least
