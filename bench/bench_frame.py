"""Frame time of the game at 1k, 20k and 50k people, 1920x1080, software rendering.

Runs the real game loop headless (SDL dummy driver) with the model advancing
at the chosen speed: every frame advances the model by 1/60 s of real time,
exactly what it does at 60 fps, so model steps are inside the measured
frame. The clock starts in the morning rush (people on the move, cameras
busy), and the first frames (building the day's trips and the cached map)
are reported separately from the steady state.

    .venv/bin/python bench/bench_frame.py [--people 1000,20000,50000]
        [--frames 600] [--hour 8] [--speed 2] [--size 1920x1080] [--scenario city]

Prints one line per crowd size: median and 95th percentile frame time in ms.
Target: median <= 16.7 ms (60 fps) at 50,000 people.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from sim.game.app import Options, build_app, main_loop  # noqa: E402

WARMUP = 30


def measure(people: int, args: argparse.Namespace) -> dict[str, float]:
    size = tuple(int(v) for v in args.size.lower().split("x"))
    opts = Options(
        scenario=args.scenario,
        overrides=(("people", str(people)),),
        frames=args.frames + WARMUP,
        size=size,  # type: ignore[arg-type]
    )
    t0 = time.perf_counter()
    app = build_app(opts, start="sandbox")
    session = app.session
    session.set_speed(args.speed)
    session.model.run(hours=args.hour)
    session.t_prev = session.model.t
    built = time.perf_counter() - t0
    asyncio.run(main_loop(app))
    times = np.asarray(app.frame_ms[WARMUP:])
    return {
        "people": people,
        "median": float(np.median(times)),
        "p95": float(np.percentile(times, 95)),
        "max": float(times.max()),
        "first": float(app.frame_ms[0]),
        "build_s": built,
        "sim_hours": (session.model.t / 3600.0) - args.hour,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--people", default="1000,20000,50000")
    p.add_argument("--frames", type=int, default=600)
    p.add_argument("--hour", type=float, default=8.0, help="start the clock at this hour")
    p.add_argument("--speed", type=int, default=2, help="index into the game's speed steps")
    p.add_argument("--size", default="1920x1080")
    p.add_argument("--scenario", default="city")
    args = p.parse_args()
    from sim.game.session import SPEEDS

    print(
        f"bench_frame: {args.scenario}, {args.size}, {args.frames} frames after {WARMUP} warm-up, "
        f"speed {SPEEDS[args.speed]} sim-s per real s, clock from {args.hour:g} h"
    )
    for n in (int(v) for v in args.people.split(",")):
        r = measure(n, args)
        print(
            f"people={r['people']:>6}  frame_ms median={r['median']:.2f} p95={r['p95']:.2f} "
            f"max={r['max']:.1f}  first_frame_ms={r['first']:.0f}  "
            f"(simulated {r['sim_hours']:.2f} h)",
            flush=True,
        )


if __name__ == "__main__":
    main()
