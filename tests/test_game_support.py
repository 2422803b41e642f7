"""Shared builders for the game tests (no tests here): a headless app on a small crowd."""

from __future__ import annotations

import argparse
from typing import Any

import pygame

from sim.game.app import App, Options, build_app
from sim.kiosk.scene import register_screens

SMALL = (("people", "3000"),)


def make_app(
    start: str | None = "sandbox",
    scenario: str = "city",
    overrides: tuple[tuple[str, str], ...] = SMALL,
    size: tuple[int, int] | None = None,
    **kwargs: Any,
) -> App:
    frames = 1 if start is not None else None  # start=None: choose as a player's launch would
    register_screens()  # as `python -m sim play` does: the kiosk's screens are on offer
    opts = Options(scenario=scenario, overrides=overrides, frames=frames, size=size, **kwargs)
    return build_app(opts, start=start)


def namespace(**kwargs: Any) -> argparse.Namespace:
    base = dict(
        scenario="city",
        seed=1,
        set=[],
        lang="en",
        kiosk=False,
        fullscreen=False,
        chapter=None,
        frames=2,
        screenshot=None,
        fps_report=False,
        monkey=None,
        size=None,
    )
    base.update(kwargs)
    return argparse.Namespace(**base)


def click(app: App, logical: tuple[int, int]) -> None:
    """A real mouse click at a logical point, sent through the window mapping."""
    pos = app.to_window(logical)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.frame(1 / 60)


def key(app: App, k: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.frame(1 / 60)
