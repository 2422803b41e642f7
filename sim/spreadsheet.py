"""CSV files of a run that open in a spreadsheet as they are, and the side file that explains them.

A teacher double-clicks the CSV and Excel or LibreOffice shows a table: the
column names on row 1, one alert (or one person) per row from row 2, nothing
above the header for the spreadsheet to mistake for data. What a table cannot
hold in its cells — the version, the scenario, the seed, the setup code and
every parameter — goes into a side file beside it, `<name>.meta.txt`: plain
text a teacher can open with a double-click, and at the same time a setup
file, so `python -m sim run --setup-file <name>.meta.txt` reruns the very run
the table came from. Times are given as a day number (1 is the first day, as
on screen: "Day 1"), a clock time `time_hm` ("13:30", as on screen) and the
seconds since the start of day 1 (`time_s`) for anyone computing with them.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from sim import __version__
from sim.errors import write_output
from sim.model.alerts import OUTCOME, REVIEW
from sim.model.camera_kinds import CAMERA_KINDS
from sim.setup_code import Setup, setup_file_text

DAY_S = 86400
META_SUFFIX = ".meta.txt"

ALERT_COLUMNS = (
    "day",
    "time_hm",
    "time_s",
    "person",
    "group",
    "camera_kind",
    "similarity",
    "wanted_person",
    "review",
    "outcome",
    "held_hours",
)
PERSON_COLUMNS = ("person", "group", "wanted", "flags", "stops", "detained_hours")


def meta_path(csv_path: str | os.PathLike[str]) -> Path | None:
    """The side file of a CSV: `alerts.csv` -> `alerts.meta.txt` in the same folder.

    None when the table goes to a device or a pipe (`--csv /dev/stdout`): there
    is no folder beside it, and the table alone is what such a reader wants.
    """
    path = Path(os.fspath(csv_path)).expanduser()
    if path.exists() and not path.is_file():
        return None
    return path.with_name(_meta_name(path.name))


def _meta_name(name: str) -> str:
    """`alerts.csv` -> `alerts.meta.txt`; a name without .csv keeps all of it."""
    stem = name[:-4] if name.lower().endswith(".csv") else name
    return stem + META_SUFFIX


def day_and_clock(t: float) -> tuple[int, str]:
    """Seconds since the start of day 1 -> (day number from 1, "HH:MM"), as the game's clock.

    A time is floored to its minute (13:29:59 is 13:29), so every row of a minute
    sorts under that minute.
    """
    seconds = max(0, int(t))
    day, sec = divmod(seconds, DAY_S)
    return day + 1, f"{sec // 3600:02d}:{sec % 3600 // 60:02d}"


def alert_rows(model: Any) -> list[list[Any]]:
    """One row of ALERT_COLUMNS per alert kept in the model's log."""
    log = model.log
    kinds = model.cameras.kind
    names = model.people.group_names
    rows = []
    for i in range(log.n):
        cam = int(log.camera[i])
        kind = CAMERA_KINDS[int(kinds[cam])] if 0 <= cam < len(kinds) else "phone"
        t = float(log.time[i])
        day, hm = day_and_clock(t)
        rows.append(
            [
                day,
                hm,
                round(t, 1),
                int(log.person[i]),
                names[int(log.group[i])],
                kind,
                round(float(log.score[i]), 2),
                int(bool(log.is_true[i])),
                REVIEW[int(log.review[i])],
                OUTCOME[int(log.outcome[i])],
                round(float(log.held_hours[i]), 2),
            ]
        )
    return rows


def person_rows(model: Any) -> list[list[Any]]:
    """One row of PERSON_COLUMNS per person: the burden is carried by individuals, not rates."""
    ppl = model.people
    return [
        [
            i,
            ppl.group_names[int(ppl.group[i])],
            int(bool(ppl.wanted[i])),
            int(ppl.flag_count[i]),
            int(ppl.stop_count[i]),
            round(float(ppl.detained_hours[i]), 2),
        ]
        for i in range(ppl.n)
    ]


def write_table(f: TextIO, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
    """The header on row 1, then the rows: nothing else in the file."""
    w = csv.writer(f)
    w.writerow(columns)
    w.writerows(rows)


def meta_text(
    model: Any,
    setup: Setup,
    setup_code: str | None,
    table: str,
    rows: int,
    per_person: bool = False,
) -> str:
    """The side file: what the table is, how to rerun it, and every parameter of the run.

    `#` lines are comments for the reader; the rest is a setup file
    (scenario, seed and the knobs changed), so the side file reruns the run.
    """
    totals = model.summary(setup.scenario)["totals"]
    lines = [
        f"# One in a Million {__version__}: the run behind {table}",
        f"# version: {__version__}",
        f"# scenario: {setup.scenario}",
        f"# seed: {setup.seed}",
        "# setup code: "
        + (
            f"{setup_code}  (type it in the game: Enter a code)"
            if setup_code
            else "none (too many changes for a code: use this file)"
        ),
        f"# hours simulated: {totals['hours']:g}",
        f"# rows in the table: {rows:,}",
    ]
    if not per_person and rows < totals["alerts"]:
        lines.append(
            f"# the run raised {totals['alerts']:,} alerts; the table holds the last {rows:,} "
            "(the game keeps a million at most)"
        )
    lines += [
        f"# the same run again: {setup.command()}",
        f"#   or: python -m sim run --setup-file {_meta_name(table)}",
        "# every parameter of the run:",
        *(f"#   {k} = {v}" for k, v in model.params.as_dict().items()),
        "",
        setup_file_text(setup),
    ]
    return "\n".join(lines)


def write_run_csv(
    path: str | os.PathLike[str],
    what: str,
    model: Any,
    setup: Setup,
    setup_code: str | None,
    per_person: bool = False,
) -> tuple[Path, Path | None]:
    """Write the table and its side file; returns both paths (errors: OutputPathError)."""
    columns, rows = (
        (PERSON_COLUMNS, person_rows(model)) if per_person else (ALERT_COLUMNS, alert_rows(model))
    )
    out = write_output(path, what, lambda f: write_table(f, columns, rows))
    where = meta_path(out)
    if where is None:
        return out, None
    meta = meta_text(model, setup, setup_code, out.name, len(rows), per_person)
    side: Callable[[TextIO], Any] = lambda f: f.write(meta)  # noqa: E731
    return out, write_output(where, what, side)
