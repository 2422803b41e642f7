"""Every registered scene opens and draws a few frames, at both kiosk screen sizes.

Like Python Arcade's "every example runs one frame" and like
`test_every_scenario_starts_and_renders`: a screen that raises on open or on
its first frames, or draws nothing, fails here by name, whoever added it.
The scene list is read from the registry itself (after calling every
screen installer, as `python -m sim play` runs them), so a new screen is
covered the day it registers.
"""

from __future__ import annotations

import pygame
import pytest

from sim.game.app import register_game_screens
from sim.game.scenes.base import SCENES
from sim.kiosk.scene import register_screens
from sim.kiosk.settings import SETTINGS_ENV
from tests.test_game_support import make_app

register_game_screens()
register_screens()
NAMES = sorted(SCENES)
SIZES = [(1366, 768), (1920, 1080)]
FRAMES = 4


@pytest.fixture(autouse=True)
def _default_preferences(tmp_path, monkeypatch) -> None:
    """Never the machine's saved preferences (language, text size, projector): the defaults."""
    from sim.game import preferences

    monkeypatch.setattr(preferences, "preferences_path", lambda: tmp_path / "prefs.toml")


def test_the_registry_holds_every_screen_the_game_ships() -> None:
    """The list below is the floor: a screen that stops registering is a failure, not a skip."""
    shipped = {"sandbox", "title", "results", "about", "cases", "story", "kiosk"}
    assert shipped <= set(NAMES), shipped - set(NAMES)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", NAMES)
def test_every_scene_opens_and_draws(name: str, size: tuple[int, int], tmp_path, monkeypatch):
    settings = tmp_path / "kiosk.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv(SETTINGS_ENV, str(settings))  # the kiosk never reads a real file
    pygame.display.quit()
    app = make_app(start="title", size=size)
    assert app.open(name), name
    for _ in range(FRAMES):
        app.frame(1 / 60)
    assert app.running, name  # the scene did not quit the game
    assert app.top is not None, name  # something is still on screen
    window = pygame.display.get_surface()
    assert window.get_size() == size
    w, h = size
    grid = [(x, y) for x in range(0, w, w // 23) for y in range(0, h, h // 13)]
    colours = {window.get_at(p)[:3] for p in grid}
    assert len(colours) > 3, (name, colours)  # not a blank (one-colour) screen
    pygame.display.quit()
