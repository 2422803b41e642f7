"""Every setup code a teacher's guide lists opens exactly the command beside it, and runs."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from sim.cli import build_parser, main, resolve_setup
from sim.scenario import apply_overrides, load_scenario
from sim.setup_code import decode, read_setup_file

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDES = sorted(DOCS.glob("teacher-guide*.md"))
# A preset row: | step | `CODE` or <"file" in the guide's language> `PATH.toml` | `command` |
ROW = re.compile(
    r"^\| [^|]+ \| (`[^`]+`|[^|`]+ `[^`]+\.toml`) \| `(python -m sim run [^`]+)` \|$", re.M
)


def _rows() -> list[tuple[str, str, str]]:
    out = []
    for guide in GUIDES:
        for code, command in ROW.findall(guide.read_text(encoding="utf-8")):
            out.append((guide.name, code, command))
    return out


def test_every_guide_lists_its_lesson_presets() -> None:
    assert GUIDES
    for guide in GUIDES:
        assert len([r for r in _rows() if r[0] == guide.name]) >= 7, guide.name


#: `run --json` output by its command line: the four guides list the same presets,
#: and the same command line prints the same run (tests/test_cli.py checks that).
_PRINTED: dict[tuple[str, ...], str] = {}


def _run_json(argv: tuple[str, ...], capsys) -> str:
    if argv not in _PRINTED:
        assert main(list(argv)) == 0
        _PRINTED[argv] = capsys.readouterr().out
    return _PRINTED[argv]


@pytest.mark.parametrize(("guide", "code", "command"), _rows())
def test_a_preset_is_its_command(guide: str, code: str, command: str, capsys) -> None:
    words = shlex.split(command)[3:]  # after "python -m sim"
    args = build_parser().parse_args(words)
    resolve_setup(args)
    if code.endswith(".toml`"):
        path = DOCS.parent / code.split("`")[1]
        setup = read_setup_file(path)
        option = ["--setup-file", str(path)]
    else:
        setup = decode(code.strip("`"))
        option = ["--setup", code.strip("`")]
    assert (setup.scenario, setup.seed) == (args.scenario, args.seed)
    wanted = apply_overrides(load_scenario(args.scenario).params, args.set)
    assert setup.params().as_dict() == wanted.as_dict()
    # It runs. A smaller crowd and at most one day keep the suite quick; the run's
    # params must then be the preset's with exactly those two changes.
    extra = []
    if wanted.people > 2000:
        extra += ["people=2000"]
    if wanted.hours > 24:
        extra += ["hours=24"]
    sets = [w for kv in extra for w in ("--set", kv)]
    result = json.loads(_run_json(("run", *option, *sets, "--json"), capsys))
    expected = apply_overrides(wanted, extra).as_dict()
    if expected["policy.stopped_join_watchlist"] or expected["policy.share_watchlists"]:
        del expected["watchlist_size"], result["params"]["watchlist_size"]  # grows as it runs
    assert result["params"] == expected
    assert result["totals"]["faces_scanned"] > 0 and result["seed"] == args.seed
