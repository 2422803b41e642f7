"""The kiosk logic and the supervisor must not load pygame/SDL.

The supervisor is a long-lived watchdog: it should stay small and never touch
the display. The logic modules are pure so they run anywhere.
"""

from __future__ import annotations

import subprocess
import sys

PURE = [
    "sim.kiosk.settings",
    "sim.kiosk.idle",
    "sim.kiosk.inputs",
    "sim.kiosk.staff",
    "sim.kiosk.captions",
    "sim.kiosk.controller",
    "sim.kiosk.exit_codes",
    "sim.kiosk.supervisor",
]


def test_logic_and_supervisor_do_not_import_pygame() -> None:
    code = "import sys\n" + "".join(f"import {m}\n" for m in PURE)
    code += "print('pygame' in sys.modules)\n"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"
