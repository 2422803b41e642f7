"""The question screen's left panel is drawn once and blitted after (story_ask.py).

A frame drawn from the kept panel must be the very frame drawn afresh, and
the panel must be drawn again when what it shows changes: the language, the
chapter, or the count made ahead while the student reads.
"""

from __future__ import annotations

import pygame

from sim.game.app import Options, build_app
from sim.game.scenes.story_ask import AskScreen
from sim.game.scenes.story_layout import LEFT


def _left(app) -> bytes:
    return pygame.image.tobytes(app.logical.subsurface(LEFT), "RGB")


def test_the_kept_panel_is_the_fresh_one_and_follows_language_and_chapter() -> None:
    pygame.display.quit()
    app = build_app(Options(chapter=1, frames=1), start="story")
    scene = app.top
    for _ in range(3):
        app.frame(1 / 60)
    assert isinstance(scene.screen, AskScreen) and scene.screen._question is not None
    kept = _left(app)
    scene.screen._question = None  # the same frame drawn afresh
    app.frame(1 / 60)
    assert _left(app) == kept
    scene.ui.i18n.set_language("de")
    app.frame(1 / 60)
    german = _left(app)
    assert german != kept
    scene.flow.jump(1)
    app.frame(1 / 60)
    assert _left(app) != german
    pygame.display.quit()
