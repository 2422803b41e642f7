"""Broken theme, missing font, missing text: the game goes on and says so once."""

from __future__ import annotations

import pygame
import pytest

from sim import notices
from sim.text.fonts import FontBook, TextCache
from sim.text.i18n import Translator
from sim.text.theme import DEFAULTS, load_theme, parse_color


@pytest.fixture(autouse=True)
def fresh_notices():
    notices.forget()
    pygame.font.init()
    yield
    notices.forget()


def _lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def test_broken_theme_file_falls_back_with_one_message(tmp_path, capsys) -> None:
    bad = tmp_path / "theme.toml"
    bad.write_text("[ui\nbackground = ")
    theme = load_theme(bad)
    assert theme.ui("background") == parse_color(DEFAULTS["ui"]["background"])
    load_theme(bad)  # a second load must not repeat the message
    lines = _lines(capsys)
    assert len(lines) == 1 and "theme" in lines[0] and str(bad) in lines[0]


def test_bad_theme_value_falls_back_with_one_message(tmp_path, capsys) -> None:
    path = tmp_path / "theme.toml"
    path.write_text('[ui]\ntext = "blue-ish"\n[sizes]\nbody = "huge"\n')
    theme = load_theme(path)
    for _ in range(3):
        assert theme.ui("text") == parse_color(DEFAULTS["ui"]["text"])
        assert theme.size("body") == DEFAULTS["sizes"]["body"]
    lines = _lines(capsys)
    assert len(lines) == 2
    assert any("ui.text" in line for line in lines) and any("sizes.body" in line for line in lines)


def test_missing_theme_file_is_one_message(tmp_path, capsys) -> None:
    load_theme(tmp_path / "nope.toml")
    assert len(_lines(capsys)) == 1


def test_missing_font_falls_back_to_default_font(tmp_path, capsys) -> None:
    fonts = FontBook(load_theme(), font_dir=tmp_path)
    text = TextCache(fonts)
    for size in (20, 24, 32):
        surf = text.render("Alerts 240", size, (255, 255, 255))
        assert surf.get_width() > 20
    assert fonts.fallback
    lines = _lines(capsys)
    assert len(lines) == 1 and "font" in lines[0]


def test_shipped_font_and_licence_are_there() -> None:
    from sim.paths import FONTS

    assert (FONTS / "AtkinsonHyperlegible-Regular.ttf").is_file()
    assert (FONTS / "AtkinsonHyperlegible-Bold.ttf").is_file()
    assert "Open Font License" in (FONTS / "OFL.txt").read_text()


def test_missing_text_key_is_visible_and_reported_once(capsys) -> None:
    tr = Translator("en")
    assert tr.tr("no.such.key") == "⟦no.such.key⟧"
    assert tr.tr("no.such.key") == "⟦no.such.key⟧"
    lines = _lines(capsys)
    assert len(lines) == 1 and "no.such.key" in lines[0]


def test_unknown_language_keeps_english(capsys) -> None:
    tr = Translator("xx-nope")
    assert tr.lang == "en"
    assert tr.tr("top.pause") == "Pause"
    assert len(_lines(capsys)) == 1


def test_numbers_and_plurals_follow_the_language(tmp_path) -> None:
    (tmp_path / "en.toml").write_text(
        '[n]\nhello = "Hello {who}"\n[n.people]\none = "{n} person"\nother = "{n} people"\n'
    )
    (tmp_path / "de.toml").write_text('[n]\nhello = "Hallo {who}"\n')
    tr = Translator("en", folder=tmp_path)
    assert tr.tr_n("n.people", 1) == "1 person"
    assert tr.tr_n("n.people", 12345) == "12,345 people"
    assert tr.compact(1.2e11) == "120B"
    assert tr.set_language("de")
    assert tr.tr("n.hello", who="Ana") == "Hallo Ana"
    assert tr.num(1234567) == "1.234.567"
    assert tr.tr_n("n.people", 2) == "2 people"  # falls back to English text


def test_every_key_the_game_uses_exists_in_english() -> None:
    """Render every scene once and check no ⟦key⟧ fallback was needed."""
    from tests.test_game_support import make_app

    notices.forget()
    app = make_app()
    app.session.model.run(hours=12)
    scene = app.scenes[-1]
    scene.refresh()
    app.frame(1 / 60)
    app.open("results")
    app.frame(1 / 60)
    app.pop()
    scene.open_picker()
    app.frame(1 / 60)
    app.pop()
    app.open("title", replace=True)
    app.frame(1 / 60)
    missing = [k for k in notices._seen if k.startswith("key:")]
    assert missing == []


def test_language_switch_at_runtime_redraws_texts(tmp_path) -> None:
    from sim.paths import LOCALES
    from tests.test_game_support import make_app

    (tmp_path / "en.toml").write_text((LOCALES / "en.toml").read_text())
    (tmp_path / "de.toml").write_text('[top]\npause = "Anhalten"\n')
    app = make_app()
    scene = app.scenes[-1]
    app.ui.i18n = Translator("en", folder=tmp_path)
    pause = next(w for w in scene.top_widgets if w.name == "pause")
    app.session.paused = False
    app.frame(1 / 60)
    assert pause.label() == "Pause"
    seen = scene.seen_language
    assert app.ui.i18n.set_language("de")
    app.frame(1 / 60)
    assert pause.label() == "Anhalten"
    assert scene.seen_language != seen  # cached panels were redrawn
    assert app.ui.i18n.num(1234567) == "1.234.567"


def test_damaged_font_falls_back_to_default_font(tmp_path, capsys) -> None:
    """A cut-off font opens in pygame and fails on the first draw: found at load instead."""
    from sim.paths import FONTS

    for name in ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf"):
        (tmp_path / name).write_bytes((FONTS / name).read_bytes()[:100])
    fonts = FontBook(load_theme(), font_dir=tmp_path)
    text = TextCache(fonts)
    for bold in (False, True):
        assert text.render("Alerts 240", 24, (255, 255, 255), bold).get_width() > 20
    assert fonts.fallback
    lines = _lines(capsys)
    assert len(lines) == 2 and all("damaged" in line for line in lines)


def test_theme_with_invalid_utf8_is_one_line_and_the_built_in_theme(tmp_path, capsys) -> None:
    bad = tmp_path / "theme.toml"
    bad.write_bytes(b'[ui]\nbackground = "#000000" # caf\xe9\n')
    theme = load_theme(bad)
    assert theme.ui("background") == parse_color(DEFAULTS["ui"]["background"])
    lines = _lines(capsys)
    assert len(lines) == 1 and "not UTF-8" in lines[0] and str(bad) in lines[0]


def test_damaged_english_part_shows_keys_with_one_line_not_one_per_key(tmp_path, capsys) -> None:
    from sim.paths import LOCALES

    for name in (
        "en.toml",
        "kiosk.en.toml",
        "glossary.en.toml",
        "detectors.en.toml",
        "chapter9.en.toml",
    ):
        (tmp_path / name).write_text((LOCALES / name).read_text())
    (tmp_path / "story.en.toml").write_bytes(b"x = " + b"[" * 5000 + b"]" * 5000)
    tr = Translator("en", folder=tmp_path)
    assert tr.tr("top.pause") == "Pause"
    for key in ("story.one.title", "story.one.intro", "about.cases"):
        assert tr.tr(key) == f"⟦{key}⟧"
    lines = _lines(capsys)
    assert len(lines) == 1 and "story.en.toml" in lines[0] and "nested" in lines[0]


def test_a_deleted_part_file_is_reported_by_name(tmp_path, capsys) -> None:
    from sim.paths import LOCALES

    for name in (
        "en.toml",
        "story.en.toml",
        "glossary.en.toml",
        "detectors.en.toml",
        "chapter9.en.toml",
        "de.toml",
        "story.de.toml",
        "kiosk.de.toml",
        "glossary.de.toml",
        "detectors.de.toml",
        "chapter9.de.toml",
    ):
        (tmp_path / name).write_text((LOCALES / name).read_text())
    tr = Translator("de", folder=tmp_path)
    assert tr.lang == "de" and tr.tr("kiosk.attract.1").startswith("Eine Kamera")
    assert tr.tr("kiosk.no.such") == "⟦kiosk.no.such⟧"  # explained by the line, not per key
    lines = _lines(capsys)
    assert len(lines) == 1 and "kiosk.en.toml" in lines[0] and "missing" in lines[0]


def test_the_story_leaves_a_damaged_chapter_out_only_when_asked(tmp_path) -> None:
    from sim.story.chapters import STORY_DIR, StoryError, load_story

    for path in STORY_DIR.glob("*.toml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "05-groups.toml").write_bytes(b"\xff\xfe garbage")
    with pytest.raises(StoryError, match="05-groups.toml"):
        load_story(tmp_path, check_params=False)
    said: list[str] = []
    chapters = load_story(tmp_path, check_params=False, on_broken=said.append)
    assert [c.order for c in chapters] == [1, 2, 3, 4, 6, 7, 8, 9, 9, 9]
    assert len(said) == 1 and "05-groups.toml" in said[0]
    (tmp_path / "05-groups.toml").unlink()
    said.clear()
    load_story(tmp_path, check_params=False, on_broken=said.append)
    assert len(said) == 1 and "order 5" in said[0]


def test_no_published_figures_means_no_case_cards(tmp_path, monkeypatch, capsys) -> None:
    from sim.game.scenes.about_data import about_cases
    from sim.story import cases

    monkeypatch.setattr(cases, "REAL_WORLD", tmp_path / "real_world.toml")
    cases.real_world.cache_clear()
    try:
        assert about_cases() == [] and cases.arrests() == []
        assert cases.case_values(["cardiff_2017"]) == {}
    finally:
        cases.real_world.cache_clear()
    lines = _lines(capsys)
    assert len(lines) == 1 and "real_world.toml" in lines[0] and "missing" in lines[0]
