"""How a chapter's answer is drawn while the simulation produces it.

Each chapter names a view kind in its file: counters (chapter 1), bars with
the player's guess marked (2, 4), an icon array of 100 alerts (3), a
threshold sweep per group (5), the cascade tree (6), day-by-day bars of two
cities (7) and one bar pair per policy lever (8). All numbers come from the
chapter's measured values; shapes and labels repeat what colours say, and
every label is fitted into its box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pygame

from sim.game.city_view import draw_token
from sim.game.icon_array import figure
from sim.game.snapshot import take
from sim.story.chapters import Chapter, spec_values
from sim.story.explain import Answer, fmt_value
from sim.story.measures import group_ratio
from sim.story.runner import ChapterRunner
from sim.text.ui import UI


@dataclass
class ViewContext:
    """What a view needs: texts, the chapter, its runs and numbers, the answer."""

    ui: UI
    chapter: Chapter
    runner: ChapterRunner | None
    measured: dict[str, Any]
    values: dict[str, Any]
    answer: Answer | None
    done: bool
    cache: dict[str, Any] = field(default_factory=dict)

    def tr(self, key: str) -> str:
        return self.ui.tr(key, **self.values)

    def fmt(self, value: Any) -> str:
        return str(fmt_value(self.ui.i18n, value))

    def guess_text(self) -> str:
        if self.answer is None or self.chapter.question.kind != "slider":
            return ""
        return self.ui.tr("story.ui.your_guess", guess=self.fmt(_num(self.answer)))


def _num(value: Any) -> float | int:
    v = float(value)
    return int(v) if v.is_integer() else v


def draw_view(surf: pygame.Surface, rect: pygame.Rect, ctx: ViewContext) -> None:
    """Draw the chapter's view into rect."""
    th = ctx.ui.theme
    pygame.draw.rect(surf, th.ui("panel"), rect, 0, 12)
    pygame.draw.rect(surf, th.ui("panel_border"), rect, 2, 12)
    inner = rect.inflate(-36, -32)
    VIEWS[ctx.chapter.view.kind](surf, inner, ctx)


# ------------------------------------------------------------------ counters
def _counter(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    ui, th = ctx.ui, ctx.ui.theme
    view = ctx.chapter.view
    keys = view.keys
    row_h = r.height // max(1, len(keys))
    for i, key in enumerate(keys):
        y = r.y + i * row_h
        value = ctx.measured.get(key, 0)
        if isinstance(value, float) and not value.is_integer():
            # an expected count: never a fraction of a person on screen
            value = round(value)
            text = ui.tr("story.n.less_than", what=ctx.fmt(1)) if value == 0 else ctx.fmt(value)
        elif isinstance(value, int) and value >= 1e9:
            text = ui.i18n.compact(value)
        else:
            text = ctx.fmt(value)
        is_guess = key == ctx.chapter.view.guess_on
        color = th.color("charts", "innocent") if "false" in key else th.ui("heading")
        # the number as wide as it needs ("weniger als 1"), its label wrapped beside it
        num = ui.blit_text(
            surf, text, (r.x, y + 4), "huge", color, True, max_width=r.width * 2 // 3 - 10
        )
        label = ctx.tr(view.labels[i]) if view.labels else ui.tr(f"story.view.{key}")
        room = r.right - num.right - 18 - (r.width // 3 + 12 if is_guess else 0)
        lh = ui.text.line_height("large")
        h = min(row_h - 8, len(ui.text.wrap(label, "large", room)) * lh)
        top = max(y, min(num.centery - h // 2, y + row_h - 8 - h))
        ui.blit_wrapped(
            surf, label, pygame.Rect(num.right + 18, top, room, h), "large", th.ui("text")
        )
        if is_guess and ctx.guess_text():
            ui.blit_text(
                surf,
                ctx.guess_text(),
                (r.right, num.centery),
                "label",
                th.ui("focus"),
                True,
                anchor="midright",
                max_width=r.width // 3,
            )
        if i < len(keys) - 1:
            pygame.draw.line(
                surf, th.color("charts", "grid"), (r.x, y + row_h - 6), (r.right, y + row_h - 6), 2
            )


# ------------------------------------------------------------------ bars
def _metric(key: str) -> str:
    return key.split("_", 1)[1] if "_" in key else key


def _bar_style(ctx: ViewContext, key: str) -> tuple[tuple[int, int, int], str]:
    th = ctx.ui.theme
    if "true" in key or "found" in key:
        return th.color("charts", "wanted"), "found"
    return th.color("charts", "innocent"), "flagged"


def _bars(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    ui, th = ctx.ui, ctx.ui.theme
    view = ctx.chapter.view
    keys = view.keys
    tops: dict[str, float] = {}
    for key in keys:
        v = float(ctx.measured.get(key, 0) or 0)
        tops[_metric(key)] = max(tops.get(_metric(key), 0.0), v)
    heading = ctx.chapter.key("view.title")
    if ui.i18n.has(heading):
        used = ui.blit_wrapped(
            surf,
            ctx.tr(heading),
            pygame.Rect(r.x, r.y, r.width, 80),
            "large",
            th.ui("heading"),
            True,
        )
        r = pygame.Rect(r.x, r.y + used + 16, r.width, r.height - used - 16)
    row_h = min(150, r.height // max(1, len(keys)))
    if row_h < COMPACT_ROW:
        _bar_rows(surf, r, ctx, tops, row_h)
        return
    bar_h = max(18, min(44, row_h - 52))
    value_w = 170
    for i, key in enumerate(keys):
        y = r.y + i * row_h
        label = ctx.tr(view.labels[i]) if view.labels else ui.tr(f"story.view.{_metric(key)}")
        color, token = _bar_style(ctx, key)
        draw_token(surf, th, token, (r.x + 10, y + 18))
        ui.blit_text(
            surf,
            label,
            (r.x + 28, y + 18),
            "large" if row_h > 100 else "label",
            th.ui("text"),
            anchor="midleft",
            max_width=r.width - 28,
        )
        track = pygame.Rect(r.x, y + 40, r.width - value_w, bar_h)
        pygame.draw.rect(surf, th.ui("track"), track, 0, 6)
        present = key in ctx.measured
        value = float(ctx.measured.get(key, 0) or 0)
        top = view.max if view.max is not None else max(1.0, tops[_metric(key)])
        w = 0 if top <= 0 else round(track.width * min(1.0, value / top))
        if w > 0:
            pygame.draw.rect(surf, color, (track.x, track.y, max(4, w), track.height), 0, 6)
        text = ctx.fmt(_num(value)) if present else "…"
        ui.blit_text(
            surf,
            text,
            (r.right, track.centery),
            "title",
            th.ui("heading"),
            True,
            anchor="midright",
            max_width=value_w - 8,
        )
        if key == view.guess_on and ctx.answer is not None and top > 0:
            gx = track.x + round(track.width * min(1.0, float(ctx.answer) / top))
            _guess_marker(surf, ui, gx, track, ctx.guess_text(), r.bottom + 16)


COMPACT_ROW = 58  # a bar row lower than this puts its label beside the bar, not above


def _bar_rows(
    surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext, tops: dict[str, float], row_h: int
) -> None:
    """Many bars in little height (chapter 4's six on its explanation screen): one line each.

    The label on the left as wide as the longest label needs, the bar beside
    it, the number on the right; nothing shrunk, so the explanation under the
    view keeps its type size.
    """
    ui, th = ctx.ui, ctx.ui.theme
    view = ctx.chapter.view
    labels = [
        ctx.tr(view.labels[i]) if view.labels else ui.tr(f"story.view.{_metric(k)}")
        for i, k in enumerate(view.keys)
    ]
    label_w = 28 + max(ui.text.width(text, "label") for text in labels) + 16
    value_w = 130
    for i, key in enumerate(view.keys):
        y = r.y + i * row_h
        mid = y + row_h // 2
        color, token = _bar_style(ctx, key)
        draw_token(surf, th, token, (r.x + 10, mid))
        ui.blit_text(surf, labels[i], (r.x + 28, mid), "label", th.ui("text"), anchor="midleft")
        track = pygame.Rect(r.x + label_w, mid - (row_h - 14) // 2, 0, row_h - 14)
        track.width = max(40, r.right - value_w - track.x)
        pygame.draw.rect(surf, th.ui("track"), track, 0, 6)
        value = float(ctx.measured.get(key, 0) or 0)
        top = view.max if view.max is not None else max(1.0, tops[_metric(key)])
        w = 0 if top <= 0 else round(track.width * min(1.0, value / top))
        if w > 0:
            pygame.draw.rect(surf, color, (track.x, track.y, max(4, w), track.height), 0, 6)
        text = ctx.fmt(_num(value)) if key in ctx.measured else "…"
        ui.blit_text(surf, text, (r.right, mid), "large", th.ui("heading"), True, anchor="midright")


def _guess_marker(
    surf: pygame.Surface, ui: UI, x: int, track: pygame.Rect, text: str, bottom: int
) -> None:
    """A dashed yellow line through a track, with the guess written under it
    (or, when the panel ends there, on a dark plate beside the line)."""
    color = ui.theme.ui("focus")
    for yy in range(track.y - 8, track.bottom + 8, 8):
        pygame.draw.line(surf, color, (x, yy), (x, yy + 4), 4)
    pygame.draw.polygon(
        surf, color, [(x - 9, track.bottom + 10), (x + 9, track.bottom + 10), (x, track.bottom + 1)]
    )
    w = ui.text.width(text, "body", True)
    if track.bottom + 12 + ui.text.line_height("body", True) <= bottom:
        tx = min(max(track.x, x - w // 2), track.right - w)
        ui.blit_text(surf, text, (tx, track.bottom + 12), "body", color, True)
        return
    right = x + 14 + w + 8 <= track.right
    plate = pygame.Rect(0, 0, w + 12, track.height - 4)
    plate.midleft = (x + 10, track.centery) if right else (x - 10 - w - 12, track.centery)
    pygame.draw.rect(surf, ui.theme.ui("background"), plate, 0, 6)
    ui.blit_text(surf, text, plate.center, "body", color, True, anchor="center")


# ------------------------------------------------------------------ 100 alerts
def _per100(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    ui, th = ctx.ui, ctx.ui.theme
    m = ctx.measured
    alerts = int(m.get("alerts", 0))
    innocent = int(m.get("false_per_100_alerts", 0)) if alerts else 0
    wanted = 100 - innocent if alerts else 0
    ui.blit_text(
        surf,
        ui.tr("story.view.per100_title"),
        r.topleft,
        "title",
        th.ui("heading"),
        True,
        max_width=r.width,
    )
    foot_h = 36
    avail_h = max(100, min(r.height - 58 - foot_h - 10, 480))
    chh = avail_h // 10
    cw = max(12, min((r.width - 300) // 10, int(chh * 0.9)))
    grid = pygame.Rect(r.x, r.y + 58, cw * 10, chh * 10)
    key = f"fig:{cw}x{chh}"
    sprites = ctx.cache.get(key)
    if sprites is None:
        fw, fh = max(8, cw - 6), max(10, chh - 4)
        sprites = (
            figure(fw, fh, th.color("charts", "innocent"), False),
            figure(fw, fh, th.color("charts", "wanted"), True),
            figure(fw, fh, th.ui("track"), False),
        )
        ctx.cache[key] = sprites
    for k in range(100):
        x = grid.x + (k % 10) * cw + 3
        y = grid.y + (k // 10) * chh + 2
        sprite = sprites[0] if k < innocent else sprites[1] if k < innocent + wanted else sprites[2]
        surf.blit(sprite, (x, y))
    if ctx.answer is not None:  # outline where the guess ends
        g = int(round(float(ctx.answer)))
        if 0 < g <= 100:
            k = g - 1
            cell = pygame.Rect(grid.x + (k % 10) * cw, grid.y + (k // 10) * chh, cw, chh)
            pygame.draw.rect(surf, th.ui("focus"), cell, 4, 6)
    # beside the grid: the two counts (smaller type when the panel is short), the guess
    side = pygame.Rect(grid.right + 24, grid.y, r.right - grid.right - 24, grid.height)
    roomy = side.height >= 360
    num_size, label_size = ("huge", "label") if roomy else ("title", "body")
    guess_h = 40 if ctx.guess_text() else 0
    slot = (side.height - guess_h) // 2
    y = side.y
    for n, label, color, solid in (
        (innocent, "story.view.per100_innocent", th.color("charts", "innocent"), False),
        (wanted, "story.view.per100_wanted", th.color("charts", "wanted"), True),
    ):
        surf.blit(figure(22, 30, color, solid), (side.x, y + 6))
        num = ui.blit_text(surf, ui.i18n.num(n), (side.x + 34, y), num_size, color, True)
        ui.blit_wrapped(
            surf,
            ui.tr(label),
            pygame.Rect(side.x, num.bottom, side.width, y + slot - num.bottom),
            label_size,
            th.ui("text"),
        )
        y += slot
    if ctx.guess_text():
        ui.blit_text(
            surf,
            ctx.guess_text(),
            (side.x, side.bottom - guess_h + 4),
            "label",
            th.ui("focus"),
            True,
            max_width=side.width,
        )
    line = "   ·   ".join(
        f"{ctx.fmt(m.get(k, 0))} {ui.tr('story.view.' + k)}" for k in ("faces", "alerts")
    )
    ui.blit_text(
        surf, line, (r.x, r.bottom - foot_h + 6), "label", th.ui("text_dim"), max_width=r.width
    )


# ------------------------------------------------------------------ sweep
def _sweep(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    view = ctx.chapter.view
    n = max(1, len(view.keys))
    gap = 24
    h = (r.height - gap * (n - 1)) // n
    top_value = 1.0
    for run in ctx.chapter.runs:
        for g in ("A", "B"):
            top_value = max(
                top_value, float(ctx.measured.get(f"{run.name}_{g}_flagged_per_10k", 0))
            )
    for i, base in enumerate(view.keys):
        box = pygame.Rect(r.x, r.y + i * (h + gap), r.width, h)
        title = ctx.tr(view.labels[i]) if view.labels else base
        _sweep_chart(surf, box, ctx, base, title, top_value)


@dataclass
class _SweepAxes:
    """Where a threshold and a count per 10,000 fall in a sweep's plot (the count on a log axis)."""

    plot: pygame.Rect
    xs: list[float]
    hi_exp: int
    lo_exp: int = 0

    def y_of(self, v: float) -> int:
        f = (math.log10(max(v, 1.0)) - self.lo_exp) / (self.hi_exp - self.lo_exp)
        return self.plot.bottom - round(self.plot.height * min(1.0, max(0.0, f)))

    def x_of(self, t: float) -> int:
        lo, hi = min(self.xs), max(self.xs)
        return self.plot.x + round(self.plot.width * ((t - lo) / (hi - lo) if hi > lo else 0.5))


def _sweep_chart(
    surf: pygame.Surface,
    box: pygame.Rect,
    ctx: ViewContext,
    base: str,
    title: str,
    top_value: float,
) -> None:
    """One sweep: its title, how many times more often group B is flagged, the two lines."""
    ui, th = ctx.ui, ctx.ui.theme
    ui.blit_text(surf, title, box.topleft, "large", th.ui("heading"), True, max_width=box.width)
    runs = [r for r in ctx.chapter.runs if r.name.startswith(base + "@")]
    xs = [float(r.name.split("@", 1)[1]) for r in runs]
    if not xs:
        return
    _sweep_ratio(surf, box, ctx, runs)
    # what the axis counts, then how to read it: a line each, wrapped, never shrunk
    y = box.y + 80
    for key in ("story.view.per10k", "story.view.log_note"):
        room = pygame.Rect(box.x, y, box.width, 3 * ui.text.line_height("small"))
        y += ui.blit_wrapped(surf, ui.tr(key), room, "small", th.ui("text_dim"))
    top = max(box.y + 114, y + 8)
    plot = pygame.Rect(box.x + 90, top, box.width - 250, box.bottom - 54 - top)
    axes = _SweepAxes(plot, xs, max(1, math.ceil(math.log10(max(top_value, 10)))))
    _sweep_axes(surf, ctx, axes)
    _sweep_lines(surf, box, ctx, runs, axes)


def _run_finished(ctx: ViewContext, name: str) -> bool:
    """Whether run `name` had run to its end when the numbers shown were read."""
    if ctx.done:
        return True
    # finished when the numbers on screen were read, not now: the numbers may be
    # a few frames old, and a run that ended since then shows its last partial count
    return ctx.runner is not None and name in ctx.runner.measured_final


def _all_finished(ctx: ViewContext, runs: list[Any]) -> bool:
    """Whether every one of these runs has run to its end."""
    return all(_run_finished(ctx, r.name) for r in runs)


def _sweep_ratio(surf: pygame.Surface, box: pygame.Rect, ctx: ViewContext, runs: list[Any]) -> None:
    """ "Group B flagged N times as often" (a range when the thresholds differ).

    Drawn once every threshold of the chart has run: a range that grew while
    the student read it ("x5.6 to 7.1", then "x5.6 to 8.3") looked like a
    mistake (issue 11). Until then the latest-result panel speaks.
    """
    ui, th = ctx.ui, ctx.ui.theme
    if not _all_finished(ctx, runs):
        return
    least = ctx.chapter.rules.get("min_flagged", 0)
    ratios = [x for x in (group_ratio(ctx.measured, r.name, least) for r in runs) if x is not None]
    if not ratios:
        return
    lo, hi = min(ratios), max(ratios)
    n = (
        ctx.fmt(round(lo, 1))
        if abs(hi - lo) < 0.05
        else ui.tr("figure.format.range", lo=ctx.fmt(round(lo, 1)), hi=ctx.fmt(round(hi, 1)))
    )
    ui.blit_text(
        surf,
        ui.tr("story.view.ratio", n=n),
        (box.x, box.y + 42),
        "label",
        th.ui("focus"),
        True,
        max_width=box.width,
    )


def _sweep_axes(surf: pygame.Surface, ctx: ViewContext, axes: _SweepAxes) -> None:
    """The two axes, a grid line per power of ten, the thresholds along the bottom."""
    ui, th = ctx.ui, ctx.ui.theme
    plot = axes.plot
    grid = th.color("charts", "grid")
    pygame.draw.line(surf, grid, plot.bottomleft, plot.bottomright, 2)
    pygame.draw.line(surf, grid, plot.topleft, plot.bottomleft, 2)
    for e in range(axes.lo_exp, axes.hi_exp + 1):
        y = axes.y_of(10**e)
        pygame.draw.line(surf, grid, (plot.x, y), (plot.right, y), 1)
        ui.blit_text(
            surf,
            ui.i18n.num(10**e),
            (plot.x - 8, y),
            "small",
            th.ui("text_dim"),
            anchor="midright",
            max_width=80,
        )
    for t in axes.xs:
        ui.blit_text(
            surf,
            ui.i18n.num(t),
            (axes.x_of(t), plot.bottom + 6),
            "small",
            th.ui("text_dim"),
            anchor="midtop",
        )
    ui.blit_text(
        surf,
        ui.tr("story.view.threshold"),
        (plot.right, plot.bottom + 30),
        "small",
        th.ui("text_dim"),
        anchor="topright",
        max_width=plot.width // 2,
    )


def _sweep_lines(
    surf: pygame.Surface, box: pygame.Rect, ctx: ViewContext, runs: list[Any], axes: _SweepAxes
) -> None:
    """Each group's line with its markers and its name at the right end."""
    ui, th = ctx.ui, ctx.ui.theme
    label_y: list[int] = []
    for g in ("A", "B"):
        color = th.color("groups", g)
        pts: list[tuple[int, int]] = []
        zeros: list[tuple[int, int]] = []
        for run, t in zip(runs, axes.xs, strict=True):
            key = f"{run.name}_{g}_flagged_per_10k"
            # a threshold still being computed has a partial rate (and 0 at first, which
            # would draw the "nobody was flagged" mark): plotted once it has run
            if key not in ctx.measured or not _run_finished(ctx, run.name):
                continue
            value = float(ctx.measured[key])
            # nobody flagged cannot sit on a log axis: a hollow mark on the floor, no line
            (pts if value > 0 else zeros).append((axes.x_of(t), axes.y_of(max(value, 1.0))))
        if len(pts) >= 2:
            pygame.draw.lines(surf, color, False, pts, 4)
        for p, hollow in [(p, False) for p in pts] + [(p, True) for p in zeros]:
            _marker(surf, g, color, p, hollow)
        if pts:
            # the label sits right of the last point, clear of the other group's label
            y = pts[-1][1]
            for other in label_y:
                if abs(y - other) < 30:
                    y = other + (30 if y >= other else -30)
            label_y.append(y)
            ui.blit_text(
                surf,
                ui.tr("story.view.group", name=g),
                (axes.plot.right + 16, y),
                "label",
                color,
                True,
                anchor="midleft",
                max_width=box.right - axes.plot.right - 16,
            )


def _marker(
    surf: pygame.Surface, group: str, color: tuple[int, int, int], p: tuple[int, int], hollow: bool
) -> None:
    """Group A a circle, group B a triangle: the shape says the group, not only the colour."""
    width = 3 if hollow else 0
    if group == "A":
        pygame.draw.circle(surf, color, p, 8, width)
        if not hollow:
            pygame.draw.circle(surf, (0, 0, 0), p, 8, 2)
    else:
        tri = [(p[0], p[1] - 10), (p[0] - 9, p[1] + 7), (p[0] + 9, p[1] + 7)]
        pygame.draw.polygon(surf, color, tri, width)
        if not hollow:
            pygame.draw.polygon(surf, (0, 0, 0), tri, 2)


# ------------------------------------------------------------------ cascade
#: Chapter 6's chain, top to bottom: what the machine raised, what people let
#: through, what happened to innocent people. Four numbers, not the sandbox's
#: whole tree (ten counters lost the student, issue 11): (label key, colour).
CHAIN = (
    ("story.view.alerts", ("charts", "alerts")),
    ("story.view.confirmed", ("charts", "confirmed")),
    ("story.view.wrongful_stops", ("charts", "stops")),
    ("story.view.detention_hours", ("charts", "stops")),
)


def chain_values(ctx: ViewContext) -> list[int | float] | None:
    """The chain's four numbers, from the chapter's run as it is now (None before it starts)."""
    if ctx.runner is None:
        return None
    model = ctx.runner.model(ctx.chapter.runs[0].name)
    if model is None:
        return None
    snap = ctx.cache.get("snap")
    if snap is None or ctx.cache.get("snap_t") != model.t:
        snap = take(model)
        ctx.cache["snap"], ctx.cache["snap_t"] = snap, model.t
    stops_key, hours_key = ctx.chapter.view.keys
    m = ctx.measured
    return [snap.totals.alerts, snap.totals.confirmed, m.get(stops_key, 0), m.get(hours_key, 0)]


def _funnel(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    """Alerts, then those operators confirmed, then stops of innocent people, then hours held.

    Between confirmed alerts and stops the reason they differ is said on the
    same screen: there are only so many officers, and a stop takes time.
    """
    ui, th = ctx.ui, ctx.ui.theme
    values = chain_values(ctx) or [0, 0, 0, 0]
    row_h = r.height // len(CHAIN)
    # the explanation's shorter box: the same four numbers, smaller, no arrows
    # (its text says why the stops are fewer than the confirmed alerts)
    roomy = row_h >= 150
    size = "huge" if roomy else "title"
    y = r.y
    for i, ((key, color), value) in enumerate(zip(CHAIN, values, strict=True)):
        num = ui.blit_text(
            surf,
            ctx.fmt(value),
            (r.x + 8, y),
            size,
            th.color(*color),
            True,
            max_width=r.width // 2,
        )
        ui.blit_text(
            surf,
            ui.tr(key),
            (num.right + 16, num.centery),
            "large",
            th.ui("text"),
            anchor="midleft",
            max_width=r.right - num.right - 16,
        )
        # the guess beside its number while it runs (the explanation's text says it after)
        if roomy and key.endswith(ctx.chapter.view.guess_on) and ctx.guess_text():
            ui.blit_text(
                surf,
                ctx.guess_text(),
                (num.right + 16, num.bottom - 2),
                "label",
                th.ui("focus"),
                True,
                anchor="bottomleft",
                max_width=r.right - num.right - 16,
            )
        y += row_h
        if not roomy:
            continue
        if i < len(CHAIN) - 1:  # an arrow down to the next step
            x, top, bottom = r.x + 40, num.bottom + 4, y - 6
            pygame.draw.line(surf, th.ui("text_dim"), (x, top), (x, bottom), 3)
            pygame.draw.polygon(
                surf, th.ui("text_dim"), [(x - 9, bottom - 12), (x + 9, bottom - 12), (x, bottom)]
            )
        if i == 1:  # confirmed alerts are more than stops: the officers are the limit
            officers = ctx.fmt(int(ctx.chapter.runs[0].params().officers))
            ui.blit_wrapped(
                surf,
                ui.tr("story.view.officers_limit", officers=officers),
                pygame.Rect(r.x + 72, num.bottom + 12, r.width - 72, row_h - num.height - 24),
                "label",
                th.ui("text_dim"),
            )


# ------------------------------------------------------------------ days
def _days(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    ui, th = ctx.ui, ctx.ui.theme
    view = ctx.chapter.view
    series = []
    for base in view.keys:
        days = ctx.runner.history(base) if ctx.runner is not None else []
        series.append([int(d.get("wrongful_stops", 0)) for d in days])
    top = max([1] + [v for s in series for v in s])
    n_days = max([1] + [len(s) for s in series])
    ui.blit_text(
        surf,
        ui.tr("story.view.per_day"),
        r.topleft,
        "large",
        th.ui("heading"),
        True,
        max_width=r.width,
    )
    gap = 20
    h = (r.height - 50 - gap * (len(series) - 1)) // max(1, len(series))
    spec = spec_values(ctx.chapter)
    planned = max([n_days] + [int(spec.get(f"{b}_days", 1)) for b in view.keys])
    for i, values in enumerate(series):
        box = pygame.Rect(r.x, r.y + 50 + i * (h + gap), r.width, h)
        label = ctx.tr(view.labels[i]) if view.labels else view.keys[i]
        ui.blit_text(surf, label, box.topleft, "label", th.ui("text"), True, max_width=box.width)
        plot = pygame.Rect(box.x, box.y + 40, box.width - 20, box.height - 80)
        pygame.draw.line(surf, th.color("charts", "grid"), plot.bottomleft, plot.bottomright, 2)
        slot = plot.width // max(planned, 5)
        runner_done = ctx.done
        for k, v in enumerate(values):
            bh = round((plot.height - 30) * v / top)
            bar = pygame.Rect(plot.x + k * slot + 8, plot.bottom - bh, slot - 16, bh)
            partial = k == len(values) - 1 and not runner_done
            pygame.draw.rect(surf, th.color("charts", "stops"), bar, 3 if partial else 0)
            ui.blit_text(
                surf,
                ui.i18n.num(v),
                (bar.centerx, bar.y - 4),
                "label",
                th.ui("heading"),
                True,
                anchor="midbottom",
                max_width=slot,
            )
            ui.blit_text(
                surf,
                ui.tr("story.view.day", n=k + 1),
                (bar.centerx, plot.bottom + 6),
                "small",
                th.ui("text_dim"),
                anchor="midtop",
                max_width=slot,
            )


# ------------------------------------------------------------------ levers
def _levers(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    ui, th = ctx.ui, ctx.ui.theme
    m = ctx.measured
    keys = ctx.chapter.view.keys
    top_innocent = max([1] + [int(m.get(f"{k}_innocent_stopped", 0)) for k in keys])
    present = max([1] + [int(m.get(f"{k}_wanted_present", 0)) for k in keys])
    row_h = r.height // max(1, len(keys))
    label_w = min(300, r.width // 3)
    best = m.get("answer") if ctx.done else None
    for i, key in enumerate(keys):
        y = r.y + i * row_h
        row = pygame.Rect(r.x, y, r.width, row_h - 8)
        if key == best:
            pygame.draw.rect(surf, th.ui("focus"), row.inflate(8, 4), 3, 8)
        ui.blit_wrapped(
            surf,
            ui.tr(f"story.{ctx.chapter.id}.run.{key}", **ctx.values),
            pygame.Rect(row.x + 6, row.y + 4, label_w - 12, row.height - 8),
            "label",
            th.ui("text"),
            True,
        )
        bars = pygame.Rect(row.x + label_w, row.y + 6, row.width - label_w - 6, row.height - 12)
        half = bars.height // 2
        text_h = ui.text.line_height("body")
        # a day still being computed has partial counts: shown as "…" until it ends,
        # or its bar would grow after it looked finished (71 -> 263, issue 11)
        done = _lever_done(ctx, key)
        for j, (metric, top, color, token, label) in enumerate(
            (
                (
                    "innocent_stopped",
                    top_innocent,
                    th.color("charts", "stops"),
                    "stopped",
                    "story.view.stopped",
                ),
                (
                    "wanted_found",
                    present,
                    th.color("charts", "wanted"),
                    "found",
                    "story.view.found",
                ),
            )
        ):
            v = int(m.get(f"{key}_{metric}", 0))
            # the count written above its bar, so the bar and the words both get the full width
            line = pygame.Rect(bars.x + 24, bars.y + j * half, bars.width - 24, text_h)
            track = pygame.Rect(line.x, line.bottom, line.width, max(8, half - text_h - 6))
            draw_token(surf, th, token, (bars.x + 9, line.centery))
            if done:
                w = round(track.width * v / top)
                if w:
                    pygame.draw.rect(surf, color, (track.x, track.y, w, track.height), 0, 4)
            # "wanted people found: 1", never "1 wanted people found"
            text = f"{ui.tr(label)}: {ui.i18n.num(v)}" if done else "…"
            ui.blit_text(
                surf,
                text,
                line.midleft,
                "body",
                th.ui("heading"),
                anchor="midleft",
                max_width=line.width,
            )


VIEWS = {
    "counter": _counter,
    "bars": _bars,
    "per100": _per100,
    "sweep": _sweep,
    "funnel": _funnel,
    "days": _days,
    "levers": _levers,
}
WIDE_VIEWS = ("sweep", "levers")  # chapters without a city draw these in the big left panel
EXPLAIN_H = 400  # a view's height above the explanation, leaving the words the rest
# the cascade tree alone is 290 px high (its five rows and the operators' note):
# the explanation under it, chapter 6's long one, gets the room its counts would take
EXPLAIN_HEIGHTS = {"funnel": 330, "bars": 340}  # six bars go one line each (_bar_rows)


def explain_height(kind: str) -> int:
    """How tall the view `kind` is drawn on the explanation screen."""
    return EXPLAIN_HEIGHTS.get(kind, EXPLAIN_H)


# ------------------------------------------------------------------ a sweep's latest point
def latest_sweep_point(ctx: ViewContext) -> tuple[str, float, dict[str, float]] | None:
    """The last finished run of a sweep: its series, threshold and flagged per 10,000 by group."""
    if ctx.runner is None:
        return None
    latest = None
    for run in ctx.chapter.runs:
        if "@" not in run.name or not _run_finished(ctx, run.name):
            continue
        base, value = run.name.split("@", 1)
        rates = {g: float(ctx.measured.get(f"{run.name}_{g}_flagged_per_10k", 0)) for g in "AB"}
        latest = (base, float(value), rates)
    return latest


def _titled_panel(
    surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext, title_key: str
) -> tuple[pygame.Rect, int]:
    """A rounded panel with its title: the room inside it, and the y below the title."""
    ui, th = ctx.ui, ctx.ui.theme
    pygame.draw.rect(surf, th.ui("panel"), r, 0, 12)
    pygame.draw.rect(surf, th.ui("panel_border"), r, 2, 12)
    inner = r.inflate(-40, -32)
    ui.blit_text(surf, ui.tr(title_key), inner.topleft, "large", th.ui("heading"), True)
    return inner, inner.y + ui.text.line_height("large") + 8


def draw_sweep_latest(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    """The newest point of the sweep in natural frequencies, on a straight (linear) scale.

    While chapter 5's charts fill in, the other half of the screen says what
    the last finished run found in words a student reads at once ("31 of
    every 10,000 innocent people in group B were flagged"), with two bars on
    a plain scale beside the chart's log axis.
    """
    ui, th = ctx.ui, ctx.ui.theme
    inner, y = _titled_panel(surf, r, ctx, "story.sweep.latest")
    point = latest_sweep_point(ctx)
    if point is None:
        ui.blit_wrapped(
            surf,
            ui.tr("story.sweep.waiting"),
            pygame.Rect(inner.x, y, inner.width, inner.bottom - y),
            "label",
            th.ui("text_dim"),
        )
        return
    base, threshold, rates = point
    labels = ctx.chapter.view.labels
    series = ctx.tr(labels[ctx.chapter.view.keys.index(base)]) if labels else base
    y += ui.blit_wrapped(
        surf,
        ui.tr("story.sweep.point", series=series, threshold=ctx.fmt(_num(threshold))),
        pygame.Rect(inner.x, y, inner.width, 3 * ui.text.line_height("label")),
        "label",
        th.ui("text"),
    )
    y += 16
    top = max(1.0, *rates.values())
    bar_w = inner.width
    for g, rate in rates.items():
        n = ctx.fmt(round(rate))
        y += ui.blit_wrapped(
            surf,
            ui.tr("story.sweep.group", name=g, n=n),
            pygame.Rect(inner.x, y, inner.width, 2 * ui.text.line_height("label")),
            "label",
            th.ui("text"),
            True,
        )
        track = pygame.Rect(inner.x, y + 6, bar_w, 28)
        pygame.draw.rect(surf, th.ui("track"), track, 0, 6)
        fill = track.copy()
        fill.width = round(bar_w * rate / top)
        color = th.color("groups", g)  # as the chart draws the group
        if fill.width:
            pygame.draw.rect(surf, color, fill, 0, 6)
        y = track.bottom + 18
    ui.blit_wrapped(
        surf,
        ui.tr("story.sweep.scale"),
        pygame.Rect(inner.x, y, inner.width, inner.bottom - y),
        "small",
        th.ui("text_dim"),
    )


def _lever_done(ctx: ViewContext, key: str) -> bool:
    """Whether a levers row has its final counts: read, and its day over when they were."""
    return f"{key}_innocent_stopped" in ctx.measured and _run_finished(ctx, key)


def latest_lever(ctx: ViewContext) -> tuple[str, int, int, int] | None:
    """The last finished day of the levers view: its row, innocent stopped, wanted found,
    and how many of the rows are finished."""
    if ctx.runner is None:
        return None
    keys = ctx.chapter.view.keys
    finished = [k for k in keys if _lever_done(ctx, k)]
    if not finished:
        return None
    key = finished[-1]
    m = ctx.measured
    return (
        key,
        int(m[f"{key}_innocent_stopped"]),
        int(m.get(f"{key}_wanted_found", 0)),
        len(finished),
    )


def draw_levers_latest(surf: pygame.Surface, r: pygame.Rect, ctx: ViewContext) -> None:
    """While chapter 8's days run: how to read the rows, and the newest day in words.

    The half of the screen beside the rows was blank while six days ran
    (issue 11: no blank half-screens); it now says that each row is the same
    day with one change, how many are done, and what the last one found.
    """
    ui, th = ctx.ui, ctx.ui.theme
    inner, y = _titled_panel(surf, r, ctx, "story.levers.title")
    room = pygame.Rect(inner.x, y, inner.width, 4 * ui.text.line_height("label"))
    y += ui.blit_wrapped(surf, ui.tr("story.levers.how"), room, "label", th.ui("text")) + 16
    latest = latest_lever(ctx)
    total = len(ctx.chapter.view.keys)
    done = 0 if latest is None else latest[3]
    ui.blit_text(
        surf,
        ui.tr("story.levers.done", done=ctx.fmt(done), total=ctx.fmt(total)),
        (inner.x, y),
        "label",
        th.ui("focus"),
        True,
        max_width=inner.width,
    )
    y += ui.text.line_height("label") + 12
    if latest is None:
        return
    key, stopped, found, _ = latest
    name = ui.tr(f"story.{ctx.chapter.id}.run.{key}", **ctx.values)
    text = ui.tr("story.levers.latest", name=name, stopped=ctx.fmt(stopped), found=ctx.fmt(found))
    ui.blit_wrapped(
        surf, text, pygame.Rect(inner.x, y, inner.width, inner.bottom - y), "label", th.ui("text")
    )
