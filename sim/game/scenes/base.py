"""The scene protocol and the registry that lets other packages add scenes.

A scene is a small object with handle(event) -> bool, update(dt) and
draw(surface). The app keeps a stack: the top scene gets the input and the
updates; scenes are drawn from the highest opaque one upward, so an overlay
(results card, a story caption, the kiosk's "still there?") is drawn over
the live sandbox without the sandbox knowing about it.

Screens outside the core (the story, the kiosk's attract screen) register
factories here when their entry point installs them:

    from sim.game.scenes.base import register_scene
    register_scene("story", lambda app, chapter=1: StoryScene(app, chapter))

and drive the model only through `app.session` (set_param, load, reset,
paused, set_speed), the same object the sandbox uses. A scene holds its app
as `Any`: the app imports the scenes, so naming its class here would make a
loop of imports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame


class Scene:
    """Base class: override what you need."""

    opaque = True  # draws the whole screen, so scenes below need not be drawn
    updates_below = False  # if True, the scene below keeps updating (live overlays)

    def __init__(self, app: Any) -> None:
        self.app = app

    def handle(self, event: pygame.event.Event) -> bool:
        """One input event in logical coordinates; True if used."""
        return False

    def update(self, dt: float) -> None:
        """Advance by dt real seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw onto the 1920x1080 logical surface."""

    def dirty_rects(self) -> list[pygame.Rect] | None:
        """What changed on screen since the last frame; None means everything.

        Called after draw() when this scene is the only one drawn and no input
        arrived; a scene that animates only part of the screen can list it.
        """
        return None

    def enter(self) -> None:
        """Called when the scene becomes the top of the stack."""

    def leave(self) -> None:
        """Called when the scene is removed."""


SceneFactory = Callable[..., Scene]
SCENES: dict[str, SceneFactory] = {}


def register_scene(name: str, factory: SceneFactory) -> None:
    """Make a scene openable by name (`app.open(name, **kwargs)`)."""
    SCENES[name] = factory


def get_factory(name: str) -> SceneFactory | None:
    return SCENES.get(name)
