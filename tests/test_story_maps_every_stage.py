"""A chapter whose runs show cities shows a map in every stage, from its first frame.

Chapter 2 runs three cities one after another (100, 10,000 and 1 million
photos). The screen rebinds its maps when a stage ends; the next stage's
model did not exist yet at that moment, so the third city was never drawn and
the left half stayed blank for the rest of the run (seen on the museum's
short path, issue 11).
"""

from __future__ import annotations

from tests import screen_tour


def test_every_stage_of_a_city_chapter_draws_its_maps() -> None:
    app = screen_tour.start_chapter_run("watchlist")
    scene = app.top
    runner = scene.flow.runner
    shown: dict[int, set[str]] = {}
    for _ in range(5_000):
        if runner.done:
            break
        scene.update(1 / 60)  # what a frame advances (drawing it changes no map)
        if runner.done:
            break
        stage = runner.stage_i
        wanted = {r.name for r in runner.current if r.city}
        assert set(scene.cities.views) == wanted, (stage, sorted(scene.cities.views), wanted)
        shown.setdefault(stage, set()).update(scene.cities.views)
    assert runner.done
    city_stages = {r.stage for r in runner.chapter.runs if r.city}
    assert set(shown) >= {runner.stages.index(s) for s in city_stages}
