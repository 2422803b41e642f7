"""What each kind of camera is assumed to see: the per-kind table of the capture model.

These numbers describe a kind of camera, not a choice an agency makes, so
they are not knobs in the `params` registry: a scenario or a player changes
how many cameras there are (`cameras`, `bodycams`, `drones`, `gates`), how
good captures are overall (`capture_quality`) and how fast a gate searches
(`gate_faces_per_second`); what one CCTV camera sees of a passer-by stays
the same. They are assumptions, stated once here with the reason for each
value, so that the capture code holds no number of its own and a reader
finds every one in one hop. `python -m sim run --json` records the knobs
only, so moving a value here changes no result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CameraKind:
    """One kind of camera and the assumptions the capture model makes about it."""

    name: str
    #: chance that one pass of a person yields a face good enough to search
    face_chance: float
    #: multiplies `capture_quality`: how good this kind's faces are, relative
    base_quality: float
    #: metres of street the game draws the camera as watching
    radius_m: float
    #: metres from its intersection the camera is drawn (gates ring the stadium)
    ring_m: float
    why: str


#: In the order of `CAMERA_KINDS`: the index is the int8 `Cameras.kind`.
KINDS: tuple[CameraKind, ...] = (
    CameraKind(
        "cctv",
        face_chance=0.55,
        base_quality=0.9,
        radius_m=40.0,
        ring_m=0.0,
        why="a mast camera sees about half the faces passing a corner, from above",
    ),
    CameraKind(
        "bodycam",
        face_chance=0.6,
        base_quality=0.85,
        radius_m=25.0,
        ring_m=0.0,
        why="at eye level and close, but moving and often turned away",
    ),
    CameraKind(
        "drone",
        face_chance=0.35,
        base_quality=0.7,
        radius_m=300.0,
        ring_m=60.0,
        why="a wide view of a crowd from high up: many people, few usable faces",
    ),
    CameraKind(
        "gate",
        face_chance=0.9,
        base_quality=1.0,
        radius_m=30.0,
        ring_m=120.0,
        why="everyone walks through a gate facing it, one at a time",
    ),
    CameraKind(
        "phone",
        face_chance=1.0,
        base_quality=1.05,
        radius_m=3.0,
        ring_m=0.0,
        why="an officer photographs a stopped person (or a booking photo) face on",
    ),
)

CAMERA_KINDS = tuple(k.name for k in KINDS)
CCTV, BODYCAM, DRONE, GATE, PHONE = range(len(KINDS))
FACE_CHANCE = np.array([k.face_chance for k in KINDS], np.float32)
BASE_QUALITY = np.array([k.base_quality for k in KINDS], np.float32)
RADIUS = np.array([k.radius_m for k in KINDS], np.float32)
RING = np.array([k.ring_m for k in KINDS], np.float64)

#: Intersections an officer with a body camera walks in a day, along one street;
#: the camera watches each of them for 1/BEAT of the time.
BEAT = 5
#: Intersections a drone films in each direction from the one it hovers over
#: (1: a 3 x 3 block).
DRONE_REACH = 1
#: The factory's own cameras at its one gate: entrance, yard and canteen door.
FACTORY_CAMERAS = 3
#: Capture-to-capture spread of quality (light, angle, motion), a normal
#: standard deviation around the kind's quality.
QUALITY_SD = 0.08
#: Quality stays inside this range: no capture is perfect, none is worthless.
QUALITY_RANGE = (0.05, 1.0)
#: A booking photo is searched within this many seconds of the day's start.
BOOKING_WINDOW_S = 3600.0
