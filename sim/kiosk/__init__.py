"""Museum kiosk behaviour: settings, idle reset, staff exit, supervisor.

Everything here is plain logic with the clock passed in, so it can be tested
without a display and without waiting. Only `touch` and `monkey` import
pygame (they convert or make pygame events); the supervisor deliberately does
not, so the watchdog process stays small and never opens SDL.

Nothing is re-exported here on purpose: importing `sim.kiosk.settings` must not
pull pygame into the supervisor process.
"""
