"""Preferences and projector mode: a teacher's choices apply at once, stay, and are readable."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from sim.game import preferences as prefs_mod
from sim.game.look import PROJECTOR_TEXT_SCALE, TEXT_PAIRS, contrast_ratio, projector_theme
from sim.game.preferences import Preferences, load_preferences, save_preferences
from sim.text.theme import load_theme
from tests.test_game_support import click, make_app


@pytest.fixture
def prefs_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "preferences.toml"
    monkeypatch.setattr(prefs_mod, "preferences_path", lambda: path)
    return path


def test_projector_text_is_at_least_7_to_1_on_every_surface() -> None:
    theme = projector_theme(load_theme())
    for text, surface in TEXT_PAIRS:
        ratio = contrast_ratio(theme.ui(text), theme.ui(surface))
        assert ratio >= 7.0, (text, surface, round(ratio, 2))
    # the people keep their colour-blind-safe colours (legends must keep matching)
    base = load_theme()
    for state in ("captured", "flagged", "stopped", "detained", "found"):
        assert theme.state(state) == base.state(state)
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)


def test_a_damaged_preferences_file_falls_back_value_by_value(prefs_file: Path) -> None:
    prefs_file.parent.mkdir(parents=True)
    prefs_file.write_text(
        'language = "es"\ntext_size = 9e999\nprojector = "yes"\nexport_folder = "/etc"\n'
        "reduced_motion = true\nsurprise = 1\n",
        encoding="utf-8",
    )
    got = load_preferences()
    assert got == Preferences(language="es", reduced_motion=True)
    prefs_file.write_bytes(b"\xff\xfe")
    assert load_preferences() == Preferences()
    prefs_file.write_text("a = " + "[" * 3000, encoding="utf-8")
    assert load_preferences() == Preferences()


def test_preferences_round_trip(prefs_file: Path) -> None:
    chosen = Preferences("de", 1.3, True, True, "desktop")
    assert save_preferences(chosen) is None
    assert load_preferences() == chosen
    assert save_preferences(chosen, Path("/proc/nope/p.toml")) is not None  # one line, no raise


def test_the_screen_applies_each_choice_at_once_and_saves_it(prefs_file: Path) -> None:
    app = make_app(start="title")
    (button,) = [w for w in app.top.focus.widgets if w.name == "preferences"]
    click(app, button.rect.center)
    assert type(app.top).__name__ == "PreferencesScene"
    assert not prefs_file.exists()  # nothing is written until something is changed
    before = app.ui.theme.ui("background")
    (projector,) = [w for w in app.top.widgets if w.name == "projector"]
    click(app, projector.target.center)
    assert app.preferences.projector
    assert app.ui.theme.ui("background") == (255, 255, 255) != before
    assert app.ui.fonts.scale == pytest.approx(PROJECTOR_TEXT_SCALE)
    assert load_preferences().projector
    (language,) = [w for w in app.top.widgets if w.name == "language"]
    language.nudge(1)  # en -> es
    assert app.ui.i18n.lang == "es" and load_preferences().language == "es"
    shot = app.window.copy()
    assert shot.get_at((5, 300))[:3] == (255, 255, 255)
    click(app, projector.target.center)  # and back to the dark look
    assert app.ui.theme.ui("background") == before and app.ui.fonts.scale == 1.0


def test_saved_preferences_apply_when_a_person_starts_the_game(prefs_file: Path) -> None:
    from sim.game.app import Options, build_app

    save_preferences(Preferences(language="fr", projector=True))
    app = build_app(Options(overrides=(("people", "2000"),)), start="title")
    assert app.ui.i18n.lang == "fr" and app.ui.theme.ui("background") == (255, 255, 255)
    spoken = build_app(Options(lang="de", overrides=(("people", "2000"),)), start="title")
    assert spoken.ui.i18n.lang == "de"  # --lang wins for that run
    # a test or benchmark run (--frames) and the kiosk never read them
    test_run = make_app(start="title")
    assert test_run.ui.i18n.lang == "en" and test_run.ui.theme.ui("background") != (255,) * 3
    pygame.display.quit()


def test_the_kiosk_offers_no_preferences() -> None:
    app = make_app(start="title", kiosk=True)
    names = {w.name for w in app.top.focus.widgets}
    assert "code" in names and "preferences" not in names


def test_f10_switches_projector_mode_on_any_screen(prefs_file: Path) -> None:
    from tests.test_game_support import key

    app = make_app(start="sandbox")
    app.session.set_speed(4)  # the player's own choice
    speed = app.session.speed_index
    key(app, pygame.K_F10)
    assert app.ui.theme.ui("background") == (255, 255, 255) and load_preferences().projector
    assert app.ui.fonts.scale == 1.0  # the sandbox keeps its designed sizes
    assert app.session.speed_index == speed
    key(app, pygame.K_F10)
    assert app.ui.theme.ui("background") != (255, 255, 255) and not load_preferences().projector
