"""Glyphs: close face codes look alike, random ones differ, and no glyph is a face."""

from __future__ import annotations

import numpy as np

from sim.game.glyph import glyph_pixels

D = 31


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _near(base: np.ndarray, cos: float, rng: np.random.Generator) -> np.ndarray:
    noise = rng.normal(size=D)
    noise -= noise.dot(base) * base
    return _unit(cos * base + np.sqrt(1 - cos**2) * _unit(noise))


def _diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(glyph_pixels(a, 64).astype(int) - glyph_pixels(b, 64).astype(int)).mean())


def test_close_codes_look_alike_and_random_codes_differ() -> None:
    rng = np.random.default_rng(5)
    close, far = [], []
    for _ in range(20):
        base = _unit(rng.normal(size=D))
        close.append(_diff(base, _near(base, 0.97, rng)))
        far.append(_diff(base, _unit(rng.normal(size=D))))
    assert np.median(close) * 2.5 < np.median(far)


def test_glyph_is_mirror_symmetric_and_deterministic() -> None:
    code = _unit(np.random.default_rng(1).normal(size=D))
    px = glyph_pixels(code, 80)
    assert np.array_equal(px, px[::-1, :, :])  # arrays are [x, y]: left-right mirror
    assert np.array_equal(px, glyph_pixels(code, 80))
    assert px[..., 3].any() and not px[..., 3].all()  # a shape, not a filled square
