"""Every language has every text, the same placeholders, its plural forms,
and the shipped fonts draw every character the texts use."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pygame
import pytest
from babel.core import Locale

from sim.paths import FONTS, LOCALES
from sim.scenario import list_scenarios
from sim.text.i18n import PLURAL_FORMS, Translator, available_languages, load_strings
from sim.text.theme import load_theme

LANGS = ("en", "es", "fr", "de")
PLACEHOLDER = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


@cache
def strings(lang: str) -> dict[str, Any]:
    return load_strings(lang)


def placeholders(value: Any) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in PLACEHOLDER.findall(str(text))}


def test_the_game_offers_exactly_the_four_languages() -> None:
    assert available_languages() == sorted(LANGS)
    for lang in LANGS:
        for part in ("", "story.", "kiosk."):
            assert (LOCALES / f"{part}{lang}.toml").is_file(), f"{part}{lang}.toml"


@pytest.mark.parametrize("lang", LANGS[1:])
def test_every_key_is_translated_with_the_same_placeholders(lang: str) -> None:
    en, other = strings("en"), strings(lang)
    missing = sorted(set(en) - set(other))
    assert not missing, f"{lang} lacks {missing[:10]}"
    extra = sorted(k for k in set(other) - set(en) if not k.startswith("scenario."))
    assert not extra, f"{lang} has keys English does not: {extra[:10]}"
    for key, value in en.items():
        assert placeholders(other[key]) == placeholders(value), (lang, key)
        assert isinstance(other[key], dict) == isinstance(value, dict), (lang, key)


@pytest.mark.parametrize("lang", LANGS)
def test_plural_tables_have_every_form_the_language_needs(lang: str) -> None:
    needed = set(Locale.parse(lang).plural_form.tags) | {"other"}
    for key, value in strings(lang).items():
        if isinstance(value, dict):
            assert set(value) <= set(PLURAL_FORMS), (lang, key)
            assert needed <= set(value), (lang, key, sorted(needed - set(value)))


@pytest.mark.parametrize("lang", LANGS[1:])
def test_scenarios_are_translated_with_all_their_assumptions(lang: str) -> None:
    s = strings(lang)
    for scn in list_scenarios():
        for field in ("title", "summary", "description"):
            assert f"scenario.{scn.name}.{field}" in s, (lang, scn.name, field)
        for i in range(1, len(scn.assumptions) + 1):
            assert f"scenario.{scn.name}.assumption.{i}" in s, (lang, scn.name, i)
        assert f"scenario.{scn.name}.assumption.{len(scn.assumptions) + 1}" not in s


def test_every_case_card_and_figure_has_words() -> None:
    from sim.game.scenes.about_data import about_cases
    from sim.story.cases import arrests

    en = strings("en")
    for case in about_cases():
        assert f"case.{case.id}.title" in en and f"case.{case.id}.what" in en, case.id
        for field, _value in case.figures:
            assert f"figure.{field}" in en, (case.id, field)
    for a in arrests():
        if a.note:
            assert f"arrests.note.{a.slug}" in en, a.name


def test_numbers_and_plurals_follow_the_language() -> None:
    assert Translator("de").num(1234567) == "1.234.567"
    assert Translator("es").num(12345.5, 1) == "12.345,5"
    assert Translator("fr").num(1234567) == "1\u202f234\u202f567"
    assert Translator("en").tr_n("story.n.hours", 1) == "1 hour"
    assert Translator("de").tr_n("story.n.hours", 2) == "2 Stunden"
    assert Translator("fr").tr_n("story.n.false_alerts", 0) == "0 fausse alerte"  # 0 is singular
    assert Translator("es").tr_n("story.n.billion", 30) == "30 mil millones"


def _all_text() -> str:
    out = []
    for lang in LANGS:
        for value in strings(lang).values():
            out.extend(value.values() if isinstance(value, dict) else [str(value)])
    for path in Path(LOCALES).glob("*.toml"):  # comments aside, anything a file may show
        tomllib.loads(path.read_text(encoding="utf-8"))
    return "".join(out)


@pytest.mark.parametrize("bold", [False, True])
def test_the_shipped_font_draws_every_character_the_texts_use(bold: bool) -> None:
    """A missing glyph renders as the font's .notdef box: compare pixels against it."""
    pygame.font.init()
    theme = load_theme()
    font = pygame.font.Font(FONTS / theme.text("fonts", "bold" if bold else "regular"), 30)

    def pixels(ch: str) -> bytes:
        return pygame.image.tobytes(font.render(ch, True, (255, 255, 255), (0, 0, 0)), "RGB")

    notdef = pixels("\ue000")  # a private-use character no font maps
    used = sorted(set(_all_text()) - {"\n"})
    missing = [c for c in used if not c.isspace() and pixels(c) == notdef]
    assert not missing, [f"U+{ord(c):04X} {c}" for c in missing]
    for space in {c for c in used if c.isspace()}:  # a missing space would draw a box
        assert pixels(space) != notdef, f"U+{ord(space):04X}"


@pytest.mark.parametrize("lang", LANGS)
def test_story_buttons_fit_without_cutting_words(lang: str) -> None:
    """Fixed-size buttons: their words fit at the smallest size the widgets shrink to."""
    from sim.text.ui import UI

    pygame.font.init()
    ui = UI.create(lang)
    fixed = {
        "story.ui.back": 150,
        "story.ui.skip": 150,
        "story.ui.menu": 160,
        "story.ui.run": 420,
        "story.ui.show_now": 460,
        "story.ui.again": 280,
        "story.ui.case": 280,
        "story.ui.next": 280,
        "story.ui.play": 280,
        "story.ui.finish": 300,
        "story.ui.to_sandbox": 440,
        "story.ui.to_title": 440,
        "story.challenge.run_day": 432,
        "story.challenge.reset": 432,
        "menu.story": 560,
        "menu.sandbox": 380,
        "menu.about": 380,
        "about.cases": 360,
        "about.arrests": 360,
        "about.model": 360,
        "about.close": 200,
        "about.previous": 260,
        "about.next": 260,
    }
    smallest = ui.theme.size("label") - 6
    for key, width in fixed.items():
        text = ui.tr(key)
        assert ui.text.width(text, smallest, True) <= width - 16, (lang, key, text)
