"""The last chapter's game: set the policy, run a day, see both numbers.

The goal is to find at least some of the wanted people while stopping as few
innocent people as possible. The score is always the pair (wanted found,
innocent people stopped), never one number that could hide the second. The
starting city searches every face against a pooled list of billions of
scraped photos; in the model no setting of the technology knobs alone
(algorithm, threshold, cameras) meets the goal from there.

Two rules make it a real trade-off rather than one slider to its end: the
list may not be cut below the city's real wanted people (`Challenge.floors`),
and cameras, operators and officers share one budget (`Challenge.costs`):
more cameras find more wanted people but must be paid for with fewer people
to review alerts or make stops. Tests walk every knob alone over its range
(none meets the goal) and check that a mix of changes does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.model import Model, ParamError, Params
from sim.model.params import raise_to_floor

from .chapters import Challenge
from .runner import step_until


@dataclass(frozen=True)
class TryResult:
    """One day played with one policy."""

    found: int
    present: int
    innocent_stopped: int
    false_alerts: int
    settings: tuple[tuple[str, Any], ...]
    met: bool
    tech_only: bool  # only technology knobs differed from the start


class ChallengeGame:
    """Knobs, tries and the current day's model."""

    def __init__(self, spec: Challenge) -> None:
        self.spec = spec
        self.start_params = spec.params()
        self.params: Params = self.start_params.copy()
        self.tries: list[TryResult] = []
        self.model: Model | None = None

    # --- knobs ---------------------------------------------------------------------
    def get(self, key: str) -> Any:
        return self.params.get(key)

    def set(self, key: str, value: Any) -> bool:
        """Change a knob for the next day; False (nothing changed) if the value is refused."""
        if key not in self.spec.knobs:
            return False
        trial = self.params.copy()
        floor = dict(self.spec.floors).get(key)
        if floor is not None and isinstance(value, int | float) and value < floor:
            value = type(value)(floor)  # the list keeps every real wanted person
        try:
            trial.set(key, raise_to_floor(trial, key, value))
            trial.check()
        except ParamError:
            return False
        self.params = trial
        return True

    def changed(self) -> list[str]:
        """Knobs that differ from the starting city."""
        return [k for k in self.spec.knobs if self.params.get(k) != self.start_params.get(k)]

    def tech_only(self) -> bool:
        changed = self.changed()
        return bool(changed) and set(changed) <= set(self.spec.technology)

    def reset_knobs(self) -> None:
        self.params = self.start_params.copy()

    # --- the shared budget ------------------------------------------------------------
    def spent(self) -> float:
        """What the budgeted knobs cost at their current values (0 without a budget)."""
        return sum(cost * float(self.params.get(k)) for k, cost in self.spec.costs)

    def over_budget(self) -> float:
        """How far the budgeted knobs are over the budget (0 when within it)."""
        if self.spec.budget is None:
            return 0.0
        return max(0.0, self.spent() - self.spec.budget)

    def can_play(self) -> bool:
        """A day can start: none is running and the budget is kept."""
        return self.model is None and self.over_budget() == 0

    # --- playing a day --------------------------------------------------------------
    def start_day(self) -> Model:
        if self.over_budget():
            raise ValueError(f"over the challenge's budget by {self.over_budget():g}")
        self.model = Model(self.params.copy(), seed=self.spec.seed)
        return self.model

    def advance(self, real_dt: float) -> TryResult | None:
        """Show the day over `spec.seconds`; the result once it is over."""
        m = self.model
        if m is None:
            return None
        if not m.finished:
            span = m.params.hours * 3600.0
            step_until(m, m.t + span * real_dt / max(self.spec.seconds, 1e-6))
        if m.finished:
            return self._record(m)
        return None

    def play_day(self) -> TryResult:
        """The whole day at once (tests, and the Skip button)."""
        m = self.model or self.start_day()
        step_until(m, float("inf"))
        return self._record(m)

    def _record(self, m: Model) -> TryResult:
        result = self.score(m.summary())
        self.tries.append(result)
        self.model = None
        return result

    def score(self, summary: dict[str, Any]) -> TryResult:
        t = summary["totals"]
        found = int(t["wanted_found"])
        innocent = int(t["innocent_people_stopped"])
        return TryResult(
            found=found,
            present=int(t["wanted_present"]),
            innocent_stopped=innocent,
            false_alerts=int(t["false_alerts"]),
            settings=tuple((k, self.params.get(k)) for k in self.spec.knobs),
            met=self.meets(found, innocent),
            tech_only=self.tech_only(),
        )

    def meets(self, found: int, innocent: int) -> bool:
        return found >= self.spec.find_at_least and innocent <= self.spec.innocent_at_most

    @property
    def best(self) -> TryResult | None:
        """The best try so far: goal met first, then fewest innocent stops, then most found."""
        if not self.tries:
            return None
        return min(self.tries, key=lambda r: (not r.met, r.innocent_stopped, -r.found))


def run_day(spec: Challenge, settings: dict[str, Any]) -> TryResult:
    """One day with the given knob values (used by tests and the answer key)."""
    game = ChallengeGame(spec)
    for key, value in settings.items():
        if not game.set(key, value):
            raise ValueError(f"challenge knob {key}={value!r} refused")
    return game.play_day()
