"""The one "of every 100" helper: parts sum to the base, nothing real rounds away."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model.frequencies import of_every, share_of_every

counts = st.lists(st.integers(0, 10**9), min_size=1, max_size=8)


@given(counts, st.integers(1, 1000))
def test_parts_sum_to_the_base_and_stay_near_the_quota(c: list[int], base: int) -> None:
    parts = of_every(c, base)
    total = sum(c)
    if total == 0:
        assert parts == [0] * len(c)
        return
    assert sum(parts) == base
    nonzero = sum(1 for x in c if x > 0)
    for x, n in zip(c, parts, strict=True):
        quota = Fraction(x * base, total)
        if x == 0:
            assert n == 0
        elif nonzero <= base:
            assert n >= 1
        # largest remainder: within one of the exact quota, except a part raised to 1
        # (or the part that gave that place) moves one further
        assert abs(n - quota) < 1 + nonzero


@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_two_parts_never_deny_either(a: int, b: int) -> None:
    """The CLI once printed "100 of every 100 alerts" with true alerts among them."""
    innocent = share_of_every(a, a + b)
    if a + b == 0:
        assert innocent == 0
        return
    if a > 0:
        assert innocent >= 1
    if b > 0:
        assert innocent <= 99
    # and it is the nearest whole number whenever neither rule had to step in
    exact = Fraction(100 * a, a + b)
    if 1 <= exact <= 99:
        assert abs(innocent - exact) <= Fraction(1, 2)


def test_known_values() -> None:
    assert of_every([1867, 27]) == [99, 1]
    assert of_every([1, 1, 1]) == [34, 33, 33]  # ties: the earlier part
    assert of_every([999_999, 1]) == [99, 1]
    assert of_every([0, 5]) == [0, 100]
    assert of_every([]) == []
    assert share_of_every(62, 100) == 62


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        of_every([-1, 3])
    with pytest.raises(ValueError):
        share_of_every(5, 3)
