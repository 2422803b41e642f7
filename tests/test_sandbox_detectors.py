"""The sandbox with every detector: chosen like a situation, its own knobs, map and words.

Issue 13: guns, plates and calls open in the sandbox from the title and the
picker (a tab per detector), the controls offer only the knobs the running
detector has (no similarity threshold for a phone call), the knobs that are
the detector's own reach the model and change what happens, the map draws
cars and plate cameras or the prison's call log, and the panels name the
detector's nouns. Everything goes through real clicks on the screen's widgets.
"""

from __future__ import annotations

import pygame
import pytest

from sim.game.call_log import CallLogView
from sim.game.city_view import CityView
from sim.game.controls import CONTROLS, DETECTOR_CONTROLS
from sim.game.text_audit import recording
from sim.model.params import spec_for
from tests.screen_tour import click, press, settle, widgets
from tests.test_game_support import make_app

DETECTOR_OF = {"school-guns": "weapons", "plate-readers": "plates", "prison-calls": "calls"}
SMALL = {
    "school-guns": (("people", "3000"), ("hours", "24")),
    "plate-readers": (("people", "5000"), ("hours", "24")),
    "prison-calls": (("people", "3000"), ("hours", "24")),
}
#: Knobs that only mean something for face recognition.
FACE_ONLY = {"threshold", "watchlist_size", "algorithm", "groups.B.fmr_multiplier"}
#: Each detector's own knobs the issue names (and a few more): they must be offered.
OWN = {
    "weapons": {"weapons.fp_rate", "weapons.staff_cancel", "weapons.cancel_lost"},
    "plates": {"plates.eye_check", "plates.misread_rate", "plates.hot_list", "plates.car_share"},
    "calls": {"calls.wer", "calls.real_rate", "calls.lose_calls", "groups.B.wer_multiplier"},
}


@pytest.fixture(autouse=True)
def _default_preferences(tmp_path, monkeypatch) -> None:
    """Never the machine's saved preferences: the defaults."""
    from sim.game import preferences

    monkeypatch.setattr(preferences, "preferences_path", lambda: tmp_path / "prefs.toml")


def _sandbox(name: str, size: tuple[int, int] = (1366, 768), extra=()):
    pygame.display.quit()
    app = make_app(start="sandbox", scenario=name, overrides=(*SMALL[name], *extra), size=size)
    assert type(app.top).__name__ == "SandboxScene"
    return app


def _names(app) -> set[str]:
    return {w.name for w in app.top.controls}


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(DETECTOR_OF))
def test_every_detector_situation_opens_in_the_sandbox_and_draws(name, size) -> None:
    app = _sandbox(name, size)
    while app.session.model.t < 10 * 3600:
        app.session.step_once()
    settle(app, 4)
    scene = app.top
    detector = DETECTOR_OF[name]
    assert str(app.session.model.params.detector) == detector
    # the map is the detector's: the prison's call log, or the city (with cars for plates)
    assert isinstance(scene.city, CallLogView if detector == "calls" else CityView)
    assert (scene.overlay is not None) == (detector == "plates")
    window = pygame.display.get_surface()
    w, h = size
    grid = [(x, y) for x in range(0, w, w // 23) for y in range(0, h, h // 13)]
    colours = {window.get_at(p)[:3] for p in grid}
    assert len(colours) > 8, name  # something was drawn, not an empty screen


def test_the_tables_offer_only_real_keys_and_no_face_knob_beyond_faces() -> None:
    """Every control of every table names a parameter of the registry, each once."""
    for detector, table in {"faces": CONTROLS, **DETECTOR_CONTROLS}.items():
        keys = [c.key for c in table if c.key != "scenario"]
        assert len(keys) == len(set(keys)), detector
        for key in keys:
            spec_for(key)  # raises for a key the model does not know
        if detector != "faces":
            assert not FACE_ONLY & set(keys), detector
            assert OWN[detector] <= set(keys), detector


@pytest.mark.parametrize("name", sorted(DETECTOR_OF))
def test_controls_show_only_the_knobs_the_detector_has(name) -> None:
    app = _sandbox(name)
    shown = _names(app)
    detector = DETECTOR_OF[name]
    assert not FACE_ONLY & shown, shown
    own = {k.replace("groups.B.", f"groups.{_second_group(app)}.") for k in OWN[detector]}
    assert own <= shown, own - shown
    assert "scenario" in shown  # the situation can always be changed


def _second_group(app) -> str:
    groups = list(app.session.model.params.groups)
    return "B" if "B" in groups else groups[-1]


def test_faces_keep_their_knobs() -> None:
    pygame.display.quit()
    app = make_app(start="sandbox")
    assert {"threshold", "watchlist_size", "algorithm"} <= _names(app)
    assert not any(k.startswith(("weapons.", "plates.", "calls.")) for k in _names(app))


def test_picking_calls_in_the_picker_swaps_the_knobs_and_the_map() -> None:
    pygame.display.quit()
    app = make_app(start="sandbox")
    scene = app.top
    scene.open_picker()
    settle(app, 1)
    picker = app.top
    assert not any(w.name == "scenario:prison-calls" for w in widgets(picker))
    press(app, "detector:calls")  # the tab lists the call situations, loads nothing yet
    assert app.session.scenario_name == "city"
    press(app, "scenario:prison-calls")
    settle(app, 2)
    assert app.top is scene and app.session.scenario_name == "prison-calls"
    assert "threshold" not in _names(app) and "calls.wer" in _names(app)
    assert isinstance(scene.city, CallLogView)
    scene.open_picker()
    settle(app, 1)
    press(app, "detector:faces")
    press(app, "scenario:city")
    settle(app, 2)
    assert isinstance(scene.city, CityView) and "threshold" in _names(app)


def test_the_title_chooses_the_detector_then_the_situation() -> None:
    pygame.display.quit()
    app = make_app(start="title")
    title = app.top
    assert {f"detector:{d}" for d in ("faces", "weapons", "plates", "calls")} <= {
        w.name for w in widgets(title)
    }
    press(app, "detector:plates")
    cards = [w.name for w in widgets(app.top) if w.name.startswith("scenario:")]
    assert cards == ["scenario:plate-readers"]
    assert title.selected == "plate-readers"
    press(app, "start")
    settle(app, 2)
    assert type(app.top).__name__ == "SandboxScene"
    assert app.session.scenario_name == "plate-readers"
    assert "plates.eye_check" in _names(app)


def _widget(app, name: str):
    return next(w for w in app.top.controls if w.name == name)


def _held(app) -> dict:
    while not app.session.model.finished:
        app.session.step_once()
    return app.session.model.summary()["totals"]


def test_check_the_plate_by_eye_reaches_the_model_and_spares_drivers() -> None:
    """The toggle, clicked on screen, turns the policy on; misread hits are then called off.

    Same seed, same crowd, misreads made common (10% of characters): with the eye
    check some misread hits are caught and fewer innocent drivers are held at
    gunpoint than without it. The run is deterministic (fixed seed), and the
    eye check only ever removes stops, so fewer is what the mechanism gives.
    """
    extra = (("plates.misread_rate", "0.1"),)
    without = _held(_sandbox("plate-readers", extra=extra))
    app = _sandbox("plate-readers", extra=extra)
    toggle = _widget(app, "plates.eye_check")
    click(app, toggle.target.center)
    assert app.session.model.params.get("plates.eye_check") is True
    with_check = _held(app)
    assert with_check["eye_check_caught"] > 0
    assert without["eye_check_caught"] == 0
    assert with_check["held_at_gunpoint"] < without["held_at_gunpoint"]


def test_the_lost_cancellation_slider_reaches_the_model() -> None:
    """Dragged to its left end, no cancellation is lost: none is counted in the run."""
    app = _sandbox("school-guns", extra=(("weapons.fp_rate", "2e-5"),))
    slider = _widget(app, "weapons.cancel_lost")
    click(app, (slider.track.x, slider.track.centery))
    assert app.session.model.params.get("weapons.cancel_lost") == 0.0
    totals = _held(app)
    assert totals["cancelled"] > 0 and totals["cancel_lost"] == 0


def test_a_tap_on_the_call_log_picks_that_prisoner() -> None:
    app = _sandbox("prison-calls")
    settle(app, 2)
    view = app.top.city
    assert isinstance(view, CallLogView)
    person = 1234
    click(app, view.screen_pos(person))
    assert app.top.person_card.person == person


@pytest.mark.parametrize(
    ("name", "words", "face_words"),
    [
        ("school-guns", {"funnel.stopped_weapons", "state.stopped_weapons"}, {"funnel.stopped"}),
        ("plate-readers", {"funnel.stopped_plates", "funnel.scans_plates"}, {"funnel.stopped"}),
        ("prison-calls", {"funnel.scans_calls", "funnel.stopped_calls"}, {"funnel.faces"}),
    ],
)
def test_the_panels_name_the_detectors_own_nouns(name, words, face_words) -> None:
    """The tree and the key say "held at gunpoint", "calls transcribed", not faces and stops."""
    app = _sandbox(name)
    ui = app.ui
    with recording() as audit:
        app.top.bind_model()  # the key, the panels and the map, all drawn again
        settle(app, 2)
        # in drawing order: a label wrapped on two lines reads whole when joined
        drawn = " ".join(d.text for d in audit.draws)
    for key in words:
        assert ui.tr(key) in drawn, (key, ui.tr(key))
    for key in face_words:
        assert ui.tr(key) not in drawn, (key, ui.tr(key))


@pytest.mark.parametrize("name", sorted(DETECTOR_OF))
def test_compare_changes_the_knob_that_decides_the_harm(name) -> None:
    """No threshold beyond faces: the cancellation, the eye check, the listening staff."""
    from sim.game.scenes.compare import DETECTOR_KNOBS, CompareScene
    from sim.model import Model

    app = _sandbox(name)
    compare = CompareScene(app)
    knob = DETECTOR_KNOBS[DETECTOR_OF[name]][0]
    assert compare.knob == knob and compare.left_value != compare.right_value
    compare.run_to_end()
    for side, value in enumerate((compare.left_value, compare.right_value)):
        params = app.session.model.params.copy()
        params.set(knob, value)
        direct = Model(params, seed=app.session.seed)
        while not direct.finished:
            direct.step_fixed()
        # the screen's run is the model's own with only that knob set
        assert (
            compare.snaps[side].totals.wrongful_stops
            == direct.summary()["totals"]["wrongful_stops"]
        )
