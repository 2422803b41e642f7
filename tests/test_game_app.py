"""The game starts, renders every scenario headless, and handles bad input in one line."""

from __future__ import annotations

import re

import pygame
import pytest

from sim.game.app import letterbox, run_game
from sim.scenario import list_scenarios
from tests.test_game_support import namespace


def test_pygame_is_community_edition() -> None:
    assert getattr(pygame, "IS_CE", False)


@pytest.mark.parametrize("name", [s.name for s in list_scenarios()])
def test_every_scenario_starts_and_renders(name: str, tmp_path, capsys) -> None:
    shot = tmp_path / f"{name}.png"
    args = namespace(scenario=name, frames=3, screenshot=str(shot), set=["people=4000"])
    if name == "aclu-2018":
        args.set = []  # a small fixed crowd of its own
    assert run_game(args) == 0
    image = pygame.image.load(str(shot))
    assert image.get_size() == (1920, 1080)
    # Something was drawn: the picture is not one flat colour.
    colors = {image.get_at((x, y))[:3] for x in range(0, 1920, 97) for y in range(0, 1080, 61)}
    assert len(colors) > 5
    assert "Traceback" not in capsys.readouterr().err


def test_fps_report_format(capsys) -> None:
    assert run_game(namespace(frames=5, fps_report=True, set=["people=2000"])) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"frame_ms median=\d+\.\d+ p95=\d+\.\d+", out[-1])


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"scenario": "no-such-place"}, "no-such-place"),
        ({"set": ["threshold=200"]}, "threshold"),
        ({"set": ["nonsense=1"]}, "nonsense"),
        ({"set": ["threshold"]}, "key=value"),
        ({"size": "big"}, "--size"),
    ],
)
def test_bad_input_is_one_clear_line(changes: dict, words: str, capsys) -> None:
    assert run_game(namespace(**changes)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]
    assert "Traceback" not in err[0]


def test_monkey_input_never_crashes(capsys) -> None:
    assert run_game(namespace(frames=240, monkey=7, set=["people=2000"])) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_window_size_option(tmp_path) -> None:
    shot = tmp_path / "small.png"
    assert run_game(namespace(size="1366x768", screenshot=str(shot), set=["people=2000"])) == 0
    assert pygame.image.load(str(shot)).get_size() == (1366, 768)


def test_letterbox_keeps_aspect() -> None:
    assert letterbox((1920, 1080)) == pygame.Rect(0, 0, 1920, 1080)
    assert letterbox((1366, 768)).size == (1366, 768)
    box = letterbox((1000, 1000))
    assert box.width == 1000 and abs(box.height - 562) <= 1 and box.y == (1000 - box.height) // 2
    tall = letterbox((2560, 1600))
    assert tall.height == 1440 and tall.y == 80


def test_a_screen_nothing_installed_is_a_loud_failure(monkeypatch) -> None:
    """--chapter without the story, --kiosk without its screen: an error naming it, no fallback.

    The registrations are removed for this test only (monkeypatch restores
    them), so it runs the same in any order, including alone.
    """
    from sim.game.app import GAME_SCREENS, MissingScreen, register_game_screens
    from sim.game.scenes.base import SCENES
    from sim.kiosk.scene import register_screens
    from tests.test_game_support import make_app

    register_game_screens()
    register_screens()
    monkeypatch.delitem(SCENES, "kiosk")
    monkeypatch.setattr("tests.test_game_support.register_screens", lambda: None)
    with pytest.raises(MissingScreen, match="'kiosk'"):
        make_app(start=None, kiosk=True)
    # a game screen its module did not register (here: taken away) stops the start by name
    monkeypatch.delitem(SCENES, "story")
    with pytest.raises(MissingScreen, match="'story'"):
        make_app(start=None, chapter=2)
    assert "story" in GAME_SCREENS


def test_a_screen_module_that_cannot_be_imported_stops_the_start(monkeypatch) -> None:
    """An import error in a screen's module is raised, not swallowed into "its screens are off"."""
    import sys

    import sim.game.scenes
    import sim.game.scenes.story  # noqa: F401  (imported, so the package has the attribute)
    from tests.test_game_support import make_app

    monkeypatch.setitem(sys.modules, "sim.game.scenes.story", None)  # import raises ImportError
    monkeypatch.delattr(sim.game.scenes, "story")
    with pytest.raises(ImportError, match="sim.game.scenes.story"):
        make_app(start="title")


def test_a_missing_screen_in_play_is_a_crash_with_a_log(monkeypatch, capsys) -> None:
    """Through `python -m sim play`: exit 1 and a crash log (a bug), not exit 2 (bad input)."""
    from sim import cli
    from sim.game import app as game_app
    from sim.game.scenes.base import SCENES

    monkeypatch.delenv("ONE_IN_A_MILLION_DEBUG", raising=False)
    logs: list[str] = []
    monkeypatch.setattr(game_app, "_write_crash_log", lambda: logs.append("x") or "crash.log")
    monkeypatch.setattr("sim.kiosk.scene.register_scene", lambda *_: None)
    monkeypatch.delitem(SCENES, "kiosk", raising=False)
    code = cli.main(["play", "--kiosk", "--no-supervisor", "--frames", "1", "--size", "640x360"])
    err = capsys.readouterr().err
    assert code == 1 and logs == ["x"], err
    assert "internal error" in err and "'kiosk'" in err and err.count("\n") == 1


def test_registered_screens_open_for_chapter_and_kiosk(tmp_path, monkeypatch) -> None:
    """With the screens installed they are what opens for --chapter and --kiosk."""
    from sim.kiosk.settings import SETTINGS_ENV
    from tests.test_game_support import make_app

    app = make_app(start=None, chapter=2)
    assert type(app.top).__name__ == "StoryScene"
    settings = tmp_path / "kiosk.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv(SETTINGS_ENV, str(settings))  # never the museum's real settings file
    app = make_app(start=None, kiosk=True)
    assert type(app.top).__name__ == "AttractScene"


def test_the_game_offers_every_situation_under_its_detectors_tab() -> None:
    """Guns, plates and calls are in the sandbox now (issue 13): each under its detector's tab."""
    from sim.game.detector_look import scenario_detector
    from tests.screen_tour import press
    from tests.test_game_support import make_app

    app = make_app(start="sandbox")
    names = {s.name for s in app.playable_scenarios()}
    assert names == {s.name for s in app.scenarios()}
    assert {"city", "aclu-2018", "school-guns", "plate-readers", "prison-calls"} <= names
    app.top.open_picker()
    listed: set[str] = set()
    for detector in ("faces", "weapons", "plates", "calls"):
        press(app, f"detector:{detector}")
        shown = {w.name for w in app.top.focus.widgets if w.name.startswith("scenario:")}
        assert shown == {
            f"scenario:{s.name}"
            for s in app.playable_scenarios()
            if scenario_detector(s) == detector
        }, detector
        listed |= shown
    assert listed == {f"scenario:{n}" for n in names}  # every situation under some tab


def test_an_error_raised_by_a_frame_is_a_crash_not_bad_input(monkeypatch, capsys) -> None:
    """Once the game runs, a ParamError (a ValueError) from a frame is a bug: exit 1, a log.

    Only the file the player asked for can still be their input: a screenshot
    that cannot be written is one line and exit 2, with no crash log.
    """
    from sim.errors import OutputPathError
    from sim.game import app as game_app
    from sim.model.params import ParamError

    monkeypatch.delenv("ONE_IN_A_MILLION_DEBUG", raising=False)
    logs: list[str] = []
    monkeypatch.setattr(game_app, "_write_crash_log", lambda: logs.append("x") or "crash.log")
    frame = game_app.App.frame

    def raising(error: Exception):
        def broken(self, dt: float) -> None:
            frame(self, dt)
            raise error

        return broken

    monkeypatch.setattr(game_app.App, "frame", raising(ParamError("unknown key 'x'")))
    assert run_game(namespace(set=["people=2000"])) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and err.count("\n") == 1 and logs == ["x"]
    monkeypatch.setattr(game_app.App, "frame", raising(OutputPathError("--screenshot x: full")))
    assert run_game(namespace(set=["people=2000"])) == 2
    err = capsys.readouterr().err
    assert err == "one-in-a-million: --screenshot x: full\n" and logs == ["x"]
