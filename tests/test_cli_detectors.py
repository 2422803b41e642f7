"""`run`, `sweep` and `report` work for every detector, with the same JSON schema."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pygame
import pytest

from sim.cli import main
from tests.test_cli import TOTALS

SCENARIO = {
    "faces": "city",
    "weapons": "school-guns",
    "plates": "plate-readers",
    "calls": "prison-calls",
}
SMALL = ["--set", "people=3000", "--set", "hours=12", "--set", "start_hour=6"]
NEUTRAL = {"scans", "scan_unit", "alerts", "true_alerts", "false_alerts", "stops"}


@pytest.mark.parametrize("detector", sorted(SCENARIO))
def test_run_json_same_schema_for_every_detector(
    detector: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "--scenario", SCENARIO[detector], "--seed", "2", "--json", *SMALL]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["detector"] == detector == data["params"]["detector"]
    assert set(data["totals"]) >= TOTALS | NEUTRAL
    assert {"precision", "false_alerts_per_scan", "p_false_alert_per_capture"} <= set(data["rates"])
    assert {"false_alerts", "true_alerts", "precision", "alerts"} <= set(data["expected"])
    for g in data["groups"].values():
        assert {"people", "scans", "faces_scanned", "false_alerts", "wrongful_stops"} <= set(g)
    t = data["totals"]
    assert t["faces_scanned"] == (t["scans"] if detector == "faces" else 0)
    # the same detector chosen with --set on the city gives the same schema
    assert (
        main(["run", "--scenario", "city", "--json", "--set", f"detector={detector}", *SMALL]) == 0
    )
    other = json.loads(capsys.readouterr().out)
    assert set(other["totals"]) == set(t) and other["detector"] == detector


def test_run_table_names_what_was_scanned(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--scenario", "prison-calls", *SMALL]) == 0
    out = capsys.readouterr().out
    assert "Calls transcribed and searched" in out and "Faces scanned" not in out
    assert "detector calls" in out and "people who lost their calls" in out


def test_sweep_works_for_a_detector(tmp_path: Path) -> None:
    path = tmp_path / "sweep.csv"
    argv = ["sweep", "--scenario", "school-guns", "--param", "weapons.fp_rate"]
    argv += ["--values", "1e-6,1e-4", "--csv", str(path), *SMALL]
    assert main(argv) == 0
    rows = list(csv.DictReader(line for line in path.read_text().splitlines() if line[0] != "#"))
    assert [float(r["weapons.fp_rate"]) for r in rows] == [1e-6, 1e-4]
    assert int(rows[1]["alerts"]) > int(rows[0]["alerts"]) and int(rows[0]["scans"]) > 0


def test_report_renders_for_a_detector(tmp_path: Path) -> None:
    out = tmp_path / "calls.png"
    assert main(["report", "--scenario", "prison-calls", "--out", str(out), *SMALL]) == 0
    assert pygame.image.load(str(out)).get_size()[0] > 0
