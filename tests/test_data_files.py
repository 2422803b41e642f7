"""The published figures the game ships are the project's shared copies, each with its sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.datafile import read_toml
from sim.paths import DETECTORS, REAL_WORLD

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.parametrize("path", [REAL_WORLD, DETECTORS], ids=lambda p: p.name)
def test_shipped_copy_equals_the_shared_file(path: Path) -> None:
    shared = SHARED / path.name
    if not shared.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert path.read_bytes() == shared.read_bytes()


def test_every_detector_case_says_what_it_is_and_where_it_comes_from() -> None:
    data = read_toml(DETECTORS, "detector figures")
    assert {"weapon_detection_kenwood_2025", "alpr_green_2009", "verus_prison_calls"} <= set(data)
    for name, case in data.items():
        assert isinstance(case.get("what"), str) and case["what"].strip(), name
        sources = case.get("sources")
        assert isinstance(sources, list) and sources and all(isinstance(s, str) for s in sources)
    verus = data["verus_prison_calls"]
    # the derived share is what its comment says, written to 3 significant figures
    share = verus["calls_with_actionable_evidence"] / verus["calls_monitored_since_march_2020"]
    assert abs(verus["actionable_share"] - share) <= 0.5e-6
