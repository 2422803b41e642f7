"""Fonts and a cache of rendered text.

Rendering text is the most expensive thing a UI frame does in software, so
every label is rendered once and reused until its words, font or colour
change (a language switch simply produces new words, hence new entries).
The shipped font is Atkinson Hyperlegible; if it is missing or damaged the
game still runs on pygame's built-in font, after saying so once.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, ClassVar

import pygame

from sim.notices import warn_once
from sim.paths import FONTS
from sim.text.theme import Color, Theme

# pygame's built-in font draws smaller than Atkinson at the same size.
_FALLBACK_SCALE = 1.25
#: Drawn once when a font is opened, to find a damaged file before a frame needs it.
_PROBE = "Ag 0123456789"
#: The shipped fonts are under 200 KB; no font the game could use is near this.
MAX_FONT_BYTES = 32 * 1024 * 1024


class FontBook:
    """Fonts by style and size, loaded on first use."""

    def __init__(self, theme: Theme, font_dir: Path | None = None) -> None:
        self.theme = theme
        self.font_dir = FONTS if font_dir is None else Path(font_dir)
        self._fonts: dict[tuple[bool, int], pygame.font.Font] = {}
        self.fallback = False
        # Museum setting text_scale (1.0-1.5): every size is drawn this much larger.
        # Layout code keeps asking for the sizes it was designed with, so one
        # number enlarges all text; UI may shrink a label back towards 1.0 to fit.
        self.scale = 1.0

    def get(self, size: int | str, bold: bool = False) -> pygame.font.Font:
        """A font of `size` logical pixels (or a named theme size)."""
        px = self.theme.size(size) if isinstance(size, str) else int(size)
        key = (bold, px)
        font = self._fonts.get(key)
        if font is None:
            font = self._load(px, bold)
            self._fonts[key] = font
        return font

    def _load(self, px: int, bold: bool) -> pygame.font.Font:
        px = max(1, round(px * self.scale))
        name = self.theme.text("fonts", "bold" if bold else "regular")
        path = self.font_dir / name
        problem = font_problem(path)
        if problem is None:
            try:
                font = pygame.font.Font(path, px)
                # A truncated or overwritten file can open and fail only when it
                # draws (pygame: "Passed a NULL pointer"): draw once here instead.
                font.render(_PROBE, True, (255, 255, 255))
                if font.size(_PROBE)[0] <= 0 or font.get_linesize() <= 0:
                    raise pygame.error("it draws nothing")
                return font
            except (OSError, ValueError, pygame.error) as exc:
                problem = f"is damaged ({exc or type(exc).__name__})"
        self.fallback = True
        warn_once(f"font:{path}", f"font file {path} {problem}; using pygame's default font")
        font = pygame.font.Font(None, round(px * _FALLBACK_SCALE))
        font.bold = bold
        return font


def font_problem(path: Path) -> str | None:
    """Why `path` cannot be a font file (missing, not a regular file, too large), or None.

    Checked before pygame opens it: a FIFO in its place would block the start
    and a device would never end.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return "is missing"
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the theme's name
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size > MAX_FONT_BYTES:
        return f"is too large ({info.st_size:,} bytes)"
    return None


#: (font, character) -> the font has no glyph for it; asked only by the text audit.
_MISSING: dict[tuple[pygame.font.Font, str], bool] = {}  # keeps its fonts: ids stay unique
_NOTDEF = "\ue000"  # a private-use character: no font the game ships draws it


def missing_glyphs(font: pygame.font.Font, text: str) -> str:
    """The characters of `text` that `font` draws as its "no glyph" box.

    SDL_ttf gives such characters the box's metrics rather than none, so the
    test compares each character's picture with the picture of one that
    surely has no glyph.
    """
    out = []
    for ch in dict.fromkeys(text):
        if ch.isspace():
            continue
        key = (font, ch)
        if key not in _MISSING:
            img = pygame.image.tobytes(font.render(ch, False, (255, 255, 255)), "RGB")
            box = pygame.image.tobytes(font.render(_NOTDEF, False, (255, 255, 255)), "RGB")
            _MISSING[key] = img == box
        if _MISSING[key]:
            out.append(ch)
    return "".join(out)


class TextCache:
    """Rendered text surfaces keyed by (text, size, bold, colour)."""

    #: A debug recorder (sim.game.text_audit) told of every text drawn, or None.
    audit: ClassVar[Any] = None

    def __init__(self, fonts: FontBook, limit: int = 4000) -> None:
        self.fonts = fonts
        self.limit = limit
        self._cache: dict[tuple[str, int | str, bool, Color], pygame.Surface] = {}
        self._wraps: dict[tuple[str, int | str, int, bool], list[str]] = {}
        self._widths: dict[tuple[str, int | str, bool], int] = {}

    def render(
        self,
        text: str,
        size: int | str,
        color: Color,
        bold: bool = False,
        wanted: int | str | None = None,
        cut: bool = False,
    ) -> pygame.Surface:
        """An anti-aliased text surface with per-pixel alpha.

        `wanted` (the size the layout asked for, if a fit made it smaller) and
        `cut` (an ellipsis shortened it) only inform the text audit.
        """
        if TextCache.audit is not None:
            missing = missing_glyphs(self.fonts.get(size, bold), text)
            TextCache.audit.record(
                text, self.pixels(size), self.pixels(wanted or size), cut, missing
            )
        key = (text, size, bold, color)
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            surf = self.fonts.get(size, bold).render(text, True, color)
            self._cache[key] = surf
        return surf

    def pixels(self, size: int | str) -> int:
        """The size a font of `size` is opened at, text scale included (logical px)."""
        px = self.fonts.theme.size(size) if isinstance(size, str) else int(size)
        return max(1, round(px * self.fonts.scale))

    def width(self, text: str, size: int | str, bold: bool = False) -> int:
        """Width in pixels (cached: labels are measured every frame to fit them)."""
        key = (text, size, bold)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) >= self.limit:
                self._widths.clear()
            w = self.fonts.get(size, bold).size(text)[0]
            self._widths[key] = w
        return w

    def line_height(self, size: int | str, bold: bool = False) -> int:
        return self.fonts.get(size, bold).get_linesize()

    def wrap(self, text: str, size: int | str, max_width: int, bold: bool = False) -> list[str]:
        """Split text into lines no wider than max_width.

        A word too long for a line breaks after its hyphen if it has one, else
        where it must. Cached, because paragraphs are drawn every frame and measuring every
        word is what makes wrapped text slow.
        """
        key = (text, size, max_width, bold)
        lines = self._wraps.get(key)
        if lines is None:
            if len(self._wraps) >= self.limit:
                self._wraps.clear()
            lines = self._wrap(text, size, max_width, bold)
            self._wraps[key] = lines
        return list(lines)

    def _wrap(self, text: str, size: int | str, max_width: int, bold: bool) -> list[str]:
        font = self.fonts.get(size, bold)
        lines: list[str] = []
        for para in text.split("\n"):
            words = para.split(" ")
            line = ""
            for word in words:
                trial = f"{line} {word}" if line else word
                if font.size(trial)[0] <= max_width:
                    line = trial
                    continue
                if line:
                    lines.append(line)
                line = word
                while font.size(line)[0] > max_width and len(line) > 1:
                    cut = len(line) - 1
                    while cut > 1 and font.size(line[:cut])[0] > max_width:
                        cut -= 1
                    hyphen = line.rfind("-", 0, cut)  # "Caméras-" / "piétons", not "pi" / "étons"
                    if hyphen > 0:
                        cut = hyphen + 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return lines

    def fit_size(self, text: str, sizes: list[int], max_width: int, bold: bool = False) -> int:
        """The largest of `sizes` at which one line of text fits max_width."""
        for px in sizes:
            if self.width(text, px, bold) <= max_width:
                break
        if TextCache.audit is not None and px != sizes[0]:
            TextCache.audit.shrinking(text, self.pixels(sizes[0]))
        return px

    def ellipsize(self, text: str, size: int | str, max_width: int, bold: bool = False) -> str:
        """Text shortened with '…' so that it fits on one line."""
        if self.width(text, size, bold) <= max_width:
            return text
        while text and self.width(text + "…", size, bold) > max_width:
            text = text[:-1]
        if TextCache.audit is not None:
            TextCache.audit.cutting(text + "…")
        return text + "…"
