"""The program as a school's IT installs it: a wheel in an empty environment, far from the checkout.

Builds the sdist and, from it, the wheel (as `python -m build` does), installs
the wheel into a fresh virtual environment in a temporary folder, moves to
another folder and runs every command a teacher or museum uses: scenarios,
params, run (numbers equal to the checkout's for the same seed), sweep,
report, and play for a story chapter, the sandbox, the about screen and the
kiosk. HOME and the XDG folders point into the temporary folder, so the test
also sees every file the installed program writes.

The dependencies' wheels are kept in `.venv/wheelhouse` (downloaded on the
first run only), so the test takes a few tens of seconds and needs no network
after that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pygame
import pytest

import sim
from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
BIN = "Scripts" if os.name == "nt" else "bin"


def _call(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)


def _build(out: Path) -> tuple[Path, Path]:
    proc = _call([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


def _install(wheel: Path, venv: Path) -> Path:
    """A fresh environment with only the wheel and what it depends on."""
    proc = _call([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert proc.returncode == 0, proc.stderr
    python = venv / BIN / ("python.exe" if os.name == "nt" else "python")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check"]
    offline = [*pip, "install", "--quiet", "--no-index", "--find-links", str(WHEELHOUSE)]
    if _call([*offline, str(wheel)]).returncode != 0:  # first run: fill the wheel cache
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        got = _call([*pip, "download", "--quiet", "--dest", str(WHEELHOUSE), str(wheel)])
        assert got.returncode == 0, got.stderr[-2000:]
        done = _call([*offline, str(wheel)])
        assert done.returncode == 0, done.stderr[-2000:]
    return python


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("install")
    wheel, sdist = _build(base / "dist")
    python = _install(wheel, base / "venv")
    elsewhere = base / "elsewhere"
    home = base / "home"
    elsewhere.mkdir()
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        PATH=str(python.parent) + os.pathsep + env.get("PATH", ""),
    )
    env.pop("ONE_IN_A_MILLION_SETTINGS", None)
    return {"wheel": wheel, "sdist": sdist, "python": python, "cwd": elsewhere, "env": env}


def _program(installed: dict, *args: str) -> subprocess.CompletedProcess[str]:
    exe = installed["python"].parent / "one-in-a-million"
    return _call([str(exe), *args], cwd=installed["cwd"], env=installed["env"])


def _assert_real_picture(path: Path, size: tuple[int, int] | None = None) -> None:
    """A PNG of the expected size that shows a screen, not a blank or one-colour frame."""
    image = pygame.image.load(str(path))
    if size is not None:
        assert image.get_size() == size, path
    small = pygame.transform.scale(image, (160, 90))
    colours = {small.get_at((x, y))[:3] for x in range(160) for y in range(90)}
    assert len(colours) >= 40, f"{path.name}: only {len(colours)} colours"


def test_the_wheel_and_sdist_carry_every_asset(installed: dict) -> None:
    assets = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "assets").rglob("*.*"))
    with zipfile.ZipFile(installed["wheel"]) as z:
        names = set(z.namelist())
    missing = [a for a in assets if "sim/" + a not in names]
    assert not missing, missing
    # every package of the source tree is in the wheel (pyproject lists them by hand)
    for init in (ROOT / "sim").rglob("__init__.py"):
        assert init.relative_to(ROOT).as_posix() in names, init


def test_installed_program_runs_from_its_own_copy(installed: dict) -> None:
    where = _call(
        [
            str(installed["python"]),
            "-c",
            "import sim, sim.paths; print(sim.__file__, sim.paths.ASSETS)",
        ],
        cwd=installed["cwd"],
        env=installed["env"],
    )
    module, assets = where.stdout.split()
    venv = installed["python"].parents[1]
    assert Path(module).is_relative_to(venv) and Path(assets).is_relative_to(venv)
    assert not Path(module).is_relative_to(ROOT)
    version = _program(installed, "--version")
    assert version.returncode == 0 and version.stdout.split() == [
        "one-in-a-million",
        sim.__version__,
    ]


def test_scenarios_params_and_run_equal_the_checkout(installed: dict, capsys) -> None:
    listed = _program(installed, "scenarios")
    assert listed.returncode == 0, listed.stderr
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert "aclu-2018" in names and "city" in names and len(names) >= 8
    params = _program(installed, "params")
    assert params.returncode == 0 and "threshold" in params.stdout

    args = ["run", "--scenario", "aclu-2018", "--seed", "3", "--json"]
    there = _program(installed, *args)
    assert there.returncode == 0, there.stderr
    assert main(args) == 0
    here = json.loads(capsys.readouterr().out)
    assert json.loads(there.stdout) == here
    assert here["totals"]["faces_scanned"] == 535  # a real run, not an empty one

    swept = _program(
        installed, "sweep", "--scenario", "aclu-2018", "--param", "threshold",
        "--values", "80,99", "--csv", "sweep.csv",
    )  # fmt: skip
    assert swept.returncode == 0, swept.stderr
    assert (installed["cwd"] / "sweep.csv").read_text().count("\n") >= 3


def test_report_and_every_screen_draw_from_the_wheel(installed: dict) -> None:
    out = installed["cwd"]
    report = _program(installed, "report", "--scenario", "aclu-2018", "--out", "report.png")
    assert report.returncode == 0, report.stderr
    _assert_real_picture(out / "report.png")

    screens = {
        "story.png": ["play", "--chapter", "2", "--frames", "60", "--size", "1366x768"],
        "sandbox.png": ["play", "--frames", "60", "--size", "1366x768"],
        "kiosk.png": ["play", "--kiosk", "--monkey", "3", "--frames", "60", "--size", "1366x768"],
    }
    for name, args in screens.items():
        proc = _program(installed, *args, "--screenshot", name)
        assert proc.returncode == 0, (name, proc.stderr)
        assert "Traceback" not in proc.stderr and "could not be loaded" not in proc.stderr, name
        _assert_real_picture(out / name, (1366, 768))

    about = (
        "import asyncio; from sim.cli import build_parser; "
        "from sim.game.app import Options, build_app, main_loop; "
        "args = build_parser().parse_args(['play', '--frames', '30', '--size', '1366x768', "
        "'--screenshot', 'about.png']); "
        "app = build_app(Options.from_args(args), start='about'); "
        "assert type(app.scenes[-1]).__name__ == 'AboutDataScene', app.scenes; "
        "raise SystemExit(asyncio.run(main_loop(app)))"
    )
    proc = _call([str(installed["python"]), "-c", about], cwd=out, env=installed["env"])
    assert proc.returncode == 0, proc.stderr
    _assert_real_picture(out / "about.png", (1366, 768))


# Runs the CLI under an audit hook (Python's own strace): any network call or camera
# device ends the process; every file opened for writing is printed at exit.
GUARD = """
import atexit, os, sys
written = set()
NET = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo"}
def hook(event, args):
    if event in NET:
        os.write(2, f"network: {event} {args!r}\\n".encode()); os._exit(99)
    if event == "open" and args[0] is not None:
        path, mode, flags = args
        if "video" in str(path) and str(path).startswith("/dev"):
            os.write(2, f"camera: {path}\\n".encode()); os._exit(99)
        flagged = (flags or 0) & (os.O_WRONLY | os.O_RDWR)
        writing = any(c in str(mode or "") for c in "wax+") or flagged
        if writing and not isinstance(path, int):
            written.add(os.path.realpath(os.fsdecode(path)))
sys.addaudithook(hook)
atexit.register(lambda: print("WROTE", *sorted(written), sep="\\n", file=sys.stderr))
from sim.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_installed_program_writes_only_what_was_asked_and_opens_no_network(
    installed: dict,
) -> None:
    out = installed["cwd"].resolve()
    home = Path(installed["env"]["HOME"]).resolve()
    own = (home / ".config" / "one-in-a-million", home / ".local" / "state" / "one-in-a-million")
    cases = {
        "run": (["run", "--scenario", "city", "--set", "people=2000", "--json"], []),
        "csv": (["run", "--scenario", "aclu-2018", "--csv", "a.csv"], ["a.csv", "a.meta.txt"]),
        "report": (["report", "--scenario", "aclu-2018", "--out", "r2.png"], ["r2.png"]),
        "sandbox": (["play", "--frames", "30", "--screenshot", "s2.png"], ["s2.png"]),
        "kiosk": (["play", "--kiosk", "--monkey", "5", "--frames", "60"], []),
    }

    def files() -> set[Path]:
        return {p for folder in (out, home) for p in folder.rglob("*") if p.is_file()}

    for name, (args, asked) in cases.items():
        before = files()
        proc = _call([str(installed["python"]), "-c", GUARD, *args], cwd=out, env=installed["env"])
        assert proc.returncode == 0, (name, proc.stderr[-3000:])
        # files that appeared (pygame writes PNGs from C, out of the hook's sight) ...
        new = files() - before
        assert {p for p in new if not any(p.is_relative_to(f) for f in own)} == {
            out / a for a in asked
        }, name
        # ... and files Python opened for writing anywhere on the machine
        wrote = proc.stderr.split("WROTE\n", 1)[1].split()
        allowed = {str(out / a) for a in asked}
        stray = [
            w for w in wrote
            if w not in allowed
            and not any(Path(w).is_relative_to(folder) for folder in own)
            and w != "/dev/null"
        ]  # fmt: skip
        assert stray == [], (name, stray)
        if name == "csv":
            assert str(out / "a.csv") in wrote  # the hook does see the program's writes
    files = [p for p in home.rglob("*") if p.is_file()]
    assert [p for p in files if not any(p.is_relative_to(f) for f in own)] == []


def test_a_bundles_supervisor_restarts_the_bundle_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A standalone app has no `python -m sim`: its kiosk child is the app's own executable."""
    from sim.kiosk.supervisor import default_child_argv

    assert default_child_argv(["--lang", "es"])[:3] == [sys.executable, "-m", "sim"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/one-in-a-million/one-in-a-million")
    assert default_child_argv(["--lang", "es"]) == [
        "/opt/one-in-a-million/one-in-a-million",
        *("play", "--kiosk", "--no-supervisor", "--lang", "es"),
    ]


def test_the_shipped_start_at_boot_files_start_the_kiosk() -> None:
    """The systemd unit and the Task Scheduler script ask for a command the program accepts."""
    import re
    import shlex

    from sim.cli import build_parser

    unit = (ROOT / "packaging" / "linux" / "one-in-a-million-kiosk.service").read_text()
    (start,) = re.findall(r"^ExecStart=(.+)$", unit, flags=re.M)
    words = shlex.split(start)
    assert words[0].endswith("/one-in-a-million")
    assert build_parser().parse_args(words[1:]).kiosk
    assert "RestartPreventExitStatus=2" in unit  # a wrong command line is not retried

    script = (ROOT / "packaging" / "windows" / "install-kiosk-task.ps1").read_text()
    (argument,) = re.findall(r'-Argument "([^"]+)"', script)
    assert "one-in-a-million-window.exe" in script  # no console window on a kiosk
    assert build_parser().parse_args(shlex.split(argument)).kiosk
