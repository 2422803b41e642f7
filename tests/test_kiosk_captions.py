"""Attract captions: deterministic rotation, calmer under reduced motion."""

from __future__ import annotations

import pytest

from sim.kiosk.captions import ATTRACT_CAPTION_KEYS, CaptionRotation


def test_rotation_visits_every_caption_in_order() -> None:
    rot = CaptionRotation(8.0)
    seen = [rot.at(8.0 * i + 4.0).key for i in range(len(ATTRACT_CAPTION_KEYS) + 1)]
    assert seen == [*ATTRACT_CAPTION_KEYS, ATTRACT_CAPTION_KEYS[0]]


def test_first_caption_is_there_at_once() -> None:
    frame = CaptionRotation(8.0).at(0.0)
    assert frame.key == ATTRACT_CAPTION_KEYS[0] and frame.alpha == 1.0


def test_fades_between_captions() -> None:
    rot = CaptionRotation(10.0)
    assert rot.at(5.0).alpha == 1.0
    assert rot.at(9.95).alpha < 0.1  # fading out
    assert rot.at(10.05).alpha < 0.1 and rot.at(10.05).index == 1  # fading in
    assert all(0.0 <= rot.at(t / 10).alpha <= 1.0 for t in range(0, 1000))


def test_reduced_motion_is_slower() -> None:
    calm = CaptionRotation(8.0, reduced_motion=True)
    assert calm.effective_period == 16.0
    assert calm.at(12.0).index == 0 and CaptionRotation(8.0).at(12.0).index == 1
    # fades last longer too: at the same distance after a switch, still fainter
    assert calm.at(16.4).alpha < CaptionRotation(8.0).at(8.4).alpha < 1.0


def test_single_caption_never_fades() -> None:
    rot = CaptionRotation(5.0, keys=("kiosk.attract.1",))
    assert {rot.at(t / 4).alpha for t in range(100)} == {1.0}


def test_negative_elapsed_is_clamped() -> None:
    assert CaptionRotation(8.0).at(-3.0).index == 0


@pytest.mark.parametrize("period", [0.0, -1.0])
def test_rejects_bad_period(period: float) -> None:
    with pytest.raises(ValueError):
        CaptionRotation(period)
