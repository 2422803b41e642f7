"""The published figures behind the story, read from ``assets/data/real_world.toml``.

Real cases are shown as cards (what happened, the published figures, the
source, and what the simulation assumes beyond them) and quoted in chapter
explanations. Numbers are never retyped into texts: a text says
``{cardiff_2017_false_alerts}`` and the figure comes from the data file, so a
correction there reaches every language at once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sim.paths import REAL_WORLD
from sim.scenario import Scenario, list_scenarios

TEXT_FIELDS = {"what", "note", "quote", "formula", "sources"}


@dataclass(frozen=True)
class Case:
    """One published case and the scenarios that retell it."""

    id: str
    figures: tuple[tuple[str, Any], ...]  # published numbers (and ranges), in file order
    sources: tuple[str, ...]
    scenarios: tuple[str, ...]


@dataclass(frozen=True)
class Arrest:
    """A person wrongly arrested after a face-recognition match."""

    name: str
    place: str
    year: int
    held_hours: float
    note: str

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "_")


@lru_cache(maxsize=1)
def real_world() -> dict[str, Any]:
    """The data file, parsed once."""
    with open(REAL_WORLD, "rb") as fh:
        return tomllib.load(fh)


def is_figure(value: Any) -> bool:
    """A published number, or a range written as a list of numbers."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )


def case(case_id: str, scenarios: list[Scenario] | None = None) -> Case:
    data = real_world().get(case_id)
    if not isinstance(data, dict):
        raise KeyError(f"no case {case_id!r} in {REAL_WORLD.name}")
    figures = tuple((k, v) for k, v in data.items() if k not in TEXT_FIELDS and is_figure(v))
    users = tuple(s.name for s in (scenarios or list_scenarios()) if case_id in s.cases)
    return Case(case_id, figures, tuple(data.get("sources", [])), users)


def used_cases() -> list[Case]:
    """Every case some scenario retells, in scenario teaching order."""
    scenarios = list_scenarios()
    seen: list[str] = []
    for s in scenarios:
        for c in s.cases:
            if c not in seen:
                seen.append(c)
    return [case(c, scenarios) for c in seen]


def arrests() -> list[Arrest]:
    """The wrongful arrests with a published detention time, longest held first."""
    out = [
        Arrest(
            name=str(a["name"]),
            place=str(a.get("place", "")),
            year=int(a.get("year", 0)),
            held_hours=float(a.get("held_hours", 0)),
            note=str(a.get("note", "")),
        )
        for a in real_world().get("wrongful_arrests", [])
    ]
    return sorted(out, key=lambda a: -a.held_hours)


def case_values(case_ids: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Figures of some cases as ``<case>_<field>`` placeholders, plus the arrests' range."""
    out: dict[str, Any] = {}
    for cid in case_ids:
        data = real_world().get(cid, {})
        for key, value in data.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[f"{cid}_{key}"] = value
                if isinstance(value, float) and 0 < value < 1:
                    out[f"{cid}_{key}_pct"] = int(round(100 * value))
            elif is_figure(value):
                out[f"{cid}_{key}_lo"], out[f"{cid}_{key}_hi"] = min(value), max(value)
    held = [a.held_hours for a in arrests()]
    if held:
        out["arrests_count"] = len(held)
        out["arrests_min_hours"] = int(min(held))
        out["arrests_max_days"] = int(round(max(held) / 24))
    return out
