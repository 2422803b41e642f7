"""Where the player is in the story: chapter, phase, answers, navigation.

Phases of a chapter: ``ask`` (answer first), ``run`` (the simulation answers),
``explain`` (two sentences that use the answer), and for the challenge
chapter ``play`` (the player's own policy, day after day). Back, Skip and the
chapter dots work from any phase, because a visitor or a teacher must be
able to leave or repeat any part at once. The museum's short path is the
chapters flagged ``short`` in their files.
"""

from __future__ import annotations

import time
from typing import Any

from sim.model import Model

from .challenge import ChallengeGame
from .chapters import Chapter
from .explain import Answer, Explanation, Texts, explain, explain_follow
from .lookalike import follow_metrics
from .runner import FRAME_BUDGET_S, ChapterRunner, step_until

PHASES = ("ask", "run", "explain", "play", "follow_ask", "follow")
FOLLOW_PHASES = ("follow_ask", "follow")


class StoryFlow:
    """The story's state machine; pure, so tests can play it without a screen."""

    def __init__(
        self,
        chapters: list[Chapter],
        texts: Texts,
        short: bool = False,
        chapter: int | None = None,
    ) -> None:
        self.all = chapters
        self.short = short
        self.path = [c for c in chapters if c.short] if short else list(chapters)
        if not self.path:
            self.path = list(chapters)
        self.texts = texts
        self.index = 0
        if chapter is not None:
            self.index = self.position_of(chapter)
        self.phase = "ask"
        self.answers: dict[str, Answer] = {}
        self.visited: set[str] = set()
        self.runner: ChapterRunner | None = None
        self.game: ChallengeGame | None = None
        self.ahead: Model | None = None  # the first run, counted ahead while the player reads
        self.ahead_values: dict[str, Any] = {}
        self._follow_values: dict[str, Any] | None = None  # the follow-up's numbers, once
        self.finished = False  # walked past the last chapter
        self.left = False  # went back from the very first chapter
        self._enter()

    def position_of(self, order: int) -> int:
        """Index in the path of the chapter numbered `order` (nearest one if not on it)."""
        for i, c in enumerate(self.path):
            if c.order >= order:
                return i
        return len(self.path) - 1

    # --- where we are --------------------------------------------------------------
    @property
    def chapter(self) -> Chapter:
        return self.path[self.index]

    @property
    def answer(self) -> Answer | None:
        return self.answers.get(self.chapter.id)

    def default_answer(self) -> Answer | None:
        """A slider starts at its `start` value; a choice starts unanswered."""
        q = self.chapter.question
        return q.start if q.kind == "slider" else None

    # --- the chapter's steps ------------------------------------------------------------
    def set_answer(self, value: Answer) -> None:
        q = self.chapter.question
        if q.kind == "choice":
            if str(value) not in q.options:
                raise ValueError(f"{value!r} is not an option of {self.chapter.id}")
            self.answers[self.chapter.id] = str(value)
        else:
            v = min(max(float(value), q.lo), q.hi)
            self.answers[self.chapter.id] = float(round(v)) if q.integer else v

    def can_run(self) -> bool:
        return self.phase == "ask" and self.answer is not None

    def run(self) -> None:
        """The player has answered: start the chapter's simulations."""
        if not self.can_run():
            return
        self.runner = ChapterRunner(self.chapter, short=self.short)
        self.runner.prepare()
        self.phase = "run"

    def update(self, dt: float) -> None:
        if self.phase == "ask":
            self.count_ahead()
        if self.phase == "run" and self.runner is not None:
            self.runner.advance(dt)
            if self.runner.done:
                self.phase = "explain"

    def count_ahead(self, budget_s: float = FRAME_BUDGET_S) -> None:
        """Work out, a slice per frame, how many faces the first run's cameras will see.

        The question of chapter 1 is a guess without it ("how many false
        alerts?" needs "out of how many faces?"). The count is the first run
        itself (same parameters, same seed), so the number said before the
        guess is the number the run then shows, rounded to two figures.
        """
        q = self.chapter.question
        if not q.ahead or self.ahead_values:
            return
        if self.ahead is None:
            run = self.chapter.runs[0]
            self.ahead = Model(run.params(), seed=run.seed)
        m = self.ahead
        step_until(m, float("inf"), deadline=time.perf_counter() + budget_s)
        if m.finished:
            totals = m.summary()["totals"]
            # another detector scans passes, plates or calls, not faces: its scans
            faces = int(totals["faces_scanned"] or totals.get("scans", 0))
            self.ahead_values = {"faces_ahead": round_figures(faces, 2)}
            self.ahead = None

    def finish_run(self) -> None:
        """Show the result now (the run goes on to its end at once)."""
        if self.phase == "run" and self.runner is not None:
            self.runner.finish()
            self.phase = "explain"

    def measured(self) -> dict[str, Any]:
        """The chapter's numbers; in its follow-up, the follow-up's numbers too."""
        if self.runner is None:
            return {}
        measured = self.runner.measured()
        if self.phase in FOLLOW_PHASES:
            return {**measured, **self.follow_values()}
        return measured

    def explanation(self) -> Explanation | None:
        if self.phase not in ("explain", "play") or self.runner is None or self.answer is None:
            return None
        return explain(self.chapter, self.answer, self.runner.measured(), self.texts)

    # --- the follow-up: a second look at the finished run, with its own prediction ----------
    @property
    def follow_key(self) -> str:
        return f"{self.chapter.id}.follow"

    @property
    def follow_answer(self) -> str | None:
        answer = self.answers.get(self.follow_key)
        return None if answer is None else str(answer)

    def can_follow(self) -> bool:
        return self.phase == "explain" and self.chapter.follow is not None

    def follow(self) -> None:
        """From the explanation to the follow-up's question (the run is finished)."""
        if self.can_follow():
            self.phase = "follow_ask"

    def set_follow_answer(self, option: str) -> None:
        follow = self.chapter.follow
        if follow is None or option not in follow.options:
            raise ValueError(f"{option!r} is not an option of {self.chapter.id}'s follow-up")
        self.answers[self.follow_key] = option

    def can_show_follow(self) -> bool:
        return self.phase == "follow_ask" and self.follow_answer is not None

    def show_follow(self) -> None:
        """The student has answered: show the lookalike's day and what it says."""
        if self.can_show_follow():
            self.phase = "follow"

    def follow_model(self) -> Model | None:
        """The finished run the follow-up looks at again."""
        follow = self.chapter.follow
        if follow is None or self.runner is None:
            return None
        return self.runner.models.get(follow.run)

    def follow_values(self) -> dict[str, Any]:
        """The follow-up's numbers (``la_*``), computed once from the finished run."""
        if self._follow_values is None:
            model, follow = self.follow_model(), self.chapter.follow
            if model is None or follow is None:
                return {}
            self._follow_values = follow_metrics(model, follow.rules)
        return self._follow_values

    def follow_explanation(self) -> Explanation | None:
        if self.phase != "follow" or self.follow_answer is None:
            return None
        return explain_follow(self.chapter, self.follow_answer, self.measured(), self.texts)

    def play(self) -> None:
        """The challenge chapter: from its explanation to the player's own days."""
        spec = self.chapter.challenge
        if spec is None or self.phase != "explain":
            return
        if self.game is None:
            self.game = ChallengeGame(spec)
        self.phase = "play"

    # --- navigation ------------------------------------------------------------------
    def _enter(self) -> None:
        self.phase = "ask"
        self.runner = None
        self._follow_values = None
        self.ahead = None
        self.ahead_values = {}
        self.game = None
        self.visited.add(self.chapter.id)
        if self.chapter.id not in self.answers:
            default = self.default_answer()
            if default is not None:
                self.answers[self.chapter.id] = default

    def jump(self, index: int) -> None:
        """Go to chapter `index` of the path (the chapter dots)."""
        self.index = max(0, min(len(self.path) - 1, index))
        self.finished = False
        self._enter()

    def next(self) -> None:
        """On to the next chapter; past the last one the story is finished."""
        if self.index + 1 >= len(self.path):
            self.finished = True
            return
        self.jump(self.index + 1)

    skip = next

    def back(self) -> None:
        """Back one step: to this chapter's question, else to the previous chapter."""
        if self.phase != "ask":
            self._enter()
            return
        if self.index == 0:
            self.left = True
            return
        self.jump(self.index - 1)

    def again(self) -> None:
        """Answer this chapter's question again (keeps the last answer as a start)."""
        self._enter()


def round_figures(n: int, figures: int) -> int:
    """n rounded to so many significant figures (233,551 -> 230,000): 'about' a count."""
    if n == 0:
        return 0
    digits = len(str(abs(n))) - figures
    return int(round(n, -digits)) if digits > 0 else n
