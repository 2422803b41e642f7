"""The published figures behind the story, read from ``assets/data/real_world.toml``.

Real cases are shown as cards (what happened, the published figures, the
source, and what the simulation assumes beyond them) and quoted in chapter
explanations. Numbers are never retyped into texts: a text says
``{cardiff_2017_false_alerts}`` and the figure comes from the data file, so a
correction there reaches every language at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sim.datafile import DataFileError, read_toml
from sim.notices import warn_once
from sim.paths import DETECTORS, REAL_WORLD
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
    """The data file, parsed once; {} (and one line naming it) if it cannot be used.

    The figures decorate the story (case cards, quoted numbers); none of the
    simulation depends on them, so a missing or damaged file costs the cards
    and leaves every placeholder of a figure unfilled, and the game goes on.
    """
    try:
        data = read_toml(REAL_WORLD, "published figures file")
    except DataFileError as exc:
        warn_once("real-world", f"{exc}; no case cards or published figures are shown")
        return {}
    if not data:
        warn_once(
            "real-world",
            f"published figures file {REAL_WORLD} has no figures; no case cards are shown",
        )
        return data
    # the cases of the other detectors (guns, plates, calls) live in their own file;
    # without it their cards are missing and the face cases are still shown
    try:
        extra = read_toml(DETECTORS, "published figures file")
    except DataFileError as exc:
        warn_once("detectors-data", f"{exc}; no cards for the other detectors are shown")
        extra = {}
    return {**{k: v for k, v in extra.items() if k not in data}, **data}


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
    """One case's card; KeyError if the data file has no such case (see `has_case`)."""
    data = real_world().get(case_id)
    if not isinstance(data, dict):
        raise KeyError(f"no case {case_id!r} in {REAL_WORLD.name} or {DETECTORS.name}")
    figures = tuple((k, v) for k, v in data.items() if k not in TEXT_FIELDS and is_figure(v))
    users = tuple(s.name for s in (scenarios or list_scenarios()) if case_id in s.cases)
    sources = data.get("sources", [])
    if not isinstance(sources, list):
        sources = [sources]
    return Case(case_id, figures, tuple(str(s) for s in sources), users)


def has_case(case_id: str) -> bool:
    """Whether the data file has a card for `case_id` (it may be damaged or missing)."""
    return isinstance(real_world().get(case_id), dict)


def used_cases() -> list[Case]:
    """Every case some scenario retells, in scenario teaching order."""
    scenarios = list_scenarios()
    seen: list[str] = []
    for s in scenarios:
        for c in s.cases:
            if c not in seen:
                seen.append(c)
    return [case(c, scenarios) for c in seen if has_case(c)]


def arrests() -> list[Arrest]:
    """The wrongful arrests with a published detention time, longest held first.

    An entry without a name or with a number that is not one is left out
    rather than stopping the screen that lists the others.
    """
    out = []
    listed = real_world().get("wrongful_arrests", [])
    for a in listed if isinstance(listed, list) else []:
        try:
            out.append(
                Arrest(
                    name=str(a["name"]),
                    place=str(a.get("place", "")),
                    year=int(a.get("year", 0)),
                    held_hours=float(a.get("held_hours", 0)),
                    note=str(a.get("note", "")),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return sorted(out, key=lambda a: -a.held_hours)


def case_values(case_ids: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Figures of some cases as ``<case>_<field>`` placeholders, plus the arrests' range."""
    out: dict[str, Any] = {}
    for cid in case_ids:
        data = real_world().get(cid, {})
        if not isinstance(data, dict):
            continue
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
