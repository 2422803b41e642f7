"""Engine throughput for the `city` scenario at 10k, 100k and 1M people.

Run by hand (`python bench/bench_engine.py`), never as a timed test. Prints,
per crowd size, the median over repeats of: wall time for one simulated day,
simulated person-seconds per wall second, and captures searched per second.
Targets on a 2-core machine: 100k people <= 10 s a day, 1M <= 100 s. The
machine (bench/machine.py) is printed first, with BLAS limited to one thread.
"""

from __future__ import annotations

import argparse
import statistics
import time

from machine import machine_line
from threadpoolctl import threadpool_limits

from sim.model import Model
from sim.scenario import apply_overrides, load_scenario


def one_day(people: int, seed: int) -> tuple[float, int]:
    scn = load_scenario("city")
    p = apply_overrides(scn.params, [f"people={people}", "hours=24"])
    t0 = time.perf_counter()
    m = Model(p, seed=seed)
    m.run()
    wall = time.perf_counter() - t0
    return wall, m.summary()["totals"]["faces_scanned"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    threadpool_limits(1)  # as the CLI and the game do: BLAS threads fight over 2 cores
    print(machine_line())
    print(
        f"{'people':>10} {'day wall s':>11} {'person-s/s':>12} {'captures/s':>12} {'captures':>10}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        runs = [one_day(n, seed) for seed in range(1, args.repeats + 1)]
        wall = statistics.median(r[0] for r in runs)
        caps = statistics.median(r[1] for r in runs)
        print(
            f"{n:>10,} {wall:>11.2f} {n * 86400 / wall:>12.3g} {caps / wall:>12.3g} {caps:>10,.0f}"
        )


if __name__ == "__main__":
    main()
