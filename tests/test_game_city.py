"""The city view draws each person's state where the model says they are."""

from __future__ import annotations

import numpy as np
import pygame

from sim.game import layout as L
from sim.game.city_view import LERP_MAX_S, MAX_DRAWN, STATE_NAMES, CityView
from sim.game.frame_budget import FrameBudget
from sim.model.mobility import positions, routes
from tests.test_game_support import make_app


def test_state_tokens_are_drawn_at_people_positions() -> None:
    app = make_app()
    scene = app.scenes[-1]
    model = app.session.model
    model.run(hours=9)
    app.session.t_prev = model.t
    people = model.people
    theme = app.ui.theme
    # people well inside the map (tokens at the edge are pushed inwards)
    t = app.session.render_time()
    x, y = model.positions(np.arange(people.n), t)
    inner = scene.city.map_rect.inflate(-40, -40).move(scene.city.area.topleft)
    pts = [scene.city.screen_pos(float(a), float(b)) for a, b in zip(x[:500], y[:500], strict=True)]
    candidates = [i for i, p in enumerate(pts) if inner.collidepoint(p)]
    chosen = {}
    for code, name in enumerate(STATE_NAMES):
        if code == 0:
            continue
        who = candidates[code * 7]
        people.state[who] = code
        people.state_until[who] = np.inf
        chosen[name] = who
    scene.alert_card.alert = None  # no highlight ring over the tokens
    scene.draw(app.logical)
    surf = app.logical
    for name, who in chosen.items():
        x, y = model.positions(np.array([who]), t)
        sx, sy = scene.city.screen_pos(float(x[0]), float(y[0]))
        want = theme.state(name)
        # the token's fill colour is somewhere within a few pixels of the spot
        found = any(
            tuple(surf.get_at((sx + dx, sy + dy)))[:3] == want
            for dx in range(-3, 4)
            for dy in range(-3, 4)
        )
        assert found, name


def test_big_crowds_are_sampled_and_say_so() -> None:
    app = make_app(overrides=(("people", "70000"),))
    city = app.scenes[-1].city
    assert city.pool.size == MAX_DRAWN and city.total_people == 70_000
    app.session.model.run(hours=9)  # people flagged, stopped ... outside the sample too
    app.frame(1 / 60)
    state = app.session.model.people.state
    ids = city.sample
    assert np.unique(ids).size == ids.size  # nobody twice
    outside = np.setdiff1d(np.flatnonzero(state), city.pool[: city.count])
    assert outside.size and np.isin(outside, ids).all()  # special states always shown
    assert ids.size == city.count + outside.size  # N = what is really drawn
    before = np.sort(city.pool)
    city.bind(app.session.model)
    assert np.array_equal(np.sort(city.pool), before)  # a fixed sample


def test_a_crowd_rebuilt_in_place_is_drawn_without_error() -> None:
    """Setting `people` on the running model rebuilds its crowd; the map follows it."""
    app = make_app()
    scene = app.scenes[-1]
    before = scene.city.total_people
    app.session.model.set_param("people", before // 2)
    app.frame(1 / 60)
    assert scene.city.total_people == before // 2
    assert scene.city.drawn is not None and scene.city.drawn[0].max() < before // 2


def test_the_alert_timeline_knows_every_status() -> None:
    """Every status an alert can have sits somewhere on the card's four-stop road."""
    from sim.game.alert_card import TIMELINE, timeline_stage
    from sim.model.alerts import OUTCOME, REVIEW

    statuses = [s for s in REVIEW + OUTCOME if s != "none"]
    for status in statuses:
        stage, ended = timeline_stage(status)
        assert 1 <= stage < len(TIMELINE), status
    assert timeline_stage("dismissed") == (1, True)  # the road ends at the operator
    assert timeline_stage("waiting") == (2, False)
    assert timeline_stage("detained") == (3, True)


def test_the_alert_card_draws_its_timeline_when_there_is_room() -> None:
    import pygame

    from sim.game.alert_card import TIMELINE, AlertCard

    app = make_app()
    model = app.session.model
    model.run(hours=9)
    assert model.recent_alerts
    card = AlertCard(pygame.Rect(0, 0, 492, 320), app.scenes[-1].glyphs)
    card.follow(model)
    drawn: list[str] = []
    real = app.ui.blit_text

    def spy(surf, text, *args, **kwargs):
        drawn.append(text)
        return real(surf, text, *args, **kwargs)

    app.ui.blit_text = spy
    card.draw(pygame.Surface((492, 320)), app.ui, model)
    assert [app.ui.tr("alert.timeline." + k) for k in TIMELINE] == drawn[-len(TIMELINE) :]
    drawn.clear()
    short = AlertCard(pygame.Rect(0, 0, 492, 230), app.scenes[-1].glyphs)
    short.follow(model)
    short.draw(pygame.Surface((492, 230)), app.ui, model)
    assert app.ui.tr("alert.timeline.outcome") not in drawn  # no room: the sentence only


def test_routes_give_exactly_the_positions_of_the_model() -> None:
    """The view's once-a-day resolved routes change no position by a single bit."""
    app = make_app()
    model = app.session.model
    model.run(hours=7.5)
    idx = np.random.default_rng(4).permutation(model.people.n)
    r = routes(model.city, model.people, model.trips, idx)
    # forwards, backwards, twice the same: reused positions must never go stale
    times = (model.t, model.t + 30.0, model.t + 600.0, model.t + 4321.5, model.t + 600.0)
    for t in (*times, model.t, model.t, model.trips.day_start + 86399.0, model.t + 90.0):
        x, y = positions(model.city, model.people, model.trips, idx, t)
        rx, ry = r.at(t)
        assert np.array_equal(x, rx) and np.array_equal(y, ry)
        px, py = r.at(t, 100)  # the first 100 only
        assert np.array_equal(px, x[:100]) and np.array_equal(py, y[:100])
    home = routes(model.city, model.people, None, idx)
    hx, hy = positions(model.city, model.people, None, idx, 0.0)
    assert np.array_equal(home.at(0.0)[0], hx) and np.array_equal(home.at(0.0)[1], hy)


def test_positions_are_computed_once_per_model_step() -> None:
    app = make_app()
    scene = app.scenes[-1]
    s = app.session
    s.model.run(hours=8)
    s.t_prev = s.model.t
    cache = scene.city.positions
    for _ in range(5):
        app.frame(1 / 60)
    steps_before, computed_before = s.model.t, cache.computed
    s.paused = True
    for _ in range(10):
        app.frame(1 / 60)
    # paused: the clock stands still; at most its one new time is computed
    assert s.model.t == steps_before and cache.computed - computed_before <= 1
    s.paused = False
    # The model steps 30 s at a time (as `run` does); at 15 min/s that is a step
    # every other frame. Positions are computed at each step's end, once, and the
    # frame between two steps interpolates: one computation per step, not per
    # frame, whatever else reads them that frame.
    assert s.speed == 900
    steps = 0
    computed = cache.computed
    for _ in range(40):
        steps += s.advance(1 / 60)
        before = cache.computed
        scene.draw(app.logical)
        scene.draw(app.logical)  # drawn twice: still one computation at most
        assert cache.computed - before <= 1
    assert 15 <= steps <= 25 and 0 < cache.computed - computed <= steps + 1
    # a tap picks from the very arrays that were drawn: no computation either
    ids, px, py, _st = scene.city.drawn
    done = cache.computed
    i = len(ids) // 2
    pos = (int(px[i]) + scene.city.area.x, int(py[i]) + scene.city.area.y)
    assert scene.city.pick(pos) is not None and cache.computed == done


def test_between_two_steps_people_move_in_a_straight_line() -> None:
    """A frame between two model steps interpolates the two cached position arrays."""
    app = make_app()
    city = app.scenes[-1].city
    model = app.session.model
    model.run(hours=8)
    t0 = model.t
    city.draw(app.logical, t0)
    ids0, x0, y0, _ = city.drawn
    model.step(LERP_MAX_S)  # the longest step still interpolated: one model step
    t1 = model.t
    computed = city.positions.computed
    city.draw(app.logical, t0 + 0.25 * (t1 - t0))  # a frame a quarter into the step
    ids_m, xm, ym, _ = city.drawn
    assert city.positions.computed == computed + 1  # the new step's end, once
    city.draw(app.logical, t1)
    ids1, x1, y1, _ = city.drawn
    assert city.positions.computed == computed + 1  # the step's end again: cached
    n = city.count
    assert np.array_equal(ids0[:n], ids1[:n]) and np.array_equal(ids0[:n], ids_m[:n])
    exact_x, exact_y = city._exact_pixels(ids1[:n], t1)
    assert np.array_equal(x1[:n], exact_x) and np.array_equal(y1[:n], exact_y)  # exact
    lo, hi = np.minimum(x0[:n], x1[:n]), np.maximum(x0[:n], x1[:n])
    assert np.all((xm[:n] >= lo) & (xm[:n] <= hi))
    moved = x1[:n] - x0[:n] >= 8
    assert moved.any()
    assert np.all(xm[:n][moved] < x1[:n][moved])  # a quarter of the way, not yet there


class Recorder(FrameBudget):
    """A controller that records what the view feeds it and draws a chosen number."""

    def __init__(self, ceiling: int, chosen: int) -> None:
        super().__init__(ceiling, floor=0)
        self.seen: list[tuple[float, float]] = []
        self.chosen = chosen

    def observe(self, frame_ms: float, crowd_ms: float) -> int:
        self.seen.append((frame_ms, crowd_ms))
        self.count = self.chosen
        return self.count


def test_the_view_draws_what_its_budget_says_and_the_note_tells_the_truth() -> None:
    app = make_app(overrides=(("people", "30000"),))
    scene = app.scenes[-1]
    city = scene.city
    city.budget = Recorder(city.pool.size, 7_000)
    model = app.session.model
    model.run(hours=9)
    shown: list[int] = []
    real_tr = app.ui.tr

    def spy(key: str, **fmt: object) -> str:
        if key == "city.sampled":
            shown.append(int(fmt["shown"]))  # type: ignore[call-overload]
        return real_tr(key, **fmt)

    app.ui.tr = spy  # type: ignore[method-assign]
    for _ in range(3):
        app.frame(1 / 60)
    assert len(city.budget.seen) >= 2  # every draw after the first feeds it a frame
    assert all(f >= 0 and c >= 0 for f, c in city.budget.seen)
    ids, px, py, st = city.drawn
    special_outside = np.setdiff1d(np.flatnonzero(model.people.state), city.pool[:7_000])
    assert city.count == 7_000
    assert ids.size == 7_000 + special_outside.size == city.sample.size
    assert shown and shown[-1] == ids.size  # "Showing N of M": N is what was drawn
    # the drawn tokens really are on the map: most spots have a token colour
    theme = app.ui.theme
    colours = {tuple(theme.state(name)) for name in STATE_NAMES}
    area = city.area
    on = sum(
        tuple(app.logical.get_at((area.x + int(x), area.y + int(y))))[:3] in colours
        for x, y in zip(px[:500], py[:500], strict=True)
    )
    assert on >= 400  # (district name plates and outlines cover a few)


def test_a_fixed_view_draws_everyone_it_may() -> None:
    app = make_app()
    view = CityView(app.scenes[-1].city.area, app.ui, adaptive=False)
    view.bind(app.session.model)
    view.draw(app.logical, app.session.model.t)
    assert view.budget is None and view.sample.size == app.session.model.people.n


def test_the_knobs_are_redrawn_only_when_they_can_look_different() -> None:
    """The controls' picture is kept between frames, yet a value changed by any path shows."""
    app = make_app()
    scene = app.top
    calls = []
    widget = scene.controls[0]
    real_draw = widget.draw

    def counting(*args: object, **kwargs: object) -> None:
        calls.append(1)
        real_draw(*args, **kwargs)  # type: ignore[arg-type]

    widget.draw = counting  # type: ignore[method-assign]
    app.session.paused = True  # no panel refresh from the clock either
    for _ in range(3):
        app.frame(1 / 60)
    drawn = len(calls)
    for _ in range(5):
        app.frame(1 / 60)
    assert len(calls) == drawn  # nothing changed: the cached picture was shown
    region = pygame.Rect(0, L.CONTROLS_Y, L.W, L.H - L.CONTROLS_Y)
    before = pygame.image.tobytes(app.logical.subsurface(region), "RGB")
    assert app.session.set_param("threshold", 65.0)  # not through the widget
    app.frame(1 / 60)
    assert len(calls) > drawn
    assert pygame.image.tobytes(app.logical.subsurface(region), "RGB") != before
