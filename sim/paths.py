"""Where the program's data files are: one resolver, used by every part of the program.

The data files live in the repository's top-level `assets/` folder. A wheel or a
standalone bundle carries the same files inside the package, as `sim/assets/`
(pyproject.toml maps the folder there), so an installed program finds them next
to its own code. A source checkout or an editable install has no `sim/assets/`
and uses the folder beside the package. Nothing here looks at the working
directory, so the program works the same from any folder it is started in.

`ONE_IN_A_MILLION_ASSETS`, when set, names another assets folder: a museum can
try an edited copy of the texts or theme without touching the installation,
and the tests point the program at a deliberately damaged copy.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _find_assets() -> Path:
    """The override first, then the installed copy inside the package, then the checkout's."""
    override = os.environ.get("ONE_IN_A_MILLION_ASSETS")
    if override:
        return Path(override).expanduser().resolve()
    for candidate in (PACKAGE / "assets", PACKAGE.parent / "assets"):
        if (candidate / "scenarios").is_dir():
            return candidate
    # Neither exists: keep the packaged path so every "missing file" message names
    # the place an installed program should have had it.
    return PACKAGE / "assets"


ASSETS = _find_assets()
SCENARIOS = ASSETS / "scenarios"
CHAPTERS = ASSETS / "story" / "chapters"
FONTS = ASSETS / "fonts"
LOCALES = ASSETS / "locales"
THEME_FILE = ASSETS / "theme.toml"
REAL_WORLD = ASSETS / "data" / "real_world.toml"
DETECTORS = ASSETS / "data" / "detectors.toml"
