"""Property-based fuzzing of the command line (issue 15): JSON that makes sense, or one line.

Two properties, both through `sim.cli.main` in this process:

- every knob in the `params` registry, anywhere in its allowed range, gives a
  run whose JSON has every probability in [0, 1] and every count >= 0;
- a scenario file mutated from a shipped one (keys removed, added, retyped,
  nested) plus random `--set key=value` pairs either runs (exit 0, valid
  JSON, same invariants) or is refused with exit 2 and exactly one line on
  stderr. An exception escaping `main` fails the test with its traceback.

Runs are kept small (hundreds of people, under an hour) and the examples are
derandomized, so the suite takes seconds and fails the same way every time;
raise `max_examples` locally to search harder.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import tempfile
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.model.params import BRUTE_MAX_RECORDS, GROUP_SPECS, SPECS, ParamSpec
from sim.scenario import SCENARIO_DIR, SCHEMA

#: Small runs: the properties do not depend on the crowd's size, the run time does.
PEOPLE = (10, 200)
HOURS = (0.25, 1.0)
#: Knobs whose cost does not shrink with the crowd, capped for the test only.
#: Phone searches are made per officer whatever the crowd (capture.py): 100,000
#: officers x 20 searches an hour took 188 s for 60 people and 15 minutes, and
#: 20,000 cameras x density 10 five seconds. Every other knob spans its range.
TEST_CAPS = {"officers": 1_000, "cameras": 2_000}
FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: JSON fields that are probabilities (rates of one thing per another of the same kind).
PROBABILITIES = {"precision", "p_false_alert_per_capture", "false_alerts_per_face"}


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def assert_sane(result: dict[str, Any]) -> None:
    """0 <= every probability <= 1, every count finite and >= 0, anywhere in the run JSON."""
    for key in PROBABILITIES:
        value = result["rates"][key]
        assert value is None or 0.0 <= value <= 1.0, (key, value)
    e = result["expected"]
    assert e["precision"] is None or 0.0 <= e["precision"] <= 1.0, e
    for name, g in result["groups"].items():
        assert 0.0 <= g["fmr_at_threshold"] <= 1.0, (name, g)
    counts = [result["totals"], {k: e[k] for k in ("false_alerts", "true_alerts")}]
    counts += list(result["groups"].values()) + list(result["history"])
    for table in counts:
        for key, value in table.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            assert math.isfinite(value) and value >= 0, (key, value)
    t = result["totals"]
    assert t["alerts"] == t["true_alerts"] + t["false_alerts"]
    assert t["alerts"] <= t["scans"]  # scans: faces, person-passes, plate passes or calls
    assert t["faces_scanned"] in (0, t["scans"])


# ------------------------------------------------------------------ every knob
def knob_value(spec: ParamSpec) -> st.SearchStrategy[Any]:
    """Anywhere in the knob's range, its ends included; log knobs spread over decades."""
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    lo, hi = float(spec.lo), float(spec.hi)
    if spec.key == "people":
        lo, hi = PEOPLE
    if spec.key == "hours":
        lo, hi = HOURS
    hi = min(hi, TEST_CAPS.get(spec.key, hi))
    ends = st.sampled_from([lo, hi])
    if spec.kind == "int":
        inside = st.integers(int(lo), int(hi))
        if spec.log and hi > 10 * max(lo, 1):
            inside = st.floats(math.log10(max(lo, 1)), math.log10(hi)).map(
                lambda x: min(int(hi), max(int(lo), round(10**x)))
            )
        return st.one_of(ends.map(int), inside)
    inside = st.floats(lo, hi)
    if spec.log and lo > 0:
        inside = st.floats(math.log10(lo), math.log10(hi)).map(lambda x: min(hi, max(lo, 10**x)))
    drawn = st.one_of(ends, inside)
    if spec.kind == "optfloat":
        return st.one_of(st.just("profile"), drawn)
    return drawn


@settings(FUZZ, max_examples=12)  # ~1 s each: the city is built for every example
@given(data=st.data())
def test_every_knob_anywhere_in_its_range_keeps_json_sane(data: st.DataObject) -> None:
    values = {key: data.draw(knob_value(spec), label=key) for key, spec in SPECS.items()}
    if values["matcher"] == "brute":
        values["watchlist_size"] = min(values["watchlist_size"], BRUTE_MAX_RECORDS)
    values["wanted"] = min(values["wanted"], values["people"], values["watchlist_size"])
    share = data.draw(st.floats(0.0, 1.0), label="share A")
    wanted_share = data.draw(st.floats(0.0, 1.0), label="wanted_share A")
    for name, s, w in (("A", share, wanted_share), ("B", 1.0 - share, 1.0 - wanted_share)):
        values[f"groups.{name}.share"] = s
        values[f"groups.{name}.wanted_share"] = w
        mult = data.draw(knob_value(GROUP_SPECS["fmr_multiplier"]), label=f"{name} multiplier")
        values[f"groups.{name}.fmr_multiplier"] = mult
    sets = [x for k, v in values.items() for x in ("--set", f"{k}={v}")]
    code, out, err = run_cli(["run", "--scenario", "city", "--json", *sets])
    assert code == 0, err
    assert_sane(json.loads(out))


def test_issue_15_probabilities_above_one_are_gone() -> None:
    """threshold=0, fmr=0.5 and threshold=1e-300 once printed p = 1.0000015."""
    for knob in ("threshold=0", "fmr=0.5", "threshold=1e-300"):
        code, out, err = run_cli(
            ["run", "--json", "--set", "people=3000", "--set", "hours=6", "--set", knob]
        )
        assert code == 0, err
        result = json.loads(out)
        assert_sane(result)
        # every capture alerts, so the clamped rate is exactly 1, not a rounding below it
        assert result["rates"]["p_false_alert_per_capture"] == 1.0


# ------------------------------------------------------------------ mutated files
def toml(value: Any) -> str:
    """A value as TOML text (inline tables for tables: any nesting is one line)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_file(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(k)} = {toml(v)}\n" for k, v in data.items())


SHIPPED = {
    p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in SCENARIO_DIR.glob("*.toml")
}
SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([0, 1, -1, 8, 9, 1000, 10**6, 2**63 - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 0.5, 1.0, 1e-300, 1e300, 80.0, 99.9]),
    st.text(max_size=12),
    st.booleans(),
    st.dates(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
PARAM_KEYS = [*SPECS, "policy.share_watchlists", "nope"]
KEY_PATHS = st.one_of(
    st.sampled_from(sorted(SCHEMA)).map(lambda k: (k,)),
    st.sampled_from(PARAM_KEYS).map(lambda k: ("params", *k.split("."))),
    st.tuples(st.just("groups"), st.sampled_from(["A", "B", "C", "a.b", ""]), st.text(max_size=4)),
    st.tuples(st.just("groups"), st.sampled_from(["A", "B"]), st.sampled_from(sorted(GROUP_SPECS))),
    st.text(max_size=8).map(lambda k: (k,)),
)
SET_VALUES = st.one_of(
    st.sampled_from(["-0", "0", "1e-300", "1e400", "nan", "inf", "-1", "0.5", "true", "", "1_0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**6), 10**7).map(str),
    st.text(max_size=8),
)
SET_KEYS = st.one_of(
    st.sampled_from([k for k in SPECS if k not in ("people", "hours")]),
    st.sampled_from([f"groups.{g}.{f}" for g in "ABZ" for f in GROUP_SPECS]),
    st.text(max_size=10),
)


def mutate(data: dict[str, Any], path: tuple[str, ...], value: Any, delete: bool) -> None:
    """Set (or delete) `path` in the nested dict, replacing whatever is in the way."""
    node = data
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if delete:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


@FUZZ
@given(
    base=st.sampled_from(sorted(SHIPPED)),
    edits=st.lists(st.tuples(KEY_PATHS, VALUES, st.booleans()), min_size=1, max_size=3),
    sets=st.lists(st.tuples(SET_KEYS, SET_VALUES), max_size=3),
    crlf=st.booleans(),
    cut=st.one_of(st.none(), st.integers(0, 4000)),
)
def test_mutated_scenarios_and_sets_give_json_or_one_line(
    base: str,
    edits: list[tuple[tuple[str, ...], Any, bool]],
    sets: list[tuple[str, str]],
    crlf: bool,
    cut: int | None,
) -> None:
    data = json.loads(json.dumps(SHIPPED[base], default=str))  # a deep copy
    for path, value, delete in edits:
        mutate(data, path, value, delete)
    text = toml_file(data)
    if crlf:
        text = text.replace("\n", "\r\n")
    if cut is not None:
        text = text[:cut]  # a file truncated mid-way: an editor crash, a full USB stick
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{base}.toml"
        path.write_text(text, encoding="utf-8", newline="")
        argv = ["run", "--scenario", str(path), "--json"]
        argv += [x for k, v in sets for x in ("--set", f"{k}={v}")]
        argv += ["--set", f"people={PEOPLE[1]}", "--set", "hours=0.5"]
        code, out, err = run_cli(argv)
    assert code in (0, 2), (code, err)
    if code == 0:
        assert err == ""
        assert_sane(json.loads(out))
    else:
        assert out == ""
        assert len(err.splitlines()) == 1 and err.startswith("error: "), err


def test_the_fuzzer_reaches_both_outcomes() -> None:
    """A fuzzer whose every file is refused (or accepted) would test half the promise."""
    code, out, _ = run_cli(["run", "--scenario", "city", "--json", "--set", "people=50"])
    assert code == 0 and json.loads(out)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "city.toml"
        data = json.loads(json.dumps(SHIPPED["city"], default=str))
        mutate(data, ("order",), "abc", False)
        path.write_text(toml_file(data), encoding="utf-8")
        code, out, err = run_cli(["run", "--scenario", str(path), "--json"])
    assert code == 2 and out == "" and "'order'" in err
    # the writer round-trips every shipped scenario, so a mutation is the only change
    for name, data in SHIPPED.items():
        assert tomllib.loads(toml_file(data)) == data, name
