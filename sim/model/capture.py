"""Cameras, and which faces they capture during a day.

Each camera covers one or more street intersections. A person whose route
goes through a covered intersection *passes* the camera; a pass becomes a
*capture* when the face is visible enough (a per-kind chance) and the capture
gets a quality. Passes of all routes are found at once with sorted keys and
``searchsorted``, so the cost grows with the number of trips, not with
trips x cameras.

Kinds (from the seed documents): fixed CCTV feeding a real-time crime centre;
officers' body cameras (an officer walks a beat of a few intersections, so
the camera sees each for part of the time); drones over busy districts;
stadium gates in crowd mode (a gate searches at most so many faces a second);
and an officer's phone app, which searches one person the officer has
stopped for some other reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .camera_kinds import (
    BASE_QUALITY,
    BEAT,
    BODYCAM,
    BOOKING_WINDOW_S,
    CCTV,
    DRONE,
    DRONE_REACH,
    FACE_CHANCE,
    FACTORY_CAMERAS,
    GATE,
    PHONE,
    QUALITY_RANGE,
    QUALITY_SD,
    RADIUS,
    RING,
)
from .city import City
from .mobility import SPEED, Trips
from .params import Params
from .people import People

PASS_BLOCK = 2_000_000  # camera passes listed at once before thinning (see _street_passes)


@dataclass
class Cameras:
    """Camera table plus the (node, camera) coverage pairs used to find passes."""

    x: np.ndarray
    y: np.ndarray
    kind: np.ndarray  # int8 index into camera_kinds.KINDS
    radius: np.ndarray
    active: np.ndarray
    node: np.ndarray  # main node of each camera
    pair_node: np.ndarray  # coverage pairs: node ...
    pair_cam: np.ndarray  # ... covered by camera
    pair_weight: np.ndarray  # share of the time the camera watches that node

    @property
    def n(self) -> int:
        return len(self.kind)

    def count(self, kind: int) -> int:
        return int((self.kind == kind).sum())


@dataclass
class _Placed:
    """Cameras of one kind, before they join the table.

    ``cover[c]`` lists the intersections camera ``c`` watches, ``weight`` the
    share of the time it watches each of them (the same for every camera of
    a kind).
    """

    kind: int
    main: np.ndarray
    cover: list[np.ndarray]
    weight: float


def place_cameras(
    params: Params,
    city: City,
    rng: np.random.Generator,
    cctv_nodes: np.ndarray | None = None,
) -> Cameras:
    """Place every camera the parameters ask for.

    CCTV goes to intersections weighted by each district's policing intensity
    (unless ``cctv_nodes`` is given, e.g. after cameras followed alerts).
    The kinds are placed in this order, each drawing from ``rng`` in turn,
    so that a seed gives the same cameras as it always has.
    """
    placed = [
        _cctv(params, city, rng, cctv_nodes),
        _bodycams(params, city, rng),
        _drones(params, city, rng),
        _gates(params, city),
    ]
    return _camera_table(city, [p for p in placed if p is not None])


def _cctv(
    params: Params, city: City, rng: np.random.Generator, cctv_nodes: np.ndarray | None
) -> _Placed:
    """Fixed CCTV, one intersection each, more of it where policing is heavier.

    In the workplace the factory's own cameras come first, at its gate, and
    the rest are drawn from ``rng`` even when ``cctv_nodes`` then replaces
    them (elsewhere given nodes draw nothing): the order the model has always
    drawn in, which a seed's results depend on.
    """
    n_cctv = int(round(params.cameras * params.camera_density))
    if params.layout == "workplace":
        factory = int(city.places["factory"][0])
        main = np.full(min(n_cctv, FACTORY_CAMERAS), factory) if n_cctv else np.empty(0, int)
        rest = n_cctv - len(main)
        if rest > 0:
            main = np.concatenate([main, _weighted_nodes(city, rng, rest)])
        cctv_nodes = main if cctv_nodes is None else cctv_nodes
    if cctv_nodes is None:
        cctv_nodes = _weighted_nodes(city, rng, n_cctv)
    cctv_nodes = np.asarray(cctv_nodes, np.int32)
    return _Placed(CCTV, cctv_nodes, [np.array([v]) for v in cctv_nodes], 1.0)


def _bodycams(params: Params, city: City, rng: np.random.Generator) -> _Placed | None:
    """One body camera per officer, walking a beat of BEAT intersections along a street."""
    if not (params.bodycams and params.officers > 0):
        return None
    starts = _weighted_nodes(city, rng, int(params.officers))
    covers = []
    for s in starts:
        i, j = s % city.nx, s // city.nx
        i0 = min(max(i - BEAT // 2, 0), city.nx - BEAT)
        covers.append(j * city.nx + np.arange(i0, i0 + BEAT))
    return _Placed(BODYCAM, starts, covers, 1.0 / BEAT)


def _drones(params: Params, city: City, rng: np.random.Generator) -> _Placed | None:
    """The first drone over the day's busiest place, the others where policing is heavier.

    Each films the block of intersections DRONE_REACH around the one it
    hovers over, cut at the city's edge.
    """
    n = int(params.drones)
    if n <= 0:
        return None
    targets = [_busiest_place(params, city)] + list(_weighted_nodes(city, rng, n - 1))
    covers = []
    reach = np.arange(-DRONE_REACH, DRONE_REACH + 1)
    for s in targets[:n]:
        i, j = s % city.nx, s // city.nx
        ii, jj = np.meshgrid(i + reach, j + reach)
        ok = (ii >= 0) & (ii < city.nx) & (jj >= 0) & (jj < city.ny)
        covers.append((jj[ok] * city.nx + ii[ok]).ravel())
    return _Placed(DRONE, np.array(targets[:n]), covers, 1.0)


def _gates(params: Params, city: City) -> _Placed | None:
    """Stadium gates, listed for drawing: their captures come from arrivals (_gate_arrivals)."""
    if params.gates <= 0:
        return None
    venue = int(city.places["stadium"][0])
    main = np.full(int(params.gates), venue)
    return _Placed(GATE, main, [np.empty(0, int)] * len(main), 1.0)


def _camera_table(city: City, placed: list[_Placed]) -> Cameras:
    """Every kind's cameras in one table, and the (node, camera) pairs of what they watch.

    Cameras are numbered in the order of ``placed``; the pairs follow that
    order, camera by camera, which fixes the order of the random draws that
    thin them into captures (see _street_passes).
    """
    kind = np.concatenate([np.full(len(p.main), p.kind, np.int8) for p in placed])
    node = np.concatenate([p.main.astype(np.int32) for p in placed])
    x, y = city.node_xy(node)
    if len(node):
        # gates stand in a ring around the stadium; drones hover a little off the street
        spread = RING[kind]
        ang = np.linspace(0, 2 * np.pi, len(node), endpoint=False)
        x = x + spread * np.cos(ang)
        y = y + spread * np.sin(ang)
    covers = [c for p in placed for c in p.cover]
    sizes = np.array([len(c) for c in covers], np.int64)
    weights = np.array([p.weight for p in placed for _ in p.cover], np.float32)
    pn = np.concatenate(covers).astype(np.int32) if covers else np.empty(0, np.int32)
    pc = np.repeat(np.arange(len(covers), dtype=np.int32), sizes)
    pw = np.repeat(weights, sizes)
    ok = (pn >= 0) & (pn < city.nx * city.ny)
    return Cameras(
        x=x.astype(np.float32),
        y=y.astype(np.float32),
        kind=kind,
        radius=RADIUS[kind] if len(kind) else np.empty(0, np.float32),
        active=np.ones(len(kind), bool),
        node=node,
        pair_node=pn[ok],
        pair_cam=pc[ok],
        pair_weight=pw[ok],
    )


def _weighted_nodes(city: City, rng: np.random.Generator, k: int) -> np.ndarray:
    """k distinct intersections, more of them where policing is heavier."""
    if k <= 0:
        return np.empty(0, np.int32)
    w = np.array([d.camera_weight for d in city.districts])[city.node_district]
    w = w / w.sum()
    k_distinct = min(k, len(w))
    chosen = rng.choice(len(w), size=k_distinct, replace=False, p=w)
    if k > k_distinct:
        chosen = np.concatenate([chosen, rng.choice(len(w), size=k - k_distinct, p=w)])
    return chosen.astype(np.int32)


def _busiest_place(params: Params, city: City) -> int:
    if params.layout == "protest":
        return int(city.places["square"][0])
    if params.layout == "stadium" or params.event_share > 0:
        return int(city.places["stadium"][0])
    return int(city.places["work"][len(city.places["work"]) // 2])


_CAPTURE_FIELDS = ("time", "person", "camera", "node", "quality")


@dataclass
class Captures:
    """One batch of captures, sorted by time."""

    time: np.ndarray  # float64 absolute seconds
    person: np.ndarray  # int32
    camera: np.ndarray  # int32 (-1 for a phone search)
    node: np.ndarray  # int32 where it happened
    quality: np.ndarray  # float32

    def __len__(self) -> int:
        return len(self.time)

    def merged(self, other: Captures) -> Captures:
        """Both batches in one, sorted by time."""
        time = np.concatenate([self.time, other.time])
        order = np.argsort(time, kind="stable")
        # one column at a time: a busy window merges tens of millions of rows
        cols = [time[order]]
        del time
        for f in _CAPTURE_FIELDS[1:]:
            cols.append(np.concatenate([getattr(self, f), getattr(other, f)])[order])
        return Captures(*cols)

    def slice(self, lo: int, hi: int) -> Captures:
        return Captures(
            self.time[lo:hi],
            self.person[lo:hi],
            self.camera[lo:hi],
            self.node[lo:hi],
            self.quality[lo:hi],
        )


def day_captures(
    params: Params,
    city: City,
    people: People,
    cams: Cameras,
    trips: Trips,
    rng: np.random.Generator,
    day_start: float,
    day_length: float,
    window: tuple[float, float] | None = None,
    extras: bool = True,
) -> Captures:
    """Captures of one day: camera passes along routes, gate arrivals, phone searches.

    ``window`` (seconds since the day's start) keeps only the street passes of
    trips that start inside it, so a day can be computed a few hours at a
    time (no long frame at midnight); ``extras`` adds the day's gate arrivals,
    phone searches and booking probes, which are computed whole, once.
    """
    active = trips.active
    if window is not None:
        active = active & (trips.start >= window[0]) & (trips.start < window[1])
    parts = [_street_passes(city, cams, trips, active, rng)]
    if extras:
        if params.gates > 0:
            parts.append(_gate_arrivals(params, city, trips, cams, rng))
        parts.append(_phone_searches(params, city, people, rng, day_length))
        if params.layout == "booking":
            parts.append(_booking_probes(people, rng, day_length))
    # A busy window (a stadium emptying past thousands of cameras) holds tens of
    # millions of captures: each column is gathered once, in time order, and
    # the temporaries are let go as soon as they are used.
    time = np.concatenate([p[0] for p in parts]).astype(np.float64, copy=False)
    camera = np.concatenate([p[2] for p in parts]).astype(np.int32, copy=False)
    kind = np.where(camera >= 0, cams.kind[np.maximum(camera, 0)] if cams.n else PHONE, PHONE)
    noise = rng.normal(0.0, QUALITY_SD, len(time)).astype(np.float32)
    quality = np.clip(params.capture_quality * BASE_QUALITY[kind] + noise, *QUALITY_RANGE)
    del kind, noise
    keep = np.flatnonzero(time < day_length)
    take = keep[np.argsort(time[keep], kind="stable")]
    del keep
    time = time[take]
    time += day_start
    camera = camera[take]
    quality = quality[take].astype(np.float32, copy=False)
    person = np.concatenate([p[1] for p in parts]).astype(np.int32, copy=False)[take]
    node = np.concatenate([p[3] for p in parts]).astype(np.int32, copy=False)[take]
    return Captures(time, person, camera, node, quality)


_Part = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _street_passes(
    city: City, cams: Cameras, trips: Trips, active: np.ndarray, rng: np.random.Generator
) -> _Part:
    if len(cams.pair_node) == 0:
        return _empty()
    person, slot = np.nonzero(active)
    t0 = trips.start[person, slot].astype(np.float64)
    a = trips.src[person, slot]
    b = trips.dst[person, slot]
    ai, aj = a % city.nx, a // city.nx
    bi, bj = b % city.nx, b // city.nx
    nx1, ny1 = city.nx + 1, city.ny + 1
    pi, pj = cams.pair_node % city.nx, cams.pair_node // city.nx

    parts: list[tuple[np.ndarray, ...]] = []
    row_key = pj.astype(np.int64) * nx1 + pi
    for leg in (1, 2):
        if leg == 1:
            key = row_key
            fixed, lo_v, hi_v, size = aj, np.minimum(ai, bi), np.maximum(ai, bi), nx1
            start_v = ai
            offset = np.zeros(len(person), np.float64)
        else:
            key = pi.astype(np.int64) * ny1 + pj
            # exclude the corner (already counted on leg 1)
            up = bj > aj
            lo_v = np.where(up, aj + 1, bj)
            hi_v = np.where(up, bj, aj - 1)
            fixed, size, start_v = bi, ny1, aj
            offset = np.abs(bi - ai).astype(np.float64) * city.spacing
        order = np.argsort(key, kind="stable")
        skey = key[order]
        lo = np.searchsorted(skey, fixed.astype(np.int64) * size + lo_v, "left")
        hi = np.searchsorted(skey, fixed.astype(np.int64) * size + hi_v, "right")
        count = np.maximum(hi - lo, 0)
        # The camera pairs each trip passes are listed and thinned a block of trips
        # at a time, so the unthinned list (tens of bytes a pass, before most are
        # dropped) never holds more than PASS_BLOCK passes. Blocks take their
        # random numbers in the same order as one pass over the whole leg would,
        # so the result does not depend on the block size.
        ends = np.cumsum(count)
        for a0, a1 in _blocks(ends, PASS_BLOCK):
            c = count[a0:a1]
            total = int(c.sum())
            if total == 0:
                continue
            seg = np.repeat(np.arange(a0, a1), c)
            first = np.repeat(np.cumsum(c) - c, c)
            pair = order[np.repeat(lo[a0:a1], c) + np.arange(total) - first]
            del first
            cam = cams.pair_cam[pair]
            p_seen = FACE_CHANCE[cams.kind[cam]] * cams.pair_weight[pair] * cams.active[cam]
            seen = rng.random(total) < p_seen
            seg, pair, cam = seg[seen], pair[seen], cam[seen]
            pos = key[pair] % size
            dist = offset[seg] + np.abs(pos - start_v[seg]) * city.spacing
            parts.append((t0[seg] + dist / SPEED, person[seg], cam, cams.pair_node[pair]))
    if not parts:
        return _empty()
    when, who, cam, node = (np.concatenate([p[i] for p in parts]) for i in range(4))
    return when, who, cam, node


def _blocks(ends: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Split rows whose running item count is `ends` into runs of about `budget` items.

    A single row larger than the budget gets a run of its own.
    """
    out: list[tuple[int, int]] = []
    a0, n, done = 0, len(ends), 0
    while a0 < n:
        a1 = int(np.searchsorted(ends, done + budget, "right"))
        a1 = max(a1, a0 + 1)
        out.append((a0, a1))
        done = int(ends[a1 - 1])
        a0 = a1
    return out


def _gate_arrivals(
    params: Params, city: City, trips: Trips, cams: Cameras, rng: np.random.Generator
) -> _Part:
    """Fans reaching the stadium pass a gate; a gate searches at most so many faces a second."""
    venue = int(city.places["stadium"][0])
    gate_ids = np.flatnonzero(cams.kind == GATE)
    person, slot = np.nonzero(trips.active & (trips.dst == venue))
    if len(person) == 0 or len(gate_ids) == 0:
        return _empty()
    a, b = trips.src[person, slot], trips.dst[person, slot]
    dist = (np.abs(b % city.nx - a % city.nx) + np.abs(b // city.nx - a // city.nx)) * city.spacing
    arrive = trips.start[person, slot].astype(np.float64) + dist / SPEED
    # crowd mode: per minute, the gates together search at most capacity faces
    capacity = int(len(gate_ids) * params.gate_faces_per_second * 60)
    minute = (arrive // 60).astype(np.int64)
    order = np.lexsort((rng.random(len(minute)), minute))
    m_sorted = minute[order]
    rank = np.arange(len(order)) - np.searchsorted(m_sorted, m_sorted, "left")
    within = np.empty(len(order), bool)
    within[order] = rank < capacity
    seen = within & (rng.random(len(person)) < FACE_CHANCE[GATE])
    gate = gate_ids[rng.integers(0, len(gate_ids), len(person))]
    return arrive[seen], person[seen], gate[seen], np.full(int(seen.sum()), venue, np.int32)


def _phone_searches(
    params: Params, city: City, people: People, rng: np.random.Generator, day_length: float
) -> _Part:
    """Officers photograph someone they have stopped for another reason and search the app."""
    rate = params.phone_searches_per_officer_hour * params.officers * day_length / 3600.0
    k = int(rng.poisson(rate)) if rate > 0 else 0
    if k == 0 or people.n == 0:
        return _empty()
    # who officers meet follows where they patrol: the policing weight of a person's home district
    w = np.array([d.camera_weight for d in city.districts])[city.node_district[people.home]]
    who = rng.choice(people.n, size=k, p=w / w.sum()).astype(np.int32)
    when = rng.uniform(0, day_length, k)
    return when, who, np.full(k, -1, np.int32), people.home[who]


def _booking_probes(people: People, rng: np.random.Generator, day_length: float) -> _Part:
    """Booking layout: every person's photo is searched exactly once, at a random time."""
    n = people.n
    when = rng.uniform(0, min(day_length, BOOKING_WINDOW_S), n)
    return when, np.arange(n, dtype=np.int32), np.full(n, -1, np.int32), people.home.copy()


def _empty() -> _Part:
    return (np.empty(0), np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, np.int32))
