"""The synthetic crowd: groups, face codes, homes, workplaces, who is wanted.

Groups are abstract ("A", "B", ...): the mechanics never use a real ethnic
label. A scenario may say which published finding a group difference stands
for. Everything here is one numpy array per attribute, indexed by person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .city import HOME_WEIGHTS_MAJORITY, HOME_WEIGHTS_MINORITY, City, residential_districts
from .faces import random_codes
from .params import Params

#: One, in the per-person counters' own type (int32), for `np.add.at`: given a
#: Python 1, numpy takes its slow casting path, 60 us for 600 captures of a
#: 20k city and 9 ms for 50k captures of a 1M one, against 3 us and 0.2 ms.
ONE_COUNT = np.int32(1)

STATES = ("walking", "captured", "flagged", "stopped", "detained", "found")
WALKING, CAPTURED, FLAGGED, STOPPED, DETAINED, FOUND = range(6)


@dataclass
class People:
    n: int
    group_names: list[str]
    group: np.ndarray  # int8
    code: np.ndarray  # (n, D) float32 unit vectors
    home: np.ndarray  # int32 node
    work: np.ndarray  # int32 node
    jitter: np.ndarray  # (n, 2) float32 metres, where on the block a person stands
    wanted: np.ndarray  # bool: really sought by police, and on the watchlist
    listed: np.ndarray  # bool: has an own record on the watchlist (wanted, or added by policy)
    genuine_spread: np.ndarray  # float32: how badly their own record matches (persistent)
    state: np.ndarray  # uint8, see STATES
    state_until: np.ndarray  # float64 seconds
    flag_count: np.ndarray  # int32 alerts on this person
    stop_count: np.ndarray  # int32 stops of this person
    detained_hours: np.ndarray  # float32
    scan_count: np.ndarray  # int32 captures of this person searched against the watchlist

    def group_sizes(self) -> np.ndarray:
        return np.bincount(self.group, minlength=len(self.group_names))


def make_people(params: Params, city: City, rng: np.random.Generator) -> People:
    """Draw the crowd for one run. One generator, fixed order of draws: deterministic."""
    n = int(params.people)
    names = list(params.groups)
    shares = np.array([params.groups[g].share for g in names], dtype=np.float64)
    group = rng.choice(len(names), size=n, p=shares / shares.sum()).astype(np.int8)
    code = random_codes(rng, n)

    res = residential_districts(city)
    home = np.empty(n, np.int32)
    for gi in range(len(names)):
        members = np.flatnonzero(group == gi)
        weights = HOME_WEIGHTS_MAJORITY if gi == 0 else HOME_WEIGHTS_MINORITY
        dist = rng.choice(len(res), size=len(members), p=weights[: len(res)] / weights.sum())
        for k, d in enumerate(res):
            nodes = city.nodes_in(d)
            sel = members[dist == k]
            home[sel] = rng.choice(nodes, size=len(sel))
    if params.layout == "workplace":
        work = np.full(n, city.places["factory"][0], np.int32)
    else:
        work = rng.choice(city.places["work"], size=n).astype(np.int32)
    jitter = rng.uniform(-0.3, 0.3, size=(n, 2)).astype(np.float32) * city.spacing

    wanted = np.zeros(n, bool)
    total_wanted = int(params.wanted)
    if total_wanted:
        wshares = np.array([params.groups[g].wanted_share for g in names], dtype=np.float64)
        per_group = _apportion(total_wanted, wshares)
        for gi, k in enumerate(per_group):
            members = np.flatnonzero(group == gi)
            k = min(k, len(members))
            wanted[rng.choice(members, size=k, replace=False)] = True
    genuine_spread = rng.lognormal(0.0, 0.4, size=n).astype(np.float32)
    return People(
        n=n,
        group_names=names,
        group=group,
        code=code,
        home=home,
        work=work,
        jitter=jitter,
        wanted=wanted,
        listed=wanted.copy(),
        genuine_spread=genuine_spread,
        state=np.zeros(n, np.uint8),
        state_until=np.zeros(n, np.float64),
        flag_count=np.zeros(n, np.int32),
        stop_count=np.zeros(n, np.int32),
        detained_hours=np.zeros(n, np.float32),
        scan_count=np.zeros(n, np.int32),
    )


def _apportion(total: int, shares: np.ndarray) -> list[int]:
    """Split a whole number by shares, largest remainders first (sums exactly to total)."""
    raw = total * shares / shares.sum()
    base = np.floor(raw).astype(int)
    rest = total - base.sum()
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return [int(x) for x in base]
