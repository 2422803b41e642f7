"""Tap a person on the city map and read what happened to them.

Through the real app: a click (or, in kiosk mode, a finger) on a drawn
person opens their card with counts that match the alert log; empty map,
the cross and Escape close it; controls and slider drags never pick anyone;
a new crowd (reset, another situation, a kiosk reset) forgets the person.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pygame
import pytest

from sim.game import layout as L
from sim.game.app import App
from sim.game.city_view import PICK_RADIUS, STATE_NAMES
from sim.game.glyph_cache import GlyphCache
from sim.game.person_card import PersonCard
from sim.game.scenes.sandbox import SandboxScene
from sim.game.session import Session
from sim.kiosk.attract import AttractScene
from sim.model.alerts import CONFIRMED, O_DETAINED, O_FOUND, O_RELEASED
from tests.test_game_support import click, key, make_app
from tests.test_kiosk_support import kiosk_app, runtime, tap, visit_sandbox

NOTABLE = STATE_NAMES.index("flagged")


def _sandbox(app: App) -> SandboxScene:
    scene = app.top
    assert isinstance(scene, SandboxScene)
    return scene


def _run_until_alerts(app: App, alerts: int = 40) -> None:
    """Step the model until the log has some alerts, then hold time still and draw."""
    s = app.session
    while s.model.log.n < alerts and s.model.t < 20 * 3600:
        s.step_once()
    s.paused = True
    app.frame(1 / 60)


def _drawn(scene: SandboxScene) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Drawn people in logical coordinates: ids, x, y, state."""
    assert scene.city.drawn is not None
    ids, px, py, st = scene.city.drawn
    return ids, px + scene.city.area.x, py + scene.city.area.y, st


def _lone_notable(scene: SandboxScene) -> tuple[int, tuple[int, int]]:
    """A person in a notable state with alerts and no other notable person in reach."""
    ids, px, py, st = _drawn(scene)
    log = scene.session.model.log
    for i in np.flatnonzero(st >= NOTABLE):
        person = int(ids[i])
        others = (st >= NOTABLE) & (ids != person)
        d = np.hypot(px[others] - px[i], py[others] - py[i])
        if (d > PICK_RADIUS + 2).all() and (log.person == person).any():
            pos = (int(px[i]), int(py[i]))
            if scene._on_map(pos):
                return person, pos
    pytest.fail("no lone notable person with alerts on the map")


def _empty_spot(scene: SandboxScene) -> tuple[int, int]:
    """A point on the map with nobody drawn within a finger's reach."""
    ids, px, py, _st = _drawn(scene)
    m = scene.city.map_rect.move(scene.city.area.topleft)
    for y in range(m.y + 30, m.bottom - 30, 15):
        for x in range(m.x + 30, m.right - 30, 15):
            if (np.hypot(px - x, py - y) > PICK_RADIUS + 6).all():
                return x, y
    pytest.fail("the map has no empty spot")


def _expected(app: App, person: int) -> dict[str, float]:
    """The person's day, counted straight from the alert log (first day: the whole log)."""
    model = app.session.model
    assert model.day == 0 and not model.history
    log = model.log
    mine = log.person == person
    outcome = log.outcome[mine]
    return {
        "alerts": int(mine.sum()),
        "false_alerts": int((~log.is_true[mine]).sum()),
        "confirmed": int((log.review[mine] == CONFIRMED).sum()),
        "stops": int(np.isin(outcome, (O_RELEASED, O_DETAINED, O_FOUND)).sum()),
        "held_hours": float(log.held_hours[mine][outcome == O_DETAINED].sum()),
    }


@pytest.fixture
def app() -> App:
    app = make_app()
    _run_until_alerts(app)
    return app


def test_clicking_a_person_opens_their_card_with_the_counts_of_the_log(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = _sandbox(app)
    model = app.session.model
    person, pos = _lone_notable(scene)
    click(app, pos)
    assert scene.person_card.person == person
    story = model.person_story(person)
    expected = _expected(app, person)
    for name, value in expected.items():
        assert story[name] == pytest.approx(value), name
    # the whole-run tallies on People agree on the first day
    assert story["alerts"] == model.people.flag_count[person] >= 1
    assert story["stops"] == model.people.stop_count[person]
    assert story["held_hours"] == pytest.approx(float(model.people.detained_hours[person]))
    assert 1 <= story["scans"] <= int(model.people.scan_count.sum())
    assert int(model.people.scan_count.sum()) == model.summary()["totals"]["faces_scanned"]
    assert story["wanted"] == bool(model.people.wanted[person])
    # ... and the card says them in words
    drawn: list[str] = []
    real = app.ui.blit_text

    def spy(surf, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(text)
        return real(surf, text, *args, **kwargs)

    monkeypatch.setattr(app.ui, "blit_text", spy)
    scene.refresh()
    ui = app.ui
    assert ui.tr("person.title_today", id=str(person)) in drawn
    assert ui.tr_n("person.scans", story["scans"]) in drawn
    assert ui.tr_n("person.stops", expected["stops"]) in drawn
    assert ui.tr_n("person.confirmed", expected["confirmed"]) in drawn
    alerts = ui.tr(
        "person.alerts_line",
        alerts=ui.tr_n("person.alerts", expected["alerts"]),
        false=ui.tr_n("person.false", expected["false_alerts"]),
    )
    assert alerts in drawn
    state = STATE_NAMES[int(model.people.state[person])]
    assert ui.tr("person.now", state=ui.tr(f"state.{state}")) in drawn
    assert ui.tr("person.wanted" if story["wanted"] else "person.not_wanted") in drawn
    assert ui.tr("alert.title_none") not in drawn  # the card is in the alert panel's place


def test_the_card_follows_the_funnel_to_all_days(app: App) -> None:
    scene = _sandbox(app)
    person, pos = _lone_notable(scene)
    click(app, pos)
    click(app, scene.scope_button.target.center)
    assert scene.scope == "all" and scene.person_card.person == person
    whole = app.session.model.person_story(person, today=False)
    assert whole["alerts"] == int((app.session.model.log.person == person).sum())


def test_a_tap_near_a_walker_prefers_the_flagged_person_beside_them(app: App) -> None:
    scene = _sandbox(app)
    city = scene.city
    ids = np.array([10, 11, 12])
    px = np.array([100, 112, 105], np.int32)
    py = np.array([100, 100, 140], np.int32)
    st = np.array([0, STATE_NAMES.index("flagged"), 0], np.uint8)
    city.drawn = (ids, px, py, st)
    at = (city.area.x + 100, city.area.y + 100)
    assert city.pick(at) == 11  # the walker under the finger loses to the flagged one
    city.drawn = (ids, px, py, np.zeros(3, np.uint8))
    assert city.pick(at) == 10  # among walkers, the nearest
    assert city.pick((city.area.x + 100 - PICK_RADIUS - 1, city.area.y + 100)) is None


def test_clicking_empty_map_closes_the_card(app: App) -> None:
    scene = _sandbox(app)
    person, pos = _lone_notable(scene)
    click(app, pos)
    assert scene.person_card.is_open
    click(app, _empty_spot(scene))
    assert not scene.person_card.is_open
    click(app, _empty_spot(scene))  # and again: nothing to close, nothing breaks
    assert not scene.person_card.is_open


def test_the_close_button_is_finger_sized_and_closes(app: App) -> None:
    scene = _sandbox(app)
    _person, pos = _lone_notable(scene)
    click(app, pos)
    button = scene.person_card.close_button.target
    assert button.width >= 48 and button.height >= 48
    assert L.ALERT.contains(button)
    click(app, button.center)
    assert not scene.person_card.is_open
    assert app.top is scene


def test_controls_and_slider_drags_never_pick_a_person(app: App) -> None:
    scene = _sandbox(app)
    person, pos = _lone_notable(scene)
    # A drag that starts on a slider and is let go over a person is a slider drag.
    slider = next(w for w in scene.controls if w.name == "threshold")
    start = (slider.track.x + 10, slider.target.centery)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=app.to_window(start), button=1)
    )
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=app.to_window(pos), rel=(0, 0), buttons=(1, 0, 0)
        )
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=app.to_window(pos), button=1))
    app.frame(1 / 60)
    assert not scene.person_card.is_open
    # With a card open, pressing a control keeps it (and its person).
    app.session.set_param("threshold", 80)
    app.session.paused = True
    app.frame(1 / 60)
    click(app, pos)
    assert scene.person_card.person == person
    step = next(w for w in scene.top_widgets if w.name == "step")
    click(app, step.target.center)
    assert scene.person_card.person == person
    # A press on the map dragged far away is not a tap.
    far = (pos[0] + 200, pos[1])
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=app.to_window(far), button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=app.to_window(pos), button=1))
    app.frame(1 / 60)
    assert scene.person_card.person == person


def test_escape_closes_the_card_before_it_leaves_the_sandbox(app: App) -> None:
    scene = _sandbox(app)
    _person, pos = _lone_notable(scene)
    click(app, pos)
    key(app, pygame.K_ESCAPE)
    assert not scene.person_card.is_open and app.top is scene
    key(app, pygame.K_ESCAPE)  # as before: the sandbox goes back to the title
    assert app.top is not scene


def test_the_ring_follows_the_person_as_they_walk(app: App) -> None:
    scene = _sandbox(app)
    person, pos = _lone_notable(scene)
    click(app, pos)
    focus = app.ui.theme.ui("focus")
    s = app.session
    s.paused = False
    for _ in range(20):
        app.frame(1 / 60)
    s.paused = True
    app.frame(1 / 60)
    x, y = s.model.positions(np.array([person]))
    cx, cy = scene.city.screen_pos(float(x[0]), float(y[0]))
    ring = pygame.Rect(cx - 20, cy - 20, 41, 41).clip(L.CITY)
    pixels = pygame.surfarray.pixels3d(app.logical)
    try:
        box = pixels[ring.left : ring.right, ring.top : ring.bottom]
        lit = (box == np.array(focus, np.uint8)).all(axis=2).sum()
    finally:
        del pixels
    assert lit >= 20, "no ring around the person on the card"


def test_a_new_crowd_forgets_the_person(app: App) -> None:
    scene = _sandbox(app)
    _person, pos = _lone_notable(scene)
    click(app, pos)
    reset = next(w for w in scene.top_widgets if w.name == "reset")
    click(app, reset.target.center)
    assert not scene.person_card.is_open
    for _ in range(3):
        app.frame(1 / 60)
    # the same model rebuilt from elsewhere (not the Reset button): a new crowd
    _run_until_alerts(app)
    _person, pos = _lone_notable(scene)
    click(app, pos)
    assert scene.person_card.is_open
    app.session.model.reset()
    app.frame(1 / 60)
    assert not scene.person_card.is_open
    # another situation
    _run_until_alerts(app, alerts=5)
    _person, pos = _lone_notable(scene)
    click(app, pos)
    assert scene.person_card.is_open
    other = next(s.name for s in app.scenarios() if s.name != app.session.scenario_name)
    scene.pick_scenario(other)
    assert not scene.person_card.is_open
    for _ in range(3):
        app.frame(1 / 60)


def test_the_card_keeps_no_model_alive() -> None:
    session = Session("city", 1, [("people", "3000")])
    card = PersonCard(L.ALERT, GlyphCache(), lambda: None)
    card.select(session.model, 5)
    ref = weakref.ref(session.model)
    session.load("city", 2)  # a new model, as a kiosk reset or a new situation builds
    gc.collect()
    assert ref() is None
    card.follow(session.model)
    assert not card.is_open


def test_a_finger_tap_picks_a_person_in_kiosk_mode(tmp_path, monkeypatch) -> None:
    app = kiosk_app(tmp_path, monkeypatch)
    rt = runtime(app)
    visit_sandbox(app)
    _run_until_alerts(app)
    scene = _sandbox(app)
    person, pos = _lone_notable(scene)
    tap(app, pos)
    assert scene.person_card.person == person
    tap(app, _empty_spot(scene))
    assert not scene.person_card.is_open
    tap(app, pos)
    assert scene.person_card.person == person
    # The visitor walks away with the card open: the reset forgets them entirely.
    visitor_model = weakref.ref(app.session.model)
    app.frame(rt.settings.idle_seconds + 1)
    assert rt.countdown is not None
    app.frame(rt.settings.countdown_seconds)
    assert isinstance(app.top, AttractScene)
    del scene
    gc.collect()
    assert visitor_model() is None, "the visitor's model is still alive somewhere"
