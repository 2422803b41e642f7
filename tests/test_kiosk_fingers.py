"""Every control of the sandbox works with a finger, in kiosk mode, through the real app.

Only FINGER* events are posted (no mouse events at all), at each control's
own position, and the model's parameter (or the session state a button
changes) must move. Widgets only understand mouse events, so this proves the
kiosk's finger-to-click translation reaches each of them.
"""

from __future__ import annotations

import pygame
import pytest

from sim.game.app import App
from sim.game.controls import BoundSlider
from sim.game.scenes.picker import ScenarioPicker
from sim.game.scenes.sandbox import SandboxScene
from sim.game.widgets import Choice, NumberField, Opener, Slider, Toggle, Widget
from sim.kiosk.limits import KIOSK_LIMITS, KioskSession, clamp
from sim.kiosk.touch import LOGICAL_SIZE
from tests.test_kiosk_support import (
    FRAME,
    finger,
    kiosk_app,
    runtime,
    tap,
    visit_sandbox,
)


@pytest.fixture
def sandbox_app(tmp_path, monkeypatch) -> App:
    app = kiosk_app(tmp_path, monkeypatch)
    visit_sandbox(app)
    return app


def _sandbox(app: App) -> SandboxScene:
    scene = app.top
    assert isinstance(scene, SandboxScene)
    return scene


def _other_x(slider: Slider) -> int:
    """A point on the track whose value differs from the current one."""
    track = slider.track
    now = slider.to_frac(float(slider.get()))
    frac = 0.25 if now > 0.5 else 0.75
    return track.x + round(frac * track.width)


def test_every_knob_moves_its_parameter_by_finger(sandbox_app: App) -> None:
    app = sandbox_app
    session = app.session
    scene = _sandbox(app)
    checked = 0
    for widget in list(scene.controls):
        key = widget.name
        if isinstance(widget, Opener):
            continue  # the situation chooser: tested below
        before = session.get_param(key)
        if isinstance(widget, Slider):
            x = _other_x(widget)
            tap(app, (x, widget.target.centery))
            expected = clamp(key, widget.value_at(x))  # kiosk limits (sim.kiosk.limits)
            assert session.get_param(key) == pytest.approx(expected), key
        elif isinstance(widget, Toggle):
            tap(app, widget.target.center)
            assert session.get_param(key) == (not before), key
        elif isinstance(widget, Choice):
            _left, right = widget._arrows()
            tap(app, right.center)
        else:
            pytest.fail(f"a control this test does not know: {widget!r}")
        assert session.get_param(key) != before, key
        checked += 1
    assert checked == len(scene.controls) - 1 >= 15


def test_a_finger_drag_moves_a_slider_to_where_it_stops(sandbox_app: App) -> None:
    app = sandbox_app
    scene = _sandbox(app)
    slider = next(w for w in scene.controls if w.name == "threshold")
    assert isinstance(slider, BoundSlider)
    track, y = slider.track, slider.target.centery
    finger(app, pygame.FINGERDOWN, (track.x + 10, y))
    app.frame(FRAME)
    for i in range(1, 11):
        finger(app, pygame.FINGERMOTION, (track.x + 10 + i * (track.width - 40) / 10, y))
        app.frame(FRAME)
    end = track.x + 10 + (track.width - 40)
    finger(app, pygame.FINGERUP, (end, y))
    app.frame(FRAME)
    assert app.session.get_param("threshold") == pytest.approx(slider.value_at(round(end)))
    assert not slider.dragging


def test_a_second_finger_does_not_hijack_a_drag(sandbox_app: App) -> None:
    app = sandbox_app
    scene = _sandbox(app)
    slider = next(w for w in scene.controls if w.name == "threshold")
    pause = next(w for w in scene.top_widgets if w.name == "pause")
    paused = app.session.paused
    finger(app, pygame.FINGERDOWN, (slider.track.x + 5, slider.target.centery), fid=1)
    app.frame(FRAME)
    finger(app, pygame.FINGERDOWN, pause.target.center, fid=2)  # a palm on the Pause button
    app.frame(FRAME)
    finger(app, pygame.FINGERUP, pause.target.center, fid=2)
    finger(app, pygame.FINGERUP, (slider.track.x + 5, slider.target.centery), fid=1)
    app.frame(FRAME)
    assert app.session.paused == paused


def test_every_top_bar_button_and_the_scope_switch_by_finger(sandbox_app: App) -> None:
    app = sandbox_app
    s = app.session
    scene = _sandbox(app)
    buttons = {w.name: w for w in scene.top_widgets}

    def press(name: str) -> None:
        tap(app, buttons[name].target.center)

    paused = s.paused
    press("pause")
    assert s.paused != paused
    t = s.model.t
    press("step")
    assert s.paused and s.model.t > t
    speed = s.speed_index
    press("speed")
    assert s.speed_index != speed
    changes = s.changes
    press("reset")
    assert s.changes > changes
    seed = buttons["seed"]
    assert isinstance(seed, NumberField)
    press("seed")
    assert seed.editing == ""
    press("seed")  # a second tap leaves the field (nothing typed: the seed stays)
    old = s.seed
    press("new_seed")
    assert s.seed != old
    scope = scene.scope
    tap(app, scene.scope_button.target.center)
    assert scene.scope != scope


def test_the_situation_chooser_opens_and_picks_by_finger(sandbox_app: App) -> None:
    app = sandbox_app
    scene = _sandbox(app)
    opener = next(w for w in scene.controls if isinstance(w, Opener))
    tap(app, opener.target.center)
    picker = app.top
    assert isinstance(picker, ScenarioPicker)
    cards = [w for w in picker.focus.widgets if w.name.startswith("scenario:")]
    other = next(c for c in cards if c.name != f"scenario:{app.session.scenario_name}")
    tap(app, other.target.center)
    assert app.session.scenario_name == other.name.split(":", 1)[1]
    assert not isinstance(app.top, ScenarioPicker)


def test_every_sandbox_target_is_big_and_not_hover_only(sandbox_app: App) -> None:
    scene = _sandbox(sandbox_app)
    widgets: list[Widget] = [*scene.top_widgets, scene.scope_button, *scene.controls]
    screen = pygame.Rect(0, 0, *LOGICAL_SIZE)
    for w in widgets:
        assert w.target.height >= 48 and w.target.width >= 48, w.name
        assert screen.contains(w.target), w.name
    # Hover is never delivered in kiosk mode: a mouse moving without a button is dropped.
    rt = runtime(sandbox_app)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(500, 500), rel=(1, 1), buttons=(0, 0, 0))
    )
    assert rt.route(pygame.event.get(), FRAME) == []


def test_the_costliest_knobs_stop_at_museum_limits(sandbox_app: App) -> None:
    """Random hands push sliders to their ends; the exhibit PC must survive what follows."""
    app = sandbox_app
    assert isinstance(app.session, KioskSession)
    scene = _sandbox(app)
    for key, limit in KIOSK_LIMITS.items():
        slider = next(w for w in scene.controls if w.name == key)
        assert isinstance(slider, Slider)
        tap(app, (slider.track.right - 2, slider.target.centery))
        assert app.session.get_param(key) == pytest.approx(limit), key
    assert clamp("threshold", 99.0) == 99.0 and clamp("cameras", 20) == 20


def test_the_museum_may_set_more_than_a_visitor() -> None:
    session = KioskSession("city", 1, [("people", "3000"), ("cameras", "2000")])
    assert session.get_param("cameras") == 2000  # the museum's own --set stands
    session.set_param("cameras", 3000)
    assert session.get_param("cameras") == KIOSK_LIMITS["cameras"]
