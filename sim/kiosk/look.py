"""The museum's accessibility settings applied to the game's look: contrast and text size.

Both are decided once, at start-up, from the settings file, and applied to the
one `UI` object every scene draws with, so no scene needs to know about them:
- high contrast swaps the theme's colours for black, white and a few strong
  colours (the colour-blind-safe state colours stay, because shape and label
  already carry the meaning and colours must keep matching the legends);
- text scale makes every font larger (`FontBook.scale`); `UI.blit_text` and
  `UI.blit_wrapped` may shrink a label back to its normal size where a fixed
  box is too small, so a label is never cut off because of the setting.
"""

from __future__ import annotations

from typing import Any

from sim.game.fonts import FontBook, TextCache
from sim.game.theme import Theme
from sim.game.ui import UI

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


def high_contrast_theme(base: Theme) -> Theme:
    """A copy of `base` with the high-contrast colours laid over it."""
    raw = {section: dict(values) for section, values in base.raw.items()}
    for section, values in HIGH_CONTRAST.items():
        raw.setdefault(section, {}).update(values)
    return Theme(raw)


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
