"""Saving the current run from the screen: its report picture and its table, nothing else.

A teacher at the projector presses *Save report* or *Save table (CSV)* on
the setup card or the results card; the file goes into the export folder
chosen in Preferences (by default *One in a Million* in the user's Documents
folder, which platformdirs finds on Windows, macOS and Linux alike) and the
screen says exactly where it went. The table is the command line's
`run --csv`: header on row 1, and its side file `<name>.meta.txt` with the
setup code, the version and every parameter (sim/spreadsheet.py). The names
carry the scenario, the seed and the setup code, so the files of two setups
never overwrite each other. Nothing is written unless a button asks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.errors import UsageError


def export_name(session: Any, kind: str, suffix: str) -> str:
    """`report-city-seed7-A3SY.png`: what, which scenario and seed, and the code if any."""
    scenario = Path(str(session.scenario_name)).stem  # a scenario file: its name, not its path
    code = session.setup_code()
    return f"{kind}-{scenario}-seed{session.seed}{'-' + code if code else ''}{suffix}"


def save_report(app: Any) -> str:
    """The one-page report of the run so far, as `report --setup CODE` draws it."""
    from sim.report import render_report

    session, ui = app.session, app.ui

    def write(path: Path) -> str:
        render_report(session.model, session.scenario, path, ui.i18n.lang)
        return ui.tr("code.saved", path=str(path))

    return save(app, export_name(session, "report", ".png"), write)


def save_table(app: Any) -> str:
    """The run's alerts as a CSV (as `run --csv` writes it) and its side file."""
    from sim.spreadsheet import write_run_csv

    session, ui = app.session, app.ui

    def write(path: Path) -> str:
        table, meta = write_run_csv(
            path, "CSV", session.model, session.setup(), session.setup_code()
        )
        return ui.tr("code.saved_table", path=str(table), meta=meta.name if meta else "")

    return save(app, export_name(session, "alerts", ".csv"), write)


def save(app: Any, name: str, write: Callable[[Path], str]) -> str:
    """Write one export into the export folder; the line the screen shows, saved or not."""
    folder = app.preferences.export_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return write(folder / name)
    except (OSError, UsageError, ValueError) as exc:  # a full disk, a read-only folder
        return app.ui.tr("code.not_saved", why=getattr(exc, "strerror", None) or str(exc))
