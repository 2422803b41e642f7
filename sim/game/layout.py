"""Where everything sits on the 1920x1080 logical screen.

One fixed layout, scaled as a whole to the window, is what keeps a projector
and a laptop showing the same thing; it also lets tests find any control by
its rectangle. The lower band holds the controls (reachable by a seated
student and by a visitor's finger), the city is the largest panel.
"""

from __future__ import annotations

import pygame

W, H = 1920, 1080
LOGICAL_SIZE = (W, H)  # what every scene draws on, scaled into the window
MIN_TARGET = 48  # smallest touch target, logical pixels
MARGIN = 8
TOP_H = 72

MID_Y = 80
MID_BOTTOM = 716
CITY = pygame.Rect(MARGIN, MID_Y, 792, MID_BOTTOM - MID_Y)
COL2_X = CITY.right + MARGIN
COL2_W = 600  # the tree's two branches each need room for a count and two words
ALERT = pygame.Rect(COL2_X, MID_Y, COL2_W, 272)
FUNNEL = pygame.Rect(COL2_X, ALERT.bottom + MARGIN, COL2_W, MID_BOTTOM - ALERT.bottom - MARGIN)
COL3_X = ALERT.right + MARGIN
COL3_W = W - MARGIN - COL3_X
ICONS = pygame.Rect(COL3_X, MID_Y, COL3_W, 226)
WHO_PAYS = pygame.Rect(COL3_X, ICONS.bottom + MARGIN, COL3_W, 218)
DAYS = pygame.Rect(COL3_X, WHO_PAYS.bottom + MARGIN, COL3_W, MID_BOTTOM - WHO_PAYS.bottom - MARGIN)

CONTROLS_Y = MID_BOTTOM + MARGIN
CONTROLS_H = H - MARGIN - CONTROLS_Y
CONTROL_ROW_H = 94  # label row + a 56 px touch target + gap
CONTROL_HEAD_H = 40

# Control groups, left to right: (name, width, columns)
GROUPS: tuple[tuple[str, int, int], ...] = (
    ("search", 320, 1),
    ("cameras", 560, 2),
    ("people", 310, 1),  # "Vertrauen in Alarme" beside its value
    ("feedback", 300, 1),
    ("groups", 382, 1),
)


def group_rects() -> dict[str, pygame.Rect]:
    """The panel rectangle of each control group."""
    out = {}
    x = MARGIN
    for name, width, _cols in GROUPS:
        out[name] = pygame.Rect(x, CONTROLS_Y, width, CONTROLS_H)
        x += width + MARGIN
    return out


def control_slots(group: str) -> list[pygame.Rect]:
    """Rectangles for the controls of one group, column by column."""
    rect = group_rects()[group]
    cols = dict((n, c) for n, _w, c in GROUPS)[group]
    pad = 16
    inner_w = rect.width - 2 * pad
    gap = 24
    col_w = (inner_w - gap * (cols - 1)) // cols
    slots = []
    for c in range(cols):
        for r in range(3):
            slots.append(
                pygame.Rect(
                    rect.x + pad + c * (col_w + gap),
                    rect.y + CONTROL_HEAD_H + r * CONTROL_ROW_H,
                    col_w,
                    CONTROL_ROW_H - 8,
                )
            )
    return slots
