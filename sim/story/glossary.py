"""The story's glossary: which hard words a screen uses, and their one-line meaning.

A 14-year-old stops reading at the first word they do not know. Every word
in ``assets/locales/glossary.<lang>.toml`` is explained where it first
appears in a chapter: the screen lists it under "New words" with its
definition. It is worked out per chapter (not per story) because a museum
visitor may start at chapter 2 or jump with the chapter dots.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Word:
    """One glossary entry of one language."""

    key: str  # glossary.<key>
    forms: tuple[str, ...]  # how it is written in texts (any case)
    means: str  # the one-line definition

    @property
    def label(self) -> str:
        return self.forms[0]


def words(strings: Mapping[str, Any]) -> list[Word]:
    """The glossary of a language, from its flat locale strings."""
    keys = sorted({k.split(".")[1] for k in strings if k.startswith("glossary.")})
    out: list[Word] = []
    for key in keys:
        forms = str(strings.get(f"glossary.{key}.word", "")).split("|")
        means = str(strings.get(f"glossary.{key}.means", ""))
        forms = [f.strip() for f in forms if f.strip()]
        if forms and means:
            out.append(Word(key, tuple(forms), means))
    return out


@cache
def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted((re.escape(f) for f in forms), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def used_in(text: str, glossary: Iterable[Word]) -> list[Word]:
    """The glossary words a text uses, in the order they first occur in it."""
    found: list[tuple[int, Word]] = []
    for w in glossary:
        m = _pattern(w.forms).search(text)
        if m is not None:
            found.append((m.start(), w))
    return [w for _pos, w in sorted(found, key=lambda p: p[0])]


def new_words(screens: list[str], glossary: list[Word]) -> list[list[Word]]:
    """For a chapter's screens in the order they are seen: the words each explains.

    A word is explained on the first screen of the chapter that uses it, and
    not again on the later ones.
    """
    seen: set[str] = set()
    out: list[list[Word]] = []
    for text in screens:
        fresh = [w for w in used_in(text, glossary) if w.key not in seen]
        seen.update(w.key for w in fresh)
        out.append(fresh)
    return out
