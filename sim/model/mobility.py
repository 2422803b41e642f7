"""Daily trips along the street grid, and where a person is at any moment.

Movement is event-based, as in large transport simulators: each person makes
a few trips a day (to work, out in the evening, to the stadium or the
demonstration), each trip an L-shaped route along the streets (first along
the row, then along the column). Camera passes are computed from the routes
in one vectorised pass per day (see ``capture``), and positions are
interpolated only for the people being drawn. Nobody is moved step by step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .city import City
from .params import Params
from .people import People

SPEED = 4.0  # metres per second: walking mixed with buses and trams
SLOTS = 6  # trips a person can make in a day
HOUR = 3600.0


@dataclass
class Trips:
    """One day's trips: arrays of shape (n, SLOTS); inactive slots have start = inf."""

    day_start: float
    start: np.ndarray  # float32 seconds since day_start
    src: np.ndarray  # int32 node
    dst: np.ndarray  # int32 node

    @property
    def active(self) -> np.ndarray:
        return np.isfinite(self.start)


def _clock(rng: np.random.Generator, n: int, mean_h: float, sd_h: float) -> np.ndarray:
    return (rng.normal(mean_h, sd_h, n) * HOUR).astype(np.float32)


def make_trips(
    params: Params, city: City, people: People, rng: np.random.Generator, day_start: float
) -> Trips:
    """Draw today's trips for everyone (layout decides the pattern)."""
    n = people.n
    start = np.full((n, SLOTS), np.inf, np.float32)
    src = np.repeat(people.home[:, None], SLOTS, axis=1).astype(np.int32)
    dst = src.copy()
    layout = params.layout
    if layout == "booking" or n == 0:
        return Trips(day_start, start, src, dst)

    event = rng.random(n) < float(params.event_share)
    works = rng.random(n) < (0.95 if layout == "workplace" else 0.7)

    if layout == "protest":
        works &= ~event  # demonstrators skip work
    # slot 0/3: to work and back
    start[works, 0] = _clock(rng, n, 8.0, 0.7)[works]
    src[:, 0], dst[:, 0] = people.home, people.work
    start[works, 3] = _clock(rng, n, 17.0, 0.7)[works]
    src[:, 3], dst[:, 3] = people.work, people.home
    # slot 1/2: lunch out and back (the factory floor), or an errand for others
    if layout == "workplace":
        lunch = works & (rng.random(n) < 0.8)
        out = (12.0 * HOUR + rng.uniform(0, 0.5 * HOUR, n)).astype(np.float32)
        start[lunch, 1] = out[lunch]
        start[lunch, 2] = out[lunch] + np.float32(0.75 * HOUR)
        spot = rng.choice(city.places["leisure"], size=n).astype(np.int32)
        src[:, 1], dst[:, 1] = people.work, spot
        src[:, 2], dst[:, 2] = spot, people.work
    # slot 4/5: evening out, or the event
    place = rng.choice(city.places["leisure"], size=n).astype(np.int32)
    evening = ~event & (rng.random(n) < 0.3)
    out = (19.0 * HOUR + rng.uniform(0, HOUR, n)).astype(np.float32)
    start[evening, 4] = out[evening]
    start[evening, 5] = out[evening] + rng.uniform(HOUR, 2 * HOUR, n).astype(np.float32)[evening]
    src[:, 4], dst[:, 4] = people.home, place
    src[:, 5], dst[:, 5] = place, people.home
    if event.any():
        if layout == "protest":
            venue, begin, end = city.places["square"][0], 12.0, 15.5
        else:
            venue, begin, end = city.places["stadium"][0], 19.75, 22.0
        arrive = (begin * HOUR - rng.uniform(0.25 * HOUR, 2.0 * HOUR, n)).astype(np.float32)
        leave = (end * HOUR + rng.uniform(0, 0.5 * HOUR, n)).astype(np.float32)
        dist = _route_length(city, people.home, np.full(n, venue))
        start[event, 4] = (arrive - dist / SPEED)[event]
        start[event, 5] = leave[event]
        dst[event, 4] = venue
        src[event, 5] = venue
        if layout != "protest":
            # fans come from work or home; they skip the evening trip home from work
            start[event & works, 3] = np.inf
            src[event & works, 4] = people.work[event & works]
    # keep each person's trips inside the day and in time order (positions() relies on it)
    start = np.clip(start, 0, 24 * HOUR - 1, where=np.isfinite(start), out=start)
    order = np.argsort(start, axis=1, kind="stable")
    start = np.take_along_axis(start, order, 1)
    src = np.take_along_axis(src, order, 1)
    dst = np.take_along_axis(dst, order, 1)
    return Trips(day_start, start, src, dst)


def _route_length(city: City, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ax, ay = a % city.nx, a // city.nx
    bx, by = b % city.nx, b // city.nx
    return ((np.abs(bx - ax) + np.abs(by - ay)) * city.spacing).astype(np.float32)


def positions(
    city: City, people: People, trips: Trips | None, idx: np.ndarray, t: float
) -> tuple[np.ndarray, np.ndarray]:
    """Where people ``idx`` are at absolute time t (seconds): interpolated along their trip."""
    idx = np.asarray(idx)
    node_x, node_y = city.node_lookup()
    home = people.home[idx]
    j = people.jitter[idx]
    if trips is None:
        return node_x[home] + j[:, 0], node_y[home] + j[:, 1]
    local = np.float32(t - trips.day_start)
    st = trips.start[idx]
    # slots are sorted by start time: the current trip is the last one begun
    last = (st <= local).sum(axis=1) - 1
    any_begun = last >= 0
    flat = idx * SLOTS + np.maximum(last, 0)
    s = trips.start.ravel()[flat]
    a = np.where(any_begun, trips.src.ravel()[flat], home)
    b = np.where(any_begun, trips.dst.ravel()[flat], home)
    ax, ay, bx, by = node_x[a], node_y[a], node_x[b], node_y[b]
    travelled = np.where(any_begun, (local - s) * np.float32(SPEED), np.float32(0))
    leg1 = np.abs(bx - ax)
    leg2 = np.abs(by - ay)
    d1 = np.minimum(travelled, leg1)
    d2 = np.clip(travelled - leg1, 0, leg2)
    x = ax + np.sign(bx - ax) * d1
    y = ay + np.sign(by - ay) * d2
    # people on the move walk along the street, not on its centre line
    moving = travelled < leg1 + leg2
    x += np.where(moving & (d2 > 0), np.float32(0.08), np.float32(1.0)) * j[:, 0]
    y += np.where(moving & (d2 <= 0), np.float32(0.08), np.float32(1.0)) * j[:, 1]
    return x, y


# Columns of a Routes table: where the current leg starts, when, and the
# signed length of each part of the L (along the row, then the column).
_AX, _AY, _START, _DX, _DY = range(5)


@dataclass
class Routes:
    """One day's trips of a fixed list of people, resolved to coordinates once.

    ``positions`` looks up nodes, legs and directions for every person on
    every call. A view that asks where the same people are once per model
    step, thousands of times a day, resolves them once per day here and then
    only finds each person's current trip and walks along it: about 3x less
    work per call, with results equal to ``positions`` to the last bit (the
    same float32 operations in the same order; tests check it).
    """

    trips: Trips | None
    idx: np.ndarray  # the people, in the order results are returned
    start_by_slot: np.ndarray  # (SLOTS, k) float32 local start times (Trips.start transposed)
    table: np.ndarray  # (k * (SLOTS + 1), 5) float32; row 0 of each person = home, no trip
    jx: np.ndarray  # (k,) float32 jitter
    jy: np.ndarray
    first_row: np.ndarray  # (k,) int64 row of each person's "home" row in the table
    # The last positions computed, and for each person the local times between
    # which they stay exactly there: settled at a place until their next trip.
    _x: np.ndarray = field(init=False, repr=False)
    _y: np.ndarray = field(init=False, repr=False)
    _from: np.ndarray = field(init=False, repr=False)
    _until: np.ndarray = field(init=False, repr=False)
    _next_start: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        k = self.n
        self._x = np.zeros(k, np.float32)
        self._y = np.zeros(k, np.float32)
        self._from = np.full(k, np.inf, np.float32)  # nothing known yet
        self._until = np.full(k, -np.inf, np.float32)
        pad = np.full((1, k), np.inf, np.float32)  # after the last trip: no next start
        self._next_start = np.concatenate([self.start_by_slot, pad]).ravel()

    @property
    def n(self) -> int:
        return int(self.idx.size)

    def at(self, t: float, count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Where the people are at absolute time t: ``positions(..., idx, t)``, faster.

        ``count`` limits it to the first people of ``idx`` (a view drawing
        fewer than it could), without resolving the routes again. Most people
        at any moment are at home, at work or out, not on the way: their last
        position is reused until their next trip begins, and only the others
        are computed (a person is reused only once every part of their
        position has stopped changing, so results stay bit for bit equal).
        """
        k = self.n if count is None else max(0, min(self.n, int(count)))
        if self.trips is None:
            home = self.table[self.first_row[:k]]
            return home[:, _AX] + self.jx[:k], home[:, _AY] + self.jy[:k]
        local = np.float32(t - self.trips.day_start)
        stale = self._from[:k] > local
        stale |= self._until[:k] <= local
        if stale.all():
            self._update(local, slice(0, k))
        elif stale.any():
            self._update(local, np.flatnonzero(stale))
        return self._x[:k].copy(), self._y[:k].copy()

    def _update(self, local: np.float32, who: np.ndarray | slice) -> None:
        """Compute positions of people `who` at local time `local` (positions()'s arithmetic)."""
        first_row = self.first_row[who]
        m = first_row.size
        # The current trip is the last one begun (slots are sorted); 0 = none yet.
        # Counted slot by slot on contiguous rows: 20x faster than along axis 1.
        cur = np.zeros(m, np.uint8)
        begun = np.empty(m, bool)
        for slot_start in self.start_by_slot:
            np.less_equal(slot_start[who], local, out=begun)
            cur += begun.view(np.uint8)
        rows = np.take(self.table, first_row + cur, axis=0)
        ax, ay, start, dx, dy = np.ascontiguousarray(rows.T)
        leg1, leg2 = np.abs(dx), np.abs(dy)
        travelled = np.subtract(local, start, out=start)
        travelled *= np.float32(SPEED)
        travelled[cur == 0] = 0
        d1 = np.minimum(travelled, leg1)
        d2 = np.subtract(travelled, leg1)
        np.minimum(np.maximum(d2, 0, out=d2), leg2, out=d2)  # np.clip, 8x faster
        # arrived: every term below has stopped changing until the next trip begins
        settled = (d1 == leg1) & (d2 == leg2)
        moving = travelled < np.add(leg1, leg2, out=leg1)
        settled &= ~moving
        d1 *= np.sign(dx, out=dx)
        x = np.add(ax, d1, out=ax)
        np.sign(dy, out=dy)
        dy *= d2
        y = np.add(ay, dy, out=ay)
        # people on the move walk along the street, not on its centre line
        on_column = d2 > 0
        jitter = np.where(moving & on_column, np.float32(0.08), np.float32(1.0))
        jitter *= self.jx[who]
        x += jitter
        jitter = np.where(moving & ~on_column, np.float32(0.08), np.float32(1.0))
        jitter *= self.jy[who]
        y += jitter
        person = np.arange(self.n)[who]
        self._x[who], self._y[who] = x, y
        self._from[who] = np.where(settled, local, np.float32(np.inf))
        self._until[who] = self._next_start[cur.astype(np.int64) * self.n + person]


def routes(city: City, people: People, trips: Trips | None, idx: np.ndarray) -> Routes:
    """Resolve today's trips of people ``idx`` for repeated ``Routes.at`` calls.

    Build it again when the day's trips change (a new day, a rebuilt crowd);
    ``Routes.trips`` says which trips it was built from.
    """
    idx = np.asarray(idx, np.int64)
    k = idx.size
    node_x, node_y = city.node_lookup()
    home = people.home[idx]
    table = np.zeros((k, SLOTS + 1, 5), np.float32)
    table[:, 0, _AX] = node_x[home]
    table[:, 0, _AY] = node_y[home]
    if trips is None:
        start = np.full((k, SLOTS), np.inf, np.float32)
    else:
        start = trips.start[idx]
        a, b = trips.src[idx], trips.dst[idx]
        ax, ay = node_x[a], node_y[a]
        table[:, 1:, _AX], table[:, 1:, _AY] = ax, ay
        table[:, 1:, _START] = start
        table[:, 1:, _DX] = node_x[b] - ax
        table[:, 1:, _DY] = node_y[b] - ay
    j = people.jitter[idx]
    return Routes(
        trips=trips,
        idx=idx,
        start_by_slot=np.ascontiguousarray(start.T),
        table=table.reshape(k * (SLOTS + 1), 5),
        jx=np.ascontiguousarray(j[:, 0]),
        jy=np.ascontiguousarray(j[:, 1]),
        first_row=np.arange(k, dtype=np.int64) * (SLOTS + 1),
    )
