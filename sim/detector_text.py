"""Words for a run's detector: the CLI's table rows (English) and the screens' text keys.

The cascade table, the funnel and the report are the same for every
detector; only what a scan is and which harms the response did differ, so
they are looked up here from the run's summary instead of being written into
each of them. A base-layer module: it imports nothing of the game or model.
"""

from __future__ import annotations

from typing import Any

SCAN_LABEL = {
    "faces": "Faces scanned",
    "weapons": "Person-passes scanned for guns",
    "plates": "Camera passes (plates read below)",
    "calls": "Calls transcribed and searched",
}

#: (total key, label, expected key or None), printed under the cascade, per detector
HARM_ROWS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "faces": (),
    "weapons": (
        ("forwarded_false", "False alerts forwarded by the vendor", None),
        ("cancelled", "  cancelled by school staff", None),
        ("cancel_lost", "  cancellation lost on the way", None),
        (
            "false_alerts_reaching_responders",
            "  reached the responders",
            "false_alerts_reaching_responders",
        ),
        ("held_at_gunpoint", "Held at gunpoint (innocent stops)", None),
        ("innocent_people_held_at_gunpoint", "  different people", None),
        ("handcuffed", "  handcuffed and searched", None),
    ),
    "plates": (
        ("plate_reads", "Plates read", None),
        ("misread_alerts", "Hits from a misread plate", "misread_alerts"),
        ("stale_alerts", "Hits on a stale hot-list entry", None),
        ("eye_check_caught", "Misreads caught by the eye check", None),
        ("held_at_gunpoint", "Held at gunpoint (innocent stops)", None),
        ("innocent_people_held_at_gunpoint", "  different people", None),
    ),
    "calls": (
        ("real_calls", "Calls really about a crime", "real_calls"),
        ("consequences", "Innocent people's flags acted on", None),
        ("innocent_people_lose_calls", "  people who lost their calls", None),
        ("innocent_people_discipline", "  people given a disciplinary report", None),
        ("innocent_people_prosecutor", "  people reported to prosecutors", None),
    ),
}


def scan_label(result: dict[str, Any]) -> str:
    """The first row of the cascade: what was scanned."""
    return SCAN_LABEL.get(result.get("detector", "faces"), "Scans")


def harm_rows(result: dict[str, Any]) -> list[tuple[str, float, float | None]]:
    """(label, happened, expected or None) rows of the detector's own counts."""
    t, e = result["totals"], result["expected"]
    return [
        (label, t[key], e.get(exp) if exp else None)
        for key, label, exp in HARM_ROWS.get(result.get("detector", "faces"), ())
        if key in t
    ]


def scans_key(unit: str) -> str:
    """The text key naming what was scanned: faces, or a detector's scans (plates, calls...).

    ``unit`` is the run's ``totals["scan_unit"]`` (`Detector.scan_noun`).
    """
    detector = {"person-passes": "weapons", "plate reads": "plates", "calls": "calls"}
    return "funnel.scans_" + detector[unit] if unit in detector else "funnel.faces"
