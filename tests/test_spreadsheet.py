"""CSV files open in a spreadsheet as they are; their side file says how to rerun them.

A teacher opens the CSV in Excel or LibreOffice: the column names must be on
row 1 and every row below must be data, with times a person can read
("13:30", day 1 as on screen). What the table cannot hold goes into
`<name>.meta.txt`, which is also a setup file: rerunning it gives the same
numbers. Sweeps add one clearly labelled average row per value.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.setup_code import decode, read_setup_file
from sim.spreadsheet import ALERT_COLUMNS, PERSON_COLUMNS, day_and_clock, meta_path
from sim.sweep_table import mean_label

SMALL = ["--set", "people=3000", "--set", "hours=30", "--set", "start_hour=6"]


def _json(argv: list[str]) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return json.loads(out.getvalue())


def _table(path: Path) -> list[list[str]]:
    """The file as a spreadsheet reads it: every line a row, the first one included."""
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize(
    ("t", "day", "clock"),
    [(0, 1, "00:00"), (59.9, 1, "00:00"), (13.5 * 3600, 1, "13:30"), (86399, 1, "23:59")]
    + [(86400, 2, "00:00"), (86400 * 4 + 7 * 3600 + 61, 5, "07:01")],
)
def test_times_read_as_the_games_clock(t: float, day: int, clock: str) -> None:
    assert day_and_clock(t) == (day, clock)


def test_the_alert_table_has_its_header_on_row_1_and_readable_times(tmp_path: Path) -> None:
    path = tmp_path / "alerts.csv"
    args = ["run", "--scenario", "city", "--seed", "3", "--set", "threshold=80", *SMALL]
    result = _json([*args, "--json", "--csv", str(path)])
    rows = _table(path)
    assert tuple(rows[0]) == ALERT_COLUMNS
    body = rows[1:]
    assert len(body) == result["totals"]["alerts"] > 100  # every alert, nothing else
    col = {name: i for i, name in enumerate(ALERT_COLUMNS)}
    days = set()
    for row in body:
        assert len(row) == len(ALERT_COLUMNS)
        t = float(row[col["time_s"]])
        hh, mm = (int(x) for x in row[col["time_hm"]].split(":"))
        assert int(row[col["day"]]) == int(t // 86400) + 1
        assert hh * 3600 + mm * 60 <= t % 86400 < hh * 3600 + mm * 60 + 60
        days.add(int(row[col["day"]]))
        float(row[col["similarity"]]), float(row[col["held_hours"]])  # numbers, as a sheet sees
    assert days == {1, 2}  # 06:00 on day 1 + 30 hours ends at noon on day 2
    assert min(float(r[col["time_s"]]) for r in body) >= 6 * 3600


def test_the_side_file_records_the_run_and_reruns_it(tmp_path: Path) -> None:
    path = tmp_path / "alerts.csv"
    args = ["run", "--scenario", "city", "--seed", "3", "--set", "threshold=80", *SMALL]
    first = _json([*args, "--json", "--csv", str(path)])
    meta = meta_path(path)
    assert meta == tmp_path / "alerts.meta.txt"
    text = meta.read_text(encoding="utf-8")
    assert "# version: 0." in text and "# scenario: city" in text and "# seed: 3" in text
    code = first["setup_code"]
    assert code and f"# setup code: {code} " in text and decode(code).seed == 3
    for key, value in first["params"].items():
        assert f"#   {key} = {value}" in text
    setup = read_setup_file(meta)  # the side file is a setup file ...
    assert setup.params().as_dict() == first["params"]
    again = _json(["run", "--setup-file", str(meta), "--json"])  # ... that reruns the run
    assert again["totals"] == first["totals"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alerts.csv", "alerts.meta.txt"]


def test_the_person_table_has_one_row_per_person(tmp_path: Path) -> None:
    path = tmp_path / "people"  # no .csv: the side file is still people.meta.txt
    result = _json(["run", "--seed", "2", *SMALL, "--json", "--csv", str(path), "--per-person"])
    rows = _table(path)
    assert tuple(rows[0]) == PERSON_COLUMNS and len(rows) - 1 == result["totals"]["people"]
    flags = sum(int(r[3]) for r in rows[1:])
    assert flags == result["totals"]["alerts"]  # every alert is about someone
    assert "# rows in the table: 3,000" in (tmp_path / "people.meta.txt").read_text()


def test_a_sweep_has_one_average_row_per_value_in_table_csv_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sweep.csv"
    args = ["sweep", "--scenario", "city", "--param", "threshold", "--values", "80,95"]
    args += ["--repeats", "3", *SMALL[:2], "--set", "hours=6"]
    assert main([*args, "--csv", str(path)]) == 0
    table = capsys.readouterr().out
    rows = _table(path)
    header = rows[0]
    assert header[:2] == ["threshold", "seed"]
    runs, means = rows[1:7], rows[7:]
    assert [r[1] for r in runs] == ["1", "2", "3"] * 2
    assert [(r[0], r[1]) for r in means] == [("80", mean_label(3)), ("95", mean_label(3))]
    for mean in means:
        mine = [r for r in runs if r[0] == mean[0]]
        for i, name in enumerate(header[2:], start=2):
            values = [float(r[i]) for r in mine if r[i] != ""]
            if values:  # the arithmetic mean of that value's three runs
                assert float(mean[i]) == pytest.approx(sum(values) / 3, abs=0.005), name
            else:
                assert mean[i] == "", name
    assert table.count(mean_label(3)) == 2
    data = _json([*args, "--json"])
    assert [str(r["seed"]) for r in data["runs"]] == [r[1] for r in runs]
    assert [r["alerts"] for r in data["runs"]] == [int(r[header.index("alerts")]) for r in runs]
    assert [m["runs"] for m in data["means"]] == [3, 3] and "seed" not in data["means"][0]
    assert [m["alerts"] for m in data["means"]] == [float(m[3]) for m in means]
    meta = (tmp_path / "sweep.meta.txt").read_text()
    assert "--param threshold --values 80,95 --repeats 3" in meta and "# seeds: 1 to 3" in meta
    assert read_setup_file(tmp_path / "sweep.meta.txt").params().hours == 6


def test_a_sweep_of_one_repeat_has_no_average_rows(tmp_path: Path) -> None:
    path = tmp_path / "sweep.csv"
    args = ["sweep", "--scenario", "aclu-2018", "--param", "threshold", "--values", "80,99"]
    assert main([*args, "--csv", str(path)]) == 0
    assert [r[1] for r in _table(path)[1:]] == ["1", "1"]
    data = _json([*args, "--json"])
    assert [m["alerts"] for m in data["means"]] == [r["alerts"] for r in data["runs"]]


def test_a_table_sent_to_a_pipe_has_no_side_file(tmp_path: Path) -> None:
    """`--csv /dev/stdout` (piping into another program): the table alone, nothing beside it."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "sim", "run", "--scenario", "aclu-2018", "--csv", "/dev/stdout"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == ",".join(ALERT_COLUMNS)
    assert meta_path("/dev/null") is None and list(tmp_path.iterdir()) == []  # a device
