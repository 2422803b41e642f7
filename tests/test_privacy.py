"""Privacy is part of the product: no network, no camera, the model never knows the screen."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_model_never_imports_pygame() -> None:
    code = (
        "import sys; import sim.model, sim.scenario, sim.cli; "
        "from sim.cli import main; "
        "main(['run', '--set', 'people=500', '--set', 'hours=12', '--json']);"
        "assert 'pygame' not in sys.modules, 'pygame imported'"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    for path in (ROOT / "sim" / "model").rglob("*.py"):
        text = path.read_text()
        assert "import pygame" not in text and "from pygame" not in text, path


def test_a_run_opens_no_socket(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    opened = []

    class NoSocket(socket.socket):
        def __init__(self, *a, **k):
            opened.append(a)
            raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: opened.append(a))
    assert main(["run", "--set", "people=2000", "--set", "hours=2", "--json"]) == 0
    assert main(["sweep", "--param", "threshold", "--values", "80", "--set", "people=500"]) == 0
    assert opened == []


def test_pygame_is_the_community_edition() -> None:
    import pygame

    assert getattr(pygame, "IS_CE", False), "pygame-ce is required, not pygame"
