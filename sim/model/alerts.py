"""The log of every alert and what became of it.

An alert is one capture whose best similarity reached the threshold. It then
waits for a human reviewer, may be confirmed, dismissed, expire or be passed
on unreviewed, and a confirmed alert may lead to a stop. The log keeps one
row per alert in growable numpy arrays (alerts are far fewer than captures,
but a busy day can still have a hundred thousand), and the queues of the
review and stop stages are arrays of row numbers into it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from .faces import code_at_similarity

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
    "detail": np.int8,  # a detector's own kind of alert (plates: misread or stale entry)
}


class AlertLog:
    """Column store of alerts; ``n`` rows are valid."""

    def __init__(self, capacity: int = 1024) -> None:
        self.n = 0
        self._cols = {k: np.zeros(capacity, t) for k, t in _FIELDS.items()}
        # the Alert views handed out, so that `forget` can keep them pointing right
        self._views: weakref.WeakSet[Alert] = weakref.WeakSet()

    def view(self, row: int, record: RecordDraw) -> Alert:
        """An Alert that reads row ``row`` live, and follows it when rows are forgotten."""
        alert = Alert(self, int(row), record)
        self._views.add(alert)
        return alert

    def forget(self, drop: np.ndarray) -> np.ndarray:
        """Remove the rows where ``drop`` is True; returns each old row's new number (-1: gone).

        The rows left keep their order. A view of a removed row keeps its last
        values, so an alert on screen does not change under the viewer.
        """
        keep = ~drop[: self.n]
        new_row = np.full(self.n, -1, np.int64)
        m = int(keep.sum())
        new_row[keep] = np.arange(m)
        for view in list(self._views):
            if 0 <= view.row < self.n:
                if new_row[view.row] < 0:
                    view.freeze()
                else:
                    view.row = int(new_row[view.row])
        for arr in self._cols.values():
            arr[:m] = arr[: self.n][keep]
        self.n = m
        return new_row

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


@dataclass(frozen=True)
class RecordDraw:
    """The watchlist record an alert matched, drawn only when a screen shows it.

    Either the record itself (``cos`` None: a real record of a brute-force
    list) or a record drawn at exactly the similarity ``cos`` to ``code``
    (the person's), from a stream of the alert's own, so the same alert
    always shows the same record, however late it is asked for. Drawing it for
    every alert of a run that no screen shows was a fifteenth of a small
    city's day.
    """

    code: np.ndarray
    cos: float | None = None
    entropy: int = 0
    spawn_key: tuple[int, ...] = ()

    def __call__(self) -> np.ndarray:
        if self.cos is None:
            return self.code
        seed = np.random.SeedSequence(self.entropy, spawn_key=self.spawn_key)
        return code_at_similarity(np.random.default_rng(seed), self.code, self.cos)[0]


@dataclass(eq=False)
class Alert:
    """A view of one alert row for the game's alert card (reads live status).

    Made by `AlertLog.view`. If the log forgets the row (a long run in the
    game keeps only so many finished alerts), the view keeps the row's last
    values, so the alert on screen does not change.
    """

    log: AlertLog
    row: int
    record: RecordDraw
    _frozen: dict[str, float | int | bool] | None = None
    _code: np.ndarray | None = None

    @property
    def entry_code(self) -> np.ndarray:
        """The face code of the watchlist record matched, drawn the first time it is shown."""
        if self._code is None:
            self._code = self.record()
        return self._code

    def freeze(self) -> None:
        """Copy this row's values into the view (its row is about to be forgotten)."""
        self._frozen = {name: self.log.col(name)[self.row].item() for name in _FIELDS}
        self.row = -1

    def _get(self, name: str) -> float | int | bool:
        if self._frozen is not None:
            return self._frozen[name]
        return self.log.col(name)[self.row].item()

    @property
    def time(self) -> float:
        return float(self._get("time"))

    @property
    def person(self) -> int:
        return int(self._get("person"))

    @property
    def camera(self) -> int:
        return int(self._get("camera"))

    @property
    def score(self) -> float:
        return float(self._get("score"))

    @property
    def is_true(self) -> bool:
        return bool(self._get("is_true"))

    @property
    def status(self) -> str:
        """pending, confirmed, dismissed, expired, passed; then waiting/missed/released/..."""
        outcome = int(self._get("outcome"))
        if outcome >= O_MISSED:
            return OUTCOME[outcome]
        return REVIEW[int(self._get("review"))]
