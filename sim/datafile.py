"""Reading the program's TOML files, guarded: one clear line for any damaged file.

Every data file the program reads — scenarios, story chapters, locales, the
theme, the published figures, the kiosk settings — goes through `read_toml`.
A file can be missing, unreadable, a FIFO or a device, huge, not UTF-8, not
TOML, or nested thousands of levels deep (Python's TOML parser then raises
RecursionError). Each of these becomes one `DataFileError` whose message names
the file and the reason, so a caller can show it and carry on with what it has
(English texts, the built-in theme) or, for the command line, exit 2.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

#: Larger than any file we ship (the biggest locale is under 30 KB); a settings
#: path pointed at /dev/zero or a log must not be read to the end.
MAX_BYTES = 512 * 1024
#: Tables or arrays nested deeper than this are refused before parsing.
MAX_DEPTH = 32


class DataFileError(ValueError):
    """A data file that cannot be used; the message is one line naming the file."""


def read_toml(path: str | os.PathLike[str], what: str = "file") -> dict[str, Any]:
    """Parse the TOML file at `path`, or raise DataFileError naming `what` and the path.

    Only regular files are read (a FIFO would block the start, a device never
    end), at most MAX_BYTES of them. Windows line ends are fine.
    """
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise DataFileError(f"{what} {p} is missing") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise DataFileError(f"{what} {p} cannot be read ({_reason(exc)})") from None
    if not stat.S_ISREG(info.st_mode):
        raise DataFileError(f"{what} {p} is not a regular file")
    if info.st_size > MAX_BYTES:
        raise DataFileError(
            f"{what} {p} is too large ({info.st_size:,} bytes; at most {MAX_BYTES:,})"
        )
    try:
        with open(p, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DataFileError(f"{what} {p} cannot be read ({_reason(exc)})") from None
    if len(raw) > MAX_BYTES:
        raise DataFileError(f"{what} {p} is too large (more than {MAX_BYTES:,} bytes)")
    return parse_toml(raw, f"{what} {p}")


def parse_toml(raw: bytes | str, where: str) -> dict[str, Any]:
    """Parse TOML text; `where` starts every error message ("scenario file x.toml")."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataFileError(f"{where} is not UTF-8 text (byte {exc.start})") from None
    else:
        text = raw
    if text.startswith("\ufeff"):  # a byte-order mark, as Windows Notepad may write
        text = text[1:]
    try:
        return copy.deepcopy(_parsed(text))
    except _TooDeep as exc:
        raise DataFileError(
            f"{where} is nested {exc.depth} levels deep (at most {MAX_DEPTH})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{where} is not valid TOML: {exc}") from None
    except ValueError:  # an integer of thousands of digits (Python's int-to-str limit)
        raise DataFileError(f"{where} has a number too long to read") from None
    except RecursionError:  # pragma: no cover - _nesting_depth catches it first
        raise DataFileError(f"{where} is nested too deeply") from None


#: What `_nesting_depth` looks at: a string (to skip; one not closed runs to the
#: end of its line, or of the file for a triple-quoted one), a comment (to
#: skip), or a bracket or brace.
_NESTING_TOKEN = re.compile(
    r'"""(?:\\[\s\S]|[^\\])*?(?:"""|\Z)'
    r"|'''[\s\S]*?(?:'''|\Z)"
    r'|"(?:\\[\s\S]|[^"\\\n])*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
    r"|[\[\]{}]"
)


class _TooDeep(Exception):
    def __init__(self, depth: int) -> None:
        super().__init__(depth)
        self.depth = depth


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> dict[str, Any]:
    """The TOML text parsed, kept for the same text (callers get a deep copy).

    The game reads the same language files each time a screen builds its
    texts (a kiosk switching languages all day, a test suite building
    hundreds of screens), and tomllib is pure Python: 5-10 ms a file. Keyed by
    the text itself, so a changed or damaged file is always parsed anew;
    errors are never kept.
    """
    depth = _nesting_depth(text)
    if depth > MAX_DEPTH:
        raise _TooDeep(depth)
    return tomllib.loads(text)


def _nesting_depth(text: str) -> int:
    """An upper bound of how deeply brackets and braces nest outside strings.

    Cheap and conservative: it counts `[`/`{` against `]`/`}` and skips quoted
    strings and comments, which is all it takes to refuse a file before the
    recursive parser would overflow the stack. One regular expression finds
    the tokens, so only brackets reach Python code (a character-by-character
    loop took half the time of loading a language's texts).
    """
    depth = deepest = 0
    for token in _NESTING_TOKEN.findall(text):
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth = max(0, depth - 1)
    return deepest


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
