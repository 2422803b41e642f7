"""The standalone app (PyInstaller one-folder bundle) runs with no Python anywhere on PATH.

Skipped in the ordinary suite; `make bundle-test` builds the bundle and runs
this file with ONE_IN_A_MILLION_BUNDLE set to the bundle's folder (CI does).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pygame
import pytest

from sim.cli import main

BUNDLE = os.environ.get("ONE_IN_A_MILLION_BUNDLE", "")
pytestmark = pytest.mark.skipif(not BUNDLE, reason="set by `make bundle-test`")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = Path(BUNDLE).resolve()
    exe = folder / ("one-in-a-million.exe" if os.name == "nt" else "one-in-a-million")
    assert exe.is_file(), f"no bundle at {exe}: run `make bundle`"
    base = tmp_path_factory.mktemp("bundle")
    empty = base / "empty-path"  # PATH with nothing on it: no python, no pip, no shell
    empty.mkdir()
    home = base / "home"
    home.mkdir()
    env = {
        "PATH": str(empty),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    return {"exe": exe, "env": env, "cwd": base}


def _run(app: dict, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(app["exe"]), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=app["cwd"],
        env=app["env"],
    )


def _assert_screen(path: Path) -> None:
    image = pygame.image.load(str(path))
    assert image.get_size() == (1366, 768)
    small = pygame.transform.scale(image, (160, 90))
    assert len({small.get_at((x, y))[:3] for x in range(160) for y in range(90)}) >= 40


def test_bundle_runs_the_cli_with_the_checkouts_numbers(app: dict, capsys) -> None:
    import sim

    assert _run(app, "--version").stdout.split() == ["one-in-a-million", sim.__version__]
    proc = _run(app, "run", "--scenario", "aclu-2018", "--seed", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    assert main(["run", "--scenario", "aclu-2018", "--seed", "2", "--json"]) == 0
    assert json.loads(proc.stdout) == json.loads(capsys.readouterr().out)
    assert _run(app, "report", "--scenario", "aclu-2018", "--out", "r.png").returncode == 0
    assert (app["cwd"] / "r.png").stat().st_size > 10_000


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("story", ["--chapter", "3", "--frames", "60"]),
        ("sandbox", ["--frames", "60", "--lang", "es"]),
        ("kiosk", ["--kiosk", "--monkey", "3", "--frames", "3000"]),
    ],
)
def test_bundle_plays(app: dict, name: str, args: list[str]) -> None:
    shot = app["cwd"] / f"{name}.png"
    proc = _run(app, "play", *args, "--size", "1366x768", "--screenshot", str(shot))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "could not be loaded" not in proc.stderr
    _assert_screen(shot)
