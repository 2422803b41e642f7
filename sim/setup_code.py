"""Setup codes: a whole setup — scenario, seed, changed knobs — in a code a class can type.

A teacher prepares a city, reads out or projects `K7QF-3MXB-R`, and thirty
students type it in and get the same city, the same seed and the same numbers
as the command line gives for that code. A setup is exactly what the command
line takes: a scenario, a seed and `--set key=value` pairs (only the knobs that
differ from the scenario's own values), so a code, a command and a screen can
never mean three different things.

The format, version 1, is a bit string written in a 32-letter alphabet with no
0, O, 1 or I (they are misread aloud and on projectors), ending in one check
letter (Luhn mod 32: catches every single mistyped letter and every swap of
two neighbours). Bits, in order:

    2  format version (1; a newer game writes 2 or 3 and this one says so)
    5  scenario number (SCENARIO_IDS, append-only)
    *  seed: 0 + 4 bits (0-15) | 10 + 14 bits (to 16,383) | 11 + varint
    3  number of knobs changed from the scenario's values, then for each knob:
    6  knob number (KEY_IDS, append-only; 63 = a group knob: 3 bits group, 2 bits field)
    *  its value: bool none (a changed switch is the other way round); choice
       varint index; an optional number 1 bit "profile" first; a number exactly
       as its shortest decimal text m * 10**e: m as a varint, then (if m is not
       0) e zigzagged and Elias-gamma coded (0 takes 1 bit, 1 to 3 bits...)

A varint is a whole number 4 bits a group, with a fifth bit saying "more". The
scenario and seed with no knob changed take 5 letters, one or two changed knobs
7 to 11, and MAX_CODE_LETTERS is the most a code may have.
Setups that need more than MAX_CODE_LETTERS (many knobs, a scenario file of
one's own) do not fit a code: they go in a small setup file instead
(`write_setup_file` / `read_setup_file`, TOML, validated like scenario files).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .datafile import read_toml
from .model.params import GROUP_SPECS, SPECS, ParamError, Params
from .scenario import ScenarioError, apply_overrides, load_scenario

FORMAT_VERSION = 1
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 letters: no 0 O 1 I
MAX_CODE_LETTERS = 13  # the check letter included: "about twelve"
#: Scenario numbers. Append only: a number, once given, means that scenario forever.
SCENARIO_IDS: tuple[str, ...] = (
    "city",
    "aclu-2018",
    "cardiff-2017",
    "mobile-app",
    "body-cams",
    "fusion-centre",
    "factory-floor",
    "protest",
    "school-guns",
    "plate-readers",
    "prison-calls",
)
#: Knob numbers. Append only (a new knob goes at the end), never reorder.
KEY_IDS: tuple[str, ...] = (
    "people",
    "hours",
    "start_hour",
    "layout",
    "watchlist_size",
    "wanted",
    "threshold",
    "algorithm",
    "fmr",
    "fnmr",
    "capture_quality",
    "watchlist_quality",
    "matcher",
    "cameras",
    "bodycams",
    "drones",
    "gates",
    "gate_faces_per_second",
    "event_share",
    "phone_searches_per_officer_hour",
    "camera_density",
    "reviewers",
    "review_per_hour",
    "automation_bias",
    "unreviewed",
    "review_timeout_min",
    "officers",
    "travel_min",
    "stop_min",
    "detain_prob",
    "detain_hours",
    "policy.cameras_follow_alerts",
    "policy.stopped_join_watchlist",
    "policy.share_watchlists",
    "share_growth",
    "true_confirm",
    "review_load_penalty",
    "move_on_min",
    "booking_hours",
    "detector",
    "lookalike_sigma",
    "weapons.fp_rate",
    "weapons.detect_rate",
    "weapons.staff_cancel",
    "weapons.cancel_lost",
    "weapons.handcuff_prob",
    "plates.car_share",
    "plates.hot_list",
    "plates.stale_share",
    "plates.misread_rate",
    "plates.night_factor",
    "plates.eye_check",
    "plates.eye_check_catch",
    "calls.per_day",
    "calls.wer",
    "calls.real_rate",
    "calls.innocent_keyword_rate",
    "calls.error_keyword",
    "calls.lose_calls",
    "calls.discipline",
    "calls.prosecutor",
)
GROUP_FIELDS: tuple[str, ...] = ("share", "fmr_multiplier", "wanted_share", "wer_multiplier")
_GROUP_KNOB = 63
_MAX_KNOBS = 7  # 3 bits
_CONFUSABLE = {"0": "0 (zero)", "O": "O", "1": "1 (one)", "I": "I"}


class SetupCodeError(ValueError):
    """A code or setup file that cannot be used; the message says what to do.

    `kind` names the problem for a screen that says it in the player's language:
    empty, confusable, letter, check, short, long, newer, file (too big for a code).
    """

    def __init__(self, message: str, kind: str = "file") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Setup:
    """A scenario, a seed and the knobs changed from the scenario's values."""

    scenario: str
    seed: int
    overrides: tuple[tuple[str, str], ...] = field(default=())

    def params(self) -> Params:
        """The parameters this setup runs with (raises ScenarioError/ParamError)."""
        return apply_overrides(load_scenario(self.scenario).params, self.set_args())

    def set_args(self) -> list[str]:
        """The overrides as `--set` takes them: `key=value` texts."""
        return [f"{k}={v}" for k, v in self.overrides]

    def command(self) -> str:
        """The same setup as a command line a teacher can copy."""
        sets = "".join(f" --set {kv}" for kv in self.set_args())
        return f"python -m sim run --scenario {self.scenario} --seed {self.seed}{sets}"


# ----------------------------------------------------------------- making a code
def setup_from(scenario: str, seed: int, params: Params) -> Setup:
    """The setup of a running model: only what differs from the scenario's own values."""
    base = load_scenario(scenario).params
    return Setup(scenario, int(seed), tuple(changed_knobs(base, params)))


def changed_knobs(base: Params, now: Params) -> list[tuple[str, str]]:
    """`(key, value text)` for every knob whose value differs, in KEY_IDS order."""
    out = []
    was, got = base.as_dict(), now.as_dict()
    for key in SPECS:
        if got[key] != was[key]:
            out.append((key, knob_text(got[key])))
    for key in got:
        if key.startswith("groups.") and got[key] != was.get(key):
            out.append((key, knob_text(got[key])))
    return out


def encode(setup: Setup) -> str:
    """The code for a setup, grouped `XXXX-XXXX-X`; SetupCodeError if it needs a file."""
    if setup.scenario not in SCENARIO_IDS:
        raise SetupCodeError(
            f"scenario {setup.scenario!r} has no setup-code number: save a setup file instead"
        )
    if setup.seed < 0:
        raise SetupCodeError(f"seed {setup.seed} is negative")
    base = load_scenario(setup.scenario).params
    # Canonical: only what differs from the scenario, in one order, whatever was typed.
    setup = Setup(setup.scenario, setup.seed, tuple(changed_knobs(base, setup.params())))
    if len(setup.overrides) > _MAX_KNOBS:
        raise SetupCodeError(
            f"this setup changes {len(setup.overrides)} knobs, too many for a short code: "
            "save a setup file instead"
        )
    bits = _Bits()
    bits.put(FORMAT_VERSION, 2)
    bits.put(SCENARIO_IDS.index(setup.scenario), 5)
    _put_seed(bits, setup.seed)
    bits.put(len(setup.overrides), 3)
    groups = list(base.groups)
    for key, value in setup.overrides:
        _put_knob(bits, key, value, groups)
    letters = bits.letters()
    code = letters + _check_letter(letters)
    if len(code) > MAX_CODE_LETTERS:
        raise SetupCodeError(
            f"this setup changes too many knobs for a short code ({len(code)} letters): "
            "save a setup file instead"
        )
    return format_code(code)


def format_code(code: str) -> str:
    """Groups of four letters, easier to read out and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _put_knob(bits: _Bits, key: str, value: str, groups: list[str]) -> None:
    if key.startswith("groups."):
        _, name, fld = key.split(".")
        if name not in groups or groups.index(name) >= 8:
            raise SetupCodeError(f"group {name!r} cannot go in a code: save a setup file")
        bits.put(_GROUP_KNOB, 6)
        bits.put(groups.index(name), 3)
        bits.put(GROUP_FIELDS.index(fld), 2)
        spec = GROUP_SPECS[fld]
    else:
        if key not in KEY_IDS:
            raise SetupCodeError(f"{key} has no setup-code number: save a setup file instead")
        bits.put(KEY_IDS.index(key), 6)
        spec = SPECS[key]
    parsed = spec.parse(value)
    if spec.kind == "bool":
        pass  # a changed switch can only be the other way round
    elif spec.kind == "choice":
        bits.varint(spec.choices.index(parsed))
    else:
        if spec.kind == "optfloat":  # an optional number: first, is it left to the profile?
            bits.put(int(parsed is None), 1)
            if parsed is None:
                return
        mantissa, exponent = _decimal(parsed)
        bits.varint(mantissa)
        if mantissa:
            bits.small(exponent)


def _put_seed(bits: _Bits, seed: int) -> None:
    if seed < 16:
        bits.put(0, 1)
        bits.put(seed, 4)
    elif seed < 2**14:
        bits.put(2, 2)
        bits.put(seed, 14)
    else:
        bits.put(3, 2)
        bits.varint(seed)


def _take_seed(bits: _Bits) -> int:
    if not bits.take(1):
        return bits.take(4)
    return bits.take(14) if not bits.take(1) else bits.varint()


def _decimal(x: float | int) -> tuple[int, int]:
    """(m, e) with x == m * 10**e exactly as its shortest text says (0 is (0, 0))."""
    d = Decimal(repr(x)).normalize() if isinstance(x, float) else Decimal(int(x))
    sign, digits, exponent = d.as_tuple()
    mantissa = int("".join(map(str, digits)) or "0")
    if mantissa == 0:
        return 0, 0
    exponent = int(exponent)
    while mantissa % 10 == 0:  # Decimal(int) keeps trailing zeros: 2000 -> 2 * 10**3
        mantissa //= 10
        exponent += 1
    if sign:  # no knob takes a negative number
        raise SetupCodeError(f"{x} is negative")
    return mantissa, exponent


def knob_text(value: Any) -> str:
    """A knob's value as the text `--set` takes back unchanged."""
    if value is None:
        return "profile"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


# --------------------------------------------------------------- reading a code
def decode(code: str) -> Setup:
    """The setup a code stands for, or SetupCodeError saying what is wrong with it."""
    letters = "".join(ch for ch in code.upper() if not ch.isspace() and ch not in "-_.")
    if not letters:
        raise SetupCodeError("the setup code is empty", "empty")
    for ch in letters:
        if ch in _CONFUSABLE:
            raise SetupCodeError(
                f"setup codes never contain {_CONFUSABLE[ch]}: check the letters of {code!r}",
                "confusable",
            )
        if ch not in ALPHABET:
            raise SetupCodeError(f"{ch!r} is not a letter of a setup code ({code!r})", "letter")
    if len(letters) < 3 or _check_letter(letters[:-1]) != letters[-1]:
        raise SetupCodeError(
            f"{code!r} is not a valid setup code: a letter is wrong or missing", "check"
        )
    bits = _Bits.from_letters(letters[:-1])
    try:
        version = bits.take(2)
        if version != FORMAT_VERSION:
            raise _newer(code, f"was made by a newer version (code format {version})")
        number = bits.take(5)
        if number >= len(SCENARIO_IDS):
            raise _newer(code, "names a scenario this version does not have")
        scenario = SCENARIO_IDS[number]
        seed = _take_seed(bits)
        count = bits.take(3)
        base = load_scenario(scenario).params
        overrides = tuple(_take_knob(bits, base, code) for _ in range(count))
    except _OutOfBits:
        raise SetupCodeError(f"{code!r} is cut short: a letter is missing", "short") from None
    if bits.rest_is_nonzero():
        raise SetupCodeError(f"{code!r} is not a valid setup code: it has letters too many", "long")
    return Setup(scenario, seed, overrides)


def _newer(code: str, what: str) -> SetupCodeError:
    """A code this version cannot read: say so, never open a wrong city."""
    return SetupCodeError(
        f"setup code {code!r} {what}; this version of One in a Million reads code format "
        f"{FORMAT_VERSION}: update the game on this computer",
        "newer",
    )


def _take_knob(bits: _Bits, base: Params, code: str) -> tuple[str, str]:
    groups = list(base.groups)
    number = bits.take(6)
    if number == _GROUP_KNOB:
        index, fld = bits.take(3), bits.take(2)
        if index >= len(groups) or fld >= len(GROUP_FIELDS):
            raise _newer(code, "sets a group this scenario does not have")
        key = f"groups.{groups[index]}.{GROUP_FIELDS[fld]}"
        spec = GROUP_SPECS[GROUP_FIELDS[fld]]
    else:
        if number >= len(KEY_IDS):
            raise _newer(code, "sets a knob this version does not have")
        key = KEY_IDS[number]
        spec = SPECS[key]
    if spec.kind == "bool":
        return key, "false" if base.get(key) else "true"
    if spec.kind == "choice":
        index = bits.varint()
        if index >= len(spec.choices):
            raise _newer(code, f"gives {key} a choice this version does not have")
        return key, spec.choices[index]
    if spec.kind == "optfloat" and bits.take(1):
        return key, "profile"
    mantissa = bits.varint()
    if mantissa == 0:
        return key, "0"
    exponent = bits.small()
    if spec.kind == "int":
        return key, str(int(Decimal(mantissa).scaleb(exponent)))
    return key, repr(float(f"{mantissa}e{exponent}"))


def _check_letter(letters: str) -> str:
    """Luhn mod 32 over the letters: one more letter that makes the sum come out even."""
    total, factor = 0, 2
    for ch in reversed(letters):
        addend = factor * ALPHABET.index(ch)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


class _OutOfBits(Exception):
    pass


class _Bits:
    """A bit string, written and read most significant bit first, 5 bits a letter."""

    def __init__(self, bits: Iterable[int] = ()) -> None:
        self.bits = list(bits)
        self.pos = 0

    @classmethod
    def from_letters(cls, letters: str) -> _Bits:
        out = []
        for ch in letters:
            v = ALPHABET.index(ch)
            out.extend((v >> s) & 1 for s in range(4, -1, -1))
        return cls(out)

    def put(self, value: int, width: int) -> None:
        self.bits.extend((value >> s) & 1 for s in range(width - 1, -1, -1))

    def varint(self, value: int | None = None) -> int:
        """Write (value given) or read a whole number 4 bits at a time, low groups first."""
        if value is not None:
            while True:
                group, value = value & 15, value >> 4
                self.put(group | (16 if value else 0), 5)
                if not value:
                    return 0
        out, shift = 0, 0
        while True:
            group = self.take(5)
            out |= (group & 15) << shift
            shift += 4
            if not group & 16:
                return out
            if shift > 64:
                raise _OutOfBits

    def small(self, value: int | None = None) -> int:
        """A small signed number (an exponent): zigzag, then Elias gamma (0 is 1 bit)."""
        if value is not None:
            n = (2 * value if value >= 0 else -2 * value - 1) + 1
            width = n.bit_length()
            self.put(0, width - 1)
            self.put(n, width)
            return 0
        zeros = 0
        while not self.take(1):
            zeros += 1
            if zeros > 30:
                raise _OutOfBits
        n = 1 << zeros | (self.take(zeros) if zeros else 0)
        z = n - 1
        return z // 2 if z % 2 == 0 else -(z + 1) // 2

    def take(self, width: int) -> int:
        if self.pos + width > len(self.bits):
            raise _OutOfBits
        out = 0
        for b in self.bits[self.pos : self.pos + width]:
            out = out << 1 | b
        self.pos += width
        return out

    def letters(self) -> str:
        padded = self.bits + [0] * (-len(self.bits) % 5)
        return "".join(
            ALPHABET[int("".join(map(str, padded[i : i + 5])), 2)] for i in range(0, len(padded), 5)
        )

    def rest_is_nonzero(self) -> bool:
        rest = self.bits[self.pos :]
        return len(rest) >= 5 or any(rest)


# ------------------------------------------------------------------ setup files
_FILE_KEYS = {"format", "scenario", "seed", "set"}


def setup_file_text(setup: Setup) -> str:
    """The TOML text of a setup file (also the end of a CSV's side file, which reruns it)."""
    lines = [
        "# One in a Million setup: open it with `python -m sim play --setup-file FILE`",
        f"format = {FORMAT_VERSION}",
        f"scenario = {_toml_str(setup.scenario)}",
        f"seed = {setup.seed}",
        "",
        "[set]",
        *(f"{_toml_str(k)} = {_toml_str(v)}" for k, v in setup.overrides),
    ]
    return "\n".join(lines) + "\n"


def write_setup_file(path: str | Path, setup: Setup) -> None:
    """A small TOML file for setups too big for a code (or from a scenario file)."""
    Path(path).write_text(setup_file_text(setup), encoding="utf-8")


def read_setup_file(path: str | Path) -> Setup:
    """Read and check a setup file; SetupCodeError names the file and the key."""
    where = f"setup file {path}"
    try:
        data = read_toml(path, "setup file")
    except ValueError as exc:
        raise SetupCodeError(str(exc)) from None
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise SetupCodeError(
            f"{where}: unknown key {unknown[0]!r} (keys: format, scenario, seed, set)"
        )
    version = data.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SetupCodeError(f"{where}: 'format' must be a whole number like {FORMAT_VERSION}")
    if version > FORMAT_VERSION:
        raise SetupCodeError(
            f"{where} was made by a newer version of One in a Million (format {version}): "
            "update the game on this computer",
            "newer",
        )
    scenario = data.get("scenario")
    if not isinstance(scenario, str) or not scenario.strip():
        raise SetupCodeError(f"{where}: 'scenario' must be a scenario name, e.g. \"city\"")
    seed = data.get("seed", 1)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise SetupCodeError(f"{where}: 'seed' must be a whole number from 0")
    table = data.get("set", {})
    if not isinstance(table, Mapping):
        raise SetupCodeError(f"{where}: [set] must be a table of knob = value")
    overrides = []
    for key, value in table.items():
        if isinstance(value, Mapping | list):
            raise SetupCodeError(f"{where}: set.{key} must be one value")
        overrides.append((str(key), knob_text(value) if not isinstance(value, str) else value))
    setup = Setup(scenario.strip(), seed, tuple(overrides))
    try:
        setup.params()  # every knob checked as `--set` checks it
    except (ScenarioError, ParamError) as exc:
        raise SetupCodeError(f"{where}: {exc}") from None
    return setup


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
