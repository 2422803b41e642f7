"""The game's one loop: window, letterbox scaling, scene stack, timing.

`run_game(args)` is what `python -m sim play` calls. The loop is a plain
`async def` that yields with `await asyncio.sleep(0)` once per frame, so the
same code can run in a browser under pygbag; there are no threads. All
drawing happens on a 1920x1080 logical surface, scaled into the window with
black bars when the shapes differ, so the layout is identical on a projector
and on a 1366x768 laptop; pointer positions are mapped back to logical
coordinates before any scene sees them.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import sys
import time
import traceback
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from sim.datafile import DataFileError
from sim.errors import OutputPathError, UsageError, check_output_path, write_output
from sim.game.layout import LOGICAL_SIZE
from sim.game.look import fit_text_scale
from sim.game.preferences import Preferences, apply_preferences, load_preferences
from sim.game.scenes.base import Scene, get_factory
from sim.notices import warn_once
from sim.text.ui import UI

if TYPE_CHECKING:
    from sim.game.session import Session

FPS = 60
POINTER_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION)


@dataclass
class Options:
    """What the command line asked the game to do."""

    scenario: str = "city"
    seed: int = 1
    overrides: tuple[tuple[str, str], ...] = ()
    lang: str | None = None  # None: the saved preference, else English
    kiosk: bool = False
    fullscreen: bool = False
    chapter: int | None = None
    frames: int | None = None
    screenshot: str | None = None
    fps_report: bool = False
    monkey: int | None = None
    size: tuple[int, int] | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Options:
        """Read the CLI namespace; raises UsageError with one clear sentence."""
        pairs = []
        for item in getattr(args, "set", None) or []:
            key, sep, value = str(item).partition("=")
            if not sep or not key.strip():
                raise UsageError(f"--set needs key=value, not {item!r}")
            pairs.append((key.strip(), value.strip()))
        size = None
        raw_size = getattr(args, "size", None)
        if raw_size:
            w, sep, h = str(raw_size).lower().partition("x")
            if not sep or not w.isdigit() or not h.isdigit():
                raise UsageError(f"--size needs WIDTHxHEIGHT like 1366x768, not {raw_size!r}")
            size = (int(w), int(h))
            if not (320 <= size[0] <= 10000 and 240 <= size[1] <= 10000):
                raise UsageError(f"--size {raw_size} is outside 320x240 to 10000x10000")
        frames = getattr(args, "frames", None)
        if frames is not None and int(frames) < 1:
            raise UsageError(f"--frames must be at least 1, not {frames}")
        screenshot = getattr(args, "screenshot", None)
        if screenshot is not None:
            # checked before the window opens, not after the last frame
            check_output_path(screenshot, "--screenshot", make_folders=True)
        return cls(
            scenario=str(getattr(args, "scenario", None) or "city"),
            seed=int(getattr(args, "seed", 1) or 0),
            overrides=tuple(pairs),
            lang=getattr(args, "lang", None) or None,
            kiosk=bool(getattr(args, "kiosk", False)),
            fullscreen=bool(getattr(args, "fullscreen", False)),
            chapter=getattr(args, "chapter", None),
            frames=None if frames is None else int(frames),
            screenshot=getattr(args, "screenshot", None),
            fps_report=bool(getattr(args, "fps_report", False)),
            monkey=getattr(args, "monkey", None),
            size=size,
        )


def letterbox(window: tuple[int, int], logical: tuple[int, int] = LOGICAL_SIZE) -> pygame.Rect:
    """The largest rectangle of the logical aspect ratio centred in the window."""
    ww, wh = window
    lw, lh = logical
    scale = min(ww / lw, wh / lh)
    w, h = max(1, round(lw * scale)), max(1, round(lh * scale))
    # 1366x768 is not quite 16:9; a bar of a pixel or two would only look broken.
    if ww - w <= 2:
        w = ww
    if wh - h <= 2:
        h = wh
    return pygame.Rect((ww - w) // 2, (wh - h) // 2, w, h)


class App:
    """Owns the window, the scene stack and the session every scene shares."""

    def __init__(self, options: Options, ui: UI, session: Session) -> None:
        self.started = time.perf_counter()
        self.options = options
        self.ui = ui
        self.session = session
        self.scenes: list[Scene] = []
        self.running = True
        self.exit_code = 0
        self.frame_ms: list[float] = []
        self.frame_count = 0
        self.first_frame_s: float | None = None
        # A kiosk fills the screen unless a test asks for a window size.
        self.fullscreen = options.fullscreen or (options.kiosk and options.size is None)
        self.monkey = None if options.monkey is None else make_monkey(options.monkey)
        # Museum mode (the "kiosk" screen installs it): routes input, resets, staff screen.
        self.kiosk: Any = None
        self.preferences = Preferences()  # build_app sets the saved ones
        self.base_theme = ui.theme  # the look projector mode and high contrast start from
        self.text_scale = 1.0  # wanted text size; fitted to the screens shown each frame
        self.window = self._open_window(options.size)
        self.logical = pygame.Surface(LOGICAL_SIZE)
        self.viewport = pygame.Rect(0, 0, *LOGICAL_SIZE)
        self.direct = False
        self.full_next = True
        self._scenarios: list[Any] | None = None
        self.blas_limits: Any = None
        self.on_resize()

    # --- window and scaling ----------------------------------------------
    def _open_window(self, size: tuple[int, int] | None) -> pygame.Surface:
        pygame.display.set_caption(self.ui.tr("app.window_title"))
        if self.fullscreen:
            frameless = pygame.NOFRAME if self.options.kiosk else 0
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN | frameless)
        if self.options.kiosk:  # no title bar, no close button, no resizing by visitors
            return pygame.display.set_mode(size or self.default_window_size(), pygame.NOFRAME)
        return pygame.display.set_mode(size or self.default_window_size(), pygame.RESIZABLE)

    @staticmethod
    def default_window_size() -> tuple[int, int]:
        """1920x1080 if it fits the screen, else the largest 16:9 that does."""
        if pygame.display.get_driver() in ("dummy", "offscreen"):
            return LOGICAL_SIZE
        try:
            dw, dh = pygame.display.get_desktop_sizes()[0]
        except (pygame.error, IndexError):
            return LOGICAL_SIZE
        if dw >= LOGICAL_SIZE[0] and dh >= LOGICAL_SIZE[1] + 60:
            return LOGICAL_SIZE
        box = letterbox((int(dw * 0.92), int(dh * 0.88)))
        return box.size

    def on_resize(self) -> None:
        """Recompute where the logical screen sits in the window."""
        self.window = pygame.display.get_surface()
        size = self.window.get_size()
        self.viewport = letterbox(size)
        self.direct = size == LOGICAL_SIZE
        self.full_next = True
        self.logical = self.window if self.direct else pygame.Surface(LOGICAL_SIZE).convert()
        self.window.fill((0, 0, 0))

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        if self.fullscreen:
            pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            pygame.display.set_mode(
                self.options.size or self.default_window_size(), pygame.RESIZABLE
            )
        self.on_resize()

    def to_logical(self, pos: tuple[int, int]) -> tuple[int, int]:
        """Window pixel -> logical pixel (may fall outside 0..1919 in the bars)."""
        v = self.viewport
        return (
            int((pos[0] - v.x) * LOGICAL_SIZE[0] / v.width),
            int((pos[1] - v.y) * LOGICAL_SIZE[1] / v.height),
        )

    def to_window(self, pos: tuple[int, int]) -> tuple[int, int]:
        """Logical pixel -> window pixel (used by tests and the monkey)."""
        v = self.viewport
        return (
            v.x + round(pos[0] * v.width / LOGICAL_SIZE[0]),
            v.y + round(pos[1] * v.height / LOGICAL_SIZE[1]),
        )

    def present(self, rects: list[pygame.Rect] | None = None) -> None:
        """Show the logical surface: directly, or scaled into the letterbox.

        When the window is the logical size, only the rectangles that changed
        are sent to the screen: presenting a whole 1080p frame costs several
        milliseconds in software, most of it for pixels that did not change.
        """
        if not self.direct:
            target = self.window.subsurface(self.viewport)
            pygame.transform.smoothscale(self.logical, self.viewport.size, target)
            pygame.display.flip()
        elif rects is None or self.full_next:
            self.full_next = False
            pygame.display.flip()
        elif rects:
            pygame.display.update(rects)

    def scenarios(self) -> list[Any]:
        """The scenario list for pickers (read once; a broken file is skipped)."""
        if self._scenarios is None:
            from sim.scenario import list_scenarios

            try:
                self._scenarios = list(list_scenarios())
            except Exception as exc:  # a broken folder must not stop the game
                warn_once("scenarios", f"scenario files cannot be listed: {exc}")
                self._scenarios = [self.session.scenario]
        return self._scenarios

    def playable_scenarios(self) -> list[Any]:
        """The scenarios the sandbox can show: every one, of every detector.

        The title and the picker group them by detector (faces, guns, plates,
        calls); the sandbox draws each detector's own scans (plates on cars,
        the prison's call log) and shows only the knobs it has.
        """
        return list(self.scenarios())

    # --- the scene stack ------------------------------------------------------
    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        self.scenes.append(scene)
        scene.enter()

    def pop(self) -> Scene | None:
        if not self.scenes:
            return None
        scene = self.scenes.pop()
        scene.leave()
        if self.scenes:
            self.scenes[-1].enter()
        else:
            self.quit()
        return scene

    def replace(self, scene: Scene) -> None:
        """Swap the whole stack for one scene (e.g. title -> sandbox)."""
        while self.scenes:
            self.scenes.pop().leave()
        self.push(scene)

    def open(self, name: str, replace: bool = False, **kwargs: Any) -> Scene:
        """Open a registered scene by name and return it; an uninstalled name is MissingScreen."""
        factory = get_factory(name)
        if factory is None:
            raise MissingScreen(
                f"no {name!r} screen is installed: the entry point that offers it must "
                "register it (sim.game.scenes.base.register_scene) before the game opens it"
            )
        scene = factory(self, **kwargs)
        if replace:
            self.replace(scene)
        else:
            self.push(scene)
        return scene

    def toggle_projector(self) -> None:
        """Projector mode on or off from any screen (F10), remembered like the screen's switch."""
        from sim.game.preferences import save_preferences

        self.preferences = replace(self.preferences, projector=not self.preferences.projector)
        self.text_scale = apply_preferences(
            self.ui, self.session, self.base_theme, self.preferences, motion=False
        )
        save_preferences(self.preferences)
        self.full_next = True

    def quit(self, code: int = 0) -> None:
        self.running = False
        self.exit_code = code

    # --- one frame --------------------------------------------------------------
    def _events(self) -> list[pygame.event.Event]:
        out = []
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                if not self.options.kiosk:  # Alt+F4 and the like: a visitor cannot leave
                    self.quit()
            elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
                self.on_resize()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
                if not self.options.kiosk:
                    self.toggle_fullscreen()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F10:
                if not self.options.kiosk:
                    self.toggle_projector()
            elif (
                event.type == pygame.KEYDOWN
                and event.key == pygame.K_q
                and event.mod & pygame.KMOD_CTRL
                and not self.options.kiosk
            ):
                self.quit()
            elif event.type in POINTER_EVENTS:
                attrs = dict(event.dict)
                attrs["pos"] = self.to_logical(event.pos)
                out.append(pygame.event.Event(event.type, attrs))
            else:
                out.append(event)
        if self.monkey is not None:
            out.extend(self.monkey.next_frame())
        return out

    def frame(self, dt: float) -> None:
        """Input, update, draw, present: everything one frame does."""
        events = self._events()
        if self.kiosk is not None:  # idle reset, staff gesture, fingers -> the scene's clicks
            events = self.kiosk.route(events, dt)
        depth = len(self.scenes)
        for event in events:
            top = self.top
            if top is None:
                break
            top.handle(event)
        if self.kiosk is not None:  # a scene that tried to quit or emptied the stack
            self.kiosk.after_input()
        if not self.scenes:
            return
        if events or len(self.scenes) != depth:
            self.full_next = True  # input may change anything on screen
        # The player's text size, where the screens shown have room (the kiosk fits its own).
        if self.kiosk is None and fit_text_scale(self.ui, self.text_scale, self.scenes):
            self.full_next = True
        # Update the top scene, and those below it that overlays let run.
        i = len(self.scenes) - 1
        while i > 0 and self.scenes[i].updates_below:
            i -= 1
        for scene in self.scenes[i:]:
            scene.update(dt)
        # Draw from the highest opaque scene upward.
        j = len(self.scenes) - 1
        while j > 0 and not self.scenes[j].opaque:
            j -= 1
        for scene in self.scenes[j:]:
            scene.draw(self.logical)
        rects = None
        if j == len(self.scenes) - 1:
            rects = self.scenes[j].dirty_rects()
        if self.kiosk is not None and self.kiosk.draw(self.logical):
            rects = None  # a kiosk overlay (countdown, PIN pad, staff screen) is up
        self.present(rects)

    def report(self) -> str:
        """`frame_ms median=<x> p95=<y>` over all frames after the first."""
        times = self.frame_ms[1:] or self.frame_ms or [0.0]
        arr = np.asarray(times)
        return f"frame_ms median={np.median(arr):.2f} p95={np.percentile(arr, 95):.2f}"


def make_monkey(seed: int) -> Any:
    """Reproducible random visitors for `--monkey SEED` (taps, drags, fingers, keys).

    Outside kiosk mode Escape is left out: on the title screen it quits, which
    would end a soak run early without testing anything. The kiosk replaces
    this monkey with one whose idle gaps match its reset times.
    """
    from sim.game.monkey import MONKEY_KEYS, Monkey, MonkeyConfig

    keys = tuple(k for k in MONKEY_KEYS if k != pygame.K_ESCAPE)
    return Monkey(seed, MonkeyConfig(fps=FPS, keys=keys))


async def main_loop(app: App) -> int:
    """The frame loop; awaits once per frame so a browser build can breathe."""
    clock = pygame.time.Clock()
    opts = app.options
    fixed_dt = 1.0 / FPS if opts.frames is not None else None
    started = app.started
    last = time.perf_counter()
    while app.running:
        t0 = time.perf_counter()
        dt = fixed_dt if fixed_dt is not None else min(0.25, t0 - last)
        last = t0
        app.frame(dt)
        t1 = time.perf_counter()
        app.frame_ms.append((t1 - t0) * 1000.0)
        app.frame_count += 1
        if app.first_frame_s is None:
            app.first_frame_s = t1 - started
        if opts.frames is not None and app.frame_count >= opts.frames:
            break
        if fixed_dt is None:
            clock.tick(FPS)
        await asyncio.sleep(0)
    if opts.screenshot:
        save_screenshot(app, opts.screenshot)
    return app.exit_code


def save_screenshot(app: App, path: str) -> None:
    """Save what the window shows as a PNG; a failed write is an OutputPathError (exit 2)."""
    png = io.BytesIO()
    pygame.image.save(app.window, png, "screenshot.png")
    write_output(path, "--screenshot", png.getvalue(), make_folders=True)


def build_app(options: Options, start: str | None = None) -> App:
    """Everything before the first frame: pygame, texts, model, window, first scene.

    Raises one of `_user_errors()` for bad input; anything else is a bug.
    """
    from sim.game.session import Session

    blas = limit_blas_threads()
    if options.kiosk:
        # Kiosk mode ignores close requests (a visitor's Alt+F4), and SDL would turn
        # SIGTERM/SIGINT into one: let them stop the game (systemd, the supervisor).
        os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    pygame.display.init()
    pygame.font.init()
    # Saved preferences (language, look, motion) for a person at the screen; never in
    # the kiosk (staff settings decide) nor in a test or benchmark run (--frames,
    # --monkey), whose pictures must not depend on who ran them before.
    interactive = not options.kiosk and options.frames is None and options.monkey is None
    prefs = load_preferences() if interactive else Preferences()
    if options.lang:
        prefs = replace(prefs, language=options.lang)  # --lang wins for this run
    ui = UI.create(prefs.language or "en")
    session = Session(options.scenario, options.seed, list(options.overrides))
    app = App(options, ui, session)
    app.blas_limits = blas
    app.preferences = prefs
    app.base_theme = ui.theme
    if interactive:
        app.text_scale = apply_preferences(ui, session, app.base_theme, prefs)
    register_game_screens()
    if start is None:
        start = "title"
        if options.kiosk:
            start = "kiosk"
        elif options.chapter is not None:
            start = "story"
        elif options.frames is not None or options.monkey is not None:
            start = "sandbox"  # tests and benchmarks look at the main screen
    kwargs: dict[str, Any] = {"chapter": options.chapter} if start == "story" else {}
    app.open(start, **kwargs)
    return app


def limit_blas_threads() -> Any:
    """Run numpy's BLAS on the game's own thread only, for as long as the game runs.

    The game is one loop on one thread. OpenBLAS would start worker threads for
    the model's small matrix products, and on a busy two-core machine each
    product then waits for a core: measured 14 ms per 1:N search inside the
    frame loop against 0.1 ms single-threaded (20,000 people, frame time 24 ms
    -> 6 ms). Returns the limiter (restore it to undo), or None.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # only a speed-up; the game works without it
        return None
    return threadpool_limits(limits=1, user_api="blas")


#: Every screen the game itself ships; the kiosk adds "kiosk" (sim.kiosk.scene).
GAME_SCREENS = (
    "title",
    "sandbox",
    "results",
    "code",
    "preferences",
    "setup",
    "story",
    "about",
    "cases",
    "compare",
)


class MissingScreen(LookupError):
    """A screen was asked for that nothing installed: a bug of the program, never bad input."""


def register_game_screens() -> None:
    """Install the game's own screens in the registry (`sim.game.scenes.base.SCENES`).

    Imported by name, not tried: a screen module that is missing or raises on
    import stops the start (and fails the tests) instead of quietly taking
    its screens away. Screens from above the game (the kiosk) install
    themselves from their own entry point, through the same registry.
    """
    from sim.game.scenes import (  # noqa: F401
        about_data,
        code_entry,
        compare,
        preferences,
        setup_card,
        story,
    )
    from sim.game.scenes.base import SCENES, register_scene
    from sim.game.scenes.results import ResultsScene
    from sim.game.scenes.sandbox import SandboxScene
    from sim.game.scenes.title import TitleScene

    register_scene("sandbox", SandboxScene)
    register_scene("title", TitleScene)
    register_scene("results", ResultsScene)
    missing = [name for name in GAME_SCREENS if name not in SCENES]
    if missing:
        raise MissingScreen(f"the game's screens {missing} were not installed by their modules")


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors that mean "your input is wrong" (one line, exit 2), not a bug.

    Only the program's own input errors: a scenario, a parameter, a damaged
    data file, a command-line or output-path problem. Any other ValueError is
    a bug and is reported as one, with a crash log (exit 1).
    """
    from sim.model.params import ParamError
    from sim.scenario import ScenarioError

    return (ScenarioError, ParamError, DataFileError, UsageError)


def _fail(message: str) -> int:
    print(f"one-in-a-million: {message}", file=sys.stderr, flush=True)
    return 2


def run_game(args: argparse.Namespace) -> int:
    """Play: returns the exit code (0 fine, 2 bad input, 1 internal error)."""
    started = time.perf_counter()
    try:
        options = Options.from_args(args)
    except UsageError as exc:
        return _fail(str(exc))
    try:
        app = build_app(options)
    except _user_errors() as exc:  # ScenarioError, ParamError: the user's input
        pygame.quit()
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except pygame.error as exc:
        pygame.quit()
        return _fail(f"cannot open a window: {exc}")
    except Exception as exc:  # a bug before the first frame: still one line
        if os.environ.get("ONE_IN_A_MILLION_DEBUG"):
            raise
        pygame.quit()
        print(
            f"one-in-a-million: the game could not start because of an internal error ({exc}); "
            f"details in {_write_crash_log()}",
            file=sys.stderr,
        )
        return 1
    try:
        app.started = started  # first frame is timed from the call, model build included
        code = asyncio.run(main_loop(app))
    except KeyboardInterrupt:
        code = 0
    except OutputPathError as exc:  # the --screenshot the disk would not take
        # Once the game runs, the only input left to go wrong is the file asked
        # for: a scenario or parameter error raised by a frame is a bug (below).
        code = _fail(str(exc))
    except Exception as exc:  # never a traceback in front of a visitor
        if os.environ.get("ONE_IN_A_MILLION_DEBUG"):
            raise
        log = _write_crash_log()
        print(
            f"one-in-a-million: the game stopped because of an internal error ({exc}); "
            f"details in {log}",
            file=sys.stderr,
        )
        code = 1
    if options.fps_report:
        first = (app.first_frame_s or 0.0) * 1000.0
        print(f"first_frame_ms={first:.0f}")
        print(app.report())
    if app.blas_limits is not None:
        app.blas_limits.restore_original_limits()
    pygame.quit()
    return code


def _write_crash_log() -> str:
    """Keep the traceback for developers, out of the visitor's sight."""
    try:
        from platformdirs import user_log_dir

        folder = user_log_dir("one-in-a-million", appauthor=False)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "crash.log")
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(time.strftime("%Y-%m-%d %H:%M:%S\n"))
            fh.write(traceback.format_exc())
        return path
    except OSError:
        return "(no log could be written)"
