"""How many people the city can draw and still keep 60 frames a second.

Machines differ by 3-4x: a crowd a museum's desktop draws easily stutters
on a school's five-year-old laptop. So the city view measures its own frames
and this controller decides how many people to *draw* (the model still
simulates everyone; the screen says "Showing N of M people").

Pure logic, no pygame and no clock: it is fed measured times, one frame at a
time, so tests can drive it with simulated times.

- Decisions are made once per window of frames (half a second at 60 fps),
  from the window's mean with every frame clipped at 3x the budget: a single
  slow frame (a new day's trips, a garbage collection) moves the mean by
  about one millisecond and changes nothing; coarse clocks (Windows counts
  thread time in 15.6 ms ticks) average out.
- Each frame's time is split into the crowd's part (measured by the view)
  and the rest; the crowd's cost per person gives the count that would fill
  `aim` of the budget. The controller moves half-way there each decision,
  so two views sharing one frame (the story shows two cities) do not both
  take the whole step and overshoot.
- Hysteresis: it shrinks only when the mean is over the budget, grows only
  after `grow_windows` windows in a row under `grow_below` of it, and a step
  smaller than `min_step` of the count is not taken: between those bands
  nothing changes, so the count settles instead of oscillating.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FRAME_MS_60FPS = 1000.0 / 60.0


@dataclass
class FrameBudget:
    """Chooses how many people to draw from measured frame times.

    Feed `observe(frame_ms, crowd_ms)` once per drawn frame: the frame's
    duration, and how much of it drawing the crowd took (with `count`
    people). Read `count` for the next frame.
    """

    ceiling: int  # most people worth drawing (everyone, or the scene's own cap)
    floor: int = 10_000  # never fewer: a city must still look inhabited
    budget_ms: float = FRAME_MS_60FPS
    window: int = 30  # frames per decision
    aim: float = 0.85  # a change aims at this share of the budget: room for noise
    grow_below: float = 0.75  # grow only when the frame uses less than this share
    grow_windows: int = 2  # ... for this many windows in a row
    gain: float = 0.5  # share of the way to the aimed count taken per decision
    max_growth: float = 1.5  # at most this factor up per decision
    min_step: float = 0.03  # smaller relative changes are not worth making
    count: int = field(init=False)
    _frames: list[float] = field(default_factory=list, init=False, repr=False)
    _crowd: list[float] = field(default_factory=list, init=False, repr=False)
    _room_windows: int = field(default=0, init=False, repr=False)
    changes: int = field(default=0, init=False)  # how often `count` changed (tests, bench)

    def __post_init__(self) -> None:
        self.ceiling = max(0, int(self.ceiling))
        self.count = self.ceiling

    @property
    def lowest(self) -> int:
        """The smallest count allowed: the floor, or everyone if there are fewer."""
        return min(self.floor, self.ceiling)

    def set_ceiling(self, ceiling: int) -> None:
        """A new crowd (or cap): keep the learnt count where it still fits.

        A view rebinding to the next model of the same size (a kiosk's new
        day, a reset) keeps drawing what this machine managed; the
        measurements start again because the frame changed.
        """
        limited = self.count < self.ceiling  # this machine could not draw everyone
        self.ceiling = max(0, int(ceiling))
        self.count = self.count if limited else self.ceiling
        self.count = max(self.lowest, min(self.count, self.ceiling))
        self.restart()

    def restart(self) -> None:
        """Forget the frames measured so far (the scene or the crowd changed)."""
        self._frames.clear()
        self._crowd.clear()
        self._room_windows = 0

    def observe(self, frame_ms: float, crowd_ms: float) -> int:
        """Record one frame; returns the number of people to draw next."""
        cap = 3.0 * self.budget_ms
        self._frames.append(min(max(0.0, float(frame_ms)), cap))
        self._crowd.append(min(max(0.0, float(crowd_ms)), cap))
        if len(self._frames) >= self.window:
            self._decide()
        return self.count

    def _decide(self) -> None:
        frame = sum(self._frames) / len(self._frames)
        crowd = min(frame, sum(self._crowd) / len(self._crowd))
        self._frames.clear()
        self._crowd.clear()
        if frame > self.budget_ms:
            self._room_windows = 0
            if self.count > self.lowest:
                self._move_to(self._aimed(frame, crowd))
        elif frame < self.grow_below * self.budget_ms and self.count < self.ceiling:
            self._room_windows += 1
            if self._room_windows >= self.grow_windows:
                self._room_windows = 0
                self._move_to(self._aimed(frame, crowd))
        else:
            self._room_windows = 0

    def _aimed(self, frame: float, crowd: float) -> float:
        """The count that would make a frame take `aim` of the budget."""
        other = frame - crowd  # everything else in the frame: panels, model steps
        room = self.aim * self.budget_ms - other
        if self.count <= 0 or crowd <= 0.0:
            return float(self.ceiling) if room > 0 else float(self.lowest)
        per_person = crowd / self.count
        return max(0.0, room) / per_person

    def _move_to(self, aimed: float) -> None:
        step = self.gain * (aimed - self.count)
        new = self.count + step
        new = min(new, self.count * self.max_growth) if step > 0 else new
        new_count = int(round(max(self.lowest, min(self.ceiling, new))))
        small = abs(new_count - self.count) < self.min_step * max(1, self.count)
        if small and new_count not in (self.lowest, self.ceiling):
            return  # too small to matter (reaching a bound always is)
        if new_count != self.count:
            self.count = new_count
            self.changes += 1
