"""The city view draws each person's state where the model says they are."""

from __future__ import annotations

import numpy as np

from sim.game.city_view import STATE_NAMES
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
    assert city.sample.size == 60_000 and city.total_people == 70_000
    assert np.all(np.diff(city.sample) > 0)  # a fixed, sorted sample


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
