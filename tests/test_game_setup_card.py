"""The setup card and the code on screen: what the class types is what the screen runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.game import preferences as prefs_mod
from sim.game.preferences import Preferences
from sim.setup_code import decode, read_setup_file
from tests.test_game_support import click, make_app


def test_the_code_on_screen_follows_the_knobs_and_opens_the_card() -> None:
    app = make_app(start="sandbox", scenario="aclu-2018", overrides=())
    first = app.session.setup_code()
    assert decode(first).scenario == "aclu-2018" and app.top.code_label().endswith(first)
    assert app.session.set_param("threshold", 95.0)
    code = app.session.setup_code()
    assert code != first and decode(code).params().threshold == 95.0
    click(app, app.top.code_button.rect.center)
    assert type(app.top).__name__ == "SetupCard"
    (title,) = [b for b in app.top.buttons if b.name == "title_screen"]
    click(app, title.rect.center)
    assert type(app.top).__name__ == "TitleScene"  # the visible way back


def test_a_setup_too_big_for_a_code_is_saved_as_a_file_where_preferences_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Preferences, "export_dir", lambda self: tmp_path / "exports")
    app = make_app(start="sandbox", scenario="city", overrides=())
    for key, value in [("threshold", 91.5), ("reviewers", 9), ("officers", 37),
                       ("automation_bias", 0.45), ("cameras", 123)]:  # fmt: skip
        assert app.session.set_param(key, value)
    assert app.session.setup_code() is None
    app.open("setup")
    (save,) = [b for b in app.top.buttons if b.name == "save_file"]
    click(app, save.rect.center)
    (path,) = (tmp_path / "exports").glob("*.toml")
    assert str(path) in app.top.note
    setup = read_setup_file(path)
    assert setup.params().as_dict() == app.session.model.params.as_dict()
    assert prefs_mod  # the export folder is the preference's, patched above


def test_new_seed_is_four_digits() -> None:
    app = make_app(start="sandbox")
    for _ in range(20):
        app.top._new_seed()
        assert 1000 <= app.session.seed <= 9999


def test_the_report_is_saved_to_the_export_folder_and_the_screen_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pygame

    monkeypatch.setattr(Preferences, "export_dir", lambda self: tmp_path / "exports")
    app = make_app(start="sandbox", scenario="aclu-2018", overrides=())
    app.session.model.run()
    app.open("setup")
    (save,) = [b for b in app.top.buttons if b.name == "save_report"]
    click(app, save.rect.center)
    (path,) = (tmp_path / "exports").glob("report-aclu-2018-seed1-*.png")
    assert str(path) in app.top.note
    assert pygame.image.load(str(path)).get_width() > 1000
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [path.name]
