"""Two runs side by side (issue 12 item 7): the same city, one knob changed.

The compare screen is reached from the results card, runs the real model
twice with the session's parameters and seed, and draws both funnels from
those runs. Checked against runs made here directly with the same inputs.
"""

from __future__ import annotations

import pygame
import pytest

from sim.game.scenes.compare import CompareScene, other_value
from sim.game.snapshot import take
from sim.game.text_audit import recording
from sim.model import Model
from tests import screen_tour


@pytest.fixture(autouse=True)
def _no_saved_preferences(tmp_path, monkeypatch) -> None:
    from sim.game import preferences

    monkeypatch.setattr(preferences, "preferences_path", lambda: tmp_path / "prefs.toml")


@pytest.fixture()
def compare() -> CompareScene:
    app = screen_tour.make((1366, 768), "en", start="sandbox")
    app.open("results")
    screen_tour.settle(app, 1)
    screen_tour.press(app, "compare")
    scene = app.top
    assert isinstance(scene, CompareScene)
    yield scene
    pygame.display.quit()


def direct(scene: CompareScene, threshold: float) -> dict:
    params = scene.app.session.model.params.copy()
    params.set("threshold", threshold)
    model = Model(params, seed=scene.app.session.seed)
    model.run()
    return take(model).totals


def test_both_runs_are_the_model_with_only_the_threshold_changed(compare: CompareScene) -> None:
    assert compare.left_value == 80.0 and compare.right_value == other_value(80.0) == 99.0
    assert not compare.done  # they run over frames, not in one frozen frame
    compare.run_to_end()
    left, right = (snap.totals for snap in compare.snaps)
    assert left == direct(compare, 80.0)
    assert right == direct(compare, 99.0)
    # At 99 the per-comparison false-match rate is orders of magnitude below 80's
    # (the algorithm profile), so the analytic expectation must fall, and the
    # observed count with it: left expects ~400 false alerts (20,000 people, a
    # day), a Poisson count whose 5-sigma floor (400 - 5*20 = 300) is far above
    # anything the 99 run expects.
    assert right.expected_false_alerts < left.expected_false_alerts / 10
    assert left.false_alerts > 5 * max(1.0, right.expected_false_alerts)
    assert right.false_alerts < left.false_alerts


def test_the_screen_draws_both_funnels_numbers(compare: CompareScene) -> None:
    compare.run_to_end()
    ui = compare.ui
    with recording() as audit:
        compare.app.frame(1 / 60)
    drawn = [d.text for d in audit.draws]
    for snap in compare.snaps:
        assert ui.i18n.num(snap.totals.false_alerts) in drawn
        assert ui.i18n.num(snap.totals.faces_scanned) in drawn
    assert any("99%" in t for t in drawn) and any("80%" in t for t in drawn)
    left, right = (snap.totals for snap in compare.snaps)
    change = " ".join(drawn)
    assert f"{ui.i18n.num(left.false_alerts)} / {ui.i18n.num(right.false_alerts)}" in change


def test_choosing_another_value_reruns_the_right_side_only_with_it(compare: CompareScene) -> None:
    compare.run_to_end()
    left_before = compare.snaps[0].totals
    compare.choice.nudge(-1)  # 99 -> 95
    assert compare.right_value == 95.0 and not compare.done
    compare.run_to_end()
    assert compare.snaps[0].totals == left_before
    assert compare.snaps[1].totals == direct(compare, 95.0)


def _finished_sandbox(move_knob_at: float | None = None):
    """A sandbox whose day ran to its end, with the threshold moved mid-day or not."""
    app = screen_tour.make((1366, 768), "en", start="sandbox")
    session = app.session
    while not session.model.finished:
        if move_knob_at is not None and session.model.t >= move_knob_at:
            assert session.set_param("threshold", 85.0)
            move_knob_at = None
        session.step_once()
    return app


def test_a_day_run_unchanged_is_the_left_side_at_once() -> None:
    """The session's own finished day is the left run: shown at once, and it is that run."""
    app = _finished_sandbox()
    own = app.session.model
    assert own.pristine
    scene = CompareScene(app)
    assert scene.models[0] is own and scene.snaps[0] is not None
    assert scene.snaps[1] is None  # the other value still runs over frames
    scene.run_to_end()
    assert scene.snaps[0].totals == take(own).totals == direct(scene, 80.0)
    assert scene.snaps[1].totals == direct(scene, 99.0)
    pygame.display.quit()


def test_a_knob_moved_mid_day_makes_the_left_side_run_again_from_its_start() -> None:
    """Moved at noon, the session's day is not a run of the final setup: simulated anew."""
    app = _finished_sandbox(move_knob_at=12 * 3600.0)
    own = app.session.model
    assert not own.pristine
    scene = CompareScene(app, value=99.0)
    assert scene.left_value == 85.0 and scene.models[0] is not own and scene.snaps[0] is None
    scene.run_to_end()
    assert scene.snaps[0].totals == direct(scene, 85.0)
    assert scene.snaps[0].totals != take(own).totals  # the mixed day differs (same seed)
    pygame.display.quit()


def test_a_knob_that_restarts_the_model_makes_it_a_run_from_its_start_again() -> None:
    from tests.helpers import params

    model = Model(params(people=500, hours=1), seed=3)
    model.step_fixed()
    model.set_param("threshold", 90.0)  # applied mid-run
    assert not model.pristine
    model.set_param("people", 600)  # a new crowd: the model starts again at time zero
    assert model.pristine and model.t == model.t0
