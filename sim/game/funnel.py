"""The cascade as a natural-frequency tree: faces -> alerts -> who -> stops.

People understand "of 1,000,000 faces, 240 alerts, 237 of them innocent"
far better than "precision 1.2%" (Gigerenzer's natural frequencies), so the
tree shows counts of people, each beside what the analytic model expected,
so a student can tell chance from mechanism.
"""

from __future__ import annotations

import pygame

from sim.detector_text import scans_key
from sim.game.city_view import draw_token
from sim.game.snapshot import Counts, Snapshot
from sim.game.ui import UI

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
        r = self.rect
        half = (r.width - 16) // 2
        full = pygame.Rect(r.x, r.y, r.width, NODE_H)
        left = pygame.Rect(r.x, 0, half, NODE_H)
        right = pygame.Rect(r.right - half, 0, half, NODE_H)
        rows = [r.y + i * STEP for i in range(5)]

        def exp_text(value: float) -> str:
            return ui.tr("funnel.expected", n=ui.i18n.num(float(value), 1 if value < 100 else 0))

        exp_alerts = c.expected_false_alerts + c.expected_true_alerts
        nodes = [
            (
                full.move(0, rows[0] - r.y),
                scans_key(snap.scan_unit),
                c.faces_scanned,
                "",
                "faces",
                None,
            ),
            (
                full.move(0, rows[1] - r.y),
                "funnel.alerts",
                c.alerts,
                exp_text(exp_alerts),
                "alerts",
                "flagged",
            ),
            (
                left.move(0, rows[2]),
                "funnel.wanted",
                c.true_alerts,
                exp_text(c.expected_true_alerts),
                "wanted",
                None,
            ),
            (
                right.move(0, rows[2]),
                "funnel.innocent",
                c.false_alerts,
                exp_text(c.expected_false_alerts),
                "innocent",
                None,
            ),
            (left.move(0, rows[3]), "funnel.found", c.wanted_found, "", "wanted", "found"),
            (right.move(0, rows[3]), "funnel.stopped", c.wrongful_stops, "", "stops", "stopped"),
            (
                right.move(0, rows[4]),
                "funnel.detained",
                c.wrongful_detentions,
                "",
                "detained",
                "detained",
            ),
        ]
        line = th.color("charts", "grid")
        links = [(0, 1), (1, 2), (1, 3), (2, 4), (3, 5), (5, 6)]
        for a, b in links:
            ra, rb = nodes[a][0], nodes[b][0]
            pygame.draw.line(surf, line, (rb.centerx, ra.bottom), (rb.centerx, rb.top), 3)
            if a == 1:
                pygame.draw.line(surf, line, (ra.centerx, ra.bottom), (rb.centerx, ra.bottom), 3)
        for rect, key, n, exp, color, token in nodes:
            self._node(surf, ui, rect, ui.tr(key), n, exp, th.color("charts", color), token)
        note = ui.tr(
            "funnel.note",
            confirmed=c.confirmed,
            alerts=c.alerts,
        )
        note_rect = pygame.Rect(r.x, rows[4], half, r.bottom - rows[4])
        ui.blit_wrapped(surf, note, note_rect, "small", th.ui("text_dim"))

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
