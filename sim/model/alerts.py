"""The log of every alert and what became of it.

An alert is one capture whose best similarity reached the threshold. It then
waits for a human reviewer, may be confirmed, dismissed, expire or be passed
on unreviewed, and a confirmed alert may lead to a stop. The log keeps one
row per alert in growable numpy arrays (alerts are far fewer than captures,
but a busy day can still have a hundred thousand), and the queues of the
review and stop stages are arrays of row numbers into it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REVIEW = ("pending", "confirmed", "dismissed", "expired", "passed")
PENDING, CONFIRMED, DISMISSED, EXPIRED, PASSED = range(5)
OUTCOME = ("none", "waiting", "missed", "released", "detained", "found")
O_NONE, O_WAITING, O_MISSED, O_RELEASED, O_DETAINED, O_FOUND = range(6)

_FIELDS = {
    "time": np.float64,
    "person": np.int32,
    "camera": np.int32,
    "node": np.int32,
    "score": np.float32,
    "best_cos": np.float32,
    "entry": np.int64,
    "is_true": np.bool_,
    "group": np.int8,
    "review": np.int8,
    "outcome": np.int8,
    "decided_at": np.float64,
    "held_hours": np.float32,
}


class AlertLog:
    """Column store of alerts; ``n`` rows are valid."""

    def __init__(self, capacity: int = 1024) -> None:
        self.n = 0
        self._cols = {k: np.zeros(capacity, t) for k, t in _FIELDS.items()}

    def __getattr__(self, name: str) -> np.ndarray:
        cols = self.__dict__.get("_cols")
        if cols is not None and name in cols:
            return cols[name][: self.n]
        raise AttributeError(name)

    def col(self, name: str) -> np.ndarray:
        """The full backing array (write through it with row indices)."""
        return self._cols[name]

    def append(self, **values: np.ndarray) -> np.ndarray:
        """Add rows; returns their row numbers."""
        k = len(values["time"])
        need = self.n + k
        cap = len(self._cols["time"])
        if need > cap:
            new = max(need, cap * 2)
            for name, arr in self._cols.items():
                grown = np.zeros(new, arr.dtype)
                grown[: self.n] = arr[: self.n]
                self._cols[name] = grown
        rows = np.arange(self.n, need)
        for name, arr in self._cols.items():
            if name in values:
                arr[rows] = values[name]
            elif name in ("review",):
                arr[rows] = PENDING
            elif name == "outcome":
                arr[rows] = O_NONE
            else:
                arr[rows] = 0
        self.n = need
        return rows


@dataclass
class Alert:
    """A view of one alert row for the game's alert card (reads live status)."""

    log: AlertLog
    row: int
    entry_code: np.ndarray

    @property
    def time(self) -> float:
        return float(self.log.col("time")[self.row])

    @property
    def person(self) -> int:
        return int(self.log.col("person")[self.row])

    @property
    def camera(self) -> int:
        return int(self.log.col("camera")[self.row])

    @property
    def score(self) -> float:
        return float(self.log.col("score")[self.row])

    @property
    def is_true(self) -> bool:
        return bool(self.log.col("is_true")[self.row])

    @property
    def status(self) -> str:
        """pending, confirmed, dismissed, expired, passed; then waiting/missed/released/..."""
        outcome = int(self.log.col("outcome")[self.row])
        if outcome >= O_MISSED:
            return OUTCOME[outcome]
        return REVIEW[int(self.log.col("review")[self.row])]
