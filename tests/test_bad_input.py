"""Hostile input from issue 15: one clear line and exit 2, never a traceback or a wrong answer.

The subprocess test runs the real `python -m sim` over a fixed list of the
invocations a fuzzing pass found broken (and their neighbours). The other
tests check, in-process, what exactly the fixes promise: output checked
before the run, the sweep's cost estimate and partial CSV, one spelling per
swept value, every scenario field against the schema, CRLF files accepted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from sim import cli
from sim.cli import main
from sim.errors import OutputPathError, UsageError, check_output_path, write_output
from sim.scenario import SCENARIO_DIR, SCHEMA, ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--set", "people=300", "--set", "hours=0.5"]
HEAD = 'title = "x"\ndescription = "y"\nsources = ["s"]\n'


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """`sim.cli.main(argv)` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def hostile_invocations(tmp: Path) -> list[list[str]]:
    """Every class of bad input issue 15 lists, each spelled the way a user would."""
    folder = tmp / "x.png"
    folder.mkdir()
    long_name = str(tmp / ("a" * 300 + ".png"))
    scenario = {
        "cases-int": "cases = 5\n",
        "published-text": 'published = "abc"\n',
        "outcome-int": "outcome = 5\n",
        "order-text": 'order = "abc"\n',
        "order-inf": "order = inf\n",
        "order-nan": "order = nan\n",
        "order-list": "order = [1]\n",
        "assumptions-int": "assumptions = 5\n",
        "summary-table": "summary = {a = 1}\n",
        "cases-table": "cases = {a = 1}\n",
        "assumptions-table": "assumptions = {a = 1}\n",
        "groups-1000": "".join(f"[groups.g{i}]\nshare = 0.001\n" for i in range(1000)),
        "deep": "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "not-utf8": None,
    }
    paths = []
    for name, body in scenario.items():
        p = tmp / f"{name}.toml"
        if body is None:
            p.write_bytes(HEAD.encode() + b'summary = "\xff\xfe"\n')
        else:
            p.write_text(HEAD + body, encoding="utf-8")
        paths.append(str(p))
    (tmp / "dir.toml").mkdir()
    fifo = tmp / "fifo.toml"
    os.mkfifo(fifo)
    many = ",".join(["80"] * 2000)
    return [
        ["run", "--seed", "-1"],
        ["run", "--seed", str(2**64)],
        ["sweep", "--seed", "-5", "--param", "threshold", "--values", "80"],
        ["report", "--seed", "-1", "--out", str(tmp / "r.png")],
        ["play", "--seed", "-1", "--frames", "1"],
        ["play", "--monkey", "-1", "--frames", "1"],
        ["play", "--frames", "0"],
        ["play", "--chapter", "0", "--frames", "1"],
        ["report", "--out", "/proc/report.png", *SMALL],
        ["report", "--out", str(folder), *SMALL],
        ["report", "--out", long_name, *SMALL],
        ["report", "--out", str(tmp / "r.jpg"), *SMALL],
        ["report", "--out", "", *SMALL],
        ["report", "--out", str(tmp / "r.png"), "--lang", "xx", *SMALL],
        ["play", "--frames", "1", "--screenshot", str(folder), *SMALL],
        ["play", "--frames", "1", "--screenshot", "/dev/full", *SMALL],
        ["play", "--frames", "1", "--screenshot", "/proc/shot.png", *SMALL],
        ["run", "--csv", "/dev/full", *SMALL],
        ["run", "--csv", str(folder), *SMALL],
        ["run", "--csv", "/proc/alerts.csv", *SMALL],
        ["run", "--csv", "", *SMALL],
        ["sweep", "--param", "threshold", "--values", "80", "--csv", "/dev/full", *SMALL],
        ["sweep", "--param", "threshold", "--values", "80", "--csv", str(folder), *SMALL],
        ["sweep", "--param", "threshold", "--values", many],
        ["sweep", "--param", "threshold", "--values", "80", "--repeats", "100000000000"],
        ["sweep", "--param", "threshold", "--values", "80", "--repeats", "0"],
        ["sweep", "--param", "threshold", "--values", ",,,"],
        ["--version", "extra"],
        ["run", "--set", "threshold=abc"],
        ["run", "--set", "people=1e400"],
        ["run", "--set", "groups.A.share=2"],
        ["run", "--scenario", str(tmp / "dir.toml")],
        ["run", "--scenario", str(fifo)],
        ["play", "--scenario", paths[0], "--frames", "1"],
        *(["run", "--scenario", p] for p in paths),
    ]


def test_hostile_invocations_give_one_line_and_exit_2(tmp_path: Path) -> None:
    """Issue 15's list, through the real entry point: 0 tracebacks, all exit 2, one line."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env.pop("ONE_IN_A_MILLION_DEBUG", None)
    env["XDG_STATE_HOME"] = env["XDG_CACHE_HOME"] = str(tmp_path / "state")  # any crash log

    def one(argv: list[str]) -> tuple[list[str], subprocess.CompletedProcess[str]]:
        proc = subprocess.run(
            [sys.executable, "-m", "sim", *argv],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )
        return argv, proc

    cases = hostile_invocations(tmp_path)
    assert len(cases) >= 40
    with ThreadPoolExecutor(max_workers=2) as pool:  # two shared cores
        results = list(pool.map(one, cases))
    bad = []
    for argv, proc in results:
        lines = proc.stderr.strip().splitlines()
        if proc.returncode != 2 or "Traceback" in proc.stderr or len(lines) != 1:
            bad.append((" ".join(a[:80] for a in argv)[:200], proc.returncode, proc.stderr[-300:]))
    assert not bad, bad
    assert not (tmp_path / "state").exists(), "no crash log for bad input"


# ------------------------------------------------------------------ seeds
@pytest.mark.parametrize("command", ["run", "sweep", "report", "play"])
def test_negative_seed_refused_the_same_way_everywhere(command: str) -> None:
    extra = {"sweep": ["--param", "threshold", "--values", "80"], "report": ["--out", "x.png"]}
    code, out, err = run_cli([command, "--seed", "-1", *extra.get(command, [])])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--seed" in err and "negative" in err


def test_largest_seed_runs_and_next_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--seed", str(cli.SEED_MAX), "--json", *SMALL]) == 0
    assert json.loads(capsys.readouterr().out)["seed"] == cli.SEED_MAX
    assert main(["run", "--seed", str(cli.SEED_MAX + 1), *SMALL]) == 2


def test_version_alone_prints_it_and_with_more_is_refused() -> None:
    code, out, _ = run_cli(["--version"])
    assert code == 0 and out.startswith("one-in-a-million ")
    code, out, err = run_cli(["--version", "extra"])
    assert code == 2 and out == "" and err.count("\n") == 1


# ------------------------------------------------------------------ output paths
def test_output_path_checks_name_the_path_and_reason(tmp_path: Path) -> None:
    (tmp_path / "d.csv").mkdir()
    (tmp_path / "file").write_text("")
    cases = {
        str(tmp_path / "d.csv"): "is a folder",
        str(tmp_path / ("b" * 256)): "longer than 255 bytes",
        str(tmp_path / "nope" / "x.csv"): "there is no folder",
        str(tmp_path / "file" / "x.csv"): "there is no folder",
        "a\0b": "NUL",
        " ": "empty",
    }
    for path, reason in cases.items():
        with pytest.raises(OutputPathError, match=reason):
            check_output_path(path, "--csv")
    assert issubclass(OutputPathError, UsageError)
    ok = tmp_path / "ok.csv"
    assert check_output_path(ok, "--csv") == ok
    assert not ok.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv", "file"]  # nothing written
    with pytest.raises(OutputPathError, match="could not be written"):
        write_output("/proc/x.csv", "--csv", lambda f: f.write("x"))  # seen only by the write
    with pytest.raises(OutputPathError, match="file"):
        check_output_path(tmp_path / "file" / "x.png", "--out", make_folders=True)
    deep = tmp_path / "new" / "sub" / "x.png"
    assert check_output_path(deep, "--out", ".png", make_folders=True) == deep
    write_output(deep, "--out", b"png", make_folders=True)
    assert deep.read_bytes() == b"png"


def test_a_full_disk_is_reported_not_ignored() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with pytest.raises(OutputPathError, match="No space left"):
        write_output("/dev/full", "--csv", lambda f: f.write("x" * 100_000))
    with pytest.raises(OutputPathError, match="No space left"):
        write_output("/dev/full", "--out", b"\x89PNG")


def test_bad_output_is_refused_before_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder must not cost the user the minutes the run takes."""

    def no_run(self: object) -> None:
        raise AssertionError("the model ran before the output path was checked")

    monkeypatch.setattr(cli.Model, "run", no_run)
    folder = tmp_path / "x.png"
    folder.mkdir()
    for argv in (
        ["run", "--csv", str(folder)],
        ["sweep", "--param", "threshold", "--values", "80", "--csv", str(folder)],
        ["report", "--out", str(folder)],
    ):
        code, _, err = run_cli([*argv, *SMALL])
        assert code == 2 and str(folder) in err and "folder" in err, argv


def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write in a read-only folder; /proc stands in for it above")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = run_cli(["run", "--csv", str(folder / "a.csv"), *SMALL])
        assert code == 2 and "cannot write in" in err
    finally:
        folder.chmod(0o755)


# ------------------------------------------------------------------ sweeps
def test_sweep_value_spelled_once(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    code, _, _ = run_cli(
        ["sweep", "--param", "threshold", "--values=-0,0.0,080", "--csv", str(out), *SMALL]
    )
    assert code == 0
    rows = list(csv.DictReader(line for line in out.open() if not line.startswith("#")))
    assert [r["threshold"] for r in rows] == ["0", "0", "80"]
    assert cli.canonical_value(-0.0) == "0" and cli.canonical_value(94.7) == "94.7"
    assert cli.canonical_value(True) == "true" and cli.canonical_value(2000) == "2000"


def test_sweep_cost_estimate_refuses_long_sweeps_unless_yes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # city: 100,000 people x 24 h is 2.4e6 person-hours, 2.4 s + 2,880 steps x 1e-4 s
    base = load_scenario("city").params
    assert cli.estimate_seconds([base], 1) == pytest.approx(2.4 + 0.288)
    too_many = str(int(cli.SWEEP_LIMIT_SECONDS / 2.688) + 1)
    code, out, err = run_cli(
        ["sweep", "--param", "threshold", "--values", "80", "--repeats", too_many]
    )
    assert code == 2 and out == "" and "--yes" in err and "minutes" in err
    ran = []
    monkeypatch.setattr(cli, "_sweep_row", lambda *a: ran.append(a) or list(cli.SWEEP_COLUMNS))
    code, _, _ = run_cli(
        ["sweep", "--param", "threshold", "--values", "80", "--repeats", too_many, "--yes"]
        + ["--jobs", "1"]  # in this process, where the stand-in run is
    )
    assert code == 0 and len(ran) == int(too_many)


def test_ctrl_c_during_a_sweep_leaves_a_valid_partial_csv(tmp_path: Path) -> None:
    """SIGINT mid-sweep: exit 130, one line, and a CSV holding every finished row."""
    out = tmp_path / "sweep.csv"
    values = ",".join(f"{70 + i * 0.1:.1f}" for i in range(200))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "sweep", "--param", "threshold", "--values", values]
        + ["--csv", str(out), "--set", "people=4000", "--set", "hours=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for two finished rows
        if out.exists() and sum(1 for _ in out.open()) >= 6:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "interrupted after" in err
    rows = list(csv.reader(line for line in out.open() if not line.startswith("#")))
    assert rows[0][0] == "threshold" and 2 <= len(rows) - 1 < 200
    assert all(len(r) == len(rows[0]) for r in rows)  # no half-written row


def test_ctrl_c_in_a_parallel_sweep_is_one_line_from_the_whole_terminal(tmp_path: Path) -> None:
    """Ctrl+C in a terminal reaches the workers too: still exit 130 and one line, no traceback."""
    out = tmp_path / "sweep.csv"
    values = ",".join(f"{70 + i * 0.1:.1f}" for i in range(60))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "sweep", "--param", "threshold", "--values", values]
        + ["--csv", str(out), "--set", "people=4000", "--set", "hours=1", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait for two finished rows
        if out.exists() and sum(1 for _ in out.open()) >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: every process of the job
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    rows = list(csv.reader(out.open()))
    assert rows[0][0] == "threshold" and 2 <= len(rows) - 1 < 60
    assert all(len(r) == len(rows[0]) for r in rows)


# ------------------------------------------------------------------ scenario files
METADATA_BAD = {
    "cases = 5": "'cases' must be a list",
    'published = "abc"': "'published' must be a table",
    "outcome = 5": "'outcome' must be a table",
    "outcome = {alerts = -1}": "numbers of 0 or more",
    'order = "abc"': "'order' must be a whole number",
    "order = inf": "'order' must be a whole number",
    "order = nan": "'order' must be a whole number",
    "order = [1]": "'order' must be a whole number",
    "order = true": "'order' must be a whole number",
    "order = 1979-05-27": "not a date or time",
    "order = 10001": "not 10001",
    "assumptions = 5": "'assumptions' must be a list",
    "summary = {a = 1}": "'summary' must be a non-empty text, not a table",
    "cases = {a = 1}": "'cases' must be a list",
    "assumptions = {a = 1}": "'assumptions' must be a list",
    "x = 1": "unknown key 'x'",
    "[groups.A]\nshare = 1\nnope = 2": "unknown key 'groups.A.nope'",
    '[groups."a.b"]\nshare = 1': "groups named with",
    '[groups."a"]\nshare = 1\n[groups."b"]\nshare = 1': "group shares must add up to 1",
    "groups = {A = 1}": "a table for each group",
    "".join(f"[groups.g{i}]\nshare = 0.001\n" for i in range(1000)): "at most 8 groups",
}


@pytest.mark.parametrize("extra", sorted(METADATA_BAD))
def test_every_scenario_field_is_checked(tmp_path: Path, extra: str) -> None:
    path = tmp_path / "meta.toml"
    path.write_text(HEAD + extra + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path))
    message = str(err.value)
    assert "meta.toml" in message and "\n" not in message
    assert METADATA_BAD[extra] in message


def test_schema_covers_every_key_of_every_shipped_scenario() -> None:
    import tomllib

    for path in SCENARIO_DIR.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(data) <= set(SCHEMA), path.name


def test_eight_groups_run(tmp_path: Path) -> None:
    groups = "".join(f"[groups.g{i}]\nshare = 0.125\nwanted_share = 0.125\n" for i in range(8))
    path = tmp_path / "eight.toml"
    path.write_text(HEAD + groups, encoding="utf-8")
    code, out, err = run_cli(["run", "--scenario", str(path), "--json", *SMALL])
    assert code == 0, err
    assert len(json.loads(out)["groups"]) == 8


def test_crlf_and_bom_scenario_files_are_accepted(tmp_path: Path) -> None:
    """Teachers edit on Windows: CRLF line ends (and Notepad's BOM) read as the same file."""
    text = (SCENARIO_DIR / "cardiff-2017.toml").read_text(encoding="utf-8")
    crlf = tmp_path / "cardiff-2017.toml"
    crlf.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    a, b = load_scenario("cardiff-2017"), load_scenario(str(crlf))
    assert b.params.as_dict() == a.params.as_dict()
    assert (b.title, b.description, b.assumptions) == (a.title, a.description, a.assumptions)
    code, out, err = run_cli(
        ["run", "--scenario", str(crlf), "--json", *SMALL, "--set", "wanted=9"]
    )
    assert code == 0, err
    assert json.loads(out)["scenario"] == "cardiff-2017"


def test_scenario_that_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario(str(fifo))  # would block forever if it were opened


# ------------------------------------------------------------------ play's exit codes
def test_play_reports_only_input_errors_as_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real bug (here a ValueError deep in the build) is a crash with a log, exit 1."""
    from sim.game import app

    monkeypatch.delenv("ONE_IN_A_MILLION_DEBUG", raising=False)
    logs: list[str] = []
    monkeypatch.setattr(app, "_write_crash_log", lambda: logs.append("x") or "crash.log")

    def bug(*_: object, **__: object) -> None:
        raise ValueError("math domain error")

    monkeypatch.setattr(app, "build_app", bug)
    code, _, err = run_cli(["play", "--frames", "1", *SMALL])
    assert code == 1 and "internal error" in err and logs == ["x"]
    from sim.scenario import ScenarioError as SE

    def bad_input(*_: object, **__: object) -> None:
        raise SE("scenario file x.toml: 'order' must be a whole number")

    monkeypatch.setattr(app, "build_app", bad_input)
    code, _, err = run_cli(["play", "--frames", "1", *SMALL])
    assert code == 2 and err.count("\n") == 1 and "x.toml" in err and logs == ["x"]


def test_a_long_single_run_says_so_before_it_starts(monkeypatch, capsys) -> None:
    """The 188 s run of the fuzzing pass (100,000 officers' phone searches) is estimated."""
    from sim import cli
    from sim.model.params import Params

    heavy = Params()
    for key, value in (("people", 60), ("hours", 0.25), ("officers", 100_000),
                       ("phone_searches_per_officer_hour", 20)):  # fmt: skip
        heavy.set(key, value)
    assert cli.estimate_seconds([heavy], 1) > cli.RUN_WARN_SECONDS
    monkeypatch.setattr(cli, "RUN_WARN_SECONDS", 0)  # a small run, told as a long one
    assert cli.main(["run", "--set", "people=200", "--set", "hours=1", "--json"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("note: this run may take about") and err.count("\n") == 1
