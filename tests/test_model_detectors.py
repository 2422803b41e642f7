"""The detectors beyond faces: mechanism, expectation, funnel, determinism.

Bounds: given the persistent draws (each person's propensity, the plates, the
hot list), every scan alerts independently with the chance the detector
reports as its expectation, so a count is a sum of independent Bernoulli
trials (Poisson-binomial). Its variance sum p(1 - p) is at most its mean, so
|observed - expected| <= Z * sqrt(expected) + 1 fails with probability below
1e-5 at Z = 4.5 (normal approximation; the +1 covers the discreteness of
small counts). Seeds are fixed, so each test is deterministic.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import pytest

from sim.model import Model
from sim.model.detectors import lookalike_multiplier
from sim.model.detectors.calls import flag_probability
from sim.model.detectors.plates import (
    ALPHABET,
    CONFUSABLE_WEIGHT,
    SPACE,
    confusion,
    p_false_hit_formula,
    pair_probabilities,
    random_plates,
)
from sim.model.detectors.weapons import onward_share
from tests.helpers import params, run

Z = 4.5


def within_poisson(observed: float, expected: float) -> bool:
    """The Poisson-binomial bound of the module docstring."""
    return abs(observed - expected) <= Z * math.sqrt(max(expected, 0.0)) + 1


def weapons(**values: object) -> dict:
    base = dict(
        detector="weapons", people=20_000, hours=12, start_hour=7, weapons__fp_rate=1e-2, wanted=5
    )
    base.update(values)
    return base


# ------------------------------------------------------------------ shared
@pytest.mark.parametrize("detector", ["faces", "weapons", "plates", "calls"])
def test_funnel_invariants_and_determinism(detector: str) -> None:
    """Every detector passes through the same funnel, and a seed fixes the run."""
    extra = {
        "faces": {},
        "weapons": dict(weapons__fp_rate=2e-3),
        "plates": dict(plates__hot_list=400_000, plates__stale_share=1e-3),
        "calls": dict(calls__innocent_keyword_rate=2e-3),
    }[detector]
    p = params(detector=detector, people=20_000, hours=6, start_hour=6, **extra)
    a, b = run(p, seed=3), run(p, seed=3)
    assert a["totals"] == b["totals"] and a["groups"] == b["groups"]
    t = a["totals"]
    assert a["detector"] == detector and t["scans"] > 0
    assert t["alerts"] == t["true_alerts"] + t["false_alerts"] > 0
    assert t["confirmed"] + t["dismissed"] + t["expired"] + t["passed_unreviewed"] <= t["alerts"]
    assert t["stops"] <= t["confirmed"] + t["passed_unreviewed"]
    assert t["wrongful_stops"] <= t["stops"]
    assert t["innocent_people_stopped"] <= t["innocent_people_flagged"] <= t["false_alerts"]
    assert sum(g["scans"] for g in a["groups"].values()) == t["scans"]
    assert sum(g["false_alerts"] for g in a["groups"].values()) == t["false_alerts"]
    assert (t["faces_scanned"] == t["scans"]) == (detector == "faces")
    assert run(p, seed=4)["totals"] != t


def test_lookalike_multiplier_has_mean_one_and_a_heavy_tail() -> None:
    m = lookalike_multiplier(np.random.default_rng(1), 400_000, 1.5)
    # the lognormal's sd of the mean is sqrt(exp(sigma^2) - 1) / sqrt(n)
    assert abs(m.mean() - 1.0) <= Z * math.sqrt(math.exp(1.5**2) - 1) / math.sqrt(len(m))
    top = np.sort(m)[-len(m) // 100 :]
    assert top.sum() / m.sum() > 0.15  # the top 1% carry well over 1% of the risk
    assert (lookalike_multiplier(np.random.default_rng(1), 10, 0.0) == 1.0).all()


# ----------------------------------------------------------------- weapons
def test_weapon_false_alerts_match_expectation() -> None:
    r = run(params(**weapons()), seed=11)
    obs, exp = r["totals"]["false_alerts"], r["expected"]["false_alerts"]
    assert exp > 100 and within_poisson(obs, exp), (obs, exp)
    obs_t, exp_t = r["totals"]["true_alerts"], r["expected"]["true_alerts"]
    assert within_poisson(obs_t, exp_t), (obs_t, exp_t)


def test_weapon_lookalikes_are_flagged_again_and_again() -> None:
    """Same expected false alerts, but a heavy tail puts them on fewer people."""
    # many cameras, so that each person passes dozens of them a day
    busy = dict(people=5_000, cameras=1_500, weapons__fp_rate=2e-3)
    even = run(params(**weapons(lookalike_sigma=0.0, **busy)), seed=2)["totals"]
    tail = run(params(**weapons(lookalike_sigma=2.0, **busy)), seed=2)["totals"]
    per_person_even = even["false_alerts"] / even["innocent_people_flagged"]
    per_person_tail = tail["false_alerts"] / tail["innocent_people_flagged"]
    assert per_person_tail > 1.25 * per_person_even


def test_weapon_second_review_and_lost_cancellations() -> None:
    """Share of forwarded false alerts reaching police: (1 - c) + c * lost, binomially."""
    knobs = dict(reviewers=50, automation_bias=0.9, officers=500)
    knobs.update(weapons__staff_cancel=0.7, weapons__cancel_lost=0.3)
    r = run(params(**weapons(**knobs)), seed=5)
    t = r["totals"]
    n = t["forwarded_false"]
    share = onward_share(0.7, 0.3)
    assert r["expected"]["onward_share_after_staff"] == pytest.approx(share)
    sd = math.sqrt(n * share * (1 - share))  # binomial in the forwarded false alerts
    assert n > 100 and abs(t["false_alerts_reaching_responders"] - n * share) <= Z * sd + 1
    # an armed response: everyone innocent the police reach is held at gunpoint
    assert t["held_at_gunpoint"] == t["wrongful_stops"] > 0
    assert 0 < t["handcuffed"] < t["held_at_gunpoint"]
    assert t["innocent_people_held_at_gunpoint"] <= t["innocent_people_stopped"]
    # every cancellation arriving in time: nobody innocent is held at gunpoint
    knobs.update(weapons__staff_cancel=1.0, weapons__cancel_lost=0.0)
    safe = run(params(**weapons(**knobs)), seed=5)["totals"]
    assert safe["held_at_gunpoint"] == 0 and safe["wanted_found"] > 0


# ------------------------------------------------------------------ plates
def test_confusion_matrix_is_a_distribution_that_prefers_confusables() -> None:
    c = confusion(0.02)
    assert np.allclose(c.sum(axis=1), 1.0) and np.allclose(np.diag(c), 0.98)
    zero, o, x = ALPHABET.index("0"), ALPHABET.index("O"), ALPHABET.index("X")
    assert c[zero, o] == pytest.approx(CONFUSABLE_WEIGHT * c[zero, x])
    assert c[ALPHABET.index("3"), ALPHABET.index("8")] > c[ALPHABET.index("3"), ALPHABET.index("7")]


def test_hot_list_pairs_match_brute_force() -> None:
    """The masked-key search finds every hot plate within two characters, exactly once."""
    rng = np.random.default_rng(4)
    plates = random_plates(rng, 300)
    hot = random_plates(rng, 400)
    hot[:100] = plates[:100]  # listed exactly
    hot[100:200] = plates[100:200]
    hot[100:200, 3] = (hot[100:200, 3] - 10 + 1) % 26 + 10  # one letter off
    hot[200:260] = plates[200:260]
    hot[200:260, [0, 6]] = (hot[200:260][:, [0, 6]] + 1) % 10  # two digits off
    c = confusion(0.05)
    i, h, (pr,) = pair_probabilities(plates, hot, [c])
    got = np.bincount(i, pr, len(plates))
    brute = np.ones((len(plates), len(hot)))
    for k in range(plates.shape[1]):
        brute *= c[plates[:, k][:, None], hot[:, k][None, :]]
    near = (plates[:, None, :] != hot[None, :, :]).sum(axis=2) <= 2
    assert np.allclose(got, (brute * near).sum(axis=1))
    # what lies further than two characters is negligible next to it
    assert (brute * ~near).sum() < 1e-3 * (brute * near).sum()
    assert len(set(zip(i.tolist(), h.tolist(), strict=True))) == len(i)


def test_false_hit_formula_is_the_average_over_random_lists() -> None:
    """P(read on a random list | x) = H / S * (P(valid read) - P(read == x)), checked exactly."""
    rng = np.random.default_rng(8)
    plates = random_plates(rng, 3_000)
    hot = random_plates(rng, 1_000_000)
    hot = hot[~np.isin(hot @ (36 ** np.arange(7)), plates @ (36 ** np.arange(7)))]
    c = confusion(0.03)
    i, _, (pr,) = pair_probabilities(plates, hot, [c])
    exact_mean = pr.sum() / len(plates)
    formula = p_false_hit_formula(c, plates, len(hot)).mean()
    # the exact sum counts about (H / S) * 111 neighbours a plate: its relative
    # sd over 3,000 plates is under 1 / sqrt(3,000 * 0.6); 5 sd of it
    assert len(hot) / SPACE > 0.005
    assert exact_mean == pytest.approx(formula, rel=5 / math.sqrt(3_000 * 0.6))


def plates_run(**values: object) -> Model:
    """A plate-reader afternoon, run once per setting in this test process (read, never changed)."""
    return _plates_run(tuple(sorted(values.items())))


@functools.cache
def _plates_run(values: tuple[tuple[str, object], ...]) -> Model:
    base = dict(
        detector="plates",
        people=30_000,
        hours=12,
        start_hour=12,
        plates__hot_list=2_000_000,
        plates__stale_share=5e-4,
        plates__misread_rate=0.03,
        cameras=300,
        reviewers=100,
        officers=1_000,
    )
    base.update(dict(values))
    m = Model(params(**base), seed=6)
    m.run()
    return m


def test_plate_misread_and_stale_hits_match_expectation() -> None:
    m = plates_run()
    r = m.summary("test")
    t, e = r["totals"], r["expected"]
    assert e["misread_alerts"] > 30 and within_poisson(t["misread_alerts"], e["misread_alerts"])
    assert within_poisson(t["alerts"], r["expected"]["alerts"])
    assert within_poisson(t["false_alerts"], e["false_alerts"])
    assert t["stale_alerts"] > 0 and t["misread_alerts"] + t["stale_alerts"] <= t["alerts"]
    assert t["plate_reads"] < t["scans"]  # only the passes by car are read
    # the chance of a false misread hit per read, for this list and from the formula
    assert e["p_false_hit_per_read"] == pytest.approx(e["p_false_hit_per_read_formula"], rel=0.5)
    assert t["held_at_gunpoint"] == t["wrongful_stops"] > 0


def test_plate_eye_check_turns_misread_stops_into_no_stop() -> None:
    from sim.model.alerts import O_DETAINED, O_RELEASED
    from sim.model.detectors.plates import MISREAD

    def misread_stops(m: Model) -> int:
        log = m.log
        stopped = np.isin(log.outcome, (O_RELEASED, O_DETAINED))
        return int((stopped & (log.detail == MISREAD) & ~log.is_true).sum())

    without = plates_run()
    assert misread_stops(without) > 10
    with_check = plates_run(plates__eye_check=True, plates__eye_check_catch=1.0)
    assert misread_stops(with_check) == 0
    t = with_check.summary("test")["totals"]
    assert t["eye_check_caught"] > 10 and t["wrongful_stops"] > 0  # stale entries still hit


# ------------------------------------------------------------------- calls
def calls(**values: object) -> dict:
    base = dict(
        detector="calls",
        people=10_000,
        hours=72,
        wanted=0,
        calls__per_day=2.0,
        calls__innocent_keyword_rate=5e-4,
        calls__error_keyword=2e-6,
        calls__real_rate=2e-4,
        groups__B__wer_multiplier=1.8,
        officers=1_000,
    )
    base.update(values)
    return base


def test_call_flags_match_expectation_and_differ_by_word_error_rate() -> None:
    r = run(params(**calls()), seed=9)
    t, e = r["totals"], r["expected"]
    assert within_poisson(t["false_alerts"], e["false_alerts"])
    assert within_poisson(t["true_alerts"], e["true_alerts"])
    assert within_poisson(t["real_calls"], e["real_calls"])
    # the Poisson stream of calls: 2 a day each, over three days
    n_calls = 10_000 * 2.0 * 3
    assert abs(t["calls"] - n_calls) <= Z * math.sqrt(n_calls)
    a, b = r["groups"]["A"], r["groups"]["B"]
    per_call = {g: r["groups"][g]["false_alerts"] / r["groups"][g]["scans"] for g in "AB"}
    want = (
        flag_probability(np.array([0.19 * 1.8]), np.array([5e-4]), 2e-6)[0]
        / (flag_probability(np.array([0.19]), np.array([5e-4]), 2e-6)[0])
    )
    assert want > 1.3 and per_call["B"] > per_call["A"]
    assert b["expected_false_alerts"] / b["scans"] / (
        a["expected_false_alerts"] / a["scans"]
    ) == pytest.approx(want, rel=0.2)
    # consequences are counted per innocent person
    assert 0 < t["innocent_people_consequences"] <= t["innocent_people_stopped"]
    assert t["consequences"] <= t["wrongful_stops"]
    for key in ("lose_calls", "discipline", "prosecutor"):
        assert t[f"innocent_people_{key}"] <= t[key] <= t["consequences"]


def test_the_same_scan_ids_run_for_every_detector() -> None:
    """The detector knob only changes the detector: the crowd and the city are the same."""
    ms = {d: Model(params(detector=d, people=2_000, hours=1), seed=1) for d in ("faces", "calls")}
    for a, b in itertools.combinations(ms.values(), 2):
        assert (a.people.group == b.people.group).all()
        assert (a.cameras.node == b.cameras.node).all()
