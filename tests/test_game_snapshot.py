"""Every panel reads the same snapshot at the same moment, and it is the model's.

The sandbox is played headless at 4 h/s; every panel drawing is watched.
Whenever panels are drawn, all of them must be drawn in the same frame from
one snapshot object, equal to a fresh reading of the model at that moment;
the day chart and the tree must show one number for one day; at the end of
a run the card over the screen must be drawn from that same snapshot, and
"Keep looking" must show the run's numbers, not a new day's zeros.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pygame
import pytest

from sim.game.alert_card import AlertCard
from sim.game.day_chart import DayChart
from sim.game.funnel import FunnelTree
from sim.game.icon_array import IconArray
from sim.game.scenes.results import ResultsScene
from sim.game.scenes.sandbox import SandboxScene
from sim.game.session import SPEEDS
from sim.game.snapshot import Counts, Snapshot, Totals, take
from sim.game.who_pays import WhoPays
from sim.model.model import COUNTERS
from sim.text.frequency_tree import DAY_SERIES
from tests.test_game_support import make_app

FRAME = 1 / 60
FASTEST = len(SPEEDS) - 1
PANELS = {"funnel": FunnelTree, "icons": IconArray, "who": WhoPays, "days": DayChart}


class Watch:
    """Records, per frame, the snapshot every panel was drawn from, and checks it on the spot."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, app: Any) -> None:
        self.app = app
        self.frame = 0
        self.drawn: dict[int, dict[str, Snapshot]] = defaultdict(dict)
        self.fresh: dict[int, bool] = {}
        for name, cls in PANELS.items():
            monkeypatch.setattr(cls, "draw", self._spy(name, cls.draw))

    def _spy(self, name: str, draw: Any) -> Any:
        def spied(panel: Any, surf: pygame.Surface, ui: Any, snap: Snapshot, *rest: Any) -> None:
            self.drawn[self.frame][name] = snap
            if self.frame not in self.fresh:  # once a frame: is it the model's state now?
                self.fresh[self.frame] = snap == take(self.app.session.model)
            draw(panel, surf, ui, snap, *rest)

        return spied

    def step(self) -> None:
        self.frame += 1
        self.app.frame(FRAME)


def sandbox_app(overrides: tuple[tuple[str, str], ...]) -> tuple[Any, SandboxScene]:
    app = make_app(overrides=(("people", "3000"), *overrides))
    scene = app.top
    assert isinstance(scene, SandboxScene)
    app.session.set_speed(FASTEST)
    return app, scene


def check_frames(watch: Watch) -> None:
    """Each frame that drew panels drew all of them, from one object, equal to the model."""
    assert watch.drawn, "no panel was ever drawn"
    for frame, snaps in watch.drawn.items():
        assert set(snaps) == set(PANELS), f"frame {frame}: only {sorted(snaps)} drawn"
        assert len({id(s) for s in snaps.values()}) == 1, f"frame {frame}: two snapshots"
        assert watch.fresh[frame], f"frame {frame}: the snapshot is not the model's state"


def test_snapshot_fields_are_the_model_counters() -> None:
    """One hop: every field is a counter of the model, or a total of `run --json`."""
    app, _scene = sandbox_app(())
    app.session.model.run(hours=12)
    snap = take(app.session.model)
    summary = app.session.model.summary()
    day_fields = set(Counts.__dataclass_fields__)
    assert day_fields <= set(COUNTERS)
    assert set(Totals.__dataclass_fields__) - day_fields <= set(summary["totals"])
    for name in Totals.__dataclass_fields__:
        expected = summary["totals"].get(name, summary["expected"].get(name[9:]))
        assert getattr(snap.totals, name) == expected, name
    for name in day_fields:
        assert getattr(snap.today, name) == app.session.model.today[name], name
    assert snap.wrongful_stops_per_10k == {
        g: v["wrongful_stops_per_10k"] for g, v in summary["groups"].items()
    }


def test_panels_agree_at_4_hours_a_second_across_midnight(monkeypatch) -> None:
    app, scene = sandbox_app((("start_hour", "18"), ("hours", "12")))
    watch = Watch(monkeypatch, app)
    model = app.session.model
    days_seen = set()
    while not model.finished:
        watch.step()
        snaps = watch.drawn.get(watch.frame)
        if snaps is None:
            continue
        snap = snaps["funnel"]
        days_seen.add(len(snap.days))
        # the day chart's numbers are the tree's numbers for today
        today = scene.funnel.counts(snap, "today")
        assert scene.days.shown(snap) == {
            row.counter: getattr(today, row.counter) for row in DAY_SERIES
        }
        assert scene.funnel.counts(snap, "all") == snap.totals
    assert days_seen >= {0, 1}, "the run never crossed midnight with panels drawn"
    assert len(watch.drawn) > 10  # drawn a few times a second, not once
    check_frames(watch)


def play_to_the_end(monkeypatch, scenario: str, overrides: tuple[tuple[str, str], ...]) -> Any:
    app = make_app(scenario=scenario, overrides=overrides)
    app.session.set_speed(FASTEST)
    watch = Watch(monkeypatch, app)
    alerts_drawn: list[Any] = []
    draw = AlertCard.draw

    def spied(card: AlertCard, surf: pygame.Surface, ui: Any, model: Any) -> None:
        alerts_drawn.append(card.alert)
        draw(card, surf, ui, model)

    monkeypatch.setattr(AlertCard, "draw", spied)
    for _ in range(3000):
        watch.step()
        if isinstance(app.top, ResultsScene):
            break
    assert isinstance(app.top, ResultsScene), "the run never ended"
    return app, watch, alerts_drawn


def test_the_card_at_the_end_and_the_screen_behind_it_agree(monkeypatch) -> None:
    app, watch, alerts = play_to_the_end(
        monkeypatch, "city", (("people", "3000"), ("start_hour", "18"), ("hours", "6"))
    )
    results, sandbox = app.scenes[-1], app.scenes[-2]
    assert isinstance(sandbox, SandboxScene)
    model = app.session.model
    check_frames(watch)
    last = watch.drawn[max(watch.drawn)]
    assert all(s is results.snap for s in last.values())  # the card's own numbers
    assert results.snap is sandbox.snap
    assert results.snap == take(model)
    totals = model.summary()["totals"]
    for name in ("faces_scanned", "alerts", "false_alerts", "innocent_people_stopped"):
        assert getattr(results.snap.totals, name) == totals[name]
    assert totals["alerts"] > 0
    # the day just over, not tomorrow's zeros: chart, tree, clock
    snap = results.snap
    assert snap.today_closed and snap.days == ()
    assert snap.today.false_alerts == model.history[-1]["false_alerts"] == totals["false_alerts"]
    assert sandbox.days.shown(snap)["false_alerts"] == totals["false_alerts"]
    assert sandbox.scope == "all"
    assert sandbox.funnel.counts(snap, sandbox.scope) == snap.totals
    assert sandbox.clock_text(model.t, day_over=snap.today_closed) == "Day 1 · 24:00"
    assert alerts[-1] is not None  # the alert panel shows one of the alerts the card counts
    assert sandbox.alert_card.alert.log is model.log
    # "Keep looking": the same numbers stay on screen; "today" is the day that ended
    results._close()
    app.frame(FRAME)
    assert app.top is sandbox and app.session.paused
    assert sandbox.snap is snap
    sandbox._toggle_scope()
    assert sandbox.scope == "today"
    assert sandbox.funnel.counts(sandbox.snap, "today").alerts == totals["alerts"]


def test_aclu_alert_panel_shows_an_alert_behind_the_count(monkeypatch) -> None:
    """The ACLU run is one hour: it used to end before the alert panel was redrawn."""
    app, watch, alerts = play_to_the_end(monkeypatch, "aclu-2018", ())
    results, sandbox = app.scenes[-1], app.scenes[-2]
    check_frames(watch)
    assert results.snap.totals.alerts > 0
    assert alerts[-1] is not None
    assert sandbox._alert_title() != app.ui.tr("alert.title_none")
    assert results.snap is sandbox.snap


def test_the_speed_button_says_when_the_clock_falls_behind() -> None:
    app, scene = sandbox_app(())
    session = app.session
    button = next(w for w in scene.top_widgets if w.name == "speed")
    assert button.label() == "Speed: 4 h/s"
    session.step_budget_s = 0.0  # a computer that manages one step a frame
    session.fast_nights = False
    for _ in range(40):
        app.frame(FRAME)
    assert session.behind
    assert button.label() == f"Speed: 4 h/s (reached {scene.speed_text(session.achieved_speed)})"
    assert scene.speed_text(1800.0) == "30 min/s"
    assert scene.speed_text(5400.0) == "1.5 h/s"
