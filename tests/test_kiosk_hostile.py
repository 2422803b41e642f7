"""A museum exhibit never fails to start and never shows a traceback, whatever the file says.

A generated corpus of broken kiosk settings files (huge numbers, wrong types,
deep nesting, NUL bytes, a FIFO, a device, a sparse 5 GB file, unwritable log
paths, unknown keys, invalid UTF-8) goes through the settings loader and the
supervisor's log opening in-process; a few go through the real program in a
subprocess. The kiosk run is also checked for privacy: it writes nothing
outside the user's settings and log folders.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from sim.kiosk import settings as ks
from sim.kiosk.settings import (
    CORNERS,
    LOG_STATUS_ENV,
    MAX_PROBLEMS,
    SETTINGS_ENV,
    KioskSettings,
    LogChoice,
    SettingsLoad,
    load_settings,
    number_ranges,
)
from sim.kiosk.supervisor import close_log, open_log_with_choice, run_supervised
from sim.text.i18n import Translator

ROOT = Path(__file__).resolve().parents[1]
LINE_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|WARNING|ERROR) ")
NUMBER_KEYS = list(number_ranges())

#: Values no numeric key may take, as TOML text.
BAD_NUMBERS = [
    "9" * 40,
    "1" + "0" * 400,
    "-1" + "0" * 400,
    "1" + "0" * 4200,  # just under Python's 4,300-digit str() limit
    "1" + "0" * 4400,  # over it: tomllib itself refuses to convert
    "0x" + "f" * 3000,  # a 12,000-bit integer
    "1e400",  # overflows to inf
    "-1e400",
    "inf",
    "-inf",
    "nan",
    "-1",
    "-0.0",
    "0",
    "1e-320",  # subnormal
    '"60"',
    '"9999999999999999999999999999999999999999"',
    "true",
    "[60]",
    "{ seconds = 60 }",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "[" * 40 + "]" * 40,
]


def _numbers_file(key: str, value: str) -> str:
    table, _, name = key.rpartition(".")
    return f"[{table}]\n{name} = {value}\n" if table else f"{key} = {value}\n"


def _corpus(tmp: Path) -> Iterator[tuple[str, Path]]:
    """(label, settings path) for every broken file; files are written into `tmp`."""
    n = 0

    def write(label: str, content: str | bytes) -> tuple[str, Path]:
        nonlocal n
        n += 1
        path = tmp / f"s{n}.toml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return label, path

    for key in NUMBER_KEYS:
        for value in BAD_NUMBERS:
            yield write(f"{key} = {value[:30]}", _numbers_file(key, value))
    for key in ("reduced_motion", "high_contrast", "sound", "hide_cursor", "staff_exit.key_chord"):
        for value in ('"yes"', "1", "0", "nan", "[true]", "{}"):
            yield write(f"{key} = {value}", _numbers_file(key, value))
    # nesting, as tables, arrays, inline tables, headers and dotted keys
    yield write("array 5000 deep", "idle_seconds = " + "[" * 5000 + "]" * 5000 + "\n")
    yield write("table 3000 deep", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")
    yield write("staff table 4000 deep", "[staff_exit]\npin = " + "[" * 4000 + "]" * 4000)
    yield write("header 5000 deep", "[" + "a." * 5000 + "b]\nc = 1\n")
    yield write("dotted keys 2000 deep", "staff_exit." + "a." * 2000 + "b = 1\n")
    yield write("array of tables 3000 deep", "[[" + "x." * 3000 + "y]]\n")
    yield write("unclosed brackets", "idle_seconds = " + "[" * 100_000)
    # NUL and control characters
    yield write("NUL in log_path", 'log_path = "/tmp/a\\u0000b.log"\n')
    yield write("NUL byte raw", b"idle_seconds = 60\x00\n")
    yield write("NUL in a key", '"idle\\u0000seconds" = 60\n')
    yield write("NUL in languages", 'languages = ["e\\u0000n"]\n')
    yield write("newlines in log_path", 'log_path = "/tmp/a\\nb\\r.log"\n')
    # encodings
    yield write("invalid UTF-8", b"idle_seconds = 60\n# \xff\xfe\xc3\x28\n")
    yield write("UTF-16", "idle_seconds = 60\n".encode("utf-16"))
    yield write(
        "BOM and CRLF", b"\xef\xbb\xbfidle_seconds = 61\r\n[staff_exit]\r\npin = '1357'\r\n"
    )
    yield write("binary junk", bytes(range(256)) * 64)
    # log paths that cannot be written
    (tmp / "a-file").write_text("not a folder")
    (tmp / "a-folder").mkdir(exist_ok=True)
    for log in (
        "/proc/nope/kiosk.log",
        "/dev/full",
        "/dev/null",
        "/dev/zero",
        str(tmp / "a-folder"),
        str(tmp / "a-file" / "kiosk.log"),
        "relative/kiosk.log",
        "~/k.log",
        "~no-such-user-xyz/k.log",
        "/" + "x" * 5000 + "/k.log",
        "/" + "/".join(["d"] * 3000) + "/k.log",
        "   ",
        "",
    ):
        yield write(f"log_path = {log[:40]}", f"log_path = {_toml_string(log)}\n")
    yield write("log_path a number", "log_path = 5\n")
    yield write("log_path a table", "log_path = {a = 1}\n")
    # unknown keys, many and long
    yield write("1000 unknown keys", "".join(f"key{i} = {i}\n" for i in range(1000)))
    yield write("a 100 KB key", f'"{"k" * 100_000}" = 1\n')
    yield write("a 100 KB value", f'log_path = "{"v" * 100_000}"\n')
    yield write("3000 languages", "languages = [" + ", ".join(['"xx"'] * 3000) + "]\n")
    yield write("languages path", 'languages = ["../../etc/passwd", "xx"]\n')
    yield write("staff_exit an array", "staff_exit = [1, 2]\n")
    yield write("staff_exit a string", 'staff_exit = "top-left"\n')
    yield write("pin huge", "[staff_exit]\npin = " + "9" * 500 + "\n")
    yield write("corner a table", "[staff_exit]\ncorner = {a = 1}\n")
    yield write("duplicate keys", "idle_seconds = 60\nidle_seconds = 70\n")
    yield write("everything at once", _everything_at_once())
    # paths that are not regular files, or too big to read
    yield "directory", tmp / "a-folder"
    yield "missing", tmp / "does-not-exist.toml"
    yield "under a file", tmp / "a-file" / "kiosk.toml"
    yield "NUL in the settings path", Path(str(tmp / "a") + "\x00b")
    yield "/dev/zero", Path("/dev/zero")
    yield "/dev/full", Path("/dev/full")
    fifo = tmp / "fifo.toml"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        yield "FIFO", fifo
    loop = tmp / "loop.toml"
    loop.symlink_to(loop)
    yield "symlink loop", loop
    sparse = tmp / "sparse.toml"
    with open(sparse, "wb") as fh:  # 5 GB on paper, nothing on disk: like /dev/zero
        fh.truncate(5 * 1024**3)
    yield "5 GB sparse file", sparse
    yield write("600 KB of comments", "# " + "x" * 600_000 + "\n")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _everything_at_once() -> str:
    lines = [f"{k} = {'9' * 50}" for k in NUMBER_KEYS if "." not in k]
    lines += ['log_path = "/dev/full"', "languages = 7", "sound = 1", "bogus = true"]
    lines += ["[staff_exit]"] + [f"{k.split('.')[1]} = nan" for k in NUMBER_KEYS if "." in k]
    return "\n".join(lines) + "\n"


def _check_settings(settings: KioskSettings) -> None:
    """Every value of `settings` is of its type and inside its declared range."""
    ranges = number_ranges()
    for key, (lo, hi) in ranges.items():
        owner = settings.staff_exit if key.startswith("staff_exit.") else settings
        value = getattr(owner, key.rpartition(".")[2])
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value) and lo <= value <= hi, (key, value)
    for f in fields(settings):
        if isinstance(f.default, bool):
            assert isinstance(getattr(settings, f.name), bool), f.name
    assert settings.languages and all(
        isinstance(c, str) and ks._LANGUAGE_RE.match(c) for c in settings.languages
    )
    assert settings.staff_exit.corner in CORNERS
    assert ks._PIN_RE.match(settings.staff_exit.pin)
    assert isinstance(settings.staff_exit.key_chord, bool)
    assert settings.log_path is None or (
        settings.log_path.is_absolute() and "\x00" not in str(settings.log_path)
    )


def _check_problems(problems: tuple[str, ...]) -> None:
    assert isinstance(problems, tuple) and len(problems) <= MAX_PROBLEMS + 4
    for p in problems:
        assert isinstance(p, str) and p.strip(), problems
        assert not set(p) & {"\n", "\r", "\x00"}, p
        assert len(p) <= 400, p[:100]
        assert "Traceback" not in p and "internal error" not in p, p


@pytest.fixture
def log_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The standard log file, and the home folder (`~/k.log`), inside the test's folder."""
    default = tmp_path / "state" / "log" / "kiosk.log"
    monkeypatch.setattr(ks, "default_log_path", lambda: default)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return default


def test_broken_settings_corpus_never_breaks_loader_or_log(tmp_path: Path, log_home: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tried = 0
    written: dict[Path, int] = {}
    for label, path in _corpus(corpus):
        load = load_settings(path, env={}, available_languages=["en", "es"])
        assert isinstance(load, SettingsLoad), label
        _check_settings(load.settings)
        _check_problems(load.problems)
        assert load.settings.languages[0] in ("en", "es"), label
        # the supervisor's side: it reads the same file and opens the log
        raw = load_settings(path, env={}, check_log=False)
        _check_problems(raw.problems)
        logger, choice = open_log_with_choice(raw.settings.log_path, fallback=log_home)
        logger.warning("settings: %s", label)
        close_log(logger)
        _check_problems(choice.problems)
        assert choice.path in (raw.settings.log_path, log_home), label
        assert choice.path is not None and str(choice.path).startswith(str(tmp_path)), label
        written[choice.path] = written.get(choice.path, 0) + 1
        tried += 1
    assert tried > 300
    for log, count in written.items():
        lines = log.read_text(encoding="utf-8").splitlines()
        assert len(lines) == count and all(LINE_RE.match(line) for line in lines), log
    assert written[log_home] > 290  # all but the few usable log_path values


def test_huge_and_out_of_range_numbers_fall_back_per_key(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f"idle_seconds = {'9' * 40}\ncountdown_seconds = 20\n"
        f"[staff_exit]\nlong_press_seconds = {'9' * 40}\ncorner_size = 200\n",
        encoding="utf-8",
    )
    load = load_settings(path, env={})
    s = load.settings
    assert s.idle_seconds == 60 and s.countdown_seconds == 20
    assert s.staff_exit.long_press_seconds == 5 and s.staff_exit.corner_size == 200
    assert len(load.problems) == 2
    assert "idle_seconds = a 40-digit number is out of range (10 to 3600 s)" in load.problems[0]
    assert "staff_exit.long_press_seconds" in load.problems[1]


def test_settings_file_that_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # opening it for reading would block the start for ever
    for path, words in ((fifo, "not a regular file"), (Path("/dev/zero"), "not a regular file")):
        load = load_settings(path, env={}, check_log=False)
        assert load.settings == KioskSettings()
        assert len(load.problems) == 1 and words in load.problems[0], load.problems


def test_unwritable_log_falls_back_and_says_so(tmp_path: Path, log_home: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('log_path = "/dev/full"\n', encoding="utf-8")
    load = load_settings(path, env={})
    assert load.log_file == log_home and load.settings.log_path is None
    assert load.problems == (
        "log_path /dev/full cannot be used: it is not a regular file.",
        f"The log is written to {log_home} instead.",
    )
    # nothing usable at all: no file log, and staff are told
    (tmp_path / "blocker").write_text("a file where the log folder should be")
    blocked = tmp_path / "blocker" / "log" / "kiosk.log"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ks, "default_log_path", lambda: blocked)
        none = load_settings(path, env={})
    assert none.log_file is None
    assert none.problems[-1] == "No log file can be written; the exhibit runs without one."
    assert any(f"{blocked} cannot be used: Not a directory." in p for p in none.problems)


def test_game_shows_the_supervisors_word_on_the_log(tmp_path: Path) -> None:
    """The supervisor really opened the log; the game reports that, not its own guess."""
    status = LogChoice(None, ("log_path /x cannot be used: Read-only file system.",))
    env = {LOG_STATUS_ENV: status.to_env(), SETTINGS_ENV: str(tmp_path / "none.toml")}
    load = load_settings(env=env)
    assert load.log_file is None and status.problems[0] in load.problems
    assert LogChoice.from_env(status.to_env()) == status
    for junk in ("", "{", "[1]", '{"path": 5, "problems": []}', '{"path": "a\\u0000"}'):
        assert LogChoice.from_env(junk) is None


def test_supervisor_tells_the_child_which_log_it_opened(tmp_path: Path, log_home: Path) -> None:
    seen = tmp_path / "seen.txt"
    status = f"os.environ[{LOG_STATUS_ENV!r}]"
    script = f"import os, pathlib; pathlib.Path({str(seen)!r}).write_text({status})"
    child = [sys.executable, "-c", script]
    code = run_supervised(
        child, Path("/dev/full"), fallback_log=log_home, handle_signals=False, echo_stderr=False
    )
    assert code == 0
    choice = LogChoice.from_env(seen.read_text())
    assert choice is not None and choice.path == log_home
    assert "log_path /dev/full cannot be used" in choice.problems[0]
    text = log_home.read_text(encoding="utf-8")
    assert "WARNING settings: log_path /dev/full cannot be used" in text


def test_child_flooding_stderr_without_newline_is_drained(tmp_path: Path) -> None:
    """20 MB with no line end: the supervisor keeps a bounded tail and the child ends."""
    child = [sys.executable, "-c", "import sys; sys.stderr.write('x' * 20_000_000); sys.exit(0)"]
    log = tmp_path / "kiosk.log"
    code = run_supervised(child, log, handle_signals=False, echo_stderr=False)
    assert code == 0 and "staff exit" in log.read_text(encoding="utf-8")


def test_unknown_language_codes_fall_back_to_english() -> None:
    for code in ("xx", "../../etc/passwd", "", "en\x00", "*"):
        assert Translator(code).lang == "en", code


def _env(home: Path, settings: Path) -> dict[str, str]:
    """A child environment whose home, config, state and temp folders are all in `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ONE_IN_A_MILLION"))}
    env.update(
        HOME=str(home),
        TMPDIR=str(home / "tmp"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONDONTWRITEBYTECODE="1",
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        **{SETTINGS_ENV: str(settings)},
    )
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir()}


HOSTILE = (
    f"idle_seconds = {'9' * 40}\n"
    "countdown_seconds = nan\n"
    "text_scale = 1e400\n"
    'log_path = "/tmp/one-in-a-million-test-\\u0000.log"\n'
    'languages = ["../../etc/passwd", "xx", 7]\n'
    "unknown = {a = {b = {c = 1}}}\n"
    "[staff_exit]\n"
    f"long_press_seconds = {'9' * 40}\n"
    'pin = "12"\n'
)


def _strace() -> str | None:
    """strace, if it is installed and allowed to trace here."""
    tool = shutil.which("strace")
    if tool is None:
        return None
    probe = subprocess.run([tool, "-f", "-o", os.devnull, "true"], capture_output=True, timeout=10)
    return tool if probe.returncode == 0 else None


_WRITES = re.compile(
    r"^\d+\s+(?:openat\(\w+, |open\(|creat\(|mkdir(?:at)?\((?:\w+, )?|rename(?:at2?)?\((?:\w+, )?"
    r'|unlink(?:at)?\((?:\w+, )?|truncate\()"([^"]*)"(.*)$'
)


def _written(trace: Path) -> set[str]:
    """Paths the traced processes created, wrote, moved or removed (successful calls only)."""
    out: set[str] = set()
    for line in trace.read_text(errors="replace").splitlines():
        m = _WRITES.match(line)
        if m is None or re.search(r"= -1 ", m.group(2)):
            continue
        call = line.split()[1]
        if call.startswith(("open", "creat")) and not re.search(
            r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|^creat", m.group(2) + call
        ):
            continue
        out.add(m.group(1))
    return out


def test_kiosk_game_with_hostile_settings_starts_and_writes_nothing_private(
    tmp_path: Path,
) -> None:
    """`play --kiosk --frames 30` with a hostile file: exit 0, no traceback, no stray file."""
    home = tmp_path / "home"
    settings = tmp_path / "config-elsewhere" / "kiosk.toml"
    settings.parent.mkdir()
    settings.write_text(HOSTILE, encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    command = [sys.executable, "-m", "sim", "play", "--kiosk", "--frames", "30"]
    command += ["--lang", "../../etc/passwd"]
    tool = _strace()
    trace = tmp_path / "trace.txt"
    if tool is not None:
        calls = "open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,truncate"
        command = [tool, "-f", "-qq", "-o", str(trace), "-e", f"trace={calls}", *command]
    proc = subprocess.run(
        command, cwd=cwd, env=_env(home, settings), capture_output=True, text=True, timeout=90
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert "unknown language code '../../etc/passwd'; keeping en" in proc.stderr
    # privacy: nothing in the home, temp and working folders but the kiosk's own
    allowed = ("config/one-in-a-million/", "state/one-in-a-million/log/")
    stray = {f for f in _files(home) if not f.startswith(allowed)}
    assert stray == set() and _files(cwd) == set() and _files(tmp_path / "home" / "tmp") == set()
    assert not Path("/tmp/one-in-a-million-test-").exists()
    if tool is not None:
        folders = [str(home / a) for a in allowed]
        outside = {p for p in _written(trace) if not p.startswith((*folders, "/dev/"))}
        assert outside == set(), outside


SUPERVISED = """
import sys
import sim.kiosk.supervisor as sup
sup.default_child_argv = lambda extra=(): [sys.executable, "-c", "import sys; sys.exit(0)"]
from sim.cli import main
sys.exit(main(["play", "--kiosk"]))
"""


def test_supervisor_path_with_hostile_settings_exits_cleanly(tmp_path: Path) -> None:
    """`play --kiosk` through the real supervisor, with a child that exits (staff exit)."""
    home = tmp_path / "home"
    settings = tmp_path / "kiosk.toml"
    settings.write_text(
        HOSTILE.replace("/tmp/one-in-a-million-test-\\u0000.log", "/proc/nope/kiosk.log")
        + "[[[[",  # and broken TOML after all that
        encoding="utf-8",
    )
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    for path in (settings, deep):
        proc = subprocess.run(
            [sys.executable, "-c", SUPERVISED],
            cwd=ROOT,
            env=_env(home, path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr, proc.stderr
    log = home / "state" / "one-in-a-million" / "log" / "kiosk.log"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert all(LINE_RE.match(line) for line in lines), lines
    assert sum("staff exit" in line for line in lines) == 2
    assert any("nested 5000 levels deep" in line for line in lines)
    assert any("is not valid TOML" in line for line in lines)


def test_supervisor_survives_its_own_errors() -> None:
    """A failure inside the supervisor is one line and a fresh start, not the end."""
    from sim.kiosk.supervisor import supervise_kiosk

    calls: list[int] = []

    def run(*args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) < 3:
            raise OverflowError("int too large to convert to float")
        return 0

    slept: list[float] = []
    assert supervise_kiosk(["game"], sleep=slept.append, run=run) == 0
    assert len(calls) == 3 and len(slept) == 2


def test_log_write_failure_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up after the log was opened: one line on stderr, not a traceback each."""
    logger, choice = open_log_with_choice(tmp_path / "kiosk.log")
    assert choice.path == tmp_path / "kiosk.log"
    handler = logger.handlers[0]
    assert isinstance(handler, logging.FileHandler)

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handler.stream, "write", full)
    for i in range(5):
        logger.info("event %d", i)
    close_log(logger)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be written" in err and "Traceback" not in err


def test_staff_screen_lists_log_and_number_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staff screen (and only it) says the log could not be used, and the value refused."""
    from tests.test_kiosk_support import kiosk_app, runtime, unlock_staff

    default = tmp_path / "std" / "kiosk.log"
    monkeypatch.setattr(ks, "default_log_path", lambda: default)
    monkeypatch.delenv(LOG_STATUS_ENV, raising=False)
    app = kiosk_app(tmp_path, monkeypatch, f'idle_seconds = {"9" * 40}\nlog_path = "/dev/full"\n')
    rt = runtime(app)
    assert rt.settings.idle_seconds == 60 and rt.load.log_file == default
    unlock_staff(app)
    screen = rt.staff_screen
    assert screen is not None
    lines = [text for text, _style in screen.lines()]
    assert any("idle_seconds = a 40-digit number is out of range" in line for line in lines)
    assert any("log_path /dev/full cannot be used: it is not a regular file." in x for x in lines)
    assert any(f"The log is written to {default} instead." in line for line in lines)
    assert any(str(default) in line and "Log" in line for line in lines)  # the log line
