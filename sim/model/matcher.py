"""The 1:N search: the best similarity of a capture against the whole watchlist.

Two methods, one law:

- ``BruteForceMatcher`` keeps every watchlist record as a real face code and
  compares each capture with all of them (a float32 matrix product). Exact,
  and what a vendor's server does; affordable up to a few thousand records.
- ``OrderStatMatcher`` never builds the records. For each person it draws,
  once, the similarities of their K nearest records out of N as order
  statistics of N independent draws (the law is known exactly, see
  ``faces``). Each capture then perturbs those K by the capture's noise and
  takes the best. Cost does not depend on N, so N can be 1.2e11.

Both are persistent: a person who resembles a record keeps resembling it, so
the same innocent people are flagged again and again. Both draw from the
same per-person random streams in the same way whatever else happens, so a
run is deterministic for a seed.
"""

from __future__ import annotations

import math

import numpy as np

from .faces import (
    D,
    gap_for_log_tail,
    log_tail_for_gap,
    noise_angle,
    perpendicular_cos,
    random_codes,
)

TOP_K = 8  # nearest records kept per person by the order-statistics path
BRUTE_MAX = 4_096  # auto mode compares every record up to this watchlist size
SEARCH_BLOCK = 262_144  # similarities per block of the brute-force search (1 MB of float32)
SEARCH_MIN_ROWS = 32  # captures per block at least, however long the list
# What float32 arithmetic may add to a similarity or take from its bound (a few
# 1e-7 each in practice): the screen only skips captures at least this far below.
BOUND_SLACK = 1e-4


def best_cos_to_log_tail(best_cos: np.ndarray, packing: np.ndarray) -> np.ndarray:
    """ln of the stranger-tail of a best cosine, after the group's packing."""
    gap = (1.0 - best_cos.astype(np.float64)) * 0.5
    return log_tail_for_gap(np.clip(gap / packing, 0.0, 1.0))


class Matcher:
    """What both methods share: the search of one batch of captures, and its empty case."""

    kind = ""
    size = 0

    def best(
        self,
        rng: np.random.Generator,
        people: np.ndarray,
        codes: np.ndarray,
        quality: np.ndarray,
        floor: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine and which record gave it, for captures of ``people`` at ``quality``.

        With no capture or no record there is nothing to compare: cosine -1
        (below every threshold) and record -1, and no random draw is taken, so
        an empty batch leaves the noise stream where it was.

        ``floor`` (per capture, optional) is the cosine below which the caller
        does not need the exact best: a method may then return, for a capture
        that provably cannot reach its floor, an upper bound of its best (still
        below the floor) and record -1. Every capture that can reach its floor
        gets its exact best and record, and the random draws are the same
        either way, so the alerts are those of the full search.
        """
        n = len(people)
        if n == 0 or self.size == 0:
            return np.full(n, -1.0, np.float32), np.full(n, -1, np.int64)
        return self._nearest(rng, people, codes, noise_angle(quality), floor)

    def skip(self, rng: np.random.Generator, n: int) -> None:
        """Take from ``rng`` the draws a search of ``n`` captures takes, and nothing else."""
        if n and self.size:
            self._draw(rng, n)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """The method's random draws for ``n`` captures (the same in `_nearest` and `skip`)."""
        raise NotImplementedError

    def _nearest(
        self,
        rng: np.random.Generator,
        people: np.ndarray,
        codes: np.ndarray,
        theta: np.ndarray,
        floor: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The method's own search; ``theta`` is each capture's noise angle."""
        raise NotImplementedError


class BruteForceMatcher(Matcher):
    """Compare every capture with every record of an explicit watchlist.

    Most captures cannot come near the threshold, and that can be known
    without comparing them with every record: a capture is the person's code
    turned by a small noise angle theta, so its similarity to any record is at
    most ``cos(max(0, phi - theta))``, where ``phi`` is the angle from the
    person's code to their nearest record. ``phi`` is found once per person
    (the first time they are captured, kept until the list changes), and only
    captures whose bound reaches the caller's floor are compared with the
    whole list. A person is captured a few times a day, so this does the
    product once per person instead of once per capture, and gives exactly
    the alerts of the full search (tests/test_model_matcher.py).
    """

    kind = "brute"

    def __init__(self, seed_seq: np.random.SeedSequence, size: int) -> None:
        self._seed_seq = seed_seq
        self.size = 0
        self.records = np.empty((0, D), dtype=np.float32)
        # per person, the cosine to their nearest record (NaN: not yet known)
        self._nearest_cos = np.empty(0, np.float32)
        self._codes: np.ndarray | None = None
        self.resize(size)

    def resize(self, size: int) -> None:
        """Grow or shrink the list; records are drawn in a fixed order, so a prefix is stable."""
        if size > self.records.shape[0]:
            rng = np.random.default_rng(self._seed_seq)
            self.records = random_codes(rng, size)
        self.size = size
        self._nearest_cos[:] = np.nan  # another list: every person's nearest record may change

    def _best_of(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine and record of each row against the whole list."""
        n = len(vectors)
        recs_t = self.records[: self.size].T
        best = np.empty(n, np.float32)
        idx = np.empty(n, np.int64)
        # Similarities are made and scanned a cache-sized block at a time (about
        # 1 MB): the argmax then reads them from cache, not memory, which at small
        # lists costs as much as the product itself (bench/bench_search.py).
        chunk = max(SEARCH_MIN_ROWS, SEARCH_BLOCK // self.size)
        for s in range(0, n, chunk):
            idx[s : s + chunk] = (vectors[s : s + chunk] @ recs_t).argmax(axis=1)
        # The product's last bit depends on which rows shared its block; the best
        # similarity is recomputed row by row, so it is the same whichever other
        # captures were searched with it (a long step, a short one, the screen).
        best[:] = np.einsum("ij,ij->i", vectors, self.records[idx])
        return best, idx

    def nearest_cos(self, people: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """Cosine from each person's own code to their nearest record, computed once."""
        if self._codes is not codes or len(self._nearest_cos) != len(codes):
            self._codes = codes
            self._nearest_cos = np.full(len(codes), np.nan, np.float32)
        known = self._nearest_cos
        # a person captured twice in one batch is looked up twice: rarer and cheaper
        # than making the batch's people unique
        new = people[np.isnan(known[people])]
        if len(new):
            known[new] = self._best_of(codes[new])[0]
        return known[people]

    def _nearest(
        self,
        rng: np.random.Generator,
        people: np.ndarray,
        codes: np.ndarray,
        theta: np.ndarray,
        floor: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine and the index of the best record: each probe against every record.

        Every capture draws its noise, searched or not, so the stream is the same.
        """
        noise = self._draw(rng, len(people))
        if floor is None:
            return self._best_of(_probes(codes[people], noise, theta))
        phi = np.arccos(np.clip(self.nearest_cos(people, codes), -1.0, 1.0))
        bound = np.cos(np.maximum(phi - theta, 0.0)) + BOUND_SLACK
        near = np.flatnonzero(bound >= floor)
        best = np.minimum(bound, 1.0).astype(np.float32)
        idx = np.full(len(people), -1, np.int64)
        if len(near):
            probes = _probes(codes[people[near]], noise[near], theta[near])
            best[near], idx[near] = self._best_of(probes)
        return best, idx

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Each capture's noise direction (its part along the code is removed in `_probes`)."""
        return rng.standard_normal((n, D), dtype=np.float32)


def _probes(x: np.ndarray, noise: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Captures of codes ``x``: each turned by its angle theta in a random direction.

    The noise's part along the code is removed and the rest scaled to sin(theta),
    so the capture is a unit vector at exactly theta from the code.
    """
    w = noise
    w -= np.einsum("ij,ij->i", w, x)[:, None] * x
    w *= (np.sin(theta) / np.sqrt(np.einsum("ij,ij->i", w, w)))[:, None]
    return np.cos(theta)[:, None] * x + w


class OrderStatMatcher(Matcher):
    """Sample each person's nearest records among N as order statistics."""

    kind = "orderstat"

    def __init__(self, seed_seq: np.random.SeedSequence, n_people: int, size: int) -> None:
        rng = np.random.default_rng(seed_seq)
        # ln of independent uniforms, one set per person, kept for the whole run:
        # they are what makes lookalikes persistent, and re-using them when N
        # changes makes a growing watchlist pull the same people closer.
        self._ln_u = np.log(rng.random((n_people, TOP_K)))
        self.size = 0
        self.top_cos = np.zeros((n_people, TOP_K), np.float32)
        self.resize(size)

    def resize(self, size: int) -> None:
        """Recompute the K nearest similarities for a watchlist of ``size`` records.

        With uniforms U_1..U_K, the smallest of N tail probabilities is
        ``p1 = 1 - U_1^(1/N)``; given it, the next is the smallest of N-1
        uniforms on (p1, 1), and so on (Renyi's representation).
        """
        self.size = size
        k = min(TOP_K, size)
        p = np.zeros(self._ln_u.shape[0], np.float64)
        out = np.full(self._ln_u.shape, -1.0, np.float32)
        for i in range(k):
            step = -np.expm1(self._ln_u[:, i] / (size - i))  # 1 - U^(1/(N-i)), accurate
            p = p + (1.0 - p) * step
            gap = gap_for_log_tail(np.log(np.maximum(p, 1e-300)))
            out[:, i] = (1.0 - 2.0 * gap).astype(np.float32)
        self.top_cos = out

    def _nearest(
        self,
        rng: np.random.Generator,
        people: np.ndarray,
        codes: np.ndarray,
        theta: np.ndarray,
        floor: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine after capture noise, and which of the K nearest it was (no screen:
        K is small, so every capture is cheap already)."""
        n = len(people)
        theta = theta[:, None]
        c = self.top_cos[people]
        v = self._draw(rng, n)
        noisy = np.cos(theta) * c + np.sin(theta) * np.sqrt(np.clip(1 - c * c, 0, 1)) * v
        noisy[c < -0.5] = -1.0  # fewer than K records
        j = noisy.argmax(axis=1)
        return noisy[np.arange(n), j], j

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """How each capture's noise turns it towards or away from each of its K records."""
        return perpendicular_cos(rng, (n, TOP_K))


def make_matcher(kind: str, seed_seq: np.random.SeedSequence, n_people: int, size: int) -> Matcher:
    """Choose the method: brute force for small lists, order statistics for large ones."""
    if kind == "auto":
        kind = "brute" if size <= BRUTE_MAX else "orderstat"
    if kind == "brute":
        return BruteForceMatcher(seed_seq, size)
    return OrderStatMatcher(seed_seq, n_people, size)


def p_alert_per_capture(fmr: float, n: int | float) -> float:
    """``1 - (1 - fmr)^N``, computed without losing precision for tiny fmr or huge N."""
    if fmr >= 1.0:
        return 1.0
    return -math.expm1(n * math.log1p(-fmr))
