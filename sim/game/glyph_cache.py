"""Rendered glyphs, kept while they are on screen.

A 130 px glyph costs about 2 ms to compute, so the alert card and the
who-pays panel ask this cache instead of rendering each refresh.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pygame

from sim.game.glyph import glyph_surface


class GlyphCache:
    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._items: OrderedDict[tuple[bytes, int], pygame.Surface] = OrderedDict()

    def get(self, code: np.ndarray, size: int) -> pygame.Surface:
        key = (np.asarray(code, np.float32).tobytes(), size)
        surf = self._items.get(key)
        if surf is None:
            surf = glyph_surface(code, size)
            self._items[key] = surf
            if len(self._items) > self.limit:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return surf
