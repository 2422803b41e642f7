"""Face recognition: every capture is searched 1:N against the watchlist.

The mechanism lives in sim/model/matcher.py and faces.py (face codes, the
best impostor similarity by brute force or order statistics, a listed
person's own record scoring ``100 - E``); this module only says how a capture
becomes an alert and what its expectation is. It draws from the model's own
face streams in capture order, so the results are the face-only model's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..expected import miss_probability
from ..matcher import best_cos_to_log_tail
from . import Detector, Scan

if TYPE_CHECKING:
    from ..capture import Captures
    from ..model import Model

OWN_RECORD = -2  # Scan.entry of an alert raised by the person's own record
FLOOR_MARGIN = 1e-3  # cosine kept below the threshold's: the score's inverse is exact to ~1e-12


class FaceDetector(Detector):
    """1:N face search: an alert when the best similarity reaches the threshold."""

    name = "faces"
    scan_noun = "faces"
    scans_in_order = True  # the noise and genuine-score streams, a capture at a time

    _floor_cos = np.full(1, -2.0)

    def rescale(self, model: Model) -> None:
        """Per group, the cosine below which a stranger's record cannot raise an alert.

        The matcher need not find the exact best below it (see
        `Matcher.best`); the margin covers the rounding of the score's inverse.
        """
        t = np.array([model.params.threshold])
        self._floor_cos = model.scale.cos_for_score(t, model.packing) - FLOOR_MARGIN

    def streams(self, model: Model) -> tuple[np.random.Generator, ...]:
        return (model._rng_noise, model._rng_genuine)

    def skip(self, model: Model, n: int) -> None:
        model._matcher.skip(model._rng_noise, n)
        _shortfall_draws(model, n)

    def scan(self, model: Model, caps: Captures) -> Scan:
        ppl, p = model.people, model.params
        who = caps.person
        grp = ppl.group[who]
        t = p.threshold
        best_cos, entry = model._matcher.best(
            model._rng_noise, who, ppl.code, caps.quality, floor=self._floor_cos[grp]
        )
        ln_tail = best_cos_to_log_tail(best_cos, model.packing[grp])
        impostor = model.scale.score_from_log_tail(ln_tail)
        if model.watchlist_size <= 0:
            impostor[:] = 0.0
        listed = ppl.listed[who]
        gen_scale = (
            model._gen_scale
            * ppl.genuine_spread[who]
            / np.maximum(caps.quality * p.watchlist_quality, 0.05)
        )
        shortfall = _shortfall_draws(model, len(who)) * gen_scale
        genuine = np.where(listed, 100.0 - shortfall, -1.0)
        score = np.maximum(impostor, genuine)
        wanted = ppl.wanted[who]
        is_true = wanted & (genuine >= t)
        alert = score >= t
        # an alert raised by the person's own record: its similarity is the genuine
        # score's (from capture quality and noise), mapped back to a cosine
        own = listed & (genuine >= impostor)
        cos = best_cos.astype(np.float32)
        own_alert = own & alert
        if own_alert.any():
            cos[own_alert] = model.scale.cos_for_score(
                genuine[own_alert], model.packing[grp[own_alert]]
            )
        # expectations, per capture, with the knobs in force now
        p_imp = model._p_imp[grp]
        miss = np.where(listed, miss_probability(gen_scale, t), 1.0)
        exp_true = np.where(wanted, 1.0 - miss, 0.0)
        exp_alert = 1.0 - miss * (1.0 - p_imp)
        return Scan(
            alert=alert,
            is_true=is_true,
            target=wanted,
            exp_true=exp_true,
            exp_false=exp_alert - exp_true,
            score=score,
            best_cos=cos,
            entry=np.where(own, OWN_RECORD, entry),
        )


def _shortfall_draws(model: Model, n: int) -> np.ndarray:
    """How far below 100 each of ``n`` captures' own-record scores falls, before scaling."""
    return model._rng_genuine.exponential(1.0, n)
