"""Every word on screen comes from assets/locales/<lang>.toml.

Texts are looked up by key (`tr("funnel.alerts")`), numbers are formatted by
Babel for the current language (a museum in Germany writes 1.000.000), and
counted nouns pick the plural form the language needs (`tr_n`). The language
can change while the game runs. A key missing from the language falls back to
English; a key missing everywhere shows as ⟦key⟧ on screen and is reported
once, so a translation gap is visible but never a crash.

The translator is an object handed to scenes, not process-wide state, so a
kiosk can run two languages side by side if it ever wants to.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from sim.datafile import DataFileError, read_toml
from sim.notices import warn_once
from sim.paths import LOCALES

BASE_LANGUAGE = "en"
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, Any]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and not set(value) <= set(PLURAL_FORMS):
            _flatten(full, value, out)
        else:
            out[full] = value


#: The part files the game ships for every language (`story.en.toml`, `kiosk.en.toml`,
#: `glossary.en.toml`: the story's hard words and their meanings).
#: Knowing them is what lets a deleted part be reported instead of silently
#: turning a whole screen into keys; a museum's own extra parts are read too.
PARTS = ("story", "kiosk", "glossary", "detectors", "chapter9")


def read_language(lang: str, folder: Path = LOCALES) -> tuple[dict[str, Any], list[str]]:
    """Flat key -> text for one language, and one line per file that could not be used.

    A language is `<lang>.toml` plus its part files `<part>.<lang>.toml`
    (story.es.toml, kiosk.es.toml), so each part of the game keeps its texts
    in its own file and nobody edits the same file at once. Every file goes
    through the one guarded reader (`sim.datafile.read_toml`): a missing,
    truncated, binary, non-UTF-8 or absurdly nested file is one problem line,
    never an exception. Without its main file the language is unusable ({}),
    while a damaged part only loses that part's texts.
    """
    problems: list[str] = []
    main = folder / f"{lang}.toml"
    data = _read_texts(main, problems)
    if data is None:
        return {}, problems
    out: dict[str, Any] = {}
    _flatten("", data, out)
    parts = {folder / f"{part}.{lang}.toml" for part in PARTS}
    parts.update(folder.glob(f"*.{lang}.toml"))
    for part in sorted(parts):
        texts = _read_texts(part, problems)
        if texts is not None:
            _flatten("", texts, out)
    return out, problems


def _read_texts(path: Path, problems: list[str]) -> dict[str, Any] | None:
    """One locale file's table, or None after adding the reason to `problems`."""
    try:
        data = read_toml(path, "texts file")
    except DataFileError as exc:
        problems.append(str(exc))
        return None
    if not data:  # truncated to its opening comment, or emptied
        problems.append(f"texts file {path} has no texts")
        return None
    return data


def load_strings(lang: str, folder: Path = LOCALES) -> dict[str, Any]:
    """Flat key -> text (or plural table) for one language; {} if its main file is unusable.

    Each damaged file is reported once, in one line naming it.
    """
    strings, problems = read_language(lang, folder)
    for line in problems:
        warn_once(f"locale-file:{line}", line)
    return strings


def language_problem(lang: str, folder: Path = LOCALES) -> str | None:
    """Why `lang`'s texts (or English's, every language's fallback) are not all there.

    For a page printed in one language, like the report: the game carries on
    with English or with the keys, but a figure full of keys is no figure, so
    the report refuses with this line instead (exit 2). None when all is well.
    """
    for code in dict.fromkeys((lang, BASE_LANGUAGE)):
        _strings, problems = read_language(code, folder)
        if problems:
            return problems[0]
    return None


def available_languages(folder: Path = LOCALES) -> list[str]:
    """Language codes that have a locale file (part files like story.es.toml are not one)."""
    return sorted(p.stem for p in folder.glob("*.toml") if "." not in p.stem and p.is_file())


def language_name(code: str) -> str:
    """A language's name in that language ("Español"), for a language picker."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code
    return (name or code)[:1].upper() + (name or code)[1:]


@functools.lru_cache(maxsize=4096)
def _format_number(value: float, digits: int, locale: str) -> str:
    if digits <= 0:
        return format_decimal(round(value), locale=locale)
    return format_decimal(value, format="#,##0." + "0" * digits, locale=locale)


class _FormatArgs(dict[str, Any]):
    """Placeholders left unfilled stay visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Translator:
    """Looks up texts and formats numbers for one current language."""

    def __init__(self, lang: str = BASE_LANGUAGE, folder: Path = LOCALES) -> None:
        self.folder = folder
        # Languages with a damaged file: their missing keys were already explained
        # by the one line naming the file, so they are not reported key by key
        # (a damaged story.en.toml would otherwise print hundreds of lines).
        self.damaged: set[str] = set()
        self.base = self._load(BASE_LANGUAGE)
        self.lang = BASE_LANGUAGE
        self.strings: dict[str, Any] = self.base
        self.locale = Locale.parse(BASE_LANGUAGE)
        self.revision = 0  # bumped on every switch, so views can drop cached text
        self.set_language(lang)

    def _load(self, lang: str) -> dict[str, Any]:
        """One language's texts; each damaged file is one line saying what is shown instead."""
        strings, problems = read_language(lang, self.folder)
        if problems:
            self.damaged.add(lang)
        for line in problems:
            if lang == BASE_LANGUAGE:
                instead = "its texts show as their keys"
            elif not strings:
                instead = f"keeping {getattr(self, 'lang', BASE_LANGUAGE)}"
            else:
                instead = "its texts are shown in English"
            warn_once(f"locale-file:{line}", f"{line}; {instead}")
        return strings

    def set_language(self, lang: str) -> bool:
        """Switch language; an unknown or unreadable one keeps the current language and says so."""
        if lang == self.lang and self.strings:
            return True
        try:
            locale = Locale.parse(lang.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            warn_once(
                f"locale-unknown:{lang}", f"unknown language code {lang!r}; keeping {self.lang}"
            )
            return False
        strings = self.base if lang == BASE_LANGUAGE else self._load(lang)
        if not strings:
            return False
        self.lang, self.locale, self.strings = lang, locale, strings
        self.revision += 1
        return True

    def _lookup(self, key: str) -> Any:
        value = self.strings.get(key)
        if value is None:
            value = self.base.get(key)
            if value is None:
                if not self.damaged:
                    warn_once(f"key:{key}", f"no text for {key!r} in the locale files")
                return None
            if self.lang != BASE_LANGUAGE and self.lang not in self.damaged:
                warn_once(f"key:{self.lang}:{key}", f"{key!r} is not translated to {self.lang}")
        return value

    def tr(self, key: str, **fmt: Any) -> str:
        """The text for key, with {placeholders} filled; numbers are localised."""
        value = self._lookup(key)
        if value is None:
            return f"⟦{key}⟧"
        if isinstance(value, dict):
            value = value.get("other", next(iter(value.values()), ""))
        return self._format(str(value), fmt)

    def tr_n(self, key: str, n: float, **fmt: Any) -> str:
        """A counted phrase: picks the plural form of n ("1 person", "2 people")."""
        value = self._lookup(key)
        if value is None:
            return f"⟦{key}⟧"
        if isinstance(value, dict):
            form = self.locale.plural_form(abs(n))
            value = value.get(form, value.get("other", ""))
        return self._format(str(value), {"n": n, **fmt})

    def has(self, key: str) -> bool:
        return key in self.strings or key in self.base

    def _format(self, text: str, fmt: dict[str, Any]) -> str:
        if not fmt:
            return text
        args = _FormatArgs({k: self._auto(v) for k, v in fmt.items()})
        try:
            return text.format_map(args)
        except (ValueError, IndexError, AttributeError):
            warn_once(f"format:{text}", f"text {text!r} has a broken {{placeholder}}")
            return text

    def _auto(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return self.num(value)
        if isinstance(value, float):
            return self.num(value, digits=1 if abs(value) < 100 else 0)
        return value

    def num(self, value: float, digits: int = 0) -> str:
        """A number with the language's grouping and decimal signs.

        Cached: the same few numbers are shown every frame, and Babel's
        formatter costs tens of microseconds a call.
        """
        if not math.isfinite(value):
            return "–"
        return _format_number(float(value), digits, str(self.locale))

    def compact(self, value: float) -> str:
        """Short big numbers: 120B, 3.4M (used where space is tight)."""
        if not math.isfinite(value):
            return "–"
        if abs(value) < 10_000:
            return self.num(value)
        return format_compact_decimal(
            value, format_type="short", fraction_digits=1, locale=self.locale
        )

    def percent(self, share: float, digits: int = 0) -> str:
        """A share (0.25) as a percentage in the language's style."""
        if not math.isfinite(share):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
        return format_percent(share, format=pattern, locale=self.locale)
