"""The sandbox's knobs: each one bound to a parameter key of the model.

The table below is the whole list of controls; every entry names the key in
`sim.model.params` it sets, and its range comes from that key's spec, so a
control can never offer a value the model would refuse. Values reach the
model at once; only while a finger drags a slider over a knob whose change is
expensive (moving 250 cameras re-plans the day's captures) are the updates
spaced out, with the final value always applied on release.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame

from sim.game.control_help import help_key
from sim.game.layout import control_slots
from sim.game.widgets import Choice, Opener, Slider, Toggle, Widget
from sim.text.ui import UI

DRAG_INTERVAL_S = 0.12  # a cheap knob follows the finger at about 8 updates a second
SLOW_COMMIT_S = 0.03  # a knob whose change took longer than this waits for release


@dataclass(frozen=True)
class ControlSpec:
    """One control: which key, which widget, where, and how to show the value."""

    key: str
    group: str
    widget: str  # slider | toggle | choice
    label: str  # locale key
    scale: str = "lin"  # lin | log | log1p (sliders)
    lo: float | None = None  # display range, inside the parameter's own range
    hi: float | None = None
    fmt: str = "int"  # int | percent_value | share | percent1 | one_in | times | compact | float1
    resolution: float = 0.0  # linear sliders snap to multiples of this


#: Shared by every detector's table: how unreviewed alerts end, the situation, and
#: the operators' trust in alerts.
_SITUATION = (
    ControlSpec("unreviewed", "groups", "choice", "control.unreviewed"),
    ControlSpec("scenario", "groups", "choice", "control.scenario"),
)
_REVIEW_BIAS = ControlSpec(
    "automation_bias", "people", "slider", "control.automation_bias", fmt="share", resolution=0.01
)


CONTROLS: tuple[ControlSpec, ...] = (
    ControlSpec(
        "threshold", "search", "slider", "control.threshold", fmt="percent_value", resolution=0.5
    ),
    ControlSpec(
        "watchlist_size", "search", "slider", "control.watchlist_size", "log", 10, 1.2e11, "compact"
    ),
    ControlSpec("algorithm", "search", "choice", "control.algorithm"),
    ControlSpec("cameras", "cameras", "slider", "control.cameras", "log1p", 0, 5000),
    ControlSpec(
        "camera_density", "cameras", "slider", "control.camera_density", fmt="times", resolution=0.1
    ),
    ControlSpec("bodycams", "cameras", "toggle", "control.bodycams"),
    ControlSpec("drones", "cameras", "slider", "control.drones", "log1p", 0, 500),
    ControlSpec("gates", "cameras", "slider", "control.gates", "log1p", 0, 500),
    ControlSpec(
        "phone_searches_per_officer_hour",
        "cameras",
        "slider",
        "control.phone",
        fmt="float1",
        resolution=0.5,
    ),
    ControlSpec("reviewers", "people", "slider", "control.reviewers", "log1p", 0, 2000),
    _REVIEW_BIAS,
    ControlSpec("officers", "people", "slider", "control.officers", "log1p", 0, 5000),
    ControlSpec("policy.cameras_follow_alerts", "feedback", "toggle", "control.cameras_follow"),
    ControlSpec("policy.stopped_join_watchlist", "feedback", "toggle", "control.stopped_join"),
    ControlSpec("policy.share_watchlists", "feedback", "toggle", "control.share_watchlists"),
    ControlSpec(
        "groups.B.fmr_multiplier", "groups", "slider", "control.group_fmr", "log", 0.1, 100, "times"
    ),
    *_SITUATION,
)


#: The detector's parts of the table (weapons, plates, calls): each has its
#: own knobs in the first and fourth groups and its own words for shared ones
#: (a plate camera, the staff who listen to calls). The shared review, response
#: and situation controls keep their keys; a face-only knob (the similarity
#: threshold, the watchlist, the algorithm) is not offered where it does nothing.
_FOLLOW = ControlSpec("policy.cameras_follow_alerts", "groups", "toggle", "control.cameras_follow")
DETECTOR_CONTROLS: dict[str, tuple[ControlSpec, ...]] = {
    "weapons": (
        ControlSpec(
            "weapons.fp_rate", "search", "slider", "control.fp_rate", "log", 1e-8, 1e-3, "one_in"
        ),
        ControlSpec(
            "weapons.detect_rate",
            "search",
            "slider",
            "control.detect_rate",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "lookalike_sigma",
            "search",
            "slider",
            "control.lookalike_weapons",
            fmt="float1",
            resolution=0.1,
        ),
        ControlSpec("cameras", "cameras", "slider", "control.cameras_weapons", "log1p", 0, 5000),
        ControlSpec("bodycams", "cameras", "toggle", "control.bodycams"),
        ControlSpec("drones", "cameras", "slider", "control.drones", "log1p", 0, 500),
        ControlSpec("reviewers", "people", "slider", "control.reviewers_weapons", "log1p", 0, 2000),
        _REVIEW_BIAS,
        ControlSpec("officers", "people", "slider", "control.officers", "log1p", 0, 5000),
        ControlSpec(
            "weapons.staff_cancel",
            "feedback",
            "slider",
            "control.staff_cancel",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "weapons.cancel_lost",
            "feedback",
            "slider",
            "control.cancel_lost",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "weapons.handcuff_prob",
            "feedback",
            "slider",
            "control.handcuff",
            fmt="share",
            resolution=0.01,
        ),
        _FOLLOW,
        *_SITUATION,
    ),
    "plates": (
        ControlSpec(
            "plates.misread_rate",
            "search",
            "slider",
            "control.misread_rate",
            lo=0.0,
            hi=0.1,
            fmt="percent1",
            resolution=0.001,
        ),
        ControlSpec(
            "plates.night_factor",
            "search",
            "slider",
            "control.night_factor",
            fmt="times",
            resolution=0.5,
        ),
        ControlSpec(
            "plates.hot_list", "search", "slider", "control.hot_list", "log1p", 0, 1e7, "compact"
        ),
        ControlSpec("cameras", "cameras", "slider", "control.cameras_plates", "log1p", 0, 5000),
        ControlSpec("bodycams", "cameras", "toggle", "control.bodycams_plates"),
        ControlSpec(
            "camera_density",
            "cameras",
            "slider",
            "control.camera_density",
            fmt="times",
            resolution=0.1,
        ),
        ControlSpec(
            "plates.car_share",
            "cameras",
            "slider",
            "control.car_share",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "plates.stale_share",
            "cameras",
            "slider",
            "control.stale_share",
            "log",
            1e-6,
            0.05,
            "one_in",
        ),
        ControlSpec("reviewers", "people", "slider", "control.reviewers", "log1p", 0, 2000),
        _REVIEW_BIAS,
        ControlSpec("officers", "people", "slider", "control.officers", "log1p", 0, 5000),
        ControlSpec("plates.eye_check", "feedback", "toggle", "control.eye_check"),
        ControlSpec(
            "plates.eye_check_catch",
            "feedback",
            "slider",
            "control.eye_check_catch",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "detain_prob",
            "feedback",
            "slider",
            "control.detain_prob",
            fmt="share",
            resolution=0.01,
        ),
        _FOLLOW,
        *_SITUATION,
    ),
    "calls": (
        ControlSpec("calls.wer", "search", "slider", "control.wer", fmt="share", resolution=0.01),
        ControlSpec(
            "calls.error_keyword",
            "search",
            "slider",
            "control.error_keyword",
            "log",
            1e-9,
            1e-4,
            "one_in",
        ),
        ControlSpec(
            "calls.innocent_keyword_rate",
            "search",
            "slider",
            "control.innocent_keyword",
            "log",
            1e-7,
            1e-2,
            "one_in",
        ),
        ControlSpec(
            "calls.per_day",
            "cameras",
            "slider",
            "control.calls_per_day",
            fmt="float1",
            resolution=0.5,
        ),
        ControlSpec(
            "calls.real_rate", "cameras", "slider", "control.real_rate", "log", 1e-7, 1e-2, "one_in"
        ),
        ControlSpec(
            "lookalike_sigma",
            "cameras",
            "slider",
            "control.lookalike_calls",
            fmt="float1",
            resolution=0.1,
        ),
        ControlSpec("reviewers", "people", "slider", "control.reviewers_calls", "log1p", 0, 2000),
        ControlSpec(
            "review_per_hour", "people", "slider", "control.review_per_hour", "log1p", 1, 3600
        ),
        _REVIEW_BIAS,
        ControlSpec(
            "calls.lose_calls",
            "feedback",
            "slider",
            "control.lose_calls",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "calls.discipline",
            "feedback",
            "slider",
            "control.discipline",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "calls.prosecutor",
            "feedback",
            "slider",
            "control.prosecutor",
            fmt="share",
            resolution=0.01,
        ),
        ControlSpec(
            "groups.B.wer_multiplier",
            "groups",
            "slider",
            "control.group_wer",
            lo=0.5,
            hi=4.0,
            fmt="times",
            resolution=0.05,
        ),
        *_SITUATION,
    ),
}


def controls_for(detector: str) -> tuple[ControlSpec, ...]:
    """The controls of one detector's sandbox (faces: the original table)."""
    return DETECTOR_CONTROLS.get(detector, CONTROLS)


class ParamBinding:
    """Reads and writes one model parameter through the session."""

    def __init__(self, session: Any, key: str) -> None:
        self.session = session
        self.key = key
        self.pending: Any = None
        self.last_commit = 0.0
        self.last_cost = 0.0

    def get(self) -> Any:
        if self.pending is not None:
            return self.pending
        return self.session.get_param(self.key)

    def set(self, value: Any) -> None:
        """Apply now (click, key) — the value reaches the model in this call."""
        self.pending = None
        start = time.perf_counter()
        self.session.set_param(self.key, value)
        self.last_cost = time.perf_counter() - start
        if getattr(self.session, "busy", False):  # handed to a job: costly, however quick here
            self.last_cost = max(self.last_cost, SLOW_COMMIT_S)
        self.last_commit = time.monotonic()

    def drag(self, value: Any) -> None:
        """Follow a drag: apply if cheap and not too recent, else remember."""
        now = time.monotonic()
        if self.last_cost < SLOW_COMMIT_S and now - self.last_commit >= DRAG_INTERVAL_S:
            self.set(value)
        else:
            self.pending = value

    def flush(self) -> None:
        """Apply a remembered drag value (called when the drag ends)."""
        if self.pending is not None:
            self.set(self.pending)


class BoundSlider(Slider):
    """A slider whose drags go through a ParamBinding (see module doc)."""

    binding: ParamBinding

    def handle(self, event: pygame.event.Event) -> bool:
        if self._clicked(event):
            self.dragging = True
            self.binding.set(self.value_at(event.pos[0]))
            return True
        if event.type == pygame.MOUSEMOTION and self.dragging:
            self.binding.drag(self.value_at(event.pos[0]))
            return True
        if event.type == pygame.MOUSEBUTTONUP and self.dragging:
            self.dragging = False
            self.binding.flush()
            return True
        return False


def group_name_for_fmr(session: Any) -> str:
    """The group a per-group control (false matches, misheard words) acts on: B, else the last."""
    groups = list(session.model.params.groups)
    return "B" if "B" in groups else groups[-1]


def short_number(ui: UI, value: float) -> str:
    """A big number in few characters, rounded to two significant figures past 10,000.

    "1 in 99,999.9999" is what 1 / 1e-5 gives in floating point; a slider
    says "1 in 100K". Where the language's short form has no abbreviation
    for thousands (German writes 200000), the grouped number is shown.
    """
    if not math.isfinite(value):
        return ui.i18n.compact(value)
    if abs(value) >= 10_000:
        value = float(f"{value:.2g}")
    text = ui.i18n.compact(value)
    if abs(value) >= 10_000 and not any(c.isalpha() for c in text):
        return ui.i18n.num(value)
    return text


def formatter(ui: UI, fmt: str) -> Callable[[float], str]:
    i18n = ui.i18n
    if fmt == "percent_value":
        return lambda v: ui.tr("value.similarity", v=i18n.num(v, 1 if v % 1 else 0))
    if fmt == "share":
        return lambda v: i18n.percent(v)
    if fmt == "times":
        return lambda v: ui.tr("value.times", v=i18n.num(v, 2 if v < 1 else 1))
    if fmt == "compact":
        return lambda v: short_number(ui, v)
    if fmt == "float1":
        return lambda v: i18n.num(v, 1)
    if fmt == "percent1":  # a few per cent or less: one decimal (0.7 %)
        return lambda v: i18n.percent(v, 1 if v < 0.1 else 0)
    if fmt == "one_in":  # a tiny rate as a natural frequency: "1 in 500k"
        return lambda v: (
            ui.tr("value.never") if v <= 0 else ui.tr("value.one_in", n=short_number(ui, 1.0 / v))
        )
    return lambda v: i18n.num(v)


def build_controls(
    ui: UI,
    session: Any,
    scenario_title: Callable[[], str],
    open_picker: Callable[[], None],
) -> list[Widget]:
    """Every control widget, in focus order (group by group, column by column)."""
    from sim.model.params import spec_for

    widgets: list[Widget] = []
    slots: dict[str, list[pygame.Rect]] = {}
    tr = ui.tr
    for c in controls_for(str(session.model.params.detector)):
        free = slots.setdefault(c.group, list(control_slots(c.group)))
        rect = free.pop(0)
        label = _label(ui, c.label)
        if c.key == "scenario":
            widgets.append(Opener(rect, label, scenario_title, open_picker, name="scenario"))
            widgets[-1].help = help_key(c.label)
            continue
        key = c.key
        if key.startswith("groups.B."):  # the second group, whatever its name
            key = f"groups.{group_name_for_fmr(session)}." + key.rsplit(".", 1)[1]
        spec = spec_for(key)
        binding = ParamBinding(session, key)
        if c.widget == "toggle":
            widgets.append(
                Toggle(
                    rect,
                    label,
                    binding.get,
                    binding.set,
                    lambda: tr("value.on"),
                    lambda: tr("value.off"),
                    name=key,
                )
            )
        elif c.widget == "choice":
            choices = tuple(spec.choices)
            widgets.append(
                Choice(
                    rect,
                    label,
                    lambda choices=choices: choices,
                    binding.get,
                    binding.set,
                    lambda v, key=key: _choice_text(ui, key, v),
                    name=key,
                )
            )
        else:
            lo = spec.lo if c.lo is None else max(float(c.lo), float(spec.lo or 0))
            hi = spec.hi if c.hi is None else min(float(c.hi), float(spec.hi or math.inf))
            scale = c.scale if c.scale != "lin" else ("log" if spec.log and lo > 0 else "lin")
            slider = BoundSlider(
                rect,
                label,
                binding.get,
                binding.set,
                float(lo),
                float(hi),
                scale=scale,
                integer=spec.kind == "int",
                fmt=formatter(ui, c.fmt),
                name=key,
                steps=100 if key == "threshold" else 40,
                resolution=c.resolution,
            )
            slider.binding = binding
            widgets.append(slider)
        widgets[-1].help = help_key(c.label)  # its one-line explanation (control_help)
    return widgets


def _label(ui: UI, key: str) -> Callable[[], str]:
    return lambda: ui.tr(key)


def _choice_text(ui: UI, key: str, value: Any) -> str:
    text_key = f"choice.{key}.{value}"
    return ui.tr(text_key) if ui.i18n.has(text_key) else str(value)
