"""Prison-call monitoring: every call is transcribed and searched for keywords.

Mechanism (Verus, LEO Technologies: every recorded prison and jail call
transcribed with a cloud speech-to-text and keyword-flagged; in Georgia's
trial 260,662 calls in 30 days gave 33 flagged incidents):

* the crowd is a prison population; each person makes calls at
  ``calls.per_day`` (a Poisson stream: `generate`), every one scanned;
* a call is about a real crime with ``calls.real_rate`` (the base rate,
  tiny); such a call names the crime `MENTIONS` times and is flagged unless
  the speech-to-text mishears every mention;
* an ordinary call is flagged when a listed word is used innocently (rate
  ``calls.innocent_keyword_rate``, times the speaker's persistent multiplier
  `lookalike_multiplier`: some families' ordinary talk trips the list call
  after call) or when a misheard word is transcribed as a keyword (each of
  `WORDS_PER_CALL` words misheard with the group's word error rate
  ``calls.wer * groups.NAME.wer_multiplier``, and a misheard word becomes a
  keyword with ``calls.error_keyword``);
* flags go to the shared review desk (staff, capacity, automation bias), and
  staff act on a confirmed flag (the shared dispatch: ``officers`` are the
  staff who act, ``travel_min`` how soon); for an innocent person the
  consequences are drawn independently: loss of calls, a disciplinary
  report, a report to prosecutors, each counted per person.

Expectation per call of person i with word error rate w_i:
``p_false_i = 1 - (1 - kw * m_i) * (1 - w_i * q) ** W``,
``p_detect_i = 1 - w_i ** MENTIONS``, and with base rate r
``E[true] = r * (1 - (1 - p_detect_i)(1 - p_false_i))``,
``E[false] = (1 - r) * p_false_i``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..capture import Captures
from . import Detector, Scan, count_per_person, lookalike_multiplier, people_harmed

if TYPE_CHECKING:
    from ..model import Model
    from ..stops import StopResult

WORDS_PER_CALL = 1_000  # about ten minutes of conversation
MENTIONS = 2  # how often a call about a real crime names it
DAY = 86_400.0
CONSEQUENCES = ("lose_calls", "discipline", "prosecutor")


def flag_probability(wer: np.ndarray, kw: np.ndarray, error_keyword: float) -> np.ndarray:
    """Chance an ordinary call is flagged: an innocent keyword, or a misheard word."""
    misheard = np.clip(wer * error_keyword, 0.0, 1.0)
    return 1.0 - (1.0 - np.clip(kw, 0.0, 1.0)) * (1.0 - misheard) ** WORDS_PER_CALL


class CallDetector(Detector):
    """Transcribe every call, search it for keywords, staff act on flags."""

    name = "calls"
    scan_noun = "calls"
    generates_scans = True
    targets_per_scan = True
    counters = ("real_calls", "consequences", *CONSEQUENCES)

    def reset(self, model: Model, seed: np.random.SeedSequence) -> None:
        s_prop, s_calls, s_run = seed.spawn(3)
        self.multiplier = lookalike_multiplier(
            np.random.default_rng(s_prop), model.people.n, float(model.params.lookalike_sigma)
        )
        self.rng_calls = np.random.default_rng(s_calls)
        self.rng = np.random.default_rng(s_run)

    def rescale(self, model: Model) -> None:
        p, ppl = model.params, model.people
        mult = np.array([p.groups[g].wer_multiplier for g in ppl.group_names])
        self.wer = np.clip(p.get("calls.wer") * mult[ppl.group], 0.0, 0.95)
        kw = p.get("calls.innocent_keyword_rate") * self.multiplier
        self.p_false = flag_probability(self.wer, kw, p.get("calls.error_keyword"))
        self.p_detect = 1.0 - self.wer**MENTIONS

    def generate(self, model: Model, t0: float, t1: float) -> Captures:
        """Calls in [t0, t1): a Poisson stream per person, in time order."""
        ppl = model.people
        rate = float(model.params.get("calls.per_day")) * (t1 - t0) / DAY
        n = int(self.rng_calls.poisson(rate * ppl.n)) if rate > 0 else 0
        who = self.rng_calls.integers(0, ppl.n, n).astype(np.int32)
        time = np.sort(self.rng_calls.uniform(t0, t1, n))
        return Captures(time, who, np.full(n, -1, np.int32), ppl.home[who], np.ones(n, np.float32))

    def scan(self, model: Model, caps: Captures) -> Scan:
        r = float(model.params.get("calls.real_rate"))
        who = caps.person
        m = len(who)
        real = self.rng.random(m) < r
        pf, pd = self.p_false[who], self.p_detect[who]
        false_path = self.rng.random(m) < pf
        heard = self.rng.random(m) < pd
        alert = false_path | (real & heard)
        grp = model.people.group[who]
        model._tot["real_calls"] += np.bincount(grp, real, len(model.people.group_names))
        return Scan(
            alert=alert,
            is_true=alert & real,
            target=real,
            exp_true=r * (1.0 - (1.0 - pd) * (1.0 - pf)),
            exp_false=(1.0 - r) * pf,
        )

    def respond(self, model: Model, res: StopResult, person: np.ndarray) -> None:
        """What acting on a flag does to an innocent person, drawn per consequence."""
        innocent = ~res.found
        any_hit = np.zeros(len(person), bool)
        for key in CONSEQUENCES:
            hit = innocent & (self.rng.random(len(person)) < model.params.get(f"calls.{key}"))
            any_hit |= hit
            count_per_person(model, key, person, hit)
        count_per_person(model, "consequences", person, any_hit)

    def totals(self, model: Model) -> dict[str, Any]:
        tot = model._tot
        out: dict[str, Any] = {
            "calls": int(tot["faces_scanned"].sum()),
            "real_calls": int(tot["real_calls"].sum()),
        }
        for key in ("consequences", *CONSEQUENCES):
            out[key] = int(tot[key].sum())
            out[f"innocent_people_{key}"] = people_harmed(model, key)
        return out

    def expected(self, model: Model) -> dict[str, Any]:
        tot = model._tot
        calls = float(tot["faces_scanned"].sum())
        e_alerts = float(tot["expected_false_alerts"].sum() + tot["expected_true_alerts"].sum())
        return {
            "real_calls": round(calls * float(model.params.get("calls.real_rate")), 3),
            "flags_per_call": (e_alerts / calls) if calls else None,
        }
