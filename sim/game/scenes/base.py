"""The scene protocol and the registry that lets other packages add scenes.

A scene is a small object with handle(event) -> bool, update(dt) and
draw(surface). The app keeps a stack: the top scene gets the input and the
updates; scenes are drawn from the highest opaque one upward, so an overlay
(results card, a story caption, the kiosk's "still there?") is drawn over
the live sandbox without the sandbox knowing about it.

Story chapters (issue 4) and the kiosk (issue 5) register factories here:

    from sim.game.scenes import register_scene
    register_scene("story", lambda app, chapter=1: StoryScene(app, chapter))

and drive the model only through `app.session` (set_param, load, reset,
paused, set_speed), the same object the sandbox uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

if TYPE_CHECKING:
    from sim.game.app import App


class Scene:
    """Base class: override what you need."""

    opaque = True  # draws the whole screen, so scenes below need not be drawn
    updates_below = False  # if True, the scene below keeps updating (live overlays)

    def __init__(self, app: App) -> None:
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


def describe() -> dict[str, Any]:
    """Registered scene names (for diagnostics)."""
    return {name: getattr(f, "__qualname__", repr(f)) for name, f in SCENES.items()}
