"""The game's looks — dark (default), high contrast, projector — and its text size.

A look is applied to the one `UI` object every scene draws with, so no scene
needs to know about it; the kiosk applies the museum's choice at start-up, the
preferences screen the teacher's, at any time:
- high contrast swaps the theme's colours for black, white and a few strong
  colours (the colour-blind-safe state colours stay, because shape and label
  already carry the meaning and colours must keep matching the legends);
- projector mode is a light theme: dark washes out on a classroom projector.
  Every text colour stands at 7:1 or more against every surface it is drawn on
  (tests/test_look.py measures the pairs), the colour-blind-safe state colours
  and the shapes stay, and type is one step larger (PROJECTOR_TEXT_SCALE);
- text scale makes every font larger (`FontBook.scale`); `UI.blit_text` and
  `UI.blit_wrapped` may shrink a label back to its normal size where a fixed
  box is too small, so a label is never cut off because of the setting.
"""

from __future__ import annotations

from typing import Any

from sim.text.fonts import FontBook, TextCache
from sim.text.theme import Theme
from sim.text.ui import UI

#: Colours replaced in high-contrast mode (sections and names as in assets/theme.toml).
#: Contrast against black: white 21:1, the yellow focus 19:1, the blue "on" fill
#: carries white text at 8.6:1; panels are told apart by white borders, not shades.
HIGH_CONTRAST: dict[str, dict[str, Any]] = {
    "ui": {
        "background": "#000000",
        "panel": "#000000",
        "panel_border": "#ffffff",
        "text": "#ffffff",
        "text_dim": "#e8e8e8",
        "heading": "#ffffff",
        "button": "#000000",
        "button_hover": "#303030",
        "button_on": "#0050a0",
        "focus": "#ffff00",
        "track": "#a0a0a0",
        "fill": "#56b4e9",
        "knob": "#ffffff",
        "warning": "#ffb000",
    },
    "city": {
        "ground": "#000000",
        "street": "#5a5a5a",
        "residential": "#0a0a0a",
        "business": "#0a0a0a",
        "centre": "#0a0a0a",
        "stadium": "#0a0a0a",
        "park": "#0a0a0a",
        "industrial": "#0a0a0a",
        "other": "#0a0a0a",
        "district_border": "#c8c8c8",
        "fov_alpha": 60,
    },
    "states": {"walking": "#ffffff"},
    "charts": {"faces": "#ffffff", "grid": "#8a8a8a"},
}


#: Projector mode: a light page. Text #111 on white is 18.9:1, dim text 12.4:1,
#: warnings (dark orange) 9.8:1; buttons are light so their dark labels keep 7:1
#: when pressed; people and charts keep the Okabe-Ito colours, with the pale
#: ones (walkers, faces, the expected line) darkened to show on a light map.
PROJECTOR: dict[str, dict[str, Any]] = {
    "palette": {"yellow": "#5c5000"},  # the sandbox's night caption: 8:1 on white
    "ui": {
        "background": "#ffffff",
        "panel": "#f2f4f7",
        "panel_border": "#5b6472",
        "text": "#111111",
        "text_dim": "#2f353e",
        "heading": "#000000",
        "button": "#e1e6ed",
        "button_hover": "#d6dde7",
        "button_on": "#a9d3f5",
        "focus": "#00466e",  # a ring, and the about screen's sub-headings: 9.6:1
        "track": "#8a93a3",
        "fill": "#0072B2",
        "knob": "#111111",
        "warning": "#6b3500",
    },
    "city": {
        "ground": "#eef0f3",
        "street": "#c4cad3",
        "residential": "#e3eee8",
        "business": "#e3e7f1",
        "centre": "#ece3f0",
        "stadium": "#f1ecdc",
        "park": "#e0eee3",
        "industrial": "#e6e6e6",
        "other": "#e8eaee",
        "district_border": "#7d8694",
        "camera_off": "#8a93a3",
        "fov_alpha": 40,
    },
    "states": {"walking": "#4b5566", "outline": "#000000"},
    "charts": {"faces": "#4b5566", "alerts": "#9a8a00", "expected": "#111111", "grid": "#c4cad3"},
}
PROJECTOR_TEXT_SCALE = 1.15  # "one step larger": body 24 px -> 28 px, label 26 -> 30
LOOKS = ("dark", "high_contrast", "projector")


def high_contrast_theme(base: Theme) -> Theme:
    """A copy of `base` with the high-contrast colours laid over it."""
    return _overlay(base, HIGH_CONTRAST)


def projector_theme(base: Theme) -> Theme:
    """A copy of `base` with the projector's light colours laid over it."""
    return _overlay(base, PROJECTOR)


def _overlay(base: Theme, colours: dict[str, dict[str, Any]]) -> Theme:
    raw = {section: dict(values) for section, values in base.raw.items()}
    for section, values in colours.items():
        raw.setdefault(section, {}).update(values)
    return Theme(raw)


def set_look(ui: UI, base: Theme, look: str, text_scale: float = 1.0) -> float:
    """Switch to one of LOOKS now (from the unaltered `base` theme); returns its text size.

    The caller fits that size to the screens shown (`fit_text_scale`). Views
    that keep pre-rendered surfaces redraw them: the theme object changes (the
    city view keys its static layer on it) and the fonts are rebuilt, which
    bumps the translator's revision, as a language switch does.
    """
    if look == "projector":
        ui.theme = projector_theme(base)
        text_scale = max(text_scale, PROJECTOR_TEXT_SCALE)
    elif look == "high_contrast":
        ui.theme = high_contrast_theme(base)
    else:
        ui.theme = base
    set_text_scale(ui, ui.fonts.scale)  # same size, fonts and cache in the new colours
    return text_scale


def fit_text_scale(ui: UI, wanted: float, scenes: list[Any], cache_limit: int = 4000) -> bool:
    """Draw text `wanted` times larger, except where a screen's fixed layout has no room.

    A scene may say how far its layout stretches (`max_text_scale`, 1.5 if it
    says nothing); the sandbox, a dense dashboard designed at 100 %, keeps its
    designed sizes. The smallest limit of the screens on the stack wins, since
    they are drawn together. Returns True when the size changed (redraw all).
    """
    scale = float(wanted)
    for scene in scenes:
        declared = getattr(scene, "max_text_scale", 1.5)
        scale = min(scale, float(declared) if isinstance(declared, int | float) else 1.5)
    scale = min(1.5, max(1.0, scale))
    if abs(scale - ui.fonts.scale) <= 1e-9:
        return False
    set_text_scale(ui, scale, cache_limit)
    return True


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""

    def luminance(c: tuple[int, int, int]) -> float:
        lin = [(v / 255) / 12.92 if v <= 10 else (((v / 255) + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


#: Every (text colour, surface) pair the screens draw, by theme key under [ui].
TEXT_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (text, surface)
    for text in ("text", "text_dim", "heading", "warning", "focus")
    for surface in ("background", "panel", "button", "button_hover")
) + (("text", "button_on"), ("heading", "button_on"))


def apply_look(
    ui: UI, text_scale: float = 1.0, high_contrast: bool = False, cache_limit: int = 4000
) -> None:
    """Give `ui` the contrast and text size the museum chose (before any scene is built)."""
    if high_contrast:
        ui.theme = high_contrast_theme(ui.theme)
    set_text_scale(ui, text_scale, cache_limit)


def set_text_scale(ui: UI, scale: float, cache_limit: int = 4000) -> None:
    """Draw all text `scale` times larger from now on (1.0 to 1.5).

    The font book and the text cache are rebuilt because both hold rendered
    sizes and colours of the old look; the translator's revision is bumped
    because views that keep pre-rendered text redraw it on that signal, as
    they do after a language switch.
    """
    fonts = FontBook(ui.theme, ui.fonts.font_dir)
    fonts.scale = min(1.5, max(1.0, float(scale)))
    ui.fonts = fonts
    ui.text = TextCache(fonts, limit=cache_limit)
    ui.i18n.revision += 1


def fit_px(ui: UI, px: int, max_height: int, bold: bool = True) -> int:
    """The largest type size up to `px` whose line fits `max_height` at the current scale.

    Display type (titles, big numbers) is already large: when the museum's text
    scale would push it out of its row, it stops growing rather than overlap.
    """
    while px > 14 and ui.text.line_height(px, bold) > max_height:
        px -= 2
    return px
