"""Engine throughput for the `city` scenario, one simulated day, at 10k to 10M people.

Run by hand (`python bench/bench_engine.py`), never as a timed test. Prints,
per crowd size, the median over repeats of: wall time for one simulated day,
simulated person-seconds per wall second, captures searched per second, and
the peak memory of the process that ran it. Each day runs in a fresh process,
so its peak is its own. Targets on a slow 2-core machine (issue 14): 1M
people <= 10 s a day; 10M (a capital city) <= 120 s with a peak under 4 GB.
The machine (bench/machine.py) is printed first, with BLAS limited to one thread.

    python bench/bench_engine.py --sizes 1000000 --repeats 3
    python bench/bench_engine.py --sizes 10000000 --repeats 1
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import machine_line

ROOT = Path(__file__).resolve().parents[1]


def one_day(people: int, seed: int) -> dict[str, float]:
    """One day in this process: wall seconds, faces scanned, peak resident memory (bytes)."""
    import resource

    from threadpoolctl import threadpool_limits

    sys.path.insert(0, str(ROOT))
    from sim.model import Model
    from sim.scenario import apply_overrides, load_scenario

    threadpool_limits(1)  # as the CLI and the game do: BLAS threads fight over 2 cores
    scn = load_scenario("city")
    p = apply_overrides(scn.params, [f"people={people}", "hours=24"])
    t0 = time.perf_counter()
    m = Model(p, seed=seed)
    m.run()
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    return {"wall": wall, "faces": m.summary()["totals"]["faces_scanned"], "peak": peak}


def in_child(people: int, seed: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(people), str(seed)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--one", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_day(*args.one)))
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # each day's process limits itself; this makes the line below say so
    print(machine_line())
    print(
        f"{'people':>10} {'day wall s':>11} {'person-s/s':>12} {'captures/s':>12}"
        f" {'captures':>11} {'peak GB':>8}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        runs = [in_child(n, seed) for seed in range(1, args.repeats + 1)]
        wall = statistics.median(r["wall"] for r in runs)
        caps = statistics.median(r["faces"] for r in runs)
        peak = max(r["peak"] for r in runs) / 1e9
        print(
            f"{n:>10,} {wall:>11.2f} {n * 86400 / wall:>12.3g} {caps / wall:>12.3g}"
            f" {caps:>11,.0f} {peak:>8.2f}"
        )


if __name__ == "__main__":
    main()
