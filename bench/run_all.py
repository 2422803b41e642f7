"""Run every benchmark in bench/ by hand: `make bench`. Prints figures for the issue notes."""

from __future__ import annotations

import runpy
from pathlib import Path

HERE = Path(__file__).parent

for name in ("bench_engine", "bench_search", "bench_memory", "bench_frame", "bench_soak"):
    path = HERE / f"{name}.py"
    if path.exists():
        print(f"\n=== {name} ===", flush=True)
        runpy.run_path(str(path), run_name="__main__")
