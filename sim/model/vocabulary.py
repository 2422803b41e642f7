"""One vocabulary for the counts: events are not people.

The model counts two different things that are easy to confuse. An *event*
counter grows every time something happens (an alert, a stop, a detention):
one person flagged 40 times adds 40. A *person* counter counts distinct
people (the same person flagged 40 times adds 1). "Innocent people stopped"
must never label a count of stops, so every place that shows a count names it
with the term below for its counter, in every language; tests/test_vocabulary.py
walks the CLI table, the sandbox funnel, the results card, the report and
the locale files and checks it.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["event", "person"]

# counter name (as in `Model.summary()["totals"]`) -> what it counts
COUNTER_KINDS: dict[str, Kind] = {
    "faces_scanned": "event",
    "alerts": "event",
    "true_alerts": "event",
    "false_alerts": "event",
    "confirmed": "event",
    "passed_unreviewed": "event",
    "stops": "event",
    "wrongful_stops": "event",
    "wrongful_detentions": "event",
    "wanted_found": "person",
    "wanted_present": "person",
    "innocent_people_flagged": "person",
    "innocent_people_stopped": "person",
    "innocent_people_held": "person",
}

# The term each language uses for the counters that are easiest to confuse;
# every label of such a counter contains its term (case aside).
TERMS: dict[str, dict[str, str]] = {
    "en": {
        "wrongful_stops": "stops of innocent people",
        "true_alerts": "true alerts",
        "false_alerts": "false alerts",
        "wrongful_detentions": "wrongful detentions",
        "innocent_people_stopped": "innocent people stopped",
        "innocent_people_flagged": "innocent people flagged",
        "innocent_people_held": "innocent people held",
        "wanted_found": "wanted people found",
    },
    "es": {
        "wrongful_stops": "paradas a personas inocentes",
        "true_alerts": "alertas verdaderas",
        "false_alerts": "falsas alertas",
        "wrongful_detentions": "retenciones injustas",
        "innocent_people_stopped": "personas inocentes paradas",
        "innocent_people_flagged": "personas inocentes señaladas",
        "innocent_people_held": "personas inocentes retenidas",
        "wanted_found": "personas buscadas encontradas",
    },
    "fr": {
        "wrongful_stops": "interpellations d’innocents",
        "true_alerts": "vraies alertes",
        "false_alerts": "fausses alertes",
        "wrongful_detentions": "rétentions injustifiées",
        "innocent_people_stopped": "personnes innocentes interpellées",
        "innocent_people_flagged": "personnes innocentes signalées",
        "innocent_people_held": "personnes innocentes retenues",
        "wanted_found": "personnes recherchées retrouvées",
    },
    "de": {
        "wrongful_stops": "Kontrollen Unschuldiger",
        "true_alerts": "echte Alarme",
        "false_alerts": "Fehlalarme",
        "wrongful_detentions": "Festnahmen Unschuldiger",
        "innocent_people_stopped": "angehaltene unschuldige Menschen",
        "innocent_people_flagged": "gemeldete unschuldige Menschen",
        "innocent_people_held": "festgehaltene unschuldige Menschen",
        "wanted_found": "gefundene gesuchte Menschen",
    },
}

# English words that name an event: a person counter's label never uses them as
# its noun, and an event counter's label always does.
EVENT_NOUNS = ("alert", "alerts", "stop", "stops", "detention", "detentions", "faces")
PERSON_NOUNS = ("people", "person")

# Every locale key that labels a count, and the counter(s) it shows. The
# places that draw counts (the funnel, the report, the results card, the day
# chart, the story views) use these keys; tests/test_vocabulary.py checks the
# texts in every language and that each place shows the counter declared here.
LABELS: dict[str, tuple[str, ...]] = {
    "funnel.faces": ("faces_scanned",),
    "funnel.alerts": ("alerts",),
    "funnel.wanted": ("true_alerts",),
    "funnel.innocent": ("false_alerts",),
    "funnel.found": ("wanted_found",),
    "funnel.stopped": ("wrongful_stops",),
    "funnel.detained": ("wrongful_detentions",),
    "icons.title": ("stops",),
    "who.rate_what": ("wrongful_stops",),
    "days.false_alerts": ("false_alerts",),
    "days.wrongful_stops": ("wrongful_stops",),
    "days.wanted_found": ("wanted_found",),
    "results.alerts": ("alerts", "false_alerts"),
    "results.stopped": ("innocent_people_stopped",),
    "results.detained": ("wrongful_detentions",),
    "results.found": ("wanted_found",),
    "story.view.false_alerts": ("false_alerts",),
    "story.view.wrongful_stops": ("wrongful_stops",),
    "story.view.per_day": ("wrongful_stops",),
    "story.view.found": ("wanted_found",),
    "story.view.stopped": ("innocent_people_stopped",),
    "story.challenge.found": ("wanted_found",),
    "story.challenge.innocent": ("innocent_people_stopped",),
    "report.who": ("innocent_people_stopped",),
    "report.people": ("innocent_people_flagged", "innocent_people_stopped"),
    "report.found": ("wanted_found",),
}
