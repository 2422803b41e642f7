"""The command-line contract, as the README tells it: scenarios, params, run, sweep, bad input."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from sim.model.params import SPECS

ROOT = Path(__file__).resolve().parents[1]
TOTALS = {
    "people",
    "faces_scanned",
    "alerts",
    "true_alerts",
    "false_alerts",
    "confirmed",
    "stops",
    "wrongful_stops",
    "wanted_present",
    "wanted_found",
    "innocent_people_flagged",
    "innocent_people_stopped",
    "innocent_detention_hours",
}
FAST = ["--set", "people=3000", "--set", "hours=12"]


def test_run_json_has_every_schema_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--scenario", "city", "--seed", "3", "--json", *FAST]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {
        "version",
        "scenario",
        "seed",
        "params",
        "totals",
        "rates",
        "expected",
        "groups",
    } <= set(data)
    assert set(data["totals"]) >= TOTALS
    assert {"precision", "false_alerts_per_face", "p_false_alert_per_capture"} <= set(data["rates"])
    assert {"false_alerts", "true_alerts", "precision"} <= set(data["expected"])
    for g in data["groups"].values():
        assert {"people", "faces_scanned", "false_alerts", "wrongful_stops"} <= set(g)
        assert "wrongful_stops_per_10k" in g
    assert data["seed"] == 3 and data["scenario"] == "city"
    assert data["params"]["people"] == 3000


def test_run_table_counts_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", *FAST]) == 0
    out = capsys.readouterr().out
    assert "Faces scanned" in out and "innocent people" in out and "expected" in out


def test_run_csv_records_how_to_reproduce(tmp_path: Path) -> None:
    path = tmp_path / "alerts.csv"
    assert main(["run", "--seed", "5", "--csv", str(path), *FAST]) == 0
    lines = path.read_text().splitlines()
    rows = list(csv.DictReader(lines))  # the header is row 1: nothing above it
    assert rows and {"person", "group", "similarity", "review", "outcome"} <= set(rows[0])
    meta = (tmp_path / "alerts.meta.txt").read_text()
    assert "# version: " in meta and "# scenario: city" in meta and "# seed: 5" in meta
    for key in SPECS:
        assert f"#   {key} = " in meta


def test_sweep_writes_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sweep.csv"
    code = main(
        [
            "sweep",
            "--param",
            "threshold",
            "--values",
            "70,90",
            "--repeats",
            "2",
            "--csv",
            str(path),
            *FAST,
        ]
    )
    assert code == 0
    lines = path.read_text().splitlines()
    assert lines[0].startswith("threshold,seed,")  # the header on row 1
    rows = [r for r in csv.DictReader(lines) if not r["seed"].startswith("mean")]
    assert len(rows) == 4
    low = [int(r["alerts"]) for r in rows if r["threshold"] == "70"]
    high = [int(r["alerts"]) for r in rows if r["threshold"] == "90"]
    assert min(low) > max(high)


def test_scenarios_and_params_list_everything(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "cardiff-2017" in out and "aclu-2018" in out
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    for key in SPECS:
        assert key in out
    assert "groups.NAME.fmr_multiplier" in out


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["run", "--scenario", "atlantis"], "unknown scenario"),
        (["run", "--set", "threshold=200"], "threshold"),
        (["run", "--set", "thresold=80"], "did you mean 'threshold'"),
        (["run", "--set", "people"], "key=value"),
        (["run", "--set", "groups.Z.share=0.5"], "unknown group"),
        (["sweep", "--param", "nope", "--values", "1"], "unknown parameter"),
        (["run", "--seed", "abc"], "must be a whole number"),
        (["run", "--csv", "/nonexistent-dir/x.csv", *FAST], "nonexistent-dir"),
    ],
)
def test_bad_input_one_line_exit_2(argv: list[str], needle: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *argv], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert needle in proc.stderr


def test_same_seed_same_json_across_processes_other_seed_differs() -> None:
    """Reproducible for a teacher: a fresh process (other hash seed) prints the same JSON."""

    def run(seed: int, hash_seed: str) -> dict:
        proc = subprocess.run(
            [sys.executable, "-m", "sim", "run", "--json", "--seed", str(seed), *FAST],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    first, again, other = run(5, "1"), run(5, "2"), run(6, "1")
    assert first == again
    assert first["totals"] != other["totals"]
