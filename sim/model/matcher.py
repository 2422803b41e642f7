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
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine and which record gave it, for captures of ``people`` at ``quality``.

        With no capture or no record there is nothing to compare: cosine -1
        (below every threshold) and record -1, and no random draw is taken, so
        an empty batch leaves the noise stream where it was.
        """
        n = len(people)
        if n == 0 or self.size == 0:
            return np.full(n, -1.0, np.float32), np.full(n, -1, np.int64)
        return self._nearest(rng, people, codes, noise_angle(quality))

    def _nearest(
        self, rng: np.random.Generator, people: np.ndarray, codes: np.ndarray, theta: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The method's own search; ``theta`` is each capture's noise angle."""
        raise NotImplementedError


class BruteForceMatcher(Matcher):
    """Compare every capture with every record of an explicit watchlist."""

    kind = "brute"

    def __init__(self, seed_seq: np.random.SeedSequence, size: int) -> None:
        self._seed_seq = seed_seq
        self.size = 0
        self.records = np.empty((0, D), dtype=np.float32)
        self.resize(size)

    def resize(self, size: int) -> None:
        """Grow or shrink the list; records are drawn in a fixed order, so a prefix is stable."""
        if size > self.records.shape[0]:
            rng = np.random.default_rng(self._seed_seq)
            self.records = random_codes(rng, size)
        self.size = size

    def _nearest(
        self, rng: np.random.Generator, people: np.ndarray, codes: np.ndarray, theta: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine and the index of the best record: each probe against every record."""
        n = len(people)
        x = codes[people]
        w = rng.standard_normal(x.shape, dtype=np.float32)
        w -= np.einsum("ij,ij->i", w, x)[:, None] * x
        w *= (np.sin(theta) / np.sqrt(np.einsum("ij,ij->i", w, w)))[:, None]
        probes = np.cos(theta)[:, None] * x + w
        recs_t = self.records[: self.size].T
        best = np.empty(n, np.float32)
        idx = np.empty(n, np.int64)
        # Similarities are made and scanned a cache-sized block at a time (about
        # 1 MB): the argmax then reads them from cache, not memory, which at small
        # lists costs as much as the product itself (bench/bench_search.py).
        chunk = max(SEARCH_MIN_ROWS, SEARCH_BLOCK // self.size)
        for s in range(0, n, chunk):
            sims = probes[s : s + chunk] @ recs_t
            j = sims.argmax(axis=1)
            idx[s : s + chunk] = j
            best[s : s + chunk] = sims[np.arange(len(j)), j]
        return best, idx


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
        self, rng: np.random.Generator, people: np.ndarray, codes: np.ndarray, theta: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine after capture noise, and which of the K nearest it was."""
        n = len(people)
        theta = theta[:, None]
        c = self.top_cos[people]
        v = perpendicular_cos(rng, c.shape)
        noisy = np.cos(theta) * c + np.sin(theta) * np.sqrt(np.clip(1 - c * c, 0, 1)) * v
        noisy[c < -0.5] = -1.0  # fewer than K records
        j = noisy.argmax(axis=1)
        return noisy[np.arange(n), j], j


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
