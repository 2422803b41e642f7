"""Frame time of the game at 1k, 50k and 100k people, 1920x1080, software rendering.

Runs the real game loop headless (SDL dummy driver) with the model advancing
at the chosen speed: every frame advances the model by 1/60 s of real time,
exactly what it does at 60 fps, so model steps are inside the measured
frame. The clock starts in the morning rush (people on the move, cameras
busy), and the first frames (building the day's trips and the cached map)
are reported separately from the steady state.

By default every person is drawn and the frame-budget controller is off, so
a figure is the cost of drawing that many people on this machine. `--cap`
draws what the game draws (at most its own cap, MAX_DRAWN); `--adaptive`
also lets the controller choose, and reports how many people it settled on.

    .venv/bin/python bench/bench_frame.py [--people 1000,50000,100000]
        [--frames 300] [--hour 8] [--speed 2] [--size 1920x1080] [--scenario city]
        [--cap] [--adaptive]

Prints, per crowd size, the machine (bench/machine.py: CPU model, cores,
load, numpy's BLAS) and one line: median and 95th percentile frame time in
ms, the frame time relative to the first size (1k), the machine's own
yardstick (machines differ 3-4x; compare ratios, never figures from two
machines), and the main thread's CPU time per frame, which another busy
process on the machine stretches far less than the wall time. Targets (issue 14), on a
slow 2-core machine where 1k people take about 6 ms: 50k drawn median
<= 8 ms, 100k drawn <= 16.7 ms.
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
from machine import machine_line  # noqa: E402  (bench/ is sys.path[0] when this runs)

import sim.game.city_view as city_view  # noqa: E402
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
    game_cap = city_view.MAX_DRAWN
    if not args.cap:
        city_view.MAX_DRAWN = max(game_cap, people)  # draw everyone
    t0 = time.perf_counter()
    try:
        app = build_app(opts, start="sandbox")
    finally:
        city_view.MAX_DRAWN = game_cap
    city = app.scenes[-1].city
    if not args.adaptive:
        city.budget = None  # a fixed crowd: the figure is the cost of drawing it
    session = app.session
    session.set_speed(args.speed)
    session.model.run(hours=args.hour)
    session.t_prev = session.model.t
    built = time.perf_counter() - t0
    # The main thread's CPU time per frame as well: on a shared machine another
    # process stretches the wall time (the figure) but hardly the CPU time.
    cpu_ms: list[float] = []
    frame = app.frame

    def timed_frame(dt: float) -> None:
        c0 = time.thread_time()
        frame(dt)
        cpu_ms.append((time.thread_time() - c0) * 1000.0)

    app.frame = timed_frame  # type: ignore[method-assign]
    asyncio.run(main_loop(app))
    times = np.asarray(app.frame_ms[WARMUP:])
    cpu = np.asarray(cpu_ms[WARMUP:])
    return {
        "people": people,
        "drawn": int(city.sample.size),
        "median": float(np.median(times)),
        "p95": float(np.percentile(times, 95)),
        "max": float(times.max()),
        "cpu_median": float(np.median(cpu)),
        "cpu_p95": float(np.percentile(cpu, 95)),
        "first": float(app.frame_ms[0]),
        "build_s": built,
        "sim_hours": (session.model.t / 3600.0) - args.hour,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--people", default="1000,50000,100000")
    p.add_argument("--frames", type=int, default=300)
    p.add_argument("--hour", type=float, default=8.0, help="start the clock at this hour")
    p.add_argument("--speed", type=int, default=2, help="index into the game's speed steps")
    p.add_argument("--size", default="1920x1080")
    p.add_argument("--scenario", default="city")
    p.add_argument("--cap", action="store_true", help="draw at most the game's own cap")
    p.add_argument("--adaptive", action="store_true", help="let the frame budget choose")
    args = p.parse_args()
    from sim.game.session import SPEEDS

    print(
        f"bench_frame: {args.scenario}, {args.size}, {args.frames} frames after {WARMUP} warm-up, "
        f"speed {SPEEDS[args.speed]} sim-s per real s, clock from {args.hour:g} h, "
        f"{'game cap' if args.cap else 'everyone drawn'}, "
        f"frame budget {'on' if args.adaptive else 'off'}"
    )
    yardstick = None
    for n in (int(v) for v in args.people.split(",")):
        r = measure(n, args)
        yardstick = yardstick or r["median"]
        print(machine_line())
        print(
            f"people={r['people']:>6} drawn={r['drawn']:>6}  frame_ms median={r['median']:.2f} "
            f"p95={r['p95']:.2f} max={r['max']:.1f}  x{r['median'] / yardstick:.2f} of the "
            f"first size  first_frame_ms={r['first']:.0f}  (simulated {r['sim_hours']:.2f} h)  "
            f"cpu_ms median={r['cpu_median']:.2f} p95={r['cpu_p95']:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
