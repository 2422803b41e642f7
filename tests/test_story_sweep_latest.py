"""Chapter 5 while it runs: the other half of the screen says the newest result in words.

Issue 11: the right half was blank while the charts filled in, and the charts'
log axis is hard to read at 14. The panel gives the last finished threshold's
counts per group as natural frequencies ("x of every 10,000"), read from the
run, with bars on a plain scale.
"""

from __future__ import annotations

import pygame

from sim.game.scenes import story_views
from sim.game.text_audit import recording
from tests import screen_tour


def test_the_latest_point_is_drawn_in_words_from_the_run() -> None:
    app = screen_tour.start_chapter_run("groups")
    flow = app.top.flow
    ui = app.top.ui
    with recording() as audit:
        app.frame(1 / 60)
        first = [d.text for d in audit.draws]
    assert ui.tr("story.sweep.latest") in first and ui.tr("story.sweep.waiting") in first
    point = None
    for _ in range(3000):  # until two thresholds are done (the second moves the panel on)
        app.frame(1 / 60)
        point = story_views.latest_sweep_point(app.top.view_context())
        if point is not None and point[1] > flow.chapter.runs[0].params().threshold:
            break
    assert point is not None and not flow.runner.done
    with recording() as audit:
        app.frame(1 / 60)
        drawn = " ".join(d.text for d in audit.draws)
    base, threshold, rates = story_views.latest_sweep_point(app.top.view_context())
    model = flow.runner.models[f"{base}@{threshold:g}"]
    groups = model.summary()["groups"]
    for g, rate in rates.items():
        innocent = groups[g]["people"] - groups[g].get("wanted_present", 0)
        assert rate > 0 and innocent > 0
        shown = ui.tr("story.sweep.group", name=g, n=ui.i18n.num(round(rate)))
        assert shown in drawn, (shown, drawn)
    assert rates["B"] > rates["A"]  # the biased system, as the chapter says
    pygame.display.quit()


def test_the_ratio_over_a_chart_is_drawn_once_its_thresholds_have_all_run(monkeypatch) -> None:
    """ "B is flagged x5.6 to 7.1 as often" grew to "x5.6 to 8.3" while it ran (issue 11).

    The same for the charts' points: a threshold still being computed has a
    partial rate, and none at first (which drew the "nobody was flagged" mark);
    a point is drawn once its threshold has run, as of when the numbers were read.
    """
    app = screen_tour.start_chapter_run("groups")
    flow = app.top.flow
    ui = app.top.ui
    before = ui.tr("story.view.ratio", n="").split("×")[0]  # "B is flagged "
    chart = flow.chapter.view.keys[0]
    runs = [r for r in flow.chapter.runs if r.name.startswith(chart + "@")]
    sweep = [r.name for r in flow.chapter.runs if "@" in r.name]
    markers: list[str] = []
    monkeypatch.setattr(story_views, "_marker", lambda surf, g, *rest: markers.append(g))
    panel = pygame.Surface((960, 884))
    seen_while_running = []
    for _ in range(600):
        for _ in range(9):  # advance nine frames, draw the tenth (a ratio, once shown, stays)
            app.top.update(1 / 60)
        ctx = app.top.view_context()
        markers.clear()
        with recording() as audit:
            story_views.draw_view(panel, panel.get_rect(), ctx)
        final = set(sweep) if ctx.done else flow.runner.measured_final
        assert len(markers) == 2 * len(final & set(sweep)), (len(markers), sorted(final))
        ratios = [d.text for d in audit.draws if d.text.startswith(before)]
        models = [flow.runner.model(r.name) for r in runs]
        complete = all(m is not None and m.finished for m in models)
        if not complete:
            seen_while_running += ratios
        elif ratios:
            break
    assert not seen_while_running, seen_while_running
    assert complete and ratios, "the first chart's ratio is drawn once it is complete"
    pygame.display.quit()
