"""The kiosk inside the running game: input routing, visitor cycle, staff overlays.

The app calls three hooks when `app.kiosk` is set (see `sim.game.app.App.frame`):

- `route(events, dt)` before the scene sees any input. Every pointer event
  (finger or mouse) becomes one `Pointer` record in logical pixels
  (`sim.kiosk.touch.to_input`, which also drops the mouse events SDL makes up
  from a touch); the `KioskController` says where it goes. Records for the
  scene come back as plain left-button mouse events, because that is what
  every widget understands: so every control works with a finger. Only one
  press at a time reaches the scene (a second finger on the glass, or a palm,
  must not drag a slider elsewhere); a press whose release got lost is given
  up after a few seconds so the screen can never stay deaf.
- `after_input()` after the scene handled input: a scene that tried to quit
  (or emptied the scene stack) is overruled; only the staff screen may end
  the game, with exit code 0 (exit) or 75 (restart).
- `draw(surface)` after the scenes: countdown, PIN pad, staff screen.

Time: the real monotonic clock, or under `--frames`/`--monkey` the sum of the
frame times, so a test or a soak run decides what time it is and nothing
depends on how fast the machine is.
"""

from __future__ import annotations

import ctypes
import gc
import math
import os
import sys
import time
from collections import Counter
from dataclasses import replace
from typing import Any

import pygame

from sim.game.look import apply_look, fit_text_scale
from sim.game.monkey import Monkey, MonkeyConfig
from sim.game.session import DEFAULT_SPEED, Session
from sim.kiosk.attract import AttractScene
from sim.kiosk.captions import CaptionFrame
from sim.kiosk.controller import KioskAction, KioskController, Target
from sim.kiosk.exit_codes import RESTART_REQUESTED, STAFF_EXIT
from sim.kiosk.inputs import KeyPress, Pointer, PointerKind
from sim.kiosk.limits import KioskSession
from sim.kiosk.overlays import Countdown, PinPad, StaffScreen, screen_description
from sim.kiosk.settings import SettingsLoad
from sim.kiosk.touch import Viewport, to_input
from sim.notices import warn_once
from sim.text.fonts import TextCache

FPS = 60
FINGER_EVENTS = (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP)
MOUSE_EVENTS = (
    pygame.MOUSEBUTTONDOWN,
    pygame.MOUSEBUTTONUP,
    pygame.MOUSEMOTION,
    pygame.MOUSEWHEEL,
)
#: A press that has not moved or lifted for this long while another begins lost its release.
STALE_PRESS_S = 2.5
#: Simulation speeds (indices into sim.game.session.SPEEDS) while nobody plays:
#: 5 simulated minutes a second, or 1 minute with reduced motion (slower walkers).
ATTRACT_SPEED, REDUCED_ATTRACT_SPEED = 1, 0
#: The attract city wakes at this hour (unless the museum's --set start_hour says otherwise).
ATTRACT_START_HOUR = "7"
#: With reduced motion a visitor's simulation also starts one step slower.
REDUCED_VISITOR_SPEED = DEFAULT_SPEED - 1
#: Under --monkey a few thousand frames (a minute of simulated time) must see
#: resets, so the idle times are cut to the shortest the settings allow.
MONKEY_IDLE_S, MONKEY_COUNTDOWN_S, MONKEY_GAP_EVERY_S = 10.0, 3.0, 20.0
#: Text surfaces kept by the kiosk's text cache (a bound on memory, see TextCache).
TEXT_CACHE_LIMIT = 1500


class KioskRuntime:
    """Everything kiosk mode adds to a running `App`; one per app, for its whole life."""

    def __init__(self, app: Any, load: SettingsLoad) -> None:
        opts = app.options
        self.app = app
        self.load = load
        self.simulated = opts.frames is not None or opts.monkey is not None
        settings = load.settings
        if opts.monkey is not None:
            settings = replace(
                settings,
                idle_seconds=min(settings.idle_seconds, MONKEY_IDLE_S),
                countdown_seconds=min(settings.countdown_seconds, MONKEY_COUNTDOWN_S),
            )
        self.settings = settings
        self.languages: tuple[str, ...] = settings.languages
        self.base_seed = int(opts.seed)
        self.clock = 0.0
        self.controller = KioskController(settings, self.now())
        self.countdown: Countdown | None = None
        self.pin_pad: PinPad | None = None
        self.staff_screen: StaffScreen | None = None
        self.exit_allowed = False
        self.stats: Counter[str] = Counter()
        self._primary: str | None = None
        self._primary_t = 0.0
        self._primary_pos = (0, 0)
        self.monkey: Monkey | None = None
        if opts.monkey is not None:
            app.monkey = None  # this one's idle gaps match the kiosk's reset times
            gap = settings.idle_seconds + settings.countdown_seconds + 2.0
            config = MonkeyConfig(
                fps=FPS, idle_gap_seconds=gap, gap_every_frames=int(MONKEY_GAP_EVERY_S * FPS)
            )
            self.monkey = Monkey(int(opts.monkey), config)
        apply_look(app.ui, settings.text_scale, settings.high_contrast, TEXT_CACHE_LIMIT)
        pygame.mouse.set_visible(not settings.hide_cursor)
        app.ui.i18n.set_language(settings.default_language)
        self._attract_speed(app.session)

    # --- time -------------------------------------------------------------------------
    def now(self) -> float:
        """Seconds on the kiosk's clock (simulated under --frames/--monkey)."""
        return self.clock if self.simulated else time.monotonic()

    def caption(self) -> CaptionFrame:
        """The attract caption to show now."""
        return self.controller.caption(self.now())

    # --- the three hooks ----------------------------------------------------------------
    def route(self, events: list[pygame.event.Event], dt: float) -> list[pygame.event.Event]:
        """Turn this frame's raw events into what the scene should see; run the timers."""
        if self.simulated:
            self.clock += max(0.0, dt)
        now = self.now()
        w, h = self.app.window.get_size()
        viewport = Viewport(w, h)
        out: list[pygame.event.Event] = []
        for event in events:
            self._route(event, now, viewport, out)
        if self.monkey is not None:  # its fingers are placed on the logical screen
            for event in self.monkey.next_frame():
                self._route(event, now, None, out)
        if self._apply(self.controller.update(now), None, now):
            out.clear()
        return out

    def after_input(self) -> None:
        """Only the staff screen ends the game; an empty scene stack means attract."""
        app = self.app
        if not app.running and not self.exit_allowed:
            app.running = True
            app.exit_code = 0
            self.stats["exit_refused"] += 1
        if not app.scenes:
            now = self.now()
            self._apply(self.controller.reset(now), None, now)
        self._fit_text_scale()

    def draw(self, surface: pygame.Surface) -> bool:
        """Draw the kiosk's overlays over the scenes; True if anything was drawn."""
        now = self.now()
        shown = False
        if self.staff_screen is not None:
            self.staff_screen.draw(surface, now)
            return True
        if self.countdown is not None and self.pin_pad is None:
            self.countdown.draw(surface, self.controller.countdown_left(now))
            shown = True
        if self.pin_pad is not None:
            self.pin_pad.draw(surface, now)
            shown = True
        progress = self.controller.staff.press_progress(now)
        if progress > 0.4 and not shown:
            self._draw_hold_cue(surface, progress)
            shown = True
        return shown

    def _fit_text_scale(self) -> None:
        """The museum's text scale, except where a screen's fixed layout has no room for it."""
        if fit_text_scale(self.app.ui, self.settings.text_scale, self.app.scenes, TEXT_CACHE_LIMIT):
            self.app.full_next = True

    # --- input --------------------------------------------------------------------------
    def _route(
        self,
        event: pygame.event.Event,
        now: float,
        viewport: Viewport | None,
        out: list[pygame.event.Event],
    ) -> None:
        pointerish = event.type in FINGER_EVENTS or event.type in MOUSE_EVENTS
        record = to_input(event, now, viewport=viewport)
        if record is None:
            # Made-up mouse events from a touch, hover, wheel, right button: nothing
            # for a visitor. Other events (key releases, text) go to the scene.
            if not pointerish and self.pin_pad is None and self.staff_screen is None:
                out.append(event)
            return
        routed = self.controller.handle(record, now)
        if routed.target is Target.SCENE:
            out.extend(self._for_scene(record, event, now))
        elif routed.target is Target.PIN_PAD and self.pin_pad is not None:
            self.pin_pad.handle(record)
        elif routed.target is Target.STAFF_SCREEN and self.staff_screen is not None:
            self.staff_screen.handle(record)
        if self._apply(routed.actions, record, now):
            out.clear()  # those events were meant for a screen that is gone

    def _for_scene(
        self, record: Pointer | KeyPress, event: pygame.event.Event, now: float
    ) -> list[pygame.event.Event]:
        """One press at a time, as left-button mouse events in logical pixels."""
        if isinstance(record, KeyPress):
            return [event]
        out: list[pygame.event.Event] = []
        pid = record.pointer_id
        pos = (round(record.x), round(record.y))
        if record.kind is PointerKind.DOWN:
            if self._primary is not None and self._primary != pid:
                if now - self._primary_t < STALE_PRESS_S:
                    return []  # a second finger while the first is still down
                out.append(_mouse(pygame.MOUSEBUTTONUP, self._primary_pos))  # lost release
            self._primary = pid
        elif pid != self._primary:
            return []
        self._primary_t = now
        if record.kind is PointerKind.DOWN:
            out.append(_mouse(pygame.MOUSEBUTTONDOWN, pos))
        elif record.kind is PointerKind.MOVE:
            rel = (pos[0] - self._primary_pos[0], pos[1] - self._primary_pos[1])
            out.append(_mouse(pygame.MOUSEMOTION, pos, rel))
        else:
            out.append(_mouse(pygame.MOUSEBUTTONUP, pos))
            self._primary = None
        self._primary_pos = pos
        return out

    # --- actions ------------------------------------------------------------------------
    def _apply(
        self, actions: tuple[KioskAction, ...], record: Pointer | KeyPress | None, now: float
    ) -> bool:
        """Carry out the controller's actions; True if the scene stack was replaced."""
        replaced = False
        for action in actions:
            self.stats[action.value] += 1
            self.app.full_next = True
            if action is KioskAction.START_SESSION:
                self._start_visit(record)
                replaced = True
            elif action is KioskAction.SHOW_COUNTDOWN:
                self.countdown = Countdown(
                    self.app.ui, self.settings.countdown_seconds, self.settings.reduced_motion
                )
            elif action is KioskAction.HIDE_COUNTDOWN:
                self.countdown = None
            elif action is KioskAction.RESET_TO_ATTRACT:
                self._to_attract()
                replaced = True
            elif action is KioskAction.OPEN_PIN_PAD:
                if self.monkey is not None:
                    raise RuntimeError("random input opened the staff PIN pad")
                self.pin_pad = self._make_pin_pad()
            elif action is KioskAction.PIN_REJECTED:
                if self.pin_pad is not None:
                    self.pin_pad.rejected(now)
            elif action in (KioskAction.CLOSE_PIN_PAD, KioskAction.LOCKED_OUT):
                self.pin_pad = None
            elif action is KioskAction.OPEN_STAFF_SCREEN:
                self.staff_screen = self._make_staff_screen()
            elif action is KioskAction.CLOSE_STAFF_SCREEN:
                self.staff_screen = None
        return replaced

    def _start_visit(self, record: Pointer | KeyPress | None) -> None:
        """A visitor touched the attract screen: a fresh model, then the story."""
        app = self.app
        top = app.top
        if isinstance(record, Pointer) and isinstance(top, AttractScene):
            lang = top.language_at(record.x, record.y)
            if lang is not None:
                app.ui.i18n.set_language(lang)
        session = app.session
        session.reset(self.base_seed)
        session.paused = False
        session.set_speed(REDUCED_VISITOR_SPEED if self.settings.reduced_motion else DEFAULT_SPEED)
        self._primary = None
        self.countdown = None
        self.open_visitor_start()

    def open_visitor_start(self) -> None:
        """The visitor's first screen: the story's short museum path (about 3 minutes).

        The one place that decides it. Without a story (or if it cannot be
        built) the visitor gets the sandbox, which always exists.
        """
        app = self.app
        try:
            opened = app.open("story", replace=True, short=True)
        except Exception as exc:  # a broken story must not end the exhibit
            if os.environ.get("ONE_IN_A_MILLION_DEBUG"):
                raise
            warn_once("kiosk-story", f"the story cannot be opened ({exc}); showing the sandbox")
            opened = False
        if not opened:
            app.open("sandbox", replace=True)

    def _to_attract(self) -> None:
        """Forget the visitor: new model, default language, attract scene, no overlays."""
        app = self.app
        self.countdown = None
        self.pin_pad = None
        self._primary = None
        # Let go of the visitor's screens (and the story's models) before building
        # anything new, so the new simulation reuses their memory instead of adding
        # to it: Python gives an arena back only when nothing is left in it.
        while app.scenes:
            app.scenes.pop().leave()
        # The visitor's rendered words go too: the cache would otherwise keep up to
        # TEXT_CACHE_LIMIT surfaces, so memory after each reset would depend on them.
        app.ui.text = TextCache(app.ui.fonts, limit=TEXT_CACHE_LIMIT)
        _forget_formatted_numbers()
        gc.collect()  # the visitor's models are big arrays in reference cycles; free them now
        app.session = self.new_session()
        app.ui.i18n.set_language(self.settings.default_language)
        app.replace(AttractScene(app, self))
        gc.collect()
        release_freed_memory()
        self.stats["resets"] += 1
        if self.monkey is not None:
            print(
                f"kiosk: back to attract mode (reset {self.stats['resets']}, {self.clock:.1f} s)",
                flush=True,
            )

    def new_session(self) -> Session:
        """A brand-new model of the museum's scenario with the start seed."""
        opts = self.app.options
        overrides = list(opts.overrides)
        if not any(key == "start_hour" for key, _ in overrides):
            # a passer-by should see the city awake, not a street at 3 a.m.
            overrides.append(("start_hour", ATTRACT_START_HOUR))
        try:
            session: Session = KioskSession(opts.scenario, self.base_seed, overrides)
        except Exception as exc:  # it loaded at start-up; if not now, reuse the old one
            warn_once("kiosk-session", f"a fresh simulation cannot be built ({exc}); reusing one")
            session = self.app.session
            session.reset(self.base_seed)
        self._attract_speed(session)
        return session

    def _attract_speed(self, session: Session) -> None:
        session.paused = False
        session.set_speed(REDUCED_ATTRACT_SPEED if self.settings.reduced_motion else ATTRACT_SPEED)

    # --- staff --------------------------------------------------------------------------
    def _make_pin_pad(self) -> PinPad:
        c = self.controller

        def act(actions: tuple[KioskAction, ...]) -> None:
            self._apply(actions, None, self.now())

        return PinPad(
            self.app.ui,
            digit=lambda d: act(c.pin_digit(d, self.now())),
            backspace=lambda: act(c.pin_backspace(self.now())),
            submit=lambda: act(c.pin_submit(self.now())),
            cancel=lambda: act(c.pin_cancel(self.now())),
            pin_length=lambda: c.staff.pin_length,
        )

    def _make_staff_screen(self) -> StaffScreen:
        return StaffScreen(
            self.app.ui,
            self.load,
            back=lambda: self._apply(self.controller.close_staff_screen(self.now()), None, 0.0),
            restart=lambda: self._leave(RESTART_REQUESTED),
            exit_=lambda: self._leave(STAFF_EXIT),
            screen_info=lambda: screen_description(self.app.ui, self.app.window),
        )

    def _leave(self, code: int) -> None:
        """Staff chose Exit (0: the supervisor stops) or Restart (75: it starts us again)."""
        self.exit_allowed = True
        self.app.quit(code)

    def _draw_hold_cue(self, surface: pygame.Surface, progress: float) -> None:
        """A ring filling in the staff corner while it is held (staff know it is working)."""
        cfg = self.settings.staff_exit
        vertical, horizontal = cfg.corner.split("-")
        w, h = surface.get_size()
        half = cfg.corner_size // 2
        cx = half if horizontal == "left" else w - half
        cy = half if vertical == "top" else h - half
        box = pygame.Rect(0, 0, 2 * half - 8, 2 * half - 8)
        box.center = (cx, cy)
        th = self.app.ui.theme
        pygame.draw.circle(surface, th.ui("track"), (cx, cy), box.width // 2, 6)
        start = math.pi / 2
        pygame.draw.arc(surface, th.ui("focus"), box, start, start + 2 * math.pi * progress, 6)


def _forget_formatted_numbers() -> None:
    """Empty the translator's cache of formatted numbers (the visitor's numbers).

    Its strings are made during the busiest moments of a visit and then live
    on, scattered over Python's small-object arenas, which can only be given
    back when empty: clearing it at each reset keeps the memory after a
    reset from creeping up with every heavy visit.
    """
    from sim.text import i18n

    clear = getattr(getattr(i18n, "_format_number", None), "cache_clear", None)
    if callable(clear):
        clear()


def release_freed_memory() -> None:
    """Hand memory the game has freed back to the operating system (glibc only).

    glibc keeps freed heap memory for reuse; after a visitor built 3,000
    cameras the process would keep that high-water mark for weeks. Trimming
    once per reset costs a few milliseconds while nobody is watching.
    Elsewhere (Windows, macOS) the C library manages this itself: nothing to do.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # musl or another libc without malloc_trim
        return


def _mouse(etype: int, pos: tuple[int, int], rel: tuple[int, int] = (0, 0)) -> pygame.event.Event:
    """A left-button mouse event in logical pixels, as every widget expects."""
    if etype == pygame.MOUSEMOTION:
        return pygame.event.Event(etype, pos=pos, rel=rel, buttons=(1, 0, 0), touch=False)
    return pygame.event.Event(etype, pos=pos, button=1, touch=False)
