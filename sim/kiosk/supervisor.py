"""Keep the exhibit running: restart the game after a crash, log it, never fill the disk.

`python -m sim play --kiosk` runs this small parent process, which runs the
real game as a child (`... play --kiosk --no-supervisor`). A museum has no
one to read a traceback, so the parent's whole job is: start the child, wait,
and decide from the exit code what to do (see `sim.kiosk.exit_codes`):

- STAFF_EXIT (0): staff left on purpose → stop, exit 0;
- USAGE_ERROR (2): the command line is wrong → stop, a restart cannot help;
- RESTART_REQUESTED (75): restart at once, not a crash;
- anything else: crash → log the end of the child's stderr, wait (doubling
  backoff, reset after a long healthy run), restart. More than
  `max_restarts_per_hour` crashes → wait until the hour has room again.
  It never gives up: a black screen helps nobody, a retry in a minute might.

The log is one line per event through a size-capped RotatingFileHandler, so
weeks of crashes cost at most (backup_count + 1) x max_bytes of disk. A log
that cannot be written never stops the exhibit: the configured file, then the
standard one, then no file at all (stderr); the game is told which, through
LOG_STATUS_ENV, so the staff screen can say so.

Whatever the child does (crash, hang up its pipe, print gigabytes without a
newline, fail to start) and whatever the settings hold, the loop goes on: an
unexpected error in the supervisor's own work is logged as one line and the
game is started again after the usual backoff.

This module must not import pygame: the parent never opens a window. The
stderr reader is a thread in this parent process only, not in the game loop.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

from sim.kiosk import exit_codes
from sim.kiosk.settings import LOG_STATUS_ENV, LogChoice, log_file_problem, settle_log_file

HOUR = 3600.0
LOG_MAX_BYTES = 256 * 1024
LOG_BACKUP_COUNT = 3
STDERR_TAIL_LINES = 20
STDERR_LINE_CHARS = 300
#: The child's stderr is read in pieces this big, so a line without an end
#: (a child printing gigabytes) never has to fit in the supervisor's memory.
STDERR_READ_CHARS = 8192
_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Backoff:
    """Delay before restarting after a crash: first, doubling, capped."""

    first_seconds: float = 1.0
    max_seconds: float = 60.0
    factor: float = 2.0
    #: A child that ran this long was healthy; its crash starts the backoff afresh.
    stable_after_seconds: float = 300.0


def default_child_argv(extra: Sequence[str] = ()) -> list[str]:
    """The game command the supervisor runs: same program, kiosk mode, no nesting.

    A standalone bundle (PyInstaller sets `sys.frozen`) is itself the program, so
    it is started with the arguments alone; an ordinary install runs `python -m sim`.
    """
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "sim"]
    return [*program, "play", "--kiosk", "--no-supervisor", *extra]


class _LogFile(logging.handlers.RotatingFileHandler):
    """A rotating log whose write errors (disk full, file removed) cost one line, once.

    The standard handler prints a whole traceback to stderr for every record
    it fails to write; a full disk must not flood the console with them.
    """

    _failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if self._failed:
            return
        self._failed = True
        exc = sys.exc_info()[1]
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"kiosk log {self.baseFilename} cannot be written ({exc})\n")


def open_log(
    log_path: Path | None,
    *,
    fallback: Path | None = None,
    max_bytes: int = LOG_MAX_BYTES,
    backup_count: int = LOG_BACKUP_COUNT,
) -> logging.Logger:
    """A private logger writing one line per event to a rotating file; never raises.

    Tries `log_path`, then `fallback`; if neither can be created and opened
    (read-only disk, a folder, /dev/full, a NUL in the path), it logs to
    stderr instead: losing the log must never stop the exhibit.
    `open_log_with_choice` also says which file it opened and why not the others.
    """
    logger, _ = open_log_with_choice(
        log_path, fallback=fallback, max_bytes=max_bytes, backup_count=backup_count
    )
    return logger


def open_log_with_choice(
    log_path: Path | None,
    *,
    fallback: Path | None = None,
    max_bytes: int = LOG_MAX_BYTES,
    backup_count: int = LOG_BACKUP_COUNT,
) -> tuple[logging.Logger, LogChoice]:
    """`open_log`, also saying which file it opened and why the others were not used."""
    logger = logging.Logger("one-in-a-million.kiosk")  # unregistered: no global state
    logger.setLevel(logging.INFO)
    opened: list[logging.Handler] = []

    def attempt(candidate: Path) -> str | None:
        problem = log_file_problem(candidate)
        if problem is not None:
            return problem
        try:
            candidate.parent.mkdir(parents=True, exist_ok=True)
            opened.append(
                _LogFile(candidate, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")
            )
        except (OSError, ValueError) as exc:
            return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None

    tried = [p for p in (log_path, fallback) if p is not None]
    choice = settle_log_file(tried, log_path, attempt)
    # pythonw.exe (Windows, no console) has no stderr at all: then stay silent.
    handler: logging.Handler
    if opened:
        handler = opened[0]
    elif sys.stderr is not None:
        handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return logger, choice


def close_log(logger: logging.Logger) -> None:
    """Release the log file (tests and Windows need the handle closed)."""
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)


def one_line(text: object, limit: int = 2000) -> str:
    """Squash anything into a single bounded log line (no newline, no NUL)."""
    try:
        text = str(text)
    except Exception:  # an object whose __str__ fails (or a 5,000-digit int)
        text = f"<{type(text).__name__}>"
    text = text.replace("\x00", "\\0")
    flat = " | ".join(part.strip() for part in text.splitlines() if part.strip())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


class _StderrTail:
    """Reads the child's stderr, echoes it, keeps only the last lines (bounded)."""

    def __init__(self, stream: IO[str], echo: bool) -> None:
        self.lines: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
        self._stream = stream
        self._echo = echo and sys.stderr is not None  # None under pythonw.exe
        self._thread = threading.Thread(target=self._run, name="child-stderr", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        """Drain the pipe to its end: a child blocked on a full pipe would hang for good."""
        partial = False  # the previous piece ended mid-line
        while True:
            try:
                piece = self._stream.readline(STDERR_READ_CHARS)
            except (OSError, ValueError):
                return  # the pipe closed under us: nothing more to read
            if not piece:
                return
            if not partial:
                self.lines.append(piece.rstrip()[:STDERR_LINE_CHARS])
            partial = not piece.endswith("\n")
            if self._echo:
                try:
                    sys.stderr.write(piece)
                except (OSError, ValueError, AttributeError):
                    self._echo = False  # our own stderr is gone: keep reading, stop echoing

    def text(self) -> str:
        self._thread.join(timeout=5)
        return "\n".join(self.lines)


class _StopFlag:
    """Set by SIGTERM/SIGINT so the loop can end the child and leave cleanly."""

    def __init__(self) -> None:
        self.set = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.set = True


def run_supervised(
    child_argv: Sequence[str],
    log_path: Path | None,
    *,
    fallback_log: Path | None = None,
    notes: Sequence[str] = (),
    max_restarts_per_hour: int = 20,
    backoff: Backoff | None = None,
    max_bytes: int = LOG_MAX_BYTES,
    backup_count: int = LOG_BACKUP_COUNT,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    handle_signals: bool = True,
    echo_stderr: bool = True,
) -> int:
    """Run `child_argv` until staff exit; restart it after crashes. Returns our exit code.

    `clock` and `sleep` are injectable so tests run the backoff logic without
    waiting; the child itself is a real process. The log is `log_path`, else
    `fallback_log`, else stderr; `notes` (the settings' problems) are logged
    once at the start, one line each, so staff find them in the log too.
    """
    backoff = backoff or Backoff()
    logger, choice = open_log_with_choice(
        log_path, fallback=fallback_log, max_bytes=max_bytes, backup_count=backup_count
    )
    for note in (*choice.problems, *notes):
        logger.warning("settings: %s", one_line(note))
    env = {**os.environ, LOG_STATUS_ENV: choice.to_env()}
    stop = _StopFlag()
    previous = _install_signals(stop) if handle_signals else {}
    try:
        return _loop(
            child_argv, logger, stop, max_restarts_per_hour, backoff, clock, sleep, echo_stderr, env
        )
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        close_log(logger)


def _loop(
    child_argv: Sequence[str],
    logger: logging.Logger,
    stop: _StopFlag,
    max_per_hour: int,
    backoff: Backoff,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    echo_stderr: bool,
    env: dict[str, str] | None = None,
) -> int:
    """The restart loop proper; see the module docstring for the rules."""
    crashes: deque[float] = deque()
    delay = backoff.first_seconds
    starts = 0
    logger.info("supervisor started; game command: %s", one_line(" ".join(child_argv)))
    while True:
        starts += 1
        started = clock()
        try:
            code = _run_child(child_argv, logger, stop, starts, echo_stderr, env)
        except Exception as exc:  # our own failure around the child: log it, try again later
            logger.error("supervisor error around the game: %s", one_line(repr(exc)))
            code = None
        ran = clock() - started
        if stop.set:
            logger.info("stop requested; supervisor exiting")
            return exit_codes.STAFF_EXIT
        if code == exit_codes.STAFF_EXIT:
            logger.info("game exited normally (staff exit) after %.0f s; supervisor exiting", ran)
            return exit_codes.STAFF_EXIT
        if code == exit_codes.USAGE_ERROR:
            logger.error("game rejected its command line (exit 2); not restarting")
            return exit_codes.USAGE_ERROR
        if code == exit_codes.RESTART_REQUESTED:
            logger.info("restart requested by staff; restarting now")
            continue
        if ran >= backoff.stable_after_seconds:
            delay = backoff.first_seconds
        now = clock()
        crashes.append(now)
        while crashes and now - crashes[0] >= HOUR:
            crashes.popleft()
        wait = delay
        if len(crashes) > max_per_hour:
            wait = max(wait, HOUR - (now - crashes[0]))
            logger.warning(
                "%d crashes in the last hour (limit %d); waiting %.0f s before restarting",
                len(crashes),
                max_per_hour,
                wait,
            )
        logger.warning("game crashed (exit %s) after %.0f s; restarting in %.0f s", code, ran, wait)
        if not _sleep_unless_stopped(wait, stop, sleep):
            logger.info("stop requested while waiting; supervisor exiting")
            return exit_codes.STAFF_EXIT
        delay = min(backoff.max_seconds, delay * backoff.factor)


def _run_child(
    child_argv: Sequence[str],
    logger: logging.Logger,
    stop: _StopFlag,
    starts: int,
    echo_stderr: bool,
    env: dict[str, str] | None = None,
) -> int | None:
    """Start the game once and wait for it; None if it could not even start."""
    try:
        proc = subprocess.Popen(
            list(child_argv),
            stdin=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
        )
    except (OSError, ValueError, subprocess.SubprocessError) as exc:  # ValueError: a NUL
        logger.error("could not start the game: %s", one_line(str(exc)))
        return None
    assert proc.stderr is not None  # we asked for a pipe
    try:
        tail = _StderrTail(proc.stderr, echo_stderr)
        logger.info("game started (pid %d, start %d)", proc.pid, starts)
        while True:
            try:
                code = proc.wait(timeout=_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if stop.set:
                    _terminate(proc)
                    code = proc.returncode
                    break
    except BaseException:
        # Leaving early (our own error, Ctrl+C): never leave a second game running.
        if proc.poll() is None:
            _terminate(proc)
        raise
    text = tail.text()
    proc.stderr.close()
    if code not in (exit_codes.STAFF_EXIT, exit_codes.RESTART_REQUESTED) and text:
        logger.warning("game stderr (last lines): %s", one_line(text))
    return code


def _terminate(proc: subprocess.Popen[str]) -> None:
    """Ask the game to stop, then insist."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _sleep_unless_stopped(seconds: float, stop: _StopFlag, sleep: Callable[[float], None]) -> bool:
    """Sleep in short steps so SIGTERM is honoured promptly; False if stopped."""
    remaining = seconds
    while remaining > 0:
        if stop.set:
            return False
        step = min(_POLL_SECONDS, remaining)
        sleep(step)
        remaining -= step
    return not stop.set


def _install_signals(stop: _StopFlag) -> dict[int, Any]:
    """Route SIGTERM (systemd stop, logout) and SIGINT (Ctrl+C) to the stop flag."""
    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in ("SIGTERM", "SIGINT"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, stop)
    return previous


#: Pause before the supervisor starts itself again after an error of its own.
SUPERVISOR_RETRY_SECONDS = 10.0


def supervise_kiosk(
    child_argv: Sequence[str],
    *,
    sleep: Callable[[float], None] = time.sleep,
    run: Callable[..., int] = run_supervised,
) -> int:
    """`python -m sim play --kiosk`: read the settings, open the log, supervise; never raises.

    The settings go through the guarded loader (which never raises), the log
    falls back as `open_log` says, and should anything in the supervisor
    itself still fail, that is one line on stderr and a fresh start after
    SUPERVISOR_RETRY_SECONDS: an exhibit with nobody to read a traceback
    must keep trying. Only KeyboardInterrupt (and the exit codes) end it.
    """
    from sim.kiosk.settings import load_settings, log_candidates

    while True:
        try:
            load = load_settings(check_log=False)  # the log is opened, and checked, here
            first, *rest = log_candidates(load.settings.log_path) or [None]
            return run(
                child_argv,
                first,
                fallback_log=rest[0] if rest else None,
                notes=load.problems,
            )
        except Exception as exc:
            _say(
                f"one-in-a-million supervisor: {one_line(repr(exc), 300)}; "
                f"starting again in {SUPERVISOR_RETRY_SECONDS:.0f} s"
            )
            sleep(SUPERVISOR_RETRY_SECONDS)


def _say(line: str) -> None:
    """One line on stderr, if there is one (pythonw.exe has none)."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
