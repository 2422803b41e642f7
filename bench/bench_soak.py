"""Soak benchmark: 72 hours of museum use, in accelerated time, with random input.

Run: ``python bench/bench_soak.py [--hours 72] [--fps F] [--seed 1] [--target app|kiosk]``

A simulated clock advances 1/fps seconds per frame, so 72 hours of visitors,
countdowns and resets run in minutes. The monkey (`sim.game.monkey`) supplies
the input. Reported: crashes (must be 0), peak resident memory, and memory
growth between the first and the last simulated hour (must stay under 10 MB:
a leak in a text cache, a surface list or an event log shows up as steady
growth). For the app target the memory compared is the lowest measured right
after a reset to attract mode within the hour, the one moment whose state does
not depend on what the last random visitor built; the raw end-of-hour figures
are reported too. The first `--warmup-hours` (12 for the app) are run but left
out of the comparison: a fresh process fills one-time stores during its first
hours (see DEFAULT_WARMUP); the growth from the cold start is reported as well.
Exit status 1 if either limit is broken.

Targets:
- ``app`` (the default): the real game in kiosk mode, headless (dummy video
  driver, 1920x1080), fed the monkey's events through SDL's event queue and
  stepped with the soak clock: attract mode, the story, the sandbox, the
  countdown and the reset to a brand-new model, hour after hour. Any
  exception, a PIN pad opened by random input, or the game stopping counts as
  a crash; the soak goes on after each.
- ``kiosk``: the kiosk layer alone (event conversion, idle reset, staff gate,
  captions), fast, to separate a leak in the logic from one in the game.

The app target runs 1 frame per simulated second by default (each frame
advances the city by up to 4 model steps, as a slow frame would, and random
visitors act at the same pace per simulated second): 72 hours is about
260,000 frames, 30 to 60 minutes on a busy two-core machine, most of it
drawing what random visitors build (thousands of body cameras, for one).
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

from sim.game.monkey import Monkey, MonkeyConfig  # noqa: E402
from sim.kiosk.controller import KioskAction, KioskController  # noqa: E402
from sim.kiosk.settings import KioskSettings  # noqa: E402
from sim.kiosk.touch import to_input  # noqa: E402

GROWTH_LIMIT_MB = 10.0
HOUR = 3600.0


class SoakTarget(Protocol):
    """Something that takes one frame of events at a (simulated) time."""

    def step(self, events: list[pygame.event.Event], now: float) -> None: ...

    def close(self) -> None: ...


class AppTarget:
    """The whole game in kiosk mode, as `python -m sim play --kiosk` runs it, headless."""

    def __init__(self, settings: KioskSettings, people: int | None = None) -> None:
        from sim.game.app import Options, build_app
        from sim.kiosk.runtime import KioskRuntime
        from sim.kiosk.scene import install, register_screens
        from sim.kiosk.settings import SettingsLoad

        overrides = () if people is None else (("people", str(people)),)
        # frames set: the kiosk clock is the sum of frame times, i.e. the soak clock
        register_screens()  # as `python -m sim play --kiosk` does
        options = Options(kiosk=True, frames=1, size=(1920, 1080), overrides=overrides)
        self.app = build_app(options, start="title")
        install(self.app, SettingsLoad(settings, Path("(soak: built-in defaults)"), False))
        assert isinstance(self.app.kiosk, KioskRuntime)
        self.runtime: KioskRuntime = self.app.kiosk
        self.app.open("kiosk", replace=True)
        self.last = 0.0
        self._resets = 0
        self._settled: list[float] = []

    def settled_mb(self) -> float | None:
        """Lowest memory right after a reset to attract since the last call (None: no reset).

        Hourly memory swings by hundreds of MB with what the current random
        visitor built (3,000 cameras hold big arrays); right after a reset the
        state is always the same clean attract mode, so growth between those
        moments is what a leak would look like.
        """
        values, self._settled = self._settled, []
        return min(values) if values else None

    def step(self, events: list[pygame.event.Event], now: float) -> None:
        for event in events:
            pygame.event.post(event)
        dt, self.last = now - self.last, now
        app, rt = self.app, self.runtime
        try:
            app.frame(dt)
            if rt.stats["resets"] != self._resets:
                self._resets = rt.stats["resets"]
                gc.collect()
                self._settled.append(rss_mb())
        finally:
            if rt.pin_pad is not None or rt.staff_screen is not None:
                rt.pin_pad = rt.staff_screen = None
                raise RuntimeError("random input opened a staff screen")
            if not app.running:
                app.running = True
                raise RuntimeError(f"the game stopped (exit code {app.exit_code})")

    @property
    def actions(self) -> Counter[str]:
        """What the kiosk did: sessions, countdowns, resets (for the report)."""
        return self.runtime.stats

    def close(self) -> None:
        pygame.quit()


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


TARGETS: dict[str, Callable[..., SoakTarget]] = {"app": AppTarget, "kiosk": KioskTarget}
DEFAULT_FPS = {"app": 1.0, "kiosk": 10.0}
#: A fresh game process fills one-time stores during its first hours of random use
#: (fonts at each size, each language's locale data, each story chapter's texts,
#: Python's and the C library's memory pools up to their high-water mark): about
#: 40 MB over the first half day, flat afterwards. The growth that would reveal a
#: leak is measured after that.
DEFAULT_WARMUP = {"app": 12, "kiosk": 0}


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


def soak(
    hours: float,
    fps: float,
    seed: int,
    target_name: str,
    people: int | None = None,
    progress: bool = False,
    warmup_hours: int = 0,
) -> dict[str, object]:
    """Run the soak and return the report (also printed by main)."""
    settings = KioskSettings()
    if target_name == "app":
        target: SoakTarget = AppTarget(settings, people)
    else:
        target = TARGETS[target_name](settings)
    monkey = Monkey(seed, MonkeyConfig(fps=fps))
    frames = int(hours * HOUR * fps)
    per_hour = int(HOUR * fps)
    crashes = 0
    first_error = ""
    hourly: list[float] = []
    settled: list[float] = []
    settled_of = getattr(target, "settled_mb", None)
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
            value = settled_of() if settled_of is not None else None
            if value is not None:
                settled.append(value)
            if progress:
                after = f", after reset {value:7.1f} MB" if value is not None else ""
                print(
                    f"  hour {len(hourly):3d}: rss {hourly[-1]:7.1f} MB{after}, "
                    f"crashes {crashes}, {time.perf_counter() - started:7.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
    target.close()
    wall = time.perf_counter() - started
    w = min(warmup_hours, max(0, len(hourly) - 2))
    growth = hourly[-1] - hourly[w] if len(hourly) >= 2 else 0.0
    cold_growth = hourly[-1] - hourly[0] if len(hourly) >= 2 else 0.0
    if len(settled) >= 2:  # the app: compare like with like (clean attract mode)
        ws = min(warmup_hours, max(0, len(settled) - 2))
        growth = settled[-1] - settled[ws]
        cold_growth = settled[-1] - settled[0]
    report: dict[str, object] = {
        "target": target_name,
        "simulated_hours": hours,
        "frames": frames,
        "wall_seconds": round(wall, 1),
        "crashes": crashes,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_first_hour_mb": round(hourly[0], 1) if hourly else None,
        "rss_last_hour_mb": round(hourly[-1], 1) if hourly else None,
        "warmup_hours": w,
        "growth_mb": round(growth, 2),
        "growth_from_cold_start_mb": round(cold_growth, 2),
        "monkey_actions": dict(monkey.stats),
    }
    if isinstance(target, KioskTarget | AppTarget):
        report["kiosk_actions"] = dict(target.actions)
    if hourly:
        report["rss_hourly_mb"] = [round(v, 1) for v in hourly]
    if settled:
        report["rss_after_reset_first_hour_mb"] = round(settled[0], 1)
        report["rss_after_reset_last_hour_mb"] = round(settled[-1], 1)
        report["rss_after_reset_hourly_mb"] = [round(v, 1) for v in settled]
    if first_error:
        report["first_error"] = first_error
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line entry; exit 1 if a crash happened or memory grew too much."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=72.0, help="simulated hours (72)")
    parser.add_argument("--fps", type=float, help="frames per simulated second (app: 1, kiosk: 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target", choices=sorted(TARGETS), default="app")
    parser.add_argument("--people", type=int, help="app: crowd size (default: the scenario's)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no hourly progress on stderr")
    parser.add_argument(
        "--warmup-hours",
        type=int,
        help="hours left out of the growth comparison (app: 12, kiosk: 0); see the module doc",
    )
    args = parser.parse_args(argv)
    fps = args.fps or DEFAULT_FPS[args.target]
    warmup = args.warmup_hours if args.warmup_hours is not None else DEFAULT_WARMUP[args.target]
    from machine import machine_line  # bench/ is sys.path[0] when this runs

    print(machine_line(), flush=True)
    report = soak(args.hours, fps, args.seed, args.target, args.people, not args.quiet, warmup)
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
