"""Reproducible random visitors: a seeded stream of pygame events, frame by frame.

`--monkey SEED` and the soak bench feed this into the real event handling to
find crashes, leaks and stuck states that a tidy test would never reach:
taps, drags, short holds, two-finger touches, key mashing (Space, Tab,
arrows, Enter, Escape, letters, digits) and long idle gaps so that the
"still there?" countdown and the reset to attract mode happen too.

Same seed and config, same events, on any machine: everything random comes
from one `numpy.random.Generator`, and events carry plain Python numbers.

What the monkey never does, by construction (so a soak run cannot leave the
exhibit, and a test can assert that random input never unlocks staff mode):
- hold a press longer than `max_press_seconds`, which must be shorter than
  the shortest staff long press the kiosk settings allow (`staff_press_seconds`,
  equal to kiosk.settings.MIN_LONG_PRESS_SECONDS: a kiosk test checks);
- press Ctrl or Alt at all, so the Ctrl+Alt+Shift+Q chord cannot occur.
It does tap and briefly hold the corners, to prove those are harmless.

Events are built with `pygame.event.Event(...)`, which needs no display.
Touches arrive as SDL sends them: FINGER* events plus the mouse events SDL
synthesizes from them (flagged ``touch=True``), unless configured otherwise.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pygame

from sim.game.layout import LOGICAL_SIZE

Frame = list[pygame.event.Event]

#: Keys a curious visitor (or a cat) might press on an exposed keyboard.
MONKEY_KEYS: tuple[int, ...] = (
    pygame.K_SPACE,
    pygame.K_TAB,
    pygame.K_LEFT,
    pygame.K_RIGHT,
    pygame.K_UP,
    pygame.K_DOWN,
    pygame.K_RETURN,
    pygame.K_ESCAPE,
    pygame.K_BACKSPACE,
    pygame.K_a,
    pygame.K_q,
    pygame.K_z,
    pygame.K_1,
    pygame.K_5,
    pygame.K_9,
    pygame.K_F1,
)

ACTIONS: tuple[str, ...] = (
    "tap",
    "drag",
    "hold",
    "finger_tap",
    "finger_drag",
    "two_finger",
    "key",
    "pause",
    "idle_gap",
)

_TOUCH_ID = 1  # a real touch device id (SDL's synthetic one is -1)


@dataclass(frozen=True)
class MonkeyConfig:
    """Mix and pacing of random input; defaults suit a 60 fps `--monkey` run."""

    fps: float = 60.0
    logical_size: tuple[int, int] = LOGICAL_SIZE
    #: Length of a "walked away" gap; longer than idle + countdown so a reset happens.
    idle_gap_seconds: float = 90.0
    max_press_seconds: float = 1.5
    #: The shortest staff long press the kiosk allows; presses stay below it.
    staff_press_seconds: float = 2.0
    corner_share: float = 0.1  # share of presses aimed at a screen corner
    synthesize_mouse_from_touch: bool = True
    #: Force an idle gap after this many frames without one (None: only by chance),
    #: so that even a short `--monkey --frames N` run sees a reset.
    gap_every_frames: int | None = None
    #: Relative weights of ACTIONS, in the same order.
    weights: tuple[float, ...] = (30, 12, 6, 20, 10, 4, 15, 12, 0.3)
    #: Keys it presses (outside kiosk mode the game leaves out Escape, which quits there).
    keys: tuple[int, ...] = MONKEY_KEYS

    def __post_init__(self) -> None:
        if self.max_press_seconds >= self.staff_press_seconds:
            raise ValueError("monkey presses must stay shorter than any staff long press")
        if len(self.weights) != len(ACTIONS) or min(self.weights) < 0 or sum(self.weights) <= 0:
            raise ValueError(f"weights needs {len(ACTIONS)} non-negative numbers")
        if self.fps <= 0 or self.idle_gap_seconds <= 0:
            raise ValueError("fps and idle_gap_seconds must be positive")
        if self.gap_every_frames is not None and self.gap_every_frames < 1:
            raise ValueError("gap_every_frames must be at least 1")
        if not self.keys:
            raise ValueError("keys needs at least one key")


class Monkey:
    """Yields one list of events per frame, forever; `stats` counts actions."""

    def __init__(self, seed: int, config: MonkeyConfig | None = None) -> None:
        self.config = config or MonkeyConfig()
        self._rng = np.random.default_rng(seed)
        self._queue: deque[Frame] = deque()
        self._p = np.asarray(self.config.weights, dtype=float)
        self._p /= self._p.sum()
        self._max_press_frames = max(2, int(self.config.max_press_seconds * self.config.fps))
        self._next_finger = 0
        self._frame = 0
        self._last_gap_frame = 0
        self.stats: Counter[str] = Counter()

    def next_frame(self) -> Frame:
        """Events for the next frame (often empty, as in real life)."""
        while not self._queue:  # at a low fps an action can round down to no frames
            self._plan()
        self._frame += 1
        return self._queue.popleft()

    def frames(self, n: int) -> Iterator[Frame]:
        """The next `n` frames."""
        for _ in range(n):
            yield self.next_frame()

    # -- planning ---------------------------------------------------------

    def _plan(self) -> None:
        """Queue the frames of one randomly chosen action, then a short rest."""
        action = ACTIONS[int(self._rng.choice(len(ACTIONS), p=self._p))]
        every = self.config.gap_every_frames
        if every is not None and self._frame - self._last_gap_frame >= every:
            action = "idle_gap"
        if action == "idle_gap":
            self._last_gap_frame = self._frame + int(self.config.idle_gap_seconds * self.config.fps)
        self.stats[action] += 1
        getattr(self, f"_plan_{action}")()
        self._rest(self._int(0, 4))

    def _plan_tap(self) -> None:
        x, y = self._point()
        self._press_path("mouse", [(x, y)] * self._int(1, max(2, int(0.3 * self.config.fps))))

    def _plan_hold(self) -> None:
        x, y = self._point()
        frames = self._int(max(1, int(0.5 * self.config.fps)), self._max_press_frames)
        path = [(x + self._jitter(4), y + self._jitter(4)) for _ in range(frames)]
        self._press_path(self._source(), path)

    def _plan_drag(self) -> None:
        self._press_path("mouse", self._drag_path())

    def _plan_finger_tap(self) -> None:
        x, y = self._point()
        self._press_path("finger", [(x, y)] * self._int(1, max(2, int(0.3 * self.config.fps))))

    def _plan_finger_drag(self) -> None:
        self._press_path("finger", self._drag_path())

    def _plan_two_finger(self) -> None:
        """Two fingers down in the same frame, up a little later (pinch-like)."""
        fingers = [(self._finger_id(), *self._point()) for _ in range(2)]
        hold = self._int(2, self._max_press_frames)
        self._queue.append([self._finger(pygame.FINGERDOWN, f, x, y) for f, x, y in fingers])
        self._rest(hold - 2)
        self._queue.append([self._finger(pygame.FINGERUP, f, x, y) for f, x, y in fingers])

    def _plan_key(self) -> None:
        keys = self.config.keys
        key = keys[self._int(0, len(keys))]
        mod = pygame.KMOD_SHIFT if self._rng.random() < 0.1 else pygame.KMOD_NONE
        name = pygame.key.name(key)
        text = name if len(name) == 1 else (" " if key == pygame.K_SPACE else "")
        if mod and text:
            text = text.upper()
        down = pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0)
        up = pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=text, scancode=0)
        self._queue.append([down])
        self._rest(self._int(0, 6))
        self._queue.append([up])

    def _plan_pause(self) -> None:
        """A visitor reading the screen: a few seconds of nothing."""
        self._rest(self._int(int(0.5 * self.config.fps), int(8 * self.config.fps)))

    def _plan_idle_gap(self) -> None:
        """The visitor walked away: long enough for countdown and reset."""
        self._rest(int(self.config.idle_gap_seconds * self.config.fps))

    # -- building blocks --------------------------------------------------

    def _press_path(self, source: str, path: list[tuple[float, float]]) -> None:
        """Down at path[0], moves along it (one frame each), up at the end."""
        path = path[: self._max_press_frames]
        fid = self._finger_id() if source == "finger" else -1
        for i, (x, y) in enumerate(path):
            kind = "down" if i == 0 else "move" if (x, y) != path[i - 1] else None
            frame: Frame = []
            if kind is not None:
                frame.extend(self._pointer_events(source, kind, fid, x, y, path[max(0, i - 1)]))
            self._queue.append(frame)
        x, y = path[-1]
        self._queue.append(self._pointer_events(source, "up", fid, x, y, path[-1]))

    def _pointer_events(
        self,
        source: str,
        kind: str,
        fid: int,
        x: float,
        y: float,
        prev: tuple[float, float],
    ) -> Frame:
        """One press phase as SDL would deliver it (finger plus synthesized mouse)."""
        events: Frame = []
        if source == "finger":
            etype = {"down": pygame.FINGERDOWN, "move": pygame.FINGERMOTION, "up": pygame.FINGERUP}
            events.append(self._finger(etype[kind], fid, x, y, prev))
            if not self.config.synthesize_mouse_from_touch:
                return events
        touch = source == "finger"
        pos = (int(x), int(y))
        if kind == "move":
            rel = (int(x) - int(prev[0]), int(y) - int(prev[1]))
            events.append(
                pygame.event.Event(
                    pygame.MOUSEMOTION, pos=pos, rel=rel, buttons=(1, 0, 0), touch=touch
                )
            )
        else:
            etype_m = pygame.MOUSEBUTTONDOWN if kind == "down" else pygame.MOUSEBUTTONUP
            events.append(pygame.event.Event(etype_m, pos=pos, button=1, touch=touch))
        return events

    def _finger(
        self,
        etype: int,
        fid: int,
        x: float,
        y: float,
        prev: tuple[float, float] | None = None,
    ) -> pygame.event.Event:
        w, h = self.config.logical_size
        px, py = prev if prev is not None else (x, y)
        return pygame.event.Event(
            etype,
            touch_id=_TOUCH_ID,
            finger_id=fid,
            x=x / w,
            y=y / h,
            dx=(x - px) / w,
            dy=(y - py) / h,
            pressure=1.0,
        )

    def _drag_path(self) -> list[tuple[float, float]]:
        """A wobbly straight-ish swipe, fast or slow, within the press time limit."""
        (x0, y0), (x1, y1) = self._point(), self._point()
        steps = self._int(3, self._max_press_frames)
        w, h = self.config.logical_size
        path = []
        for i in range(steps):
            f = i / (steps - 1)
            x = min(max(x0 + (x1 - x0) * f + self._jitter(6), 0.0), w - 1.0)
            y = min(max(y0 + (y1 - y0) * f + self._jitter(6), 0.0), h - 1.0)
            path.append((x, y))
        return path

    def _point(self) -> tuple[float, float]:
        """A press position: anywhere, or sometimes right in a corner."""
        w, h = self.config.logical_size
        if self._rng.random() < self.config.corner_share:
            cx = float(self._rng.uniform(0, 60))
            cy = float(self._rng.uniform(0, 60))
            if self._rng.random() < 0.5:
                cx = w - 1 - cx
            if self._rng.random() < 0.5:
                cy = h - 1 - cy
            return cx, cy
        return float(self._rng.uniform(0, w - 1)), float(self._rng.uniform(0, h - 1))

    def _source(self) -> str:
        return "finger" if self._rng.random() < 0.5 else "mouse"

    def _finger_id(self) -> int:
        """Finger ids grow as on Windows; the game must not assume they are small."""
        self._next_finger += 1
        return self._next_finger

    def _jitter(self, px: float) -> float:
        return float(self._rng.normal(0.0, px / 2))

    def _int(self, lo: int, hi: int) -> int:
        """Uniform whole number in [lo, hi) (hi > lo enforced)."""
        return int(self._rng.integers(lo, max(hi, lo + 1)))

    def _rest(self, frames: int) -> None:
        self._queue.extend([] for _ in range(max(0, frames)))
