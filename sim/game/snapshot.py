"""The numbers the panels show, read from the model at one moment.

Every panel of a screen (the tree, the icon array, who pays, the day chart,
the end-of-run card, the kiosk's counts) draws from the same `Snapshot`, so
they always agree with each other and with the model at the moment it was
taken. Each field is named after the model counter it holds (`Model`'s
COUNTERS and the totals of `python -m sim run --json`), so a number on screen
is one hop from the counter it shows; `Counts.of` reads them by name and
fails loudly if a counter is renamed, instead of quietly showing 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Self

from sim.text.frequency_tree import summary_counts

if TYPE_CHECKING:
    from sim.model import Model

TOP_INNOCENT = 3


@dataclass(frozen=True)
class Counts:
    """What passed through each stage in one span: a day, or the whole run."""

    faces_scanned: int
    alerts: int
    true_alerts: int
    false_alerts: int
    confirmed: int
    wrongful_stops: int
    wanted_found: int
    wrongful_detentions: int
    expected_false_alerts: float
    expected_true_alerts: float

    @classmethod
    def of(cls, counts: Mapping[str, Any]) -> Self:
        """The fields of this class, read by name from a dict of the model's."""
        return cls(
            **{
                f.name: (float if f.type in ("float", float) else int)(counts[f.name])
                for f in fields(cls)
            }
        )


@dataclass(frozen=True)
class Totals(Counts):
    """The whole run: the day counters, the distinct people they touched, and more.

    A person flagged ten times counts once here; these cannot be summed over
    days, so days (`Counts`) do not have them. All stops (the icon array) and
    the hours innocent people were held (the results card) are shown only for
    the whole run, so they are here too and not in every day.
    """

    stops: int
    innocent_detention_hours: float
    innocent_people_flagged: int
    innocent_people_stopped: int
    wanted_present: int


@dataclass(frozen=True)
class FlaggedPerson:
    """One of the innocent people flagged most often (Model.most_flagged_innocents)."""

    person: int
    group: str
    flags: int
    stops: int


@dataclass(frozen=True)
class Snapshot:
    """What the panels draw: plain numbers, taken from the model at once."""

    # The day the clock is in. At a midnight the day that has just closed (the
    # end of a run of whole days): its counts, not the zeros of a day not begun.
    today: Counts
    today_closed: bool
    days: tuple[Counts, ...]  # the closed days before today, oldest first
    totals: Totals
    wrongful_stops_per_10k: dict[str, float]  # per group, in the scenario's order
    most_flagged_innocents: tuple[FlaggedPerson, ...]
    scan_unit: str = "faces"  # what one scan is (Detector.scan_noun): faces, calls...
    detector: str = "faces"  # which detector ran (its words label the panels)


def totals_of(summary: Mapping[str, Any]) -> Totals:
    """The whole run's counts from a `Model.summary()` (the JSON of `run --json`).

    The expectations sit apart in the summary ("expected"); here they take the
    counters' names, so a day and the whole run read alike.
    """
    expected = summary["expected"]
    return Totals.of(
        {
            **summary_counts(summary),  # the shared scan counter under the days' name
            "expected_false_alerts": expected["false_alerts"],
            "expected_true_alerts": expected["true_alerts"],
        }
    )


def take(model: Model) -> Snapshot:
    """Read everything the panels need from the model, once."""
    summary = model.summary()
    days = [Counts.of(day) for day in model.history]
    today = Counts.of(model.today)
    # After a step that ends at midnight the model has closed the day (it is the
    # last of history) and starts the next only at the next step.
    closed = bool(model.history) and int(model.history[-1]["day"]) == int(model.day)
    if closed:
        today = days.pop()
    return Snapshot(
        today=today,
        today_closed=closed,
        days=tuple(days),
        totals=totals_of(summary),
        wrongful_stops_per_10k={
            name: float(g["wrongful_stops_per_10k"]) for name, g in summary["groups"].items()
        },
        most_flagged_innocents=tuple(
            FlaggedPerson(int(p["person"]), str(p["group"]), int(p["flags"]), int(p["stops"]))
            for p in model.most_flagged_innocents(TOP_INNOCENT)
        ),
        scan_unit=str(summary["totals"].get("scan_unit", "faces")),
        detector=str(summary.get("detector", "faces")),
    )
