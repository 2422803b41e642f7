"""`python -m sim report`: a one-page picture of a run, for slides and worksheets.

Three panels, each answering one question in counts of people: what
happened (a natural-frequency tree from faces scanned to people wrongly
held, with the analytic expectation beside the counts), who pays (innocent
people stopped per 10,000 people of each group), and how it went over time
(day by day, or hour by hour for a run of a day or less). The page is light
for printing, uses the Okabe-Ito colours, and never relies on colour alone:
every bar and box carries a shape and a label. Words come from the locale
files in the chosen language, numbers are formatted by Babel, and the
project's font is used, rendered offscreen (no window is opened).
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from sim import __version__  # noqa: E402
from sim.errors import UsageError, check_output_path, write_output  # noqa: E402
from sim.model.alerts import O_DETAINED, O_FOUND, O_RELEASED  # noqa: E402
from sim.model.frequencies import share_of_every  # noqa: E402
from sim.text.frequency_tree import (  # noqa: E402
    DAY_SERIES,
    FORK,
    LINKS,
    TREE,
    box_places,
    expected_of,
    label_key,
    summary_counts,
)
from sim.text.i18n import available_languages, language_problem  # noqa: E402
from sim.text.scenario_names import scenario_text  # noqa: E402
from sim.text.ui import UI, hatch  # noqa: E402

W, H = 1800, 1200
INK = (26, 26, 26)
DIM = (85, 85, 85)
RULE = (200, 200, 200)
PAPER = (255, 255, 255)
BOX = (244, 244, 244)
# Okabe-Ito
ORANGE, GREEN, YELLOW = (230, 159, 0), (0, 158, 115), (240, 228, 66)
BLUE, VERMILLION, PURPLE, GREY = (0, 114, 178), (213, 94, 0), (204, 121, 167), (150, 150, 150)
GROUP_COLORS = (BLUE, ORANGE, GREEN, PURPLE)
#: The print colour of each of the theme's chart colours the tree and the chart name.
PRINT_COLORS = {
    "faces": GREY,
    "alerts": YELLOW,
    "wanted": GREEN,
    "innocent": ORANGE,
    "stops": VERMILLION,
    "detained": PURPLE,
}
#: The mark of each map state, as the game draws it (triangle: flagged, and so on).
SHAPES = {"flagged": "triangle", "found": "disc", "stopped": "diamond", "detained": "square"}
BOX_H, BOX_GAP = 96, 30  # a box of the tree, and the space between its rows
CHART_LABEL_W = 230  # the labels left of the chart's bars


class ReportError(UsageError):
    """Bad input to the report (language, file name): one line, exit 2."""


def render_report(
    model: Any, scenario: Any, out_path: str | os.PathLike[str], lang: str = "en"
) -> Path:
    """Draw the report of a finished (or partly run) model into a PNG file."""
    out = check_report_args(out_path, lang)
    pygame.font.init()
    if problem := language_problem(lang):  # a page of ⟦keys⟧ is no report: exit 2
        raise ReportError(problem)
    ui = UI.create(lang)
    page = pygame.Surface((W, H))
    page.fill(PAPER)
    summary = model.summary(scenario.name)
    Page(page, ui, model, scenario, summary).draw()
    # Encoded in memory, then written by write_output: pygame's own file writing
    # raised tracebacks for bad folders and said nothing when the disk was full.
    png = io.BytesIO()
    pygame.image.save(page, png, "report.png")
    return write_output(out, "--out", png.getvalue(), make_folders=True)


def check_report_args(out_path: str | os.PathLike[str], lang: str) -> Path:
    """Refuse a bad --out or --lang before the run, with one line (exit 2)."""
    out = check_output_path(out_path, "--out", suffix=".png", make_folders=True)
    if lang not in available_languages():
        raise ReportError(
            f"unknown language {lang!r}; languages are {', '.join(available_languages())}"
        )
    return out


class Page:
    """The drawing of one report page."""

    def __init__(self, surf: pygame.Surface, ui: Any, model: Any, scenario: Any, summary: dict):
        self.s = surf
        self.ui = ui
        self.model = model
        self.scenario = scenario
        self.sum = summary
        self.t = summary["totals"]

    # --- small helpers ------------------------------------------------------------
    def text(
        self,
        text: str,
        pos: tuple[int, int],
        size: int,
        color: tuple[int, int, int] = INK,
        bold: bool = False,
        anchor: str = "topleft",
        max_width: int | None = None,
    ) -> pygame.Rect:
        return self.ui.blit_text(self.s, text, pos, size, color, bold, anchor, max_width)

    def wrapped(
        self, text: str, rect: pygame.Rect, size: int, color=INK, bold: bool = False
    ) -> int:
        return self.ui.blit_wrapped(self.s, text, rect, size, color, bold)

    def num(self, n: float) -> str:
        if abs(n) >= 10_000_000:
            return self.ui.i18n.compact(n)
        return self.ui.i18n.num(n)

    def tr(self, key: str, **kw: Any) -> str:
        return self.ui.tr(key, **kw)

    # --- the page -------------------------------------------------------------------
    def draw(self) -> None:
        p = self.model.params
        title = scenario_text(self.ui, self.scenario, "title")
        self.text(self.tr("report.title", title=title), (48, 36), 46, INK, True, max_width=W - 96)
        sub = self.tr(
            "report.subtitle",
            name=self.scenario.name,
            seed=str(self.model.seed),
            hours=self.ui.i18n.num(
                self.t["hours"], 0 if float(self.t["hours"]).is_integer() else 1
            ),
            people=self.num(self.t["people"]),
            watchlist=self.num(self.t["watchlist_size"]),
            threshold=self.ui.i18n.num(p.threshold, 0 if float(p.threshold).is_integer() else 1),
        )
        self.text(sub, (48, 100), 25, DIM, max_width=W - 96)
        pygame.draw.line(self.s, RULE, (48, 146), (W - 48, 146), 2)
        self.tree(pygame.Rect(48, 170, 900, 900))
        self.who_pays(pygame.Rect(1000, 170, W - 1048, 400))
        self.over_time(pygame.Rect(1000, 600, W - 1048, 470))
        pygame.draw.line(self.s, RULE, (48, H - 96), (W - 48, H - 96), 2)
        foot = self.tr(
            "report.footer", version=__version__, name=self.scenario.name, seed=str(self.model.seed)
        )
        self.wrapped(foot, pygame.Rect(48, H - 82, W - 96, 70), 21, DIM)

    # --- natural-frequency tree ---------------------------------------------------------
    def tree(self, r: pygame.Rect) -> None:
        """The tree of TREE (the funnel's boxes), and the sentences in people under it."""
        self.text(self.tr("report.tree"), r.topleft, 32, INK, True, max_width=r.width)
        boxes = self.tree_boxes(r)
        for a, b in LINKS:
            self.link(boxes[a], boxes[b], fork=a == FORK)
        t, e = self.t, self.sum["expected"]
        scan_unit = t.get("scan_unit", "faces")
        counts = summary_counts(self.sum)
        for node, box in zip(TREE, boxes, strict=True):
            label = self.tr(label_key(node, scan_unit))
            shape = SHAPES.get(node.state or "")
            color = PRINT_COLORS[node.color]
            self.node(box, counts[node.counter], label, color, shape, expected_of(node, e))
        left = [box for node, box in zip(TREE, boxes, strict=True) if node.column == "left"]
        y = max(box.bottom for box in left) + 28
        self.sentences(pygame.Rect(r.x, y, left[0].width - 10, r.bottom - y))

    def tree_boxes(self, r: pygame.Rect) -> list[pygame.Rect]:
        """Each box of TREE on the page, below the panel's heading."""
        places = box_places(r.x, r.y + 64, r.width, (r.width - 40) // 2, BOX_H, BOX_H + BOX_GAP)
        return [pygame.Rect(place) for place in places]

    def link(self, a: pygame.Rect, b: pygame.Rect, fork: bool) -> None:
        """The line from box a down to box b; from a fork, along its bar first."""
        pygame.draw.line(self.s, GREY, (b.centerx, a.bottom), (b.centerx, b.top), 4)
        if fork:
            bar = a.bottom + BOX_GAP // 2
            pygame.draw.line(self.s, GREY, (a.centerx, bar), (b.centerx, bar), 4)

    def sentences(self, box: pygame.Rect) -> None:
        """The run in people, in words: of every 100 alerts, who was flagged, who was found."""
        t = self.t
        lines = []
        if t["alerts"]:
            per100 = share_of_every(t["false_alerts"], t["alerts"])
            lines.append(self.tr("report.of_100", n=per100))
        lines.append(
            self.tr(
                "report.people",
                flagged=self.num(t["innocent_people_flagged"]),
                stopped=self.num(t["innocent_people_stopped"]),
                hours=self.num(round(t["innocent_detention_hours"])),
            )
        )
        lines.append(
            self.tr(
                "report.found",
                found=self.num(t["wanted_found"]),
                present=self.num(t["wanted_present"]),
            )
        )
        bottom = box.bottom
        for line in lines:
            used = self.wrapped(line, box, 24, INK)
            box.y += used + 10
            box.height = max(0, bottom - box.y)

    def node(
        self,
        rect: pygame.Rect,
        n: int,
        label: str,
        color: tuple[int, int, int],
        shape: str | None,
        expected: float | None,
    ) -> None:
        pygame.draw.rect(self.s, BOX, rect, 0, 10)
        pygame.draw.rect(self.s, color, (rect.x, rect.y, 14, rect.height), 0, 6)
        pygame.draw.rect(self.s, RULE, rect, 2, 10)
        x = rect.x + 30
        if shape:
            marker(self.s, shape, color, (x + 10, rect.centery))
            x += 34
        num = self.text(
            self.num(n), (x, rect.centery), 44, INK, True, "midleft", max_width=rect.width // 2
        )
        lx = num.right + 14
        width = rect.right - 12 - lx
        if expected is not None:
            self.text(label, (lx, rect.y + 14), 26, INK, max_width=width)
            digits = 1 if expected < 100 else 0
            self.text(
                self.tr("report.expected", n=self.ui.i18n.num(float(expected), digits)),
                (lx, rect.bottom - 14),
                21,
                DIM,
                anchor="bottomleft",
                max_width=width,
            )
        else:
            self.text(label, (lx, rect.centery), 26, INK, anchor="midleft", max_width=width)

    # --- who pays ------------------------------------------------------------------------
    def who_pays(self, r: pygame.Rect) -> None:
        self.wrapped(self.tr("report.who"), pygame.Rect(r.x, r.y, r.width, 90), 32, INK, True)
        groups = self.sum["groups"]
        # distinct people per 10,000 (never more than 10,000), as the title says
        rates = [float(g["innocent_people_stopped_per_10k"]) for g in groups.values()]
        top = max(rates + [1e-9])
        y = r.y + 96
        row = min(120, (r.bottom - y) // max(1, len(groups)))
        label_w = 170
        for i, (name, g) in enumerate(groups.items()):
            color = GROUP_COLORS[i % len(GROUP_COLORS)]
            self.text(
                self.tr("report.group", name=name), (r.x, y + 6), 28, INK, True, max_width=label_w
            )
            track = pygame.Rect(r.x + label_w, y + 4, r.width - label_w - 230, 40)
            pygame.draw.rect(self.s, BOX, track, 0, 6)
            rate = float(g["innocent_people_stopped_per_10k"])
            w = round(track.width * rate / top) if top > 0 else 0
            bar = pygame.Rect(track.x, track.y, max(2, w) if rate > 0 else 0, track.height)
            if bar.width:
                pygame.draw.rect(self.s, color, bar, 0, 6)
                if i % 2:  # hatch every other group: the bars differ without colour
                    hatch(self.s, bar, INK, spacing=12, width=2)
                pygame.draw.rect(self.s, INK, bar, 2, 6)
            self.text(
                self.tr("report.per_10k", rate=self.ui.i18n.num(rate, 1)),
                (track.right + 14, track.centery),
                26,
                INK,
                True,
                "midleft",
                max_width=216,
            )
            detail = self.tr(
                "report.group_detail",
                people=self.num(g["people"]),
                stopped=self.num(g["innocent_people_stopped"]),
                false=self.num(g["false_alerts"]),
            )
            self.text(detail, (track.x, track.bottom + 6), 21, DIM, max_width=r.width - label_w)
            y += row

    # --- over time -----------------------------------------------------------------------
    def over_time(self, r: pygame.Rect) -> None:
        """DAY_SERIES (the game's day chart) as bars: day by day, or hour by hour."""
        hist = list(self.model.history)
        if len(hist) >= 2:
            title = self.tr("report.days")
            labels = [self.tr("report.day", n=int(d.get("day", i)) + 1) for i, d in enumerate(hist)]
            series = {row.counter: [int(d.get(row.counter, 0)) for d in hist] for row in DAY_SERIES}
        else:
            title = self.tr("report.hours")
            series, labels = self.hourly()
        self.text(title, r.topleft, 32, INK, True, max_width=r.width)
        y = r.y + 56
        row_h = (r.bottom - y - 30) // len(DAY_SERIES)
        plot = pygame.Rect(r.x + CHART_LABEL_W, y, r.width - CHART_LABEL_W - 90, row_h)
        for row in DAY_SERIES:
            color, shape = PRINT_COLORS[row.color], SHAPES[row.state]
            self.chart_row(r, plot, row.key, color, shape, series[row.counter])
            plot.y += row_h
        n = max(1, len(labels))
        for k in sorted({0, n // 2, n - 1}):  # x labels: first, middle and last
            x = round(plot.x + (k + 0.5) * plot.width / n)
            self.text(labels[k], (x, plot.y - 4), 20, DIM, anchor="midtop")

    def chart_row(
        self,
        r: pygame.Rect,
        plot: pygame.Rect,
        label: str,
        color: tuple[int, int, int],
        shape: str,
        values: list[int],
    ) -> None:
        """One series: its mark and label on the left, its bars in `plot`, its total right."""
        mid = plot.y + plot.height // 2
        marker(self.s, shape, color, (r.x + 10, mid))
        width = CHART_LABEL_W - 32
        self.text(self.tr(label), (r.x + 28, mid), 24, INK, anchor="midleft", max_width=width)
        base = plot.bottom - 10
        pygame.draw.line(self.s, GREY, (plot.x, base), (plot.right, base), 2)
        slot = plot.width / max(1, len(values))
        top = max(values + [1])
        for k, v in enumerate(values):
            h = round((plot.height - 26) * v / top)
            if h:
                x = round(plot.x + k * slot + 1)
                pygame.draw.rect(self.s, color, (x, base - h, max(2, math.floor(slot) - 2), h))
        self.text(self.num(sum(values)), (r.right, mid), 28, INK, True, "midright", max_width=86)

    def hourly(self) -> tuple[dict[str, list[int]], list[str]]:
        """Alerts binned by the hour they happened (runs of a day or less)."""
        m = self.model
        hours = max(1, math.ceil(float(m.params.hours)))
        log = m.log
        t = (np.asarray(log.time) - m.t0) / 3600.0
        b = np.clip(t.astype(int), 0, hours - 1)
        true = np.asarray(log.is_true, bool)
        outcome = np.asarray(log.outcome)
        innocent_stop = ~true & np.isin(outcome, (O_RELEASED, O_DETAINED))
        found = true & (outcome == O_FOUND)
        series = {
            "false_alerts": np.bincount(b[~true], minlength=hours).tolist(),
            "wrongful_stops": np.bincount(b[innocent_stop], minlength=hours).tolist(),
            "wanted_found": np.bincount(b[found], minlength=hours).tolist(),
        }
        start = float(m.params.start_hour)
        labels = [f"{int(start + h) % 24:02d}:00" for h in range(hours)]
        return series, labels


def marker(
    surf: pygame.Surface, shape: str, color: tuple[int, int, int], c: tuple[int, int]
) -> None:
    """The shapes the game uses for the same states, with a dark outline."""
    x, y = c
    if shape == "triangle":
        pts = [(x, y - 11), (x - 10, y + 8), (x + 10, y + 8)]
        pygame.draw.polygon(surf, color, pts)
        pygame.draw.polygon(surf, INK, pts, 2)
    elif shape == "diamond":
        pts = [(x, y - 11), (x + 11, y), (x, y + 11), (x - 11, y)]
        pygame.draw.polygon(surf, color, pts)
        pygame.draw.polygon(surf, INK, pts, 2)
    elif shape == "square":
        pygame.draw.rect(surf, color, (x - 9, y - 9, 18, 18))
        pygame.draw.rect(surf, INK, (x - 9, y - 9, 18, 18), 3)
    else:
        pygame.draw.circle(surf, color, c, 10)
        pygame.draw.circle(surf, INK, c, 10, 2)
