"""Cost of one 1:N search against watchlist size, brute force vs order statistics.

Run by hand. For sizes 1e3..1.2e11 it times the order-statistics matcher
(set-up for the crowd, then per-capture search: must stay flat in N), and for
sizes up to 1e5 the brute-force matcher, whose GFLOP/s it compares with a
plain numpy matrix product of the same shape measured in the same run
(target: at least half). Both run on one BLAS thread, as `python -m sim run`
does, so the ratio compares the code, not how many cores each got.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from machine import machine_line
from threadpoolctl import threadpool_limits

from sim.model.faces import D, random_codes
from sim.model.matcher import BruteForceMatcher, OrderStatMatcher


def timeit(fn, repeats: int = 5) -> float:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def main() -> None:
    threadpool_limits(1)
    print(machine_line())
    n_people = 20_000
    captures = 20_000
    rng = np.random.default_rng(1)
    codes = random_codes(rng, n_people)
    people = rng.integers(0, n_people, captures)
    quality = np.full(captures, 0.8, np.float32)
    print("order statistics: per-capture search cost must not grow with N")
    print(f"{'N':>18} {'setup s':>9} {'us/capture':>11}")
    for size in (1e3, 1e5, 1e7, 1e9, 1.2e11):
        setup = timeit(
            lambda s=size: OrderStatMatcher(np.random.SeedSequence(2), n_people, int(s)), 3
        )
        m = OrderStatMatcher(np.random.SeedSequence(2), n_people, int(size))
        t = timeit(lambda m=m: m.best(rng, people, codes, quality))
        print(f"{int(size):>18,} {setup:>9.3f} {t / captures * 1e6:>11.2f}")
    print("\nbrute force vs a plain numpy matrix product of the same shape")
    print(f"{'N':>10} {'brute GFLOP/s':>14} {'matmul GFLOP/s':>15} {'ratio':>6} {'us/capture':>11}")
    for size in (1_000, 4_096, 20_000, 100_000):
        m = BruteForceMatcher(np.random.SeedSequence(3), size)
        k = min(captures, max(200, 200_000_000 // (size * D)))
        sub = people[:k]
        t_brute = timeit(lambda m=m, sub=sub: m.best(rng, sub, codes, quality[: len(sub)]))
        a = codes[sub]
        b = m.records[:size]
        t_mm = timeit(lambda a=a, b=b: a @ b.T)
        flops = 2.0 * k * size * D
        print(
            f"{size:>10,} {flops / t_brute / 1e9:>14.2f} {flops / t_mm / 1e9:>15.2f} "
            f"{t_mm / t_brute:>6.2f} {t_brute / k * 1e6:>11.2f}"
        )


if __name__ == "__main__":
    main()
