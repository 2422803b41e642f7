"""Entry point for `python -m sim`."""

import multiprocessing
import sys

from .cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a sweep's worker in a frozen app runs its task, not main
    sys.exit(main())
