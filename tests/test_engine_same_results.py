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
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main

REFERENCE = Path(__file__).parent / "reference" / "engine_runs.json"

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
        assert got[part] == want[part], f"{name}: {part} changed"
    assert got == want
