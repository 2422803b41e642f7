"""The player's preferences, remembered between starts: language, text size, projector mode.

A teacher who starts the game by double-click cannot pass `--lang es`; the
preferences screen sets it once and it stays. The file is the user's own
settings file (`preferences.toml` in the platform's config folder, beside the
kiosk's `kiosk.toml`), written only when a preference is changed on screen,
read through the guarded loader: a damaged file or value falls back to the
default with one notice and never stops the game. The kiosk keeps its own,
staff-only settings and does not read this file.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

from sim.datafile import DataFileError, read_toml
from sim.notices import warn_once

APP_NAME = "one-in-a-million"
FILENAME = "preferences.toml"
#: Where exports go: a folder the user knows, chosen by name, never typed in.
EXPORT_FOLDERS = ("documents", "desktop", "home")
TEXT_SIZES = (1.0, 1.5)


@dataclass(frozen=True)
class Preferences:
    language: str = ""  # "" = the command line's or English
    text_size: float = 1.0
    projector: bool = False
    reduced_motion: bool = False
    export_folder: str = "documents"

    def export_dir(self) -> Path:
        """The folder exports are saved in (created when the first export is saved)."""
        if self.export_folder == "desktop":
            return Path(platformdirs.user_desktop_dir()) / "One in a Million"
        if self.export_folder == "home":
            return Path.home() / "One in a Million"
        return Path(platformdirs.user_documents_dir()) / "One in a Million"


def preferences_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILENAME


def load_preferences(path: Path | None = None) -> Preferences:
    """The saved preferences; defaults for a missing file, and for any bad entry."""
    where = preferences_path() if path is None else path
    if not where.exists():
        return Preferences()
    try:
        data = read_toml(where, "preferences file")
    except DataFileError as exc:
        warn_once("prefs-file", f"{exc}; using the default preferences")
        return Preferences()
    prefs = Preferences()
    checks: dict[str, Any] = {
        "language": lambda v: isinstance(v, str) and len(v) <= 16 and v.replace("-", "").isalnum(),
        "text_size": lambda v: (
            isinstance(v, int | float)
            and not isinstance(v, bool)
            and math.isfinite(v)
            and TEXT_SIZES[0] <= v <= TEXT_SIZES[1]
        ),
        "projector": lambda v: isinstance(v, bool),
        "reduced_motion": lambda v: isinstance(v, bool),
        "export_folder": lambda v: v in EXPORT_FOLDERS,
    }
    for key, value in data.items():
        check = checks.get(key)
        if check is None:
            warn_once(f"prefs-key:{key}", f"preferences file {where}: unknown key {key!r} ignored")
        elif not check(value):
            warn_once(
                f"prefs-value:{key}",
                f"preferences file {where}: {key} = {value!r} is not usable; using the default",
            )
        else:
            prefs = replace(prefs, **{key: float(value) if key == "text_size" else value})
    return prefs


def save_preferences(prefs: Preferences, path: Path | None = None) -> str | None:
    """Write the file; returns None, or one line saying why it could not be written."""
    where = preferences_path() if path is None else path
    lines = ["# One in a Million: preferences (the game writes this file; edit with care)"]
    for key, value in asdict(prefs).items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float):
            text = repr(round(value, 2))
        else:
            text = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines.append(f"{key} = {text}")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = where.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, where)  # never a half-written file after a power cut
    except OSError as exc:
        return f"preferences cannot be saved to {where} ({exc.strerror or exc})"
    return None


def apply_preferences(
    ui: Any, session: Any, base_theme: Any, prefs: Preferences, motion: bool = True
) -> float:
    """Make the game look (and, with `motion`, move) as `prefs` say; returns the text size.

    The App fits that size to the screens on show every frame (fit_text_scale).
    """
    from sim.game.look import set_look
    from sim.game.session import DEFAULT_SPEED

    if prefs.language:
        ui.i18n.set_language(prefs.language)
    wanted = set_look(ui, base_theme, "projector" if prefs.projector else "dark", prefs.text_size)
    # Reduced motion: the crowd walks one speed step slower by default, as in the kiosk.
    if motion:  # only when motion is what changed: never undo the player's own speed
        session.set_speed(DEFAULT_SPEED - 1 if prefs.reduced_motion else DEFAULT_SPEED)
    return wanted
