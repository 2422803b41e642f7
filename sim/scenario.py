"""Scenario files: loading, validating, explaining what is published and what assumed.

A scenario is a TOML file in ``assets/scenarios``. It never contains code:
only a title, a paragraph, its sources, which inputs are published and which
are assumptions, and parameter values that go through exactly the same checks
as ``--set`` on the command line. Any problem is reported as one line that
names the file and the key.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .datafile import DataFileError, read_toml
from .model.params import GROUP_SPECS, MAX_GROUPS, GroupParams, ParamError, Params
from .paths import SCENARIOS

SCENARIO_DIR = SCENARIOS

#: A group name becomes part of keys (``groups.NAME.share``) and of table rows,
#: so it is a short word: letters, digits, ``_`` or ``-``, no dots or spaces.
GROUP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")
#: Room enough for every shipped scenario several times over; a file far past
#: these is a mistake (or a fuzzer), and a list of thousands would only slow
#: the scenario picker down.
MAX_LIST_ITEMS = 64
MAX_TEXT = 4_000
MAX_ORDER = 10_000


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names file and key."""


@dataclass
class Scenario:
    name: str
    title: str
    summary: str
    description: str
    sources: list[str]
    params: Params
    cases: list[str] = field(default_factory=list)
    published: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    outcome: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    path: Path | None = None


def scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def load_scenario(name_or_path: str) -> Scenario:
    """Load a scenario by name (``city``) or by path to a .toml file.

    The file is read through the guarded loader (size, nesting depth, UTF-8
    with or without a byte-order mark, Windows line ends, FIFOs and devices
    refused), so any damage is one ScenarioError naming the file.
    """
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = SCENARIO_DIR / f"{name_or_path}.toml"
        if not path.is_file():
            names = ", ".join(scenario_names())
            raise ScenarioError(f"unknown scenario {name_or_path!r}; scenarios are: {names}")
    elif not path.exists():
        raise ScenarioError(f"scenario file not found: {path}")
    try:
        data = read_toml(path, "scenario file")
    except DataFileError as e:
        raise ScenarioError(str(e)) from None
    return parse_scenario(data, path)


# ------------------------------------------------------------------ the schema
class _Bad(Exception):
    """Raised by a field check: what was expected and, if the check knows, what was found.

    parse_scenario adds the file and the key; without `found` it shows the value.
    """

    def __init__(self, expected: str, found: str | None = None) -> None:
        super().__init__(expected)
        self.expected, self.found = expected, found


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad("a non-empty text")
    if len(value) > limit:
        raise _Bad(f"a text of at most {limit:,} characters", f"{len(value):,}")
    return value.strip()


def _texts(value: Any, limit: int = MAX_TEXT, allow_empty: bool = True) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Bad("a list of non-empty texts")
    if not value and not allow_empty:
        raise _Bad("a non-empty list of texts")
    if len(value) > MAX_LIST_ITEMS:
        raise _Bad(f"a list of at most {MAX_LIST_ITEMS} texts", f"{len(value):,}")
    return [" ".join(_text(v, limit).split()) for v in value]


def _sources(value: Any) -> list[str]:
    return _texts(value, 500, allow_empty=False)


def _cases(value: Any) -> list[str]:
    return _texts(value, 64)


def _assumptions(value: Any) -> list[str]:
    return _texts([value] if isinstance(value, str) else value)


def _number(value: Any) -> float | int:
    """A finite TOML number (a bool is not one, though Python says True == 1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad("a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad("a finite number")
    return value


def _figures(value: Any, check: Callable[[Any], Any], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"a table of {what}")
    if len(value) > MAX_LIST_ITEMS:
        raise _Bad(f"a table of at most {MAX_LIST_ITEMS} entries")
    out = {}
    for k, v in value.items():
        try:
            out[k] = check(v)
        except _Bad:
            raise _Bad(f"a table of {what}", f"{str(k)[:40]!r} = {_brief(v)}") from None
    return out


def _published_value(value: Any) -> float | int | str:
    if isinstance(value, str):
        return _text(value, 500)
    return _number(value)


def _published(value: Any) -> dict[str, Any]:
    """Published inputs: a number (170_000 visitors) or a short text (a date, a name)."""
    return _figures(value, _published_value, "published figures: numbers or texts")


def _count(value: Any) -> float | int:
    number = _number(value)
    if number < 0:
        raise _Bad("a number of 0 or more")
    return number


def _outcome(value: Any) -> dict[str, Any]:
    """Published outcomes the run should land near: counts, never negative."""
    return _figures(value, _count, "published counts: numbers of 0 or more")


def _order(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"a whole number from 0 to {MAX_ORDER:,}")
    if not 0 <= value <= MAX_ORDER:
        raise _Bad(f"a whole number from 0 to {MAX_ORDER:,}", str(value))
    return value


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad("a table")
    return value


def _groups(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not value:
        raise _Bad("a table of groups, e.g. [groups.A]")
    if len(value) > MAX_GROUPS:
        raise _Bad(f"at most {MAX_GROUPS} groups", f"{len(value):,}")
    for name, table in value.items():
        if not GROUP_NAME.fullmatch(name):
            raise _Bad("groups named with 1 to 16 letters, digits, '_' or '-'", repr(name[:40]))
        if not isinstance(table, dict):
            raise _Bad("a table for each group", f"groups.{name} = {_brief(table)}")
    return value


@dataclass(frozen=True)
class FieldSpec:
    """One top-level key of a scenario file: whether it must be there and how it is read."""

    read: Callable[[Any], Any]
    required: bool = False


#: The one declared schema of a scenario file. Every key a file may hold is
#: here; each is read (type, range, allowed keys) by its function, and an
#: unknown key is an error, so a typo cannot be silently ignored.
SCHEMA: dict[str, FieldSpec] = {
    "title": FieldSpec(lambda v: _text(v, 120), required=True),
    "summary": FieldSpec(lambda v: _text(v, 300)),
    "description": FieldSpec(_text, required=True),
    "sources": FieldSpec(_sources, required=True),
    "cases": FieldSpec(_cases),
    "published": FieldSpec(_published),
    "assumptions": FieldSpec(_assumptions),
    "outcome": FieldSpec(_outcome),
    "order": FieldSpec(_order),
    "params": FieldSpec(_table),
    "groups": FieldSpec(_groups),
}


def parse_scenario(data: dict[str, Any], path: Path) -> Scenario:
    """Check `data` against SCHEMA and build the Scenario; errors name file, key, expectation."""
    where = _show(path)
    unknown = sorted(set(data) - set(SCHEMA))
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key {unknown[0][:60]!r}; keys are {', '.join(SCHEMA)}"
        )
    fields: dict[str, Any] = {}
    for key, spec in SCHEMA.items():
        if key not in data:
            if spec.required:
                raise ScenarioError(f"{where}: {key!r} is missing")
            continue
        try:
            fields[key] = spec.read(data[key])
        except _Bad as bad:
            found = bad.found if bad.found is not None else _brief(data[key])
            raise ScenarioError(f"{where}: {key!r} must be {bad.expected}, not {found}") from None
    params = _params(fields.get("groups"), fields.get("params", {}), where)
    return Scenario(
        name=path.stem,
        title=fields["title"],
        summary=fields.get("summary", fields["title"]),
        description=" ".join(fields["description"].split()),
        sources=fields["sources"],
        params=params,
        cases=fields.get("cases", []),
        published=fields.get("published", {}),
        assumptions=fields.get("assumptions", []),
        outcome=fields.get("outcome", {}),
        order=fields.get("order", 100),
        path=path,
    )


def _params(groups: dict[str, Any] | None, table: dict[str, Any], where: str) -> Params:
    """Groups, then [params], through the same checks as --set."""
    params = Params()
    try:
        if groups is not None:
            params.groups = {name: GroupParams() for name in groups}
            for name, fields in groups.items():
                for fld, value in fields.items():
                    if fld not in GROUP_SPECS:
                        raise ParamError(
                            f"unknown key 'groups.{name}.{str(fld)[:40]}'; group keys are "
                            + ", ".join(GROUP_SPECS)
                        )
                    params.set(f"groups.{name}.{fld}", value, where)
        for key, value in _flatten(table):
            params.set(key, value, where)
        params.check()
    except ParamError as e:
        message = str(e)
        raise ScenarioError(message if where in message else f"{where}: {message}") from None
    return params


def _brief(value: Any) -> str:
    """A value as the error shows it: its TOML kind, and short."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value):,}"
    if isinstance(value, datetime.date | datetime.time):
        return "a date or time"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """``[params.policy] share_watchlists = true`` -> ``policy.share_watchlists``."""
    out = []
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, full + "."))
        else:
            out.append((full, value))
    return out


def list_scenarios() -> list[Scenario]:
    """Every scenario, in teaching order (``order`` key, then name)."""
    found = [load_scenario(n) for n in scenario_names()]
    return sorted(found, key=lambda s: (s.order, s.name))


def apply_overrides(params: Params, pairs: list[str]) -> Params:
    """Apply ``key=value`` strings from the command line; errors name the pair."""
    out = params.copy()
    for pair in pairs:
        if "=" not in pair:
            raise ParamError(f"--set {pair!r}: expected key=value")
        key, value = pair.split("=", 1)
        out.set(key.strip(), value.strip(), f"--set {pair}")
    out.check()
    return out


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
