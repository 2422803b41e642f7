"""The engine gives the same numbers for the same seed, before and after it got faster.

`tests/reference/engine_runs.json` holds what `python -m sim run --json`
printed for a dozen small runs that between them take every path of the
engine: street cameras, body cameras, drones, stadium gates, phone searches,
the booking desk, brute-force and order-statistics matchers, the feedback
policies over several days, and the weapon, plate and call detectors. It was
written by the engine as it was before the speed work (commit 8eccaf6), and
every number must stay exactly equal: the counts, the expectations, the
per-group figures and the day-by-day history. An optimisation that changes a
random stream would change them, and has to say so by regenerating this file
on purpose (`ONE_IN_A_MILLION_REGEN_REFERENCES=1`, or `--regen-references`)
in a commit that explains why.

"Exactly" means: every count, name and flag is equal, and every real number is
equal to within ``REL`` of its size. The reals (a group's false-match rate at the
threshold, an expectation) go through numpy's exp, log and interp, and numpy
picks a SIMD version of those by CPU: an AVX-512 Xeon and an AVX2 EPYC round
the last bit or two differently (seen: 0.05205109028637157 and
0.052051090286371546). A changed random stream or formula moves a real by far
more than that and still fails.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from sim.cli import main

REFERENCE = Path(__file__).parent / "reference" / "engine_runs.json"

#: How far a real may move between CPUs: float64 has 2.2e-16 per ulp, and numpy's
#: SIMD exp and log are within 4 ulp of the true value, chained a few times here;
#: 1e-12 is thousands of ulps and still millions of times below any digit shown.
REL = 1e-12

#: name -> the arguments of `python -m sim run --json`
CASES: dict[str, str] = {
    "city-20k": "--scenario city --seed 3 --set people=20000 --set hours=12",
    "city-brute-4000": "--scenario city --seed 5 --set people=10000 --set hours=8"
    " --set watchlist_size=4000 --set cameras=200",
    "body-cams": "--scenario body-cams --seed 2 --set people=10000 --set hours=10",
    "cardiff-gates": "--scenario cardiff-2017 --seed 1 --set people=30000",
    "protest-drones": "--scenario protest --seed 4 --set people=10000 --set hours=16",
    "fusion-feedback": "--scenario fusion-centre --seed 1 --set people=5000 --set hours=30",
    "factory": "--scenario factory-floor --seed 2 --set hours=24",
    "mobile-app": "--scenario mobile-app --seed 1 --set people=20000 --set hours=24",
    "plates": "--scenario plate-readers --seed 1 --set people=10000 --set hours=10",
    "calls": "--scenario prison-calls --seed 1 --set hours=24",
    "guns": "--scenario school-guns --seed 1 --set people=5000 --set hours=12",
    "aclu-booking": "--scenario aclu-2018 --seed 1",
}


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    """What `python -m sim run --json ARGS` prints, without the version (it moves on)."""
    assert main(["run", "--json", *args]) == 0
    out = json.loads(capsys.readouterr().out)
    out.pop("version")
    return out


def differences(got: Any, want: Any, where: str = "") -> list[str]:
    """Where ``got`` and ``want`` differ: counts exactly, reals within ``REL``."""
    if isinstance(want, dict) and isinstance(got, dict):
        if sorted(got) != sorted(want):
            return [f"{where}: keys {sorted(set(got) ^ set(want))}"]
        return [d for k in want for d in differences(got[k], want[k], f"{where}.{k}")]
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return [f"{where}: {len(got)} items, not {len(want)}"]
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in differences(g, w, f"{where}[{i}]")
        ]
    if isinstance(want, float) and isinstance(got, float):
        return (
            []
            if math.isclose(got, want, rel_tol=REL, abs_tol=0.0)
            else [f"{where}: {got} != {want}"]
        )
    return [] if type(got) is type(want) and got == want else [f"{where}: {got!r} != {want!r}"]


def test_the_comparison_lets_a_last_bit_pass_and_nothing_more() -> None:
    want = {"n": 3, "fmr": 0.05205109028637157, "h": [{"x": 1.5}]}
    assert differences({"n": 3, "fmr": 0.052051090286371546, "h": [{"x": 1.5}]}, want) == []
    assert differences({"n": 4, "fmr": 0.05205109028637157, "h": [{"x": 1.5}]}, want)
    assert differences({"n": 3.0, "fmr": 0.05205109028637157, "h": [{"x": 1.5}]}, want)
    assert differences({"n": 3, "fmr": 0.0520511, "h": [{"x": 1.5}]}, want)
    assert differences({"n": 3, "fmr": 0.05205109028637157, "h": []}, want)


def test_reference_covers_every_case(regen_references: bool) -> None:
    if regen_references:
        pytest.skip("regenerating")
    assert sorted(json.loads(REFERENCE.read_text())) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_numbers_as_before(
    name: str, capsys: pytest.CaptureFixture[str], regen_references: bool
) -> None:
    got = run_json(CASES[name].split(), capsys)
    if regen_references:
        data = json.loads(REFERENCE.read_text()) if REFERENCE.exists() else {}
        data[name] = got
        REFERENCE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        pytest.skip("reference rewritten")
    want = json.loads(REFERENCE.read_text())[name]
    for part in ("totals", "expected", "rates", "groups", "history"):
        assert not differences(got[part], want[part], part), f"{name}: {part} changed"
    assert not differences(got, want), name
