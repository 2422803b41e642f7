"""The "Enter a code" screen: a student types the teacher's code and gets the teacher's city."""

from __future__ import annotations

import pygame

from sim.setup_code import Setup, encode
from tests.test_game_support import click, key, make_app


def _type(app, text: str) -> None:
    for ch in text:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=ord(ch.lower()), mod=0, unicode=ch, scancode=0)
        )
        app.frame(1 / 60)


def _key_centre(app, name: str) -> tuple[int, int]:
    (button,) = [w for w in app.top.focus.widgets if w.name == name]
    return button.rect.center


def test_title_opens_the_code_screen_and_a_code_opens_its_city() -> None:
    app = make_app(start="title")
    click(app, _key_centre(app, "code"))
    assert type(app.top).__name__ == "CodeEntryScene"
    code = encode(Setup("aclu-2018", 12, (("threshold", "90"), ("people", "535"))))
    for ch in code.replace("-", ""):
        click(app, _key_centre(app, f"key:{ch}"))  # on the on-screen keyboard, by touch
    click(app, _key_centre(app, "open"))
    assert type(app.top).__name__ == "SandboxScene"
    session = app.session
    assert (session.scenario_name, session.seed) == ("aclu-2018", 12)
    assert session.model.params.threshold == 90.0


def test_wrong_letters_are_explained_and_nothing_is_opened() -> None:
    app = make_app(start="code")
    before = (app.session.scenario_name, app.session.seed)
    _type(app, "A0")
    assert app.top.error == "confusable" and app.top.letters == "A"
    good = encode(Setup("city", 7)).replace("-", "")
    app.top.letters = ""
    _type(app, good[:-1] + ("Z" if good[-1] != "Z" else "Y"))  # a wrong check letter
    key(app, pygame.K_RETURN)
    assert app.top.error == "check"
    assert type(app.top).__name__ == "CodeEntryScene"
    assert (app.session.scenario_name, app.session.seed) == before
    key(app, pygame.K_BACKSPACE)
    assert app.top.letters == good[:-1] and app.top.error == ""
    _type(app, good[-1])
    key(app, pygame.K_RETURN)
    assert type(app.top).__name__ == "SandboxScene" and app.session.seed == 7


def test_every_error_has_a_text_in_every_language() -> None:
    from sim.text.i18n import Translator

    kinds = ("empty", "confusable", "letter", "check", "short", "long", "newer", "file")
    for lang in ("en", "es", "fr", "de"):
        tr = Translator(lang)
        for kind in kinds:
            assert tr.has(f"code.error.{kind}"), (lang, kind)
