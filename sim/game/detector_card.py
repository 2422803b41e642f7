"""The alert card for a detector that is not face recognition: guns, plates, calls.

A face alert is two face codes and a similarity; these alerts are something
else, and drawing face codes for them would mislead. Each gets its own top
half, made of what the detector really compared:

* plates: the plate the camera read beside the car's real plate, the
  characters it got wrong marked by an underline and a colour, and whether
  the read hit a stolen car (a misread) or a recovered car still listed;
* guns: the person (a pictogram, never a face) with the detector's mark,
  and whether they really carried a gun;
* calls: the call (a speech bubble) and its speaker's group with the share
  of words speech-to-text mishears for that group.

The lower half (where the alert is now, and its road: alert, review,
response, outcome) is the face card's, in the detector's words.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame

from sim.game.city_view import draw_token
from sim.game.detector_look import detector_of, draw_mark, dtr
from sim.game.icon_array import figure
from sim.text.ui import UI

PLATE_W, PLATE_H = 236, 62
MISREAD = 1  # Scan.detail of a plate read that differs from the plate (sim/model/detectors)


def plate_text(code: int) -> str:
    """A plate code as its characters (the model's encoding, base 36 by position)."""
    from sim.model.detectors.plates import text

    return text(int(code))


def draw_plate(
    surf: pygame.Surface,
    ui: UI,
    rect: pygame.Rect,
    chars: str,
    wrong: set[int] | None = None,
) -> None:
    """A licence plate: light plate, dark border, its characters; ``wrong`` ones marked.

    A wrong character is drawn in the warning colour and underlined, so the
    difference reads without colour vision too.
    """
    th = ui.theme
    pygame.draw.rect(surf, (238, 238, 228), rect, 0, 8)
    pygame.draw.rect(surf, (20, 20, 20), rect, 3, 8)
    wrong = wrong or set()
    step = (rect.width - 24) / max(len(chars), 1)
    for i, ch in enumerate(chars):
        cx = round(rect.x + 12 + (i + 0.5) * step)
        colour = th.color("palette", "vermillion") if i in wrong else (20, 20, 20)
        ui.blit_text(surf, ch, (cx, rect.centery - 2), "large", colour, bold=True, anchor="center")
        if i in wrong:
            y = rect.bottom - 10
            pygame.draw.line(surf, colour, (cx - 10, y), (cx + 10, y), 4)


def draw_top(surf: pygame.Surface, ui: UI, model: Any, alert: Any, r: pygame.Rect) -> int:
    """The detector's own half of the card; returns the y where the shared half starts."""
    detector = detector_of(model)
    if detector == "plates":
        return _draw_plates(surf, ui, model, alert, r)
    if detector == "calls":
        return _draw_call(surf, ui, model, alert, r)
    return _draw_weapon(surf, ui, model, alert, r)


def _caption(surf: pygame.Surface, ui: UI, text: str, center_x: int, y: int, width: int) -> None:
    ui.blit_text(
        surf,
        text,
        (center_x, y),
        "small",
        ui.theme.ui("text_dim"),
        anchor="midtop",
        max_width=width,
    )


def verdict(surf: pygame.Surface, ui: UI, r: pygame.Rect, y: int, key: str, true: bool) -> None:
    """Real target or not: the map's token and words, not only a colour."""
    th = ui.theme
    draw_token(surf, th, "found" if true else "flagged", (r.x + 10, y + 14))
    ui.blit_text(
        surf,
        ui.tr(key),
        (r.x + 28, y + 14),
        "label",
        th.color("charts", "wanted" if true else "innocent"),
        bold=True,
        anchor="midleft",
        max_width=r.width - 28,
    )


def _draw_plates(surf: pygame.Surface, ui: UI, model: Any, alert: Any, r: pygame.Rect) -> int:
    det = model.detector
    log = alert.log
    row = alert.row
    person = alert.person
    real = plate_text(int(det.code[person])) if 0 <= person < len(det.code) else "???????"
    if row >= 0:
        read = plate_text(int(log.col("entry")[row]))
        misread = int(log.col("detail")[row]) == MISREAD
    else:  # the row was forgotten: the card keeps the car's plate only
        read, misread = real, False
    wrong = {i for i, (a, b) in enumerate(zip(read, real, strict=False)) if a != b}
    left = pygame.Rect(r.x, r.y + 4, PLATE_W, PLATE_H)
    right = pygame.Rect(r.right - PLATE_W, r.y + 4, PLATE_W, PLATE_H)
    draw_plate(surf, ui, left, read, wrong)
    draw_plate(surf, ui, right, real)
    half = r.width // 2 - 12
    _caption(surf, ui, ui.tr("dalert.plate_read"), left.centerx, left.bottom + 4, half)
    _caption(surf, ui, ui.tr("dalert.plate_real"), right.centerx, right.bottom + 4, half)
    mid_x = (left.right + right.x) // 2
    sign = "≠" if wrong else "="
    ui.blit_text(
        surf, sign, (mid_x, left.centery), "title", ui.theme.ui("heading"), True, anchor="center"
    )
    y = left.bottom + 30
    if alert.is_true:
        key = "dalert.plate_wanted"
    elif misread:
        key = "dalert.plate_misread"
    else:
        key = "dalert.plate_stale"
    verdict(surf, ui, r, y, key, bool(alert.is_true))
    return y + 36


def _draw_weapon(surf: pygame.Surface, ui: UI, model: Any, alert: Any, r: pygame.Rect) -> int:
    th = ui.theme
    colour = th.color("charts", "wanted" if alert.is_true else "innocent")
    surf.blit(figure(56, 80, colour, solid=bool(alert.is_true)), (r.x + 6, r.y + 4))
    draw_mark(surf, ui, "weapons", (r.x + 84, r.y + 26), 16)
    group = _group(model, alert.person)
    box = pygame.Rect(r.x + 112, r.y + 4, r.width - 112, 84)
    ui.blit_wrapped(
        surf,
        ui.tr("dalert.weapon_what", id=str(alert.person), group=group),
        box,
        "body",
        th.ui("text"),
    )
    y = r.y + 96
    verdict(
        surf,
        ui,
        r,
        y,
        "dalert.weapon_real" if alert.is_true else "dalert.weapon_none",
        alert.is_true,
    )
    return y + 36


def _draw_call(surf: pygame.Surface, ui: UI, model: Any, alert: Any, r: pygame.Rect) -> int:
    th = ui.theme
    draw_mark(surf, ui, "calls", (r.x + 30, r.y + 34), 26)
    group = _group(model, alert.person)
    wer = _wer(model, alert.person)
    # what was flagged on one line, how well this speaker's group is heard on two
    line = ui.text.line_height("body")
    what = pygame.Rect(r.x + 72, r.y + 4, r.width - 72, line)
    ui.blit_wrapped(
        surf, ui.tr("dalert.call_what", id=str(alert.person)), what, "body", th.ui("text")
    )
    if wer is not None:
        box = pygame.Rect(what.x, what.bottom, what.width, 2 * line)
        text = ui.tr("dalert.call_wer", group=group, wer=ui.i18n.percent(wer))
        ui.blit_wrapped(surf, text, box, "body", th.ui("text_dim"))
    y = r.y + 96
    verdict(
        surf,
        ui,
        r,
        y,
        "dalert.call_real" if alert.is_true else "dalert.call_innocent",
        alert.is_true,
    )
    return y + 36


def _group(model: Any, person: int) -> str:
    ppl = model.people
    if not 0 <= person < ppl.n:
        return "?"
    return str(ppl.group_names[int(ppl.group[person])])


def _wer(model: Any, person: int) -> float | None:
    """The speaker's word error rate (the call detector's, after knobs), if known."""
    wer = getattr(model.detector, "wer", None)
    if wer is None or not 0 <= person < len(wer):
        return None
    return float(np.asarray(wer)[person])


def status_text(ui: UI, model: Any, status: str) -> str:
    """Where the alert is now, in the detector's words ("held at gunpoint, no gun")."""
    key = "alert.status." + status
    if not ui.i18n.has(key):
        return status
    return dtr(ui, key, detector_of(model))
