"""The story's city maps: one or two running cities in the left panel, with clock and key.

A chapter's runs that show a city (`ChapterRunner.city_models`) get one map
each, stacked; the challenge gets one map for the day being played. Each map
says which run it is, what time it is in the simulation, what its marks mean,
and when only a sample of the crowd is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pygame

from sim.game.city_view import CityView, draw_state_legend, legend_height
from sim.game.scenes.story_layout import LEFT
from sim.text.ui import UI

MAX_DRAWN = 24_000  # people drawn in the story's city panel (a fixed sample above that)
LEGEND_INSET = 8
HEADER_H = 44  # a map's name and clock above it
NOTE_PX = 22  # the notes under a map (hours skipped, the sample drawn)
SIDE_W = 300  # stacked maps: the column beside each for its name, clock and notes


def clock_parts(t: float) -> tuple[int, int, int]:
    """Day, hour and minute of simulated time t; the end of a day is "24:00", not the next day.

    A run of five whole days ends at t = 5 x 86,400 s: the clock says
    "Day 5 · 24:00", never "Day 6 · 00:00" of a day that was not simulated.
    """
    whole = int(round(t))
    day, sec = divmod(whole, 86400)
    if sec == 0 and whole > 0:
        return day, 24, 0
    return day + 1, sec // 3600, sec % 3600 // 60


class StoryCities:
    """The city views of the left panel, by run name."""

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.views: dict[str, CityView] = {}
        self.runner: Any = None  # the ChapterRunner of the maps (its runs say what was skipped)
        self.shared_legend: pygame.Rect | None = None  # one key above stacked maps
        self.sides: dict[str, pygame.Rect] = {}  # stacked maps: the column beside each

    def __bool__(self) -> bool:
        return bool(self.views)

    def clear(self) -> None:
        self.views = {}
        self.runner = None
        self.shared_legend = None
        self.sides = {}

    def bind(self, shown: list[tuple[str, Any]], runner: Any = None) -> None:
        """Attach a city view to each model shown in the left panel, stacked."""
        self.views = {}
        self.sides = {}
        self.runner = runner
        self.shared_legend = None
        if not shown:
            return
        if len(shown) == 1:
            name, model = shown[0]
            rect = pygame.Rect(LEFT.x, LEFT.y + HEADER_H, LEFT.width, LEFT.height - HEADER_H)
            self.views[name] = self.city_view(rect, model, MAX_DRAWN)
            return
        # Stacked maps: one key for all, above them, as tall as its rows need in
        # this language (city_view.legend_height); each map as tall as its share
        # of the panel, with its name, clock and notes in a column beside it.
        # A header above and a note below each map left them 460x300 px, too
        # small to read (issue 11); beside the map they cost no height.
        gap = 10
        need = legend_height(self.ui, LEFT.width, LEGEND_INSET)
        self.shared_legend = pygame.Rect(LEFT.x, LEFT.y, LEFT.width, need)
        top = LEFT.y + need + gap
        h = (LEFT.bottom - top - gap * (len(shown) - 1)) // len(shown)
        for i, (name, model) in enumerate(shown):
            slot = pygame.Rect(LEFT.x, top + i * (h + gap), LEFT.width - SIDE_W - gap, h)
            view = self.city_view(slot, model, MAX_DRAWN // len(shown))
            fit = view.map_rect.width + 4  # the map's own width: the column starts beside it
            if fit < slot.width:
                slot.width = fit
                view = self.city_view(slot, model, MAX_DRAWN // len(shown))
            self.views[name] = view
            self.sides[name] = pygame.Rect(
                slot.right + gap, slot.y, LEFT.right - slot.right - gap, h
            )

    def bind_play(self, model: Any) -> None:
        """The one city of the challenge's day, the whole left panel."""
        rect = pygame.Rect(LEFT.x, LEFT.y + HEADER_H, LEFT.width, LEFT.height - HEADER_H)
        self.views = {"play": self.city_view(rect, model, MAX_DRAWN)}
        self.shared_legend = None
        self.sides = {}

    def city_view(self, rect: pygame.Rect, model: Any, most: int) -> CityView:
        """A city view drawing at most `most` people (a fixed sample; the screen says so).

        The story draws smaller maps than the sandbox, and up to two at once;
        a sample keeps a frame near 16 ms on a two-core laptop while flagged,
        stopped and found people are always drawn.
        """
        view = CityView(rect, self.ui)
        view.bind(model)
        if view.sample.size > most:
            rng = np.random.default_rng(2024)
            view.sample = np.sort(rng.choice(view.sample, most, replace=False))
        return view

    # --- drawing -------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, label_of: Callable[[str], str]) -> None:
        """Each run's map with its name, its clock and the key to its marks."""
        ui, th = self.ui, self.ui.theme
        if self.shared_legend is not None:
            draw_state_legend(surface, ui, self.shared_legend, inset=LEGEND_INSET)
        for name, view in self.views.items():
            model = view.model
            t = float(model.t)  # type: ignore[attr-defined]
            day, hh, mm = clock_parts(t)
            clock = ui.tr("story.ui.clock", day=day, hh=f"{hh:02d}", mm=f"{mm:02d}")
            side = self.sides.get(name)
            if side is not None:
                view.draw(surface, t)
                self.draw_side(surface, side, label_of(name), clock, view, name)
                continue
            area = view.area
            cw = ui.blit_text(
                surface,
                clock,
                (area.right, area.y - 6),
                "large",
                th.ui("heading"),
                True,
                anchor="bottomright",
            )
            ui.blit_text(
                surface,
                label_of(name),
                (area.x, area.y - 6),
                "large",
                th.ui("heading"),
                True,
                anchor="bottomleft",
                max_width=area.width - cw.width - 30,
            )
            view.draw(surface, t)
            self.draw_legend(surface, view)
            self.map_notes(surface, view, self.skip_notes(name, model))

    def draw_side(
        self,
        surface: pygame.Surface,
        side: pygame.Rect,
        label: str,
        clock: str,
        view: CityView,
        name: str,
    ) -> None:
        """A stacked map's column: its name, its clock, then its notes, top down."""
        ui, th = self.ui, self.ui.theme
        y = side.y + 4
        y += ui.blit_wrapped(
            surface, label, pygame.Rect(side.x, y, side.width, 120), "large", th.ui("heading"), True
        )
        y += 4
        y += ui.blit_text(surface, clock, (side.x, y), "large", th.ui("heading"), True).height
        texts = self.note_texts(view, self.skip_notes(name, view.model))
        if texts:
            rect = pygame.Rect(side.x, y + 14, side.width, side.bottom - y - 14)
            ui.blit_wrapped(surface, " ".join(texts), rect, NOTE_PX, th.ui("text"))

    def draw_play(self, surface: pygame.Surface) -> None:
        """The challenge's map: its clock only (the goal names the day)."""
        ui, th = self.ui, self.ui.theme
        for view in self.views.values():
            model = view.model
            t = float(model.t)  # type: ignore[attr-defined]
            day, hh, mm = clock_parts(t)  # a day that ends at midnight ends at 24:00
            clock = ui.tr("story.ui.clock", day=day, hh=f"{hh:02d}", mm=f"{mm:02d}")
            ui.blit_text(
                surface,
                clock,
                (view.area.right, view.area.y - 6),
                "large",
                th.ui("heading"),
                True,
                anchor="bottomright",
            )
            view.draw(surface, t)
            self.draw_legend(surface, view)
            self.map_notes(surface, view)

    def skip_notes(self, name: str, model: Any) -> list[str]:
        """What the map did not show at the pace of the rest, and why (the run's data says).

        "Skipped 00:00-16:00: nobody at the stadium yet" when the run starts
        later in the day; "23:00-05:00 shown fast: the city is asleep" while
        a night goes by quickly. The chapter file names the reason, and a
        test checks that nothing happens in those hours.
        """
        runner = self.runner
        run = (
            None
            if runner is None
            else next((r for r in runner.chapter.runs if r.name == name), None)
        )
        if run is None or not run.quiet_why:
            return []
        ui = self.ui
        why = ui.tr(f"story.quiet.{run.quiet_why}")
        out = []
        start = float(model.t0) / 3600.0
        if start > 0:
            out.append(ui.tr("story.ui.skipped", start=_hhmm(start), why=why))
        if run.quiet is not None and runner.quiet_now(name):
            lo, hi = run.quiet
            out.append(ui.tr("story.ui.fast", start=_hhmm(lo), end=_hhmm(hi), why=why))
        return out

    def draw_legend(self, surface: pygame.Surface, view: CityView) -> None:
        """What each mark on the map means, in the band above the map (where it fits).

        The same tokens as the map (and the sandbox's legend), each with its
        word, so no mark is told by colour alone.
        """
        need = legend_height(self.ui, view.area.width, LEGEND_INSET)  # rows this language needs
        band = view.map_rect.y
        if band < need:
            band = view.area.height - view.map_rect.bottom
            if band < need:
                return
            rect = pygame.Rect(view.area.x, view.area.bottom - band, view.area.width, band)
        else:
            rect = pygame.Rect(view.area.x, view.area.y, view.area.width, band)
        row = pygame.Rect(rect.x, rect.centery - need // 2, rect.width, need)
        draw_state_legend(surface, self.ui, row, inset=LEGEND_INSET)

    def note_texts(self, view: CityView, notes: list[str] = ()) -> list[str]:
        """A map's notes: hours skipped or shown fast, and when only a sample is drawn."""
        texts = list(notes)
        if view.total_people > view.sample.size:
            model: Any = view.model
            faces = sum(int(d.get("faces_scanned", 0)) for d in model.history)
            faces += int(model.today.get("faces_scanned", 0))
            texts.append(
                self.ui.tr(
                    "story.ui.sampled",
                    shown=self.ui.i18n.num(int(view.sample.size)),
                    total=self.ui.i18n.num(view.total_people),
                    faces=self.ui.i18n.num(faces),
                )
            )
        return texts

    def map_notes(self, surface: pygame.Surface, view: CityView, notes: list[str] = ()) -> None:
        """The notes in a band at the foot of a single map."""
        texts = self.note_texts(view, notes)
        if not texts:
            return
        text = " ".join(texts)
        area = view.area
        px = NOTE_PX
        lines = self.ui.text.wrap(text, px, area.width - 20)
        h = len(lines) * self.ui.text.line_height(px)
        box = pygame.Rect(area.x, area.bottom - h - 12, area.width, h + 12)
        pygame.draw.rect(surface, self.ui.theme.ui("background"), box)
        self.ui.blit_wrapped(surface, text, box.inflate(-20, -8), px, self.ui.theme.ui("text"))


def _hhmm(hour: float) -> str:
    """An hour of the day as 05:00 (24 stays 24:00: the end of a day)."""
    whole = int(round(hour * 60))
    return f"{whole // 60:02d}:{whole % 60:02d}"
