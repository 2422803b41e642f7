"""Shared builders for the kiosk integration tests (no tests here).

The app is the real one, built as `play --kiosk` builds it, on a small crowd.
With `frames` set the kiosk clock is the sum of the frame times, so a test
moves time by passing a big `dt` to `app.frame` instead of waiting.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from sim.game.app import App, Options, build_app
from sim.kiosk.runtime import KioskRuntime
from sim.kiosk.scene import register_screens
from sim.kiosk.settings import SETTINGS_ENV

FRAME = 1 / 60
SMALL = (("people", "3000"),)


def kiosk_app(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: str | None = "",
    size: tuple[int, int] = (1920, 1080),
) -> App:
    """A kiosk app reading `settings` as its settings file (None: no file at all)."""
    path = tmp_path / "kiosk.toml"
    if settings is not None:
        path.write_text(settings, encoding="utf-8")
    monkeypatch.setenv(SETTINGS_ENV, str(path))
    register_screens()  # as `python -m sim play --kiosk` does
    app = build_app(Options(kiosk=True, frames=1, size=size, overrides=SMALL))
    pygame.event.clear()
    return app


def runtime(app: App) -> KioskRuntime:
    assert isinstance(app.kiosk, KioskRuntime)
    return app.kiosk


def finger(app: App, kind: int, pos: tuple[float, float], fid: int = 1) -> None:
    """Queue a finger event at a logical point, as SDL reports it (0-1 over the window)."""
    wx, wy = app.to_window((round(pos[0]), round(pos[1])))
    w, h = app.window.get_size()
    pygame.event.post(
        pygame.event.Event(
            kind, touch_id=1, finger_id=fid, x=wx / w, y=wy / h, dx=0.0, dy=0.0, pressure=1.0
        )
    )


def tap(app: App, pos: tuple[float, float], fid: int = 1) -> None:
    """A finger down and up, one frame each; then, as a visitor waits, until it took effect.

    A knob that costs time is applied beside the frame loop, and a tap that
    needs the model meanwhile is replayed when it is free (sim/game/session.py):
    the frames go on until nothing is computing or waiting to be replayed.
    """
    finger(app, pygame.FINGERDOWN, pos, fid)
    app.frame(FRAME)
    finger(app, pygame.FINGERUP, pos, fid)
    app.frame(FRAME)
    settle_jobs(app)


def settle_jobs(app: App, limit_s: float = 60.0) -> None:
    """Frames until the sandbox's model is free and no input waits for it."""
    import time

    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        scene, session = app.top, getattr(app, "session", None)
        busy = bool(getattr(session, "busy", False))
        if not busy and not getattr(scene, "deferred", None):
            return
        time.sleep(0.005)
        app.frame(FRAME)
    raise AssertionError("the model was still computing after a minute")


def hold(app: App, pos: tuple[float, float], seconds: float, fid: int = 7) -> None:
    """A finger held still for `seconds` (in half-second frames), then lifted."""
    finger(app, pygame.FINGERDOWN, pos, fid)
    app.frame(FRAME)
    steps = round(seconds / 0.5)
    for _ in range(steps):
        app.frame(0.5)
    finger(app, pygame.FINGERUP, pos, fid)
    app.frame(FRAME)


def key(app: App, k: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.frame(FRAME)


def start_visit(app: App) -> None:
    """A visitor touches the attract screen."""
    tap(app, (700, 500))


def visit_sandbox(app: App) -> None:
    """A visitor touches the attract screen and goes on to the sandbox.

    The sandbox is opened as the story's "to the sandbox" button opens it.
    """
    start_visit(app)
    app.open("sandbox", replace=True)
    app.frame(FRAME)


def unlock_staff(app: App) -> None:
    """The staff gesture through the real app: hold the corner, type the PIN, OK."""
    rt = runtime(app)
    cfg = rt.settings.staff_exit
    hold(app, (20, 20), cfg.long_press_seconds + 0.5)
    assert rt.pin_pad is not None, "the corner hold did not open the PIN pad"
    for d in cfg.pin:
        tap(app, rt.pin_pad.button(f"digit:{d}").rect.center)
    tap(app, rt.pin_pad.button("ok").rect.center)
    assert rt.staff_screen is not None, "the right PIN did not open the staff screen"
