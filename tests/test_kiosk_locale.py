"""Every kiosk text the code asks for exists in the English kiosk locale file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sim.kiosk.captions import ATTRACT_CAPTION_KEYS

LOCALE = Path(__file__).resolve().parents[1] / "assets" / "locales" / "kiosk.en.toml"

REQUIRED = {
    "kiosk.still_there",
    "kiosk.continue",
    "kiosk.countdown",
    "kiosk.touch_to_start",
    "kiosk.staff.pin_title",
    "kiosk.staff.pin_wrong",
    "kiosk.staff.locked_out",
    "kiosk.staff.ok",
    "kiosk.staff.cancel",
    "kiosk.staff.delete",
    "kiosk.staff.screen_title",
    "kiosk.staff.version",
    "kiosk.staff.settings_file",
    "kiosk.staff.settings_missing",
    "kiosk.staff.settings_ok",
    "kiosk.staff.settings_problems",
    "kiosk.staff.log_file",
    "kiosk.staff.touch_test",
    "kiosk.staff.display_test",
    "kiosk.staff.back",
    "kiosk.staff.restart",
    "kiosk.staff.exit",
}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def test_kiosk_texts_exist_and_are_plain_strings() -> None:
    texts = _flatten(tomllib.loads(LOCALE.read_text(encoding="utf-8")))
    assert set(ATTRACT_CAPTION_KEYS) | REQUIRED <= set(texts)
    assert all(isinstance(v, str) and v.strip() for v in texts.values())


def test_attract_captions_invite_a_touch() -> None:
    texts = _flatten(tomllib.loads(LOCALE.read_text(encoding="utf-8")))
    for key in ATTRACT_CAPTION_KEYS:
        assert "Touch" in texts[key], key
