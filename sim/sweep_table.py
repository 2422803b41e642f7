"""What a sweep prints: its runs, and one average row per value over the repeats.

A class that runs each threshold with five seeds wants to see what is chance
(the spread between seeds) and what is mechanism (the change between values):
the average rows give the second without a spreadsheet formula. They are
labelled in the seed column ("mean of 5"), come after every run in the
table and the CSV, and are a separate list (`means`) in the JSON, so a
program reading the runs never mistakes an average for a run. With one
repeat an average would only repeat its run: the table and the CSV then have
none, the JSON still has `means`. The runs' own columns and keys are those
the sweep always had.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Columns that are not averaged: what was swept and which seed ran.
KEY_COLUMNS = 2


def mean_label(repeats: int) -> str:
    """What the seed column says on an average row."""
    return f"mean of {repeats}"


def _mean(values: list[Any]) -> float | str:
    """The mean of a column's numbers; "" where no run had one (precision without alerts, "").

    Shares (every value between -1 and 1: precision) keep 4 decimals, as the runs
    print them; counts keep 2, enough to tell 12.25 alerts a day from 12.5.
    """
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return ""
    m = sum(numbers) / len(numbers)
    return round(m, 4) if all(abs(v) <= 1 for v in numbers) else round(m, 2)


def mean_rows(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """One row per swept value: the value, the label, then each column's mean over its runs.

    Rows of a value need not be next to each other (a parallel sweep may finish
    them in any order); the values keep the order they first appear in.
    """
    by_value: dict[Any, list[Sequence[Any]]] = {}
    for row in rows:
        by_value.setdefault(row[0], []).append(row)
    out = []
    for value, runs in by_value.items():
        columns = zip(*(r[KEY_COLUMNS:] for r in runs), strict=True)
        out.append([value, mean_label(len(runs)), *(_mean(list(c)) for c in columns)])
    return out


def table_rows(rows: Sequence[Sequence[Any]], repeats: int) -> list[list[Any]]:
    """The rows of the printed table and the CSV: the runs, then (repeats > 1) the averages."""
    return [list(r) for r in rows] + (mean_rows(rows) if repeats > 1 else [])


def format_table(header: Sequence[str], rows: Sequence[Sequence[Any]], repeats: int) -> str:
    """The sweep as aligned columns, with a blank line between the runs and the averages."""
    body = table_rows(rows, repeats)
    widths = [max(len(str(h)), 9, *(len(str(r[i])) for r in body)) for i, h in enumerate(header)]

    def line(cells: Sequence[Any]) -> str:
        return "  ".join(f"{c!s:>{w}}" for c, w in zip(cells, widths, strict=True)) + "\n"

    text = line(header) + "".join(line(r) for r in rows)
    if repeats > 1:
        text += "\n" + "".join(line(r) for r in body[len(rows) :])
    return text


def sweep_json(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    repeats: int,
    head: dict[str, Any],
) -> dict[str, Any]:
    """`sweep --json`: `head` (version, scenario, ...), `runs` and `means`, keyed like the CSV."""
    keys = list(header)
    runs = [dict(zip(keys, r, strict=True)) for r in rows]
    means = []
    for r in mean_rows(rows):
        entry = dict(zip(keys, r, strict=True))
        entry["runs"] = int(entry.pop(keys[1]).split()[-1])  # "mean of 5" -> 5
        means.append(entry)
    return {**head, "runs": runs, "means": means}
