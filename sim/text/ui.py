"""What every scene and widget shares: theme, fonts, text and the translator.

Passing one small context object keeps the language and the look out of
global state, so a test (or a kiosk) can build a second one side by side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from sim.text.fonts import FontBook, TextCache
from sim.text.i18n import Translator
from sim.text.theme import Color, Theme, load_theme


@dataclass
class UI:
    """Theme + fonts + text cache + translator."""

    theme: Theme
    fonts: FontBook
    text: TextCache
    i18n: Translator

    @classmethod
    def create(cls, lang: str = "en", theme: Theme | None = None) -> UI:
        theme = theme or load_theme()
        fonts = FontBook(theme)
        return cls(theme, fonts, TextCache(fonts), Translator(lang))

    def tr(self, key: str, **fmt: object) -> str:
        return self.i18n.tr(key, **fmt)

    def tr_n(self, key: str, n: float, **fmt: object) -> str:
        return self.i18n.tr_n(key, n, **fmt)

    def _shrink(self, px: int) -> int:
        """How far a label may shrink to fit: 6 px, or back to 100% when text is scaled up.

        With text_scale 1.5 a label that no longer fits its box is better at
        its normal size than cut off with an ellipsis.
        """
        return max(6, px - math.floor(px / max(1.0, self.fonts.scale)))

    def blit_text(
        self,
        surf: pygame.Surface,
        text: str,
        pos: tuple[int, int],
        size: int | str = "body",
        color: Color | None = None,
        bold: bool = False,
        anchor: str = "topleft",
        max_width: int | None = None,
    ) -> pygame.Rect:
        """Draw one line of text; if max_width is given it is shrunk or cut to fit."""
        color = color or self.theme.ui("text")
        wanted = size
        if max_width is not None:
            px = self.theme.size(size) if isinstance(size, str) else size
            if self.text.width(text, px, bold) > max_width:
                sizes = [px - d for d in range(2, self._shrink(px) + 1, 2) if px - d >= 14]
                px = self.text.fit_size(text, sizes or [px], max_width, bold)
                text = self.text.ellipsize(text, px, max_width, bold)
            size = px
        img = self.text.render(text, size, color, bold, wanted=wanted)
        rect = img.get_rect(**{anchor: pos})
        surf.blit(img, rect)
        return rect

    def page(self, surf: pygame.Surface, title: str) -> None:
        """A full-screen page: the background and its big heading, centred at the top."""
        th = self.theme
        surf.fill(th.ui("background"))
        self.blit_text(
            surf, title, (surf.get_width() // 2, 40), "huge", th.ui("heading"), True, "midtop"
        )

    def blit_wrapped(
        self,
        surf: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        size: int | str = "body",
        color: Color | None = None,
        bold: bool = False,
        align: str = "left",
    ) -> int:
        """Draw text wrapped into rect, shrinking the type until it fits; returns height."""
        color = color or self.theme.ui("text")
        px = self.theme.size(size) if isinstance(size, str) else size
        lines: list[str] = []
        for trial in range(px, px - max(8, self._shrink(px)) - 1, -2):
            if trial < 14:
                break
            px = trial
            lines = self.text.wrap(text, px, rect.width, bold)
            if len(lines) * self.text.line_height(px, bold) <= rect.height:
                break
        step = self.text.line_height(px, bold)
        fit = max(1, (rect.height + 2) // step)
        cut = len(lines) > fit
        if cut:  # still too long: cut, and say so with an ellipsis
            lines = lines[:fit]
            lines[-1] = self.text.ellipsize(lines[-1] + " …", px, rect.width, bold)
        y = rect.y
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            img = self.text.render(line, px, color, bold, wanted=size, cut=cut and last)
            if align == "center":
                surf.blit(img, img.get_rect(midtop=(rect.centerx, y)))
            else:
                surf.blit(img, (rect.x, y))
            y += step
        return y - rect.y


def hatch(
    surf: pygame.Surface, rect: pygame.Rect, color: Color, spacing: int = 9, width: int = 3
) -> None:
    """Diagonal stripes inside rect: a second group's bar differs without colour."""
    clip = surf.get_clip()
    surf.set_clip(rect)
    for x in range(rect.x - rect.height, rect.right, spacing):
        pygame.draw.line(surf, color, (x, rect.bottom), (x + rect.height, rect.y), width)
    surf.set_clip(clip)
