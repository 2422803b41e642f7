"""Chapter 6 while it runs: four numbers in a chain, not the sandbox's ten counters.

Issue 11 saw the chapter's run screen show ten counters at once and lose the
student. It now shows alerts, those operators confirmed, stops of innocent
people and hours held, each read from the run at that moment, with the reason
stops are fewer than confirmed alerts (the officers) said between them.
"""

from __future__ import annotations

import pygame

from sim.game.scenes import story_views
from sim.game.text_audit import recording
from tests import screen_tour


def test_the_run_screen_draws_the_four_numbers_of_the_run_and_no_other_counter() -> None:
    app = screen_tour.start_chapter_run("humans")
    flow = app.top.flow
    model = None
    ui = app.top.ui
    drawn: list[str] = []
    for _ in range(900):  # a frame that draws the chain once the day has stopped people
        with recording() as audit:
            app.frame(1 / 60)
            drawn = [d.text for d in audit.draws]
        model = flow.runner.model(flow.chapter.runs[0].name) if flow.runner else None
        stopped = model is not None and model.summary()["totals"]["wrongful_stops"] >= 3
        if stopped and ui.tr("story.view.confirmed") in drawn:
            break
    assert model is not None and not flow.runner.done, "the chain was never drawn mid-run"
    totals = model.summary()["totals"]
    measured = flow.runner.measured()
    hours = measured.get(flow.chapter.view.keys[1], 0)
    numbers = [totals["alerts"], totals["confirmed"], totals["wrongful_stops"], hours]
    assert numbers[0] >= numbers[1] >= 1 and numbers[2] >= 3
    for (key, _color), n in zip(story_views.CHAIN, numbers, strict=True):
        i = drawn.index(ui.tr(key))
        assert drawn[i - 1] == str(story_views.fmt_value(ui.i18n, n)), (key, drawn[i - 1], n)
    officers = ui.i18n.num(int(flow.chapter.runs[0].params().officers))
    note = ui.tr("story.view.officers_limit", officers=officers)
    assert note.split()[0] in drawn[drawn.index(ui.tr(story_views.CHAIN[1][0])) + 1]
    # none of the sandbox tree's other counters
    others = ("faces", "wanted", "innocent", "found", "detained")
    for key in (f"funnel.{name}" for name in others):
        assert ui.tr(key) not in drawn, key
    pygame.display.quit()
