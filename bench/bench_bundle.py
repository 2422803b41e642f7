"""The standalone app: its size on disk and the time from start to its first frame.

Run by hand after `make bundle`: `python bench/bench_bundle.py [--bundle dist/one-in-a-million]`.
"Start to first frame" is the wall time of `play --frames 1` (process start, unpacking
nothing — a one-folder bundle — imports, the city's first model step, the first
frame drawn, and exit), median of five cold-ish starts, beside the game's own
`first_frame_ms` (from entering the game to its first frame).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from machine import machine_line  # one reading of the machine for every bench


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", default="dist/one-in-a-million")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.bundle).resolve()
    exe = folder / ("one-in-a-million.exe" if os.name == "nt" else "one-in-a-million")
    env = {"PATH": "", "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    walls, inner = [], []
    with tempfile.TemporaryDirectory() as home:
        env["HOME"] = home
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            proc = subprocess.run(
                [str(exe), "play", "--frames", "1", "--fps-report"],
                capture_output=True, text=True, env=env, check=True,
            )  # fmt: skip
            walls.append((time.perf_counter() - t0) * 1000)
            for line in proc.stdout.splitlines():
                if line.startswith("first_frame_ms="):
                    inner.append(float(line.split("=")[1]))
    print(machine_line())
    print(f"bundle: {folder}  size={folder_size(folder) / 2**20:.1f} MiB")
    print(
        f"start_to_first_frame_ms median={statistics.median(walls):.0f} "
        f"(runs: {', '.join(f'{w:.0f}' for w in walls)})"
    )
    if inner:
        print(f"game's own first_frame_ms median={statistics.median(inner):.0f}")


if __name__ == "__main__":
    main()
