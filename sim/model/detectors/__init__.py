"""Detectors: what is scanned, how a scan becomes an alert, what the response does.

The lesson of the game is about base rates, not about faces: any detector that
scans millions of harmless things for a rare target floods the people behind
it with false alarms. So the cascade has one pipeline (sim/model/model.py:
scans are counted per group and per person, alerts go to the shared review
desk with its capacity and automation bias, confirmed alerts to the shared
dispatch with its officers, feedback policies at night) and a detector is one
small module behind the `Detector` interface below. A detector only decides

* which scans there are (`generate`, or the camera passes the city gives),
* for each scan: does it alert, is it a real target, and its analytic
  expectation (`scan` returns a `Scan`),
* what may call off an alert between review and response (`gate`: the second
  review of weapon alerts, the eye check of a plate), and
* what the response does to an innocent person (`respond`: held at gunpoint,
  handcuffed, loss of calls...), in its own counters.

Faces are one detector among others (`faces.FaceDetector`) and give exactly
what the face-only model gave for the same seed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..people import ONE_COUNT
from ..scan import Scan

if TYPE_CHECKING:
    from ..capture import Captures
    from ..model import Model
    from ..stops import StopResult


class Detector:
    """The interface, with the defaults of a detector that needs nothing extra.

    Class attributes say what the shared pipeline and the screens need to
    know; methods get the model so that they can use its crowd, streams and
    knobs, but they change only their own state and the arrays they return.
    """

    name = "faces"
    #: what one scan is, for tables and labels ("faces", "person-passes", ...)
    scan_noun = "faces"
    #: this detector's own counters, per group, added to the model's (harms...)
    counters: tuple[str, ...] = ()
    #: True: the scans come from `generate`, not from people passing cameras
    generates_scans = False
    #: True: a real target is a scan (a call about a crime), not a wanted person
    targets_per_scan = False
    #: True: what `scan` makes of a capture depends only on the capture and on
    #: the draws taken for it from `streams`, in capture order, so captures
    #: still to come may be searched ahead (sim/model/ahead.py)
    scans_in_order = False

    def reset(self, model: Model, seed: np.random.SeedSequence) -> None:
        """Draw whatever is persistent for this run (plates, propensities...)."""
        self.rng = np.random.default_rng(seed)

    def rescale(self, model: Model) -> None:
        """Recompute what depends on knobs that can change while running."""

    def generate(self, model: Model, t0: float, t1: float) -> Captures:
        """The scans in [t0, t1) when they do not come from camera passes."""
        raise NotImplementedError(f"{self.name} scans camera passes")

    def scan(self, model: Model, caps: Captures) -> Scan:
        """Decide every scan of the batch (see `Scan`)."""
        raise NotImplementedError

    def streams(self, model: Model) -> tuple[np.random.Generator, ...]:
        """The random streams `scan` draws from (for a detector that `scans_in_order`)."""
        return ()

    def skip(self, model: Model, n: int) -> None:
        """Take from `streams` the draws a scan of ``n`` captures takes (`scans_in_order`)."""
        raise NotImplementedError(f"{self.name} does not scan in capture order")

    def gate(self, model: Model, onward: np.ndarray) -> np.ndarray:
        """Alert rows that still go to the response after review (default: all)."""
        return onward

    def respond(self, model: Model, res: StopResult, person: np.ndarray) -> None:
        """Count what the response did to the people in ``res`` (default: nothing extra)."""

    def totals(self, model: Model) -> dict[str, Any]:
        """Extra totals for the run's summary (this detector's counters, per-person harms)."""
        return {}

    def expected(self, model: Model) -> dict[str, Any]:
        """Extra analytic expectations for the run's summary."""
        return {}


def lookalike_multiplier(rng: np.random.Generator, n: int, sigma: float) -> np.ndarray:
    """A persistent per-person false-alarm multiplier: lognormal with mean 1.

    Why: false alarms are not a fresh coin per scan. A way of holding a phone,
    a dark umbrella, a voice the speech-to-text mishears: the same few people
    are flagged again and again. Mean 1 keeps the knob's rate the population
    average; ``sigma`` is how heavy the tail is (0: everyone alike).
    """
    if sigma <= 0.0:
        return np.ones(n, np.float32)
    z = rng.standard_normal(n)
    return np.exp(sigma * z - 0.5 * sigma * sigma).astype(np.float32)


def count_per_person(model: Model, key: str, person: np.ndarray, hit: np.ndarray) -> None:
    """Add ``hit`` (bool per stop) to counter ``key`` per group, and to the person's tally."""
    ppl = model.people
    n_groups = len(ppl.group_names)
    model._tot[key] += np.bincount(ppl.group[person], hit, n_groups)
    tally = model.harm.setdefault(key, np.zeros(ppl.n, np.int32))
    np.add.at(tally, person[hit], ONE_COUNT)


def people_harmed(model: Model, key: str) -> int:
    """How many different innocent people counter ``key`` reached at least once."""
    tally = model.harm.get(key)
    if tally is None:
        return 0
    innocent = ~model.people.wanted & ~model._found
    return int(((tally > 0) & innocent).sum())


def make_detector(name: str) -> Detector:
    """The detector a `detector` knob names (its module is imported when first used)."""
    import importlib

    module, cls = {
        "faces": ("faces", "FaceDetector"),
        "weapons": ("weapons", "WeaponDetector"),
        "plates": ("plates", "PlateDetector"),
        "calls": ("calls", "CallDetector"),
    }[name]
    kind: type[Detector] = getattr(importlib.import_module(f"{__name__}.{module}"), cls)
    return kind()
