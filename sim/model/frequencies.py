"""Natural frequencies: "of every 100 alerts, 93 were about an innocent person".

Every place that shows "of every 100" (the CLI, the sandbox's icon array, the
report, the story) calls `of_every`, so the same counts always give the same
figures. Rounding each share on its own can make the parts sum to 99 or 101,
or print "100 of every 100 were innocent" when there were true alerts; here
the parts are apportioned by largest remainders (Hamilton's method), so they
always sum to the base, and a part that is not zero is never shown as 0 (a
true alert is never denied), as long as there are no more nonzero parts than
the base has places.
"""

from __future__ import annotations

from collections.abc import Sequence


def of_every(counts: Sequence[int], base: int = 100) -> list[int]:
    """Whole parts of ``base`` in proportion to ``counts``, summing exactly to ``base``.

    - All counts zero: all parts zero (there is nothing to show).
    - A zero count gets 0; a nonzero count gets at least 1 while the nonzero
      counts number at most ``base`` (beyond that some must round to 0).
    - Otherwise each part is the floor of its exact quota or one more; the
      places left go to the largest remainders, ties to the earlier part.
    The arithmetic is exact integers (no float ties), so it is deterministic.
    """
    if base < 0:
        raise ValueError(f"base must be >= 0, got {base}")
    c = [int(x) for x in counts]
    if any(x < 0 for x in c):
        raise ValueError(f"counts must be >= 0, got {list(counts)}")
    total = sum(c)
    if total == 0 or base == 0:
        return [0] * len(c)
    parts = [x * base // total for x in c]
    # remainder of part i as a fraction of total: (x * base) mod total
    rest = [x * base % total for x in c]
    order = sorted(range(len(c)), key=lambda i: (-rest[i], i))
    for i in order[: base - sum(parts)]:
        parts[i] += 1
    # a nonzero count shown as 0 takes a place from the part that loses least
    nonzero = sum(1 for x in c if x > 0)
    if nonzero <= base:
        for i in (i for i in range(len(c)) if c[i] > 0 and parts[i] == 0):
            donors = [j for j in range(len(c)) if parts[j] > 1]
            # the donor whose part is furthest above its exact quota (ties: later part)
            j = max(donors, key=lambda j: (parts[j] * total - c[j] * base, j))
            parts[j] -= 1
            parts[i] = 1
    return parts


def share_of_every(part: int, whole: int, base: int = 100) -> int:
    """``part`` of ``whole`` as so many of every ``base``: the first part of `of_every`."""
    if not 0 <= part <= whole:
        raise ValueError(f"need 0 <= part <= whole, got {part} of {whole}")
    return of_every([part, whole - part], base)[0]
