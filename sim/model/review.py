"""Human review of alerts: limited capacity, automation bias, worse under load.

Why it matters: vendors and police say "a human always checks". Operators
shown a similarity score and two similar glyphs confirm some false alerts
(automation bias), and when alerts arrive faster than they can look, they
confirm more and let others expire or pass straight on, by policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .alerts import CONFIRMED, DISMISSED, EXPIRED, PASSED, AlertLog
from .params import Params

#: Utilisation (queue / what the operators can review before alerts expire)
#: at which strain begins; it is full one whole load later, at 1.5 (assumed:
#: operators with half their time to spare work at their own bias; facing a
#: queue half again as long as they can clear, at full strain).
STRAIN_FROM_LOAD = 0.5


def confirm_probability_false(automation_bias: float, load: float, load_penalty: float) -> float:
    """Chance an operator confirms a false alert, given utilisation ``load`` (queue / capacity).

    Below STRAIN_FROM_LOAD the operator's own bias applies; over the next
    whole load the remaining doubt shrinks linearly, down to
    ``1 - load_penalty`` of it (the `review_load_penalty` knob).
    """
    strain = min(1.0, max(0.0, load - STRAIN_FROM_LOAD))
    return automation_bias + (1.0 - automation_bias) * load_penalty * strain


_NOTHING = np.empty(0, np.int64)  # no rows, shared: read only
_NOTHING.flags.writeable = False


@dataclass
class ReviewDesk:
    queue: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    credit: float = 0.0
    load: float = 0.0

    def reset(self) -> None:
        self.queue = np.empty(0, np.int64)
        self.credit = 0.0
        self.load = 0.0

    def step(
        self,
        log: AlertLog,
        new_rows: np.ndarray,
        t: float,
        dt: float,
        params: Params,
        rng: np.random.Generator,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Review what capacity allows.

        Returns (onward, decided): rows that go on to dispatch (confirmed or
        passed), and every row whose review ended in this step.
        """
        if len(new_rows):
            self.queue = np.concatenate([self.queue, new_rows])
        elif not len(self.queue):  # nothing waits: the same outcome as below, sooner
            self.load = 0.0
            if params.reviewers > 0:
                self.credit = 0.0  # idle operators do not bank time
            return _NOTHING, _NOTHING
        review = log.col("review")
        decided = log.col("decided_at")
        onward: list[np.ndarray] = []
        decided_rows: list[np.ndarray] = []
        # alerts that waited too long
        if len(self.queue):
            age = t - log.col("time")[self.queue]
            old = age > params.review_timeout_min * 60.0
            if old.any():
                gone = self.queue[old]
                if params.unreviewed == "pass":
                    review[gone] = PASSED
                    onward.append(gone)
                else:
                    review[gone] = EXPIRED
                decided[gone] = t
                decided_rows.append(gone)
                self.queue = self.queue[~old]
        per_window = params.reviewers * params.review_per_hour * params.review_timeout_min / 60.0
        self.load = len(self.queue) / per_window if per_window > 0 else float(len(self.queue) > 0)
        if params.reviewers > 0 and len(self.queue):
            self.credit += params.reviewers * params.review_per_hour * dt / 3600.0
            k = min(int(self.credit), len(self.queue))
            if k:
                self.credit -= k
                rows, self.queue = self.queue[:k], self.queue[k:]
                p_false = confirm_probability_false(
                    params.automation_bias, self.load, params.review_load_penalty
                )
                p = np.where(log.col("is_true")[rows], params.true_confirm, p_false)
                yes = rng.random(k) < p
                review[rows] = np.where(yes, CONFIRMED, DISMISSED)
                decided[rows] = t
                decided_rows.append(rows)
                onward.append(rows[yes])
        elif params.reviewers > 0:
            self.credit = 0.0  # idle operators do not bank time
        empty = np.empty(0, np.int64)
        return (
            np.concatenate(onward) if onward else empty,
            np.concatenate(decided_rows) if decided_rows else empty,
        )
