"""Judging the player's answer and writing the explanation that uses it.

The explanation is two sentences from the locale: the first depends on how
the answer compared with what the simulation measured ("You guessed 5; the
city flagged 212 innocent people") and the second says why. Which first
sentence is used, and every number in both, come from the run, so the words
can never disagree with what the player just watched.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .cases import case_values
from .chapters import Chapter, Question, spec_values

Answer = float | str


class Texts(Protocol):
    """What the explanation needs from a translator (sim.text.i18n.Translator)."""

    def tr(self, key: str, **fmt: Any) -> str: ...

    def tr_n(self, key: str, n: float, **fmt: Any) -> str: ...

    def num(self, value: float, digits: int = 0) -> str: ...


@dataclass(frozen=True)
class Explanation:
    outcome: str  # low/close/high for a slider, right/wrong for a choice
    sentences: tuple[str, ...]
    truth: Any  # the measured answer (a number, or the option the data supports)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def judge(question: Question, answer: Answer, measured: Mapping[str, Any]) -> str:
    """How the answer compares with the measured truth."""
    truth = measured.get(question.truth)
    if question.kind == "choice":
        return "right" if str(answer) == str(truth) else "wrong"
    return judge_number(float(answer), float(truth or 0), question)


def judge_number(guess: float, truth: float, q: Question) -> str:
    """'close' within close_abs units or a factor close_factor, else 'low' or 'high'."""
    if abs(guess - truth) <= q.close_abs:
        return "close"
    if guess > 0 and truth > 0 and max(guess / truth, truth / guess) <= q.close_factor:
        return "close"
    return "low" if guess < truth else "high"


def close_range(q: Question, truth: float) -> tuple[float, float]:
    """The guesses counted "about right" for this truth (the chapter file's margins).

    The same rule as `judge_number`, written as a range so the screen can say
    it: "guesses from 3 to 12 count as about right".
    """
    lo = min(truth - q.close_abs, truth / q.close_factor if truth > 0 else truth)
    hi = max(truth + q.close_abs, truth * q.close_factor)
    lo = max(q.lo, lo)
    hi = min(q.hi, hi)
    if q.integer:
        lo, hi = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    return lo, hi


def fmt_value(texts: Texts, value: Any) -> Any:
    """Numbers as the language writes them, with as many decimals as they need.

    Round millions and billions are written in words ("30 billion", "30 mil
    millones"), because a row of zeros is hard to read aloud in a classroom.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, int) or float(value).is_integer():
        v = int(value)
        for unit, key in ((1_000_000_000, "story.n.billion"), (1_000_000, "story.n.million")):
            if abs(v) >= unit and v % unit == 0:
                return texts.tr_n(key, v // unit)
        return texts.num(float(value))
    v = abs(float(value))
    digits = 2 if v < 1 else 1 if v < 10 else 0
    return texts.num(float(value), digits)


def fill_values(
    chapter: Chapter, answer: Answer | None, measured: Mapping[str, Any], texts: Texts
) -> dict[str, Any]:
    """Every placeholder a chapter's texts may use, already formatted."""
    data = {**case_values(chapter.cases), **spec_values(chapter), **measured}
    values: dict[str, Any] = {k: fmt_value(texts, v) for k, v in data.items()}
    q = chapter.question
    if q.kind == "choice":
        truth = measured.get(q.truth)
        values["answer"] = texts.tr(chapter.key(f"option.{truth}"), **values) if truth else ""
        values["choice"] = (
            texts.tr(chapter.key(f"option.{answer}"), **values) if answer is not None else ""
        )
    else:
        if answer is not None:
            values["guess"] = fmt_value(texts, float(answer) if not q.integer else int(answer))
        if q.truth in measured:
            lo, hi = close_range(q, float(measured[q.truth] or 0))
            values["close_lo"], values["close_hi"] = fmt_value(texts, lo), fmt_value(texts, hi)
    for name, (key, source) in chapter.phrases.items():
        values[name] = count_phrase(texts, key, float(measured.get(source, 0) or 0))
    if "la_flags" in measured:  # the lookalike scene's counts, as "11 times"
        for name in ("la_flags", "la_scans", "la_stops", "la_confirmed"):
            values[f"{name}_phrase"] = texts.tr_n("story.n.times", int(measured[name]))
    return values


def count_phrase(texts: Texts, key: str, n: float) -> str:
    """A count of people or events in words, never a fraction of a person.

    An expected value such as 0.23 is said as "less than 1 false alert", and
    any other fraction is rounded to a whole count.
    """
    if 0 < n < 0.5:
        return texts.tr("story.n.less_than", what=texts.tr_n(key, 1))
    return texts.tr_n(key, int(round(n)))


def explain(
    chapter: Chapter, answer: Answer, measured: Mapping[str, Any], texts: Texts
) -> Explanation:
    """The two sentences the player reads after the run."""
    outcome = judge(chapter.question, answer, measured)
    values = fill_values(chapter, answer, measured, texts)
    first = texts.tr(chapter.key(f"explain.{outcome}"), **values)
    why = texts.tr(chapter.key("why"), **values)
    notes = tuple(
        texts.tr(chapter.key(f"note.{n.name}"), **values) for n in shown_notes(chapter, measured)
    )
    return Explanation(outcome, (first, why, *notes), measured.get(chapter.question.truth))


def explain_follow(
    chapter: Chapter, answer: Answer, measured: Mapping[str, Any], texts: Texts
) -> Explanation:
    """The sentences after a chapter's follow-up question (the lookalike scene).

    ``measured`` holds the chapter's numbers and the follow-up's own
    (sim/story/lookalike.py: ``la_*``); which option they support is
    ``la_answer``, so "right" and every count come from the run.
    """
    assert chapter.follow is not None
    truth = str(measured.get("la_answer", ""))
    outcome = "right" if str(answer) == truth else "wrong"
    values = fill_values(chapter, None, measured, texts)
    key = chapter.key
    values["choice"] = texts.tr(key(f"follow.option.{answer}"), **values)
    values["answer"] = texts.tr(key(f"follow.option.{truth}"), **values) if truth else ""
    first = texts.tr(key(f"follow.explain.{outcome}"), **values)
    why = texts.tr(key(f"follow.why.{truth}"), **values) if truth else ""
    return Explanation(outcome, (first, why) if why else (first,), truth)


def shown_notes(chapter: Chapter, measured: Mapping[str, Any]) -> list[Any]:
    """The chapter's notes whose condition is true of this run."""
    return [n for n in chapter.notes if n.holds(dict(measured))]
