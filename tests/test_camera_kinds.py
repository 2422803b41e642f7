"""Each camera kind is placed by its own helper as the parameters and the kind table say.

`tests/test_engine_same_results.py` pins what the cameras lead to; these
check what each helper promises on its own: how many cameras of each kind,
what each watches and for what share of the time, with no random numbers
in the assertions (placement is exact, not statistical).
"""

from __future__ import annotations

import numpy as np

from sim.model.camera_kinds import (
    BEAT,
    BODYCAM,
    CAMERA_KINDS,
    CCTV,
    DRONE,
    DRONE_REACH,
    FACTORY_CAMERAS,
    GATE,
    KINDS,
    PHONE,
)
from sim.model.capture import place_cameras
from sim.model.city import build_city
from tests.helpers import params


def test_the_table_names_every_kind_once_in_index_order() -> None:
    assert CAMERA_KINDS == ("cctv", "bodycam", "drone", "gate", "phone")
    assert list(range(len(KINDS))) == [CCTV, BODYCAM, DRONE, GATE, PHONE]
    for kind in KINDS:
        assert 0.0 < kind.face_chance <= 1.0, kind.name
        assert kind.base_quality > 0 and kind.radius_m > 0 and kind.ring_m >= 0, kind.name
        assert kind.why, kind.name


def test_every_kind_gets_the_cameras_the_parameters_ask_for() -> None:
    city = build_city()
    p = params(cameras=30, camera_density=2.0, bodycams=True, officers=7, drones=4, gates=3)
    cams = place_cameras(p, city, np.random.default_rng(1))
    assert [cams.count(k) for k in (CCTV, BODYCAM, DRONE, GATE, PHONE)] == [60, 7, 4, 3, 0]
    # the kinds are numbered in placement order: CCTV first, gates last
    assert (np.diff(cams.kind) >= 0).all()
    pairs = np.bincount(cams.pair_cam, minlength=cams.n)
    weight = {int(k): set(cams.pair_weight[cams.kind[cams.pair_cam] == k]) for k in (CCTV, BODYCAM)}
    # CCTV watches its own corner all the time
    assert (pairs[cams.kind == CCTV] == 1).all() and weight[CCTV] == {np.float32(1.0)}
    cctv = np.flatnonzero(cams.kind == CCTV)
    assert (cams.pair_node[np.isin(cams.pair_cam, cctv)] == cams.node[cctv]).all()
    # a body camera walks BEAT corners of one street, each for 1/BEAT of the time
    assert (pairs[cams.kind == BODYCAM] == BEAT).all()
    assert weight[BODYCAM] == {np.float32(1.0 / BEAT)}
    for c in np.flatnonzero(cams.kind == BODYCAM):
        beat = cams.pair_node[cams.pair_cam == c]
        assert len(set(beat // city.nx)) == 1 and (np.diff(beat % city.nx) == 1).all()
    # a drone films a block DRONE_REACH around its corner (smaller at the city's edge)
    side = 2 * DRONE_REACH + 1
    assert (pairs[cams.kind == DRONE] <= side * side).all()
    assert (pairs[cams.kind == DRONE] >= (DRONE_REACH + 1) ** 2).all()
    # gates watch no street: their captures come from arrivals at the stadium
    assert (pairs[cams.kind == GATE] == 0).all()
    assert (cams.node[cams.kind == GATE] == city.places["stadium"][0]).all()


def test_the_factory_cameras_stand_at_its_gate_first() -> None:
    city = build_city()
    p = params(layout="workplace", cameras=5, camera_density=1.0)
    cams = place_cameras(p, city, np.random.default_rng(2))
    assert cams.count(CCTV) == 5
    factory = city.places["factory"][0]
    assert (cams.node[:FACTORY_CAMERAS] == factory).all()


def test_given_cctv_nodes_are_where_the_cctv_stands() -> None:
    """Cameras that followed alerts stand where told, in the city and in the factory.

    In the factory the drawn nodes are still drawn (see capture._cctv), so
    the other kinds stay where the same seed puts them without the move.
    """
    city = build_city()
    moved = np.arange(10, dtype=np.int32)
    for layout in ("city", "workplace"):
        p = params(layout=layout, cameras=10, bodycams=True, officers=3, drones=2)
        a = place_cameras(p, city, np.random.default_rng(3))
        b = place_cameras(p, city, np.random.default_rng(3), cctv_nodes=moved)
        assert (b.node[b.kind == CCTV] == moved).all()
        assert b.count(BODYCAM) == 3 and b.count(DRONE) == 2
    assert (a.node[a.kind != CCTV] == b.node[b.kind != CCTV]).all()
