"""Scenes: one screen each (title, sandbox, results...), stacked by the app.

Other parts of the game (story chapters, the kiosk) add their own scenes
with `register_scene(name, factory)` and open them with `app.open(name, ...)`;
see `base.py`.
"""

from sim.game.scenes.base import SCENES, Scene, register_scene

__all__ = ["SCENES", "Scene", "register_scene"]
