"""The face search done ahead of the clock, half an hour of captures at a time.

A 30 s step of a small city has a few dozen captures to search, and the
search's cost was then mostly the fixed cost of its hundred array
operations, paid again every step. A face's search depends only on the
capture and on the draws taken for it from the search's own streams, in
capture order (`Detector.scans_in_order`), so the captures still to come can
be searched in one go and each step takes its share.

What is searched ahead is a guess: the captures of people at large now. A
stop can take someone off the street before their next capture, and a knob
or the end of a day can change what a search gives. So each step checks that
its captures are the guess's next ones, exactly; when they are not, or
before anything a search depends on changes, the streams are put back where
they were and moved on by the draws of the captures really searched so far
(`Detector.skip`), as if the guess had never been made. Either way every
capture is searched once with its own draws, and every count is what a
step-by-step search gives (tests/test_model_ahead.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from .scan import Scan

if TYPE_CHECKING:
    from .capture import Captures

AHEAD_S = 1800.0  # how far ahead of a step the captures are searched, at most
AHEAD_MIN_S = 120.0  # and at least (while guesses keep being wrong)
# Captures searched ahead at most: a guess proven wrong costs no more than this,
# and a step this busy pays its search's fixed cost once for many captures anyway.
AHEAD_CAPS = 16_384


class ScanAhead:
    """Captures searched ahead, the results not yet taken, and the streams as they were."""

    def __init__(
        self,
        caps: Captures,
        search: Callable[[Captures], Scan],
        streams: tuple[np.random.Generator, ...],
    ) -> None:
        """Search ``caps`` now with ``search``, which draws from ``streams`` only."""
        self._streams = streams
        self._before = [g.bit_generator.state for g in streams]
        self.caps = caps
        self.scan = search(caps)
        self.pos = 0  # captures taken so far

    def next_is(self, caps: Captures) -> bool:
        """Whether ``caps`` are exactly the next captures searched ahead."""
        a, b = self.pos, self.pos + len(caps)
        mine = self.caps
        return (
            b <= len(mine)
            and np.array_equal(mine.time[a:b], caps.time)
            and np.array_equal(mine.person[a:b], caps.person)
            and np.array_equal(mine.quality[a:b], caps.quality)
        )

    def take(self, n: int) -> Scan:
        """The results of the next ``n`` captures."""
        a, b = self.pos, self.pos + n
        self.pos = b
        return Scan(**{f.name: _part(getattr(self.scan, f.name), a, b) for f in fields(Scan)})

    def give_back(self, skip: Callable[[int], None]) -> None:
        """Put the streams where a search of only the captures taken would have left them.

        ``skip(n)`` takes from the streams the draws of a search of n captures.
        """
        if self.pos == len(self.caps):  # all taken: they are there already
            return
        for g, state in zip(self._streams, self._before, strict=True):
            g.bit_generator.state = state
        skip(self.pos)


def _part(values: Any, a: int, b: int) -> Any:
    return None if values is None else values[a:b]
