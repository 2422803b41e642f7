"""Museum kiosk behaviour: settings, idle reset, staff exit, supervisor.

Everything here is plain logic with the clock passed in, so it can be tested
without a display and without waiting. Only `touch` (pygame events → input
records) and `monkey` (random pygame events) import pygame; the logic works
on the pygame-free records in `inputs`, and the supervisor never opens SDL,
so the watchdog process stays small.

Nothing is re-exported here on purpose: importing `sim.kiosk.settings` must not
pull pygame into the supervisor process.
"""
