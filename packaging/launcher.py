"""Entry point of the standalone app: the same `main` as `python -m sim` and `one-in-a-million`."""

import sys

from sim.cli import main

if __name__ == "__main__":
    sys.exit(main())
