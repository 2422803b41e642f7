"""The city seen from above: districts, streets, cameras and every person.

Up to tens of thousands of people are drawn each frame, so people are not
drawn one by one: their screen positions are computed with numpy and
written straight into the pixel array (about 0.7 ms for 50,000 at 1080p,
against about 17 ms for `Surface.fblits` and 30+ ms for `draw.circle`).
A state is shown by shape and outline as well as colour, so it reads
without colour vision: walking dot, captured hollow square, flagged
triangle, stopped diamond, detained square with a heavy ring, found disc.
The static map and the fixed cameras are cached and rebuilt only when the
model changes them.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pygame

from sim.game.detector_look import dtr
from sim.game.frame_budget import FrameBudget
from sim.model import STEP_S
from sim.model.camera_kinds import CAMERA_KINDS
from sim.model.mobility import Routes, routes
from sim.text.theme import Color, Theme
from sim.text.ui import UI

STATE_NAMES = ("walking", "captured", "flagged", "stopped", "detained", "found")
MAX_DRAWN = 60_000  # above this a fixed random sample is drawn (the legend says so)
# Interpolate between model times at most one fixed model step apart (simulated s).
LERP_MAX_S = STEP_S
GAP_S = 0.25  # more than this between two draws is not a frame: the view was hidden
STAMP_CHUNK = 1 << 20  # pixels written by one index array (8 MB of int64 indices)
MOBILE_KINDS = {"bodycam", "drone", "phone"}
PICK_RADIUS = 24  # logical px: a fingertip on a touch screen covers about this much
NOTABLE_STATE = STATE_NAMES.index("flagged")  # this state and later ones win a tap


@dataclass(frozen=True)
class Stamp:
    """A small shape as pixel offsets: fill pixels and outline pixels."""

    fill: tuple[np.ndarray, np.ndarray]
    line: tuple[np.ndarray, np.ndarray]
    radius: int


def _stamp(
    radius: int, inside: Callable[[np.ndarray, np.ndarray], np.ndarray], border: int
) -> Stamp:
    r = np.arange(-radius, radius + 1)
    dx, dy = np.meshgrid(r, r, indexing="ij")
    shape = inside(dx.astype(np.float32), dy.astype(np.float32))
    core = shape.copy()
    for _ in range(border):  # erode to leave an outline ring of `border` pixels
        core = (
            core
            & np.roll(core, 1, 0)
            & np.roll(core, -1, 0)
            & np.roll(core, 1, 1)
            & np.roll(core, -1, 1)
        )
    line = shape & ~core
    return Stamp(
        (dx[core].astype(np.int32), dy[core].astype(np.int32)),
        (dx[line].astype(np.int32), dy[line].astype(np.int32)),
        radius,
    )


@functools.cache
def make_stamps() -> dict[str, Stamp]:
    """Shapes of the person tokens; sizes in logical pixels (built once)."""
    return {
        "walking": _stamp(1, lambda x, y: (x >= -1) & (x <= 0) & (y >= -1) & (y <= 0), 0),
        # small crowds get bigger dots, so 800 workers do not vanish on the map
        "walking_3": _stamp(1, lambda x, y: np.maximum(abs(x), abs(y)) <= 1, 0),
        "walking_4": _stamp(2, lambda x, y: (x >= -2) & (x <= 1) & (y >= -2) & (y <= 1), 0),
        "captured": _stamp(3, lambda x, y: np.maximum(abs(x), abs(y)) <= 3, 1),
        "flagged": _stamp(7, lambda x, y: (y <= 5) & (y >= -6 + 1.8 * abs(x)), 2),
        "stopped": _stamp(7, lambda x, y: abs(x) + abs(y) <= 7, 2),
        "detained": _stamp(7, lambda x, y: np.maximum(abs(x), abs(y)) <= 6, 3),
        "found": _stamp(8, lambda x, y: x * x + y * y <= 64, 2),
    }


def _flat(pixels: np.ndarray) -> tuple[np.ndarray, int] | None:
    """A 1-D view of a (w, h) pixel array and its row length in pixels, if it has one.

    Writing through one flat index per pixel is 3-5x faster than numpy's
    two-index assignment (50,000 dots: 1.4 ms against 7 ms on the slow
    2-core machine), which computes the same flat index itself, with
    bounds checks, for every pixel.
    """
    size = pixels.itemsize
    sx, sy = pixels.strides
    if pixels.ndim != 2 or sx != size or sy % size or sy < pixels.shape[0] * size:
        return None
    w, h = pixels.shape
    pitch = sy // size
    return np.lib.stride_tricks.as_strided(pixels, ((h - 1) * pitch + w,), (size,)), pitch


def draw_stamp(
    pixels: np.ndarray,
    stamp: Stamp,
    x: np.ndarray,
    y: np.ndarray,
    fill: int,
    line: int,
) -> None:
    """Write a stamp at every (x, y) at once (positions clipped to the array).

    The outline first, then the fill, so a neighbour's outline never cuts
    into a token of the same state. Pixels are written through one flat
    index each, by fancy assignment (``view[index] = colour``: 3x faster than
    ``np.put``), in as few index arrays as memory allows: a 2x2 dot for
    50,000 walkers is one write of 200,000 pixels, about 0.5 ms on the slow
    2-core machine (2.6 ms before, with one ``np.put`` per pixel of the stamp).
    """
    if x.size == 0:
        return
    w, h = pixels.shape
    r = stamp.radius
    x = np.clip(x, r, w - 1 - r)
    y = np.clip(y, r, h - 1 - r)
    flat = _flat(pixels)
    if flat is None:  # an unusual surface layout: numpy's two-index assignment
        for (ox, oy), color in ((stamp.line, line), (stamp.fill, fill)):
            if ox.size:
                pixels[(x[:, None] + ox[None]).ravel(), (y[:, None] + oy[None]).ravel()] = color
        return
    view, pitch = flat
    base = y.astype(np.int64) * pitch + x
    # Offsets per write: one index array of at most STAMP_CHUNK pixels, built
    # offset by offset (each offset sweeps every position, as the pixels lie).
    per = max(1, STAMP_CHUNK // base.size)
    for (ox, oy), color in ((stamp.line, line), (stamp.fill, fill)):
        offsets = ox.astype(np.int64) + oy.astype(np.int64) * pitch
        for i in range(0, offsets.size, per):
            view[(offsets[i : i + per, None] + base[None]).ravel()] = color


LEGEND_TOKEN_W = 22  # a token and the space before its word
LEGEND_GAP = 18  # between one word and the next token


def legend_rows(
    ui: Any, width: int, inset: int, detector: str = "faces"
) -> list[list[tuple[str, str, int]]]:
    """The map's key laid out in rows that fit `width`: (state, word, width) per item.

    Each word keeps its full size and length; a key that does not fit one row
    ("zu Unrecht festgehalten" is long) goes on to a second, never shrunk or cut.
    """
    room = width - inset
    rows: list[list[tuple[str, str, int]]] = [[]]
    used = 0
    for name in STATE_NAMES:
        word = dtr(ui, f"state.{name}", detector)  # a detector's own words (gun alert...)
        w = LEGEND_TOKEN_W + ui.text.width(word, "small")
        if rows[-1] and used + LEGEND_GAP + w > room:
            rows.append([])
            used = 0
        used += (LEGEND_GAP if rows[-1] else 0) + w
        rows[-1].append((name, word, w))
    return rows


def legend_height(ui: Any, width: int, inset: int, detector: str = "faces") -> int:
    """How tall the key is at `width`: one line of small type per row, and a margin."""
    return len(legend_rows(ui, width, inset, detector)) * ui.text.line_height("small") + 8


def draw_state_legend(
    surf: pygame.Surface, ui: Any, rect: pygame.Rect, inset: int, detector: str = "faces"
) -> None:
    """Every state a person can be in, each with its token (the map's key).

    Rows (see `legend_rows`) are centred on `rect`, the items of a row spread
    across it; `legend_height` says how tall a rect holds them all.
    """
    th = ui.theme
    rows = legend_rows(ui, rect.width, inset, detector)
    line = ui.text.line_height("small")
    surf.fill(th.ui("panel"), rect)
    y = rect.centery - line * (len(rows) - 1) // 2
    for row in rows:
        spare = rect.width - inset - sum(w for *_n, w in row) - LEGEND_GAP * (len(row) - 1)
        gap = LEGEND_GAP + spare // len(row)  # spread evenly, as slots of a row
        x = rect.x + inset
        for name, word, w in row:
            draw_token(surf, th, name, (x + 8, y))
            ui.blit_text(
                surf, word, (x + LEGEND_TOKEN_W, y), "small", th.ui("text"), anchor="midleft"
            )
            x += w + gap
        y += line


def draw_token(surf: pygame.Surface, theme: Theme, state: str, center: tuple[int, int]) -> None:
    """One token for legends, drawn with the very same stamp as on the map."""
    stamp = make_stamps()[state]
    pixels = pygame.surfarray.pixels2d(surf)
    fill = surf.map_rgb(theme.state(state))
    line = surf.map_rgb(_outline(theme, state))
    draw_stamp(pixels, stamp, np.array([center[0]]), np.array([center[1]]), fill, line)
    del pixels


def draw_camera(
    surf: pygame.Surface, pos: tuple[int, int], color: Color, mobile: bool = False
) -> None:
    """A camera mark: a filled square (fixed) or disc (on a person or drone), white-ringed
    so it is never mistaken for a captured person's hollow square."""
    x, y = pos
    if mobile:
        pygame.draw.circle(surf, (255, 255, 255), (x, y), 7)
        pygame.draw.circle(surf, color, (x, y), 5)
    else:
        pygame.draw.rect(surf, (255, 255, 255), (x - 6, y - 6, 13, 13))
        pygame.draw.rect(surf, color, (x - 4, y - 4, 9, 9))


def _thread_time() -> float:
    """CPU seconds of this thread: a frame's work without the sleep of a 60 fps cap."""
    try:
        return time.thread_time()
    except (AttributeError, OSError):  # a platform without per-thread clocks
        return time.process_time()


def _outline(theme: Theme, state: str) -> Color:
    return (255, 255, 255) if state in ("detained", "captured") else theme.state("outline")


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """The same objects, one by one (identity: arrays are never compared element-wise)."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class PositionCache:
    """Where the drawn pool of people is, in view pixels, computed once per model step.

    The model moves in fixed steps (STEP_S of simulated time); frames between
    two steps draw a time between them. Positions are keyed by the model's
    clock, so each step costs one computation (``Routes.at``, resolved once
    per day), not one or two per frame, and the frames in between interpolate
    linearly between the two cached arrays (the difference of the two is kept
    too, so a frame costs one multiply-add per coordinate). A tap on the map
    reads what was drawn, so it picks from the same arrays.

    A straight line between two step ends cuts the corner of a person's
    L-shaped route when they turn during that step: at 4 m/s a 30 s step is
    120 m, so the shortcut is at most about 40 m from the street, 8 px on a
    1080p map, for the few walkers (about one in fifty) turning in that step,
    and only for that half second or so. Times further apart than one step
    (a long gap, a new run) are computed exactly.
    """

    def __init__(self) -> None:
        self.routes: Routes | None = None
        self._key: tuple[Any, ...] = ()
        self._frame: tuple[tuple[int, int], float] | None = None
        # model time -> (people computed, x, y): float32 view pixels of pool[:people]
        self.entries: dict[float, tuple[int, np.ndarray, np.ndarray]] = {}
        # the step being interpolated: (lo, hi, people, x_lo, x_hi - x_lo, y_lo, y_hi - y_lo)
        self._pair: tuple[float, float, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None
        self._pair = None
        self.computed = 0  # how many times positions were computed (tests count them)

    def clear(self) -> None:
        self.routes = None
        self._key = ()
        self._frame = None
        self.entries.clear()
        self._pair = None

    def at(
        self, model: Any, pool: np.ndarray, origin: tuple[int, int], scale: float, n: int, t: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Float pixel positions of pool[:n] at time t (cached, or between cached times)."""
        # the same objects (identity: arrays are never compared element by element)
        key = (model, model.trips, model.people, model.people.home, pool)
        if not _same(key, self._key):
            self.routes = routes(model.city, model.people, model.trips, pool)
            self._key = key
            self.entries.clear()
            self._pair = None
        if (origin, scale) != self._frame:  # the map moved: pixels are stale, routes not
            self._frame = (origin, scale)
            self.entries.clear()
            self._pair = None
        now = float(model.t)
        got = self.entries.get(t)
        if got is not None and got[0] >= n:
            self._keep(t)
            return got[1][:n], got[2][:n]
        earlier = [when for when in self.entries if when < t]
        lo = max(earlier) if earlier else None
        if lo is not None and lo < t < now and now - lo <= LERP_MAX_S:
            x0, dx, y0, dy = self._between(lo, now, n, origin, scale)
            self._keep(lo, now)
            f = np.float32((t - lo) / (now - lo))
            x = dx * f
            x += x0
            y = dy * f
            y += y0
            return x, y
        x, y = self._endpoint(t, n, origin, scale)
        self._keep(t)
        return x, y

    def _between(
        self, lo: float, hi: float, n: int, origin: tuple[int, int], scale: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The step's start and its change, for `n` people (worked out once a step)."""
        pair = self._pair
        if pair is None or pair[:2] != (lo, hi) or pair[2] < n:
            x0, y0 = self._endpoint(lo, n, origin, scale)
            x1, y1 = self._endpoint(hi, n, origin, scale)
            pair = self._pair = (lo, hi, n, x0, x1 - x0, y0, y1 - y0)
        return pair[3][:n], pair[4][:n], pair[5][:n], pair[6][:n]

    def _endpoint(
        self, t: float, n: int, origin: tuple[int, int], scale: float
    ) -> tuple[np.ndarray, np.ndarray]:
        got = self.entries.get(t)
        if got is None or got[0] < n:
            assert self.routes is not None
            x, y = self.routes.at(t, n)
            # the same float32 arithmetic as CityView._exact_pixels
            got = (n, origin[0] + x * scale, origin[1] + y * scale)
            self.entries[t] = got
            self.computed += 1
        return got[1][:n], got[2][:n]

    def _keep(self, *times: float) -> None:
        """Drop cached times older than those just used: the clock only moves on."""
        oldest = min(times)
        for when in [w for w in self.entries if w < oldest]:
            del self.entries[when]


class ExtraPositions:
    """Where a handful of people outside the drawn pool are, once per model step.

    People in a notable state (flagged, stopped, ...) are drawn even when
    the sampled pool leaves them out. Their list only changes when the model
    steps, so their positions at the two ends of the step are computed once
    (``Model.positions``) and the frames between interpolate, as for the pool.
    """

    def __init__(self) -> None:
        self.entries: dict[float, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._key: tuple[Any, ...] = ()
        self.computed = 0

    def clear(self) -> None:
        self.entries.clear()
        self._key = ()

    def at(self, model: Any, ids: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Float city coordinates of `ids` at time t."""
        key = (model, model.trips, model.people, model.people.home)
        if not _same(key, self._key):
            self.clear()  # another run, day or crowd: nothing cached holds
            self._key = key
        now = float(model.t)
        lo = max((w for w in self.entries if w < t), default=None)
        if t in self.entries or lo is None or not lo < t < now or now - lo > LERP_MAX_S:
            x, y = self._exact(model, ids, t)
            self._keep(t)
            return x, y
        x0, y0 = self._exact(model, ids, lo)
        x1, y1 = self._exact(model, ids, now)
        self._keep(lo)
        f = np.float32((t - lo) / (now - lo))
        return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f

    def _exact(self, model: Any, ids: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
        got = self.entries.get(t)
        if got is None or not np.array_equal(got[0], ids):
            x, y = model.positions(ids, t)
            got = (ids.copy(), np.asarray(x, np.float32), np.asarray(y, np.float32))
            self.entries[t] = got
            self.computed += 1
        return got[1], got[2]

    def _keep(self, oldest: float) -> None:
        for when in [w for w in self.entries if w < oldest]:
            del self.entries[when]


class CityView:
    """Draws one model's city into a fixed rectangle of the logical screen.

    How many people are drawn adapts to the machine (``budget``, see
    frame_budget.py): each draw measures the frame since the previous one
    and the crowd's share of it. ``sample`` is who was drawn in the last
    frame, so "Showing N of M people" under the map stays true.
    """

    def __init__(self, rect: pygame.Rect, ui: UI, adaptive: bool = True) -> None:
        self.area = pygame.Rect(rect)
        self.ui = ui
        self.stamps = make_stamps()
        self.model: Any = None  # a sim.model.Model (duck-typed: tests may pass a stub)
        self.surface = pygame.Surface(self.area.size)
        self.static = pygame.Surface(self.area.size)
        self.static_key: tuple[object, ...] | None = None
        # The static map with the moving cameras on it: they move only when the
        # model steps, so 500 drones are drawn once a step, not once a frame.
        self.moving = pygame.Surface(self.area.size)
        self.moving_key: tuple[object, ...] | None = None
        self.map_rect = pygame.Rect(self.area)
        self.scale = 1.0
        self.max_drawn = MAX_DRAWN
        # Who may be drawn, in a fixed random order: the first `count` of them
        # are, so a smaller count is a smaller random sample of the same people.
        self.pool: np.ndarray = np.zeros(0, np.int64)
        self._rank: np.ndarray = np.zeros(0, np.int32)  # person -> place in pool (or past it)
        self.total_people = 0
        self._fov_cache: dict[tuple[int, int], pygame.Surface] = {}
        self.labels: list[tuple[pygame.Surface, tuple[int, int]]] = []
        self.walking_stamp = "walking"
        self.positions = PositionCache()
        self.extras = ExtraPositions()
        self.budget: FrameBudget | None = FrameBudget(0) if adaptive else None
        self._last_draw: tuple[float, float] | None = None  # (wall, thread cpu) seconds
        self.crowd_ms = 0.0  # what drawing the crowd took in the last frame
        # What the last frame drew (ids, x, y, state), for picking a person by a tap;
        # the first `_drawn_pool` of them are pool[:_drawn_pool], the rest special states.
        self.drawn: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._drawn_pool = 0
        self._drawn_t: float | None = None

    # --- who is drawn ------------------------------------------------------
    @property
    def count(self) -> int:
        """How many of the pool the next frame draws (the controller's choice)."""
        n = int(self.pool.size)
        return n if self.budget is None else min(n, self.budget.count)

    @property
    def sample(self) -> np.ndarray:
        """The people drawn in the last frame (before the first, those to be drawn).

        Everyone in a special state is drawn even outside the chosen sample,
        so this is what the map really shows: the N of "Showing N of M".
        """
        if self.drawn is not None:
            return self.drawn[0]
        return self.pool[: self.count]

    @sample.setter
    def sample(self, ids: np.ndarray) -> None:
        """Draw only among `ids` (a scene's own cap); their order is shuffled once."""
        ids = np.asarray(ids, np.int64)
        self.pool = np.random.default_rng(12345).permutation(ids)
        self._rank = np.full(self.total_people, np.iinfo(np.int32).max, np.int32)
        self._rank[self.pool] = np.arange(self.pool.size, dtype=np.int32)
        if self.budget is not None:
            self.budget.set_ceiling(self.pool.size)
        self.positions.clear()
        self.extras.clear()
        self.drawn = None

    # --- binding and the cached background -------------------------------
    def bind(self, model: Any) -> None:
        """Attach a (new) model: fit its city into the area, choose who may be drawn."""
        self.model = model
        city = model.city
        w, h = self.area.size
        self.scale = min((w - 4) / city.width, (h - 4) / city.height)
        mw, mh = round(city.width * self.scale), round(city.height * self.scale)
        self.map_rect = pygame.Rect((w - mw) // 2, (h - mh) // 2, mw, mh)
        n = int(model.people.n)
        self.total_people = n
        rng = np.random.default_rng(12345)
        self.sample = (
            rng.choice(n, self.max_drawn, replace=False) if n > self.max_drawn else np.arange(n)
        )
        self.walking_stamp = (
            "walking_4" if n <= 5_000 else "walking_3" if n <= 20_000 else "walking"
        )
        self.static_key = None
        self._last_draw = None

    def _camera_key(self, fixed: bool = True) -> tuple[object, ...]:
        """What the fixed (or the moving) cameras' layer shows: sums that change with it."""
        cams = self.model.cameras
        sel = self._fixed_mask(cams)
        if not fixed:
            sel = ~sel
        return (
            id(self.model),
            int(sel.sum()),
            float(np.asarray(cams.x)[sel].sum()),
            float(np.asarray(cams.y)[sel].sum()),
            int(np.asarray(cams.active)[sel].sum()),
            float(np.asarray(cams.radius)[sel].sum()),
        )

    @staticmethod
    def _fixed_mask(cams: Any) -> np.ndarray:
        kind = np.asarray(cams.kind)
        mobile = [i for i, k in enumerate(CAMERA_KINDS) if k in MOBILE_KINDS]
        return ~np.isin(kind, mobile)

    def _build_static(self) -> None:
        th = self.ui.theme
        city = self.model.city
        s = self.static
        s.fill(th.ui("panel"))
        m = self.map_rect
        s.fill(th.color("city", "ground"), m)
        for d in city.districts:
            r = self._rect_of(d.x0, d.y0, d.x1, d.y1)
            s.fill(th.color("city", getattr(d, "kind", "other")), r)
        street = th.color("city", "street")
        for x in np.asarray(city.streets_x):
            sx = m.x + round(float(x) * self.scale)
            pygame.draw.line(s, street, (sx, m.y), (sx, m.bottom - 1), 2)
        for y in np.asarray(city.streets_y):
            sy = m.y + round(float(y) * self.scale)
            pygame.draw.line(s, street, (m.x, sy), (m.right - 1, sy), 2)
        border = th.color("city", "district_border")
        for d in city.districts:
            pygame.draw.rect(s, border, self._rect_of(d.x0, d.y0, d.x1, d.y1), 3)
        self._draw_cameras(s, only_fixed=True)
        # District names sit on small plates drawn over the people, so a crowd
        # never hides them.
        self.labels = []
        for d in city.districts:
            r = self._rect_of(d.x0, d.y0, d.x1, d.y1)
            text = self.ui.text.ellipsize(self.district_name(d.name), "body", r.width - 30, True)
            img = self.ui.text.render(text, "body", th.ui("heading"), True)
            plate = pygame.Surface((img.get_width() + 14, img.get_height() + 4), pygame.SRCALPHA)
            plate.fill((*th.ui("background"), 200))
            plate.blit(img, (7, 2))
            self.labels.append((plate, (r.x + 6, r.y + 6)))

    def district_name(self, name: str) -> str:
        key = f"district.{name}"
        return self.ui.tr(key) if self.ui.i18n.has(key) else name.capitalize()

    def _rect_of(self, x0: float, y0: float, x1: float, y1: float) -> pygame.Rect:
        m = self.map_rect
        a = (m.x + round(x0 * self.scale), m.y + round(y0 * self.scale))
        b = (m.x + round(x1 * self.scale), m.y + round(y1 * self.scale))
        return pygame.Rect(a, (b[0] - a[0], b[1] - a[1]))

    def _fov(self, radius: int, alpha: int) -> pygame.Surface:
        key = (radius, alpha)
        surf = self._fov_cache.get(key)
        if surf is None:
            surf = pygame.Surface((2 * radius + 2, 2 * radius + 2), pygame.SRCALPHA)
            color = (*self.ui.theme.color("city", "fov"), alpha)
            pygame.draw.circle(surf, color, (radius + 1, radius + 1), radius)
            self._fov_cache[key] = surf
        return surf

    def _draw_cameras(self, surf: pygame.Surface, only_fixed: bool) -> None:
        """Field of view discs and camera marks (square = fixed, circle = mobile)."""
        cams = self.model.cameras
        fixed = self._fixed_mask(cams)
        sel = fixed if only_fixed else ~fixed
        idx = np.flatnonzero(sel)
        if idx.size == 0:
            return
        m = self.map_rect
        th = self.ui.theme
        sx = (m.x + np.asarray(cams.x)[idx] * self.scale).astype(np.int32)
        sy = (m.y + np.asarray(cams.y)[idx] * self.scale).astype(np.int32)
        rad = np.maximum(3, (np.asarray(cams.radius)[idx] * self.scale).astype(np.int32))
        act = np.asarray(cams.active)[idx].astype(bool)
        alpha = th.number("city", "fov_alpha")
        # Field of view: one blit per camera, but only when the layer is rebuilt
        # (fixed cameras) or for the few mobile ones.
        blits = [
            (self._fov(int(r), alpha), (int(x) - int(r) - 1, int(y) - int(r) - 1))
            for x, y, r in zip(sx[act], sy[act], rad[act], strict=True)
        ]
        surf.fblits(blits)
        on, off = th.color("city", "camera"), th.color("city", "camera_off")
        for x, y, a in zip(sx.tolist(), sy.tolist(), act.tolist(), strict=True):
            draw_camera(surf, (x, y), on if a else off, mobile=not only_fixed)

    # --- every frame ------------------------------------------------------
    def draw(
        self,
        target: pygame.Surface,
        t: float,
        highlight: tuple[int, int] | None = None,
        selected: int | None = None,
    ) -> None:
        """Draw the city at simulated time t into `target` at self.area.

        `highlight` is (person, camera) of the alert on the card: that person
        gets a ring and a line to the camera that caught them, tying the card
        to the map. `selected` is a person tapped on the map: the same ring,
        without a camera, following them as they walk.
        """
        if self.model is None:
            return
        self._measure_frame()
        if int(self.model.people.n) != self.total_people:
            self.bind(self.model)  # the crowd was rebuilt in place (a new number of people)
        key = self._camera_key()
        if key != self.static_key:
            self._build_static()
            self.static_key = key
            self.moving_key = None
        moving = self._camera_key(fixed=False)
        if moving != self.moving_key:
            self.moving.blit(self.static, (0, 0))
            self._draw_cameras(self.moving, only_fixed=False)
            self.moving_key = moving
        # Straight into the target where it can take the stamps (32-bit pixels):
        # drawing into a surface of our own and copying that cost a copy of the
        # whole map every frame.
        direct = target.get_bytesize() == 4 and target.get_rect().contains(self.area)
        s = target.subsurface(self.area) if direct else self.surface
        s.blit(self.moving, (0, 0))
        started = time.perf_counter()
        self._draw_people(s, t)
        self.crowd_ms = (time.perf_counter() - started) * 1000.0
        if highlight is not None:
            self._draw_highlight(s, t, *highlight)
        if selected is not None:
            self._draw_selected(s, t, selected)
        s.fblits(self.labels)
        if not direct:
            target.blit(s, self.area)

    def freeze(self, shown: pygame.Surface) -> None:
        """Keep the map as `shown` shows it now (the last frame), for `draw_frozen`.

        While a job holds the model (see session.py) nothing of it may be read;
        the screen keeps the last picture of the city, people where they were.
        """
        if shown.get_rect().contains(self.area):
            self.surface.blit(shown, (0, 0), self.area)
        self._last_draw = None  # the frozen frames are no frames of the crowd

    def draw_frozen(self, target: pygame.Surface) -> None:
        """The picture `freeze` kept, without touching the model."""
        target.blit(self.surface, self.area)

    def _measure_frame(self) -> None:
        """Feed the controller the frame that ended with this draw.

        A frame's time is the wall time since the previous draw. When that is
        within the budget the loop may have slept (60 fps cap), which hides
        how much room there is, so the thread's CPU time stands in for it.
        A gap of more than `GAP_S` is not a frame: the view was not on screen.
        """
        wall, cpu = time.perf_counter(), _thread_time()
        last, self._last_draw = self._last_draw, (wall, cpu)
        budget = self.budget
        if budget is None or last is None:
            return
        wall_s = wall - last[0]
        if wall_s > GAP_S:
            return
        frame_ms = wall_s * 1000.0
        if frame_ms <= budget.budget_ms:
            frame_ms = min(frame_ms, (cpu - last[1]) * 1000.0)
        budget.observe(frame_ms, self.crowd_ms)

    def people_at(self, t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Who is drawn at time t: (person ids, x, y in this view's pixels, state).

        The first `count` of the pool plus everyone else in a special state
        (flagged, stopped, ...), so no such person is hidden by sampling.
        """
        model = self.model
        k = self.count
        ids = self.pool[:k]
        state = np.asarray(model.people.state)
        if k:
            m = self.map_rect
            fx, fy = self.positions.at(model, self.pool, (m.x, m.y), self.scale, k, t)
            px, py = fx.astype(np.int32), fy.astype(np.int32)
        else:
            px = py = np.zeros(0, np.int32)
        if k < state.size:
            special = np.flatnonzero(state)
            special = special[self._rank[special] >= k]
            if special.size:
                ex, ey = self.extras.at(model, special, t)
                sx, sy = self._to_pixels(ex, ey)
                ids = np.concatenate([ids, special])
                px, py = np.concatenate([px, sx]), np.concatenate([py, sy])
        self._drawn_pool = k
        return ids, px, py, state[ids]

    def _exact_pixels(self, ids: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Where people `ids` are at exactly time t, in this view's pixels (int32)."""
        x, y = self.model.positions(ids, t)
        return self._to_pixels(x, y)

    def _to_pixels(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """City coordinates -> this view's pixels (int32), in the pool's float32 arithmetic."""
        m = self.map_rect
        px = (m.x + np.asarray(x, np.float32) * self.scale).astype(np.int32)
        py = (m.y + np.asarray(y, np.float32) * self.scale).astype(np.int32)
        return px, py

    def _pixel_of(self, person: int, t: float) -> tuple[int, int]:
        """Where `person` was drawn at time t (their token), or where they are."""
        drawn = self.drawn
        if drawn is not None and self._drawn_t == t:
            ids, px, py, _st = drawn
            rank = int(self._rank[person]) if person < self._rank.size else -1
            if 0 <= rank < self._drawn_pool:
                return int(px[rank]), int(py[rank])
            hit = np.flatnonzero(ids[self._drawn_pool :] == person)
            if hit.size:
                i = self._drawn_pool + int(hit[0])
                return int(px[i]), int(py[i])
        x, y = self._exact_pixels(np.array([person]), t)
        return int(x[0]), int(y[0])

    def _draw_people(self, s: pygame.Surface, t: float) -> None:
        if self.total_people == 0:
            self.drawn = None
            return
        ids, px, py, st = self.people_at(t)
        # Kept for hit-testing: a tap picks from exactly what the visitor saw.
        self.drawn = (ids, px, py, st)
        self._drawn_t = t
        th = self.ui.theme
        pixels = pygame.surfarray.pixels2d(s)
        try:
            # Everyone as a walker first (a special state's token covers the dot),
            # which spares selecting the walkers; special states on top.
            walker = self.stamps[self.walking_stamp]
            draw_stamp(pixels, walker, px, py, s.map_rgb(th.state("walking")), 0)
            special = np.flatnonzero(st)
            if special.size:
                sst = st[special]
                for code in range(1, len(STATE_NAMES)):
                    sel = special[sst == code]
                    if not sel.size:
                        continue
                    name = STATE_NAMES[code]
                    line = s.map_rgb(_outline(th, name))
                    fill = s.map_rgb(th.state(name))
                    draw_stamp(pixels, self.stamps[name], px[sel], py[sel], fill, line)
        finally:
            del pixels

    def pick(self, pos: tuple[int, int], radius: float = PICK_RADIUS) -> int | None:
        """The person drawn nearest a tap at logical `pos`, or None if nobody is in reach.

        Everyone within `radius` (a fingertip) is a candidate; people in a
        notable state (flagged, stopped, held, found) win over walkers, so a
        tap near an orange triangle in a crowd gets that person. Positions are
        the ones last drawn; before the first frame they are computed now.
        """
        if self.model is None:
            return None
        drawn = self.drawn
        if drawn is None:
            drawn = self.people_at(float(self.model.t))
        ids, px, py, st = drawn
        if ids.size == 0:
            return None
        dx = px.astype(np.float32) - np.float32(pos[0] - self.area.x)
        dy = py.astype(np.float32) - np.float32(pos[1] - self.area.y)
        d2 = dx * dx + dy * dy
        near = d2 <= np.float32(radius * radius)
        if not near.any():
            return None
        notable = near & (st >= NOTABLE_STATE)
        pool = notable if notable.any() else near
        best = int(np.argmin(np.where(pool, d2, np.inf)))
        return int(ids[best])

    def _draw_highlight(self, s: pygame.Surface, t: float, person: int, camera: int) -> None:
        model = self.model
        if not 0 <= person < self.total_people:
            return
        px, py = self._pixel_of(person, t)
        m = self.map_rect
        focus = self.ui.theme.ui("focus")
        cams = model.cameras
        if 0 <= camera < int(cams.n):
            cx = m.x + round(float(cams.x[camera]) * self.scale)
            cy = m.y + round(float(cams.y[camera]) * self.scale)
            pygame.draw.line(s, (0, 0, 0), (cx, cy), (px, py), 5)
            pygame.draw.line(s, focus, (cx, cy), (px, py), 2)
        pygame.draw.circle(s, (0, 0, 0), (px, py), 19, 3)
        pygame.draw.circle(s, focus, (px, py), 16, 3)

    def _draw_selected(self, s: pygame.Surface, t: float, person: int) -> None:
        """The picked person's own token on top of any neighbour's, then the ring.

        In a crowd another token may be drawn over theirs; inside the ring the
        visitor must see the state the card talks about.
        """
        if not 0 <= person < self.total_people:
            return
        x, y = self._pixel_of(person, t)
        px, py = np.array([x], np.int32), np.array([y], np.int32)
        state = STATE_NAMES[int(self.model.people.state[person])]
        stamp = self.stamps[self.walking_stamp if state == "walking" else state]
        th = self.ui.theme
        pixels = pygame.surfarray.pixels2d(s)
        try:
            fill, line = s.map_rgb(th.state(state)), s.map_rgb(_outline(th, state))
            draw_stamp(pixels, stamp, px, py, fill, line)
        finally:
            del pixels
        self._draw_highlight(s, t, person, -1)

    def screen_pos(self, x: float, y: float) -> tuple[int, int]:
        """Logical-screen position of a city point (for highlights and tests)."""
        m = self.map_rect
        return (
            self.area.x + m.x + round(x * self.scale),
            self.area.y + m.y + round(y * self.scale),
        )
