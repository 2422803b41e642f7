"""Chapter files: loading and checking ``assets/story/chapters/*.toml``.

A chapter is data, not code: which scenario it runs with which overrides,
the question the player answers first (a slider guess or a multiple choice),
which measured number answers it, how the answer is drawn, and the text keys
of its words (the words themselves live in the locale files, one per
language). Mistakes in a chapter file are reported as one line naming the
file and the key, the same way scenario files are, because teachers and
museums may write their own chapters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.datafile import DataFileError, read_toml
from sim.model.params import ParamError, Params
from sim.paths import CHAPTERS
from sim.scenario import ScenarioError, load_scenario

STORY_DIR = CHAPTERS

QUESTION_KINDS = ("slider", "choice")
SCALES = ("lin", "log1p")
VIEW_KINDS = ("counter", "bars", "per100", "sweep", "days", "levers", "funnel")
DERIVES = ("none", "threshold_tradeoff", "group_sweep", "feedback", "levers", "eye_check")
# The [answer] rules each derived answer needs from the chapter file.
DERIVE_RULES: dict[str, tuple[str, ...]] = {
    "group_sweep": ("equal_from", "equal_to", "min_flagged"),
    "feedback": ("growth_pct",),
}
INSTANT_PACE_S = 0.3  # a run computed at once (a sweep point) is still shown this long

_TOP = {
    "id",
    "order",
    "short",
    "extra_seconds",
    "cases",
    "question",
    "view",
    "derive",
    "phrases",
    "runs",
    "challenge",
    "answer",
    "notes",
    "follow",
    "part",
    "chapter",
}
_FOLLOW = {"kind", "run", "options", "answer"}
FOLLOW_KINDS = ("lookalike",)
FOLLOW_ANSWERS = ("even", "few")  # what sim/story/lookalike.py finds (la_answer)
_QUESTION = {
    "kind",
    "truth",
    "options",
    "min",
    "max",
    "start",
    "scale",
    "integer",
    "close_factor",
    "close_abs",
    "unit",
    "ahead",
}
_VIEW = {"kind", "keys", "guess_on", "max", "labels"}
_RUN = {
    "name",
    "scenario",
    "seed",
    "seconds",
    "short_seconds",
    "stage",
    "set",
    "city",
    "sweep",
    "quiet",
    "quiet_why",
}
QUIET_WHY = ("city", "stadium")  # why nothing happens: text story.quiet.<why>
_CHALLENGE = {
    "scenario",
    "seed",
    "seconds",
    "set",
    "find_at_least",
    "innocent_at_most",
    "knobs",
    "technology",
    "floor",
    "budget",
    "example",
}


class StoryError(ValueError):
    """A chapter file that cannot be used; the message names file and key."""


@dataclass(frozen=True)
class RunSpec:
    """One simulation a chapter runs to answer its question."""

    name: str
    scenario: str
    seed: int
    seconds: float  # real seconds the run is shown over; 0 = computed at once
    short_seconds: float  # the same on the museum's short path
    stage: int  # runs of one stage run side by side; stages run one after another
    overrides: tuple[tuple[str, Any], ...]
    city: bool  # drawn as a moving city while it runs
    # hours of each day when nothing happens (from, to: 22, 5 is the night);
    # shown fast, and the screen says so (a test checks nothing happens then)
    quiet: tuple[float, float] | None = None
    # why the hours before start_hour and the quiet ones are empty: story.quiet.<why>
    quiet_why: str = ""

    def params(self) -> Params:
        """The checked parameters of this run (scenario + overrides)."""
        params = load_scenario(self.scenario).params.copy()
        for key, value in self.overrides:
            params.set(key, value, f"story run {self.name}")
        params.check()
        return params


@dataclass(frozen=True)
class Question:
    """What the player answers before the simulation does."""

    kind: str  # "slider" or "choice"
    truth: str  # the measured key the answer is judged against
    options: tuple[str, ...] = ()
    lo: float = 0.0
    hi: float = 100.0
    start: float = 0.0
    scale: str = "lin"
    integer: bool = True
    close_factor: float = 2.0  # a guess within this factor of the truth is "close"...
    close_abs: float = 1.0  # ...or within this many units of it
    unit: str = ""  # "" or "percent" (how the guess is printed)
    # count the first run's faces ahead, while the player reads, and say how
    # many the cameras will see (text story.<id>.ahead) before the guess
    ahead: bool = False


@dataclass(frozen=True)
class View:
    """How the run's answer is drawn while it comes in."""

    kind: str
    keys: tuple[str, ...] = ()
    guess_on: str = ""  # the key beside which the player's guess is marked
    max: float | None = None  # fixed top of the scale (e.g. 100 for "of 100")
    labels: tuple[str, ...] = ()  # text keys, one per key, when they differ from defaults


OPS = (">", ">=", "<", "<=", "==", "!=")


@dataclass(frozen=True)
class Note:
    """A sentence that explains a number that could look wrong, and when it is true.

    ``when`` is ``(left, op, right)``: each side a measured key or a number.
    A chapter file says ``{ name = "officers", when = ["confirmed", ">", "stops"] }``
    (no code is evaluated); a note with no ``when`` is always shown.
    """

    name: str
    when: tuple[str | float, str, str | float] | None = None

    def holds(self, measured: dict[str, Any]) -> bool:
        """True when the note's condition is true of this run's numbers."""
        if self.when is None:
            return True
        left, op, right = self.when
        a, b = _side(left, measured), _side(right, measured)
        if a is None or b is None:
            return False
        return {
            ">": a > b,
            ">=": a >= b,
            "<": a < b,
            "<=": a <= b,
            "==": a == b,
            "!=": a != b,
        }[op]


def _side(value: str | float, measured: dict[str, Any]) -> float | None:
    if isinstance(value, str):
        got = measured.get(value)
        return None if got is None else float(got)
    return float(value)


@dataclass(frozen=True)
class Challenge:
    """The last chapter's own game: a goal, knobs, and no win by technology alone."""

    scenario: str
    seed: int
    seconds: float
    overrides: tuple[tuple[str, Any], ...]
    find_at_least: int
    innocent_at_most: int
    knobs: tuple[str, ...]
    technology: tuple[str, ...]
    # knobs the city may not set below a value (its list holds every real wanted person)
    floors: tuple[tuple[str, float], ...] = ()
    # one budget shared by some knobs: what each unit of a knob costs, and the total
    costs: tuple[tuple[str, float], ...] = ()
    budget: float | None = None
    # one policy that meets the goal, for the answer key (a test plays it)
    example: tuple[tuple[str, Any], ...] = ()

    def params(self) -> Params:
        params = load_scenario(self.scenario).params.copy()
        for key, value in self.overrides:
            params.set(key, value, "challenge")
        params.check()
        return params


@dataclass(frozen=True)
class Follow:
    """A second look at a chapter's finished run, with its own prediction first.

    ``lookalike``: the innocent person flagged most often in run ``run``,
    followed through the day (sim/story/lookalike.py), after the student has
    said whether false alerts are spread evenly. Texts:
    ``story.<id>.follow.*``, with one "why" per answer the run can support
    (the sentence is chosen by what happened); ``rules`` is the
    ``[follow.answer]`` table.
    """

    kind: str
    run: str
    options: tuple[str, ...]
    rules: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Chapter:
    """One idea: predict -> run -> explain."""

    id: str
    order: int
    short: bool
    extra_seconds: float  # time spent beyond reading and running (the challenge's days)
    question: Question
    view: View
    runs: tuple[RunSpec, ...]
    derive: str = "none"
    phrases: dict[str, tuple[str, str]] = field(default_factory=dict)
    cases: tuple[str, ...] = ()
    challenge: Challenge | None = None
    path: Path | None = None
    # the [answer] table: thresholds that decide which option the data supports
    rules: dict[str, float] = field(default_factory=dict)
    # sentences that explain a number that could look wrong (story.<id>.note.<name>)
    notes: tuple[Note, ...] = ()
    follow: Follow | None = None
    # A chapter told in several scenes (one idea each) is one file per scene:
    # the files share `order`, number their scenes with `part` (1, 2, ...) and
    # name the chapter they belong to with `chapter` (its title is
    # story.<chapter>.title). 0 and "" for a chapter of one scene.
    part: int = 0
    group: str = ""

    def key(self, suffix: str) -> str:
        """The locale key of one of this chapter's texts."""
        return f"story.{self.id}.{suffix}"

    def title_key(self) -> str:
        """The title shown in the top bar: the chapter's, shared by all its scenes."""
        return f"story.{self.group}.title" if self.group else self.key("title")

    def text_keys(self) -> list[str]:
        """Every locale key this chapter needs (checked by the locale tests)."""
        keys = [self.key(k) for k in ("title", "intro", "question", "why", "simplifies")]
        if self.group:
            keys.append(self.title_key())
        if self.question.kind == "choice":
            keys += [self.key(f"option.{o}") for o in self.question.options]
            keys += [self.key("explain.right"), self.key("explain.wrong")]
        else:
            keys += [self.key(f"explain.{o}") for o in ("low", "close", "high")]
        keys += [self.key(f"run.{r}") for r in self.run_labels()]
        keys += [phrase for phrase, _value in self.phrases.values()]
        keys += list(self.view.labels)
        if self.challenge is not None:
            keys += [self.key(k) for k in ("goal", "rules", "met", "not_met", "tech_only")]
        keys += [self.key(f"note.{n.name}") for n in self.notes]
        if self.question.ahead:
            keys.append(self.key("ahead"))
        if self.follow is not None:
            keys += [
                self.key(f"follow.{k}")
                for k in ("title", "intro", "question", "explain.right", "explain.wrong")
            ]
            keys += [self.key(f"follow.option.{o}") for o in self.follow.options]
            # why it was so: one sentence per answer the run can support
            keys += [self.key(f"follow.why.{a}") for a in FOLLOW_ANSWERS]
        return keys

    def run_labels(self) -> list[str]:
        """Run names that get a label on screen (sweep points share their base name)."""
        seen: list[str] = []
        for run in self.runs:
            base = run.name.split("@", 1)[0]
            if base not in seen:
                seen.append(base)
        return seen

    def seconds(self, short: bool = False) -> float:
        """Real seconds the run phase lasts (stages in sequence, runs in a stage together)."""
        return sum(
            stage_seconds([r for r in self.runs if r.stage == s], short)
            for s in sorted({r.stage for r in self.runs})
        )


def stage_seconds(runs: list[RunSpec], short: bool = False) -> float:
    """How long one stage is shown: its longest run, or a beat per instant run."""
    timed = [r.short_seconds if short else r.seconds for r in runs]
    longest = max(timed, default=0.0)
    if longest > 0:
        return longest
    return INSTANT_PACE_S * len(runs)


_SPEC_CACHE: dict[tuple[str, str], dict[str, Any]] = {}


def spec_values(chapter: Chapter) -> dict[str, Any]:
    """Every run's parameters as ``<run>_<key>`` placeholders (known before it runs).

    A question can then say "with {big_watchlist_size} photos" and stay true
    whatever the chapter file sets. Dots become underscores
    (``groups.B.share`` -> ``biased_groups_B_share``), shares between 0 and 1
    also get a ``_pct`` twin, and a run of a day or more gets ``_days``.
    """
    cache_key = (str(chapter.path), chapter.id)
    cached = _SPEC_CACHE.get(cache_key)
    if cached is not None:
        return cached
    out: dict[str, Any] = {}
    for run in chapter.runs:
        base = run.name.split("@", 1)[0]
        if any(k.startswith(base + "_") for k in out):
            continue  # sweep points share their base run's description
        for key, value in run.params().as_dict().items():
            name = f"{base}_{key.replace('.', '_')}"
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[name] = value
            if isinstance(value, float) and 0 < value < 1:
                out[f"{name}_pct"] = int(round(100 * value))
        hours = float(run.params().hours)
        if hours >= 24:
            out[f"{base}_days"] = int(round(hours / 24))
    _SPEC_CACHE[cache_key] = out
    return out


# ---------------------------------------------------------------------- loading
def load_story(
    folder: Path = STORY_DIR,
    check_params: bool = True,
    on_broken: Callable[[str], None] | None = None,
) -> list[Chapter]:
    """Every chapter in ``folder``, in story order; raises StoryError on any problem.

    With ``on_broken`` (the game passes one), a chapter file that cannot be
    used is reported to it in one line and left out, and the story goes on
    without it: a museum whose chapter 3 was damaged still shows the other
    seven. Without it (a teacher checking their own chapters) the first
    problem is raised.
    """
    paths = sorted(Path(folder).glob("*.toml"))
    if not paths:
        raise StoryError(f"no chapter files in {folder}")
    chapters: list[Chapter] = []
    for p in paths:
        try:
            chapters.append(load_chapter(p, check_params))
        except StoryError as exc:
            if on_broken is None:
                raise
            on_broken(f"{exc}; the story goes on without this chapter")
    if not chapters:
        raise StoryError(f"no usable chapter files in {folder}")
    chapters.sort(key=lambda c: (c.order, c.part))
    problems, gaps = _check_scenes(chapters, folder, strict=on_broken is None)
    for order, problem in problems:
        if on_broken is None:
            raise StoryError(problem)
        # a chapter with a scene missing is left out whole: its story would not hold
        on_broken(f"{problem}; the story goes on without this chapter")
        chapters = [c for c in chapters if c.order != order]
    if not chapters:
        raise StoryError(f"no usable chapter files in {folder}")
    orders = sorted({c.order for c in chapters})
    if on_broken is None or min(orders) < 1:
        if orders != list(range(1, len(orders) + 1)):
            raise StoryError(f"chapter 'order' values must be 1..{len(orders)}, found {orders}")
    elif len(chapters) == len(paths):
        # Every file read, yet a number is missing: a chapter file was deleted.
        # The rest keep their numbers (--chapter N still means the same one).
        missing = sorted(set(range(1, max(orders) + 1)) - set(orders))
        if missing:
            listed = ", ".join(str(n) for n in missing)
            on_broken(
                f"no chapter file in {folder} has order {listed}; the story goes on without it"
            )
        for order, parts in gaps:  # a scene file deleted: its chapter is told without it
            listed = ", ".join(str(n) for n in parts)
            on_broken(
                f"no chapter file in {folder} has order {order}; part {listed} of its scenes "
                "is missing and the chapter goes on without it"
            )
    ids = [c.id for c in chapters]
    if len(set(ids)) != len(ids):
        raise StoryError(f"two chapters share an id: {ids}")
    return chapters


def _check_scenes(
    chapters: list[Chapter], folder: Path, strict: bool
) -> tuple[list[tuple[int, str]], list[tuple[int, list[int]]]]:
    """Files that share an order are the scenes of one chapter: parts 1..k of one name.

    Two files with the same order and no `part` are still the mistake they
    always were (two chapters numbered alike). Returns the (order, problem)
    pairs of chapters that cannot be told, and, when not `strict` (the game,
    after a scene file was lost), the (order, missing parts) of chapters that
    can still be told without a scene.
    """
    problems: list[tuple[int, str]] = []
    gaps: list[tuple[int, list[int]]] = []
    by_order: dict[int, list[Chapter]] = {}
    for c in chapters:
        by_order.setdefault(c.order, []).append(c)
    for order, scenes in by_order.items():
        if len(scenes) == 1 and not scenes[0].part:
            continue
        parts = [c.part for c in scenes]
        groups = {c.group for c in scenes}
        numbered = parts == list(range(1, len(scenes) + 1))
        rising = min(parts) >= 1 and all(a < b for a, b in zip(parts, parts[1:], strict=False))
        if len(groups) != 1 or "" in groups or not (numbered if strict else rising):
            problems.append(
                (
                    order,
                    f"{folder}: the files of order {order} must be scenes of one chapter: "
                    f"'part' 1..{len(scenes)} and the same 'chapter' name, found parts {parts}",
                )
            )
        elif not numbered:
            gaps.append((order, sorted(set(range(1, max(parts) + 1)) - set(parts))))
    return problems, gaps


def load_chapter(path: Path, check_params: bool = True) -> Chapter:
    """Read and check one chapter file (read through the one guarded reader)."""
    try:
        data = read_toml(path, "chapter file")
    except DataFileError as e:
        raise StoryError(str(e)) from None
    try:
        return parse_chapter(data, path, check_params)
    except StoryError:
        raise
    except (TypeError, ValueError, KeyError) as e:  # a value of the wrong kind, e.g. min = "a"
        raise StoryError(f"{_show(path)}: {e}") from None


def parse_chapter(data: dict[str, Any], path: Path, check_params: bool = True) -> Chapter:
    where = _show(path)
    _only(data, _TOP, where, "")
    cid = data.get("id")
    if not isinstance(cid, str) or not cid.isidentifier():
        raise StoryError(f"{where}: 'id' must be a short name like 'watchlist'")
    order = _int(data, "order", where)
    question = _question(_table(data, "question", where), where)
    view = _view(_table(data, "view", where), where)
    runs = _runs(data.get("runs"), where)
    derive = str(data.get("derive", "none"))
    if derive not in DERIVES:
        raise StoryError(f"{where}: 'derive' must be one of {', '.join(DERIVES)}, not {derive!r}")
    phrases: dict[str, tuple[str, str]] = {}
    for name, pair in dict(data.get("phrases", {})).items():
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise StoryError(f'{where}: phrases.{name} must be ["text.key", "measured_key"]')
        phrases[name] = (pair[0], pair[1])
    cases = data.get("cases", [])
    if not isinstance(cases, list) or not all(isinstance(c, str) for c in cases):
        raise StoryError(f"{where}: 'cases' must be a list of case names")
    rules_raw = data.get("answer", {})
    if not isinstance(rules_raw, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in rules_raw.values()
    ):
        raise StoryError(f"{where}: [answer] must be a table of name = number")
    for needed in DERIVE_RULES.get(derive, ()):
        if needed not in rules_raw:
            raise StoryError(
                f"{where}: derive {derive!r} needs answer.{needed} in the [answer] table"
            )
    notes = _notes(data.get("notes", []), where)
    follow = None
    if "follow" in data:
        follow = _follow(_table(data, "follow", where), where, runs)
    part = int(data.get("part", 0))
    group = str(data.get("chapter", ""))
    if part < 0 or bool(part) != bool(group) or (group and not group.isidentifier()):
        raise StoryError(
            f"{where}: a scene needs both 'part' (1, 2, ...) and 'chapter' (a short name)"
        )
    challenge = None
    if "challenge" in data:
        challenge = _challenge(_table(data, "challenge", where), where)
    chapter = Chapter(
        id=cid,
        order=order,
        short=bool(data.get("short", False)),
        extra_seconds=float(data.get("extra_seconds", 0)),
        question=question,
        view=view,
        runs=runs,
        derive=derive,
        phrases=phrases,
        cases=tuple(cases),
        challenge=challenge,
        path=path,
        rules={k: float(v) for k, v in rules_raw.items()},
        notes=tuple(notes),
        follow=follow,
        part=part,
        group=group,
    )
    if check_params:
        for run in runs:
            try:
                run.params()
            except (ParamError, ScenarioError) as e:
                raise StoryError(f"{where}: run {run.name!r}: {e}") from None
        if challenge is not None:
            try:
                params = challenge.params()
                for knob in challenge.knobs:
                    params.get(knob)
            except (ParamError, ScenarioError) as e:
                raise StoryError(f"{where}: challenge: {e}") from None
    return chapter


def _question(t: dict[str, Any], where: str) -> Question:
    _only(t, _QUESTION, where, "question.")
    kind = t.get("kind")
    if kind not in QUESTION_KINDS:
        raise StoryError(f"{where}: question.kind must be slider or choice, not {kind!r}")
    truth = t.get("truth")
    if not isinstance(truth, str) or not truth:
        raise StoryError(f"{where}: question.truth must name a measured value")
    if kind == "choice":
        options = t.get("options")
        if not isinstance(options, list) or len(options) < 2:
            raise StoryError(f"{where}: question.options must list at least two options")
        return Question(kind="choice", truth=truth, options=tuple(str(o) for o in options))
    lo, hi = float(t.get("min", 0)), float(t.get("max", 100))
    if not lo < hi:
        raise StoryError(f"{where}: question.min must be below question.max")
    start = float(t.get("start", lo))
    if not lo <= start <= hi:
        raise StoryError(f"{where}: question.start must lie between min and max")
    scale = str(t.get("scale", "lin"))
    if scale not in SCALES:
        raise StoryError(f"{where}: question.scale must be lin or log1p, not {scale!r}")
    factor = float(t.get("close_factor", 2.0))
    if factor < 1:
        raise StoryError(f"{where}: question.close_factor must be at least 1")
    unit = str(t.get("unit", ""))
    if unit not in ("", "percent"):
        raise StoryError(f"{where}: question.unit must be '' or 'percent'")
    return Question(
        kind="slider",
        truth=truth,
        lo=lo,
        hi=hi,
        start=start,
        scale=scale,
        integer=bool(t.get("integer", True)),
        close_factor=factor,
        close_abs=float(t.get("close_abs", 1.0)),
        unit=unit,
        ahead=bool(t.get("ahead", False)),
    )


def _view(t: dict[str, Any], where: str) -> View:
    _only(t, _VIEW, where, "view.")
    kind = t.get("kind")
    if kind not in VIEW_KINDS:
        raise StoryError(f"{where}: view.kind must be one of {', '.join(VIEW_KINDS)}")
    keys = t.get("keys", [])
    labels = t.get("labels", [])
    if labels and len(labels) != len(keys):
        raise StoryError(f"{where}: view.labels must have one text key per view.keys entry")
    top = t.get("max")
    return View(
        kind=kind,
        keys=tuple(str(k) for k in keys),
        guess_on=str(t.get("guess_on", "")),
        max=None if top is None else float(top),
        labels=tuple(str(k) for k in labels),
    )


def _runs(raw: Any, where: str) -> tuple[RunSpec, ...]:
    if not isinstance(raw, list) or not raw:
        raise StoryError(f"{where}: a chapter needs at least one [[runs]] table")
    out: list[RunSpec] = []
    for i, t in enumerate(raw):
        at = f"runs[{i}]."
        if not isinstance(t, dict):
            raise StoryError(f"{where}: runs[{i}] must be a table")
        _only(t, _RUN, where, at)
        name = t.get("name")
        if not isinstance(name, str) or not name.isidentifier():
            raise StoryError(f"{where}: {at}name must be a short name like 'big'")
        overrides = _overrides(t.get("set", {}), where, at)
        seconds = float(t.get("seconds", 6.0))
        base = dict(
            scenario=str(t.get("scenario", "city")),
            seed=int(t.get("seed", 1)),
            seconds=seconds,
            short_seconds=float(t.get("short_seconds", seconds)),
            stage=int(t.get("stage", 0)),
            city=bool(t.get("city", True)),
            quiet=_quiet(t.get("quiet"), where, at),
            quiet_why=str(t.get("quiet_why", "")),
        )
        if base["quiet_why"] not in ("", *QUIET_WHY):
            raise StoryError(f"{where}: {at}quiet_why must be one of {', '.join(QUIET_WHY)}")
        if base["quiet"] is not None and not base["quiet_why"]:
            raise StoryError(f"{where}: {at}quiet needs quiet_why (what the screen says)")
        sweep = t.get("sweep")
        if sweep is None:
            out.append(RunSpec(name=name, overrides=overrides, **base))  # type: ignore[arg-type]
            continue
        if not (isinstance(sweep, dict) and isinstance(sweep.get("values"), list)):
            raise StoryError(f"{where}: {at}sweep must be {{ key = ..., values = [...] }}")
        key = str(sweep.get("key", ""))
        for value in sweep["values"]:
            out.append(
                RunSpec(
                    name=f"{name}@{value}",
                    overrides=(*overrides, (key, value)),
                    **base,  # type: ignore[arg-type]
                )
            )
    names = [r.name for r in out]
    if len(set(names)) != len(names):
        raise StoryError(f"{where}: two runs share a name: {names}")
    return tuple(out)


def _quiet(raw: Any, where: str, at: str) -> tuple[float, float] | None:
    """quiet = [from, to]: hours of the day (0-24) when nothing happens; may wrap midnight."""
    if raw is None:
        return None
    ok = (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
        and all(0 <= v <= 24 for v in raw)
        and raw[0] != raw[1]
    )
    if not ok:
        raise StoryError(f"{where}: {at}quiet must be [from, to], two different hours 0-24")
    return float(raw[0]), float(raw[1])


def in_quiet(hour_of_day: float, quiet: tuple[float, float]) -> bool:
    """Whether an hour of the day lies in a quiet stretch (which may wrap past midnight)."""
    lo, hi = quiet
    h = hour_of_day % 24
    return lo <= h < hi if lo < hi else (h >= lo or h < hi)


def _challenge(t: dict[str, Any], where: str) -> Challenge:
    _only(t, _CHALLENGE, where, "challenge.")
    knobs = tuple(str(k) for k in t.get("knobs", []))
    tech = tuple(str(k) for k in t.get("technology", []))
    if not knobs or not set(tech) <= set(knobs):
        raise StoryError(f"{where}: challenge.technology must be some of challenge.knobs")
    budget = t.get("budget", {})
    if not isinstance(budget, dict):
        raise StoryError(f"{where}: challenge.budget must be a table (total = ..., knob = cost)")
    budget = dict(budget)
    total = budget.pop("total", None)
    if total is not None and (
        not isinstance(total, int | float) or isinstance(total, bool) or total <= 0
    ):
        raise StoryError(f"{where}: challenge.budget.total must be a number above 0")
    costs = _numbers(budget, knobs, where, "challenge.budget.")
    if bool(costs) != (total is not None):
        raise StoryError(f"{where}: challenge.budget needs a total and the cost of some knobs")
    return Challenge(
        scenario=str(t.get("scenario", "city")),
        seed=int(t.get("seed", 1)),
        seconds=float(t.get("seconds", 6.0)),
        overrides=_overrides(t.get("set", {}), where, "challenge."),
        find_at_least=_int(t, "find_at_least", where, "challenge."),
        innocent_at_most=_int(t, "innocent_at_most", where, "challenge."),
        knobs=knobs,
        technology=tech,
        floors=_numbers(t.get("floor", {}), knobs, where, "challenge.floor."),
        costs=costs,
        budget=None if total is None else float(total),
        example=_example(t.get("example", {}), knobs, where),
    )


def _follow(t: dict[str, Any], where: str, runs: tuple[RunSpec, ...]) -> Follow:
    """[follow]: which finished run is looked at again, and the question asked first."""
    _only(t, _FOLLOW, where, "follow.")
    kind = str(t.get("kind", "lookalike"))
    if kind not in FOLLOW_KINDS:
        raise StoryError(f"{where}: follow.kind must be one of {', '.join(FOLLOW_KINDS)}")
    run = t.get("run")
    names = [r.name for r in runs]
    if run not in names:
        raise StoryError(f"{where}: follow.run must name one of the runs: {', '.join(names)}")
    options = t.get("options")
    if not isinstance(options, list) or not set(FOLLOW_ANSWERS) <= set(options):
        raise StoryError(
            f"{where}: follow.options must list the answers the run can support: "
            + ", ".join(FOLLOW_ANSWERS)
        )
    rules = t.get("answer", {})
    if not isinstance(rules, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in rules.values()
    ):
        raise StoryError(f"{where}: [follow.answer] must be a table of name = number")
    return Follow(
        kind=kind,
        run=str(run),
        options=tuple(str(o) for o in options),
        rules={k: float(v) for k, v in rules.items()},
    )


def _example(raw: Any, knobs: tuple[str, ...], where: str) -> tuple[tuple[str, Any], ...]:
    """challenge.example: knob = value for knobs of the challenge."""
    if not isinstance(raw, dict) or not set(raw) <= set(knobs):
        raise StoryError(f"{where}: challenge.example must be a table of challenge knobs = values")
    return tuple(raw.items())


def _numbers(
    raw: Any, knobs: tuple[str, ...], where: str, at: str
) -> tuple[tuple[str, float], ...]:
    """A table of knob = number (floors, costs); each key must be a knob of the challenge."""
    if not isinstance(raw, dict):
        raise StoryError(f"{where}: {at[:-1]} must be a table of knob = number")
    out = []
    for key, value in raw.items():
        if key not in knobs:
            raise StoryError(f"{where}: {at}{key} is not one of challenge.knobs")
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise StoryError(f"{where}: {at}{key} must be a number of at least 0")
        out.append((str(key), float(value)))
    return tuple(out)


def _notes(raw: Any, where: str) -> tuple[Note, ...]:
    if not isinstance(raw, list):
        raise StoryError(f"{where}: 'notes' must be a list")
    out: list[Note] = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not str(item.get("name", "")).isidentifier():
            raise StoryError(f"{where}: notes[{i}] needs a name like 'officers'")
        _only(item, {"name", "when"}, where, f"notes[{i}].")
        when = item.get("when")
        if when is not None:
            ok = (
                isinstance(when, list)
                and len(when) == 3
                and when[1] in OPS
                and all(isinstance(x, str | int | float) for x in (when[0], when[2]))
            )
            if not ok:
                raise StoryError(
                    f"{where}: notes[{i}].when must be [key, op, key-or-number], op one of "
                    + " ".join(OPS)
                )
            when = (when[0], when[1], when[2])
        out.append(Note(name=str(item["name"]), when=when))
    return tuple(out)


def _overrides(raw: Any, where: str, at: str) -> tuple[tuple[str, Any], ...]:
    if not isinstance(raw, dict):
        raise StoryError(f"{where}: {at}set must be a table of parameter = value")
    return tuple(_flatten(raw))


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            out.extend(_flatten(value, f"{prefix}{key}."))
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    t = data.get(key)
    if not isinstance(t, dict):
        raise StoryError(f"{where}: [{key}] table is missing")
    return t


def _int(data: dict[str, Any], key: str, where: str, at: str = "") -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise StoryError(f"{where}: {at}{key} must be a whole number")
    return value


def _only(t: dict[str, Any], allowed: set[str], where: str, at: str) -> None:
    unknown = sorted(set(t) - allowed)
    if unknown:
        raise StoryError(f"{where}: unknown key '{at}{unknown[0]}'")


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
