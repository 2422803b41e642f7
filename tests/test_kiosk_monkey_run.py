"""`play --kiosk --monkey SEED --frames N`: random visitors against the whole program.

Run as a separate process exactly as staff would run it to check an
installation (see docs/museum.md), with the dummy video driver: it must exit 0,
print no traceback, and the visitors' walk-aways must reset the exhibit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _play(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        ONE_IN_A_MILLION_SETTINGS=str(tmp_path / "kiosk.toml"),
    )
    env.pop("ONE_IN_A_MILLION_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "sim", "play", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_kiosk_monkey_run_exits_cleanly_and_resets(tmp_path: Path) -> None:
    run = _play(tmp_path, "--kiosk", "--monkey", "3", "--frames", "3000", "--set", "people=4000")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    resets = [line for line in run.stdout.splitlines() if "back to attract mode" in line]
    assert len(resets) >= 1, run.stdout


def test_monkey_run_without_kiosk_exits_cleanly(tmp_path: Path) -> None:
    run = _play(tmp_path, "--monkey", "5", "--frames", "600", "--set", "people=2000")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
