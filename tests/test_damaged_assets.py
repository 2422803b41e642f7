"""Damaged installation files: one line naming the file, and the program carries on.

A museum installs the game once and runs it for weeks; a disk error, an
interrupted copy or a hand edit can damage any file under assets/. Every file
the program reads is damaged here in turn, in each way a fuzzing pass found
(issue 15): truncated, overwritten with random bytes, invalid UTF-8, nested
5,000 levels deep, emptied, deleted, replaced by a directory or by a FIFO (a
read would block the start). The loaders must return a usable fallback
(English texts, the built-in theme, pygame's font, a story without the
chapter, no case cards) and say so in exactly one line naming the file.

The many cases run in-process against a copy of the assets folder; a few
representative ones run the real program (`python -m sim`, pointed at the
damaged copy by ONE_IN_A_MILLION_ASSETS) to check the whole path from start
to exit: status 0 (or 2 with one line for the report when its texts are
gone), no traceback, no crash log.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pygame
import pytest

from sim import notices
from sim.paths import ASSETS
from sim.story import cases
from sim.story.chapters import load_story
from sim.text.fonts import FontBook, TextCache
from sim.text.i18n import Translator, available_languages, language_problem
from sim.text.theme import DEFAULTS, load_theme, parse_color

REPO = Path(__file__).resolve().parents[1]
LANGS = ("en", "es", "fr", "de")


# ------------------------------------------------------------------ the damage
def _truncate(p: Path) -> None:
    data = p.read_bytes()[:100]
    p.write_bytes(data)


def _garbage(p: Path) -> None:
    size = max(200, p.stat().st_size)
    p.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(size)))


def _invalid_utf8(p: Path) -> None:
    data = p.read_bytes()
    cut = len(data) // 2
    p.write_bytes(data[:cut] + b"\n# \xff\xfe\xc3\x28 caf\xe9\n" + data[cut:])


def _nested(p: Path) -> None:
    with open(p, "ab") as fh:
        fh.write(b"\nzz_deep = " + b"[" * 5000 + b"]" * 5000 + b"\n")


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _delete(p: Path) -> None:
    p.unlink()


def _directory(p: Path) -> None:
    p.unlink()
    p.mkdir()
    (p / "inside.toml").write_text("x = 1\n")


def _fifo(p: Path) -> None:
    p.unlink()
    os.mkfifo(p)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncate": _truncate,
    "garbage": _garbage,
    "invalid_utf8": _invalid_utf8,
    "nested_5000": _nested,
    "empty": _empty,
    "delete": _delete,
    "directory": _directory,
    "fifo": _fifo,
}
#: Damage that means something for a binary font file.
FONT_DAMAGE = ("truncate", "garbage", "empty", "delete", "directory", "fifo")


def _restore(original: bytes, p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    elif p.exists() or p.is_symlink():
        p.unlink()
    p.write_bytes(original)


@contextmanager
def damaged(copy: Path, rel: str, kind: str) -> Iterator[Path]:
    """Damage one file of the copy for the duration of the block, then put it back."""
    p = copy / rel
    original = p.read_bytes()
    DAMAGE[kind](p)
    try:
        yield p
    finally:
        _restore(original, p)


def _asset_files() -> list[str]:
    """Every file under assets/ the program reads (scenarios belong to the scenario checks)."""
    files = [
        f"fonts/{name}"
        for name in ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf")
    ]
    files += sorted(f"locales/{p.name}" for p in (ASSETS / "locales").glob("*.toml"))
    files += sorted(
        f"story/chapters/{p.name}" for p in (ASSETS / "story" / "chapters").glob("*.toml")
    )
    files += ["theme.toml", "data/real_world.toml"]
    return files


CASES = [
    (rel, kind)
    for rel in _asset_files()
    for kind in (FONT_DAMAGE if rel.endswith(".ttf") else tuple(DAMAGE))
]


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("assets") / "assets"
    shutil.copytree(ASSETS, target)
    return target


@pytest.fixture(autouse=True)
def fresh_notices() -> Iterator[None]:
    notices.forget()
    cases.real_world.cache_clear()
    pygame.font.init()
    yield
    notices.forget()
    cases.real_world.cache_clear()


# ------------------------------------------------------------ every loader once
@dataclass
class Loaded:
    """What the loaders gave for one (possibly damaged) copy of the assets."""

    translators: dict[str, Translator] = field(default_factory=dict)
    background: tuple[int, int, int] | None = None
    font_fallback: bool | None = None
    text_width: int = 0
    chapters: list[str] = field(default_factory=list)
    case_ids: list[str] = field(default_factory=list)
    arrests: int = 0
    placeholders: dict[str, object] = field(default_factory=dict)


def _area(rel: str) -> str:
    """Which loader reads the file (only that one is run per damaged file, for speed)."""
    return rel.split("/", 1)[0] if "/" in rel else rel


def load_everything(
    copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    only: str | None = None,
    langs: tuple[str, ...] = LANGS,
) -> Loaded:
    """Run the loaders the game runs at start against `copy`, as the game calls them."""
    from sim.game.scenes.about_data import about_cases

    got = Loaded()
    if only in (None, "locales"):
        for lang in langs:
            tr = Translator(lang, folder=copy / "locales")
            for key in KEYS.values():
                assert isinstance(tr.tr(key), str)
            got.translators[lang] = tr
    if only in (None, "theme.toml", "fonts"):
        theme = load_theme(copy / "theme.toml")
        got.background = theme.ui("background")
        pygame.font.init()  # as the game does: an earlier test in this process may have quit it
        fonts = FontBook(theme, font_dir=copy / "fonts")
        text = TextCache(fonts)
        got.text_width = min(
            text.render("Alerts 240", 24, (255, 255, 255), bold).get_width()
            for bold in (False, True)
        )
        got.font_fallback = fonts.fallback
    if only in (None, "story"):
        story = load_story(copy / "story" / "chapters", check_params=False, on_broken=_warn)
        got.chapters = [c.id for c in story]
    if only in (None, "data"):
        monkeypatch.setattr(cases, "REAL_WORLD", copy / "data" / "real_world.toml")
        cases.real_world.cache_clear()
        got.case_ids = [c.id for c in about_cases()]
        got.arrests = len(cases.arrests())
        got.placeholders = cases.case_values(["cardiff_2017"])
    return got


#: One text key from each locale file.
KEYS = {
    "": "top.pause",
    "story": "story.one.title",
    "kiosk": "kiosk.attract.1",
    "glossary": "glossary.threshold.means",
    "detectors": "funnel.scans_calls",
    "chapter9": "story.beyond.title",
}


def _warn(message: str) -> None:
    notices.warn_once(f"chapter:{message}", message)


def _lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def intact(copy: Path) -> Loaded:
    with pytest.MonkeyPatch.context() as mp:
        notices.forget()
        return load_everything(copy, mp)


def test_the_intact_copy_loads_without_a_word(copy: Path, monkeypatch, capsys) -> None:
    loaded = load_everything(copy, monkeypatch)
    assert _lines(capsys) == []
    assert not loaded.font_fallback
    assert len(loaded.chapters) == 11 and loaded.case_ids and loaded.arrests  # 8 + 3 scenes
    assert loaded.translators["de"].lang == "de"


#: Nothing records how many chapters there are, nor how many scenes chapter 9
#: has: a deleted last scene of the last chapter leaves no gap.
UNNOTICED = {("story/chapters/09-3-calls.toml", "delete")}


def _languages_to_load(rel: str, kind: str) -> tuple[str, ...]:
    """The translators a damaged locale file can change, and for one kind of damage all.

    A language reads its own files and English ones (every language falls back
    to English), so damage to `*.de.toml` can only change German texts. That
    the others are untouched is checked once per file (overwritten with
    garbage), not again for every other kind of damage to the same file.
    """
    lang = Path(rel).name.removesuffix(".toml").rpartition(".")[2]
    if not rel.startswith("locales/") or lang == "en" or kind == "garbage":
        return LANGS
    return (lang,)


@pytest.mark.parametrize(("rel", "kind"), CASES, ids=[f"{r}:{k}" for r, k in CASES])
def test_a_damaged_file_is_one_line_and_a_fallback(
    copy: Path, intact: Loaded, rel: str, kind: str, monkeypatch, capsys
) -> None:
    with damaged(copy, rel, kind):
        langs = _languages_to_load(rel, kind)
        loaded = load_everything(copy, monkeypatch, only=_area(rel), langs=langs)
    lines = _lines(capsys)
    if (rel, kind) in UNNOTICED:
        assert lines == []
    else:
        assert len(lines) == 1, lines
        if rel.startswith("story/") and kind == "delete":
            order = int(Path(rel).name[:2])
            assert f"has order {order};" in lines[0]  # a deleted file is known by its gap
        else:
            assert Path(rel).name in lines[0]
    _check_fallback(intact, loaded, rel)


def _check_fallback(intact: Loaded, loaded: Loaded, rel: str) -> None:
    """What the program carries on with, per kind of file."""
    name = Path(rel).name
    area = _area(rel)
    if area == "fonts":
        assert loaded.font_fallback and loaded.text_width > 20
    if area == "theme.toml":
        assert loaded.background == parse_color(DEFAULTS["ui"]["background"])
        assert not loaded.font_fallback
    if area == "locales":
        part, _, lang = name.removesuffix(".toml").rpartition(".")
        tr = loaded.translators[lang]
        if not part and lang != "en":
            assert tr.lang == "en"  # the language is unusable: English texts
        key = KEYS[part]
        shown = tr.tr(key)
        if lang == "en":
            assert shown == f"⟦{key}⟧"  # the key itself, visibly
            # the other languages keep their own words
            assert loaded.translators["de"].tr(key) == intact.translators["de"].tr(key)
        else:
            assert shown == intact.translators["en"].tr(key)
        for other in loaded.translators:
            if other not in (lang, "en"):
                assert loaded.translators[other].lang == other
    if area == "story":
        assert len(loaded.chapters) == len(intact.chapters) - 1
    if area == "data":
        assert loaded.case_ids == [] and loaded.arrests == 0
        assert loaded.placeholders == {}


def test_damaged_language_file_is_a_problem_for_the_report(copy: Path) -> None:
    """The report prints its page in one language: it must have those texts, or exit 2."""
    folder = copy / "locales"
    assert language_problem("de", folder) is None
    with damaged(copy, "locales/en.toml", "invalid_utf8"):
        problem = language_problem("de", folder)  # English is every language's fallback
        assert problem is not None and "en.toml" in problem and "\n" not in problem
    with damaged(copy, "locales/story.fr.toml", "nested_5000"):
        assert "story.fr.toml" in (language_problem("fr", folder) or "")
        assert language_problem("es", folder) is None
    with damaged(copy, "locales/de.toml", "delete"):
        assert "de" not in available_languages(folder)
        assert "de.toml" in (language_problem("de", folder) or "")


# ------------------------------------------------------- the program, end to end
def _run(copy: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        ONE_IN_A_MILLION_ASSETS=str(copy),
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        ONE_IN_A_MILLION_SETTINGS=str(tmp_path / "no-settings.toml"),
    )
    env.pop("ONE_IN_A_MILLION_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _no_crash(result: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert "internal error" not in out, out
    assert not list(tmp_path.rglob("crash.log")), out


#: Several files damaged at once, one way each, so one run covers many loaders.
WRECK = (
    ("fonts/AtkinsonHyperlegible-Regular.ttf", "truncate"),
    ("fonts/AtkinsonHyperlegible-Bold.ttf", "garbage"),
    ("locales/kiosk.en.toml", "invalid_utf8"),
    ("locales/story.de.toml", "nested_5000"),
    ("locales/es.toml", "directory"),
    ("theme.toml", "invalid_utf8"),
    ("data/real_world.toml", "delete"),
    ("story/chapters/03-crowd.toml", "garbage"),
)


@contextmanager
def wrecked(copy: Path, damage: tuple[tuple[str, str], ...]) -> Iterator[None]:
    with _stack(copy, list(damage)):
        yield


@contextmanager
def _stack(copy: Path, damage: list[tuple[str, str]]) -> Iterator[None]:
    if not damage:
        yield
        return
    (rel, kind), rest = damage[0], damage[1:]
    with damaged(copy, rel, kind), _stack(copy, rest):
        yield


@pytest.mark.parametrize(
    "args",
    [
        ("play", "--frames", "20", "--chapter", "3"),
        ("play", "--kiosk", "--frames", "20", "--monkey", "3", "--lang", "es"),
    ],
    ids=["story", "kiosk-monkey-es"],
)
def test_the_game_runs_on_a_wrecked_installation(copy: Path, tmp_path: Path, args) -> None:
    with wrecked(copy, WRECK):
        result = _run(copy, tmp_path, *args)
    assert result.returncode == 0, result.stderr
    _no_crash(result, tmp_path)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    # one line per damaged file the run reads, naming it (so the override took
    # effect), and never a flood of per-text warnings
    read = [rel for rel, _kind in WRECK if rel != "locales/story.de.toml"]
    if "--kiosk" not in args:
        read.remove("locales/es.toml")
    assert len(lines) == len(read), lines
    for rel in read:
        assert sum(Path(rel).name in line for line in lines) == 1, (rel, lines)


def test_the_game_runs_without_english_texts(copy: Path, tmp_path: Path) -> None:
    with wrecked(copy, (("locales/en.toml", "nested_5000"),)):
        result = _run(copy, tmp_path, "play", "--frames", "20")
    assert result.returncode == 0, result.stderr
    _no_crash(result, tmp_path)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "en.toml" in lines[0], lines


def test_the_report_carries_on_without_fonts_theme_or_figures(copy: Path, tmp_path: Path) -> None:
    damage = (WRECK[0], WRECK[1], ("theme.toml", "fifo"), ("data/real_world.toml", "garbage"))
    with wrecked(copy, damage):
        result = _run(copy, tmp_path, "report", "--scenario", "aclu-2018", "--out", "x.png")
    assert result.returncode == 0, result.stderr
    _no_crash(result, tmp_path)
    assert (tmp_path / "x.png").stat().st_size > 10_000


def test_the_report_without_its_texts_is_one_line_and_exit_2(copy: Path, tmp_path: Path) -> None:
    with wrecked(copy, (("locales/en.toml", "invalid_utf8"),)):
        result = _run(copy, tmp_path, "report", "--scenario", "aclu-2018", "--out", "x.png")
    assert result.returncode == 2, result.stderr
    _no_crash(result, tmp_path)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "en.toml" in lines[0], lines
    assert not (tmp_path / "x.png").exists()
