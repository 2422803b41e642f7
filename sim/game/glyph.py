"""An abstract picture of a face code — never a face.

A recognition system compares vectors of numbers, not pictures; the game
draws each vector as a mirrored, rosette-shaped tile so a visitor can *see*
a false match: two codes that are close give tiles that look alike, two
random codes give tiles that are plainly different. Every visual feature is
a smooth function of the code (no thresholds), which is what makes closeness
visible. The pattern is left-right symmetric and built from a 5x5 grid, a
wavy outline and a colour, so it reads as an emblem, not as a face.
"""

from __future__ import annotations

import numpy as np
import pygame

GRID = 5
# Which code component drives which feature (D = 31 components).
_OUTLINE = slice(0, 5)  # 5 outline harmonics
_CELLS = slice(5, 20)  # 15 cells: 5 rows x 3 mirrored columns
_HUE = 20
_HUE2 = 21
_RING = 22


def _hsv_to_rgb(h: np.ndarray, s: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Vectorised HSV -> RGB in 0..1 (h in turns)."""
    i = np.floor(h * 6.0).astype(np.int32) % 6
    f = h * 6.0 - np.floor(h * 6.0)
    p = v * (1 - s)
    q = v * (1 - f * s)
    t = v * (1 - (1 - f) * s)
    choices = [
        np.stack([v, t, p], -1),
        np.stack([q, v, p], -1),
        np.stack([p, v, t], -1),
        np.stack([p, q, v], -1),
        np.stack([t, p, v], -1),
        np.stack([v, p, q], -1),
    ]
    out = np.zeros((*h.shape, 3), dtype=np.float32)
    for k, c in enumerate(choices):
        out[i == k] = c[i == k]
    return out


def glyph_pixels(code: np.ndarray, size: int) -> np.ndarray:
    """RGBA array (size, size, 4) uint8 of the glyph for one face code."""
    z = np.asarray(code, dtype=np.float32).ravel()
    if z.size < 23:
        z = np.pad(z, (0, 23 - z.size))
    norm = float(np.linalg.norm(z)) or 1.0
    z = z / norm * np.sqrt(z.size)  # components ~ N(0, 1) for a random unit vector
    soft = np.tanh(z * 0.8)

    # Pixel grid in [-1, 1]; x mirrored so the picture is left-right symmetric.
    c = (np.arange(size, dtype=np.float32) + 0.5) / size * 2 - 1
    x, y = np.meshgrid(c, c, indexing="ij")  # pygame arrays are [x, y]
    ax = np.abs(x)
    r = np.hypot(x, y)
    theta = np.arctan2(ax, -y)  # 0 at the top, symmetric in x

    # Outline: a rosette whose lobes come from the first components.
    k = np.arange(2, 7, dtype=np.float32)
    wave = (soft[_OUTLINE, None, None] * np.cos(k[:, None, None] * theta[None])).sum(0)
    edge = 0.86 + 0.055 * wave
    inside = r <= edge
    border = inside & (r >= edge - 0.07)

    # Cells: a 5x5 grid, columns mirrored (0 1 2 1 0).
    gx = np.clip(((x + 1) / 2 * GRID).astype(np.int32), 0, GRID - 1)
    gy = np.clip(((y + 1) / 2 * GRID).astype(np.int32), 0, GRID - 1)
    col = np.where(gx > 2, 4 - gx, gx)
    cells = soft[_CELLS].reshape(GRID, 3)
    cell_value = cells[gy, col]

    # Two colours from the code; each cell mixes them smoothly by its value.
    hue1 = np.float32((0.58 + 0.22 * soft[_HUE]) % 1.0)
    hue2 = np.float32((hue1 + 0.33 + 0.12 * soft[_HUE2]) % 1.0)
    pair = _hsv_to_rgb(
        np.array([hue1, hue2], np.float32),
        np.array([0.7, 0.7], np.float32),
        np.array([0.95, 0.95], np.float32),
    )
    mix = (0.5 + 0.5 * cell_value)[..., None]
    shade = (0.5 + 0.45 * np.abs(cell_value))[..., None]
    rgb = (pair[0] * mix + pair[1] * (1 - mix)) * shade
    # A ring whose radius also comes from the code, for a second smooth cue.
    ring_r = 0.45 + 0.15 * soft[_RING]
    rgb[np.abs(r - ring_r) < 0.035] = (0.97, 0.97, 0.97)
    rgb[border] = (0.95, 0.95, 0.95)

    out = np.zeros((size, size, 4), dtype=np.uint8)
    out[..., :3] = np.clip(rgb * 255, 0, 255).astype(np.uint8)
    out[..., 3] = np.where(inside, 255, 0).astype(np.uint8)
    return out


def glyph_surface(code: np.ndarray, size: int) -> pygame.Surface:
    """A per-pixel-alpha surface of the glyph (cache it: it costs ~1 ms at 160 px)."""
    px = glyph_pixels(code, size)
    surf = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.surfarray.pixels3d(surf)[:] = px[..., :3]
    pygame.surfarray.pixels_alpha(surf)[:] = px[..., 3]
    return surf
