"""The program's own input errors, and the checks of the files it is asked to write.

`UsageError` lives here, below every layer, so the report and the game can
raise it without importing the command line (no module imports a layer
above its own). An output path is the user's input like any other: a
folder that cannot be written, a directory where a file should go or a disk
that is full is reported as one line naming the path and the reason (exit 2),
never as a traceback. `check_output_path` runs *before* a long simulation, so
the user does not wait minutes to learn the folder is read-only;
`write_output` turns a failed write after the run into the same kind of line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

#: The longest file name most file systems take (ext4, APFS, NTFS: 255 bytes).
NAME_MAX = 255


class UsageError(Exception):
    """Bad command-line input: reported as one line, exit 2."""


class OutputPathError(UsageError):
    """A file the user asked for cannot be written there; the message names path and reason."""


def check_output_path(
    path: str | os.PathLike[str],
    what: str,
    suffix: str | None = None,
    make_folders: bool = False,
) -> Path:
    """Refuse an output path that cannot work, before any time is spent on a run.

    Checks, in order: not empty, no NUL byte, the wanted suffix, a file name
    the file system can hold, not an existing directory, and that the
    nearest existing folder really takes a new file (a probe file is made
    and removed: `os.access` says yes to root in a read-only folder and
    knows nothing of read-only mounts). Returns the path. With
    `make_folders` (the report, the screenshot) missing folders will be
    created by `write_output`, so their nearest existing ancestor is probed;
    without it (a CSV) a missing folder is refused, as a typo more likely
    than a wish.
    """
    raw = os.fspath(path)
    if not raw.strip():
        raise OutputPathError(f"{what}: the file name is empty")
    if "\0" in raw:
        raise OutputPathError(f"{what} {raw!r}: a file name cannot contain a NUL byte")
    out = Path(raw).expanduser()
    if suffix is not None and out.suffix.lower() != suffix:
        raise OutputPathError(f"{what} must be a {suffix} file, not {out.name!r}")
    for part in out.parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise OutputPathError(
                f"{what} {_short(raw)}: a file or folder name is longer than {NAME_MAX} bytes"
            )
    if out.is_dir():
        raise OutputPathError(f"{what} {raw}: is a folder, not a file")
    if out.exists():
        if out.is_file() and not os.access(out, os.W_OK):
            raise OutputPathError(f"{what} {raw}: the file is read-only")
        return out  # an existing file (or a device such as /dev/stdout): the write will tell
    folder = out.parent
    if not make_folders and not folder.is_dir():
        raise OutputPathError(f"{what} {raw}: there is no folder {folder}")
    while not folder.exists():
        if folder.parent == folder:
            break
        folder = folder.parent
    if folder.exists() and not folder.is_dir():
        raise OutputPathError(f"{what} {raw}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or _read_only_mount(folder):
        raise OutputPathError(f"{what} {raw}: cannot write in {folder} (read-only)")
    return out


def write_output(
    path: str | os.PathLike[str],
    what: str,
    write: Callable[[TextIO], None] | bytes,
    make_folders: bool = False,
) -> Path:
    """Write text (through `write`, given an open file) or bytes to `path`, all or nothing said.

    Missing folders are made only with `make_folders`. The file is flushed and closed inside the
    guard, so a full disk (ENOSPC, /dev/full) is reported here rather than
    lost in a buffer and followed by exit 0.
    """
    out = Path(os.fspath(path)).expanduser()
    try:
        if make_folders and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(write, bytes):
            with open(out, "wb") as fb:
                fb.write(write)
                fb.flush()
        else:
            with open(out, "w", newline="", encoding="utf-8") as ft:
                write(ft)
                ft.flush()
    except OSError as exc:
        raise OutputPathError(
            f"{what} {os.fspath(path)}: could not be written ({exc.strerror or exc})"
        ) from None
    return out


def _read_only_mount(folder: Path) -> bool:
    """True when the folder's file system is mounted read-only (where statvfs can tell)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows: the write will tell
        return False


def _short(text: str, limit: int = 60) -> str:
    """A path cut to a readable length for a one-line message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
