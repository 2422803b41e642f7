"""A few stable screens and the report, compared with reference PNGs (pyxel-style).

Colour counts say a picture is not blank; they do not notice a panel drawn
in the wrong place. These tests render deterministic screens headless (fixed
seed, fixed frame count and frame length, no clock text) and compare them
pixel by pixel with images stored in tests/reference/. Regenerate them after
an intended change of the look with

    pytest tests/test_reference_images.py --regen-references

(or ONE_IN_A_MILLION_REGEN_REFERENCES=1) and look at the new PNGs before
committing them.

Images are downscaled 4x (smoothscale, a fixed box filter) to keep the
references small (about 480x270). Tolerance: a pixel differs when a channel
differs by more than PIXEL_TOL (16 of 255); an image matches when at most
MAX_DIFF_SHARE (0.2%) of its pixels differ. Font rasterisation is
deterministic with the bundled fonts and pygame-ce pinned below 2.6, so a
re-render on the same versions is exact; the tolerance only absorbs
rounding differences of the SIMD paths of smoothscale between machines.
A layout change moves text and edges and changes far more pixels than that:
`test_the_comparison_rejects_a_shifted_layout` proves it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pygame
import pytest

from tests.test_game_support import make_app

REFERENCE = Path(__file__).parent / "reference"
SCALE = 4
PIXEL_TOL = 16
MAX_DIFF_SHARE = 0.002


def downscaled(surface: pygame.Surface) -> pygame.Surface:
    w, h = surface.get_size()
    return pygame.transform.smoothscale(surface.convert(24), (w // SCALE, h // SCALE))


def diff_share(a: pygame.Surface, b: pygame.Surface) -> float:
    """Share of pixels whose largest channel difference exceeds PIXEL_TOL (1.0: other size)."""
    if a.get_size() != b.get_size():
        return 1.0
    x = pygame.surfarray.array3d(a).astype(np.int16)
    y = pygame.surfarray.array3d(b).astype(np.int16)
    bad = np.abs(x - y).max(axis=2) > PIXEL_TOL
    return float(bad.mean())


def check_reference(name: str, surface: pygame.Surface, regen: bool) -> None:
    """Compare with tests/reference/<name>.png, or write it when regenerating."""
    small = downscaled(surface)
    path = REFERENCE / f"{name}.png"
    if regen or not path.exists():
        if not regen:
            pytest.fail(f"no reference image {path.name}: run with --regen-references")
        REFERENCE.mkdir(exist_ok=True)
        pygame.image.save(small, str(path))
        return
    reference = pygame.image.load(str(path))
    share = diff_share(small, reference)
    assert share <= MAX_DIFF_SHARE, f"{name}: {share:.2%} of pixels differ from {path.name}"


@pytest.fixture(autouse=True)
def _default_preferences(tmp_path, monkeypatch) -> None:
    """Never the machine's saved preferences (language, text size, projector): the defaults."""
    from sim.game import preferences

    monkeypatch.setattr(preferences, "preferences_path", lambda: tmp_path / "prefs.toml")


# ----------------------------------------------------------------------- screens
def _screen(start: str, frames: int = 3, **kwargs) -> pygame.Surface:
    pygame.display.quit()
    app = make_app(start=start, size=(1920, 1080), **kwargs)
    for _ in range(frames):
        app.frame(1 / 60)
    shot = app.logical.copy()
    pygame.display.quit()
    return shot


def _report() -> pygame.Surface:
    from sim.model import Model
    from sim.report import render_report
    from sim.scenario import apply_overrides, load_scenario

    scn = load_scenario("city")
    model = Model(apply_overrides(scn.params, ["people=3000", "hours=6", "start_hour=7"]), seed=3)
    model.run()
    out = Path(tempfile.mkdtemp()) / "report.png"
    render_report(model, scn, out)
    return pygame.image.load(str(out))


SCREENS = {
    "title": lambda: _screen("title"),
    "about": lambda: _screen("about"),
    "story-ch1-question": lambda: _screen("story", chapter=1),
    "report-city-6h": _report,
}


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_matches_its_reference(name: str, regen_references: bool) -> None:
    check_reference(name, SCREENS[name](), regen_references)


def test_the_comparison_rejects_a_shifted_layout() -> None:
    """A screen drawn 8 logical pixels to the right (2 reference pixels) must not pass."""
    shot = SCREENS["title"]()
    reference = pygame.image.load(str(REFERENCE / "title.png"))
    assert diff_share(downscaled(shot), reference) <= MAX_DIFF_SHARE  # the control
    moved = pygame.Surface(shot.get_size())
    moved.fill(shot.get_at((0, 0)))
    moved.blit(shot, (8, 0))
    assert diff_share(downscaled(moved), reference) > 5 * MAX_DIFF_SHARE
    # one panel missing (a box of the background colour over the middle) also fails
    hidden = shot.copy()
    hidden.fill(shot.get_at((0, 0)), pygame.Rect(660, 380, 600, 320))
    assert diff_share(downscaled(hidden), reference) > MAX_DIFF_SHARE
