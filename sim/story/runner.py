"""Running a chapter's simulations, at the pace the screen wants or all at once.

The game shows a chapter's runs coming in over a few seconds (so the player
watches the city answer the question), the tests and the worksheet want the
same numbers at once. Both go through `ChapterRunner`: `advance(real_dt)`
steps every run of the current stage by the share of its simulated day that
`real_dt` represents; `finish()` runs everything to the end. Runs of one stage
advance side by side, stages follow one another; a run shown over 0 seconds
(a point of a sweep) is computed in one go, one per call, so the screen still
sees the chart fill in.
"""

from __future__ import annotations

import time
from typing import Any

from sim.model import Model

from .chapters import INSTANT_PACE_S, Chapter, RunSpec, in_quiet, stage_seconds
from .measures import Measured, measure

FRAME_BUDGET_S = 0.012  # real time per frame spent on a run computed "at once"
QUIET_PACE = 0.1  # a quiet hour (the city asleep) is shown in a tenth of a busy hour's time


def _pace(t: float, quiet: tuple[float, float] | None) -> float:
    return QUIET_PACE if quiet is not None and in_quiet(t / 3600.0, quiet) else 1.0


def _next_hour(t: float) -> float:
    return (float(int(t // 3600.0)) + 1.0) * 3600.0


def show_weight(t0: float, t1: float, quiet: tuple[float, float] | None) -> float:
    """How much showing simulated time t0..t1 gets: a busy second counts 1, a quiet one less.

    Counted in whole-hour pieces (a quiet stretch is given in hours of the day).
    """
    weight, t = 0.0, t0
    while t < t1 - 1e-9:
        end = min(t1, _next_hour(t))
        weight += (end - t) * _pace(t, quiet)
        t = end
    return weight


def show_until(t: float, budget: float, end: float, quiet: tuple[float, float] | None) -> float:
    """The simulated time reached from t by `budget` of showing (the inverse of show_weight)."""
    while budget > 1e-9 and t < end - 1e-9:
        seg_end = min(end, _next_hour(t))
        pace = _pace(t, quiet)
        need = (seg_end - t) * pace
        if budget >= need:
            budget -= need
            t = seg_end
        else:
            return t + budget / pace
    return min(t, end)


def step_until(m: Model, target: float, deadline: float | None = None) -> None:
    """Advance m in the model's fixed steps until it reaches `target` (or its end, or the deadline).

    The steps are `Model.step_fixed`'s, the steps of `python -m sim run`: the
    model's queues depend on the step, so a run watched frame by frame ends
    with exactly the numbers of the same run done at once, in a test or on
    the command line. The last step may pass `target` a little; it never
    leaves the shared grid.
    """
    target = min(target, m.end_t)
    while m.t < target - 1e-9:
        m.step_fixed()
        if deadline is not None and time.perf_counter() > deadline:
            break


class ChapterRunner:
    """The models of one chapter, advanced stage by stage."""

    def __init__(self, chapter: Chapter, short: bool = False) -> None:
        self.chapter = chapter
        self.short = short
        self.models: dict[str, Model] = {}
        self.stages = sorted({r.stage for r in chapter.runs})
        self.stage_i = 0
        self._wait = 0.0
        self._measured: Measured | None = None
        self._started_stage = -1
        self._shown: dict[str, float] = {}  # how far each timed run is shown (simulated time)
        self.measured_final: set[str] = set()  # the runs finished when `measured` was read

    # --- state -------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.stage_i >= len(self.stages)

    def runs_in(self, stage: int) -> list[RunSpec]:
        return [r for r in self.chapter.runs if r.stage == stage]

    @property
    def current(self) -> list[RunSpec]:
        """The runs advancing now (empty when done)."""
        if self.done:
            return []
        return self.runs_in(self.stages[self.stage_i])

    def seconds_of(self, run: RunSpec) -> float:
        return run.short_seconds if self.short else run.seconds

    @property
    def progress(self) -> float:
        """0..1 over the whole chapter, by real seconds planned."""
        if self.done:
            return 1.0
        total = self.chapter.seconds(self.short) or 1.0
        spent = 0.0
        for i, stage in enumerate(self.stages):
            runs = self.runs_in(stage)
            length = stage_seconds(runs, self.short)
            if i < self.stage_i:
                spent += length
            elif i == self.stage_i:
                if any(self.seconds_of(r) > 0 for r in runs):
                    fracs = [self._fraction(r) for r in runs if r.name in self.models]
                    spent += length * (min(fracs) if fracs else 0.0)
                else:
                    spent += INSTANT_PACE_S * sum(1 for r in runs if self._finished(r))
        return max(0.0, min(1.0, spent / total))

    def _fraction(self, run: RunSpec) -> float:
        """How much of a run's showing is done (quiet hours take less of it)."""
        m = self.models.get(run.name)
        if m is None:
            return 0.0
        total = show_weight(m.t0, m.end_t, run.quiet)
        done = show_weight(m.t0, min(float(m.t), m.end_t), run.quiet)
        return min(1.0, done / total) if total > 0 else 1.0

    def quiet_now(self, name: str) -> bool:
        """Whether run `name` is passing a quiet stretch now (shown fast; the screen says so)."""
        run = next((r for r in self.chapter.runs if r.name == name), None)
        m = self.models.get(name)
        if run is None or run.quiet is None or m is None or m.finished:
            return False
        return in_quiet(float(m.t) / 3600.0, run.quiet)

    def _finished(self, run: RunSpec) -> bool:
        m = self.models.get(run.name)
        return m is not None and m.finished

    def model(self, name: str) -> Model | None:
        return self.models.get(name)

    def city_models(self) -> list[tuple[str, Model]]:
        """Models drawn as cities: the current stage's, else the last ones shown."""
        runs = self.current or self.runs_in(self.stages[-1])
        return [(r.name, self.models[r.name]) for r in runs if r.city and r.name in self.models]

    # --- advancing --------------------------------------------------------------
    def prepare(self) -> None:
        """Build the first stage's models now, so the screen can show them before they move."""
        if not self.done:
            self._start_stage()

    def _start_stage(self) -> None:
        if self._started_stage == self.stage_i:
            return
        self._started_stage = self.stage_i
        for run in self.current:
            if self.seconds_of(run) > 0 and run.name not in self.models:
                self.models[run.name] = Model(run.params(), seed=run.seed)

    def advance(self, real_dt: float) -> None:
        """Move the current stage on by `real_dt` real seconds of showing."""
        if self.done:
            return
        self._start_stage()
        runs = self.current
        timed = [r for r in runs if self.seconds_of(r) > 0]
        instant = [r for r in runs if self.seconds_of(r) <= 0]
        for run in timed:
            m = self.models[run.name]
            if m.finished:
                continue
            # the same share of the run's showing each real second; quiet hours go by faster
            total = show_weight(m.t0, m.end_t, run.quiet)
            budget = total * real_dt / self.seconds_of(run)
            shown = self._shown.get(run.name, float(m.t))
            self._shown[run.name] = show_until(shown, budget, m.end_t, run.quiet)
            step_until(m, self._shown[run.name])
        if instant:
            self._wait -= real_dt
            pending = [r for r in instant if not self._finished(r)]
            if pending and self._wait <= 0 and self._compute(pending[0]):
                self._wait = INSTANT_PACE_S
        self._measured = None
        if all(self._finished(r) for r in runs) and self._wait <= 0:
            self.stage_i += 1
            # the next stage's cities exist at once: a screen that rebinds its maps
            # on the change must find them (chapter 2's last map was blank)
            self.prepare()

    def _compute(self, run: RunSpec, budget_s: float = FRAME_BUDGET_S) -> bool:
        """Work on an at-once run for at most `budget_s` of real time; True when it is done.

        A sweep point takes a second or more on a busy two-core machine; done in
        one go it would freeze the screen, so it is computed a slice per frame.
        """
        m = self.models.get(run.name)
        if m is None:
            m = Model(run.params(), seed=run.seed)
            self.models[run.name] = m
        step_until(m, float("inf"), deadline=time.perf_counter() + budget_s)
        return m.finished

    def _run_now(self, run: RunSpec) -> None:
        m = self.models.get(run.name)
        if m is None:
            m = Model(run.params(), seed=run.seed)
            self.models[run.name] = m
        step_until(m, float("inf"))

    def finish(self) -> None:
        """Run everything that is left to the end, at once."""
        while not self.done:
            self._start_stage()
            for run in self.current:
                self._run_now(run)
            self.stage_i += 1
            self._wait = 0.0
        self._measured = None

    # --- reading -------------------------------------------------------------------
    def measured(self) -> Measured:
        """The chapter's numbers from what has run so far (final once done)."""
        if self._measured is None:
            summaries: dict[str, Any] = {}
            histories: dict[str, list[dict[str, Any]]] = {}
            order = [r.name for r in self.chapter.runs]
            for name in order:
                m = self.models.get(name)
                if m is None:
                    continue
                summaries[name] = m.summary()
                histories[name] = list(m.history)
            self._measured = measure(
                summaries, histories, self.chapter.derive, order, self.chapter.rules
            )
            # which of those numbers are final: a view that shows only finished runs
            # must ask this of the same moment as the numbers it draws
            self.measured_final = {n for n in summaries if self.models[n].finished}
        return self._measured

    def history(self, name: str) -> list[dict[str, Any]]:
        """Per-day counts of one run, today's partial day last."""
        m = self.models.get(name)
        if m is None:
            return []
        days = list(m.history)
        if not m.finished:
            days.append(dict(m.today))
        return days


def run_chapter(chapter: Chapter) -> Measured:
    """Every run of a chapter to the end; its numbers (tests, worksheets)."""
    runner = ChapterRunner(chapter)
    runner.finish()
    return runner.measured()
