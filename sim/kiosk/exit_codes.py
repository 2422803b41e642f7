"""Exit codes shared by the game (child) and the kiosk supervisor (parent).

They live in their own tiny module so the game can import them without
importing the supervisor, and the supervisor without importing the game.
The supervisor decides from the code alone whether to restart, so each
meaning needs its own number.
"""

from __future__ import annotations

#: Staff left through the staff screen (or `--frames N` finished): stop for good.
STAFF_EXIT = 0

#: Bad command line; restarting would fail the same way, so the supervisor stops.
#: Same number as the CLI's "bad input" exit code (sim.cli.EXIT_BAD_INPUT).
USAGE_ERROR = 2

#: Staff asked for a fresh start ("restart game" on the staff screen): restart at
#: once, without backoff, and do not count it as a crash. 75 is EX_TEMPFAIL.
RESTART_REQUESTED = 75

#: Any other code (including an unhandled exception's 1, or death by a signal)
#: is a crash and the supervisor restarts the game after a backoff.
CRASH = 1
