"""About the data: every case card, the wrongful arrests and the model's limits draw;
the simulation is shown beside a published outcome, computed without freezing."""

from __future__ import annotations

import pygame
import pytest

from sim.game.app import Options, build_app
from sim.game.scenes.about_data import AboutDataScene, about_cases, format_figure, held_text


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_card_and_tab_draws(lang: str) -> None:
    pygame.display.quit()
    app = build_app(Options(frames=1, lang=lang), start="title")
    assert app.open("about")
    scene = app.top
    assert isinstance(scene, AboutDataScene)
    for _ in range(len(scene.cases)):
        app.frame(1 / 60)
        scene.step(1)
    for tab in ("arrests", "model"):
        scene.show(tab)
        app.frame(1 / 60)
    scene.close.action()  # back to the title it was opened from
    assert app.top is not scene
    pygame.display.quit()


def test_the_card_of_a_calibrated_case_shows_the_simulated_outcome() -> None:
    pygame.display.quit()
    app = build_app(Options(frames=1), start="title")
    app.open("about", case="aclu_congress_2018")
    scene = app.top
    scn = scene.calibrated(scene.cases[scene.index])
    assert scn is not None and scn.name == "aclu-2018"
    for _ in range(400):
        app.frame(1 / 60)
        if scn.name in scene.simulated:
            break
    totals = scene.simulated[scn.name]
    assert set(scn.outcome) <= set(totals)
    pygame.display.quit()


def test_figures_and_detention_times_read_naturally() -> None:
    from sim.text.ui import UI

    pygame.font.init()
    ui = UI.create("en")
    assert format_figure(ui, 0.92) == "92%"
    assert format_figure(ui, 0.001) == "1 in 1,000"
    assert format_figure(ui, [10, 100]) == "10 to 100"
    assert held_text(ui, 240) == "held 10 days"
    assert held_text(ui, 60) == "held 60 hours"  # 2.5 days is not rounded to days
    assert len(about_cases()) >= 10
