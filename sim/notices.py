"""One clear line for the person at the keyboard, once.

Missing fonts, a broken theme or an untranslated key must never stop the
game, and must not flood the terminal every frame either: each distinct
problem is reported once on stderr, in words, without a traceback.
"""

from __future__ import annotations

import sys

_seen: set[str] = set()


def warn_once(key: str, message: str) -> None:
    """Print `message` on stderr the first time `key` is seen in this process."""
    if key in _seen:
        return
    _seen.add(key)
    print(f"one-in-a-million: {message}", file=sys.stderr, flush=True)


def forget() -> None:
    """Let every notice be printed again (tests check that each appears once)."""
    _seen.clear()
