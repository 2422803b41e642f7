"""Saving from the screen: the report picture and the table land in Documents, and nowhere else.

Run with HOME pointing at an empty folder, as on a fresh school account: the
default export folder is then `~/Documents/One in a Million` (platformdirs'
Documents folder, which is also where Windows and macOS keep it), and after
pressing the buttons the only files in that home are the ones asked for.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.game.preferences import Preferences
from sim.setup_code import decode, read_setup_file
from sim.spreadsheet import ALERT_COLUMNS
from tests.test_game_support import click, make_app


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home folder with no XDG settings: what a new user account has."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(var, raising=False)
    return home


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def _press(app, name: str) -> None:
    (button,) = [b for b in _buttons(app.top) if b.name == name]
    click(app, button.rect.center)


def _buttons(scene) -> list:
    return list(getattr(scene, "buttons", None) or scene.focus.widgets)


def test_the_setup_card_saves_the_report_and_the_table_in_documents_only(home: Path) -> None:
    app = make_app(start="sandbox", scenario="aclu-2018", overrides=())
    assert app.session.set_param("threshold", 85.0)
    app.session.model.run()
    before = _files(home)
    app.open("setup")
    folder = home / "Documents" / "One in a Million"
    assert Preferences().export_dir() == folder
    code = app.session.setup_code()
    assert code is not None

    _press(app, "save_report")
    report = folder / f"report-aclu-2018-seed1-{code}.png"
    assert str(report) in app.top.note
    _press(app, "save_table")
    table = folder / f"alerts-aclu-2018-seed1-{code}.csv"
    meta = folder / f"alerts-aclu-2018-seed1-{code}.meta.txt"
    assert str(table) in app.top.note and meta.name in app.top.note
    assert _files(home) - before == {report, table, meta}  # nothing else written

    with table.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    totals = app.session.model.summary("aclu-2018")["totals"]
    assert tuple(rows[0]) == ALERT_COLUMNS and len(rows) - 1 == totals["alerts"] > 0
    text = meta.read_text(encoding="utf-8")
    assert f"# setup code: {code} " in text and decode(code).params().threshold == 85.0
    # the side file reruns the screen's run through the command line: the same numbers
    assert read_setup_file(meta).params().as_dict() == app.session.model.params.as_dict()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", "--setup-file", str(meta), "--json"]) == 0
    assert json.loads(out.getvalue())["totals"] == totals


def test_the_results_card_saves_both_and_says_where(home: Path) -> None:
    app = make_app(start="sandbox", scenario="aclu-2018", overrides=())
    app.session.model.run()
    app.open("results")
    folder = home / "Documents" / "One in a Million"
    _press(app, "save_table")
    (table,) = folder.glob("*.csv")
    assert str(table) in app.top.note
    _press(app, "save_report")
    (report,) = folder.glob("*.png")
    assert str(report) in app.top.note
    assert {p.suffix for p in _files(home)} == {".png", ".csv", ".txt"}
    assert len(_files(home)) == 3


def test_an_export_that_cannot_be_written_says_why_on_screen(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = home / "not-a-folder"
    blocker.write_text("a file where the export folder should be")
    monkeypatch.setattr(Preferences, "export_dir", lambda self: blocker / "exports")
    app = make_app(start="sandbox", scenario="aclu-2018", overrides=())
    app.open("setup")
    for name in ("save_table", "save_report"):
        _press(app, name)
        assert app.top.note.startswith("Could not save"), app.top.note
    assert _files(home) == {blocker}
