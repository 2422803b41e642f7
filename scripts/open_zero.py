"""Give the shipped Atkinson Hyperlegible an open zero (no slash); run once, by hand.

Atkinson Hyperlegible 1.006 draws 0 with a slash and has no unslashed
alternate. In bold at a distance the slashed zero reads as the symbol ⊘
("no"), which on a screen full of counts ("0 wanted people found") says the
wrong thing. The game's codes avoid 0/O confusion by leaving both out of
their alphabet, so the slash earns nothing there either.

The zero glyph is an outer contour plus its counter cut in two by the slash.
This replaces the two halves with one counter: the outer contour, reversed
(a hole winds the other way) and scaled into the counter's bounding box, so
the stroke keeps the font's own thickness at the sides and top. Needs
fontTools (`pip install fonttools`; not a dependency of the game).

    python scripts/open_zero.py assets/fonts/AtkinsonHyperlegible-*.ttf

The OFL (assets/fonts/OFL.txt) allows modified versions; this font declares
no Reserved Font Name. assets/fonts/README.md records the change.
"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import GlyphCoordinates


def open_zero(path: str) -> None:
    font = TTFont(path)
    glyf = font["glyf"]
    zero = glyf["zero"]
    if zero.numberOfContours != 3:
        print(f"{path}: zero has {zero.numberOfContours} contours, not 3; left alone")
        return
    ends = list(zero.endPtsOfContours)
    coords = list(zero.coordinates)
    flags = list(zero.flags)
    outer = coords[: ends[0] + 1]
    outer_flags = flags[: ends[0] + 1]
    inner = coords[ends[0] + 1 :]
    ox0, ox1 = min(x for x, _ in outer), max(x for x, _ in outer)
    oy0, oy1 = min(y for _, y in outer), max(y for _, y in outer)
    ix0, ix1 = min(x for x, _ in inner), max(x for x, _ in inner)
    iy0, iy1 = min(y for _, y in inner), max(y for _, y in inner)
    sx, sy = (ix1 - ix0) / (ox1 - ox0), (iy1 - iy0) / (oy1 - oy0)
    hole = [(round(ix0 + (x - ox0) * sx), round(iy0 + (y - oy0) * sy)) for x, y in reversed(outer)]
    zero.coordinates = GlyphCoordinates(outer + hole)
    zero.flags = bytearray(outer_flags + list(reversed(outer_flags)))
    zero.endPtsOfContours = [ends[0], 2 * ends[0] + 1]
    zero.numberOfContours = 2
    zero.program.fromBytecode(b"")  # the slash's hinting no longer fits the outline
    zero.recalcBounds(glyf)
    font.save(path)
    print(f"{path}: open zero")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        open_zero(name)
