"""`python -m sim`: play, or run the model headless for teachers, tests and benchmarks.

Subcommands: play (default), scenarios, params, run, sweep, report. Bad input
(unknown scenario, unknown key, value out of range, broken file) prints one
line naming what and where, and exits with status 2: never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__
from .datafile import DataFileError
from .detector_text import harm_rows, scan_label
from .errors import OutputPathError, UsageError, check_output_path, write_output
from .model import Model, ParamError
from .model.frequencies import share_of_every
from .model.model import ALERT_ROWS_KEPT
from .model.params import GROUP_SPECS, SPECS, Params, ParamSpec, _fmt
from .paths import SCENARIOS
from .scenario import Scenario, ScenarioError, apply_overrides, list_scenarios, load_scenario
from .setup_code import (
    Setup,
    SetupCodeError,
    decode,
    encode,
    read_setup_file,
    setup_file_text,
    setup_from,
)
from .spreadsheet import meta_path, write_run_csv
from .sweep_table import format_table, mean_rows, sweep_json

__all__ = ["EXIT_BAD_INPUT", "OutputPathError", "UsageError", "build_parser", "main"]

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl+C

#: Seeds are refused outside 0..2**64-1 rather than mapped: numpy's SeedSequence
#: takes only non-negative integers, and a documented one-to-one mapping of
#: negative seeds would give two spellings of the same day. 64 bits is more
#: seeds than any class will try and keeps the CSV header short.
SEED_MAX = 2**64 - 1

#: Simulated person-hours a headless run gets through per second, and seconds
#: per 30 s model step whatever the crowd size. Measured on the development
#: machine (2 shared cores, one BLAS thread), city scenario: 100,000 people x
#: 24 h in 2.6 s of model time, 2,000 people x 168 h in 2.0 s (20,160 steps).
#: Used only to warn before a sweep that would run for a long time; a slower
#: machine takes longer, so the limit below is generous.
PERSON_HOURS_PER_SECOND = 1.0e6
SECONDS_PER_STEP = 1.0e-4
STEPS_PER_HOUR = 120
#: Officers' phone-app searches made per second (50,000 in 3.5 s measured), which
#: grow with officers x rate x hours whatever the crowd.
PHONE_SEARCHES_PER_SECOND = 1.0e4
#: A single run estimated to take longer than this says so before it starts.
RUN_WARN_SECONDS = 30
#: A sweep estimated to take less than this runs in one process unless --jobs is given.
SPAWN_PAYS_SECONDS = 10.0
#: A sweep estimated to take longer than this is refused unless --yes is given.
SWEEP_LIMIT_SECONDS = 30 * 60


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `python -m {self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sim",
        description="One in a Million: see how face-recognition false matches cascade.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="open the game (the default)")
    add_play_arguments(play)

    sub.add_parser("scenarios", help="list scenarios with one-line descriptions")
    sub.add_parser("params", help="every settable parameter, its meaning, unit and range")

    run = sub.add_parser("run", help="run a scenario headless and print the cascade")
    _add_model_arguments(run)
    run.add_argument("--json", action="store_true", help="print one JSON object")
    run.add_argument("--csv", metavar="FILE", help="write one row per alert to FILE")
    run.add_argument(
        "--per-person",
        action="store_true",
        help="with --csv: one row per person instead of per alert",
    )

    sweep = sub.add_parser("sweep", help="run a scenario for several values of one parameter")
    _add_model_arguments(sweep)
    sweep.add_argument("--param", required=True, help="the key to vary, e.g. threshold")
    sweep.add_argument("--values", required=True, help="comma-separated values, e.g. 70,80,90")
    sweep.add_argument(
        "--repeats", type=_positive_int, default=1, help="seeds per value (seed, seed+1..)"
    )
    sweep.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        help="runs at once, in separate processes (default: one per core); same output",
    )
    sweep.add_argument("--csv", metavar="FILE", help="write the results to FILE")
    sweep.add_argument("--json", action="store_true", help="print one JSON object: runs and means")
    sweep.add_argument(
        "--yes",
        action="store_true",
        help=f"run even if the sweep is estimated to take over {SWEEP_LIMIT_SECONDS // 60} minutes",
    )

    report = sub.add_parser("report", help="render a one-page summary figure of a run (PNG)")
    _add_model_arguments(report)
    report.add_argument("--out", required=True, metavar="FILE.png", help="where to write the PNG")
    report.add_argument("--lang", default="en", help="language: en, es, fr or de (default en)")
    return parser


_SET_HELP = "change one parameter, e.g. threshold=90 (repeatable; see `sim params`)"


def add_play_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scenario", default=None, help="scenario name or path to a .toml file (default city)"
    )
    p.add_argument("--seed", type=_seed, default=None, help="random seed (default 1)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=_SET_HELP)
    _add_setup_arguments(p)
    p.add_argument(
        "--lang", default=None, help="language: en, es, fr or de (default: your preference, or en)"
    )
    p.add_argument("--kiosk", action="store_true", help="museum mode: fullscreen, resets itself")
    p.add_argument("--no-supervisor", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--fullscreen", action="store_true", help="fill the screen")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1366x768")
    p.add_argument("--chapter", type=_positive_int, help="open story chapter N")
    p.add_argument("--frames", type=_positive_int, help="run N frames, then exit 0 (tests)")
    p.add_argument("--screenshot", metavar="FILE", help="save the last frame as PNG")
    p.add_argument("--fps-report", action="store_true", help="print frame_ms median/p95 at exit")
    p.add_argument("--monkey", type=_seed, metavar="SEED", help="feed reproducible random input")


def _add_model_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", default=None, help="scenario name or path to a .toml file")
    p.add_argument("--seed", type=_seed, default=None, help="random seed: same seed, same numbers")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=_SET_HELP)
    _add_setup_arguments(p)


def _add_setup_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--setup",
        metavar="CODE",
        help="a setup code from the game's screen (scenario, seed and knobs); --set adds to it",
    )
    p.add_argument(
        "--setup-file",
        metavar="FILE",
        help="a setup saved to a file (for setups too big for a code)",
    )


def resolve_setup(args: argparse.Namespace) -> None:
    """Turn --setup CODE / --setup-file FILE into --scenario, --seed and --set, in place.

    A code stands for a scenario and a seed, so giving either beside it is a
    contradiction and refused; extra --set pairs apply after the code's own.
    """
    code, file = getattr(args, "setup", None), getattr(args, "setup_file", None)
    if code and file:
        raise UsageError("give --setup or --setup-file, not both")
    if code or file:
        given = [f"--{k}" for k in ("scenario", "seed") if getattr(args, k, None) is not None]
        if given:
            raise UsageError(f"{given[0]} cannot be used with a setup: the setup already has one")
        setup = decode(code) if code else read_setup_file(file)
        args.scenario, args.seed = setup.scenario, setup.seed
        args.set = setup.set_args() + list(args.set)
    if args.scenario is None:
        args.scenario = "city"
    if args.seed is None:
        args.seed = 1
    if not 0 <= args.seed <= SEED_MAX:  # a setup file's seed skipped the --seed check
        raise UsageError(f"the setup's seed {args.seed} is outside 0 to {SEED_MAX}")


def setup_code_of(scenario: Scenario, seed: int, params: Any) -> str | None:
    """The setup code of a run, or None where it does not fit one (use a setup file)."""
    if scenario.path is None or scenario.path.parent.resolve() != SCENARIOS.resolve():
        return None  # a scenario file of one's own has no number
    try:
        return encode(setup_from(scenario.name, seed, params))
    except SetupCodeError:
        return None


def _seed(text: str) -> int:
    """A seed: a whole number from 0 to SEED_MAX (argparse turns the error into one line)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(
            f"must be from 0 to {SEED_MAX} (negative seeds are not used), not {text}"
        )
    return value


def _positive_int(text: str) -> int:
    """A count that must be at least 1 (repeats, frames, chapter numbers)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["play", *argv]
    try:
        args = build_parser().parse_args(argv)
        if args.version:
            # a flag, not argparse's "version" action: that one ignored what followed
            if len(argv) > 1:
                raise UsageError(f"--version takes nothing after it, not {argv[1]!r}")
            print(f"one-in-a-million {__version__}")
            return 0
        command = args.command or "play"
        if hasattr(args, "setup"):
            resolve_setup(args)
        if command != "play":
            # one BLAS thread: on a busy two-core machine, BLAS worker threads fighting
            # over the cores made a headless run up to 50 times slower (measured)
            from threadpoolctl import threadpool_limits

            threadpool_limits(1)
        if command == "play":
            return _play(args, argv)
        if command == "scenarios":
            return _scenarios(sys.stdout)
        if command == "params":
            return _params(sys.stdout)
        if command == "run":
            return _run(args, sys.stdout)
        if command == "sweep":
            return _sweep(args, sys.stdout)
        if command == "report":
            return _report(args)
    except (UsageError, ParamError, ScenarioError, SetupCodeError, DataFileError) as e:
        print(f"error: {_one_line(str(e))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        # the knobs asked for more than this computer holds: their choice, one line
        print(
            "error: not enough memory for this run; try fewer people, hours, cameras or officers",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def _one_line(message: str) -> str:
    """Error messages are one line: a TOML parser's multi-line detail is folded."""
    return " ".join(message.split()) or "bad input"


# ------------------------------------------------------------------ commands
def _play(args: argparse.Namespace, argv: list[str]) -> int:
    if args.kiosk and not args.no_supervisor and args.frames is None and args.monkey is None:
        return _supervise(argv)
    try:
        from .game.app import run_game
        from .kiosk.scene import register_screens
    except ModuleNotFoundError as e:  # the front end needs pygame-ce (and babel)
        if (e.name or "").partition(".")[0] == "sim":
            raise  # a module of the game itself is missing: a broken install, not bad input
        print(f"error: the game cannot start ({e}); try `make play`", file=sys.stderr)
        return EXIT_BAD_INPUT
    register_screens()  # the kiosk's screens, offered to the game through its registry
    return int(run_game(args))


def _supervise(argv: list[str]) -> int:
    """Museum mode: run the game in a child process and restart it if it ever crashes."""
    from .kiosk.supervisor import default_child_argv, supervise_kiosk

    # the child gets the same options, minus --kiosk (added back by default_child_argv)
    extra = [a for a in argv if a not in ("play", "--kiosk")]
    return supervise_kiosk(default_child_argv(extra))


def _scenarios(out: TextIO) -> int:
    scenarios = list_scenarios()
    width = max(len(s.name) for s in scenarios)
    for s in scenarios:
        out.write(f"{s.name:<{width}}  {s.title}: {s.summary}\n")
    return 0


def _params(out: TextIO) -> int:
    def line(key: str, spec: ParamSpec) -> str:
        if spec.kind in ("bool",):
            rng = "true/false"
        elif spec.kind == "choice":
            rng = "|".join(spec.choices)
        else:
            rng = f"{_fmt(spec.lo)}..{_fmt(spec.hi)}"
        default = "profile" if spec.default is None else spec.default
        unit = f" [{spec.unit}]" if spec.unit else ""
        return f"{key:<34} {rng:<28} default {default!s:<10} {spec.help}{unit}\n"

    for key, spec in SPECS.items():
        out.write(line(key, spec))
    for fld, spec in GROUP_SPECS.items():
        out.write(line(f"groups.NAME.{fld}", spec))
    return 0


def _load(args: argparse.Namespace, keep_alerts: bool = True) -> tuple[Scenario, Model]:
    scn = load_scenario(args.scenario)
    params = apply_overrides(scn.params, args.set)
    # without a per-alert CSV only counts are printed: old alert rows may go
    limit = None if keep_alerts else ALERT_ROWS_KEPT
    return scn, Model(params, seed=args.seed, alert_rows_limit=limit)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.csv is not None:
        # check we can write (the table and its side file) before spending time on the run
        check_output_path(args.csv, "--csv")
        if (side := meta_path(args.csv)) is not None:
            check_output_path(side, "--csv")
    scn, model = _load(args, keep_alerts=args.csv is not None and not args.per_person)
    seconds = estimate_seconds([model.params], 1)
    if seconds > RUN_WARN_SECONDS:  # never a silent hang: say it, then run (Ctrl+C stops)
        print(
            f"note: this run may take about {_duration(seconds)} (Ctrl+C stops it)",
            file=sys.stderr,
            flush=True,
        )
    model.run()
    result = {"setup_code": setup_code_of(scn, args.seed, model.params), **model.summary(scn.name)}
    if args.csv is not None:
        # the table, header on row 1, and its side file <name>.meta.txt (sim/spreadsheet.py)
        setup = Setup(args.scenario, args.seed, tuple(_pairs(args.set)))
        write_run_csv(args.csv, "--csv", model, setup, result["setup_code"], args.per_person)
    if args.json:
        json.dump(result, out, indent=None)
        out.write("\n")
    else:
        out.write(cascade_table(result, scn, model))
        out.write(_setup_line(result["setup_code"]))
    return 0


def _pairs(sets: list[str]) -> list[tuple[str, str]]:
    """`--set key=value` texts (already checked by apply_overrides) as (key, value) pairs."""
    return [(kv.split("=", 1)[0].strip(), kv.split("=", 1)[1].strip()) for kv in sets]


def _setup_line(code: str | None) -> str:
    if code is None:
        return "\nThis setup is too big for a setup code: the game can save it as a setup file.\n"
    return f"\nSetup code: {code}  (type it in the game, or `--setup {code}`)\n"


def _n(x: float) -> str:
    return f"{int(round(x)):,}"


def _plural(n: int, one: str, other: str) -> str:
    """'1 time', '2 times': the CLI speaks in whole sentences."""
    return f"{_n(n)} {one if int(n) == 1 else other}"


# The cascade table: (label, counter in `totals`, counter in `expected` or None).
# Events and people are told apart by their labels (sim/model/vocabulary.py);
# tests/test_vocabulary.py checks every row.
CASCADE_ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("Faces scanned", "faces_scanned", None),
    ("  Alerts", "alerts", "alerts"),
    ("    true alerts (about wanted people)", "true_alerts", "true_alerts"),
    ("    false alerts (about innocent people)", "false_alerts", "false_alerts"),
    ("  Alerts confirmed by an operator", "confirmed", None),
    ("  Alerts passed on unreviewed", "passed_unreviewed", None),
    ("  Stops", "stops", None),
    ("    stops of wanted people", "wanted_stops", None),
    ("    stops of innocent people", "wrongful_stops", None),
    ("      wrongful detentions", "wrongful_detentions", None),
)
# The people behind those events, each counted once: (label, counter).
PEOPLE_ROWS: tuple[tuple[str, str], ...] = (
    ("Wanted people found", "wanted_found"),
    ("Innocent people flagged", "innocent_people_flagged"),
    ("Innocent people stopped", "innocent_people_stopped"),
    ("Innocent people held", "innocent_people_held"),
)


def cascade_table(result: dict[str, Any], scn: Scenario, model: Model) -> str:
    """The cascade as natural frequencies: events, then the distinct people behind them."""
    t = dict(result["totals"])
    t["wanted_stops"] = t["stops"] - t["wrongful_stops"]
    e = dict(result["expected"])
    e["alerts"] = e["false_alerts"] + e["true_alerts"]
    o = io.StringIO()
    hours = t["hours"]
    o.write(f"One in a Million: {scn.title}\n")
    o.write(
        f"scenario {scn.name}, seed {result['seed']}, {hours:g} hours, {_n(t['people'])} people, "
        + (
            f"watchlist {_n(t['watchlist_size'])}, threshold {model.params.threshold:g}\n\n"
            if result.get("detector", "faces") == "faces"
            else f"detector {result['detector']}\n\n"
        )
    )
    width = 44
    o.write(f"{'':{width}}{'happened':>12}{'expected':>12}\n")
    for label, key, exp_key in CASCADE_ROWS:
        exp = f"{e[exp_key]:>12,.1f}" if exp_key is not None else ""
        if key == "faces_scanned":  # what was scanned depends on the detector
            label, key = scan_label(result), "scans"
        o.write(f"{label:<{width}}{_n(t[key]):>12}{exp}\n")
    for label, value, expected in harm_rows(result):
        exp = f"{expected:>12,.1f}" if expected is not None else ""
        o.write(f"{label:<{width}}{_n(value):>12}{exp}\n")
    o.write("\nThe people behind them, each counted once:\n")
    for label, key in PEOPLE_ROWS:
        of = f" (of {_n(t['wanted_present'])} in the crowd)" if key == "wanted_found" else ""
        o.write(f"  {label + of:<{width - 2}}{_n(t[key]):>12}\n")
    o.write("\n")
    if t["alerts"]:
        per100 = share_of_every(t["false_alerts"], t["alerts"])
        o.write(f"Of every 100 alerts, {per100} were about an innocent person.\n")
    o.write(
        f"{_n(t['innocent_people_flagged'])} different innocent people were flagged, "
        f"{_n(t['innocent_people_stopped'])} of them were stopped and "
        f"{_n(t['innocent_people_held'])} held; "
        f"they spent {t['innocent_detention_hours']:,.0f} hours in detention.\n"
    )
    if t["wanted_present"]:
        o.write(
            f"{_n(t['wanted_found'])} of {_n(t['wanted_present'])} wanted people were found.\n\n"
        )
    else:
        o.write("No wanted person was in the crowd: every alert was a false alert.\n\n")
    o.write("Who pays: innocent people stopped per 10,000 people in each group\n")
    for name, g in result["groups"].items():
        o.write(
            f"  group {name:<6} {g['innocent_people_stopped_per_10k']:8,.1f}   "
            f"({_n(g['innocent_people_stopped'])} of {_n(g['people'])} people; "
            f"{_plural(g['wrongful_stops'], 'stop', 'stops')} of innocent people, "
            f"{_plural(g['false_alerts'], 'false alert', 'false alerts')})\n"
        )
    top = model.most_flagged_innocents(3)
    if top:
        o.write("Most-flagged innocent people: ")
        o.write(
            ", ".join(
                f"#{p['person']} (group {p['group']}) {_plural(p['flags'], 'time', 'times')}"
                for p in top
            )
            + "\n"
        )
    return o.getvalue()


SWEEP_COLUMNS = (
    "value",
    "seed",
    "faces_scanned",
    "alerts",
    "true_alerts",
    "false_alerts",
    "expected_false_alerts",
    "confirmed",
    "stops",
    "wrongful_stops",
    "wanted_found",
    "innocent_people_flagged",
    "innocent_detention_hours",
    "precision",
    "scans",  # detector-neutral: faces, person-passes, plate-camera passes or calls
)


def canonical_value(value: Any) -> str:
    """How a swept value is written in the table and CSV: one spelling per value.

    The parsed value, not the text typed: `--values -0,0.0,080` are the
    thresholds 0, 0 and 80, and a CSV that said "-0" would read as a
    different setting to a student.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value == 0.0:
            value = 0.0  # -0.0 -> 0.0
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def estimate_seconds(runs: Sequence[Params], repeats: int) -> float:
    """Rough wall time of a sweep, from the rate constants measured above."""
    per_value = (
        p.people * p.hours / PERSON_HOURS_PER_SECOND
        + p.hours * STEPS_PER_HOUR * SECONDS_PER_STEP
        + p.officers * p.phone_searches_per_officer_hour * p.hours / PHONE_SEARCHES_PER_SECOND
        for p in runs
    )
    return float(sum(per_value)) * repeats


def _sweep(args: argparse.Namespace, out: TextIO) -> int:
    if args.csv is not None:
        check_output_path(args.csv, "--csv")
        if (side := meta_path(args.csv)) is not None:
            check_output_path(side, "--csv")
    scn = load_scenario(args.scenario)
    base = apply_overrides(scn.params, args.set)
    values = [v.strip() for v in args.values.split(",") if v.strip()]
    if not values:
        raise UsageError("--values needs at least one value")
    runs: list[tuple[str, Params]] = []
    for v in values:
        p = base.copy()
        p.set(args.param, v, f"--values {v}")
        p.check()
        runs.append((canonical_value(p.get(args.param)), p))
    if args.seed + args.repeats - 1 > SEED_MAX:
        raise UsageError(f"--seed {args.seed} with --repeats {args.repeats} goes past {SEED_MAX}")
    seconds = estimate_seconds([p for _, p in runs], args.repeats)
    if seconds > SWEEP_LIMIT_SECONDS and not args.yes:
        raise UsageError(
            f"this sweep ({_count(len(runs), 'value')} x {_count(args.repeats, 'repeat')}) "
            f"would take about "
            f"{_duration(seconds)}; more than {SWEEP_LIMIT_SECONDS // 60} minutes needs --yes"
        )
    header = [args.param if c == "value" else c for c in SWEEP_COLUMNS]
    rows: list[list[Any]] = []
    # Starting a worker costs about a second (it imports numpy afresh): a sweep
    # of a few seconds is done sooner in this process unless --jobs asks.
    jobs = args.jobs if args.jobs is not None else (None if seconds > SPAWN_PAYS_SECONDS else 1)

    def sweep_into(f: TextIO | None) -> None:
        """Run every value and repeat; each row reaches the CSV (flushed) as it finishes.

        So Ctrl+C, or a power cut in a classroom, leaves a valid CSV of the runs done.
        """
        w = None
        if f is not None:  # the header on row 1; how to redo it in <name>.meta.txt
            if (side := meta_path(args.csv)) is not None:
                write_output(side, "--csv", lambda m: m.write(sweep_meta(args, base)))
            w = csv.writer(f)
            w.writerow(header)
            f.flush()
        tasks = [(scn.name, v, p, args.seed + r) for v, p in runs for r in range(args.repeats)]
        progress = _Progress(len(tasks), sys.stderr)
        for row in run_sweep_rows(tasks, jobs, progress.tick):
            rows.append(row)
            if w is not None and f is not None:
                w.writerow(row)
                f.flush()
        progress.done()
        if w is not None and args.repeats > 1:
            w.writerows(mean_rows(rows))  # one average row per value, after the runs

    try:
        if args.csv is not None:
            write_output(args.csv, "--csv", sweep_into)
        else:
            sweep_into(None)
    except KeyboardInterrupt:
        done = f"; {len(rows)} rows are in {args.csv}" if args.csv is not None else ""
        print(
            f"interrupted after {len(rows)} of {len(runs) * args.repeats} runs{done}",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if args.json:
        head = {"version": __version__, "scenario": scn.name, "seed": args.seed}
        head |= {"param": args.param, "repeats": args.repeats, "params": base.as_dict()}
        json.dump(sweep_json(header, rows, args.repeats, head), out)
        out.write("\n")
    else:
        out.write(format_table(header, rows, args.repeats))
    return 0


def sweep_meta(args: argparse.Namespace, base: Params) -> str:
    """A sweep CSV's side file: how to redo the sweep, and the setup of its first run."""
    setup = Setup(args.scenario, args.seed, tuple(_pairs(args.set)))
    command = (
        f"python -m sim sweep --scenario {args.scenario} --seed {args.seed}"
        + "".join(f" --set {kv}" for kv in args.set)
        + f" --param {args.param} --values {args.values} --repeats {args.repeats}"
    )
    lines = [
        f"# One in a Million {__version__}: the sweep behind {Path(args.csv).name}",
        f"# version: {__version__}",
        f"# scenario: {args.scenario}",
        f"# seeds: {args.seed} to {args.seed + args.repeats - 1} for each value of {args.param}",
        f"# rows 'mean of {args.repeats}' (seed column) average the runs of their value",
        f"# the same sweep again: {command}",
        "# every parameter but the swept one:",
        *(f"#   {k} = {v}" for k, v in base.as_dict().items() if k != args.param),
        "# below: the setup of the first seed, without the swept value",
        "",
        setup_file_text(setup),
    ]
    return "\n".join(lines)


def run_sweep_rows(
    tasks: Sequence[tuple[str, str, Params, int]],
    jobs: int | None,
    tick: Callable[[], None] = lambda: None,
) -> Iterator[list[Any]]:
    """The rows of a sweep's runs, in the order of `tasks`, computed `jobs` at a time.

    Every run has its own seed and nothing else, so a run gives the same row in
    any process: the output of `--jobs 4` is byte for byte that of `--jobs 1`.
    Rows are yielded in task order as soon as all before them are done (a CSV
    interrupted half-way still holds the first runs, in order); `tick` is
    called as each run finishes, in whatever order they finish, so the
    progress bar moves at the pace of the work. Worker processes are started
    with "spawn" on every system (as Windows must), never forked from a process
    that may hold a window or threads.
    """
    jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    if jobs <= 1:
        for task in tasks:
            row = _sweep_row(*task)
            tick()
            yield row
        return
    ctx = multiprocessing.get_context("spawn")
    with (
        _one_blas_thread_each(),
        ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_leave_ctrl_c_to_the_parent) as pool,
    ):
        with _children_deaf_to_ctrl_c():  # the workers are started by these submits
            futures = [pool.submit(_sweep_row, *task) for task in tasks]
        try:
            ready: dict[int, list[Any]] = {}
            index = {f: i for i, f in enumerate(futures)}
            following = 0
            for fut in as_completed(futures):
                ready[index[fut]] = fut.result()
                tick()
                while following in ready:
                    yield ready.pop(following)
                    following += 1
        finally:  # Ctrl+C or an error: no run left waiting in the pool
            for fut in futures:
                fut.cancel()


@contextlib.contextmanager
def _children_deaf_to_ctrl_c() -> Iterator[None]:
    """Processes started inside this block ignore Ctrl+C from their first instruction.

    A worker's initializer runs only after it has imported the program, and a
    Ctrl+C in that second would print the import's traceback. An ignored
    signal stays ignored across the start of a new program, and Python then
    leaves it so; the parent's own Ctrl+C is back as soon as the workers exist.
    (Only the main thread may change signal handling; elsewhere this does nothing.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _leave_ctrl_c_to_the_parent() -> None:
    """A worker ignores Ctrl+C: the parent stops the sweep and says so in one line.

    A terminal sends Ctrl+C to every process of the job; a worker that took it
    would print a traceback of its own beside the parent's message.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


#: Thread counts of the maths libraries numpy may use, read once when a process starts.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def _one_blas_thread_each() -> Iterator[None]:
    """Workers started inside this block use one maths thread each.

    Each worker already has a core of its own; OpenBLAS's own threads on top of
    that fight over the same cores (measured: a 6-run sweep took 102 s with
    two workers against 16 s with one thread each). The parent's setting is
    restored afterwards; a value the user set is kept.
    """
    saved = {k: os.environ.get(k) for k in _BLAS_THREADS}
    for k in _BLAS_THREADS:
        os.environ.setdefault(k, "1")
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _sweep_row(scenario: str, value: str, params: Params, seed: int) -> list[Any]:
    """One run of a sweep, as a row of SWEEP_COLUMNS."""
    m = Model(params, seed=seed, alert_rows_limit=ALERT_ROWS_KEPT)
    m.run()
    s = m.summary(scenario)
    t = s["totals"]
    return (
        [value, seed]
        + [t[c] for c in SWEEP_COLUMNS[2:6]]
        + [round(s["expected"]["false_alerts"], 2)]
        + [t[c] for c in SWEEP_COLUMNS[7:13]]
        + [round(s["rates"]["precision"], 4) if s["rates"]["precision"] else ""]
        + [t["scans"]]
    )


def _count(n: int, noun: str) -> str:
    """A count and its noun: 1 value, 2,000 values."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _duration(seconds: float) -> str:
    """A rough duration in words, for the refusal of a long sweep."""
    if seconds < 3600:
        return f"{seconds / 60:,.0f} minutes"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:,.1f} hours"
    return f"{seconds / 86400:,.0f} days"


class _Progress:
    """A one-line progress bar, shown only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done_n, self.stream = total, 0, stream
        self.live = stream.isatty()
        self.t0 = time.monotonic()

    def tick(self) -> None:
        self.done_n += 1
        if self.live:
            frac = self.done_n / self.total
            bar = "#" * int(30 * frac)
            eta = (time.monotonic() - self.t0) / frac * (1 - frac)
            self.stream.write(f"\r[{bar:<30}] {self.done_n}/{self.total}  {eta:4.0f}s left ")
            self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\n")


def _report(args: argparse.Namespace) -> int:
    try:
        from .report import check_report_args, render_report
    except ImportError as e:
        print(f"error: the report needs pygame-ce ({e})", file=sys.stderr)
        return EXIT_BAD_INPUT
    check_report_args(args.out, args.lang)  # before the run: a bad path must not wait for it
    scn, model = _load(args)
    model.run()
    render_report(model, scn, args.out, lang=args.lang)
    print(args.out)
    return 0
