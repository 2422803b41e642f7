"""Empty stretches: the story skips the hours when nothing happens, says so, and is right.

A run that starts later in the day (Cardiff's gates at 16:00, the city at
05:00) says "Skipped 00:00-16:00: nobody at the stadium yet"; a run over
several days passes its quiet nights fast and says so while it does. The
words are only true if nothing happens then: these tests run those hours
and count.
"""

from __future__ import annotations

from typing import Any

import pytest

from sim.model import Model
from sim.story.chapters import in_quiet, load_story
from sim.story.runner import QUIET_PACE, ChapterRunner, show_until, show_weight

CHAPTERS = load_story()
SKIPPING = [
    (c, r)
    for c in CHAPTERS
    for r in c.runs
    if r.quiet_why and float(r.params().start_hour) > 0 and r.city
]
QUIET = [(c, r) for c in CHAPTERS for r in c.runs if r.quiet is not None]


def test_the_story_skips_the_empty_morning_of_cardiff_and_the_city() -> None:
    names = {(c.id, r.quiet_why) for c, r in SKIPPING}
    assert ("crowd", "stadium") in names and ("humans", "city") in names
    assert {c.id for c, _r in QUIET} == {"loop"}


@pytest.mark.parametrize("chapter, run", SKIPPING, ids=lambda x: getattr(x, "name", ""))
def test_nothing_happens_in_the_hours_a_run_skips(chapter: Any, run: Any) -> None:
    """The same place from midnight to the run's start: not one face is scanned."""
    params = run.params().copy()
    start = float(params.start_hour)
    params.set("start_hour", 0, "test")
    params.set("hours", start, "test")
    model = Model(params, seed=run.seed)
    model.run()
    assert model.summary()["totals"]["faces_scanned"] == 0, (chapter.id, run.name)


@pytest.mark.parametrize("chapter, run", QUIET, ids=lambda x: getattr(x, "name", ""))
def test_nothing_happens_in_the_quiet_hours_a_run_passes_fast(chapter: Any, run: Any) -> None:
    """Hour by hour over the whole run: faces are scanned only outside its quiet hours."""
    model = Model(run.params(), seed=run.seed)
    before, busy = 0, 0
    hours = int(model.params.hours)
    for h in range(hours):
        model.run(hours=h + 1)
        so_far = sum(int(d.get("faces_scanned", 0)) for d in model.history)
        so_far += int(model.today.get("faces_scanned", 0)) if h + 1 < hours else 0
        scanned, before = so_far - before, so_far
        if in_quiet(model.t0 / 3600.0 + h, run.quiet):
            assert scanned == 0, (run.name, h)
        else:
            busy += scanned
    assert busy > 0


def test_quiet_hours_are_shown_at_a_tenth_of_the_pace() -> None:
    quiet = (23.0, 5.0)
    day = 24 * 3600.0
    # 6 quiet hours, 18 busy: a day is worth 18 + 6 x 0.1 busy hours of showing
    assert show_weight(0, day, quiet) == pytest.approx((18 + 6 * QUIET_PACE) * 3600)
    assert show_weight(0, day, None) == pytest.approx(day)
    # the same showing takes the clock ten times as far at night
    assert show_until(0.0, 360.0, day, quiet) == pytest.approx(3600.0)  # 00:00 -> 01:00
    assert show_until(6 * 3600.0, 360.0, day, quiet) == pytest.approx(6 * 3600.0 + 360.0)
    for t in (0.0, 3000.0, 20000.0, 80000.0):  # show_until inverts show_weight
        b = 5000.0
        assert show_weight(t, show_until(t, b, 2 * day, quiet), quiet) == pytest.approx(b)


def test_the_loop_chapter_passes_its_first_night_fast_and_the_map_says_so() -> None:
    from sim.game.scenes.story_cities import StoryCities
    from sim.text.i18n import Translator
    from sim.text.ui import UI

    chapter = next(c for c in CHAPTERS if c.id == "loop")
    runner = ChapterRunner(chapter)
    runner.prepare()
    runner.advance(0.01)  # a hundredth of a second of twelve: in the first night
    model = runner.models["open"]
    assert runner.quiet_now("open")
    shown_hours = (model.t - model.t0) / 3600.0
    # uniform pace would show 120 h x 0.01 / 12 = 0.1 h; a quiet night goes ten times as fast
    total = show_weight(model.t0, model.end_t, chapter.runs[0].quiet)
    assert shown_hours == pytest.approx(total * 0.01 / 12 / QUIET_PACE / 3600.0, abs=0.02)
    ui = UI.__new__(UI)
    ui.i18n = Translator("en")  # skip_notes needs only the words
    cities = StoryCities(ui)
    cities.runner = runner
    assert cities.skip_notes("open", model) == ["23:00–04:00 shown fast: the city is asleep."]
    while runner.quiet_now("open"):
        runner.advance(0.01)
    assert 4 <= (model.t % 86400) / 3600.0 < 5
    assert cities.skip_notes("open", model) == []


def test_cardiffs_map_says_what_it_skipped() -> None:
    from sim.game.scenes.story_cities import StoryCities
    from sim.text.i18n import Translator
    from sim.text.ui import UI

    chapter = next(c for c in CHAPTERS if c.id == "crowd")
    runner = ChapterRunner(chapter)
    runner.prepare()
    ui = UI.__new__(UI)
    ui.i18n = Translator("en")
    cities = StoryCities(ui)
    cities.runner = runner
    model = runner.models["final"]
    assert cities.skip_notes("final", model) == ["Skipped 00:00–16:00: nobody at the stadium yet."]


def test_stacked_maps_are_large_with_their_notes_beside_the_city_never_over_it() -> None:
    """Chapter 4's two maps: "Skipped…/Showing N of M people" sits beside each city.

    Drawn over the map's lower edge, the note hid the lower districts; with a
    header above and a note below, each map was 460x300 px, too small to read
    (issue 11). Each map now takes its whole share of the panel's height.
    """
    import pygame

    from sim.game.scenes.story_cities import StoryCities
    from sim.game.scenes.story_layout import LEFT
    from sim.model import Model
    from sim.text.ui import UI
    from tests.helpers import params

    pygame.font.init()
    ui = UI.create("en")
    cities = StoryCities(ui)
    shown = [(name, Model(params(people=30_000, hours=1), seed=1)) for name in ("low", "high")]
    cities.bind(shown)
    surface = pygame.Surface((1920, 1080))
    surface.fill((0, 0, 0))
    cities.draw(surface, lambda name: name)
    background = surface.unmap_rgb(surface.map_rgb(ui.theme.ui("background")))
    cities_drawn = []
    for name, view in cities.views.items():
        assert view.total_people > view.sample.size  # so each map has its "Showing" note
        city = view.map_rect.move(view.area.topleft)
        cities_drawn.append(city)
        # more than half the panel's width, and nearly half its height, each
        assert city.width > LEFT.width // 2 and city.height > (LEFT.height - 100) // 2
        # no note box (the background colour) across the city's rectangle
        rows = [
            y
            for y in range(city.top, city.bottom)
            if surface.get_at((city.centerx, y)) == background
            and surface.get_at((city.left + 3, y)) == background
            and surface.get_at((city.right - 4, y)) == background
        ]
        assert not rows, (name, city, rows[:3])
        side = cities.sides[name]
        assert not side.colliderect(city) and side.right <= LEFT.right
        # the column beside the map has its name, clock and note: text in its lower half too
        note = pygame.Rect(side.x, side.y + 120, side.width, side.height // 2 - 60)
        assert pygame.mask.from_threshold(
            surface.subsurface(note), (255, 255, 255), (120, 120, 120, 255)
        ).count(), name
    assert not cities_drawn[0].colliderect(cities_drawn[1])
