"""How long the story takes: reading, answering, watching, per chapter.

The issue asks for a story of 8-12 minutes and a museum path of about 3.
Rather than guess, the estimate is computed from the actual text a player
reads in the chosen language (at a reading speed for 12-16-year-olds reading
on a screen), a few seconds to answer, the real seconds each run is shown,
and the time a chapter says a player spends beyond that (the challenge's
own days). A test keeps both paths inside their budgets.
"""

from __future__ import annotations

from typing import Any

from .chapters import Chapter
from .explain import Texts, fill_values

# Silent reading of informational text on screen by 12-16-year-olds: about 150
# English words a minute. Counted in characters (5.8 per English word with its
# space, measured on these texts) so that languages with longer words or more
# of them take longer, as they do for readers (Trauzettel-Klosinski 2012).
CHARS_PER_MINUTE = 150 * 5.8
ANSWER_SECONDS = 10  # deciding on a guess or a choice
MOVE_SECONDS = 3  # pressing Run, Next, finding the button


def characters(text: str) -> int:
    return len(" ".join(text.split()))


def chapter_seconds(chapter: Chapter, texts: Texts, short: bool = False) -> float:
    """Estimated seconds one chapter takes a player who reads every word once."""
    values: dict[str, Any] = fill_values(chapter, None, {}, texts)
    keys = ["intro", "question", "why"]
    if chapter.question.kind == "choice":
        keys += [f"option.{o}" for o in chapter.question.options]
        keys.append("explain.wrong")
    else:
        keys.append("explain.low")
    keys += [f"note.{n.name}" for n in readable_notes(chapter, texts, values)]
    if chapter.follow is not None:  # the follow-up: its question, options and explanation
        keys += [f"follow.{k}" for k in ("title", "intro", "question", "explain.wrong")]
        keys += [f"follow.option.{o}" for o in chapter.follow.options]
        keys.append("follow.why.few")  # the longer of the two: a few got many
    n = sum(characters(texts.tr(chapter.key(k), **values)) for k in keys)
    reading = 60.0 * n / CHARS_PER_MINUTE
    if chapter.follow is not None:
        reading += ANSWER_SECONDS + MOVE_SECONDS  # one more answer, one more button
    extra = 0.0 if short else chapter.extra_seconds
    return reading + ANSWER_SECONDS + MOVE_SECONDS + chapter.seconds(short) + extra


def readable_notes(chapter: Chapter, texts: Texts, values: dict[str, Any]) -> list[Any]:
    """The notes a player can read at most: every note, as if it showed, except that of
    notes that test one key for equality (``found_change == 1``, ``== 0``, ``== -1``:
    only one can be true) only the longest counts.
    """
    out: list[Any] = []
    exclusive: dict[str, Any] = {}
    for note in chapter.notes:
        when = note.when
        if when is None or when[1] != "==" or not isinstance(when[0], str):
            out.append(note)
            continue

        def length(n: Any) -> int:
            return characters(texts.tr(chapter.key(f"note.{n.name}"), **values))

        best = exclusive.get(when[0])
        if best is None or length(note) > length(best):
            exclusive[when[0]] = note
    return out + list(exclusive.values())


def story_seconds(chapters: list[Chapter], texts: Texts, short: bool = False) -> float:
    """The whole story (or the short path: chapters flagged `short`)."""
    path = [c for c in chapters if c.short] if short else chapters
    return sum(chapter_seconds(c, texts, short) for c in path)
