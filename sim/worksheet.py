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
import functools
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.model.frequencies import share_of_every
from sim.story.cases import real_world

SEED = 7
#: The languages of the teacher's kit (guide, worksheet, answer key), as the game's.
LANGUAGES = ("en", "es", "fr", "de")
DOCS = Path(__file__).resolve().parents[1] / "docs"  # the kit lives in a checkout's docs/
KIT = DOCS / "kit"


@dataclass(frozen=True)
class Answer:
    """One number of the key: the label's key in the kit's texts, and the value.

    `value` is a count or a measured number (shown with `digits` decimals), a
    pair (part, whole) shown as "12 of 600", or the key of a text ("no stops
    in A"). `args` fill the label ("on day {day}", "published: {published}").
    """

    label: str
    value: float | tuple[float, float] | str
    digits: int = 0
    args: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Task:
    """One worksheet task: a command, and how its answers are read from the JSON."""

    number: int
    args: tuple[str, ...]
    answers: Callable[[dict[str, Any]], list[Answer]]

    @property
    def command(self) -> str:
        return "python -m sim run " + " ".join(self.args)


def _per(part: float, whole: float, scale: int = 100) -> float:
    return scale * part / whole if whole else 0.0


def _one_photo(d: dict[str, Any]) -> list[Answer]:
    t, e = d["totals"], d["expected"]
    return [
        Answer("faces_scanned", t["faces_scanned"]),
        Answer("false_alerts_happened", t["false_alerts"]),
        # as the CLI table prints it, so the key is what the students read
        Answer("false_alerts_expected", e["false_alerts"], 1),
    ]


def _million(d: dict[str, Any]) -> list[Answer]:
    t = d["totals"]
    p = d["params"]
    fmr = float(p["fmr"])
    formula = 100 * (1 - (1 - fmr) ** int(p["watchlist_size"]))
    return [
        Answer("faces_scanned", t["faces_scanned"]),
        Answer("false_alerts", t["false_alerts"]),
        Answer("false_alerts_per_100_faces", _per(t["false_alerts"], t["faces_scanned"]), 1),
        Answer("formula", formula, 1),
    ]


def _crowd(d: dict[str, Any]) -> list[Answer]:
    t = d["totals"]
    return [
        Answer("alerts", t["alerts"]),
        Answer("false_alerts", t["false_alerts"]),
        # the CLI's "Of every 100 alerts" sentence: one rounding everywhere
        Answer("false_alerts_per_100_alerts", share_of_every(t["false_alerts"], t["alerts"])),
        Answer("wanted_found", (t["wanted_found"], t["wanted_present"])),
    ]


def _threshold(d: dict[str, Any]) -> list[Answer]:
    t = d["totals"]
    return [
        Answer("false_alerts", t["false_alerts"]),
        Answer("true_alerts", t["true_alerts"]),
        Answer("wanted_found", (t["wanted_found"], t["wanted_present"])),
    ]


def _who_pays(d: dict[str, Any]) -> list[Answer]:
    g = d["groups"]
    # distinct people, as the CLI's "Who pays" lines print them
    a = g["A"]["innocent_people_stopped_per_10k"]
    b = g["B"]["innocent_people_stopped_per_10k"]
    return [
        Answer("group_a_per_10k", a, 1),
        Answer("group_b_per_10k", b, 1),
        Answer("burden_ratio", b / a if a else "no_stops_in_a", 1),
    ]


def _humans(d: dict[str, Any]) -> list[Answer]:
    t = d["totals"]
    return [
        Answer("alerts", t["alerts"]),
        Answer("confirmed", t["confirmed"]),
        Answer("wrongful_stops", t["wrongful_stops"]),
        Answer("innocent_people_stopped", t["innocent_people_stopped"]),
        Answer("detention_hours", t["innocent_detention_hours"]),
    ]


def _loop(d: dict[str, Any]) -> list[Answer]:
    days = d["history"]
    first, last = days[0]["wrongful_stops"], days[-1]["wrongful_stops"]
    return [
        Answer("wrongful_stops_day", first, args=(("day", 1),)),
        Answer("wrongful_stops_day", last, args=(("day", len(days)),)),
        Answer("watchlist_at_end", d["totals"]["watchlist_size"]),
    ]


def _aclu(d: dict[str, Any]) -> list[Answer]:
    from sim.story.cases import case_values

    pub = case_values(["aclu_congress_2018"])
    t, g = d["totals"], d["groups"]
    share_b = round(_per(g["B"]["false_alerts"], t["false_alerts"]))
    published_share = round(100 * pub["aclu_congress_2018_false_match_share_people_of_color"])
    return [
        Answer(
            "false_matches_published",
            t["false_alerts"],
            args=(("published", pub["aclu_congress_2018_false_matches"]),),
        ),
        Answer("share_b_published", share_b, args=(("published", published_share),)),
    ]


def _s(*pairs: str) -> tuple[str, ...]:
    out: list[str] = ["--scenario", pairs[0], "--seed", str(SEED)]
    for p in pairs[1:]:
        out += ["--set", p]
    return tuple(out)


TASKS: tuple[Task, ...] = (
    # group B's x10 off: the task says one in a million for every face
    Task(
        1,
        _s("city", "watchlist_size=1", "fmr=1e-6", "wanted=0", "groups.B.fmr_multiplier=1"),
        _one_photo,
    ),
    Task(
        2,
        _s(
            "city",
            "people=20000",
            "watchlist_size=1000000",
            "fmr=1e-6",
            "wanted=0",
            "groups.B.fmr_multiplier=1",
        ),
        _million,
    ),
    Task(3, _s("cardiff-2017"), _crowd),
    Task(4, _s("city", "threshold=80"), _threshold),
    Task(5, _s("city", "threshold=99"), _threshold),
    Task(6, _s("city", "threshold=80"), _who_pays),
    Task(7, _s("city", "threshold=80"), _humans),
    Task(
        8,
        _s(
            "city",
            "people=20000",
            "hours=120",
            "policy.cameras_follow_alerts=true",
            "policy.stopped_join_watchlist=true",
        ),
        _loop,
    ),
    Task(9, _s("aclu-2018"), _aclu),
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


@functools.cache
def _run(args: tuple[str, ...]) -> dict[str, Any]:
    """One run per command, shared by the tasks that read it and by every language's key."""
    return run_json(args)


def kit_texts(lang: str) -> dict[str, Any]:
    """The answer key's words in one language: docs/kit/<lang>.toml (titles, labels, texts)."""
    from sim.datafile import read_toml

    return read_toml(KIT / f"{lang}.toml", "teacher's kit texts")


def number(x: float, lang: str, digits: int = 0) -> str:
    """A number as the language writes it: 2,562 / 2.562 / 2 562; 63.4 / 63,4."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(x, digits) if digits else round(x), format=pattern, locale=lang)


def _value(answer: Answer, texts: dict[str, Any], lang: str) -> str:
    v = answer.value
    if isinstance(v, str):
        return str(texts["labels"][v])
    if isinstance(v, tuple):
        return str(texts["of"]).format(part=number(v[0], lang), whole=number(v[1], lang))
    return number(v, lang, answer.digits)


def _facts(data: dict[str, Any], lang: str) -> dict[str, str]:
    """Published figures and the run's parameters, written as the language writes numbers."""
    from sim.story.cases import case_values

    published = case_values([k for k, v in real_world().items() if isinstance(v, dict)])
    raw = {**published, **{"p_" + k.replace(".", "_"): v for k, v in data["params"].items()}}
    from babel.numbers import format_decimal

    numeric = (int, float)
    return {
        k: format_decimal(v, format="#,##0.###", locale=lang)
        if isinstance(v, numeric) and not isinstance(v, bool)
        else str(v)
        for k, v in raw.items()
    }


def answer_key(lang: str = "en") -> str:
    """docs/answer-key[.<lang>].md, computed from the commands the students run."""
    texts = kit_texts(lang)
    lines = [f"# {texts['title']}", "", str(texts["generated"]).strip(), ""]
    lines += [str(texts["intro"]).format(seed=SEED).strip(), ""]
    for task in TASKS:
        data = _run(task.args)
        words = texts["task"][str(task.number)]
        lines += [f"## {task.number}. {words['title']}", "", "```", task.command, "```", ""]
        for a in task.answers(data):
            args = {k: number(v, lang) for k, v in a.args}
            label = str(texts["labels"][a.label]).format(**args)
            lines.append(f"- {label}{texts['colon']}**{_value(a, texts, lang)}**")
        discussion = str(words["discussion"]).format(**_facts(data, lang))
        lines += ["", str(texts["explanation"]).format(text=discussion), ""]
    return "\n".join(lines).rstrip() + "\n"


def key_path(lang: str) -> Path:
    """Where a language's key is kept: docs/answer-key.md, docs/answer-key.es.md, ..."""
    return DOCS / ("answer-key.md" if lang == "en" else f"answer-key.{lang}.md")
