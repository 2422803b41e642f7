"""Museum kiosk behaviour: settings, idle reset, staff exit, supervisor, and the game hook.

Two layers:
- plain logic with the clock passed in (settings, idle, staff, captions,
  controller, inputs, exit_codes) and the supervisor: no pygame, no display,
  tested without waiting; the supervisor stays a small watchdog process;
- the game side (touch, monkey, look, overlays, attract, runtime, scene):
  the command line calls `sim.kiosk.scene.register_screens()`, which adds the
  attract screen to the game's registry; opening it in `--kiosk` mode
  installs `runtime.KioskRuntime` on the app.

Nothing is re-exported here on purpose: importing `sim.kiosk.settings` must not
pull pygame into the supervisor process.
"""
