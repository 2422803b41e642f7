"""Story mode without the screen: chapters, runs, measures, explanations, the challenge.

Everything here is plain Python and numpy (no pygame), so the whole story can
be played, timed and checked headless: a test answers each question, runs the
chapter's simulations to the end and reads the explanation the player would
see. The game scene (`sim.game.scenes.story`) only draws what this package
decides.
"""

from __future__ import annotations

from .chapters import Chapter, StoryError, load_story

__all__ = ["Chapter", "StoryError", "load_story"]
