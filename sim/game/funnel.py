"""The cascade as a natural-frequency tree: faces -> alerts -> who -> stops.

People understand "of 1,000,000 faces, 240 alerts, 237 of them innocent"
far better than "precision 1.2%" (Gigerenzer's natural frequencies), so the
tree shows counts of people, each beside what the analytic model expected,
so a student can tell chance from mechanism.
"""

from __future__ import annotations

import pygame

from sim.game.city_view import draw_token
from sim.game.snapshot import Counts, Snapshot
from sim.text.frequency_tree import FORK, LINKS, TREE, box_places, expected_of, label_key
from sim.text.ui import UI

NODE_H = 54
STEP = 58  # row pitch: the last row leaves two lines for the operators' note


class FunnelTree:
    """Draws the tree into a panel body; scope is 'today' or 'all'."""

    def __init__(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)

    def counts(self, snap: Snapshot, scope: str) -> Counts:
        """The span the tree shows: today's counts, or the whole run's."""
        return snap.today if scope == "today" else snap.totals

    def draw(self, surf: pygame.Surface, ui: UI, snap: Snapshot, scope: str) -> None:
        th = ui.theme
        c = self.counts(snap, scope)
        rects = self.rects()
        line = th.color("charts", "grid")
        for a, b in LINKS:
            ra, rb = rects[a], rects[b]
            pygame.draw.line(surf, line, (rb.centerx, ra.bottom), (rb.centerx, rb.top), 3)
            if a == FORK:
                pygame.draw.line(surf, line, (ra.centerx, ra.bottom), (rb.centerx, ra.bottom), 3)
        for node, rect in zip(TREE, rects, strict=True):
            expected = expected_of(node, {n: getattr(c, f"expected_{n}") for n in node.expected})
            exp = "" if expected is None else self._expected_text(ui, expected)
            label = ui.tr(label_key(node, snap.scan_unit))
            color = th.color("charts", node.color)
            n = getattr(c, node.counter)
            self._node(surf, ui, rect, label, n, exp, color, node.state)
        note = ui.tr("funnel.note", confirmed=c.confirmed, alerts=c.alerts)
        r, bottom_row = self.rect, max(node.row for node in TREE)
        note_rect = pygame.Rect(r.x, r.y + bottom_row * STEP, self._half(), 0)
        note_rect.height = r.bottom - note_rect.y
        ui.blit_wrapped(surf, note, note_rect, "small", th.ui("text_dim"))

    def rects(self) -> list[pygame.Rect]:
        """Each box of TREE on screen, from the top of the panel's body."""
        r = self.rect
        places = box_places(r.x, r.y, r.width, self._half(), NODE_H, STEP)
        return [pygame.Rect(place) for place in places]

    def _half(self) -> int:
        return (self.rect.width - 16) // 2

    @staticmethod
    def _expected_text(ui: UI, value: float) -> str:
        return ui.tr("funnel.expected", n=ui.i18n.num(float(value), 1 if value < 100 else 0))

    def _node(
        self,
        surf: pygame.Surface,
        ui: UI,
        rect: pygame.Rect,
        label: str,
        n: int,
        expected: str,
        color: tuple[int, int, int],
        token: str | None,
    ) -> None:
        """A box: the count large on the left, the label and expectation beside it."""
        th = ui.theme
        pygame.draw.rect(surf, th.ui("button"), rect, 0, 8)
        pygame.draw.rect(surf, color, (rect.x, rect.y, 8, rect.height), 0, 4)
        x = rect.x + 16
        if token:
            draw_token(surf, th, token, (x + 8, rect.centery))
            x += 24
        num = ui.blit_text(
            surf,
            ui.i18n.num(n),
            (x, rect.centery),
            "large",
            th.ui("heading"),
            bold=True,
            anchor="midleft",
            max_width=rect.right - x - 60,
        )
        x = num.right + 10
        width = rect.right - 8 - x
        one_line = ui.text.width(label, "body") <= width
        if expected:
            size = "body" if one_line else "small"  # a long label: the smaller of two sizes
            ui.blit_text(surf, label, (x, rect.y + 3), size, th.ui("text"), max_width=width)
            ui.blit_text(
                surf,
                expected,
                (x, rect.bottom - 3),
                "small",
                th.ui("text_dim"),
                anchor="bottomleft",
                max_width=width,
            )
        elif not one_line:  # two lines in the smaller size, never cut
            lines = ui.text.wrap(label, "small", width)
            box = pygame.Rect(x, 0, width, ui.text.line_height("small") * len(lines))
            box.centery = rect.centery
            ui.blit_wrapped(surf, label, box, "small", th.ui("text"))
        else:
            ui.blit_text(
                surf,
                label,
                (x, rect.centery),
                "body",
                th.ui("text"),
                anchor="midleft",
                max_width=width,
            )
