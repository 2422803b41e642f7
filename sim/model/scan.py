"""What a detector made of a batch of scans (its own module: the search done
ahead, sim/model/ahead.py, keeps and slices them without the detectors)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Scan:
    """What a detector made of a batch of scans, one entry per scan.

    ``exp_true``/``exp_false`` are each scan's chance of a true/false alert
    given everything drawn before the scan (the persistent propensities
    included): summed, they are the analytic expectation of the counts, and by
    linearity of expectation that holds even though alerts on the same person
    are correlated.
    """

    alert: np.ndarray  # bool: the scan raised an alert
    is_true: np.ndarray  # bool: ... about a real target
    target: np.ndarray  # bool: the scan was of a real target (alert or not)
    exp_true: np.ndarray  # float64 chance of a true alert
    exp_false: np.ndarray  # float64 chance of a false alert
    score: np.ndarray | None = None  # float32, shown with the alert (similarity...)
    best_cos: np.ndarray | None = None  # float32 (faces: the lookalike's similarity)
    entry: np.ndarray | None = None  # int64 which record/plate/keyword matched (-1: none)
    detail: np.ndarray | None = None  # int8, a detector's own kind of alert (see its module)
