"""Scenario files: loading, validating, explaining what is published and what assumed.

A scenario is a TOML file in ``assets/scenarios``. It never contains code:
only a title, a paragraph, its sources, which inputs are published and which
are assumptions, and parameter values that go through exactly the same checks
as ``--set`` on the command line. Any problem is reported as one line that
names the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model.params import GROUP_SPECS, GroupParams, ParamError, Params
from .paths import SCENARIOS

SCENARIO_DIR = SCENARIOS
_TOP_KEYS = {
    "title",
    "summary",
    "description",
    "sources",
    "cases",
    "published",
    "assumptions",
    "order",
    "params",
    "groups",
    "outcome",
}


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
    """Load a scenario by name (``city``) or by path to a .toml file."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = SCENARIO_DIR / f"{name_or_path}.toml"
        if not path.is_file():
            names = ", ".join(scenario_names())
            raise ScenarioError(f"unknown scenario {name_or_path!r}; scenarios are: {names}")
    elif not path.is_file():
        raise ScenarioError(f"scenario file not found: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(f"{_show(path)}: not valid TOML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ScenarioError(f"{_show(path)}: cannot read: {e}") from None
    return parse_scenario(data, path)


def parse_scenario(data: dict[str, Any], path: Path) -> Scenario:
    where = _show(path)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ScenarioError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ScenarioError(f"{where}: {key!r} must be a non-empty text")
    sources = data.get("sources", [])
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise ScenarioError(f"{where}: 'sources' must be a non-empty list of texts")
    params = Params()
    groups = data.get("groups")
    if groups is not None:
        if not isinstance(groups, dict) or not groups:
            raise ScenarioError(f"{where}: 'groups' must be a table of groups")
        params.groups = {}
        for name, table in groups.items():
            if not isinstance(table, dict):
                raise ScenarioError(f"{where}: groups.{name} must be a table")
            params.groups[name] = GroupParams()
            for fld, value in table.items():
                if fld not in GROUP_SPECS:
                    raise ScenarioError(f"{where}: unknown key 'groups.{name}.{fld}'")
                try:
                    params.set(f"groups.{name}.{fld}", value, where)
                except ParamError as e:
                    raise ScenarioError(str(e)) from None
    table = data.get("params", {})
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: 'params' must be a table")
    for key, value in _flatten(table):
        try:
            params.set(key, value, where)
        except ParamError as e:
            raise ScenarioError(str(e)) from None
    try:
        params.check()
    except ParamError as e:
        raise ScenarioError(f"{where}: {e}") from None
    assumptions = data.get("assumptions", [])
    if isinstance(assumptions, str):
        assumptions = [assumptions]
    return Scenario(
        name=path.stem,
        title=data["title"].strip(),
        summary=str(data.get("summary", data["title"])).strip(),
        description=" ".join(data["description"].split()),
        sources=list(sources),
        params=params,
        cases=list(data.get("cases", [])),
        published=dict(data.get("published", {})),
        assumptions=[" ".join(str(a).split()) for a in assumptions],
        outcome=dict(data.get("outcome", {})),
        order=int(data.get("order", 100)),
        path=path,
    )


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
