"""Chapter 8 while its six days run: a row shows its counts only once its day is over.

The days are computed a slice per frame; a row used to show the counts of a
day still being computed, so a bar "finished" at 71 grew to 263 (issue 11).
The panel beside the rows says how to read them, how many days are done,
and what the newest finished day found, from the run.
"""

from __future__ import annotations

import re

import pygame

from sim.game.scenes import story_views
from sim.game.scenes.story_layout import LEFT
from sim.game.text_audit import recording
from tests import screen_tour


def test_a_row_shows_only_its_final_counts_and_the_panel_says_the_latest() -> None:
    app = screen_tour.start_chapter_run("policy")
    scene = app.top
    flow = scene.flow
    ui = scene.ui
    label = ui.tr("story.view.stopped")
    pattern = re.compile(re.escape(label) + r": ([\d,]+)$")
    shown: list[list[int]] = []
    latest_seen = 0
    panel = pygame.Surface(LEFT.size)
    for _ in range(2000):
        if flow.runner.done:
            break
        for _ in range(5):  # five frames of the run, then what the two panels would draw
            scene.update(1 / 60)
        ctx = scene.view_context()
        with recording() as audit:
            story_views.draw_view(panel, panel.get_rect(), ctx)
            story_views.draw_levers_latest(panel, panel.get_rect(), ctx)
        texts = [d.text for d in audit.draws]
        values = [int(m.group(1).replace(",", "")) for t in texts if (m := pattern.match(t))]
        shown.append(values)
        latest = story_views.latest_lever(ctx)
        if latest is not None and not flow.runner.done:
            key, stopped, found, done = latest
            assert done == len(values), (done, values)
            assert values[-1] == stopped
            name = ui.tr(f"story.policy.run.{key}", **scene.values)
            sentence = ui.tr(
                "story.levers.latest",
                name=name,
                stopped=ui.i18n.num(stopped),
                found=ui.i18n.num(found),
            )
            assert sentence.split(".")[0] in " ".join(texts), (sentence, texts)
            latest_seen = max(latest_seen, done)
    assert flow.runner.done and latest_seen >= 2  # the panel was seen with days done
    final = [int(flow.measured()[f"{k}_innocent_stopped"]) for k in flow.chapter.view.keys]
    for values in shown:  # every frame: the finished rows' final counts, nothing partial
        assert values == final[: len(values)], (values, final)
    pygame.display.quit()
