"""Readable from the back of the room, in every language (issue 12, item 6).

Every main screen (tests/screen_tour.py: title, picker, sandbox, results,
setup card, code entry, preferences, every About-the-data page, each story
chapter's question, run and explanation, the kiosk's attract loop) is drawn
in every language in a 1366x768 window (a classroom projector) with the
text audit recording each text the screens draw. Every screen is drawn on the
same 1920x1080 logical surface and scaled into the window as a whole, so a
1920x1080 display sees the very same texts one size larger: the floor below,
a share of the screen's height, gives the same verdict at both sizes, and one
size is drawn. A text fails if it reaches the screen smaller than 18 px
on a 1080-line screen (the same share of the height on a 768-line one:
12.8 px, the size the issue measured "Operators confirmed…" at 10), or if it
was cut with an ellipsis or shrunk to fit its box (a label that does not fit
is a layout or wording to fix, never type to make smaller), or if the font
has no glyph for one of its characters (drawn as an empty box).
"""

from __future__ import annotations

import pygame
import pytest

from sim.game.text_audit import TextDraw, recording
from sim.kiosk.settings import SETTINGS_ENV
from tests import screen_tour

LANGS = ("en", "es", "fr", "de")
SIZE = (1366, 768)
MIN_PX_AT_1080 = 18


@pytest.fixture(autouse=True)
def _each_story_run_once(story_runs_once) -> None:
    """A chapter's run finished in one language is reused, copied, in the next
    (and those the story's play test finished: tests/conftest.py)."""


@pytest.fixture(autouse=True)
def _clean_settings(tmp_path, monkeypatch) -> None:
    """Neither the machine's saved preferences nor a museum's kiosk file: the defaults."""
    from sim.game import preferences

    monkeypatch.setattr(preferences, "preferences_path", lambda: tmp_path / "prefs.toml")
    settings = tmp_path / "kiosk.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv(SETTINGS_ENV, str(settings))


def problems(draw: TextDraw, screen_h: int, logical_h: int) -> list[str]:
    """What is wrong with one drawn text on a screen `screen_h` lines high."""
    shown = draw.px * screen_h / logical_h  # the logical screen is scaled as a whole
    floor = MIN_PX_AT_1080 * screen_h / 1080
    out = []
    if shown < floor:
        out.append(f"{shown:.1f} px < {floor:.1f}")
    if draw.cut:
        out.append("cut")
    if draw.shrunk:
        out.append(f"shrunk {draw.wanted}->{draw.px}")
    if draw.missing:
        out.append(f"no glyph for {draw.missing!r}")
    return out


@pytest.mark.parametrize("tour", sorted(screen_tour.TOURS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_text_is_large_whole_and_unshrunk(lang: str, tour: str):
    size = SIZE
    app = screen_tour.make(size, lang)
    logical_h = app.logical.get_height()
    found: dict[str, list[str]] = {}
    seen = []
    with recording() as audit:
        for screen in screen_tour.TOURS[tour](app):
            assert audit.draws, f"{screen}: no text was drawn (is the audit installed?)"
            seen.append(screen)
            for draw in audit.draws:
                why = problems(draw, size[1], logical_h)
                if why:
                    found.setdefault(f"{screen}: {', '.join(why)}", []).append(draw.text)
            audit.clear()
    pygame.display.quit()
    assert seen, tour
    report = [f"{where}: {sorted(set(texts))}" for where, texts in sorted(found.items())]
    assert not report, f"{lang} {size}: " + "\n".join(report)


def _drawn(size: tuple[int, int]) -> list[tuple[str, list[TextDraw]]]:
    app = screen_tour.make(size, "en")
    out = []
    with recording() as audit:
        for screen in screen_tour.TOURS["main"](app):
            out.append((screen, list(audit.draws)))
            audit.clear()
    pygame.display.quit()
    return out


def test_a_1920x1080_screen_draws_the_very_texts_of_a_1366x768_one() -> None:
    """Why one window size is enough above: the same texts at the same logical sizes.

    At 1920x1080 the window is the logical screen itself (drawn directly, no
    scaling); at 1366x768 it is scaled. Every text, its size and whether it was
    cut or shrunk must be the same, so the floor (a share of the height) gives
    one verdict for both.
    """
    small, large = _drawn((1366, 768)), _drawn((1920, 1080))
    assert [s for s, _ in small] == [s for s, _ in large]
    for (screen, a), (_, b) in zip(small, large, strict=True):
        assert a == b, screen


def test_the_audit_sees_a_cut_and_a_shrunk_label() -> None:
    """The recorder is not blind: a label too long for its box is reported both ways."""
    from sim.text.ui import UI

    pygame.font.init()
    ui = UI.create("en")
    surf = pygame.Surface((400, 100))
    with recording() as audit:
        ui.blit_text(surf, "A label that cannot fit in forty pixels", (0, 0), "body", max_width=40)
        ui.blit_text(surf, "Fits", (0, 50), "body", max_width=400)
    cut, fits = audit.draws
    assert cut.cut and cut.shrunk and cut.px < ui.theme.size("body")
    assert not fits.cut and not fits.shrunk and fits.px == ui.theme.size("body")
    assert problems(cut, 768, 1080) and not problems(fits, 1080, 1080)
    with recording() as audit:
        ui.blit_text(surf, "80 → 99", (0, 0), "body")  # Atkinson has no arrow
    assert audit.draws[0].missing == "→"
