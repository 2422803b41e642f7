"""Soak benchmark: 72 hours of museum use, in accelerated time, with random input.

Run: ``python bench/bench_soak.py [--hours 72] [--fps 10] [--seed 1] [--target kiosk]``

A simulated clock advances 1/fps seconds per frame, so 72 hours of visitors,
countdowns and resets run in minutes. The monkey (`sim.kiosk.monkey`) supplies
the input. Reported: crashes (must be 0), peak resident memory, and memory
growth between the end of the first and of the last simulated hour (must stay
under 10 MB: a leak in a text cache, a surface list or an event log shows up
as steady growth). Exit status 1 if either limit is broken.

Targets: ``kiosk`` drives the kiosk layer (event conversion, idle reset,
staff gate, captions) on its own. The game integration adds an ``app`` target
that steps the real app headless with the same clock; see TARGETS.
This is a benchmark, not a test: nothing here is timed in CI.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pygame  # noqa: E402

from sim.kiosk.controller import KioskAction, KioskController  # noqa: E402
from sim.kiosk.monkey import Monkey, MonkeyConfig  # noqa: E402
from sim.kiosk.settings import KioskSettings  # noqa: E402
from sim.kiosk.touch import to_input  # noqa: E402

GROWTH_LIMIT_MB = 10.0
HOUR = 3600.0


class SoakTarget(Protocol):
    """Something that takes one frame of events at a (simulated) time."""

    def step(self, events: list[pygame.event.Event], now: float) -> None: ...

    def close(self) -> None: ...


class KioskTarget:
    """The kiosk layer alone: conversion, controller, captions, like the app uses them."""

    def __init__(self, settings: KioskSettings) -> None:
        self.controller = KioskController(settings, 0.0)
        self.actions: Counter[str] = Counter()

    def step(self, events: list[pygame.event.Event], now: float) -> None:
        c = self.controller
        for event in events:
            for action in c.handle(to_input(event, now), now).actions:
                self.actions[action.value] += 1
        for action in c.update(now):
            self.actions[action.value] += 1
            if action is KioskAction.OPEN_PIN_PAD:
                raise RuntimeError("random input opened the staff PIN pad")
        if c.in_attract:
            c.caption(now)
        else:
            c.countdown_left(now)

    def close(self) -> None:
        """Nothing to release."""


TARGETS: dict[str, Callable[[KioskSettings], SoakTarget]] = {"kiosk": KioskTarget}


def rss_mb() -> float:
    """Current resident memory in MB (Linux /proc; falls back to peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        return peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident memory in MB, where the platform reports it."""
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def soak(hours: float, fps: float, seed: int, target_name: str) -> dict[str, object]:
    """Run the soak and return the report (also printed by main)."""
    settings = KioskSettings()
    target = TARGETS[target_name](settings)
    monkey = Monkey(seed, MonkeyConfig(fps=fps))
    frames = int(hours * HOUR * fps)
    per_hour = int(HOUR * fps)
    crashes = 0
    first_error = ""
    hourly: list[float] = []
    started = time.perf_counter()
    for frame in range(1, frames + 1):
        now = frame / fps
        try:
            target.step(monkey.next_frame(), now)
        except Exception:  # a soak counts crashes instead of stopping at the first
            crashes += 1
            first_error = first_error or traceback.format_exc()
        if frame % per_hour == 0:
            gc.collect()
            hourly.append(rss_mb())
    target.close()
    wall = time.perf_counter() - started
    growth = hourly[-1] - hourly[0] if len(hourly) >= 2 else 0.0
    report: dict[str, object] = {
        "target": target_name,
        "simulated_hours": hours,
        "frames": frames,
        "wall_seconds": round(wall, 1),
        "crashes": crashes,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_first_hour_mb": round(hourly[0], 1) if hourly else None,
        "rss_last_hour_mb": round(hourly[-1], 1) if hourly else None,
        "growth_mb": round(growth, 2),
        "monkey_actions": dict(monkey.stats),
    }
    if isinstance(target, KioskTarget):
        report["kiosk_actions"] = dict(target.actions)
    if first_error:
        report["first_error"] = first_error
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line entry; exit 1 if a crash happened or memory grew too much."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=72.0, help="simulated hours (72)")
    parser.add_argument("--fps", type=float, default=10.0, help="simulated frames per second")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target", choices=sorted(TARGETS), default="kiosk")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = soak(args.hours, args.fps, args.seed, args.target)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    growth = report["growth_mb"]
    ok = report["crashes"] == 0 and isinstance(growth, float) and growth < GROWTH_LIMIT_MB
    print("soak: OK" if ok else "soak: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
