"""Resizing the window keeps the layout: same logical screen, letterboxed, clicks still land."""

from __future__ import annotations

import pygame

from sim.game import layout as L
from tests.test_game_support import click, make_app


def _threshold(app):
    return next(w for w in app.scenes[-1].controls if w.name == "threshold")


def test_resize_letterboxes_and_clicks_still_hit_controls() -> None:
    app = make_app(size=(1366, 768))
    app.frame(1 / 60)
    assert app.viewport == pygame.Rect(0, 0, 1366, 768)
    before = [w.rect.copy() for w in app.scenes[-1].focus.widgets]

    pygame.display.set_mode((1000, 1000), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1000, h=1000, size=(1000, 1000)))
    app.frame(1 / 60)
    v = app.viewport
    assert v.width == 1000 and 560 <= v.height <= 564 and v.y > 200  # bars above and below
    # Logical layout untouched by the resize.
    assert [w.rect for w in app.scenes[-1].focus.widgets] == before
    # A click in window pixels lands on the same control.
    slider = _threshold(app)
    click(app, (slider.track.x + 1, slider.track.centery))
    assert app.session.model.params.threshold == slider.lo
    click(app, (slider.track.right - 1, slider.track.centery))
    assert app.session.model.params.threshold == slider.hi
    # Outside the picture (in the black bar) nothing is hit.
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(500, 50), button=1))
    app.frame(1 / 60)
    assert app.session.model.params.threshold == slider.hi
    # The window shows black bars and the picture between them.
    win = pygame.display.get_surface()
    assert win.get_at((500, 5))[:3] == (0, 0, 0)
    assert win.get_at((500, v.centery))[:3] != (0, 0, 0)


def test_window_to_logical_round_trip() -> None:
    app = make_app(size=(1280, 800))
    for point in [(0, 0), (960, 540), (1919, 1079), (L.CITY.centerx, L.CITY.centery)]:
        back = app.to_logical(app.to_window(point))
        assert abs(back[0] - point[0]) <= 2 and abs(back[1] - point[1]) <= 2


def test_panels_do_not_overlap_and_fit_the_screen() -> None:
    rects = {
        "city": L.CITY,
        "alert": L.ALERT,
        "funnel": L.FUNNEL,
        "icons": L.ICONS,
        "who": L.WHO_PAYS,
        "days": L.DAYS,
        **{f"group:{k}": v for k, v in L.group_rects().items()},
    }
    screen = pygame.Rect(0, L.TOP_H, L.W, L.H - L.TOP_H)
    names = list(rects)
    for i, a in enumerate(names):
        assert screen.contains(rects[a]), a
        for b in names[i + 1 :]:
            assert not rects[a].colliderect(rects[b]), (a, b)
