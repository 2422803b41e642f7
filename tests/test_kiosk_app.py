"""The kiosk in the real app: visitor cycle, clean reset, staff exit, settings, look.

Everything goes through `app.frame`, with finger events posted the way SDL
delivers them, so these test what a visitor's hands and the staff's PIN
really reach. Time is moved by frame lengths (the kiosk clock is simulated).
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pygame
import pytest

from sim.game.scenes.sandbox import SandboxScene
from sim.game.session import Session
from sim.kiosk.attract import AttractScene
from sim.kiosk.exit_codes import RESTART_REQUESTED, STAFF_EXIT
from sim.kiosk.runtime import ATTRACT_START_HOUR
from sim.kiosk.settings import KioskSettings
from sim.kiosk.staff import StaffPhase
from sim.kiosk.touch import LOGICAL_SIZE
from sim.model import STEP_S
from sim.text.fonts import TextCache
from tests.test_kiosk_support import (
    FRAME,
    finger,
    hold,
    key,
    kiosk_app,
    runtime,
    start_visit,
    tap,
    unlock_staff,
    visit_sandbox,
)

# --- attract and the visitor cycle ---------------------------------------------------


def test_kiosk_starts_in_attract_mode_with_a_running_city(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    assert isinstance(app.top, AttractScene) and len(app.scenes) == 1
    assert rt.controller.in_attract
    t0 = app.session.model.t
    for _ in range(30):
        app.frame(FRAME)
    assert app.session.model.t > t0  # the simulation runs by itself
    assert rt.caption().key == "kiosk.attract.1"


def test_a_touch_starts_a_visit_and_is_not_also_a_click(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    start_visit(app)
    assert not isinstance(app.top, AttractScene)
    assert not runtime(app).controller.in_attract
    assert type(app.top).__name__ in ("StoryScene", "SandboxScene")


def test_idle_reset_forgets_everything_of_the_visitor(tmp_path, monkeypatch) -> None:
    """Model state, seed, knobs, language, open screens: nothing survives the reset."""
    app = kiosk_app(tmp_path, monkeypatch, 'languages = ["en", "fr"]\n')
    rt = runtime(app)
    start_visit(app)
    # The visitor plays: sandbox, another language, other knobs, another seed, a chooser open.
    app.open("sandbox", replace=True)
    app.ui.i18n.set_language("fr")
    app.session.set_param("threshold", 60.0)
    app.session.reset(seed=777)
    for _ in range(120):
        app.frame(FRAME)
    sandbox = app.top
    assert isinstance(sandbox, SandboxScene)
    sandbox.open_picker()
    app.frame(FRAME)
    visitor_model = weakref.ref(app.session.model)
    visitor_session = app.session
    assert len(app.scenes) == 2
    # They walk away: first the question, then the reset.
    app.frame(rt.settings.idle_seconds)
    assert rt.countdown is not None
    app.frame(rt.settings.countdown_seconds)
    assert rt.countdown is None
    assert len(app.scenes) == 1 and isinstance(app.top, AttractScene)
    assert rt.controller.in_attract
    assert app.ui.i18n.lang == "en"
    session = app.session
    assert session is not visitor_session
    assert session.seed == 1
    # the attract city starts in the morning (ATTRACT_START_HOUR); the rest is the default
    fresh = Session("city", 1, [("people", "3000"), ("start_hour", ATTRACT_START_HOUR)])
    assert session.get_param("threshold") == fresh.get_param("threshold") == 80.0
    assert session.model.params.as_dict() == fresh.model.params.as_dict()
    model = session.model
    assert model.day == 0 and model.history == []
    # the only alerts are the fresh morning city's own, from its first few steps
    assert ((model.log.time >= model.t0) & (model.log.time <= model.t)).all()
    assert model.t - model.t0 <= 4 * STEP_S + 1e-6
    del visitor_session, sandbox
    gc.collect()
    assert visitor_model() is None, "the visitor's model is still alive somewhere"


def test_continue_answers_the_countdown_and_the_tap_goes_no_further(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    visit_sandbox(app)
    app.frame(rt.settings.idle_seconds + 1)
    assert rt.countdown is not None
    paused = app.session.paused
    button = rt.countdown.button.rect
    assert button.height >= 48 and button.centery > LOGICAL_SIZE[1] * 0.7  # big, low
    tap(app, button.center)
    assert rt.countdown is None and not rt.controller.in_attract
    assert app.session.paused == paused  # the tap was not also a click on the sandbox
    app.frame(rt.settings.idle_seconds - 1)
    assert rt.countdown is None  # the idle clock started again from the tap


def test_attract_starts_a_new_day_instead_of_growing_for_weeks(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    attract = app.top
    assert isinstance(attract, AttractScene)
    app.session.set_speed(4)  # 4 hours a second: a day in a few hundred frames
    for _ in range(1500):
        app.frame(FRAME)
        if attract.days:
            break
    assert attract.days == 1
    model = app.session.model
    assert app.session.seed == 2 and model.t - model.t0 < 3600 and model.log.n < 50


# --- no way out for visitors ---------------------------------------------------------


@pytest.mark.parametrize("screen", ["attract", "story", "sandbox", "title"])
def test_quit_escape_and_alt_f4_do_not_leave(screen: str, tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    if screen != "attract":
        start_visit(app)
        if screen != "story":
            app.open(screen, replace=True)
    for _ in range(3):
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        app.frame(FRAME)
        key(app, pygame.K_ESCAPE)
        key(app, pygame.K_F4, pygame.KMOD_ALT)
        key(app, pygame.K_q, pygame.KMOD_CTRL)
        key(app, pygame.K_F11)
    assert app.running and app.scenes
    assert not app.fullscreen or app.options.size is None


def test_a_scene_that_quits_or_empties_the_stack_is_overruled(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    start_visit(app)
    app.quit()  # as a scene's Escape handler outside kiosk mode would
    app.frame(FRAME)
    assert app.running
    while app.scenes:
        app.pop()
    app.frame(FRAME)
    assert app.running and isinstance(app.top, AttractScene)


def test_short_holds_drags_and_two_fingers_in_the_corner_open_nothing(
    tmp_path, monkeypatch
) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    long = rt.settings.staff_exit.long_press_seconds
    hold(app, (20, 20), long - 1.0)  # not long enough
    assert rt.pin_pad is None
    # held long enough, but sliding away like a drag
    finger(app, pygame.FINGERDOWN, (20, 20), 3)
    app.frame(FRAME)
    finger(app, pygame.FINGERMOTION, (90, 90), 3)
    for _ in range(round(long / 0.5) + 2):
        app.frame(0.5)
    finger(app, pygame.FINGERUP, (90, 90), 3)
    app.frame(FRAME)
    assert rt.pin_pad is None
    # a second finger elsewhere: a palm on the glass, not the gesture
    finger(app, pygame.FINGERDOWN, (20, 20), 4)
    finger(app, pygame.FINGERDOWN, (900, 600), 5)
    for _ in range(round(long / 0.5) + 2):
        app.frame(0.5)
    assert rt.pin_pad is None


def test_wrong_pins_lock_the_gesture_out(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    cfg = rt.settings.staff_exit
    for _ in range(cfg.max_pin_attempts):
        hold(app, (20, 20), cfg.long_press_seconds + 0.5)
        assert rt.pin_pad is not None
        for d in "1111":
            tap(app, rt.pin_pad.button(f"digit:{d}").rect.center)
        tap(app, rt.pin_pad.button("ok").rect.center)
    assert rt.pin_pad is None and rt.staff_screen is None
    assert rt.controller.staff.phase is StaffPhase.LOCKED_OUT
    hold(app, (20, 20), cfg.long_press_seconds + 0.5)
    assert rt.pin_pad is None  # locked out: the corner does nothing for a while


def test_random_visitors_aimed_at_the_corners_never_reach_the_pin_pad(
    tmp_path, monkeypatch
) -> None:
    """The monkey through the real app, half its presses in a corner; any PIN pad raises."""
    from sim.game.monkey import Monkey, MonkeyConfig

    app = kiosk_app(tmp_path, monkeypatch, "idle_seconds = 10\ncountdown_seconds = 3\n")
    rt = runtime(app)
    monkey = Monkey(11, MonkeyConfig(corner_share=0.5, idle_gap_seconds=14.0, gap_every_frames=600))
    for _ in range(2400):
        for event in monkey.next_frame():
            pygame.event.post(event)
        app.frame(FRAME)
        assert rt.pin_pad is None and rt.staff_screen is None
        assert app.running
    assert rt.stats["start_session"] >= 2 and rt.stats["resets"] >= 1


# --- the staff's way out -----------------------------------------------------------------


@pytest.mark.parametrize(("button", "code"), [("exit", STAFF_EXIT), ("restart", RESTART_REQUESTED)])
def test_staff_exit_and_restart(button: str, code: int, tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    start_visit(app)
    unlock_staff(app)
    app.frame(FRAME)
    assert app.running  # the staff screen alone ends nothing
    tap(app, rt.staff_screen.button(button).rect.center)
    assert not app.running and app.exit_code == code


def test_staff_screen_back_returns_a_clean_attract(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    start_visit(app)
    unlock_staff(app)
    screen = rt.staff_screen
    assert screen is not None
    finger(app, pygame.FINGERDOWN, (1400, 500), 21)
    finger(app, pygame.FINGERDOWN, (1600, 700), 22)
    app.frame(FRAME)
    assert len(screen.touches) == 2  # the touch test sees both fingers
    finger(app, pygame.FINGERUP, (1400, 500), 21)
    finger(app, pygame.FINGERUP, (1600, 700), 22)
    app.frame(FRAME)
    tap(app, screen.button("display_test").rect.center)
    assert screen.display_test
    tap(app, (900, 300))
    assert not screen.display_test
    tap(app, screen.button("back").rect.center)
    assert rt.staff_screen is None and app.running
    assert isinstance(app.top, AttractScene) and rt.controller.in_attract


def test_staff_screen_left_open_closes_itself(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    unlock_staff(app)
    app.frame(rt.settings.idle_seconds + 1)
    assert rt.staff_screen is None and isinstance(app.top, AttractScene) and app.running


def test_key_chord_opens_the_pin_pad(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    key(app, pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_SHIFT)
    assert rt.pin_pad is not None
    for d in rt.settings.staff_exit.pin:
        key(app, getattr(pygame, f"K_{d}"))
    key(app, pygame.K_RETURN)
    assert rt.staff_screen is not None


# --- settings ------------------------------------------------------------------------------


def _record_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = TextCache.render

    def render(self: TextCache, text: str, *args: object, **kwargs: object) -> pygame.Surface:
        seen.append(text)
        return real(self, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TextCache, "render", render)
    return seen


def test_broken_settings_fall_back_and_only_staff_see_why(tmp_path, monkeypatch) -> None:
    seen = _record_texts(monkeypatch)
    app = kiosk_app(tmp_path, monkeypatch, 'idle_seconds = "soon"\n[staff_exit\npin = 12\n')
    rt = runtime(app)
    assert rt.load.problems and "not valid TOML" in rt.load.problems[0]
    assert rt.settings == KioskSettings()  # every default
    # A whole visitor cycle: attract, story, countdown, reset.
    for _ in range(20):
        app.frame(FRAME)
    start_visit(app)
    for _ in range(20):
        app.frame(FRAME)
    app.frame(rt.settings.idle_seconds)
    app.frame(FRAME)
    app.frame(rt.settings.countdown_seconds)
    app.frame(FRAME)
    visitor_saw = " ".join(seen)
    assert "TOML" not in visitor_saw and str(tmp_path) not in visitor_saw
    assert "kiosk.toml" not in visitor_saw
    unlock_staff(app)
    app.frame(FRAME)
    staff_saw = " ".join(seen)
    assert "not valid TOML" in staff_saw and "kiosk.toml" in staff_saw


def test_bad_values_fall_back_one_by_one(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch, "idle_seconds = 5\ntext_scale = 1.25\n")
    rt = runtime(app)
    assert rt.settings.idle_seconds == 60.0 and rt.settings.text_scale == 1.25
    assert any("idle_seconds" in p for p in rt.load.problems)
    lines = [text for text, _style in _staff_lines(app)]
    assert any("idle_seconds = 5 is out of range" in line for line in lines)


def _staff_lines(app) -> list[tuple[str, str]]:
    unlock_staff(app)
    screen = runtime(app).staff_screen
    assert screen is not None
    return screen.lines()


# --- look: text scale, contrast, reduced motion --------------------------------------------


def test_text_scale_grows_text_but_not_the_dense_sandbox(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch, "text_scale = 1.5\n")
    app.frame(FRAME)
    assert app.ui.fonts.scale == 1.5
    assert app.ui.text.line_height(24) >= 1.4 * _line_height_at_100(24)
    visit_sandbox(app)
    assert app.ui.fonts.scale == 1.0  # its fixed layout has no room; it keeps its sizes
    app.open("title", replace=True)
    app.frame(FRAME)
    assert app.ui.fonts.scale == 1.5


def _line_height_at_100(px: int) -> int:
    from sim.text.ui import UI

    return UI.create("en").text.line_height(px)


def test_high_contrast_and_reduced_motion(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch, "high_contrast = true\nreduced_motion = true\n")
    rt = runtime(app)
    th = app.ui.theme
    assert th.ui("background") == (0, 0, 0) and th.ui("text") == (255, 255, 255)
    assert rt.controller.captions.effective_period == 2 * rt.settings.attract_caption_seconds
    attract_speed = app.session.speed
    start_visit(app)
    assert app.session.speed > attract_speed  # slower city while nobody plays
    app.frame(rt.settings.idle_seconds + 1)
    assert rt.countdown is not None and rt.countdown.reduced_motion


def test_cursor_is_hidden_unless_settings_say_otherwise(tmp_path, monkeypatch) -> None:
    kiosk_app(tmp_path, monkeypatch)
    assert not pygame.mouse.get_visible()
    kiosk_app(tmp_path, monkeypatch, "hide_cursor = false\n")
    assert pygame.mouse.get_visible()


def test_overlay_targets_are_big_enough(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    unlock_staff(app)
    assert rt.staff_screen is not None
    rects = [b.target for b in rt.staff_screen.buttons]
    pad = rt._make_pin_pad()
    rects += [b.target for b in pad.buttons]
    assert all(r.width >= 48 and r.height >= 48 for r in rects)
    assert all(pygame.Rect(0, 0, *LOGICAL_SIZE).contains(r) for r in rects)


def test_no_settings_file_is_fine(tmp_path: Path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch, settings=None)
    rt = runtime(app)
    assert not rt.load.found and rt.settings == KioskSettings()
    app.frame(FRAME)
    assert isinstance(app.top, AttractScene)
