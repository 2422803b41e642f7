"""Every knob of the simulation, with its meaning, unit and range.

The registry below is the single source of truth for `python -m sim params`,
for `--set key=value` on the command line, for scenario files and for the
sliders of the game. A parameter that is not here cannot be set, so a typo in
a scenario file or on the command line is caught with a clear message instead
of silently doing nothing.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

ALGORITHMS = ("cloud-2018", "modern-top")
UNREVIEWED_POLICIES = ("expire", "pass")
LAYOUTS = ("city", "stadium", "workplace", "protest", "booking")
#: Groups a scenario may define. People store their group in an int8, and the
#: charts, the report and the colour-blind-safe palette (8 Okabe-Ito colours)
#: stay readable up to here; 1,000 groups once ended in a numpy traceback.
MAX_GROUPS = 8
#: Records `matcher=brute` may hold: it keeps every one as 31 float32s, so a
#: million is 124 MB; 1.2e11 (the largest watchlist) asked for 15 TB and ended
#: in a MemoryError. Larger lists need the order-statistics matcher (or auto).
BRUTE_MAX_RECORDS = 1_000_000
DETECTORS = ("faces", "weapons", "plates", "calls")


class ParamError(ValueError):
    """A parameter name or value that cannot be used; the message names it."""


@dataclass(frozen=True)
class ParamSpec:
    """How one settable key is read, checked and explained."""

    key: str
    kind: str  # "int", "float", "bool", "choice", "optfloat"
    default: Any
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    help: str = ""
    choices: tuple[str, ...] = ()
    log: bool = False  # a slider for it should move on a log scale

    def parse(self, raw: Any, where: str = "") -> Any:
        """Turn text or a TOML value into a checked value, or raise ParamError."""
        at = f" ({where})" if where else ""
        try:
            value = self._convert(raw)
        except (TypeError, ValueError):
            expect = {
                "int": "a whole number",
                "float": "a number",
                "optfloat": "a number or 'profile'",
                "bool": "true or false",
                "choice": "one of " + ", ".join(self.choices),
            }[self.kind]
            raise ParamError(f"{self.key} must be {expect}, not {raw!r}{at}") from None
        if value is None or self.kind in ("bool", "choice"):
            return value
        if isinstance(value, float) and not math.isfinite(value):
            raise ParamError(f"{self.key} must be a finite number, not {raw!r}{at}")
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            raise ParamError(
                f"{self.key}={raw!r} is out of range: allowed {_fmt(self.lo)} to {_fmt(self.hi)}"
                f"{(' ' + self.unit) if self.unit else ''}{at}"
            )
        return value

    def _convert(self, raw: Any) -> Any:
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if self.kind == "choice":
            text = str(raw).strip()
            if text not in self.choices:
                raise ValueError(raw)
            return text
        if self.kind == "optfloat" and (raw is None or str(raw).strip().lower() in ("profile", "")):
            return None
        if isinstance(raw, bool):
            raise ValueError(raw)
        if self.kind == "int":
            if isinstance(raw, int):
                return raw
            number = float(str(raw).replace("_", ""))
            if not number.is_integer():
                raise ValueError(raw)
            return int(number)
        return float(str(raw).replace("_", "")) if not isinstance(raw, int | float) else float(raw)


def _fmt(x: float | None) -> str:
    if x is None:
        return "any"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:g}"


_SPECS: list[ParamSpec] = [
    # The crowd
    ParamSpec("people", "int", 100_000, 10, 10_000_000, "people", "Synthetic people in the city."),
    ParamSpec("hours", "float", 24.0, 0.25, 24 * 30, "hours", "Simulated time to run."),
    ParamSpec("start_hour", "float", 0.0, 0.0, 23.99, "o'clock", "Time of day the run starts."),
    ParamSpec("layout", "choice", "city", choices=LAYOUTS, help="Which place the crowd moves in."),
    # The watchlist and the matcher
    ParamSpec(
        "watchlist_size",
        "int",
        2_000,
        1,
        120_000_000_000,
        "records",
        "Faces on the watchlist every capture is searched against.",
        log=True,
    ),
    ParamSpec("wanted", "int", 20, 0, 100_000, "people", "Watchlist members present in the crowd."),
    ParamSpec(
        "threshold",
        "float",
        80.0,
        0,
        100,
        "similarity %",
        "An alert fires when the best similarity reaches this.",
    ),
    ParamSpec(
        "algorithm",
        "choice",
        "cloud-2018",
        choices=ALGORITHMS,
        help="Algorithm profile: how often strangers score above each threshold.",
    ),
    ParamSpec(
        "fmr",
        "optfloat",
        None,
        1e-15,
        0.5,
        "per comparison",
        "False-match rate of one comparison at the threshold; overrides the profile.",
        log=True,
    ),
    ParamSpec(
        "fnmr",
        "optfloat",
        None,
        0.0,
        1.0,
        "per capture",
        "Chance a wanted person's good capture misses their own record; overrides the profile.",
    ),
    ParamSpec(
        "capture_quality",
        "float",
        0.8,
        0.05,
        1.0,
        "0-1",
        "Average quality of camera captures (light, angle, distance).",
    ),
    ParamSpec(
        "watchlist_quality",
        "float",
        0.9,
        0.05,
        1.0,
        "0-1",
        "Quality of the photos on the watchlist (poor photos hide wanted people).",
    ),
    ParamSpec(
        "matcher",
        "choice",
        "auto",
        choices=("auto", "brute", "orderstat"),
        help="Compare every record (brute) or sample the best match (orderstat); auto picks.",
    ),
    # Cameras
    ParamSpec("cameras", "int", 60, 0, 20_000, "cameras", "Fixed CCTV cameras on street corners."),
    ParamSpec("bodycams", "bool", False, help="Officers' body cameras search everyone in view."),
    ParamSpec("drones", "int", 0, 0, 500, "drones", "Drones filming crowds in busy districts."),
    ParamSpec("gates", "int", 0, 0, 500, "gates", "Stadium gate cameras (crowd mode)."),
    ParamSpec(
        "gate_faces_per_second",
        "float",
        50.0,
        1,
        500,
        "faces/s",
        "Faces one gate camera can search per second.",
    ),
    ParamSpec(
        "event_share",
        "float",
        0.0,
        0.0,
        1.0,
        "share",
        "Share of people who go to the stadium or the demonstration today.",
    ),
    ParamSpec(
        "phone_searches_per_officer_hour",
        "float",
        0.0,
        0.0,
        20.0,
        "searches/h",
        "Officers photograph a person they meet and search the phone app.",
    ),
    ParamSpec("camera_density", "float", 1.0, 0.0, 10.0, "x", "Multiplier on camera coverage."),
    # Review
    ParamSpec("reviewers", "int", 4, 0, 10_000, "operators", "Operators reviewing alerts."),
    ParamSpec(
        "review_per_hour",
        "float",
        60.0,
        1,
        3_600,
        "alerts/h",
        "Alerts one operator can review in an hour.",
    ),
    ParamSpec(
        "automation_bias",
        "float",
        0.3,
        0.0,
        1.0,
        "share",
        "Chance an operator confirms a false alert when not under load.",
    ),
    ParamSpec(
        "unreviewed",
        "choice",
        "expire",
        choices=UNREVIEWED_POLICIES,
        help="What happens to an alert nobody reviews in time: expire, or pass straight on.",
    ),
    ParamSpec("review_timeout_min", "float", 10.0, 0.5, 600, "minutes", "How long an alert waits."),
    ParamSpec(
        "true_confirm",
        "float",
        0.9,
        0.0,
        1.0,
        "share",
        "Chance an operator confirms a true alert (a real match is usually recognised).",
    ),
    ParamSpec(
        "review_load_penalty",
        "float",
        0.6,
        0.0,
        1.0,
        "share",
        "Share of an operator's remaining doubt lost at full overload (assumed).",
    ),
    # Stops
    ParamSpec("officers", "int", 20, 0, 100_000, "officers", "Officers who can be dispatched."),
    ParamSpec("travel_min", "float", 8.0, 0.0, 240, "minutes", "Officer travel time to a stop."),
    ParamSpec("stop_min", "float", 20.0, 1.0, 480, "minutes", "Length of a stop and ID check."),
    ParamSpec(
        "move_on_min",
        "float",
        30.0,
        1.0,
        600,
        "minutes",
        "After this long, the person an alert was about has left the spot (assumed).",
    ),
    ParamSpec(
        "booking_hours",
        "float",
        2.0,
        0.0,
        24.0,
        "hours",
        "Officer time spent booking someone detained or found (assumed).",
    ),
    ParamSpec(
        "detain_prob",
        "float",
        0.1,
        0.0,
        1.0,
        "share",
        "Chance an innocent person stopped is wrongly detained instead of released.",
    ),
    ParamSpec(
        "detain_hours", "float", 30.0, 0.0, 720, "hours", "Mean time an innocent person is held."
    ),
    # Feedback policies
    ParamSpec(
        "policy.cameras_follow_alerts",
        "bool",
        False,
        help="Each night, move cameras towards the districts with the most alerts.",
    ),
    ParamSpec(
        "policy.stopped_join_watchlist",
        "bool",
        False,
        help="People who were stopped are added to the watchlist.",
    ),
    ParamSpec(
        "policy.share_watchlists",
        "bool",
        False,
        help="Agencies pool their watchlists through a fusion centre every night.",
    ),
    ParamSpec(
        "share_growth",
        "float",
        10.0,
        1.0,
        1000.0,
        "x per day",
        "How much pooling multiplies the watchlist each night.",
    ),
    # Which detector scans (see sim/model/detectors): the review, response and
    # counting below are shared by all of them.
    ParamSpec(
        "detector",
        "choice",
        "faces",
        choices=DETECTORS,
        help="What is scanned: faces (1:N search), weapons (object classifier on camera"
        " passes), plates (licence-plate reads against a hot list) or calls (prison-call"
        " transcripts searched for keywords).",
    ),
    ParamSpec(
        "lookalike_sigma",
        "float",
        1.5,
        0.0,
        4.0,
        "log-sd",
        "Weapons and calls: spread of each person's persistent false-alarm multiplier"
        " (lognormal, mean 1): the same few are flagged again and again.",
    ),
    # Weapon detection
    ParamSpec(
        "weapons.fp_rate",
        "float",
        2e-6,
        0.0,
        0.01,
        "per person-pass",
        "Chance the object classifier sees a gun on an average unarmed person passing a camera.",
        log=True,
    ),
    ParamSpec(
        "weapons.detect_rate",
        "float",
        0.8,
        0.0,
        1.0,
        "per pass",
        "Chance a pass of someone really carrying a gun raises an alert.",
    ),
    ParamSpec(
        "weapons.staff_cancel",
        "float",
        0.8,
        0.0,
        1.0,
        "share",
        "Second review: chance local staff cancel a false alert the vendor's team forwarded.",
    ),
    ParamSpec(
        "weapons.cancel_lost",
        "float",
        0.1,
        0.0,
        1.0,
        "share",
        "Chance a cancellation does not reach the people who already called police.",
    ),
    ParamSpec(
        "weapons.handcuff_prob",
        "float",
        0.5,
        0.0,
        1.0,
        "share",
        "Chance an innocent person held at gunpoint is also handcuffed and searched.",
    ),
    # Licence-plate readers
    ParamSpec(
        "plates.car_share",
        "float",
        0.4,
        0.0,
        1.0,
        "share of passes",
        "Share of camera passes made by car, whose plate the camera reads.",
    ),
    ParamSpec(
        "plates.hot_list",
        "int",
        20_000,
        0,
        10_000_000,
        "plates",
        "Plates on the hot list (stolen cars, warrants) every read is compared with.",
        log=True,
    ),
    ParamSpec(
        "plates.stale_share",
        "float",
        2e-4,
        0.0,
        0.05,
        "share of cars",
        "Share of the city's cars still on the hot list though recovered (a stale list).",
        log=True,
    ),
    ParamSpec(
        "plates.misread_rate",
        "float",
        0.01,
        0.0,
        0.5,
        "per character",
        "Chance the reader gets one character of a plate wrong, by day.",
    ),
    ParamSpec(
        "plates.night_factor",
        "float",
        3.0,
        1.0,
        20.0,
        "x",
        "How much more often characters are misread at night (20:00 to 06:00).",
    ),
    ParamSpec(
        "plates.eye_check",
        "bool",
        False,
        help="Policy: an officer checks the plate by eye before a stop.",
    ),
    ParamSpec(
        "plates.eye_check_catch",
        "float",
        0.95,
        0.0,
        1.0,
        "share",
        "Chance the eye check catches a misread (a stale hot-list entry it cannot catch).",
    ),
    # Prison-call monitoring
    ParamSpec(
        "calls.per_day",
        "float",
        1.0,
        0.0,
        20.0,
        "calls/person/day",
        "Calls each person in prison makes a day, every one transcribed and searched.",
    ),
    ParamSpec(
        "calls.wer",
        "float",
        0.19,
        0.0,
        0.9,
        "per word",
        "Word error rate of the speech-to-text for the reference group (groups.NAME."
        "wer_multiplier scales it).",
    ),
    ParamSpec(
        "calls.real_rate",
        "float",
        1e-5,
        0.0,
        0.1,
        "per call",
        "Share of calls that are really about a crime (the base rate).",
        log=True,
    ),
    ParamSpec(
        "calls.innocent_keyword_rate",
        "float",
        5e-5,
        0.0,
        0.1,
        "per call",
        "Chance an ordinary call uses a listed keyword innocently (an average speaker).",
        log=True,
    ),
    ParamSpec(
        "calls.error_keyword",
        "float",
        2.5e-7,
        0.0,
        1e-3,
        "per misheard word",
        "Chance one misheard word is transcribed as a listed keyword.",
        log=True,
    ),
    ParamSpec(
        "calls.lose_calls",
        "float",
        0.5,
        0.0,
        1.0,
        "share",
        "Chance a flag acted on costs the person their calls (phone privileges).",
    ),
    ParamSpec(
        "calls.discipline",
        "float",
        0.2,
        0.0,
        1.0,
        "share",
        "Chance a flag acted on leads to a disciplinary report.",
    ),
    ParamSpec(
        "calls.prosecutor",
        "float",
        0.05,
        0.0,
        1.0,
        "share",
        "Chance a flag acted on is reported to prosecutors.",
    ),
]

SPECS: dict[str, ParamSpec] = {s.key: s for s in _SPECS}

GROUP_SPECS: dict[str, ParamSpec] = {
    "share": ParamSpec("share", "float", 0.5, 0.0, 1.0, "share", "Share of the crowd."),
    "fmr_multiplier": ParamSpec(
        "fmr_multiplier",
        "float",
        1.0,
        0.01,
        1000.0,
        "x",
        "How much more often this group's faces falsely match (codes packed closer).",
        log=True,
    ),
    "wanted_share": ParamSpec(
        "wanted_share",
        "float",
        0.5,
        0.0,
        1.0,
        "share",
        "Share of the wanted people who belong to this group (the base rate).",
    ),
    "wer_multiplier": ParamSpec(
        "wer_multiplier",
        "float",
        1.0,
        0.1,
        4.0,
        "x",
        "Calls: how much worse speech-to-text hears this group (word error rate multiplier).",
    ),
}


@dataclass
class GroupParams:
    share: float = 0.5
    fmr_multiplier: float = 1.0
    wanted_share: float = 0.5
    wer_multiplier: float = 1.0


def default_groups() -> dict[str, GroupParams]:
    """Two abstract groups: A is the algorithm's well-trained majority, B is not."""
    return {
        "A": GroupParams(share=0.8, fmr_multiplier=1.0, wanted_share=0.8),
        "B": GroupParams(share=0.2, fmr_multiplier=10.0, wanted_share=0.2),
    }


@dataclass
class Params:
    """A full, checked set of parameters. Build it from defaults, a scenario and --set."""

    values: dict[str, Any] = field(default_factory=lambda: {k: s.default for k, s in SPECS.items()})
    groups: dict[str, GroupParams] = field(default_factory=default_groups)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    def get(self, key: str) -> Any:
        """Read any settable key, including `groups.NAME.FIELD`."""
        if key.startswith("groups."):
            name, fld = _group_key(key, self.groups)
            return getattr(self.groups[name], fld)
        if key not in SPECS:
            raise ParamError(unknown_key_message(key))
        return self.values[key]

    def set(self, key: str, raw: Any, where: str = "") -> None:
        """Set one key from text or a TOML value; raises ParamError naming the problem."""
        if key.startswith("groups."):
            parts = key.split(".")
            if len(parts) != 3 or parts[2] not in GROUP_SPECS:
                at = f" ({where})" if where else ""
                raise ParamError(
                    f"unknown parameter {key!r}{at}: group keys are groups.NAME."
                    + "|".join(GROUP_SPECS)
                )
            name = parts[1]
            if name not in self.groups:
                raise ParamError(
                    f"unknown group {name!r} in {key!r}{' (' + where + ')' if where else ''}: "
                    f"groups here are {', '.join(self.groups)}"
                )
            spec = GROUP_SPECS[parts[2]]
            setattr(self.groups[name], parts[2], spec.parse(raw, where))
            return
        spec = SPECS.get(key)
        if spec is None:
            raise ParamError(unknown_key_message(key, where))
        self.values[key] = spec.parse(raw, where)

    def copy(self) -> Params:
        return copy.deepcopy(self)

    def as_dict(self) -> dict[str, Any]:
        """Flat dict of every key (groups as groups.NAME.FIELD), for JSON and CSV headers."""
        out = dict(self.values)
        for name, g in self.groups.items():
            for fld in GROUP_SPECS:
                out[f"groups.{name}.{fld}"] = getattr(g, fld)
        return out

    def floor(self, key: str) -> float | None:
        """The smallest value `key` may take given the other values, if another sets one.

        `check` refuses a watchlist smaller than the number of wanted people it
        holds; a slider uses this floor to stop there instead of offering a
        value the model would refuse.
        """
        if key == "watchlist_size":
            return float(self.values["wanted"])
        return None

    def check(self) -> None:
        """Cross-field checks that a single value cannot see."""
        if len(self.groups) > MAX_GROUPS:
            raise ParamError(f"at most {MAX_GROUPS} groups, not {len(self.groups):,}")
        total = sum(g.share for g in self.groups.values())
        if not self.groups or abs(total - 1.0) > 1e-6:
            raise ParamError(f"group shares must add up to 1, they add up to {total:g}")
        wtotal = sum(g.wanted_share for g in self.groups.values())
        if self.values["wanted"] > 0 and abs(wtotal - 1.0) > 1e-6:
            raise ParamError(
                f"group wanted_share values must add up to 1, they add up to {wtotal:g}"
            )
        if self.values["matcher"] == "brute" and self.values["watchlist_size"] > BRUTE_MAX_RECORDS:
            raise ParamError(
                f"matcher=brute keeps every record: at most {BRUTE_MAX_RECORDS:,}, not "
                f"watchlist_size={self.values['watchlist_size']:,} (use matcher=auto)"
            )
        if self.values["wanted"] > self.values["people"]:
            raise ParamError(
                f"wanted={self.values['wanted']} is more than people={self.values['people']}"
            )
        if self.values["wanted"] > self.values["watchlist_size"]:
            raise ParamError(
                f"wanted={self.values['wanted']} is more than "
                f"watchlist_size={self.values['watchlist_size']}"
            )


def _group_key(key: str, groups: dict[str, GroupParams]) -> tuple[str, str]:
    parts = key.split(".")
    if len(parts) != 3 or parts[1] not in groups or parts[2] not in GROUP_SPECS:
        raise ParamError(unknown_key_message(key))
    return parts[1], parts[2]


def unknown_key_message(key: str, where: str = "") -> str:
    import difflib

    close = difflib.get_close_matches(key, list(SPECS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; see `python -m sim params`"
    return f"unknown parameter {key!r}{' (' + where + ')' if where else ''}{hint}"


def spec_for(key: str) -> ParamSpec:
    """The spec of any key, group keys included (used by sliders and `params`)."""
    if key.startswith("groups."):
        parts = key.split(".")
        if len(parts) == 3 and parts[2] in GROUP_SPECS:
            return GROUP_SPECS[parts[2]]
        raise ParamError(unknown_key_message(key))
    if key not in SPECS:
        raise ParamError(unknown_key_message(key))
    return SPECS[key]


def raise_to_floor(params: Params, key: str, value: Any) -> Any:
    """`value`, or the floor `params` sets for `key` (see `Params.floor`) if it is below it.

    For controls that slide: a watchlist dragged below the wanted people stops
    at their number.
    """
    return clamp_number(value, lo=params.floor(key))


def clamp_number(value: Any, lo: float | None = None, hi: float | None = None) -> Any:
    """`value` moved into [lo, hi] if it is a number outside it; anything else as it is.

    Text that is not a number (and booleans) pass through, for `Params.set`
    to report in its own words. A bound that is a whole number comes back
    as an int.
    """
    if isinstance(value, bool):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if lo is not None and number < lo:
        bound = float(lo)
    elif hi is not None and number > hi:
        bound = float(hi)
    else:
        return value
    return int(bound) if bound.is_integer() else bound
