"""Run every benchmark in bench/ by hand: `make bench`. Prints figures for the issue notes."""

from __future__ import annotations

import runpy
from pathlib import Path

from machine import machine_line

HERE = Path(__file__).parent
print(machine_line(), flush=True)  # each bench prints it again beside its own figures

for name in ("bench_engine", "bench_search", "bench_memory", "bench_frame", "bench_soak"):
    path = HERE / f"{name}.py"
    if path.exists():
        print(f"\n=== {name} ===", flush=True)
        runpy.run_path(str(path), run_name="__main__")
