"""Peak memory of a simulated day of the `city` scenario at 1M people (target < 1 GiB).

Run by hand. Each size runs in a fresh process so peaks do not mix; the
figure is the process's maximum resident set size (includes Python and numpy).
"""

from __future__ import annotations

import subprocess
import sys

from machine import machine_line

CHILD = """
import resource, sys
from sim.model import Model
from sim.scenario import apply_overrides, load_scenario
p = apply_overrides(load_scenario('city').params, [f'people={int(sys.argv[1])}', 'hours=24'])
m = Model(p, seed=1); m.run()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> None:
    print(machine_line())
    print(f"{'people':>10} {'peak MiB':>9}")
    for n in (100_000, 1_000_000):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(n)], capture_output=True, text=True, check=True
        )
        print(f"{n:>10,} {float(out.stdout.strip()):>9.0f}")


if __name__ == "__main__":
    main()
