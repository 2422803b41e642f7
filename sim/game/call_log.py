"""The prison and its call log: what the sandbox shows where the city would be, for calls.

A prison-call monitor has no street and no camera: every call is turned into
text and searched for keywords. So the map's place holds the prison's
people, one token each, in blocks by group (the groups' speech is heard
with different word error rates), in the same tokens as the city: a dot for
someone not on the phone, a hollow square while their call is transcribed,
a triangle for a flagged call, a diamond once staff act on it. Under them,
the call log: the latest flagged calls, newest first, each with its time,
caller, group, and what became of the flag, in shape and words.

It offers what the sandbox asks of its map view (`bind`, `draw`, `pick`,
`area`, `map_rect`, `sample`, `total_people`), so the sandbox treats it as
a city.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pygame

from sim.game.city_view import NOTABLE_STATE, PICK_RADIUS, STATE_NAMES, draw_stamp, make_stamps
from sim.game.city_view import _outline as outline_of
from sim.game.detector_card import status_text
from sim.game.detector_look import draw_mark
from sim.text.ui import UI

LOG_ROWS = 5  # flagged calls listed under the prison
ROW_H = 34
HEAD_H = 34  # a group's heading over its block
PAD = 12
#: A flag's outcome, as the token the map gives a person in that state.
STATUS_TOKEN = {
    "pending": "flagged",
    "confirmed": "flagged",
    "passed": "flagged",
    "waiting": "flagged",
    "dismissed": "captured",
    "expired": "captured",
    "missed": "flagged",
    "released": "stopped",
    "detained": "detained",
    "found": "found",
}


class CallLogView:
    """The prison's people by group above the log of flagged calls."""

    def __init__(self, rect: pygame.Rect, ui: UI, adaptive: bool = True) -> None:
        self.area = pygame.Rect(rect)
        self.ui = ui
        self.stamps = make_stamps()
        self.model: Any = None
        self.surface = pygame.Surface(self.area.size)
        log_h = LOG_ROWS * ROW_H + ui.text.line_height("body") + 2 * PAD
        self.prison = pygame.Rect(0, 0, self.area.width, self.area.height - log_h)
        self.log_rect = pygame.Rect(0, self.prison.bottom, self.area.width, log_h)
        self.map_rect = pygame.Rect(self.prison)  # where a tap picks a person
        self.sample = np.zeros(0, np.int64)
        self.total_people = 0
        self.px = np.zeros(0, np.int32)
        self.py = np.zeros(0, np.int32)
        self.blocks: list[tuple[str, int, pygame.Rect]] = []  # group, people, block
        self.walking_stamp = "walking_3"

    # --- layout -------------------------------------------------------------
    def bind(self, model: Any) -> None:
        """Attach a model: one token per person, in a block per group."""
        self.model = model
        ppl = model.people
        n = int(ppl.n)
        self.total_people = n
        self.sample = np.arange(n)  # everyone is drawn: no "showing N of M" note
        group = np.asarray(ppl.group)
        names = list(ppl.group_names)
        counts = np.bincount(group, minlength=len(names)) if n else np.zeros(len(names), int)
        inner = self.prison.inflate(-2 * PAD, -2 * PAD)
        used = [i for i in range(len(names)) if counts[i] > 0] or [0]
        share = np.array([counts[i] for i in used], float)
        share = share / share.sum() if share.sum() else np.ones(len(used)) / len(used)
        gap = 16
        room = inner.width - gap * (len(used) - 1)
        x = inner.x
        self.px = np.zeros(n, np.int32)
        self.py = np.zeros(n, np.int32)
        self.blocks = []
        widths = []
        for k in range(len(used)):
            widths.append(room - sum(widths) if k == len(used) - 1 else round(room * share[k]))
        height = inner.height - HEAD_H
        spacing = []
        for k, g in enumerate(used):
            w = widths[k]
            block = pygame.Rect(x, inner.y + HEAD_H, max(w, 1), height)
            members = np.flatnonzero(group == g)
            # as many columns as keep the cells near square, the block filled
            cols = max(1, math.ceil(math.sqrt(members.size * block.width / max(block.height, 1))))
            rows = max(1, math.ceil(members.size / cols))
            sx, sy = block.width / cols, block.height / rows
            spacing.append(min(sx, sy))
            i = np.arange(members.size)
            self.px[members] = (block.x + sx * (i % cols + 0.5)).astype(np.int32)
            self.py[members] = (block.y + sy * (i // cols + 0.5)).astype(np.int32)
            self.blocks.append((str(names[g]), int(members.size), block))
            x += w + gap
        pitch = min(spacing, default=14.0)
        self.walking_stamp = "walking_4" if pitch >= 8 else "walking_3"

    # --- every frame ----------------------------------------------------------
    def draw(
        self,
        target: pygame.Surface,
        t: float,
        highlight: tuple[int, int] | None = None,
        selected: int | None = None,
    ) -> None:
        """The prison's people and the call log at the model's time ``t``."""
        if self.model is None:
            return
        if int(self.model.people.n) != self.total_people:
            self.bind(self.model)
        ui, th = self.ui, self.ui.theme
        s = self.surface
        s.fill(th.ui("panel"))
        s.fill(th.color("city", "ground"), self.prison)
        for name, count, block in self.blocks:
            heading = ui.tr("calllog.group", name=name, n=count)
            ui.blit_text(
                s,
                heading,
                (block.x, block.y - HEAD_H + 4),
                "body",
                th.ui("heading"),
                True,
                max_width=block.width,
            )
        self._draw_people(s)
        for person in (highlight[0] if highlight else None, selected):
            if person is not None and 0 <= person < self.total_people:
                x, y = int(self.px[person]), int(self.py[person])
                pygame.draw.circle(s, (0, 0, 0), (x, y), 19, 3)
                pygame.draw.circle(s, th.ui("focus"), (x, y), 16, 3)
        self._draw_log(s)
        target.blit(s, self.area)

    def _draw_people(self, s: pygame.Surface) -> None:
        th = self.ui.theme
        state = np.asarray(self.model.people.state)
        pixels = pygame.surfarray.pixels2d(s)
        try:
            walker = self.stamps[self.walking_stamp]
            draw_stamp(pixels, walker, self.px, self.py, s.map_rgb(th.state("walking")), 0)
            special = np.flatnonzero(state)
            sst = state[special]
            for code in range(1, len(STATE_NAMES)):
                sel = special[sst == code]
                if sel.size:
                    name = STATE_NAMES[code]
                    draw_stamp(
                        pixels,
                        self.stamps[name],
                        self.px[sel],
                        self.py[sel],
                        s.map_rgb(th.state(name)),
                        s.map_rgb(outline_of(th, name)),
                    )
        finally:
            del pixels

    def _draw_log(self, s: pygame.Surface) -> None:
        """The latest flagged calls, newest first."""
        ui, th = self.ui, self.ui.theme
        r = self.log_rect.inflate(-2 * PAD, -2 * PAD)
        today = self._today()
        head = ui.tr(
            "calllog.today",
            calls=ui.i18n.num(int(today["faces_scanned"])),
            flags=ui.i18n.num(int(today["alerts"])),
        )
        ui.blit_text(s, head, r.topleft, "body", th.ui("heading"), True, max_width=r.width)
        y = r.y + ui.text.line_height("body") + 4
        alerts = list(self.model.recent_alerts)[::-1][:LOG_ROWS]
        if not alerts:
            ui.blit_text(
                s, ui.tr("calllog.none"), (r.x, y + 4), "body", th.ui("text_dim"), max_width=r.width
            )
            return
        for alert in alerts:
            row = pygame.Rect(r.x, y, r.width, ROW_H - 4)
            pygame.draw.rect(s, th.ui("button"), row, 0, 6)
            draw_mark(s, ui, "calls", (row.x + 18, row.centery), 11)
            clock = _clock(ui, alert.time)
            who = ui.tr("calllog.row", time=clock, id=str(alert.person), group=_group(self, alert))
            img_w = ui.blit_text(
                s,
                who,
                (row.x + 38, row.centery),
                "small",
                th.ui("text"),
                anchor="midleft",
                max_width=row.width // 2 - 38,
            ).width
            status = str(alert.status)
            token = STATUS_TOKEN.get(status, "flagged")
            x = max(row.x + 38 + img_w + 16, row.x + row.width // 2)
            pixels = pygame.surfarray.pixels2d(s)
            try:
                draw_stamp(
                    pixels,
                    self.stamps[token],
                    np.array([x + 8]),
                    np.array([row.centery]),
                    s.map_rgb(th.state(token)),
                    s.map_rgb(outline_of(th, token)),
                )
            finally:
                del pixels
            ui.blit_text(
                s,
                status_text(ui, self.model, status),
                (x + 24, row.centery),
                "small",
                th.ui("text"),
                anchor="midleft",
                max_width=row.right - x - 30,
            )
            y += ROW_H

    def _today(self) -> dict[str, Any]:
        """Today's counts; at the midnight that ends a run, the day just closed (as the panels)."""
        model = self.model
        history = list(getattr(model, "history", []) or [])
        if history and int(history[-1]["day"]) == int(model.day):
            return history[-1]
        return model.today

    # --- picking -------------------------------------------------------------
    def pick(self, pos: tuple[int, int], radius: float = PICK_RADIUS) -> int | None:
        """The person whose token is nearest a tap, flagged people first (as on the city)."""
        if self.model is None or self.total_people == 0:
            return None
        dx = self.px.astype(np.float32) - np.float32(pos[0] - self.area.x)
        dy = self.py.astype(np.float32) - np.float32(pos[1] - self.area.y)
        d2 = dx * dx + dy * dy
        near = d2 <= np.float32(radius * radius)
        if not near.any():
            return None
        st = np.asarray(self.model.people.state)
        notable = near & (st >= NOTABLE_STATE)
        pool = notable if notable.any() else near
        return int(np.argmin(np.where(pool, d2, np.inf)))

    def screen_pos(self, person: int) -> tuple[int, int]:
        """Logical-screen position of a person's token (for tests)."""
        return self.area.x + int(self.px[person]), self.area.y + int(self.py[person])


def _clock(ui: UI, t: float) -> str:
    """The hour of a call (the day is in the log's heading)."""
    sec = int(t % 86400)
    return ui.tr("calllog.clock", hh=f"{sec // 3600:02d}", mm=f"{sec % 3600 // 60:02d}")


def _group(view: CallLogView, alert: Any) -> str:
    ppl = view.model.people
    person = alert.person
    if not 0 <= person < ppl.n:
        return "?"
    return str(ppl.group_names[int(ppl.group[person])])
