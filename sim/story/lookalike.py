"""One innocent lookalike through the day, and how the false alerts were shared out.

A student asked "are false alerts spread evenly over innocent people?" needs
two things the counts of a chapter do not show: how few people got most of
the false alerts, and one of those people's own day (their face code beside
the record's, and each alert and stop at its time). Both are read from a
finished run's model (per-person alert counts and the alert log), so every
number the scene says is the run's own. Pure: numpy and the model, no screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model.alerts import CONFIRMED, DISMISSED, O_DETAINED, O_FOUND, O_RELEASED

# Which option of the follow-up question the run supports.
FEW, EVEN = "few", "even"
# Every number `follow_metrics` gives (the texts' placeholders may use them all).
FOLLOW_NAMES = (
    "la_innocent",
    "la_false",
    "la_flagged",
    "la_never",
    "la_half_people",
    "la_half_alerts",
    "la_person",
    "la_flags",
    "la_scans",
    "la_confirmed",
    "la_stops",
    "la_records",
    "la_answer",
    "la_few",
)


def half_people(counts: np.ndarray) -> int:
    """The fewest people who between them got at least half of all the alerts in `counts`."""
    c = np.sort(np.asarray(counts, dtype=np.int64)[np.asarray(counts) > 0])[::-1]
    if c.size == 0:
        return 0
    total = int(c.sum())
    return int(np.searchsorted(np.cumsum(c) * 2, total, side="left")) + 1


def follow_metrics(model: Any, rules: Mapping[str, float]) -> dict[str, Any]:
    """The numbers of the lookalike scene (``la_*``), and which option they support.

    ``few`` when half of all false alerts fell on at most the chapter file's
    ``few_share`` of the innocent people who were flagged (spread evenly, as
    one alert each, half the alerts would need half of them) and the most
    flagged person was flagged more than once; ``even`` otherwise.
    """
    counts = np.asarray(model.innocent_flag_counts())
    # everyone who is not wanted (the model's own count: people - wanted_present)
    innocent = int(model.people.n) - int(model.summary()["totals"]["wanted_present"])
    false = int(counts.sum())
    flagged = int((counts > 0).sum())
    half = half_people(counts)
    out: dict[str, Any] = {
        "la_innocent": innocent,
        "la_false": false,
        "la_flagged": flagged,
        "la_never": innocent - flagged,
        "la_half_people": half,
        "la_half_alerts": (false + 1) // 2,
        "la_person": -1,
        "la_flags": 0,
        "la_scans": 0,
        "la_confirmed": 0,
        "la_stops": 0,
        "la_records": 0,
    }
    top = model.most_flagged_innocents(1)
    if top:
        person = int(top[0]["person"])
        day = person_day(model, person)
        out.update(
            la_person=person,
            la_flags=int(top[0]["flags"]),
            la_scans=day.scans,
            la_confirmed=int((day.review == CONFIRMED).sum()),
            la_stops=day.stops,
            la_records=day.records,
        )
    share = float(rules.get("few_share", 0.35))
    few = flagged > 0 and out["la_flags"] > 1 and half <= share * flagged
    out["la_answer"] = FEW if few else EVEN
    out["la_few"] = int(few)  # for a note's condition (numbers only)
    return out


@dataclass(frozen=True)
class PersonDay:
    """One person's alerts through a run, ready to draw on a time strip."""

    person: int
    group: str
    code: np.ndarray  # their face code
    record: np.ndarray | None  # the code of the record their first alert matched
    hours: np.ndarray  # each alert's time, in hours since the run's first midnight
    score: np.ndarray  # each alert's similarity (0-100)
    review: np.ndarray  # what the operator did (sim.model.alerts.REVIEW codes)
    outcome: np.ndarray  # what became of it (sim.model.alerts.OUTCOME codes)
    entries: np.ndarray  # which record on the list each alert matched
    scans: int
    start_h: float  # the run's first and last hour
    end_h: float

    @property
    def stopped(self) -> np.ndarray:
        """Which alerts ended in a stop (released, wrongly held, or found)."""
        return np.isin(self.outcome, (O_RELEASED, O_DETAINED, O_FOUND))

    @property
    def stops(self) -> int:
        return int(self.stopped.sum())

    @property
    def held(self) -> np.ndarray:
        return self.outcome == O_DETAINED

    @property
    def dismissed(self) -> np.ndarray:
        return self.review == DISMISSED

    @property
    def records(self) -> int:
        """How many different records on the list the alerts matched."""
        return int(np.unique(self.entries).size)


def person_day(model: Any, person: int) -> PersonDay:
    """One person's day from a model's alert log: what the strip and the glyphs show."""
    alerts = model.person_alerts(person)
    rows = alerts["row"]
    story = model.person_story(person, today=False)
    record = model.record_code(int(rows[0])) if rows.size else None
    return PersonDay(
        person=int(person),
        group=str(story["group"]),
        code=np.asarray(model.people.code[int(person)]).copy(),
        record=None if record is None else np.asarray(record),
        hours=alerts["time"] / 3600.0,
        score=alerts["score"],
        review=alerts["review"],
        outcome=alerts["outcome"],
        entries=alerts["entry"],
        scans=int(story["scans"]),
        start_h=float(model.t0) / 3600.0,
        end_h=float(model.end_t) / 3600.0,
    )
