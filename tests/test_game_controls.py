"""Every control's input changes the model parameter it names, at once."""

from __future__ import annotations

import math

import pygame
import pytest

from sim.game.controls import CONTROLS
from sim.game.widgets import Choice, Opener, Slider, Toggle
from sim.model import STEP_S
from sim.model.params import spec_for
from tests.test_game_support import click, key, make_app


@pytest.fixture(scope="module")
def app():
    app = make_app()
    app.frame(1 / 60)
    yield app


def sandbox(app):
    return app.scenes[-1]


def test_every_control_names_a_real_parameter() -> None:
    for c in CONTROLS:
        if c.key != "scenario":
            spec_for(c.key)  # raises ParamError for an unknown key


def test_controls_are_finger_sized(app) -> None:
    for w in sandbox(app).focus.widgets:
        assert w.target.height >= 48, w.name
        assert w.target.width >= 48, w.name
        assert pygame.Rect(0, 0, 1920, 1080).contains(w.rect), w.name


def test_no_two_widgets_overlap(app) -> None:
    widgets = sandbox(app).focus.widgets
    for i, a in enumerate(widgets):
        for b in widgets[i + 1 :]:
            assert not a.rect.colliderect(b.rect), (a.name, b.name)


def _param_widgets(app):
    return [w for w in sandbox(app).controls if w.name != "scenario"]


def test_all_knobs_of_the_issue_are_there(app) -> None:
    names = {w.name for w in sandbox(app).controls}
    wanted = {
        "threshold",
        "watchlist_size",
        "algorithm",
        "cameras",
        "camera_density",
        "bodycams",
        "drones",
        "gates",
        "reviewers",
        "automation_bias",
        "officers",
        "policy.cameras_follow_alerts",
        "policy.stopped_join_watchlist",
        "policy.share_watchlists",
        "groups.B.fmr_multiplier",
        "scenario",
    }
    assert wanted <= names


@pytest.mark.parametrize("index", range(len([c for c in CONTROLS if c.key != "scenario"])))
def test_each_control_click_changes_its_parameter(app, index: int) -> None:
    widget = _param_widgets(app)[index]
    model = app.session.model
    before = model.params.get(widget.name)
    if isinstance(widget, Slider):
        track = widget.track
        # Click the end of the track that is farther from the current value.
        frac = widget.to_frac(before)
        x = track.x + 1 if frac > 0.5 else track.right - 1
        click(app, (x, track.centery))
        after = app.session.model.params.get(widget.name)
        target = widget.lo if frac > 0.5 else widget.hi
        assert after != before, widget.name
        assert math.isclose(after, target, rel_tol=0.05, abs_tol=0.5), (widget.name, after)
        click(app, (track.x + round(frac * track.width), track.centery))  # put it back
    elif isinstance(widget, Toggle):
        click(app, widget.target.center)
        assert app.session.model.params.get(widget.name) == (not before)
        click(app, widget.target.center)
        assert app.session.model.params.get(widget.name) == before
    elif isinstance(widget, Choice):
        _left, right = widget._arrows()
        click(app, right.center)
        after = app.session.model.params.get(widget.name)
        assert after != before and after in spec_for(widget.name).choices
        click(app, _left.center)
        assert app.session.model.params.get(widget.name) == before
    else:  # pragma: no cover - a new widget kind needs a test
        raise AssertionError(f"untested control {widget.name}")


def test_keyboard_moves_focus_and_changes_threshold(app) -> None:
    scene = sandbox(app)
    threshold = next(w for w in scene.controls if w.name == "threshold")
    scene.focus.index = scene.focus.widgets.index(threshold) - 1
    key(app, pygame.K_TAB)
    assert scene.focus.focused is threshold
    before = app.session.model.params.threshold
    key(app, pygame.K_RIGHT)
    assert app.session.model.params.threshold > before
    key(app, pygame.K_LEFT)
    assert app.session.model.params.threshold == pytest.approx(before)


def test_enter_toggles_a_focused_switch(app) -> None:
    scene = sandbox(app)
    toggle = next(w for w in scene.controls if w.name == "bodycams")
    scene.focus.index = scene.focus.widgets.index(toggle)
    before = app.session.model.params.bodycams
    key(app, pygame.K_RETURN)
    assert app.session.model.params.bodycams == (not before)
    key(app, pygame.K_RETURN)
    assert app.session.model.params.bodycams == before


def test_space_pauses_and_step_advances(app) -> None:
    s = app.session
    s.paused = False
    key(app, pygame.K_SPACE)
    assert s.paused
    t = s.model.t
    app.frame(0.5)
    assert s.model.t == t  # paused: time stands still
    step = next(w for w in sandbox(app).top_widgets if w.name == "step")
    click(app, step.rect.center)
    assert s.model.t > t
    key(app, pygame.K_SPACE)
    assert not s.paused


def test_speed_reset_and_seed(app) -> None:
    scene, s = sandbox(app), app.session
    speed = next(w for w in scene.top_widgets if w.name == "speed")
    before = s.speed
    click(app, speed.rect.center)
    assert s.speed != before
    seed = next(w for w in scene.top_widgets if w.name == "seed")
    click(app, seed.rect.center)
    for ch in "42":
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=ord(ch), mod=0, unicode=ch, scancode=0)
        )
    key(app, pygame.K_RETURN)
    assert s.seed == 42 and s.model.seed == 42 and s.model.t <= 2 * STEP_S  # restarted
    new_seed = next(w for w in scene.top_widgets if w.name == "new_seed")
    click(app, new_seed.rect.center)
    assert s.seed != 42


def test_scenario_picker_loads_another_scenario(app) -> None:
    scene = sandbox(app)
    opener = next(w for w in scene.controls if isinstance(w, Opener))
    click(app, opener.target.center)
    picker = app.scenes[-1]
    assert picker is not scene
    card = next(w for w in picker.focus.widgets if w.name == "scenario:factory-floor")
    click(app, card.rect.center)
    assert app.scenes[-1] is scene
    assert app.session.scenario_name == "factory-floor"
    # the rebuilt controls still drive the new model
    threshold = next(w for w in scene.controls if w.name == "threshold")
    click(app, (threshold.track.x + 1, threshold.track.centery))
    assert app.session.model.params.threshold == threshold.lo


def test_watchlist_slider_stops_at_the_wanted_people() -> None:
    """Cardiff's list holds 600 wanted people: dragging below that stops there, no error."""
    app = make_app(scenario="cardiff-2017", overrides=(("people", "2000"),))
    app.frame(1 / 60)
    wanted = app.session.model.params.get("wanted")
    assert wanted > 10  # the slider's own range starts at 10, below the floor
    slider = next(w for w in sandbox(app).controls if w.name == "watchlist_size")
    click(app, (slider.track.x + 1, slider.track.centery))
    assert app.session.model.params.get("watchlist_size") == wanted
    assert app.session.last_error == ""
    for _ in range(3):  # the keyboard cannot push it lower either
        slider.nudge(-1)
    assert app.session.model.params.get("watchlist_size") == wanted
    assert app.session.last_error == ""
