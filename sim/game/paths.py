"""Where the game's data files live.

Assets sit at the project root (`assets/`), beside the `sim` package, so the
same path works from a source checkout, an editable install and a pygbag
bundle, and nothing depends on the current working directory.
"""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONTS = ASSETS / "fonts"
LOCALES = ASSETS / "locales"
THEME_FILE = ASSETS / "theme.toml"
