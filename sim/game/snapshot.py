"""The numbers the side panels show, read from the model a few times a second.

Panels do not query the model every frame: `summary()` walks every person,
so once every quarter second is plenty for numbers a person reads. One
snapshot feeds the tree, the icon array, who-pays and the day chart, so they
always agree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

TOP_INNOCENT = 3


@dataclass
class Snapshot:
    """What the panels draw; all plain numbers."""

    t: float = 0.0
    day: int = 0
    totals: dict[str, Any] = field(default_factory=dict)
    today: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    top_people: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    top_flags: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    top_stops: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    top_groups: list[str] = field(default_factory=list)
    innocent_flagged: int = 0
    hours: float = 24.0


def most_flagged_innocents(
    flag_count: np.ndarray, wanted: np.ndarray, k: int = TOP_INNOCENT
) -> np.ndarray:
    """Indices of the k innocent people flagged most often (ties: lower index)."""
    counts = np.where(wanted, -1, flag_count.astype(np.int64))
    k = min(k, counts.size)
    if k == 0:
        return np.zeros(0, np.int64)
    part = np.argpartition(-counts, k - 1)[:k]
    order = np.lexsort((part, -counts[part]))
    top = part[order]
    return top[counts[top] > 0]


def take(model: Any) -> Snapshot:
    """Read everything the panels need from the model, once."""
    summary = model.summary()
    people = model.people
    top = most_flagged_innocents(np.asarray(people.flag_count), np.asarray(people.wanted))
    names = list(people.group_names)
    return Snapshot(
        t=float(model.t),
        day=int(model.day),
        totals=dict(summary.get("totals", {})),
        today=dict(model.today),
        expected=dict(summary.get("expected", {})),
        groups=dict(summary.get("groups", {})),
        history=list(model.history),
        top_people=top,
        top_flags=np.asarray(people.flag_count)[top],
        top_stops=np.asarray(people.stop_count)[top],
        top_groups=[names[int(g)] for g in np.asarray(people.group)[top]],
        innocent_flagged=int(summary.get("totals", {}).get("innocent_people_flagged", 0)),
        hours=float(model.params.hours),
    )
