"""Where the project's data files are, relative to the package (no working-directory guesses)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets"
REAL_WORLD = ASSETS / "data" / "real_world.toml"
