"""The cascade as a natural-frequency tree: faces -> alerts -> who -> stops.

People understand "of 1,000,000 faces, 240 alerts, 237 of them innocent"
far better than "precision 1.2%" (Gigerenzer's natural frequencies), so the
tree shows counts of people, each beside what the analytic model expected,
so a student can tell chance from mechanism.
"""

from __future__ import annotations

import pygame

from sim.game.city_view import draw_token
from sim.game.detector_look import dtr
from sim.game.snapshot import Counts, Snapshot
from sim.text.frequency_tree import FORK, LINKS, TREE, box_places, expected_of, label_key
from sim.text.ui import UI

NODE_H = 54
STEP = 58  # row pitch: the last row leaves two lines for the operators' note


#: Room a box gives beside its label and count: colour bar, mark and gaps.
BESIDE = 58


def _two_line_width(ui: UI, label: str) -> int:
    """The narrowest width that holds `label` on two lines of the small size."""
    words = label.split()
    if len(words) < 2:
        return ui.text.width(label, "small")
    width = ui.text.width
    return min(
        max(width(" ".join(words[:i]), "small"), width(" ".join(words[i:]), "small"))
        for i in range(1, len(words))
    )


class FunnelTree:
    """Draws the tree into a panel body; scope is 'today' or 'all'."""

    def __init__(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self._left_share = 0.5

    def counts(self, snap: Snapshot, scope: str) -> Counts:
        """The span the tree shows: today's counts, or the whole run's."""
        return snap.today if scope == "today" else snap.totals

    def draw(self, surf: pygame.Surface, ui: UI, snap: Snapshot, scope: str) -> None:
        th = ui.theme
        c = self.counts(snap, scope)
        self._share_columns(ui, snap.scan_unit, c, snap.detector)
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
            label = dtr(ui, label_key(node, snap.scan_unit), snap.detector)
            color = th.color("charts", node.color)
            n = getattr(c, node.counter)
            self._node(surf, ui, rect, label, n, exp, color, node.state)
        note = dtr(ui, "funnel.note", snap.detector, confirmed=c.confirmed, alerts=c.alerts)
        r, bottom_row = self.rect, max(node.row for node in TREE)
        note_rect = pygame.Rect(r.x, r.y + bottom_row * STEP, self._half(), 0)
        note_rect.height = r.bottom - note_rect.y
        ui.blit_wrapped(surf, note, note_rect, "small", th.ui("text_dim"))

    def rects(self) -> list[pygame.Rect]:
        """Each box of TREE on screen, from the top of the panel's body."""
        r = self.rect
        places = box_places(r.x, r.y, r.width, self._half(), NODE_H, STEP, self._right())
        return [pygame.Rect(place) for place in places]

    def _half(self) -> int:
        """The wanted (left) column's width."""
        return round((self.rect.width - 16) * self._left_share)

    def _right(self) -> int:
        return self.rect.width - 16 - self._half()

    def _share_columns(
        self, ui: UI, scan_unit: str, counts: Counts, detector: str = "faces"
    ) -> None:
        """Split the width between the two columns by what their boxes need.

        Each side gets room in proportion to its widest box: the count, large,
        beside its label (one line of the small size above an expectation, else
        two lines). French needs it on the left ("personnes recherchées
        retrouvées"), Spanish on the right ("paradas a personas inocentes"). The
        split moves only when a count gains a digit, and stays within 40-60%.
        """
        need = {"left": 1, "right": 1}
        for node in TREE:
            if node.column not in need:
                continue
            label = dtr(ui, label_key(node, scan_unit), detector)
            words = ui.text.width(label, "small") if node.expected else _two_line_width(ui, label)
            count = ui.text.width(ui.i18n.num(getattr(counts, node.counter)), "large", bold=True)
            need[node.column] = max(need[node.column], words + count + BESIDE)
        self._left_share = min(0.6, max(0.4, need["left"] / (need["left"] + need["right"])))

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
            # As many lines as the box holds, no more: a label that needs a third
            # is shrunk or cut where the text audit (tests/test_text_fits.py) sees it,
            # never drawn over the box below.
            lines = ui.text.wrap(label, "small", width)
            room = max(1, rect.height // ui.text.line_height("small"))
            box = pygame.Rect(x, 0, width, ui.text.line_height("small") * min(len(lines), room))
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
