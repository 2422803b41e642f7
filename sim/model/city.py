"""The synthetic city: a street grid divided into districts.

Streets form a regular grid; people travel along them between intersections
("nodes"). Districts differ in what they hold (homes, work, the stadium) and
in how heavily they are policed, which is how real-time crime centres place
cameras: more in "hot spots". Where groups live is not even either, so two
groups can pass very different numbers of cameras a day without anyone
choosing that on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class District:
    name: str
    x0: float
    y0: float
    x1: float
    y1: float
    kind: str  # residential, centre, business, stadium
    camera_weight: float  # relative camera density (policing intensity)


@dataclass
class City:
    width: float
    height: float
    spacing: float
    nx: int
    ny: int
    districts: list[District]
    node_district: np.ndarray  # (nx*ny,) int16 district of each intersection
    places: dict[str, np.ndarray] = field(default_factory=dict)  # kind -> node ids

    @property
    def streets_x(self) -> np.ndarray:
        return (np.arange(self.nx) * self.spacing).astype(np.float32)

    @property
    def streets_y(self) -> np.ndarray:
        return (np.arange(self.ny) * self.spacing).astype(np.float32)

    def node_xy(self, node: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        node = np.asarray(node)
        return (
            (node % self.nx).astype(np.float32) * self.spacing,
            (node // self.nx).astype(np.float32) * self.spacing,
        )

    def node_lookup(self) -> tuple[np.ndarray, np.ndarray]:
        """x and y (float32 metres) of every node, cached: positions() reads them per frame."""
        cached = self.__dict__.get("_node_xy")
        if cached is None:
            cached = self.node_xy(np.arange(self.nx * self.ny))
            self.__dict__["_node_xy"] = cached
        return cached

    def nodes_in(self, district: int) -> np.ndarray:
        return np.flatnonzero(self.node_district == district)

    def district_index(self, name: str) -> int:
        for i, d in enumerate(self.districts):
            if d.name == name:
                return i
        raise KeyError(name)


# name, column, row, kind, camera weight. "river" is where the second group
# mostly lives and is policed as a hot spot.
_DISTRICTS = [
    ("north", 0, 0, "residential", 0.5),
    ("centre", 1, 0, "centre", 3.0),
    ("east", 2, 0, "residential", 0.5),
    ("river", 0, 1, "residential", 2.0),
    ("market", 1, 1, "business", 2.0),
    ("stadium", 2, 1, "stadium", 1.0),
]

# Where each group's homes are, over the residential districts north, east, river.
HOME_WEIGHTS_MAJORITY = np.array([0.42, 0.42, 0.16])
HOME_WEIGHTS_MINORITY = np.array([0.12, 0.12, 0.76])


def build_city(width: float = 6000.0, height: float = 4000.0, spacing: float = 200.0) -> City:
    """The default city: 3 x 2 districts on a 200 m street grid."""
    nx = int(round(width / spacing)) + 1
    ny = int(round(height / spacing)) + 1
    dw, dh = width / 3, height / 2
    districts = [
        District(name, c * dw, r * dh, (c + 1) * dw, (r + 1) * dh, kind, w)
        for name, c, r, kind, w in _DISTRICTS
    ]
    xs = (np.arange(nx * ny) % nx) * spacing
    ys = (np.arange(nx * ny) // nx) * spacing
    col = np.minimum((xs / dw).astype(int), 2)
    row = np.minimum((ys / dh).astype(int), 1)
    node_district = (row * 3 + col).astype(np.int16)
    city = City(width, height, spacing, nx, ny, districts, node_district)
    by_kind: dict[str, list[int]] = {}
    for i, d in enumerate(districts):
        by_kind.setdefault(d.kind, []).append(i)
    city.places["home"] = np.concatenate([city.nodes_in(i) for i in by_kind["residential"]])
    city.places["work"] = np.concatenate(
        [city.nodes_in(i) for i in by_kind["centre"] + by_kind["business"]]
    )
    city.places["leisure"] = city.places["work"]
    stadium = districts[city.district_index("stadium")]
    centre = districts[city.district_index("centre")]
    market = districts[city.district_index("market")]
    city.places["stadium"] = np.array([_nearest_node(city, stadium)])
    city.places["square"] = np.array([_nearest_node(city, centre)])
    city.places["factory"] = np.array([_nearest_node(city, market)])
    return city


def _nearest_node(city: City, d: District) -> int:
    i = int(round((d.x0 + d.x1) / 2 / city.spacing))
    j = int(round((d.y0 + d.y1) / 2 / city.spacing))
    return j * city.nx + i


def residential_districts(city: City) -> list[int]:
    return [i for i, d in enumerate(city.districts) if d.kind == "residential"]
