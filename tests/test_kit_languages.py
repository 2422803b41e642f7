"""The teacher's kit in every language: the same sections, the same commands, the CLI's numbers.

The guide, the worksheet and the answer key exist in English, Spanish, French
and German. A translation that drops a section, changes a command or a
number, or names a file that does not exist, fails here. The answer keys'
numbers are read back in each language's own way of writing numbers (Babel)
and compared with what `python -m sim run --json` gives for the same seed.
tests/test_lesson_presets.py checks that every setup code of every guide
opens its command; tests/test_worksheet.py that every key is regenerated
unchanged and every PDF is up to date.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import parse_decimal

from sim.worksheet import KIT, LANGUAGES, TASKS, _run, key_path

DOCS = Path(__file__).resolve().parents[1] / "docs"
ROOT = DOCS.parent
OTHERS = LANGUAGES[1:]


def _doc(stem: str, lang: str) -> str:
    name = f"{stem}.md" if lang == "en" else f"{stem}.{lang}.md"
    return (DOCS / name).read_text(encoding="utf-8")


def _headings(text: str) -> list[str]:
    """The heading levels in order (##, ###): the outline a translation must keep."""
    return re.findall(r"^(#{1,3}) ", text, re.M)


def _keys(table: dict[str, Any], prefix: str = "") -> dict[str, set[str]]:
    """Every text's key, with the {placeholders} it uses."""
    out = {}
    for k, v in table.items():
        if isinstance(v, dict):
            out |= _keys(v, f"{prefix}{k}.")
        else:
            out[prefix + k] = set(re.findall(r"\{(\w+)\}", str(v)))
    return out


@pytest.mark.parametrize("lang", OTHERS)
def test_the_kits_words_have_every_key_and_placeholder_of_english(lang: str) -> None:
    english = _keys(tomllib.loads((KIT / "en.toml").read_text(encoding="utf-8")))
    mine = _keys(tomllib.loads((KIT / f"{lang}.toml").read_text(encoding="utf-8")))
    assert mine == english


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("stem", ["teacher-guide", "worksheet", "answer-key"])
def test_every_section_is_in_every_language(stem: str, lang: str) -> None:
    english, mine = _doc(stem, "en"), _doc(stem, lang)
    assert _headings(mine) == _headings(english)
    numbered = re.compile(r"^#{2,3} (\d+)\.", re.M)
    assert numbered.findall(mine) == numbered.findall(english)
    # every real command, in the same order (placeholders such as FILE are translated)
    command = re.compile(r"python -m sim (?:run|play|sweep) [^`\n]*--(?:scenario|setup-file docs)")
    assert command.findall(mine) == command.findall(english)
    full = re.compile(r"python -m sim (?:run|play|sweep) --(?:scenario|setup-file docs)[^`\n]+")
    assert full.findall(mine) == full.findall(english)
    if stem == "worksheet":  # as many places to write an answer
        assert len(re.findall(r"_{5,}", mine)) == len(re.findall(r"_{5,}", english))
    if stem == "teacher-guide":  # the same rows in the lesson and the chapter tables
        rows = re.compile(r"^\| *(\d+|[\d-]+) *\|", re.M)
        assert rows.findall(mine) == rows.findall(english)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("stem", ["teacher-guide", "worksheet"])
def test_every_file_the_kit_names_exists(stem: str, lang: str) -> None:
    """The guide must not claim what does not exist: each path it names is there."""
    text = _doc(stem, lang)
    paths = set(re.findall(r"`((?:docs|assets|scripts)/[^`<>*\s]+)`", text))
    assert paths or stem == "worksheet"
    for path in paths:
        assert (ROOT / path).exists(), f"{stem} ({lang}) names {path}, which does not exist"
    for name in re.findall(r"`((?:answer-key|worksheet|teacher-guide)[\w.]*\.(?:md|pdf))`", text):
        assert (DOCS / name).exists(), f"{stem} ({lang}) names {name}"


def _numbers(text: str, lang: str) -> list[float]:
    """The bold answers of a key, read as the language writes numbers."""
    out = []
    for answer in re.findall(r"\*\*([^*]+)\*\*", text):
        for token in re.findall(r"\d[\d.,\u202f\u00a0]*\d|\d", answer):
            out.append(float(parse_decimal(token, locale=lang)))
    return out


@pytest.mark.parametrize("lang", OTHERS)
def test_every_answer_key_has_the_english_keys_numbers(lang: str) -> None:
    english = _numbers(key_path("en").read_text(encoding="utf-8"), "en")
    mine = _numbers(key_path(lang).read_text(encoding="utf-8"), lang)
    assert len(english) > 25 and mine == english


#: Answers that are plain counts of the run, read from `run --json` here, in key order.
COUNTS = {
    1: ["faces_scanned", "false_alerts"],
    3: ["alerts", "false_alerts", None, "wanted_found", "wanted_present"],
    4: ["false_alerts", "true_alerts", "wanted_found", "wanted_present"],
    5: ["false_alerts", "true_alerts", "wanted_found", "wanted_present"],
    7: ["alerts", "confirmed", "wrongful_stops", "innocent_people_stopped"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_answer_keys_counts_are_the_command_lines(lang: str) -> None:
    text = key_path(lang).read_text(encoding="utf-8")
    sections = re.split(r"^## (\d+)\. ", text, flags=re.M)
    by_task = {int(sections[i]): sections[i + 1] for i in range(1, len(sections), 2)}
    for task in TASKS:
        if task.number not in COUNTS:
            continue
        totals = _run(task.args)["totals"]
        got = _numbers(by_task[task.number], lang)
        for i, key in enumerate(COUNTS[task.number]):
            if key is not None:
                assert got[i] == totals[key], (lang, task.number, key)
    # task 8: the first and last day's stops from the JSON's history; task 9: the run's matches
    history = _run(TASKS[7].args)["history"]
    day1, dayn = _numbers(by_task[8], lang)[:2]
    assert (day1, dayn) == (history[0]["wrongful_stops"], history[-1]["wrongful_stops"])
    assert _numbers(by_task[9], lang)[0] == _run(TASKS[8].args)["totals"]["false_alerts"]
