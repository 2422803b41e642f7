"""Entry point of the standalone app: the same `main` as `python -m sim` and `one-in-a-million`.

The windowed program (no console on Windows) has no standard streams; give it
empty ones so a line meant for a terminal is dropped instead of raising.
"""

import os
import sys

for name in ("stdout", "stderr"):
    if getattr(sys, name) is None:
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

import multiprocessing  # noqa: E402

from sim.cli import main  # noqa: E402

if __name__ == "__main__":
    # `sweep --jobs` starts worker processes; in the frozen app each starts this
    # same program, and freeze_support lets it run its task instead of the game.
    multiprocessing.freeze_support()
    sys.exit(main())
