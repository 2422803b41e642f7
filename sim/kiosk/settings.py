"""The museum's settings file: what staff can change without touching code.

A kiosk runs unattended for months, so a typo in this file must never stop
the exhibit or show a visitor an error. Loading therefore never raises: every
bad or unknown entry falls back to its default and produces one plain-English
line in `SettingsLoad.problems`, which only the staff screen shows.

File location, first match wins:
1. the `path` argument (tests, tools);
2. the environment variable ``ONE_IN_A_MILLION_SETTINGS``;
3. ``kiosk.toml`` in platformdirs' user config dir for "one-in-a-million".
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import reprlib
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

import platformdirs

from sim.datafile import DataFileError, read_toml

APP_NAME = "one-in-a-million"
SETTINGS_ENV = "ONE_IN_A_MILLION_SETTINGS"
#: Set by the supervisor for the game it starts: which log file it really opened
#: and why it could not use the others (JSON), so the staff screen tells the truth.
LOG_STATUS_ENV = "ONE_IN_A_MILLION_LOG_STATUS"
SETTINGS_FILENAME = "kiosk.toml"
LOG_FILENAME = "kiosk.log"

#: Shortest staff long press allowed. The monkey (random input) never holds a
#: press this long, so random input can never open the PIN pad.
MIN_LONG_PRESS_SECONDS = 2.0  # = MonkeyConfig.staff_press_seconds (a kiosk test checks)

Corner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]
CORNERS: tuple[str, ...] = ("top-left", "top-right", "bottom-left", "bottom-right")

#: A file full of mistakes must not bury the staff screen: past this many
#: problem lines, one more line says how many were left out.
MAX_PROBLEMS = 20
#: Longest value or key quoted in a problem line (a 500 KB string stays readable).
_QUOTE_CHARS = 60

_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
_PIN_RE = re.compile(r"^[0-9]{4,8}$")


@dataclass(frozen=True)
class StaffExitSettings:
    """How staff leave the exhibit: long press on a hidden corner, then a PIN."""

    corner: Corner = "top-left"
    corner_size: int = 120  # logical px (1920x1080) of the square hot zone
    long_press_seconds: float = 5.0
    drift_tolerance: float = 30.0  # logical px a shaky finger may wander
    pin: str = "2468"
    key_chord: bool = True  # Ctrl+Alt+Shift+Q also opens the PIN pad
    pin_timeout_seconds: float = 30.0  # PIN pad closes itself if left open
    max_pin_attempts: int = 3
    lockout_seconds: float = 60.0  # after too many wrong PINs, ignore the gesture


@dataclass(frozen=True)
class KioskSettings:
    """Everything a museum can set; the defaults are what an unset file means."""

    languages: tuple[str, ...] = ("en",)  # first one is the attract-mode language
    idle_seconds: float = 60.0
    countdown_seconds: float = 15.0
    text_scale: float = 1.0
    reduced_motion: bool = False
    high_contrast: bool = False
    sound: bool = True
    attract_caption_seconds: float = 8.0
    #: attract mode shows, day after day, the other detectors too (guns, plates, calls)
    attract_detectors: bool = True
    hide_cursor: bool = True
    log_path: Path | None = None  # None: kiosk.log in the user log dir
    staff_exit: StaffExitSettings = field(default_factory=StaffExitSettings)

    @property
    def default_language(self) -> str:
        """The language attract mode starts in (and returns to after a reset)."""
        return self.languages[0]


@dataclass(frozen=True)
class SettingsLoad:
    """The outcome of reading the file: usable settings plus what was wrong.

    `problems` holds the settings file's problems and then the log file's:
    both are things staff must fix, and the staff screen lists them together.
    """

    settings: KioskSettings
    path: Path
    found: bool
    problems: tuple[str, ...] = ()
    #: The log file the supervisor writes (None: no file log could be written).
    log_file: Path | None = None


@dataclass(frozen=True)
class LogChoice:
    """Which log file is used, and why the ones before it were not."""

    path: Path | None
    problems: tuple[str, ...] = ()

    def to_env(self) -> str:
        """JSON for LOG_STATUS_ENV (json escapes NUL and newlines, which env values forbid)."""
        return json.dumps(
            {"path": None if self.path is None else str(self.path), "problems": list(self.problems)}
        )

    @classmethod
    def from_env(cls, value: str | None) -> LogChoice | None:
        """Read what the supervisor passed; None if absent or not what it writes."""
        if not value or len(value) > 64 * 1024:
            return None
        try:
            data = json.loads(value)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        path, problems = data.get("path"), data.get("problems")
        if not (path is None or (isinstance(path, str) and path and "\x00" not in path)):
            return None
        if not isinstance(problems, list) or not all(isinstance(p, str) for p in problems):
            return None
        lines = tuple(_one_line(p) for p in problems[:MAX_PROBLEMS])
        return cls(None if path is None else Path(path), lines)


@dataclass(frozen=True)
class _Num:
    """Range of a numeric key; `whole` means only whole numbers make sense."""

    lo: float
    hi: float
    whole: bool = False
    unit: str = ""


# Ranges staff may set. They are wide enough for any real museum and narrow
# enough that a slip (idle_seconds = 0, text_scale = 15) cannot break the exhibit.
_TOP_NUMBERS: dict[str, _Num] = {
    "idle_seconds": _Num(10, 3600, unit="s"),
    "countdown_seconds": _Num(3, 120, unit="s"),
    "text_scale": _Num(1.0, 1.5),
    "attract_caption_seconds": _Num(3, 60, unit="s"),
}
_TOP_BOOLS = ("reduced_motion", "high_contrast", "sound", "hide_cursor", "attract_detectors")
_STAFF_NUMBERS: dict[str, _Num] = {
    "corner_size": _Num(48, 400, whole=True, unit="px"),
    "long_press_seconds": _Num(MIN_LONG_PRESS_SECONDS, 30, unit="s"),
    "drift_tolerance": _Num(5, 100, unit="px"),
    "pin_timeout_seconds": _Num(5, 300, unit="s"),
    "max_pin_attempts": _Num(1, 10, whole=True),
    "lockout_seconds": _Num(0, 3600, unit="s"),
}
_STAFF_BOOLS = ("key_chord",)
_TOP_OTHER = ("languages", "log_path")
_STAFF_OTHER = ("corner", "pin")
_STAFF_TABLE = "staff_exit"


def number_ranges() -> dict[str, tuple[float, float]]:
    """Every numeric key ("staff_exit.KEY" for the staff table) and its allowed range.

    The one declaration the loader enforces; the docs table and the tests read
    it from here so they cannot drift from what the loader does.
    """
    ranges = {key: (spec.lo, spec.hi) for key, spec in _TOP_NUMBERS.items()}
    ranges.update(
        {f"{_STAFF_TABLE}.{key}": (spec.lo, spec.hi) for key, spec in _STAFF_NUMBERS.items()}
    )
    return ranges


def default_settings_path() -> Path:
    """Where the settings file lives when nobody says otherwise."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILENAME


def default_log_path() -> Path:
    """Where the supervisor's log goes when the settings do not name one."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / LOG_FILENAME


def settings_path(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """Pick the settings file: explicit argument, then env var, then the default."""
    if path is not None and str(path) != "":
        return _expand(Path(path))
    environ = os.environ if env is None else env
    from_env = environ.get(SETTINGS_ENV, "")
    if from_env:
        return _expand(Path(from_env))
    return default_settings_path()


def _expand(path: Path) -> Path:
    """`~` expanded where possible: `~nobody/x` or no home folder leaves it as written."""
    try:
        return path.expanduser()
    except RuntimeError:  # "Could not determine home directory"
        return path


def resolved_log_path(settings: KioskSettings) -> Path:
    """The log file to write to: the configured one or the platform default."""
    return settings.log_path if settings.log_path is not None else default_log_path()


def load_settings(
    path: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    available_languages: Iterable[str] | None = None,
    check_log: bool = True,
) -> SettingsLoad:
    """Read the kiosk settings; never raises, always returns usable settings.

    `available_languages`, when given, drops configured languages that have no
    locale file, so a museum listing a language we do not ship gets a staff
    note instead of a blank screen.

    With `check_log` the log file is settled too: the supervisor's word for it
    (LOG_STATUS_ENV) if it started us, else the same checks the supervisor
    makes before opening it. `settings.log_path` is then the file really used,
    and any reason a log cannot be written is a problem for the staff screen.
    """
    environ = os.environ if env is None else env
    try:
        load = _read(path, environ)
        settings, more = _apply_languages(load.settings, available_languages)
        problems = list(_capped([*load.problems, *more]))
        log_file = resolved_log_path(settings)
        if check_log:
            choice = LogChoice.from_env(environ.get(LOG_STATUS_ENV)) or choose_log_file(
                settings.log_path
            )
            # None stands for the standard log (and is shown as its path) when none works
            used = None if choice.path in (None, default_log_path()) else choice.path
            settings = replace(settings, log_path=used)
            problems += choice.problems
            log_file = choice.path
    except Exception as exc:  # the last guard of a promise: the exhibit always starts
        if environ.get("ONE_IN_A_MILLION_DEBUG"):
            raise
        problem = f"Settings could not be read (internal error: {_quote(str(exc))})."
        return SettingsLoad(KioskSettings(), Path(SETTINGS_FILENAME), False, (problem,))
    return SettingsLoad(settings, load.path, load.found, tuple(problems), log_file)


def _read(path: str | os.PathLike[str] | None, environ: Mapping[str, str]) -> SettingsLoad:
    """The file's settings and problems, through the project's guarded TOML reader."""
    explicit = (path is not None and str(path) != "") or bool(environ.get(SETTINGS_ENV, ""))
    where = settings_path(path, environ)
    try:
        where.stat()
    except FileNotFoundError:
        missing = f"Settings file {_show_path(where)} does not exist; all defaults are used."
        return SettingsLoad(KioskSettings(), where, False, (missing,) if explicit else ())
    except (OSError, ValueError):
        pass  # read_toml says why, in its own words
    try:
        data = read_toml(where, "Settings file")
    except DataFileError as exc:
        return _fallback(where, _one_line(str(exc)))
    except ValueError:  # tomllib cannot convert an integer of more than 4,300 digits
        return _fallback(where, f"Settings file {_show_path(where)} has a number too long to read")
    settings, problems = parse_settings(data, base_dir=Path(os.path.abspath(where.parent)))
    return SettingsLoad(settings, where, True, tuple(problems))


def _fallback(where: Path, problem: str) -> SettingsLoad:
    """A file that cannot be read at all: defaults everywhere, one problem."""
    return SettingsLoad(KioskSettings(), where, True, (problem + ". All defaults are used.",))


def _capped(problems: list[str]) -> tuple[str, ...]:
    """At most MAX_PROBLEMS lines, the last saying how many more there were."""
    if len(problems) <= MAX_PROBLEMS:
        return tuple(problems)
    shown = problems[: MAX_PROBLEMS - 1]
    return (*shown, f"... and {len(problems) - len(shown):,} more problems in the settings.")


def choose_log_file(configured: Path | None) -> LogChoice:
    """The configured log file if it can be written, else the default one, else none.

    Only looks (creates nothing), so the game can tell staff which log the
    supervisor will use without writing anything itself.
    """
    return settle_log_file(log_candidates(configured), configured, log_file_problem)


def settle_log_file(
    candidates: Iterable[Path], configured: Path | None, attempt: Callable[[Path], str | None]
) -> LogChoice:
    """The first candidate `attempt` accepts (it returns None), with a line per refusal.

    Shared by the game's look (`choose_log_file`) and the supervisor's real
    opening, so both say the same thing in the same words.
    """
    problems: list[str] = []
    for candidate in dict.fromkeys(candidates):  # the same file once, in order
        problem = attempt(candidate)
        if problem is None:
            if problems:
                problems.append(f"The log is written to {_show_path(candidate)} instead.")
            return LogChoice(candidate, tuple(problems))
        problems.append(log_problem_line(candidate, problem, configured))
    if problems:
        problems.append("No log file can be written; the exhibit runs without one.")
    return LogChoice(None, tuple(problems))


def log_candidates(configured: Path | None) -> list[Path]:
    """The log files to try in order: the configured one, then the default."""
    out = [] if configured is None else [configured]
    try:
        default = default_log_path()
    except Exception:  # platformdirs with no home folder at all: nothing to fall back to
        return out
    if default not in out:
        out.append(default)
    return out


def log_problem_line(candidate: Path, problem: str, configured: Path | None) -> str:
    """One staff-readable line: which log cannot be used, and why."""
    which = "log_path" if candidate == configured else "The standard log file"
    return f"{which} {_show_path(candidate)} cannot be used: {problem}."


def log_file_problem(path: Path) -> str | None:
    """Why `path` cannot be a log file (None: it can), without creating anything.

    A log must be a regular file (or not exist yet) under folders that exist
    or can be made: a device such as /dev/full accepts the open and then
    fails every write, a folder or a FIFO cannot be a log at all.
    """
    if not str(path).isprintable():
        return "it contains a control character (NUL, newline, tab)"
    if not path.is_absolute():
        return "it is not an absolute path"
    try:
        info = path.stat()
    except FileNotFoundError:
        return _folder_problem(path.parent)
    except (OSError, ValueError) as exc:
        return _reason(exc)
    if stat.S_ISDIR(info.st_mode):
        return "it is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if not os.access(path, os.W_OK):
        return "it is not writable"
    return None


def _folder_problem(folder: Path) -> str | None:
    """Whether the nearest folder that exists lets us make the rest and the file."""
    for here in (folder, *folder.parents):
        try:
            info = here.stat()
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as exc:
            return f"{_show_path(here)}: {_reason(exc)}"
        if not stat.S_ISDIR(info.st_mode):
            return f"{_show_path(here)} is not a folder"
        if not os.access(here, os.W_OK | os.X_OK):
            return f"the folder {_show_path(here)} is not writable"
        return None
    return "none of its folders exists"


def _reason(exc: BaseException) -> str:
    """An OS error in words ("Permission denied"), not as a Python exception."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _one_line(str(exc)) or type(exc).__name__


def parse_settings(
    data: Mapping[str, Any], base_dir: Path | None = None
) -> tuple[KioskSettings, list[str]]:
    """Turn parsed TOML into settings; each bad entry keeps its default and is reported."""
    problems: list[str] = []
    top: dict[str, Any] = {}
    staff: dict[str, Any] = {}
    defaults = KioskSettings()
    staff_defaults = StaffExitSettings()
    top_known = set(_TOP_NUMBERS) | set(_TOP_BOOLS) | set(_TOP_OTHER) | {_STAFF_TABLE}
    for key, value in data.items():
        if key == _STAFF_TABLE:
            if isinstance(value, Mapping):
                staff = _parse_staff(value, staff_defaults, problems)
            else:
                problems.append(f"[{_STAFF_TABLE}] must be a table; its defaults are used.")
        elif key in _TOP_NUMBERS:
            _put_number(top, key, value, _TOP_NUMBERS[key], getattr(defaults, key), problems)
        elif key in _TOP_BOOLS:
            _put_bool(top, key, value, getattr(defaults, key), problems)
        elif key == "languages":
            _put_languages(top, value, defaults.languages, problems)
        elif key == "log_path":
            _put_log_path(top, value, base_dir, problems)
        else:
            problems.append(_unknown(key, top_known))
    settings = replace(defaults, **top, staff_exit=replace(staff_defaults, **staff))
    return settings, problems


def _parse_staff(
    table: Mapping[str, Any], defaults: StaffExitSettings, problems: list[str]
) -> dict[str, Any]:
    """Read the [staff_exit] table; same fall-back-and-report rule as the top level."""
    out: dict[str, Any] = {}
    known = set(_STAFF_NUMBERS) | set(_STAFF_BOOLS) | set(_STAFF_OTHER)
    for key, value in table.items():
        name = f"{_STAFF_TABLE}.{key}"
        if key in _STAFF_NUMBERS:
            spec = _STAFF_NUMBERS[key]
            _put_number(out, key, value, spec, getattr(defaults, key), problems, name)
        elif key in _STAFF_BOOLS:
            _put_bool(out, key, value, getattr(defaults, key), problems, name)
        elif key == "corner":
            if isinstance(value, str) and value in CORNERS:
                out[key] = value
            else:
                problems.append(
                    f"{name} = {_quote(value)} is not one of {', '.join(CORNERS)}; "
                    f"using {defaults.corner!r}."
                )
        elif key == "pin":
            pin = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
            if isinstance(pin, str) and _PIN_RE.match(pin):
                out[key] = pin
            else:
                problems.append(f"{name} must be 4 to 8 digits in quotes; using the default PIN.")
        else:
            problems.append(_unknown(key, known, prefix=f"{_STAFF_TABLE}."))
    return out


def _put_number(
    out: dict[str, Any],
    key: str,
    value: Any,
    spec: _Num,
    default: float,
    problems: list[str],
    name: str | None = None,
) -> None:
    """Accept a TOML int/float inside the key's declared range; else report, keep the default.

    TOML integers have no size limit: 10**40 must be compared as an integer
    (Python compares int with float exactly), never turned into a float first,
    which overflows past 1e308 and used to stop the exhibit.
    """
    label = name or key
    unit = f" {spec.unit}" if spec.unit else ""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if not is_number or (isinstance(value, float) and not math.isfinite(value)):
        problems.append(
            f"{label} must be a number, not {_quote(value)}; using {_fmt(default)}{unit}."
        )
        return
    if not spec.lo <= value <= spec.hi:
        problems.append(
            f"{label} = {_quote(value)} is out of range ({_fmt(spec.lo)} to {_fmt(spec.hi)}"
            f"{unit}); using {_fmt(default)}{unit}."
        )
        return
    if spec.whole and not float(value).is_integer():  # in range, so float() is safe
        problems.append(
            f"{label} must be a whole number, not {_quote(value)}; using {_fmt(default)}."
        )
        return
    out[key] = int(value) if spec.whole else float(value)


def _put_bool(
    out: dict[str, Any],
    key: str,
    value: Any,
    default: bool,
    problems: list[str],
    name: str | None = None,
) -> None:
    """Accept only TOML true/false: "no" or 0 are ambiguous enough to report."""
    if isinstance(value, bool):
        out[key] = value
    else:
        problems.append(
            f"{name or key} must be true or false, not {_quote(value)}; "
            f"using {str(default).lower()}."
        )


def _put_languages(
    out: dict[str, Any], value: Any, default: tuple[str, ...], problems: list[str]
) -> None:
    """Keep the well-formed codes in order; an empty result means the default."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(f'languages must be a list like ["en", "es"]; using {list(default)}.')
        return
    good: list[str] = []
    for code in value:
        if isinstance(code, str) and _LANGUAGE_RE.match(code):
            if code not in good:
                good.append(code)
        else:
            problems.append(f'languages: {_quote(code)} is not a language code like "en"; skipped.')
    if good:
        out["languages"] = tuple(good)
    else:
        problems.append(f"languages has no usable entry; using {list(default)}.")


def _put_log_path(
    out: dict[str, Any], value: Any, base_dir: Path | None, problems: list[str]
) -> None:
    """Empty means the platform default; relative paths are next to the settings file.

    Only the form is checked here (text, no NUL, a home folder that exists);
    whether the file can be written is `choose_log_file`'s business.
    """
    if not isinstance(value, str):
        problems.append(
            f"log_path must be a path in quotes, not {_quote(value)}; using the default."
        )
        return
    if value.strip() == "":
        return
    if not value.isprintable():  # NUL, a newline, a tab: a slip, never a real log file name
        problems.append(
            f"log_path {_quote(value)} contains a control character; using the default."
        )
        return
    try:
        path = Path(value).expanduser()
    except RuntimeError:  # ~someone who does not exist, or no home folder
        problems.append(
            f"log_path {_quote(value)} names an unknown home folder; using the default."
        )
        return
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    out["log_path"] = path


def _apply_languages(
    settings: KioskSettings, available: Iterable[str] | None
) -> tuple[KioskSettings, list[str]]:
    """Drop configured languages the game has no texts for, and say which."""
    if available is None:
        return settings, []
    have = set(available)
    keep = tuple(code for code in settings.languages if code in have)
    problems = [
        f"languages: no texts for {code!r} are installed; skipped."
        for code in settings.languages
        if code not in have
    ]
    if not keep:
        fallback = "en" if "en" in have or not have else sorted(have)[0]
        keep = (fallback,)
        problems.append(f"No configured language is installed; using {fallback!r}.")
    return replace(settings, languages=keep), problems


def _unknown(key: str, known: Iterable[str], prefix: str = "") -> str:
    """Name an unknown key and, for a likely typo, the key that was probably meant."""
    close = difflib.get_close_matches(key[:100], sorted(known), n=1)
    hint = f" (did you mean {prefix}{close[0]!r}?)" if close else ""
    return f"Unknown setting {prefix}{_quote(key)} ignored{hint}."


def _fmt(value: float) -> str:
    """Numbers as staff wrote them: 60, not 60.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


_REPR = reprlib.Repr()
_REPR.maxlevel = 2  # a table nested 5,000 deep is shown as {...}, never recursed into
_REPR.maxstring = _REPR.maxother = _QUOTE_CHARS
_REPR.maxlist = _REPR.maxdict = 4


def _quote(value: Any) -> str:
    """A value as staff wrote it, bounded: a huge number, string or table stays one short line."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        sign = "-" if value < 0 else ""
        try:
            return f"{sign}a {len(str(abs(value))):,}-digit number"
        except ValueError:  # str() refuses integers of more than 4,300 digits
            return f"{sign}a number of more than {sys.get_int_max_str_digits():,} digits"
    return _one_line(_REPR.repr(value))


def _show_path(path: Path | str) -> str:
    """A path for a problem line: control characters escaped, long ones shortened."""
    text = str(path)
    shown = (
        text.encode("unicode_escape", "backslashreplace").decode("ascii")
        if not text.isprintable()
        else text
    )
    return shown if len(shown) <= 200 else shown[:197] + "..."


def _one_line(text: str) -> str:
    """Problems are shown one per line: no newline or NUL survives, and no essay."""
    flat = " ".join(text.replace("\x00", "\\0").split())
    return flat if len(flat) <= 300 else flat[:297] + "..."


def settings_as_dict(settings: KioskSettings) -> dict[str, Any]:
    """Flat key → value view for the staff screen ("what is in force now")."""
    out: dict[str, Any] = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        if f.name == "staff_exit":
            for sf in fields(value):
                if sf.name != "pin":  # the staff screen may be seen over a shoulder
                    out[f"{_STAFF_TABLE}.{sf.name}"] = getattr(value, sf.name)
        elif f.name == "log_path":
            out[f.name] = str(resolved_log_path(settings))
        elif f.name == "languages":
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out


EXAMPLE_SETTINGS = """\
# One in a Million: museum kiosk settings.
# Lines starting with # are comments. Delete the # in front of a line to use it.
# A wrong value never stops the exhibit: it falls back to the default and the
# staff screen lists what was wrong.

# Languages visitors can choose, as language codes. The first one is shown
# when nobody is playing.
# languages = ["en"]

# Seconds without a touch before "Are you still there?" appears (10 to 3600).
# idle_seconds = 60

# Seconds the "Are you still there?" countdown lasts before the exhibit
# returns to its start and forgets the visitor (3 to 120).
# countdown_seconds = 15

# Text size: 1.0 is normal, 1.5 is 150 percent (1.0 to 1.5).
# text_scale = 1.0

# Reduced motion: no flashing, slower and calmer animations.
# reduced_motion = false

# High-contrast colours.
# high_contrast = false

# Sound on or off. Every sound also has an on-screen caption.
# sound = true

# Seconds each invitation caption stays on screen when nobody is playing
# (3 to 60; doubled when reduced_motion is on).
# attract_caption_seconds = 8

# When nobody is playing, show one simulated day of each of the other detectors
# in turn (gun detection, plate readers, prison calls) after the museum's own
# situation; false keeps the museum's situation only.
# attract_detectors = true

# Hide the mouse pointer (right for touch screens).
# hide_cursor = true

# Where the kiosk log goes. Empty means the standard log folder.
# A relative path is relative to this file's folder.
# log_path = ""

[staff_exit]
# Staff exit: press and hold the hidden corner, then type the PIN.
# Which corner: "top-left", "top-right", "bottom-left" or "bottom-right".
# corner = "top-left"

# Size of the hidden square in the corner, in pixels of a 1920x1080 screen
# (48 to 400).
# corner_size = 120

# How long to hold, in seconds (2 to 30).
# long_press_seconds = 5

# How far, in pixels, the finger may wander while holding (5 to 100).
# drift_tolerance = 30

# The PIN: 4 to 8 digits, in quotes. Change it from the default!
# pin = "2468"

# Allow Ctrl+Alt+Shift+Q on a keyboard to open the PIN pad too.
# key_chord = true

# Seconds before an untouched PIN pad closes by itself (5 to 300).
# pin_timeout_seconds = 30

# Wrong PINs allowed before the corner is ignored for lockout_seconds.
# max_pin_attempts = 3
# lockout_seconds = 60
"""


def write_default_settings(
    path: str | os.PathLike[str] | None = None, *, overwrite: bool = False
) -> Path:
    """Write the commented example file for staff; only when they ask for it.

    Refuses to overwrite an existing file unless `overwrite` is set, because a
    museum's tuned settings are worth more than a fresh template.
    """
    target = settings_path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists; not overwritten.")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(EXAMPLE_SETTINGS, encoding="utf-8")
    return target
