"""The monkey: reproducible, varied, and unable to reach the staff exit."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from sim.game.monkey import Frame, Monkey, MonkeyConfig  # noqa: E402
from sim.kiosk.settings import MIN_LONG_PRESS_SECONDS  # noqa: E402
from sim.kiosk.touch import Pointer, PointerKind, to_input  # noqa: E402


def _flatten(frames: list[Frame]) -> list[tuple[int, int, dict[str, object]]]:
    return [(i, e.type, dict(e.__dict__)) for i, f in enumerate(frames) for e in f]


def test_same_seed_same_events() -> None:
    a = _flatten(list(Monkey(42).frames(5000)))
    b = _flatten(list(Monkey(42).frames(5000)))
    assert a == b and len(a) > 100


def test_different_seeds_differ() -> None:
    assert _flatten(list(Monkey(1).frames(2000))) != _flatten(list(Monkey(2).frames(2000)))


def test_covers_every_kind_of_input() -> None:
    m = Monkey(7, MonkeyConfig(idle_gap_seconds=5.0, gap_every_frames=3000))
    types: set[int] = set()
    keys: set[int] = set()
    for frame in m.frames(20_000):
        for e in frame:
            types.add(e.type)
            if e.type == pygame.KEYDOWN:
                keys.add(e.key)
    assert {
        pygame.MOUSEBUTTONDOWN,
        pygame.MOUSEBUTTONUP,
        pygame.MOUSEMOTION,
        pygame.FINGERDOWN,
        pygame.FINGERUP,
        pygame.FINGERMOTION,
        pygame.KEYDOWN,
        pygame.KEYUP,
    } <= types
    wanted = {
        pygame.K_SPACE,
        pygame.K_TAB,
        pygame.K_LEFT,
        pygame.K_RIGHT,
        pygame.K_UP,
        pygame.K_DOWN,
        pygame.K_RETURN,
        pygame.K_ESCAPE,
    }
    assert wanted <= keys
    assert set(m.stats) >= {"tap", "drag", "hold", "finger_tap", "finger_drag", "key", "idle_gap"}


def test_idle_gaps_are_long_enough_to_reset() -> None:
    cfg = MonkeyConfig(fps=30.0, idle_gap_seconds=80.0, gap_every_frames=1000)
    longest = run = 0
    for frame in Monkey(3, cfg).frames(12_000):
        run = 0 if frame else run + 1
        longest = max(longest, run)
    assert longest >= 80 * 30


def test_presses_are_short_and_never_use_ctrl_or_alt() -> None:
    cfg = MonkeyConfig(fps=60.0, corner_share=0.5)
    down_at: dict[str, float] = {}
    longest = 0.0
    for i, frame in enumerate(Monkey(11, cfg).frames(50_000)):
        t = i / cfg.fps
        for e in frame:
            if e.type == pygame.KEYDOWN:
                assert not e.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT)
            rec = to_input(e, t)
            if isinstance(rec, Pointer):
                assert 0 <= rec.x < 1920 and 0 <= rec.y < 1080
                if rec.kind is PointerKind.DOWN:
                    down_at[rec.pointer_id] = t
                elif rec.kind is PointerKind.UP:
                    longest = max(longest, t - down_at.pop(rec.pointer_id))
    assert 0 < longest <= cfg.max_press_seconds < MIN_LONG_PRESS_SECONDS
    assert not down_at  # every press is released


def test_touches_come_with_synthesized_mouse_events_like_sdl() -> None:
    no_gaps = (30.0, 12.0, 6.0, 20.0, 10.0, 4.0, 15.0, 12.0, 0.0)
    frames = list(Monkey(5, MonkeyConfig(weights=no_gaps)).frames(3000))
    touch_clicks = [e for f in frames for e in f if e.type == pygame.MOUSEBUTTONDOWN and e.touch]
    finger_downs = [e for f in frames for e in f if e.type == pygame.FINGERDOWN]
    assert touch_clicks and len(finger_downs) >= len(touch_clicks)
    plain_cfg = MonkeyConfig(weights=no_gaps, synthesize_mouse_from_touch=False)
    plain = list(Monkey(5, plain_cfg).frames(3000))
    assert not [e for f in plain for e in f if getattr(e, "touch", False)]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_press_seconds": MIN_LONG_PRESS_SECONDS},
        {"weights": (1.0, 2.0)},
        {"weights": (0.0,) * 9},
        {"fps": 0.0},
        {"gap_every_frames": 0},
    ],
)
def test_config_rejects_unsafe_or_nonsense(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        MonkeyConfig(**kwargs)  # type: ignore[arg-type]


def test_a_slow_soak_clock_still_gives_whole_presses() -> None:
    """The soak bench runs the app at 1 frame per simulated second: every press still ends."""
    for fps in (1.0, 2.0):
        monkey = Monkey(1, MonkeyConfig(fps=fps))
        down: set[tuple[str, int]] = set()
        for events in monkey.frames(5000):
            for e in events:
                if e.type == pygame.FINGERDOWN:
                    down.add(("finger", e.finger_id))
                elif e.type == pygame.FINGERUP:
                    down.discard(("finger", e.finger_id))
        assert not down


def test_the_monkey_knows_the_kiosks_shortest_staff_press() -> None:
    from sim.kiosk.settings import MIN_LONG_PRESS_SECONDS

    assert MonkeyConfig().staff_press_seconds == MIN_LONG_PRESS_SECONDS
