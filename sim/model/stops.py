"""Stops: officers dispatched to confirmed alerts, with capacity and travel time.

A confirmed alert sends the next free officer. If none is free before the
person has moved on, the stop is missed. A stop of a wanted person finds
them; a stop of an innocent person ends in release after an ID check or, for
some, wrongful detention for hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .alerts import O_DETAINED, O_FOUND, O_MISSED, O_RELEASED, O_WAITING, AlertLog
from .params import Params


@dataclass
class StopResult:
    rows: np.ndarray  # alert rows that became stops
    found: np.ndarray  # bool per stop: a wanted person found
    detained: np.ndarray  # bool per stop: innocent and wrongly detained
    held_hours: np.ndarray  # hours held (0 when released)
    arrive: np.ndarray  # absolute time the officer reaches the person
    missed: np.ndarray  # alert rows whose person moved on before an officer was free


@dataclass
class Dispatch:
    free_at: np.ndarray = field(default_factory=lambda: np.zeros(0))
    queue: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

    def reset(self, officers: int) -> None:
        self.free_at = np.zeros(officers)
        self.queue = np.empty(0, np.int64)

    def resize(self, officers: int) -> None:
        if officers > len(self.free_at):
            self.free_at = np.concatenate([self.free_at, np.zeros(officers - len(self.free_at))])
        else:
            self.free_at = self.free_at[:officers]

    def step(
        self,
        log: AlertLog,
        new_rows: np.ndarray,
        wanted: np.ndarray,
        t: float,
        params: Params,
        rng: np.random.Generator,
        by_row: bool = False,
    ) -> StopResult:
        if not len(new_rows) and not len(self.queue):  # nobody to send anyone to
            e = np.empty(0)
            return StopResult(
                np.empty(0, np.int64), e.astype(bool), e.astype(bool), e, e, e.astype(np.int64)
            )
        outcome = log.col("outcome")
        if len(new_rows):
            outcome[new_rows] = O_WAITING
            self.queue = np.concatenate([self.queue, new_rows])
        missed = np.empty(0, np.int64)
        if len(self.queue):
            waited = t - log.col("decided_at")[self.queue]
            gone = waited > params.move_on_min * 60.0
            if gone.any():
                missed = self.queue[gone]
                outcome[missed] = O_MISSED
                self.queue = self.queue[~gone]
        free = np.flatnonzero(self.free_at <= t)
        k = min(len(free), len(self.queue))
        if k == 0:
            e = np.empty(0)
            return StopResult(np.empty(0, np.int64), e.astype(bool), e.astype(bool), e, e, missed)
        rows, self.queue = self.queue[:k], self.queue[k:]
        officers = free[:k]
        person = log.col("person")[rows]
        # a real target is a wanted person, or (calls) the alert's own scan
        found = log.col("is_true")[rows] if by_row else wanted[person]
        travel = rng.exponential(max(params.travel_min, 1e-9), k) * 60.0
        detained = ~found & (rng.random(k) < params.detain_prob)
        held = np.where(detained, rng.exponential(max(params.detain_hours, 1e-9), k), 0.0)
        busy = (
            travel
            + params.stop_min * 60.0
            + np.where(detained | found, params.booking_hours, 0) * 3600
        )
        self.free_at[officers] = t + busy
        outcome[rows] = np.where(found, O_FOUND, np.where(detained, O_DETAINED, O_RELEASED))
        log.col("held_hours")[rows] = held
        return StopResult(rows, found, detained, held, t + travel, missed)
