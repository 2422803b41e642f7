"""The supervisor restarts a crashing game, stops on staff exit, and caps its log."""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

import pytest

from sim.kiosk import exit_codes
from sim.kiosk.supervisor import (
    Backoff,
    close_log,
    default_child_argv,
    one_line,
    open_log,
    open_log_with_choice,
    run_supervised,
)

# A stand-in for the game: run number n exits with codes[n]; "crash" raises.
CHILD = """
import os, pathlib, signal, sys, time
counter = pathlib.Path(sys.argv[1])
codes = sys.argv[2].split(",")
n = int(counter.read_text()) if counter.exists() else 0
counter.write_text(str(n + 1))
code = codes[min(n, len(codes) - 1)]
if code == "crash":
    raise RuntimeError(f"boom number {n}")
if code == "term-parent":
    os.kill(os.getppid(), signal.SIGTERM)
    time.sleep(60)
sys.exit(int(code))
"""

LINE_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|WARNING|ERROR) ")


class FakeTime:
    """A clock that only moves when the supervisor sleeps: no real waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _run(tmp_path: Path, codes: str, **kwargs: object) -> tuple[int, int, str, FakeTime]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    counter = tmp_path / "runs.txt"
    log = tmp_path / "logs" / "kiosk.log"
    fake = FakeTime()
    options: dict[str, object] = {
        "clock": fake.clock,
        "sleep": fake.sleep,
        "handle_signals": False,
        "echo_stderr": False,
    }
    options.update(kwargs)
    code = run_supervised(
        [sys.executable, str(script), str(counter), codes],
        log,
        **options,  # type: ignore[arg-type]
    )
    runs = int(counter.read_text()) if counter.exists() else 0
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return code, runs, text, fake


def test_restarts_a_crashing_child_until_staff_exit(tmp_path: Path) -> None:
    code, runs, log, fake = _run(tmp_path, "crash,crash,crash,0")
    assert code == exit_codes.STAFF_EXIT
    assert runs == 4
    assert log.count("game crashed") == 3
    assert log.count("game started") == 4
    assert "RuntimeError: boom number 2" in log  # the end of the traceback is kept
    assert "staff exit" in log
    assert sum(fake.slept) == pytest.approx(1 + 2 + 4)  # doubling backoff
    assert all(LINE_RE.match(line) for line in log.splitlines())  # one line per event


def test_backoff_is_capped(tmp_path: Path) -> None:
    backoff = Backoff(first_seconds=1, max_seconds=3, factor=2)
    _, runs, log, fake = _run(tmp_path, "1,1,1,1,1,0", backoff=backoff)
    assert runs == 6
    assert re.findall(r"restarting in (\d+) s", log) == ["1", "2", "3", "3", "3"]


def test_usage_error_is_not_restarted(tmp_path: Path) -> None:
    code, runs, log, _ = _run(tmp_path, "2,0")
    assert code == exit_codes.USAGE_ERROR and runs == 1
    assert "not restarting" in log


def test_restart_request_is_immediate_and_not_a_crash(tmp_path: Path) -> None:
    code, runs, log, fake = _run(tmp_path, f"{exit_codes.RESTART_REQUESTED},0")
    assert code == 0 and runs == 2
    assert fake.slept == [] and "crashed" not in log


def test_too_many_crashes_wait_for_the_hour(tmp_path: Path) -> None:
    code, runs, log, fake = _run(
        tmp_path, "crash,crash,crash,0", max_restarts_per_hour=2, backoff=Backoff(first_seconds=1)
    )
    assert code == 0 and runs == 4
    assert "3 crashes in the last hour (limit 2)" in log
    assert sum(fake.slept) >= 3600 - 10


def test_child_that_cannot_start_is_logged_and_retried(tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    calls: list[float] = []

    class Enough(Exception):
        pass

    def sleep(seconds: float) -> None:
        calls.append(seconds)
        if len(calls) > 3:
            raise Enough

    with pytest.raises(Enough):
        run_supervised([str(tmp_path / "no-such-program")], log, sleep=sleep, handle_signals=False)
    text = log.read_text(encoding="utf-8")
    assert "could not start the game" in text and "game crashed (exit None)" in text


def test_sigterm_stops_the_child_and_the_supervisor(tmp_path: Path) -> None:
    previous = signal.getsignal(signal.SIGTERM)
    code, runs, log, _ = _run(tmp_path, "term-parent", handle_signals=True)
    assert code == 0 and runs == 1
    assert "stop requested" in log
    assert signal.getsignal(signal.SIGTERM) == previous  # handlers restored


def test_log_never_grows_without_bound(tmp_path: Path) -> None:
    max_bytes, backups = 400, 2
    code, runs, _, _ = _run(
        tmp_path,
        ",".join(["crash"] * 15 + ["0"]),
        max_bytes=max_bytes,
        backup_count=backups,
        max_restarts_per_hour=100,
    )
    assert code == 0 and runs == 16
    files = sorted((tmp_path / "logs").iterdir())
    assert 1 < len(files) <= backups + 1
    assert all(f.stat().st_size <= max_bytes + 2100 for f in files)  # + one capped line


def test_open_log_rotates_under_heavy_use(tmp_path: Path) -> None:
    log_path = tmp_path / "deep" / "dir" / "kiosk.log"
    logger = open_log(log_path, max_bytes=1000, backup_count=3)
    for i in range(5000):
        logger.info("event %d %s", i, "x" * 50)
    close_log(logger)
    files = list(log_path.parent.iterdir())
    assert len(files) == 4
    assert sum(f.stat().st_size for f in files) <= 4 * 1000


def test_unwritable_log_falls_back_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    logger = open_log(blocker / "kiosk.log")
    logger.info("still works")
    close_log(logger)
    assert "still works" in capsys.readouterr().err


def test_one_line_flattens_and_caps() -> None:
    assert one_line("a\n\n  b  \nc") == "a | b | c"
    assert len(one_line("x" * 5000, limit=100)) == 100


def test_default_child_command() -> None:
    argv = default_child_argv(["--lang", "es"])
    assert argv[0] == sys.executable
    assert argv[1:] == ["-m", "sim", "play", "--kiosk", "--no-supervisor", "--lang", "es"]


def test_no_stderr_at_all_is_survivable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pythonw.exe on Windows runs with sys.stderr = None."""
    monkeypatch.setattr(sys, "stderr", None)
    (tmp_path / "blocker").write_text("a file where a folder should be")
    logger = open_log(tmp_path / "blocker" / "kiosk.log")
    logger.info("nowhere to go, and that is fine")
    close_log(logger)
    code, runs, _, _ = _run(tmp_path, "crash,0", echo_stderr=True)
    assert code == 0 and runs == 2


@pytest.mark.parametrize("bad", ["/dev/full", "/proc/nope/kiosk.log", "a\x00b", "relative.log"])
def test_unusable_log_falls_back_to_the_standard_one(tmp_path: Path, bad: str) -> None:
    fallback = tmp_path / "std" / "kiosk.log"
    logger, choice = open_log_with_choice(Path(bad), fallback=fallback)
    logger.info("still works")
    close_log(logger)
    assert choice.path == fallback and "still works" in fallback.read_text(encoding="utf-8")
    assert len(choice.problems) == 2 and choice.problems[1].startswith("The log is written to")
    assert all("\n" not in p and "\x00" not in p for p in choice.problems)


def test_supervisor_error_around_the_child_is_logged_and_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error of our own (here: in Popen) is one line and a backoff, not the end."""
    from sim.kiosk import supervisor

    real = supervisor.subprocess.Popen
    calls: list[int] = []

    def flaky(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise OverflowError("int too large to convert to float")
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(supervisor.subprocess, "Popen", flaky)
    code, runs, log, fake = _run(tmp_path, "0")
    assert code == 0 and runs == 1 and len(calls) == 2
    assert "supervisor error around the game: OverflowError" in log
    assert sum(fake.slept) == pytest.approx(1.0)  # the first backoff step
