"""The attract loop rotates through the detectors, a simulated day each (issue 13).

After the museum's own situation come gun detection, plate readers and prison
calls, then the museum's again; each with its own map, words and captions in
every language. `attract_detectors = false` keeps the museum's situation only.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pygame
import pytest

from sim.game.call_log import CallLogView
from sim.game.city_view import CityView
from sim.game.text_audit import recording
from sim.kiosk.attract import DETECTOR_CAPTIONS, ROTATION, AttractScene, caption_key, rotation_slot
from tests.test_kiosk_support import FRAME, kiosk_app

LOCALES = Path(__file__).resolve().parents[1] / "assets" / "locales"
LANGS = ("en", "es", "fr", "de")
DETECTORS = ("weapons", "plates", "calls")
INVITE = {"en": "Touch", "es": "Toca", "fr": "Touchez", "de": "Berühren"}


def test_the_rotation_visits_every_detector_then_comes_home() -> None:
    days = [rotation_slot(d) for d in range(2 * (len(ROTATION) + 1))]
    assert days == [None, "school-guns", "plate-readers", "prison-calls"] * 2
    assert all(rotation_slot(d, enabled=False) is None for d in range(8))


def test_faces_keep_their_captions_and_a_detector_gets_its_own() -> None:
    assert caption_key("kiosk.attract.4", 3, "faces") == "kiosk.attract.4"
    keys = {caption_key("kiosk.attract.1", i, "plates") for i in range(6)}
    assert keys == {f"kiosk.attract_plates.{n}" for n in range(1, DETECTOR_CAPTIONS + 1)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_detector_caption_exists_and_invites_a_touch(lang: str) -> None:
    texts = tomllib.loads((LOCALES / f"kiosk.{lang}.toml").read_text(encoding="utf-8"))["kiosk"]
    for detector in DETECTORS:
        captions = texts[f"attract_{detector}"]
        assert set(captions) == {str(n) for n in range(1, DETECTOR_CAPTIONS + 1)}
        for text in captions.values():
            assert INVITE[lang] in text, (lang, detector, text)
    for key in ("faces_weapons", "faces_plates", "faces_calls", "stopped_calls"):
        assert texts["count"][key].strip(), (lang, key)


def _rotate(app) -> list[tuple[str, str, type]]:
    attract = app.top
    assert isinstance(attract, AttractScene)
    seen = []
    for _ in range(len(ROTATION) + 1):
        attract.next_day()
        for _ in range(3):
            app.frame(FRAME)
        model = app.session.model
        seen.append((app.session.scenario_name, str(model.params.detector), type(attract.city)))
    return seen


def test_attract_days_rotate_through_the_detectors_in_the_real_kiosk(tmp_path, monkeypatch):
    app = kiosk_app(tmp_path, monkeypatch)
    home = app.session.scenario_name
    seen = _rotate(app)
    assert seen == [
        ("school-guns", "weapons", CityView),
        ("plate-readers", "plates", CityView),
        ("prison-calls", "calls", CallLogView),
        (home, "faces", CityView),
    ]
    assert app.top.overlay is None  # the plate overlay left with the plates
    assert app.session.seed == 1 + len(ROTATION) + 1  # a new seed every day, as before


def test_attract_detectors_false_keeps_the_museums_situation(tmp_path, monkeypatch):
    app = kiosk_app(tmp_path, monkeypatch, settings="attract_detectors = false\n")
    home = app.session.scenario_name
    assert {name for name, _d, _v in _rotate(app)} == {home}


@pytest.mark.parametrize("lang", LANGS)
def test_each_detectors_attract_screen_fits_in_every_language(lang, tmp_path, monkeypatch):
    """The captions, counts and key of each detector day: whole and unshrunk (text audit)."""
    from tests.test_text_fits import problems

    app = kiosk_app(tmp_path, monkeypatch, settings=f'languages = ["{lang}"]\n', size=(1366, 768))
    assert app.ui.i18n.lang == lang
    attract = app.top
    found = []
    for _ in ROTATION:
        attract.next_day()
        model = app.session.model
        while model.t - model.t0 < 5 * 3600:
            app.session.step_once()
        with recording() as audit:
            for _ in range(40):  # the counts are re-read twice a second
                app.frame(FRAME)
            for draw in audit.draws:
                why = problems(draw, 768, 1080)
                if why:
                    found.append((str(model.params.detector), draw.text, why))
    pygame.display.quit()
    assert not found, found
