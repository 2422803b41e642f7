"""Chapter files load, are complete, and fail with one clear line when broken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.story.chapters import STORY_DIR, StoryError, load_chapter, load_story
from sim.story.lookalike import FOLLOW_NAMES
from sim.story.timing import story_seconds
from sim.text.i18n import Translator, load_strings

CHAPTERS = load_story()


def test_nine_chapters_in_order_with_a_short_path_and_a_challenge() -> None:
    """Chapters 1-8, then chapter 9 told in three scenes (guns, plates, calls)."""
    assert [c.order for c in CHAPTERS] == [*range(1, 10), 9, 9]
    assert [(c.part, c.group) for c in CHAPTERS if c.order == 9] == [
        (1, "beyond"),
        (2, "beyond"),
        (3, "beyond"),
    ]
    assert all(c.part == 0 and c.group == "" for c in CHAPTERS if c.order < 9)
    assert len({c.id for c in CHAPTERS}) == len(CHAPTERS)
    short = [c for c in CHAPTERS if c.short]
    assert 2 <= len(short) <= 4
    assert [c.order for c in CHAPTERS if c.challenge is not None] == [8]


def test_scenes_of_one_chapter_must_be_numbered_and_named(tmp_path: Path) -> None:
    """Two files of one order are scenes only with part 1..k and one chapter name."""
    text = (STORY_DIR / "09-1-guns.toml").read_text(encoding="utf-8")
    (tmp_path / "01-a.toml").write_text(text.replace("order = 9", "order = 1"), encoding="utf-8")
    second = text.replace("order = 9", "order = 1").replace('id = "guns"', 'id = "guns2"')
    (tmp_path / "01-b.toml").write_text(second, encoding="utf-8")  # part 1 again
    with pytest.raises(StoryError, match="scenes of one chapter"):
        load_story(tmp_path)
    said: list[str] = []
    (tmp_path / "02-c.toml").write_text(text.replace("order = 9", "order = 2"), encoding="utf-8")
    # the game leaves the broken chapter out and goes on (guns2 is gone with it)
    left = load_story(tmp_path, on_broken=said.append)
    assert [c.order for c in left] == [2] and len(said) == 1
    lone = text.replace("part = 1\n", "")
    (tmp_path / "01-b.toml").unlink()
    (tmp_path / "01-a.toml").write_text(lone.replace("order = 9", "order = 1"), encoding="utf-8")
    with pytest.raises(StoryError, match="both 'part'"):
        load_story(tmp_path)


def test_every_text_a_chapter_needs_is_in_english() -> None:
    strings = load_strings("en")
    for chapter in CHAPTERS:
        missing = [k for k in chapter.text_keys() if k not in strings]
        assert not missing, f"{chapter.id}: {missing}"


def test_every_placeholder_in_a_chapter_text_is_filled() -> None:
    """A {name} in a chapter's text must be a run parameter, a case figure or a measure."""
    from sim.story.explain import fill_values

    tr = Translator("en")
    for chapter in CHAPTERS:
        measured = _measure_names(chapter)
        if chapter.follow is not None:  # the follow-up's own numbers (sim/story/lookalike.py)
            measured.update({name: 2 for name in FOLLOW_NAMES})
        names = set(fill_values(chapter, None, measured, tr))
        names |= {"guess", "choice", "answer", *chapter.phrases}
        if chapter.challenge is not None:
            names |= {"find", "innocent"}  # the goal's own numbers
            ch = chapter.challenge  # its rules: the floors and costs the challenge data sets
            names |= {f"floor_{k}" for k, _v in ch.floors} | {f"cost_{k}" for k, _v in ch.costs}
        if chapter.question.ahead:
            names |= {"faces_ahead"}  # counted ahead by the flow while the player reads
        for key in chapter.text_keys():
            text = str(tr.strings.get(key, ""))
            used = set(re.findall(r"{([a-zA-Z_][a-zA-Z0-9_]*)}", text))
            if key.startswith("story.n.") or key in {k for k, _v in chapter.phrases.values()}:
                used -= {"n"}  # a count phrase: its {n} is the count
            assert used <= names, f"{key}: {sorted(used - names)}"


def _measure_names(chapter) -> dict[str, int]:
    """Every measured key a chapter can produce, with dummy values."""
    from sim.story.measures import measure

    summary = {
        "totals": {},
        "expected": {},
        "groups": {"A": {}, "B": {}},
    }
    runs = {r.name: summary for r in chapter.runs}
    hist = {r.name: [{"wrongful_stops": 1}] for r in chapter.runs}
    return measure(runs, hist, chapter.derive, [r.name for r in chapter.runs], chapter.rules)


def test_story_length_fits_a_lesson_and_the_museum_path_fits_a_visit() -> None:
    """Estimated from the words read (150 wpm), answering and the runs' real seconds.

    Every note that explains a number is counted as if it showed. The plain-
    language pass (issue 11) made sentences shorter but added those notes, so
    the bounds are DESIGN.md's: the story takes at most a third of a 45-minute
    lesson, and the museum path leaves half a minute of a 5-minute visit for
    the end screen.
    """
    core = [c for c in CHAPTERS if c.order <= 8]
    beyond = [c for c in CHAPTERS if c.order == 9]
    for lang in ("en", "es", "fr", "de"):
        tr = Translator(lang)
        full = story_seconds(core, tr) / 60
        short = story_seconds(CHAPTERS, tr, short=True) / 60
        assert 8 <= full <= 15, (lang, full)
        assert short <= 4.5, (lang, short)
        # chapter 9 (three scenes) is a short second lesson or homework, told
        # as such in the teacher guide: at most 6 minutes more
        extra = story_seconds(beyond, tr) / 60
        assert 2 <= extra <= 6, (lang, extra)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace('kind = "slider"', 'kind = "dial"'), "question.kind"),
        (lambda t: t + "\nsurprise = 1\n", "unknown parameter 'surprise'"),
        (lambda t: t.replace("watchlist_size = 1 ", "watchlist_sise = 1 "), "watchlist_sise"),
        (lambda t: t.replace("fmr = 1e-6", "fmr = 7"), "out of range"),
        (lambda t: t.replace('id = "one"', 'id = "not an id"'), "'id'"),
        (lambda t: t.replace("[question]", "[question\n"), "not valid TOML"),
    ],
)
def test_a_broken_chapter_file_is_one_line_naming_file_and_key(
    tmp_path: Path, edit, message: str
) -> None:
    text = (STORY_DIR / "01-one-in-a-million.toml").read_text(encoding="utf-8")
    bad = tmp_path / "01-broken.toml"
    bad.write_text(edit(text), encoding="utf-8")
    with pytest.raises(StoryError) as info:
        load_chapter(bad)
    line = str(info.value)
    assert "\n" not in line
    assert "01-broken.toml" in line
    assert message in line


def test_an_empty_story_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match="no chapter files"):
        load_story(tmp_path)


def test_reading_time_counts_one_of_the_notes_that_exclude_each_other() -> None:
    """found_change == 1, == 0 and == -1 cannot all show: only the longest is read."""
    from sim.story.explain import fill_values
    from sim.story.timing import readable_notes

    tr = Translator("en")
    chapter = next(c for c in CHAPTERS if c.id == "threshold")
    values = fill_values(chapter, None, {}, tr)
    names = [n.name for n in readable_notes(chapter, tr, values)]
    capacity = [n for n in chapter.notes if n.name.startswith("capacity_")]
    assert len(capacity) == 3 and "found" in names
    longest = max(capacity, key=lambda n: len(tr.tr(chapter.key(f"note.{n.name}"), **values)))
    assert [n for n in names if n.startswith("capacity_")] == [longest.name]
    humans = next(c for c in CHAPTERS if c.id == "humans")  # notes on different keys: all read
    assert len(readable_notes(humans, tr, fill_values(humans, None, {}, tr))) == len(humans.notes)
