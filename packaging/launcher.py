"""Entry point of the standalone app: the same `main` as `python -m sim` and `one-in-a-million`.

The windowed program (no console on Windows) has no standard streams; give it
empty ones so a line meant for a terminal is dropped instead of raising.
"""

import os
import sys

for name in ("stdout", "stderr"):
    if getattr(sys, name) is None:
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from sim.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
