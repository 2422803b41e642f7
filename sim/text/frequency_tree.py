"""Which counter each box of the natural-frequency tree shows, and each day-chart row.

The sandbox's funnel and the printed report draw the same tree — scans,
alerts, then wanted and innocent, then found, stopped and held — at
different sizes and in different palettes. The mapping from a box to its
words, its counter, its expectation, its colour and its state's shape is
written once, here, so the two cannot drift apart: a label naming one
counter while its box shows another is the very confusion the game is
meant to clear up. Plain data: nothing here draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sim.detector_text import scans_key

Column = Literal["full", "left", "right"]


@dataclass(frozen=True)
class TreeNode:
    """One box: what it says, which counter it shows and where it sits."""

    key: str  # locale key of the label; SCANS: the detector's own word for a scan
    counter: str  # a counter of `Model.summary()["totals"]` (and of the game's Snapshot)
    expected: tuple[str, ...]  # the analytic expectations summed beside it (summary["expected"])
    color: str  # a colour of the theme's [charts] section
    # The map state whose mark it carries (flagged, found, stopped, detained): every
    # box but the first has a shape as well as a colour, so colour is never alone.
    state: str | None
    column: Column
    row: int


#: The first box's label depends on what the detector scans (faces, calls, plates).
SCANS = "scans"

TREE: tuple[TreeNode, ...] = (
    TreeNode(SCANS, "faces_scanned", (), "faces", None, "full", 0),
    TreeNode(
        "funnel.alerts", "alerts", ("false_alerts", "true_alerts"), "alerts", "flagged", "full", 1
    ),
    TreeNode("funnel.wanted", "true_alerts", ("true_alerts",), "wanted", "found", "left", 2),
    TreeNode(
        "funnel.innocent", "false_alerts", ("false_alerts",), "innocent", "flagged", "right", 2
    ),
    TreeNode("funnel.found", "wanted_found", (), "wanted", "found", "left", 3),
    TreeNode("funnel.stopped", "wrongful_stops", (), "stops", "stopped", "right", 3),
    TreeNode("funnel.detained", "wrongful_detentions", (), "detained", "detained", "right", 4),
)
#: (parent, child) by position in TREE: the lines drawn between boxes.
LINKS: tuple[tuple[int, int], ...] = ((0, 1), (1, 2), (1, 3), (2, 4), (3, 5), (5, 6))
#: The node whose children hang from one horizontal bar (alerts: wanted | innocent).
FORK = 1


@dataclass(frozen=True)
class DaySeries:
    """One row of the day-by-day chart: a day's counter, its label, colour and mark."""

    counter: str  # a key of each `Model.history` day (and of the Snapshot's days)
    key: str
    color: str  # a colour of the theme's [charts] section
    state: str  # the map state whose mark it carries


DAY_SERIES: tuple[DaySeries, ...] = (
    DaySeries("false_alerts", "days.false_alerts", "innocent", "flagged"),
    DaySeries("wrongful_stops", "days.wrongful_stops", "stops", "stopped"),
    DaySeries("wanted_found", "days.wanted_found", "wanted", "found"),
)


def box_places(
    x: int, y: int, width: int, half: int, height: int, step: int, right: int | None = None
) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each box of TREE in a tree drawn from (x, y).

    A full box spans `width`; a left box is `half` wide on the left edge, a
    right box `right` wide (default: `half` too) against the right one; row k
    starts `k * step` below the first.
    """
    right = half if right is None else right
    left = {"full": x, "left": x, "right": x + width - right}
    wide = {"full": width, "left": half, "right": right}
    return [(left[n.column], y + n.row * step, wide[n.column], height) for n in TREE]


def label_key(node: TreeNode, scan_unit: str) -> str:
    """The locale key of a box's label (the scans box names the detector's scan)."""
    return scans_key(scan_unit) if node.key == SCANS else node.key


def expected_of(node: TreeNode, expected: Mapping[str, Any]) -> float | None:
    """The expectation printed beside a box, or None for a box that has none.

    `expected` maps a counter to its expectation (summary["expected"]); one
    not computed for this run (None) leaves the box without one.
    """
    values = [expected.get(name) for name in node.expected]
    if not values or any(v is None for v in values):
        return None
    return float(sum(values))


def summary_counts(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The whole run's counters from a `Model.summary()`, by the names the tree uses.

    The shared scan counter (faces, calls, plate passes) takes the name
    `faces_scanned` the days use, so a day and the whole run read alike.
    """
    totals = summary["totals"]
    return {**totals, "faces_scanned": totals.get("scans", totals["faces_scanned"])}
