"""Every label of a count names the counter it shows: events are not people.

"Innocent people stopped" once labelled both the stop events (95) and the
distinct people stopped (71) of the same run. The vocabulary is declared in
sim/model/vocabulary.py; these tests walk every place a count is shown (the
CLI table, the sandbox funnel, the report, the results card, the locale files
of every language) and check each label against it. The drawing tests feed a
summary whose counters all hold different numbers, record what each box or
line was given, and so can tell which counter stands beside which label.
"""

from __future__ import annotations

import re
import tomllib
from types import SimpleNamespace
from typing import Any

import pygame
import pytest

from sim.cli import CASCADE_ROWS, PEOPLE_ROWS, cascade_table
from sim.model import Model
from sim.model.vocabulary import COUNTER_KINDS, EVENT_NOUNS, LABELS, PERSON_NOUNS, TERMS
from sim.paths import LOCALES
from sim.scenario import apply_overrides, load_scenario

LANGS = ("en", "es", "fr", "de")


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and "other" not in v:
            out.update(_flat(v, key + "."))
        else:
            out[key] = v
    return out


def _texts(lang: str) -> dict[str, Any]:
    texts: dict[str, Any] = {}
    for name in (f"{lang}.toml", f"story.{lang}.toml"):
        with open(LOCALES / name, "rb") as f:
            texts.update(_flat(tomllib.load(f)))
    return texts


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def check_english_kind(label: str, counters: tuple[str, ...]) -> None:
    """An event label's first noun is an event; a person label names people and no event."""
    words = _words(label)
    nouns = [w for w in words if w in EVENT_NOUNS or w in PERSON_NOUNS]
    kinds = {COUNTER_KINDS[c] for c in counters}
    if kinds == {"event"}:
        assert nouns and nouns[0] in EVENT_NOUNS, f"{label!r} counts events: say which events"
    elif kinds == {"person"}:
        assert any(w in PERSON_NOUNS for w in words), f"{label!r} counts people: say people"
        assert not any(w in EVENT_NOUNS for w in words), f"{label!r} counts people, not events"


def test_every_counter_named_in_labels_has_a_kind() -> None:
    for key, counters in LABELS.items():
        for c in counters:
            assert c in COUNTER_KINDS, f"{key}: {c} has no declared kind"
    for lang in LANGS:
        assert set(TERMS[lang]) == set(TERMS["en"]), lang


@pytest.mark.parametrize("lang", LANGS)
def test_locale_labels_use_the_one_term_of_their_counter(lang: str) -> None:
    texts = _texts(lang)
    for key, counters in LABELS.items():
        assert key in texts, f"{lang}: {key} missing"
        value = texts[key]
        text = value["other"] if isinstance(value, dict) else value
        for c in counters:
            term = TERMS[lang].get(c)
            if term is not None:
                assert term.casefold() in text.casefold(), f"{lang} {key}: {text!r} lacks {term!r}"
        if lang == "en":
            check_english_kind(text, counters)


def test_terms_of_people_say_people_and_terms_of_events_do_not_start_with_them() -> None:
    for counter, term in TERMS["en"].items():
        check_english_kind(term, (counter,))


def _distinct_summary() -> dict[str, Any]:
    """A summary whose every counter holds a different number (so a label's number
    tells which counter it shows)."""
    names = list(COUNTER_KINDS) + ["dismissed", "expired", "missed_stops", "people"]
    totals = {k: 1000 + 37 * i for i, k in enumerate(names)}
    totals["alerts"] = totals["true_alerts"] + totals["false_alerts"]  # still unique
    totals["faces_scanned"] = 99_991
    totals.update(innocent_detention_hours=77.0, watchlist_size=5000, hours=24.0)
    group = {
        "people": 900,
        "faces_scanned": 10,
        "alerts": 11,
        "false_alerts": 12,
        "expected_false_alerts": 1.5,
        "wrongful_stops": 13,
        "wrongful_stops_per_10k": 144.4,
        "wrongful_detentions": 3,
        "innocent_people_stopped": 9,
        "innocent_people_stopped_per_10k": 100.0,
        "innocent_people_held": 2,
        "innocent_people_flagged": 14,
        "wanted_present": 4,
        "wanted_found": 1,
        "innocent_detention_hours": 5.0,
        "fmr_at_threshold": 1e-6,
    }
    return {
        "seed": 1,
        "totals": totals,
        "expected": {"false_alerts": 10.5, "true_alerts": 2.5, "precision": 0.2},
        "groups": {"A": group},
        "history": [],
    }


def test_cli_rows_name_their_counters_and_print_them() -> None:
    scn = load_scenario("city")
    model = Model(apply_overrides(scn.params, ["people=800", "hours=2"]), seed=1)
    model.run()
    result = model.summary(scn.name)
    text = cascade_table(result, scn, model)
    t = dict(result["totals"])
    t["wanted_stops"] = t["stops"] - t["wrongful_stops"]
    for label, counter, _ in CASCADE_ROWS:
        if counter != "wanted_stops":
            check_english_kind(label, (counter,))
            term = TERMS["en"].get(counter)
            if term:
                assert term in label.lower(), label
        line = next(x for x in text.splitlines() if x.startswith(label))
        assert line[len(label) :].split()[0] == f"{t[counter]:,}", line
    for label, counter in PEOPLE_ROWS:
        check_english_kind(label, (counter,))
        assert TERMS["en"].get(counter, label.lower()) in label.lower()
        line = next(x for x in text.splitlines() if x.strip().startswith(label))
        assert line.split()[-1] == f"{t[counter]:,}", line
    # the sentence under the table counts people with people words
    assert f"{t['innocent_people_stopped']:,} of them were stopped" in text


@pytest.fixture
def ui():
    pygame.font.init()
    from sim.text.ui import UI

    return UI.create("en")


def test_funnel_nodes_show_the_counter_their_label_names(ui, monkeypatch) -> None:
    from sim.game.funnel import FunnelTree
    from sim.game.snapshot import Snapshot, totals_of

    s = _distinct_summary()
    by_value = {v: k for k, v in s["totals"].items()}
    shown: list[tuple[str, int]] = []
    monkeypatch.setattr(
        FunnelTree, "_node", lambda self, surf, ui, rect, label, n, *a: shown.append((label, n))
    )
    totals = totals_of(s)
    snap = Snapshot(
        today=totals,
        today_closed=False,
        days=(),
        totals=totals,
        wrongful_stops_per_10k={},
        most_flagged_innocents=(),
    )
    FunnelTree(pygame.Rect(0, 0, 600, 400)).draw(pygame.Surface((600, 400)), ui, snap, "all")
    assert len(shown) == 7
    labels_of = {LABELS[k][0]: ui.tr(k) for k in LABELS if k.startswith("funnel.")}
    for label, n in shown:
        counter = by_value[n]
        assert label == labels_of[counter], f"funnel shows {counter} under {label!r}"


def test_report_boxes_show_the_counter_their_label_names(ui, monkeypatch) -> None:
    from sim.report import Page

    s = _distinct_summary()
    by_value = {v: k for k, v in s["totals"].items()}
    shown: list[tuple[str, int]] = []
    monkeypatch.setattr(
        Page, "node", lambda self, rect, n, label, *a: shown.append((label, int(n)))
    )
    page = Page(pygame.Surface((1000, 1000)), ui, None, None, s)
    page.tree(pygame.Rect(0, 0, 900, 900))
    assert len(shown) == 7
    labels_of = {LABELS[k][0]: ui.tr(k) for k in LABELS if k.startswith("funnel.")}
    for label, n in shown:
        assert label == labels_of[by_value[n]], f"report shows {by_value[n]} under {label!r}"


def test_results_card_lines_show_the_counter_their_label_names(ui, monkeypatch) -> None:
    from sim.game.scenes.results import ResultsScene
    from sim.game.snapshot import totals_of

    s = _distinct_summary()
    snap = SimpleNamespace(totals=totals_of(s))  # the card reads only the totals
    session = SimpleNamespace(snapshot=lambda: snap, setup_code=lambda: "A2A2")
    app = SimpleNamespace(ui=ui, session=session)
    scene = ResultsScene(app)
    seen: list[tuple[str, int]] = []
    real_tr, real_tr_n = ui.tr, ui.tr_n

    def tr(key: str, **kw: Any) -> str:
        for v in kw.values():
            if isinstance(v, int) and key in LABELS:
                seen.append((key, v))
        return real_tr(key, **kw)

    def tr_n(key: str, n: int, **kw: Any) -> str:
        seen.append((key, int(n)))
        return real_tr_n(key, n, **kw)

    monkeypatch.setattr(ui, "tr", tr)
    monkeypatch.setattr(ui, "tr_n", tr_n)
    scene.draw(pygame.Surface((1920, 1080)))
    by_value = {v: k for k, v in s["totals"].items()}
    checked = 0
    for key, n in seen:
        if n in by_value and key in LABELS:
            assert by_value[n] in LABELS[key], f"{key} shows {by_value[n]}"
            checked += 1
    assert checked >= 4
