"""The layouts that make room for words, checked for every language and situation.

tests/test_text_fits.py draws the tour's screens (one situation, the city);
these check the rules behind them for every situation and every language:
the sandbox's top bar holds each button's longest label and each situation's
title (whole or its short form) at full size, the map's key keeps every word
whole in rows that fit, and a hyphenated word wraps after its hyphen.
"""

from __future__ import annotations

import pygame
import pytest

from sim.game import layout as L
from sim.game.city_view import STATE_NAMES, legend_height, legend_rows
from sim.text.ui import UI
from tests import screen_tour

LANGS = ("en", "es", "fr", "de")


@pytest.mark.parametrize("lang", LANGS)
def test_the_top_bar_holds_every_label_and_every_title_at_full_size(lang: str) -> None:
    app = screen_tour.make((1366, 768), lang, start="sandbox")
    scene = app.top
    ui = scene.ui
    buttons = {w.name: w for w in scene.top_widgets}
    for name, texts in scene._top_labels().items():
        room = buttons[name].rect.width - 16  # what Button.draw gives its words
        for text in texts:
            assert ui.text.width(text, "label", True) <= room, (lang, name, text)
    room = scene.top_left_width - 16
    for scn in app.playable_scenarios():
        assert scene.session.switch_scenario(scn.name), scn.name
        title = scene.bar_title()
        assert ui.text.width(title, "large", True) <= room, (lang, scn.name, title)
    pygame.display.quit()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [L.CITY.width, 420])
def test_the_map_key_keeps_every_word_whole_in_rows_that_fit(lang: str, width: int) -> None:
    pygame.font.init()
    ui = UI.create(lang)
    rows = legend_rows(ui, width, 14)
    assert [name for row in rows for name, _w, _px in row] == list(STATE_NAMES)
    for row in rows:
        words = [word for _n, word, _px in row]
        assert all(word == ui.tr(f"state.{name}") for name, word, _px in row)
        used = sum(px for *_n, px in row) + 18 * (len(row) - 1)
        assert used <= width - 14 or len(row) == 1, (lang, words)
    assert legend_height(ui, width, 14) == len(rows) * ui.text.line_height("small") + 8


def test_a_hyphenated_word_wraps_after_its_hyphen() -> None:
    pygame.font.init()
    ui = UI.create("fr")
    word = "Caméras-piétons"
    room = ui.text.width("Caméras-piétons", "body") - 10  # too narrow for the whole word
    assert ui.text.wrap(word, "body", room) == ["Caméras-", "piétons"]
