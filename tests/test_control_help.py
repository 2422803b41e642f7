"""Every sandbox control has a one-line explanation, in every language, shown on a tap.

Issue 12 item 7: "a one-line explanation on every control (tap or hover,
never hover-only)". The line is read back from what the screen drew (the
text audit), so a line that exists in the file but never reaches the screen
fails too.
"""

from __future__ import annotations

import pygame
import pytest

from sim.game.controls import CONTROLS
from sim.game.text_audit import recording
from sim.game.widgets import LABEL_H
from sim.text.i18n import Translator
from tests import screen_tour

LANGS = ("en", "es", "fr", "de")


@pytest.fixture(autouse=True)
def _no_saved_preferences(tmp_path, monkeypatch) -> None:
    from sim.game import preferences

    monkeypatch.setattr(preferences, "preferences_path", lambda: tmp_path / "prefs.toml")


@pytest.mark.parametrize("lang", LANGS)
def test_every_control_has_its_own_line_in_every_language(lang: str) -> None:
    tr = Translator(lang)
    english = Translator("en")
    lines = {}
    for c in CONTROLS:
        key = "help." + c.label.split(".", 1)[1]
        assert tr.has(key), f"{lang}: no {key} for the {c.key} control"
        lines[c.key] = tr.tr(key)
        assert lines[c.key] != tr.tr(c.label), f"{lang} {key} only repeats the label"
        if lang != "en":
            assert lines[c.key] != english.tr(key), f"{lang} {key} is not translated"
    assert len(set(lines.values())) == len(lines), "two controls share one explanation"


@pytest.mark.parametrize("lang", LANGS)
def test_tapping_a_controls_name_shows_its_line_and_changes_nothing(lang: str) -> None:
    app = screen_tour.make((1366, 768), lang, start="sandbox")
    scene = app.top
    tr = app.ui.i18n
    for w in scene.controls:
        assert w.help, f"{w.name} has no explanation"
        before = _values(scene.controls)
        with recording() as audit:
            # the name's row, above the slider, arrows or opener box (a toggle's name is
            # beside its switch: a tap there switches it, and explains it too)
            if type(w).__name__ == "Toggle":
                w.set(not w.get())  # undone by the tap below
                point = w.rect.center
            else:
                point = (w.rect.x + 4, w.rect.y + LABEL_H // 2)
            screen_tour.click(app, point)
            app.frame(1 / 60)
            drawn = " ".join(d.text for d in audit.draws)
        line = tr.tr(w.help)
        first_words = " ".join(line.split()[:3])
        assert first_words in drawn, f"{lang} {w.name}: {line!r} was not drawn"
        assert _values(scene.controls) == before, f"{w.name}: the tap changed a setting"
        assert app.top is scene, f"{w.name}: the tap opened {app.top}"
    pygame.display.quit()


def _values(controls: list) -> list:
    return [w.get() for w in controls if hasattr(w, "get")]


def test_the_keyboard_focus_shows_the_line_without_a_pointer() -> None:
    app = screen_tour.make((1366, 768), "en", start="sandbox")
    scene = app.top
    target = next(w for w in scene.controls if w.name == "threshold")
    scene.focus.index = scene.focus.widgets.index(target)
    scene.focus.visible = True
    app.frame(1 / 60)
    assert scene.help.text() == app.ui.tr("help.threshold")
    pygame.display.quit()
