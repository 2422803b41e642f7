"""What a chapter measures: named numbers read from each run's ``model.summary()``.

A chapter's question is answered by one of these numbers, and its
explanation quotes them, so they are computed in one place from the model's
own counts (never typed into a text). Each run contributes its numbers under
``<run>_<metric>`` (and the first run also without a prefix); a chapter may
add derived numbers (a trend, a ratio between groups, which option the data
supports) with one of the ``derive`` functions below.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from sim.model.frequencies import of_every, share_of_every

Measured = dict[str, Any]


def run_metrics(summary: Mapping[str, Any]) -> Measured:
    """Counts of people and events of one run, in the words the story uses."""
    t = summary.get("totals", {})
    e = summary.get("expected", {})
    faces = int(t.get("faces_scanned", 0))
    alerts = int(t.get("alerts", 0))
    false = int(t.get("false_alerts", 0))
    true = int(t.get("true_alerts", 0))
    watchlist = int(t.get("watchlist_size", 0))
    confirmed = int(t.get("confirmed", 0))
    out: Measured = {
        "people": int(t.get("people", 0)),
        "faces": faces,
        "watchlist": watchlist,
        "comparisons": faces * watchlist,
        "alerts": alerts,
        "true_alerts": true,
        "false_alerts": false,
        "expected_false": float(e.get("false_alerts", 0.0) or 0.0),
        "expected_true": float(e.get("true_alerts", 0.0) or 0.0),
        "confirmed": confirmed,
        "dismissed": int(t.get("dismissed", 0)),
        "expired": int(t.get("expired", 0)),
        "stops": int(t.get("stops", 0)),
        "wrongful_stops": int(t.get("wrongful_stops", 0)),
        "detained": int(t.get("wrongful_detentions", 0)),
        "detention_hours": int(round(float(t.get("innocent_detention_hours", 0.0)))),
        "wanted_present": int(t.get("wanted_present", 0)),
        "wanted_found": int(t.get("wanted_found", 0)),
        "innocent_flagged": int(t.get("innocent_people_flagged", 0)),
        "innocent_stopped": int(t.get("innocent_people_stopped", 0)),
        # natural frequencies: "of every 100 ..."
        # one rounding for both, so the two always make 100 (sim/model/frequencies)
        "false_per_100_alerts": of_every([false, true])[0],
        "true_per_100_alerts": of_every([false, true])[1],
        "false_per_100_faces": _per(false, faces, 100, digits=2),
        # the same as a whole count: "of every 10,000", never "0.01 in 100"
        "false_per_10k_faces": _per(false, faces, 10_000),
        # "99.9% accurate" turned into people: wrong for one face in a thousand
        "faces_per_1000": int(round(faces / 1000)),
    }
    out.update(detector_metrics(summary))
    for name, g in dict(summary.get("groups", {})).items():
        people = int(g.get("people", 0))
        g_alerts = int(g.get("alerts", 0))
        g_false = int(g.get("false_alerts", 0))
        flagged = int(g.get("innocent_people_flagged", 0))
        out[f"{name}_people"] = people
        out[f"{name}_false_alerts"] = g_false
        out[f"{name}_alerts"] = g_alerts
        out[f"{name}_flagged"] = flagged
        out[f"{name}_flagged_per_10k"] = _per(flagged, people, 10_000, digits=1)
        out[f"{name}_wrongful_stops"] = int(g.get("wrongful_stops", 0))
        out[f"{name}_stops_per_10k"] = round(float(g.get("wrongful_stops_per_10k", 0.0)), 1)
        out[f"{name}_wrong_per_100"] = share_of_every(g_false, g_alerts)
        # per scan, not per person: "flagged calls of every 100,000 this group made"
        # (a whole number for the rates of chapter 9, never "0.9 of every 10,000")
        scans = int(g.get("scans", 0) or 0)
        out[f"{name}_scans"] = scans
        out[f"{name}_false_per_100k_scans"] = _per(g_false, scans, 100_000)
        expected = float(g.get("expected_false_alerts", 0.0) or 0.0)
        out[f"{name}_expected_false_per_100k_scans"] = (
            int(round(100_000 * expected / scans)) if scans else 0
        )
    return out


# Counts only some detectors have (sim/model/detectors), under the story's names.
DETECTOR_TOTALS = {
    "scans": "scans",
    "forwarded_false": "forwarded_false",  # guns: false alarms the vendor's team passed on
    "cancelled": "cancelled",  # ... that school staff called off
    "cancel_lost": "cancel_lost",  # ... whose call-off never reached the police
    "false_alerts_reaching_responders": "false_reaching_police",
    "innocent_people_held_at_gunpoint": "gunpoint_people",
    "innocent_people_handcuffed": "handcuffed_people",
    "plate_reads": "plate_reads",
    "misread_alerts": "misread_alerts",  # plates: a read one character off hit the list
    "stale_alerts": "stale_alerts",  # ... a car found long ago, still on the list
    "eye_check_caught": "eye_check_caught",
    "hot_list": "hot_list",
    "real_calls": "real_calls",  # calls: about a real crime
    "innocent_people_consequences": "punished_people",
    "innocent_people_lose_calls": "lost_calls_people",
    "innocent_people_discipline": "discipline_people",
    "innocent_people_prosecutor": "prosecutor_people",
}


def detector_metrics(summary: Mapping[str, Any]) -> Measured:
    """The counts of weapon, plate and call detectors; 0 where a run has no such count.

    Every name is always present, so a chapter's texts can be checked for
    placeholders without knowing which detector its runs use.
    """
    t = summary.get("totals", {})
    e = summary.get("expected", {})
    out: Measured = {name: int(t.get(key, 0) or 0) for key, name in DETECTOR_TOTALS.items()}
    out["expected_real_calls"] = float(e.get("real_calls", 0.0) or 0.0)
    return out


def _per(part: float, whole: float, scale: float, digits: int = 0) -> float | int:
    """part/whole as "so many of every `scale`"; 0 when there is nothing to divide.

    A share that is neither none nor all is never rounded to 0 or to `scale`:
    "100 of every 100 alerts were wrong" would deny the few true ones.
    """
    if whole <= 0:
        return 0
    value = scale * part / whole
    step = 10.0**-digits
    if 0 < part < whole:
        value = min(max(value, step), scale - step)
    return round(value, digits) if digits else int(round(value))


Rules = Mapping[str, float]


def measure(
    runs: Mapping[str, Mapping[str, Any]],
    histories: Mapping[str, list[dict[str, Any]]] | None = None,
    derive: str = "none",
    order: list[str] | None = None,
    rules: Rules | None = None,
) -> Measured:
    """All numbers of a chapter: every run's metrics, prefixed, plus derived ones.

    ``rules`` are the chapter file's ``[answer]`` table: the thresholds that
    decide which option the data supports live with the chapter (a teacher
    can read and change them), not here.
    """
    names = order or list(runs)
    out: Measured = {}
    for i, name in enumerate(names):
        if name not in runs:
            continue
        metrics = run_metrics(runs[name])
        for k, v in metrics.items():
            out[f"{name}_{k}"] = v
            if i == 0:
                out.setdefault(k, v)
    fn = DERIVE.get(derive)
    if fn is not None:
        out.update(fn(out, names, histories or {}, dict(rules or {})))
    return out


def rule(rules: Rules, name: str) -> float:
    """One answer rule from the chapter file; a missing one is the file's mistake."""
    if name not in rules:
        raise KeyError(f"the chapter file's [answer] table needs '{name}'")
    return float(rules[name])


# ------------------------------------------------------------------ derived
def _threshold_tradeoff(m: Measured, names: list[str], _h: Any, _r: Rules) -> Measured:
    """Which option the two thresholds support: fewer false alerts, and at what price.

    Runs ``low`` and ``high`` are the same city at two thresholds. The options
    are ``same_found`` (fewer false alerts, wanted people recognised as before),
    ``fewer_found`` (fewer false alerts and fewer wanted people recognised) and
    ``no_change``.
    """
    lf, hf = m.get("low_false_alerts", 0), m.get("high_false_alerts", 0)
    lt, ht = m.get("low_true_alerts", 0), m.get("high_true_alerts", 0)
    if hf >= lf:
        answer = "no_change"
    elif ht < lt:
        answer = "fewer_found"
    else:
        answer = "same_found"
    lw, hw = m.get("low_wanted_found", 0), m.get("high_wanted_found", 0)
    if hw > lw:
        found_change = 1  # more found with fewer alerts: capacity was the limit
    elif hw == lw and ht < lt:
        found_change = 0  # as many found with fewer true alerts
    elif hw < lw:
        found_change = -1
    else:
        found_change = 2  # nothing to explain
    return {
        "found_change": found_change,
        "answer": answer,
        "false_saved": max(0, lf - hf),
        "wanted_lost": max(0, lt - ht),
        # alerts are not people found: fewer false alerts free operators and
        # officers, so a stricter threshold can find as many wanted people or more
        "stricter_finds_no_fewer": int(hw >= lw and ht < lt),
    }


def group_ratio(m: Measured, run: str, min_flagged: float) -> float | None:
    """How many times as often innocent people of group B were flagged as those of A.

    None where either group had fewer than `min_flagged` people flagged (a
    rule of the chapter file): a ratio of two tiny counts is noise, not a
    finding.
    """
    if min(m.get(f"{run}_A_flagged", 0), m.get(f"{run}_B_flagged", 0)) < min_flagged:
        return None
    a = m.get(f"{run}_A_flagged_per_10k", 0) or 0
    b = m.get(f"{run}_B_flagged_per_10k", 0) or 0
    return b / a if a > 0 else None


def _group_sweep(m: Measured, names: list[str], _h: Any, rules: Rules) -> Measured:
    """Across a sweep of thresholds: how many times more group B is burdened than A.

    Runs ``biased@T`` use an algorithm that confuses group B more; runs
    ``fair@T`` one that confuses both groups alike, with the same base rates.
    """
    min_flagged = rule(rules, "min_flagged")
    lo, hi = rule(rules, "equal_from"), rule(rules, "equal_to")
    ratios: list[float] = []
    thresholds: list[float] = []
    swept = 0
    for name in names:
        if not name.startswith("biased@"):
            continue
        swept += 1
        ratio = group_ratio(m, name, min_flagged)
        if ratio is not None:
            ratios.append(ratio)
            thresholds.append(float(name.split("@", 1)[1]))
    fair = [n for n in names if n.startswith("fair@")]
    wrong = {}
    for g in ("A", "B"):
        false = sum(m.get(f"{n}_{g}_false_alerts", 0) for n in fair)
        alerts = sum(m.get(f"{n}_{g}_alerts", 0) for n in fair)
        wrong[g] = share_of_every(false, alerts)
    fair_ratios = [r for r in (group_ratio(m, n, min_flagged) for n in fair) if r is not None]
    equal_somewhere = any(lo <= r <= hi for r in ratios)
    if not ratios:
        answer = "no"
    elif equal_somewhere:
        # which end of the sweep evened things out
        best = min(range(len(ratios)), key=lambda i: abs(math.log(max(ratios[i], 1e-9))))
        answer = "higher" if best >= len(ratios) / 2 else "lower"
    else:
        answer = "no"
    return {
        "answer": answer,
        "ratio_min": round(min(ratios), 1) if ratios else 0.0,
        "ratio_max": round(max(ratios), 1) if ratios else 0.0,
        "fair_ratio_min": round(min(fair_ratios), 1) if fair_ratios else 0.0,
        "fair_ratio_max": round(max(fair_ratios), 1) if fair_ratios else 0.0,
        "threshold_lo": int(min(thresholds)) if thresholds else 0,
        "threshold_hi": int(max(thresholds)) if thresholds else 0,
        "wrong_A": wrong["A"],
        "wrong_B": wrong["B"],
        # thresholds of the chart where too few people were flagged to compare
        "thresholds_skipped": swept - len(ratios),
        "min_flagged": int(min_flagged),
    }


def _feedback(
    m: Measured, names: list[str], hist: Mapping[str, list[dict[str, Any]]], rules: Rules
) -> Measured:
    """Do innocent stops per day grow when the loop is closed (run ``loop``) vs not (``open``)?

    "Up" or "down" needs a change of at least the chapter file's
    ``growth_pct`` from the first day to the last; the open city's range is
    its lowest and highest day, so "stayed between X and Y" is true of every day.
    """
    growth = rule(rules, "growth_pct")
    out: Measured = {}
    for name in ("open", "loop"):
        days = hist.get(name, [])
        per_day = [int(d.get("wrongful_stops", 0)) for d in days]
        out[f"{name}_min_day"] = min(per_day, default=0)
        out[f"{name}_max_day"] = max(per_day, default=0)
        first = int(days[0].get("wrongful_stops", 0)) if days else 0
        last = int(days[-1].get("wrongful_stops", 0)) if days else 0
        out[f"{name}_first_day"] = first
        out[f"{name}_last_day"] = last
        out[f"{name}_days"] = len(days)
        out[f"{name}_growth_pct"] = _per(last - first, first, 100) if first else 0
    loop_growth = out["loop_growth_pct"]
    if loop_growth >= growth:
        answer = "up"
    elif loop_growth <= -growth:
        answer = "down"
    else:
        answer = "level"
    out["answer"] = answer
    out["extra_stops"] = max(
        0, int(m.get("loop_wrongful_stops", 0)) - int(m.get("open_wrongful_stops", 0))
    )
    out["watchlist_growth"] = max(0, int(m.get("loop_watchlist", 0)) - int(m.get("watchlist", 0)))
    return out


LEVERS = ("algorithm", "threshold", "cameras", "list", "review")


def _levers(m: Measured, names: list[str], _h: Any, _r: Rules) -> Measured:
    """Which single change from the starting city cut innocent stops the most.

    Run ``base`` is the starting point; each other run changes one lever. The
    best lever is the one with the fewest innocent people stopped (ties: more
    wanted people found).
    """
    present = [lv for lv in LEVERS if f"{lv}_innocent_stopped" in m]
    if not present:
        return {"answer": ""}
    best = min(
        present,
        key=lambda lv: (m[f"{lv}_innocent_stopped"], -m.get(f"{lv}_wanted_found", 0)),
    )
    base_innocent = m.get("base_innocent_stopped", 0)
    # days that show the same count as the base city because the officers, not
    # the alerts, set it: operators confirmed more alerts than were acted on
    capped = [
        lv
        for lv in ("base", *present)
        if m.get(f"{lv}_confirmed", 0) > m.get(f"{lv}_stops", 0)
        and m.get(f"{lv}_innocent_stopped", 0) == base_innocent
    ]
    return {
        "answer": best,
        "officer_limited": len(capped),
        "best_innocent": m[f"{best}_innocent_stopped"],
        "best_found": m.get(f"{best}_wanted_found", 0),
        "base_innocent": m.get("base_innocent_stopped", 0),
        "base_found": m.get("base_wanted_found", 0),
    }


def _eye_check(m: Measured, names: list[str], _h: Any, _r: Rules) -> Measured:
    """What checking the plate by eye did: run ``check`` against run ``nocheck``.

    Same seed, same plates, the same reads and alerts (the check draws from
    its own stream): the options are ``none`` (nobody innocent faced guns
    with the check), ``fewer`` and ``same`` (as many, or more).
    """
    before = int(m.get("nocheck_gunpoint_people", 0))
    after = int(m.get("check_gunpoint_people", 0))
    if after == 0:
        answer = "none"
    elif after < before:
        answer = "fewer"
    else:
        answer = "same"
    return {"answer": answer, "eye_saved": max(0, before - after)}


DERIVE: dict[str, Callable[[Measured, list[str], Any, Rules], Measured]] = {
    "threshold_tradeoff": _threshold_tradeoff,
    "group_sweep": _group_sweep,
    "feedback": _feedback,
    "levers": _levers,
    "eye_check": _eye_check,
}
