"""Every scenario loads and runs; broken scenario files give one clear error; real cases land."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.model import Model
from sim.scenario import ScenarioError, apply_overrides, list_scenarios, load_scenario

NAMES = [
    "city",
    "aclu-2018",
    "cardiff-2017",
    "mobile-app",
    "body-cams",
    "fusion-centre",
    "factory-floor",
    "protest",
]


def test_all_required_scenarios_exist_with_sources() -> None:
    found = {s.name: s for s in list_scenarios()}
    for name in NAMES:
        s = found[name]
        assert s.title and s.description and s.sources
    assert list_scenarios()[0].name == "city"


@pytest.mark.parametrize("name", NAMES)
def test_scenario_runs(name: str) -> None:
    scn = load_scenario(name)
    # a short run of a smaller crowd keeps the suite fast; the full runs are in bench/
    p = apply_overrides(scn.params, ["hours=12"])
    if p.people > 20_000:
        p.set("people", 20_000)
        p.set("wanted", min(p.wanted, 50))
    m = Model(p, seed=1)
    m.run()
    t = m.summary(name)["totals"]
    assert t["faces_scanned"] >= t["alerts"] >= 0


def test_aclu_calibration_lands_near_28() -> None:
    """Expected false matches about 28 of 535; the run within binomial bounds of it."""
    scn = load_scenario("aclu-2018")
    m = Model(scn.params, seed=1)
    m.run()
    r = m.summary("aclu-2018")
    assert r["expected"]["false_alerts"] == pytest.approx(28, abs=1.0)
    p = r["expected"]["false_alerts"] / 535
    sd = math.sqrt(535 * p * (1 - p))  # binomial: one search per member
    assert abs(r["totals"]["false_alerts"] - r["expected"]["false_alerts"]) <= 4.5 * sd
    # with Congress's 80/20 make-up, group B's share of false matches is about 39%
    per_face = {
        name: g["expected_false_alerts"] / g["faces_scanned"] for name, g in r["groups"].items()
    }
    share_b = 0.2 * per_face["B"] / (0.8 * per_face["A"] + 0.2 * per_face["B"])
    assert share_b == pytest.approx(0.39, abs=0.01)


def test_cardiff_lands_near_published_outcome() -> None:
    scn = load_scenario("cardiff-2017")
    m = Model(scn.params, seed=1)
    m.run()
    r = m.summary("cardiff-2017")
    e = r["expected"]
    alerts = e["false_alerts"] + e["true_alerts"]
    assert alerts == pytest.approx(2_470, rel=0.1)
    assert e["false_alerts"] / alerts == pytest.approx(0.92, abs=0.02)
    t = r["totals"]
    assert t["alerts"] == pytest.approx(2_470, rel=0.15)


BROKEN = {
    "not toml": "title = \n",
    "unknown key": 'title = "x"\ndescription = "y"\nsources = ["s"]\ncolour = 3\n',
    "no title": 'description = "y"\nsources = ["s"]\n',
    "out of range": 'title = "x"\ndescription = "y"\nsources = ["s"]\n[params]\nthreshold = 300\n',
    "unknown param": 'title = "x"\ndescription = "y"\nsources = ["s"]\n[params]\nthreshhold = 80\n',
    "bad type": 'title = "x"\ndescription = "y"\nsources = ["s"]\n[params]\npeople = "many"\n',
    "bad group": 'title = "x"\ndescription = "y"\nsources = ["s"]\n[groups.A]\nshare = 0.5\n',
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_scenario_file_gives_one_clear_error(tmp_path: Path, case: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN[case], encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path))
    message = str(err.value)
    assert "broken.toml" in message
    assert "\n" not in message


def test_unknown_scenario_names_the_choices() -> None:
    with pytest.raises(ScenarioError, match="city"):
        load_scenario("atlantis")


def test_bundled_real_world_data_matches_the_shared_copy() -> None:
    """The game ships a copy of the published figures; it must not drift from the source."""
    from sim.paths import REAL_WORLD

    shared = Path(__file__).resolve().parents[2] / "shared" / "data" / "real_world.toml"
    if not shared.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert REAL_WORLD.read_bytes() == shared.read_bytes()


def test_every_case_a_scenario_cites_exists() -> None:
    import tomllib

    from sim.paths import REAL_WORLD

    data = tomllib.loads(REAL_WORLD.read_text(encoding="utf-8"))
    for s in list_scenarios():
        for case in s.cases:
            assert case in data, (s.name, case)
