"""Kiosk mode's way into the game: the "kiosk" screen (attract mode).

The game knows nothing of the kiosk (it is the layer above). Its entry
points — `python -m sim play --kiosk`, the soak bench, the tests — call
`register_screens()`, which installs the screen in the game's registry;
the game opens "kiosk" first when it runs with `--kiosk`, and fails loudly
if nothing installed it. Opening it the first time reads the museum's
settings file and installs the `KioskRuntime` on the app (`app.kiosk`),
which from then on routes input, resets the exhibit and owns the staff
screen. Importing this module alone changes nothing.
"""

from __future__ import annotations

from typing import Any

from sim.game.scenes.base import Scene, register_scene
from sim.kiosk.attract import AttractScene
from sim.kiosk.runtime import KioskRuntime
from sim.kiosk.settings import SettingsLoad, load_settings
from sim.text.i18n import available_languages


def install(app: Any, load: SettingsLoad | None = None) -> KioskRuntime:
    """Put the app in kiosk mode with the settings file (or `load`, for tests)."""
    if load is None:
        load = load_settings(available_languages=available_languages())
    runtime = KioskRuntime(app, load)
    app.kiosk = runtime
    return runtime


def _factory(app: Any, **_ignored: Any) -> Scene:
    runtime = app.kiosk if isinstance(app.kiosk, KioskRuntime) else install(app)
    app.session = runtime.new_session()  # the attract city, awake and at attract speed
    return AttractScene(app, runtime)


def register_screens() -> None:
    """Install the kiosk's screens in the game's registry (idempotent)."""
    register_scene("kiosk", _factory)
