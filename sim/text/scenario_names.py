"""A scenario's title and summary as shown to people, in the current language.

The title screen, the sandbox's picker, About the data and the report all
name scenarios; they read the words here so a translation retitles a
scenario everywhere at once, without touching the scenario file.
"""

from __future__ import annotations

from typing import Any

from sim.text.ui import UI


def scenario_text(ui: UI, scenario: Any, field: str) -> str:
    """A scenario's title, description or summary (one short line for a card).

    The locale's words win if it has them, so a translation can retitle a
    scenario without touching the scenario file. A summary is the file's own
    (the line the translations translate), or the description's first
    sentence when the file has none.
    """
    key = f"scenario.{scenario.name}.{field}"
    if ui.i18n.has(key):
        return ui.tr(key)
    if field == "summary":
        own = str(getattr(scenario, "summary", "") or "")
        if own and own != getattr(scenario, "title", None):  # the loader's stand-in
            return own
        return first_sentence(scenario_text(ui, scenario, "description"))
    return str(getattr(scenario, field, "") or "")


def first_sentence(text: str) -> str:
    """Text up to the first full stop followed by a space (or all of it)."""
    text = " ".join(text.split())
    cut = text.find(". ")
    return text if cut < 0 else text[: cut + 1]
