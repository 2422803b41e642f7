"""The worksheet's numbers: the commands students run and the answers they give.

Each task of docs/worksheet.md names one `python -m sim run` command with a
fixed seed, so every student (and the teacher's projector) gets the same
run. The answer key (docs/answer-key.md) is generated here by running those
exact commands through the command line's own code and reading its JSON, so
the key cannot drift from what the students see: a test regenerates it and
compares. After a change to the model, regenerate it with
`python scripts/make_worksheet.py --answer-key`.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.model.frequencies import share_of_every
from sim.story.cases import real_world

SEED = 7


@dataclass(frozen=True)
class Task:
    """One worksheet task: a command, and how its answer is read from the JSON."""

    number: int
    title: str
    args: tuple[str, ...]
    answers: Callable[[dict[str, Any]], list[tuple[str, str]]]
    discussion: str  # what a good written answer says; {p_<param>} and published {case_field}

    @property
    def command(self) -> str:
        return "python -m sim run " + " ".join(self.args)


def _n(x: float) -> str:
    return f"{int(round(x)):,}"


def _per(part: float, whole: float, scale: int = 100, digits: int = 0) -> str:
    if not whole:
        return "0"
    v = scale * part / whole
    return f"{v:.{digits}f}" if digits else f"{round(v):,}"


def _one_photo(d: dict[str, Any]) -> list[tuple[str, str]]:
    t, e = d["totals"], d["expected"]
    return [
        ("faces scanned", _n(t["faces_scanned"])),
        ("false alerts (happened)", _n(t["false_alerts"])),
        # as the CLI table prints it, so the key is what the students read
        ("false alerts (expected)", f"{e['false_alerts']:,.1f}"),
    ]


def _million(d: dict[str, Any]) -> list[tuple[str, str]]:
    t = d["totals"]
    p = d["params"]
    fmr = float(p["fmr"])
    formula = 100 * (1 - (1 - fmr) ** int(p["watchlist_size"]))
    return [
        ("faces scanned", _n(t["faces_scanned"])),
        ("false alerts", _n(t["false_alerts"])),
        ("false alerts per 100 faces", _per(t["false_alerts"], t["faces_scanned"], digits=1)),
        ("1 - (1 - fmr)^N, as a percentage", f"{formula:.1f}"),
    ]


def _crowd(d: dict[str, Any]) -> list[tuple[str, str]]:
    t = d["totals"]
    return [
        ("alerts", _n(t["alerts"])),
        ("false alerts", _n(t["false_alerts"])),
        # the CLI's "Of every 100 alerts" sentence: one rounding everywhere
        ("false alerts per 100 alerts", str(share_of_every(t["false_alerts"], t["alerts"]))),
        ("wanted people found", f"{_n(t['wanted_found'])} of {_n(t['wanted_present'])}"),
    ]


def _threshold(d: dict[str, Any]) -> list[tuple[str, str]]:
    t = d["totals"]
    return [
        ("false alerts", _n(t["false_alerts"])),
        ("true alerts (wanted people recognised)", _n(t["true_alerts"])),
        ("wanted people found", f"{_n(t['wanted_found'])} of {_n(t['wanted_present'])}"),
    ]


def _who_pays(d: dict[str, Any]) -> list[tuple[str, str]]:
    g = d["groups"]
    # distinct people, as the CLI's "Who pays" lines print them
    a = g["A"]["innocent_people_stopped_per_10k"]
    b = g["B"]["innocent_people_stopped_per_10k"]
    return [
        ("group A: innocent people stopped per 10,000", f"{a:,.1f}"),
        ("group B: innocent people stopped per 10,000", f"{b:,.1f}"),
        ("B's burden divided by A's", f"{b / a:.1f}" if a else "no stops in A"),
    ]


def _humans(d: dict[str, Any]) -> list[tuple[str, str]]:
    t = d["totals"]
    return [
        ("alerts", _n(t["alerts"])),
        ("alerts confirmed by an operator", _n(t["confirmed"])),
        ("stops of innocent people", _n(t["wrongful_stops"])),
        ("innocent people stopped (each counted once)", _n(t["innocent_people_stopped"])),
        ("hours innocent people were held", _n(t["innocent_detention_hours"])),
    ]


def _loop(d: dict[str, Any]) -> list[tuple[str, str]]:
    days = d["history"]
    first, last = days[0]["wrongful_stops"], days[-1]["wrongful_stops"]
    return [
        ("stops of innocent people on day 1", _n(first)),
        (f"stops of innocent people on day {len(days)}", _n(last)),
        ("watchlist size at the end", _n(d["totals"]["watchlist_size"])),
    ]


def _aclu(d: dict[str, Any]) -> list[tuple[str, str]]:
    from sim.story.cases import case_values

    pub = case_values(["aclu_congress_2018"])
    t, g = d["totals"], d["groups"]
    share_b = _per(g["B"]["false_alerts"], t["false_alerts"])
    published_share = round(100 * pub["aclu_congress_2018_false_match_share_people_of_color"])
    return [
        (
            f"false matches (published: {pub['aclu_congress_2018_false_matches']})",
            _n(t["false_alerts"]),
        ),
        (f"share of false matches in group B, per 100 (published: {published_share})", share_b),
    ]


def _s(*pairs: str) -> tuple[str, ...]:
    out: list[str] = ["--scenario", pairs[0], "--seed", str(SEED)]
    for p in pairs[1:]:
        out += ["--set", p]
    return tuple(out)


TASKS: tuple[Task, ...] = (
    Task(
        1,
        "One in a million",
        # group B's x10 off: the task says one in a million for every face
        _s("city", "watchlist_size=1", "fmr=1e-6", "wanted=0", "groups.B.fmr_multiplier=1"),
        _one_photo,
        "Each face meets one photo, so a one-in-a-million error almost never happens: "
        "the expected count is about faces scanned x 1/1,000,000, a fraction of one "
        "false alert a day.",
    ),
    Task(
        2,
        "The watchlist grows",
        _s(
            "city",
            "people=20000",
            "watchlist_size=1000000",
            "fmr=1e-6",
            "wanted=0",
            "groups.B.fmr_multiplier=1",
        ),
        _million,
        "A million photos give each face a million chances to be mistaken; the share "
        "flagged matches 1 - (1 - 1/1,000,000)^1,000,000, about 63 in 100.",
    ),
    Task(
        3,
        "The crowd (Cardiff, 2017)",
        _s("cardiff-2017"),
        _crowd,
        "Wanted people are rare in a crowd, so false alerts outnumber true ones even "
        "with a small error per face; South Wales Police reported {cardiff_2017_false_alerts:,} "
        "false alerts of {cardiff_2017_alerts:,}.",
    ),
    Task(
        4,
        "Turning the threshold: 80%",
        _s("city", "threshold=80"),
        _threshold,
        "At 80% the system raises many false alerts and recognises more wanted people.",
    ),
    Task(
        5,
        "Turning the threshold: 99%",
        _s("city", "threshold=99"),
        _threshold,
        "At 99% almost all false alerts are gone, but fewer wanted people are recognised: "
        "a threshold chooses which mistakes are made, it does not remove them.",
    ),
    Task(
        6,
        "Who pays",
        _s("city", "threshold=80"),
        _who_pays,
        "Group B's faces are falsely matched {p_groups_B_fmr_multiplier:g} times as often, so "
        "its innocent members are stopped far more often per person, whatever the threshold.",
    ),
    Task(
        7,
        "Humans in the loop",
        _s("city", "threshold=80"),
        _humans,
        "Operators confirm a share of false alerts, more under load; confirmed false "
        "alerts become stops of innocent people and hours in custody.",
    ),
    Task(
        8,
        "The loop closes",
        _s(
            "city",
            "people=20000",
            "hours=120",
            "policy.cameras_follow_alerts=true",
            "policy.stopped_join_watchlist=true",
        ),
        _loop,
        "Cameras move to where alerts were and stopped people join the list, so the "
        "same places and faces are searched harder: stops of innocent people grow day "
        "after day.",
    ),
    Task(
        9,
        "The Congress test (ACLU, 2018)",
        _s("aclu-2018"),
        _aclu,
        "The 2018 cloud profile is calibrated to this test, so the simulation lands near "
        "the {aclu_congress_2018_false_matches} published false matches. Group B stands for "
        "members of colour; with so few false matches, its share varies a lot from seed to seed.",
    ),
)


def run_json(args: tuple[str, ...]) -> dict[str, Any]:
    """Run `python -m sim run ARGS --json` in this process and parse what it prints."""
    from sim.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["run", *args, "--json"])
    if code != 0:
        raise RuntimeError(f"`python -m sim run {' '.join(args)}` failed with exit {code}")
    return json.loads(out.getvalue())


def answer_key() -> str:
    """docs/answer-key.md, computed from the commands the students run."""
    lines = [
        "# Worksheet answer key",
        "",
        "<!-- Generated by `python scripts/make_worksheet.py --answer-key` from the",
        "     commands below; tests/test_worksheet.py regenerates it and compares.",
        "     Do not edit by hand. -->",
        "",
        "Every number below is what the command prints (with `--json`) for the seed",
        f"given ({SEED}). Students who run the same command get the same numbers;",
        "another seed gives another day, with numbers of the same size.",
        "",
    ]
    from sim.story.cases import case_values

    published = case_values([k for k, v in real_world().items() if isinstance(v, dict)])
    runs: dict[tuple[str, ...], dict[str, Any]] = {}
    for task in TASKS:
        if task.args not in runs:  # tasks that read the same run share it
            runs[task.args] = run_json(task.args)
        data = runs[task.args]
        facts = {**published, **{"p_" + k.replace(".", "_"): v for k, v in data["params"].items()}}
        lines += [f"## {task.number}. {task.title}", "", "```", task.command, "```", ""]
        lines += [f"- {label}: **{value}**" for label, value in task.answers(data)]
        lines += ["", f"What a good explanation says: {task.discussion.format(**facts)}", ""]
    return "\n".join(lines).rstrip() + "\n"
