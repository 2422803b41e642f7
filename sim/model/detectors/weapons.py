"""Weapon detection: an object classifier watches every person passing a camera.

Mechanism (Kenwood High School, Baltimore County, October 2025: a bag of
crisps flagged as a gun, the cancellation did not reach the people who had
called police, officers pointed guns at a 16-year-old and handcuffed him):

* every person-pass of a camera is one scan (the frames of one pass are
  folded into one chance per pass, ``weapons.fp_rate``, because an alert is
  raised once per pass, not once per frame);
* an unarmed person's chance is ``fp_rate`` times their own persistent
  multiplier (`lookalike_multiplier`, lognormal, mean 1): the way someone
  holds a phone or a snack is flagged again and again, not a fresh coin;
* someone really carrying a gun (a "wanted" person here: the real targets,
  very rare) is flagged with ``weapons.detect_rate`` per pass;
* review has two stages: the vendor's monitoring team is the shared review
  desk (its capacity and automation bias), then local staff (`gate`) cancel
  a false alert with ``weapons.staff_cancel``, but a cancellation fails to
  reach the responders with ``weapons.cancel_lost``;
* the response is armed: every innocent person the police reach is held at
  gunpoint, and handcuffed with ``weapons.handcuff_prob``.

Expectation: per pass, ``exp_false = min(1, fp_rate * m_i)`` for an unarmed
person i and ``exp_true = detect_rate`` for an armed one; after review, the
share of forwarded false alerts that go on is
``(1 - staff_cancel) + staff_cancel * cancel_lost``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import Detector, Scan, count_per_person, lookalike_multiplier, people_harmed

if TYPE_CHECKING:
    from ..capture import Captures
    from ..model import Model
    from ..stops import StopResult


def onward_share(staff_cancel: float, cancel_lost: float) -> float:
    """Share of false alerts forwarded by the vendor that still reach responders."""
    return (1.0 - staff_cancel) + staff_cancel * cancel_lost


class WeaponDetector(Detector):
    """Object classifier on camera passes, two-stage review, armed response."""

    name = "weapons"
    scan_noun = "person-passes"
    counters = ("forwarded_false", "cancelled", "cancel_lost", "held_at_gunpoint", "handcuffed")

    def reset(self, model: Model, seed: np.random.SeedSequence) -> None:
        s_prop, s_run = seed.spawn(2)
        # persistent: drawn once per person, for the whole run
        self.multiplier = lookalike_multiplier(
            np.random.default_rng(s_prop), model.people.n, float(model.params.lookalike_sigma)
        )
        self.rng = np.random.default_rng(s_run)

    def scan(self, model: Model, caps: Captures) -> Scan:
        p = model.params
        who = caps.person
        armed = model.people.wanted[who]
        p_false = np.minimum(np.float32(p.get("weapons.fp_rate")) * self.multiplier[who], 1.0)
        p_alert = np.where(armed, np.float32(p.get("weapons.detect_rate")), p_false)
        alert = self.rng.random(len(who), dtype=np.float32) < p_alert
        return Scan(
            alert=alert,
            is_true=alert & armed,
            target=armed,
            exp_true=np.where(armed, p_alert, 0.0).astype(np.float64),
            exp_false=np.where(armed, 0.0, p_false).astype(np.float64),
        )

    def gate(self, model: Model, onward: np.ndarray) -> np.ndarray:
        """Local staff cancel false alerts; some cancellations never reach the responders."""
        if len(onward) == 0:
            return onward
        p = model.params
        log = model.log
        false = ~log.col("is_true")[onward]
        cancel = false & (self.rng.random(len(onward)) < p.get("weapons.staff_cancel"))
        lost = cancel & (self.rng.random(len(onward)) < p.get("weapons.cancel_lost"))
        grp = log.col("group")[onward]
        n_groups = len(model.people.group_names)
        model._tot["forwarded_false"] += np.bincount(grp, false, n_groups)
        model._tot["cancelled"] += np.bincount(grp, cancel, n_groups)
        model._tot["cancel_lost"] += np.bincount(grp, lost, n_groups)
        return onward[~cancel | lost]

    def respond(self, model: Model, res: StopResult, person: np.ndarray) -> None:
        """An armed response: every innocent person reached is held at gunpoint."""
        innocent = ~res.found
        cuffs = innocent & (
            self.rng.random(len(person)) < model.params.get("weapons.handcuff_prob")
        )
        count_per_person(model, "held_at_gunpoint", person, innocent)
        count_per_person(model, "handcuffed", person, cuffs)

    def totals(self, model: Model) -> dict[str, Any]:
        out: dict[str, Any] = {k: int(model._tot[k].sum()) for k in self.counters}
        out["false_alerts_reaching_responders"] = (
            out["forwarded_false"] - out["cancelled"] + out["cancel_lost"]
        )
        out["innocent_people_held_at_gunpoint"] = people_harmed(model, "held_at_gunpoint")
        out["innocent_people_handcuffed"] = people_harmed(model, "handcuffed")
        return out

    def expected(self, model: Model) -> dict[str, Any]:
        p = model.params
        share = onward_share(p.get("weapons.staff_cancel"), p.get("weapons.cancel_lost"))
        forwarded = float(model._tot["forwarded_false"].sum())
        return {
            "onward_share_after_staff": round(share, 6),
            # given the false alerts the vendor's team forwarded, how many reach police
            "false_alerts_reaching_responders": round(forwarded * share, 3),
        }
