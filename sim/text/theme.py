"""Colours and type sizes, read from assets/theme.toml with safe defaults.

A museum installs the game once and may edit the theme by hand. A typo there
must not stop the exhibit: every value has a built-in default, and a broken
file or value is reported once, in one line, and then ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.datafile import DataFileError, read_toml
from sim.notices import warn_once
from sim.paths import THEME_FILE

Color = tuple[int, int, int]

DEFAULTS: dict[str, dict[str, Any]] = {
    "palette": {
        "black": "#000000",
        "orange": "#E69F00",
        "sky": "#56B4E9",
        "green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "purple": "#CC79A7",
    },
    "ui": {
        "background": "#11151c",
        "panel": "#1b212b",
        "panel_border": "#394253",
        "text": "#f4f4f4",
        "text_dim": "#b9c2cf",
        "heading": "#ffffff",
        "button": "#2a3343",
        "button_hover": "#374357",
        "button_on": "#0072B2",
        "focus": "#F0E442",
        "track": "#4b5566",
        "fill": "#56B4E9",
        "knob": "#f4f4f4",
        "warning": "#E69F00",
    },
    "city": {
        "ground": "#1a1f27",
        "street": "#2c3440",
        "residential": "#1f2a26",
        "business": "#1f2433",
        "centre": "#2a2433",
        "stadium": "#2d2a1f",
        "park": "#1d2b22",
        "industrial": "#262626",
        "other": "#222831",
        "district_border": "#3c4656",
        "camera": "#0072B2",
        "camera_off": "#5a6270",
        "fov": "#56B4E9",
        "fov_alpha": 34,
    },
    "states": {
        "walking": "#aeb8c6",
        "captured": "#56B4E9",
        "flagged": "#E69F00",
        "stopped": "#D55E00",
        "detained": "#CC79A7",
        "found": "#009E73",
        "outline": "#000000",
    },
    "groups": {"A": "#56B4E9", "B": "#E69F00", "C": "#009E73", "D": "#CC79A7"},
    "charts": {
        "faces": "#aeb8c6",
        "alerts": "#F0E442",
        "wanted": "#009E73",
        "innocent": "#E69F00",
        "confirmed": "#E69F00",
        "stops": "#D55E00",
        "detained": "#CC79A7",
        "expected": "#ffffff",
        "grid": "#394253",
    },
    "fonts": {
        "regular": "AtkinsonHyperlegible-Regular.ttf",
        "bold": "AtkinsonHyperlegible-Bold.ttf",
    },
    "sizes": {"small": 21, "body": 24, "label": 26, "large": 32, "title": 40, "huge": 72},
}


def parse_color(text: Any) -> Color:
    """'#rrggbb' -> (r, g, b); raises ValueError for anything else."""
    if not isinstance(text, str) or len(text) != 7 or text[0] != "#":
        raise ValueError(text)
    value = int(text[1:], 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


@dataclass
class Theme:
    """Resolved theme: every lookup succeeds, whatever the file said."""

    raw: dict[str, dict[str, Any]] = field(default_factory=dict)
    _colors: dict[str, Color] = field(default_factory=dict)

    def color(self, section: str, name: str) -> Color:
        """A colour from a section; unknown names get magenta so they are noticed."""
        key = f"{section}.{name}"
        cached = self._colors.get(key)
        if cached is not None:
            return cached
        value = self.raw.get(section, {}).get(name)
        try:
            color = parse_color(value)
        except ValueError:
            default = DEFAULTS.get(section, {}).get(name)
            try:
                color = parse_color(default)
            except ValueError:
                warn_once(f"theme-missing:{key}", f"theme has no colour {key}; using magenta")
                color = (255, 0, 255)
            else:
                warn_once(
                    f"theme-bad:{key}",
                    f"theme value {key}={value!r} is not a colour like '#12ab4f'; "
                    "using the default",
                )
        self._colors[key] = color
        return color

    def number(self, section: str, name: str) -> int:
        """An integer setting (sizes, alphas), falling back to the default."""
        value = self.raw.get(section, {}).get(name)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
            return value
        default = int(DEFAULTS.get(section, {}).get(name, 24))
        if value is not None:
            warn_once(
                f"theme-bad:{section}.{name}",
                f"theme value {section}.{name}={value!r} is not a whole number from 0 to 1000; "
                f"using {default}",
            )
        return default

    def text(self, section: str, name: str) -> str:
        """A string setting (font file names)."""
        value = self.raw.get(section, {}).get(name)
        if isinstance(value, str) and value:
            return value
        return str(DEFAULTS.get(section, {}).get(name, ""))

    def size(self, name: str) -> int:
        """A type size in logical pixels."""
        return self.number("sizes", name)

    def state(self, name: str) -> Color:
        return self.color("states", name)

    def ui(self, name: str) -> Color:
        return self.color("ui", name)


def load_theme(path: Path = THEME_FILE) -> Theme:
    """Read the theme file; on any problem say so once and use the defaults.

    The file goes through the one guarded reader, so a truncated, binary,
    non-UTF-8, deeply nested or missing theme, or a directory or FIFO in its
    place, is one line naming the file and the built-in theme.
    """
    merged: dict[str, dict[str, Any]] = {k: dict(v) for k, v in DEFAULTS.items()}
    try:
        data = read_toml(path, "theme file")
    except DataFileError as exc:
        warn_once("theme-file", f"{exc}; using the built-in theme")
        return Theme(merged)
    if not data:  # emptied, or cut off inside its opening comment
        warn_once("theme-file", f"theme file {path} sets nothing; using the built-in theme")
        return Theme(merged)
    for section, values in data.items():
        if not isinstance(values, dict):
            warn_once(
                f"theme-section:{section}",
                f"theme entry {section!r} in {path} should be a [section]; ignored",
            )
            continue
        merged.setdefault(section, {}).update(values)
    return Theme(merged)
