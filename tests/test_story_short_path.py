"""The museum's short path (chapters 2, 3 and 5) stands on its own.

A visitor who touches the kiosk starts at chapter 2: its first words must
not lean on a chapter they never saw ("Same system, same mistake" did), and
the closing word must speak of what the path showed. It shows flags, never a
stop, so it ends "still flags innocent people", where the whole story ends
"still stops innocent people".
"""

from __future__ import annotations

import pytest

from sim.game.text_audit import recording
from tests import screen_tour

#: phrases that point back to an earlier chapter, per language
BACK_REFERENCES = {
    "en": ("same system", "as before", "last chapter", "earlier"),
    "es": ("mismo sistema", "como antes", "capítulo anterior"),
    "fr": ("même système", "comme avant", "chapitre précédent"),
    "de": ("dasselbe system", "wie vorher", "letzten kapitel"),
}


@pytest.mark.parametrize("lang", sorted(BACK_REFERENCES))
def test_the_first_chapter_of_the_short_path_leans_on_no_earlier_one(lang: str) -> None:
    app = screen_tour.make((1366, 768), lang)
    app.open("story", replace=True, short=True)
    with recording() as audit:
        screen_tour.settle(app, 2)
    flow = app.top.flow
    assert flow.short and flow.index == 0 and flow.chapter.order == 2
    drawn = " ".join(d.text for d in audit.draws).lower()
    intro = app.top.tr(flow.chapter.key("intro")).lower()
    assert intro[:30] in drawn  # the intro is what the screen shows first
    assert not [p for p in BACK_REFERENCES[lang] if p in intro], intro


@pytest.mark.parametrize("short", [True, False])
def test_the_closing_word_speaks_of_what_the_path_showed(short: bool) -> None:
    app = screen_tour.make((1366, 768), "en")
    app.open("story", replace=True, short=short)
    screen_tour.settle(app, 2)
    scene = app.top
    scene.flow.jump(len(scene.flow.path) - 1)
    scene.flow.next()
    with recording() as audit:
        screen_tour.settle(app, 2)
    drawn = " ".join(d.text for d in audit.draws)
    assert ("still flags innocent people" in drawn) is short, drawn
    assert ("still stops innocent people" in drawn) is not short, drawn
