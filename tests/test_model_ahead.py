"""The face search done ahead of the clock changes nothing (sim/model/ahead.py).

Each run below is made twice with the same seed: once as the program runs it
(captures searched up to half an hour ahead, guesses given back when a stop
proves them wrong) and once searching each step's captures in that step
(`scans_in_order` off). Every count, every person's tallies, every alert row
and the map's states must be identical, bit for bit, through stops and
detentions, the day's end and its feedback policies, a knob moved mid-day,
and both ways of searching a watchlist. The tests also check that the
path that gives a wrong guess back was taken, so they cannot pass by never
guessing wrong.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from sim.model import Model
from sim.model import ahead as ahead_module
from sim.model.capture import Captures
from sim.model.detectors.faces import FaceDetector
from tests.helpers import params


def _fingerprint(m: Model) -> dict:
    ppl = m.people
    return {
        "summary": json.dumps(m.summary("test"), sort_keys=True),
        "people": [
            getattr(ppl, a).tobytes()
            for a in ("scan_count", "flag_count", "stop_count", "detained_hours", "state")
        ],
        "log": [m.log.col(c).tobytes() for c in ("time", "person", "score", "best_cos", "entry")],
    }


def _run(p, seed: int, ahead: bool, monkeypatch, knob: tuple[str, object] | None = None) -> Model:
    with monkeypatch.context() as mp:
        mp.setattr(FaceDetector, "scans_in_order", ahead)
        m = Model(p, seed=seed)
        if knob is None:
            m.run()
        else:  # half the run, then a knob moved, then the rest
            half = m.t0 + p.hours * 1800.0
            while m.t < half:
                m.step_fixed()
            m.set_param(*knob)
            while not m.finished:
                m.step_fixed()
    return m


@pytest.fixture
def wrong_guesses(monkeypatch) -> list[int]:
    """How many captures each guess given back had left unused (0: it was used up)."""
    left: list[int] = []
    give_back = ahead_module.ScanAhead.give_back

    def counting(self, skip) -> None:
        left.append(len(self.caps) - self.pos)
        give_back(self, skip)

    monkeypatch.setattr(ahead_module.ScanAhead, "give_back", counting)
    return left


CASES = {
    # many stops, bodycams filming the people they stop: guesses go wrong often
    "bodycams-stops": dict(people=4_000, hours=10, start_hour=7, bodycams=True, officers=30),
    # two days; stopped people join the list at midnight, cameras follow alerts
    "feedback-days": dict(
        people=3_000,
        hours=40,
        officers=30,
        policy__stopped_join_watchlist=True,
        policy__cameras_follow_alerts=True,
    ),
    # a list of millions: order statistics, not brute force
    "orderstat": dict(people=4_000, hours=10, start_hour=7, watchlist_size=2_000_000, officers=30),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_searching_ahead_gives_exactly_the_step_by_step_run(case, monkeypatch, wrong_guesses):
    p = params(**CASES[case])
    ahead = _run(p, 3, True, monkeypatch)
    assert any(wrong_guesses), "no guess was ever wrong: the give-back path was not tested"
    assert ahead.summary()["totals"]["wrongful_stops"] > 0
    step_by_step = _run(p, 3, False, monkeypatch)
    assert _fingerprint(ahead) == _fingerprint(step_by_step)


@pytest.mark.parametrize(
    "knob", [("threshold", 85.0), ("watchlist_size", 50_000), ("cameras", 200), ("officers", 5)]
)
def test_a_knob_moved_mid_day_is_searched_with_the_new_setting(knob, monkeypatch):
    p = params(people=3_000, hours=12, start_hour=7, officers=30)
    ahead = _run(p, 5, True, monkeypatch, knob)
    step_by_step = _run(p, 5, False, monkeypatch, knob)
    assert _fingerprint(ahead) == _fingerprint(step_by_step)
    assert _fingerprint(ahead) != _fingerprint(_run(p, 5, True, monkeypatch))  # it did change


@pytest.mark.parametrize("watchlist_size", [500, 2_000_000])
def test_skipping_takes_the_very_draws_of_a_search(watchlist_size):
    """`skip(n)` leaves the streams where a search of n captures leaves them (both matchers)."""
    m = Model(params(people=2_000, hours=1, watchlist_size=watchlist_size), seed=2)
    rng = np.random.default_rng(0)
    n = 777
    caps = Captures(
        time=np.sort(rng.uniform(0, 3600, n)),
        person=rng.integers(0, m.people.n, n),
        camera=np.zeros(n, np.int32),
        node=np.zeros(n, np.int32),
        quality=rng.uniform(0.5, 1.0, n).astype(np.float32),
    )
    searched, skipped = copy.deepcopy(m), copy.deepcopy(m)
    searched.detector.scan(searched, caps)
    skipped.detector.skip(skipped, n)
    for a, b in zip(
        searched.detector.streams(searched), skipped.detector.streams(skipped), strict=True
    ):
        assert a.bit_generator.state == b.bit_generator.state
    # and a search does take draws, so the check above is not of untouched streams
    assert searched._rng_noise.bit_generator.state != m._rng_noise.bit_generator.state


def test_an_alerts_record_is_the_same_whenever_and_however_often_it_is_asked() -> None:
    """The card's record and `record_code` agree, and asking changes no later alert's record."""
    p = params(people=3_000, hours=8, start_hour=7, watchlist_size=2_000_000)
    asked, quiet = Model(p, seed=4), Model(p, seed=4)
    while not asked.finished:
        asked.step_fixed()
        quiet.step_fixed()
        if asked.log.n:
            asked.record_code(0)  # a screen looking at the first alert, every step
    assert asked.recent_alerts
    for a, b in zip(asked.recent_alerts, quiet.recent_alerts, strict=True):
        assert np.array_equal(a.entry_code, b.entry_code)
        assert np.array_equal(a.entry_code, asked.record_code(a.row))
