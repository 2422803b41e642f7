"""Small builders shared by the model tests."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

import pytest

from sim.model import Model, Params


def params(**values: object) -> Params:
    p = Params()
    groups = {k: v for k, v in values.items() if k.startswith("groups__")}
    for key, value in values.items():
        if not key.startswith("groups__"):
            p.set(key.replace("__", "."), value)
    for key, value in groups.items():
        p.set(key.replace("__", "."), value)
    p.check()
    return p


def booking(people: int = 50_000, **values: object) -> Params:
    """Every person searched exactly once: captures are independent Bernoulli trials."""
    base = dict(layout="booking", people=people, hours=1, wanted=0, officers=0, reviewers=0)
    base.update(values)
    return params(**base)


def run(p: Params, seed: int = 1) -> dict:
    m = Model(p, seed=seed)
    m.run()
    return m.summary("test")


def binomial_sd(result: dict) -> float:
    """SD of a sum of per-group binomials with the model's analytic per-capture probability.

    Captures of different people are independent in the booking layout, so the
    count of false alerts is a sum of Binomial(n_g, p_g); its variance is
    sum n_g p_g (1 - p_g).
    """
    var = 0.0
    for g in result["groups"].values():
        n = g["faces_scanned"]
        if n:
            p = g["expected_false_alerts"] / n
            var += n * p * (1 - p)
    return math.sqrt(max(var, 1e-12))


_FINISHED: dict = {}
_BUILT: dict = {}


@contextlib.contextmanager
def story_runs_shared() -> Iterator[None]:
    """Inside the block, a chapter's run finished once in this process is reused, copied.

    A run is fixed by its parameters and seed; the language, the answer and the
    screen that shows it change nothing in it (tests/test_locales.py), so the
    story's test modules (one xdist group: tests/conftest.py) need not simulate
    the same days again and again. The copy is deep: a test may step or read
    its model freely. A run's model as built, before its first step, is kept
    the same way: a screen shown in four languages builds each city once.
    """
    import copy

    from sim.story import runner
    from sim.story.runner import ChapterRunner

    run_now = ChapterRunner._run_now

    def built(params, seed: int = 1) -> Model:
        key = (repr(params), seed)
        if key not in _BUILT:
            _BUILT[key] = Model(params, seed=seed)
        return copy.deepcopy(_BUILT[key])

    def memo(self: ChapterRunner, run) -> None:
        key = (repr(run.params()), run.seed)
        if key in _FINISHED:  # the same run's end, whatever part of it was shown
            self.models[run.name] = copy.deepcopy(_FINISHED[key])
            return
        run_now(self, run)
        _FINISHED.setdefault(key, copy.deepcopy(self.models[run.name]))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ChapterRunner, "_run_now", memo)
        mp.setattr(runner, "Model", built)
        yield
