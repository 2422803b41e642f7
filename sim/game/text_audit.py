"""A debug recorder of every text the screens draw: its size, and whether it was cut or shrunk.

"Readable from the back of the room" is a property of what reaches the
screen, not of the theme's sizes: a label asked for at 24 px may be shrunk
to 16 px to fit its box, or cut to "innoce…". The text-drawing layer
(`TextCache.render`, `UI.blit_text`, `UI.blit_wrapped`) reports each draw to
the recorder installed here, if any; tests render every screen in every
language with one installed and fail on what it saw. Nothing is recorded,
and nothing costs anything, while no recorder is installed (the game).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sim.text.fonts import TextCache


@dataclass(frozen=True)
class TextDraw:
    """One piece of text as it was drawn.

    `px` is the size the font was opened at on the 1920x1080 logical screen
    (text scale included); `wanted` the size the layout asked for; `cut` says
    an ellipsis replaced the end, `shrunk` that `px` is below `wanted`;
    `missing` holds the characters the font has no glyph for (drawn as boxes).
    """

    text: str
    px: int
    wanted: int
    cut: bool = False
    missing: str = ""

    @property
    def shrunk(self) -> bool:
        return self.px < self.wanted


@dataclass
class TextAudit:
    """Collects `TextDraw`s; install with `recording()`."""

    draws: list[TextDraw] = field(default_factory=list)
    #: Texts `TextCache.ellipsize` shortened, and sizes `fit_size` started from:
    #: a caller that cuts or fits by itself is caught when it draws the result.
    _cut: set[str] = field(default_factory=set)
    _fitted: dict[str, int] = field(default_factory=dict)

    def record(self, text: str, px: int, wanted: int, cut: bool = False, missing: str = "") -> None:
        if text.strip():
            wanted = max(wanted, self._fitted.get(text, wanted))
            self.draws.append(TextDraw(text, px, wanted, cut or text in self._cut, missing))

    def cutting(self, shortened: str) -> None:
        self._cut.add(shortened)

    def shrinking(self, text: str, wanted_px: int) -> None:
        self._fitted[text] = max(wanted_px, self._fitted.get(text, 0))

    def clear(self) -> None:
        self.draws.clear()
        self._cut.clear()
        self._fitted.clear()

    def too_small(self, min_px: float) -> list[TextDraw]:
        """Draws smaller than `min_px` logical pixels."""
        return [d for d in self.draws if d.px < min_px]

    def cut(self) -> list[TextDraw]:
        return [d for d in self.draws if d.cut]

    def shrunk(self) -> list[TextDraw]:
        return [d for d in self.draws if d.shrunk]


@contextmanager
def recording() -> Iterator[TextAudit]:
    """Record every text drawn inside the block (one recorder at a time)."""
    audit = TextAudit()
    previous = TextCache.audit
    TextCache.audit = audit
    try:
        yield audit
    finally:
        TextCache.audit = previous
