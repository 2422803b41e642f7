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

import os
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
    depth = _nesting_depth(text)
    if depth > MAX_DEPTH:
        raise DataFileError(f"{where} is nested {depth} levels deep (at most {MAX_DEPTH})")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{where} is not valid TOML: {exc}") from None
    except ValueError:  # an integer of thousands of digits (Python's int-to-str limit)
        raise DataFileError(f"{where} has a number too long to read") from None
    except RecursionError:  # pragma: no cover - _nesting_depth catches it first
        raise DataFileError(f"{where} is nested too deeply") from None


def _nesting_depth(text: str) -> int:
    """An upper bound of how deeply brackets and braces nest outside strings.

    Cheap and conservative: it counts `[`/`{` against `]`/`}` and skips quoted
    strings and comments, which is all it takes to refuse a file before the
    recursive parser would overflow the stack.
    """
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
        elif c in "\"'":
            triple = text.startswith(c * 3, i)
            quote = c * 3 if triple else c
            j = i + len(quote)
            while j < n:
                if c == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                if not triple and text[j] == "\n":
                    break
                j += 1
            i = j + len(quote) - 1
        i += 1
    return deepest


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
