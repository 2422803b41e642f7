"""The challenge screen: set the knobs, run a day, see whether the goal was met.

Right: the goal, the technology knobs beside the policy knobs, Run the day,
Reset and Finish, then the score of the day being played (or of the last
one) and every try so far. Left: the city of the day being played, or,
before the first day, the chapter's view of what each single change did.
The rules of the game (`sim.story.challenge.ChallengeGame`) are pure; this
screen only turns slider moves into `game.set` and draws its results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from sim.game.scenes.story_layout import LEFT, RIGHT, PhaseScreen, panel
from sim.game.widgets import Button, Choice, Slider, Widget
from sim.model.params import spec_for
from sim.story.challenge import ChallengeGame

PLAY_TOP = RIGHT.y + 154  # the goal (two lines) and its two rules (two lines) above, knobs below
KNOB_ROW = 84  # height of one knob row
KNOB_ROWS = 4  # the policy column: list, operators, officers, review
BUDGET_Y = PLAY_TOP + 36 + KNOB_ROWS * KNOB_ROW + 4  # the shared budget, one line
BUTTONS_Y = BUDGET_Y + 50  # Run the day, Reset, Finish
SCORE_Y = BUTTONS_Y + 76 + 12


class ChallengeScreen(PhaseScreen):
    """Play: the student's own day, as many tries as they like."""

    last_result: Any = None

    @property
    def game(self) -> ChallengeGame:
        game = self.flow.game
        assert game is not None
        return game

    def widgets(self) -> list[Widget]:
        spec = self.game.spec
        out: list[Widget] = []
        col_w = (RIGHT.width - 24) // 2
        tech = [k for k in spec.knobs if k in spec.technology]
        policy = [k for k in spec.knobs if k not in spec.technology]
        for c, keys in enumerate((tech, policy)):
            for r, key in enumerate(keys):
                rect = pygame.Rect(
                    RIGHT.x + c * (col_w + 24), PLAY_TOP + 36 + r * KNOB_ROW, col_w, KNOB_ROW - 6
                )
                out.append(self.knob(rect, key))
        specs: list[tuple[str, str, Callable[[], None], str]] = [
            ("run_day", "story.challenge.run_day", self.run_day, "title"),
            ("reset_knobs", "story.challenge.reset", self.reset_knobs, "label"),
            ("finish", "story.ui.finish", self.story.next, "label"),
        ]
        # each button its word's width, the rest of the row shared out evenly
        # ("Simuler la journée" in the big type needs more than a third)
        need = [self.ui.text.width(self.ui.tr(k), size, True) + 32 for _n, k, _a, size in specs]
        spare = max(0, RIGHT.width - 16 * (len(specs) - 1) - sum(need)) // len(specs)
        x = RIGHT.x
        for (name, key, action, size), w in zip(specs, need, strict=True):
            rect = pygame.Rect(x, BUTTONS_Y, w + spare, 76)
            out.append(Button(rect, lambda key=key: self.ui.tr(key), action, name=name, size=size))
            x = rect.right + 16
        self.run_button = next(w for w in out if w.name == "run_day")
        self.reset_button = next(w for w in out if w.name == "reset_knobs")
        return out

    @staticmethod
    def choice_key(key: str, value: object) -> str:
        """A choice's words: the story's plain ones for the algorithm, else the sandbox's."""
        if key == "algorithm":
            return f"story.challenge.algorithm.{value}"
        return f"choice.{key}.{value}"

    def knob(self, rect: pygame.Rect, key: str) -> Widget:
        """A slider or choice for one challenge knob, labelled like the sandbox's."""
        game = self.game
        spec = spec_for(key)
        label_key = {
            "watchlist_size": "control.watchlist_size",
            # plain words in the story: how often operators believe a false alert,
            # and which program (not "Cloud, 2018": a student knows neither word)
            "automation_bias": "story.challenge.automation_bias",
            "algorithm": "story.challenge.program",
        }.get(key, f"control.{key}")
        label = lambda: self.ui.tr(label_key)  # noqa: E731
        if spec.kind == "choice":
            return Choice(
                rect,
                label,
                lambda: spec.choices,
                lambda: game.get(key),
                lambda v: game.set(key, v),
                lambda v: self.ui.tr(self.choice_key(key, v)),
                name=f"knob:{key}",
            )
        lo, hi = float(spec.lo or 0), float(spec.hi or 1)
        scale, integer, fmt = "lin", spec.kind == "int", self.fmt_knob(key)
        if key == "threshold":
            lo = 50.0
        elif key == "watchlist_size":
            lo, hi, scale = 10.0, hi, "log"
        elif key == "cameras":
            hi, scale = 1000.0, "log1p"
        elif key == "reviewers":
            hi = 40.0
        elif key == "officers":
            hi = 60.0
        lo = max(lo, dict(self.game.spec.floors).get(key, lo))  # the slider starts at the floor
        return Slider(
            rect,
            label,
            lambda: float(game.get(key)),
            lambda v: game.set(key, int(round(v)) if integer else round(v, 2)),
            lo,
            hi,
            scale=scale,
            integer=integer,
            fmt=fmt,
            name=f"knob:{key}",
            steps=100 if key == "threshold" else 50,
        )

    def fmt_knob(self, key: str) -> Callable[[float], str]:
        i18n = self.ui.i18n
        if key == "threshold":
            return lambda v: self.ui.tr("value.similarity", v=i18n.num(v, 1 if v % 1 else 0))
        if key == "automation_bias":
            return lambda v: i18n.percent(v)
        if key == "watchlist_size":
            return lambda v: i18n.compact(v)
        return lambda v: i18n.num(v)

    # --- actions -----------------------------------------------------------------------
    def run_day(self) -> None:
        if not self.game.can_play():
            return
        model = self.game.start_day()
        self.story.cities.bind_play(model)

    def reset_knobs(self) -> None:
        if self.game.model is None:
            self.game.reset_knobs()

    def update(self, dt: float) -> None:
        # a new day waits for the last to end, and for the budget to be kept
        self.run_button.enabled = self.game.can_play()
        self.reset_button.enabled = self.game.model is None
        if self.game.model is not None:
            result = self.game.advance(dt)
            if result is not None:
                self.last_result = result

    # --- drawing -----------------------------------------------------------------------
    def goal_values(self) -> dict[str, Any]:
        """The goal's numbers, the list's floor and the costs, as the language writes them."""
        spec = self.game.spec
        num = self.ui.i18n.num
        values: dict[str, Any] = {"find": spec.find_at_least, "innocent": spec.innocent_at_most}
        values.update({f"floor_{k}": num(v) for k, v in spec.floors})
        values.update({f"cost_{k}": num(v) for k, v in spec.costs})
        if spec.budget is not None:
            values.update(total=num(spec.budget), spent=num(self.game.spent()))
            values["over"] = num(self.game.over_budget())
        return values

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        story = self.story
        values = self.goal_values()
        # left: the city of the day being played, or the score of the last one
        if story.cities:
            story.cities.draw_play(surface)
        else:  # before the first day: what each single change did, as a reminder
            story.view.draw(surface, LEFT, story.view_context())
        goal = pygame.Rect(RIGHT.x, RIGHT.y, RIGHT.width, PLAY_TOP - RIGHT.y - 8)
        used = ui.blit_wrapped(
            surface,
            ui.tr(self.flow.chapter.key("goal"), **values),
            goal,
            "large",
            th.ui("heading"),
            True,
        )
        ui.blit_wrapped(  # the two rules that make it a trade-off
            surface,
            ui.tr(self.flow.chapter.key("rules"), **values),
            pygame.Rect(goal.x, goal.y + used + 6, goal.width, goal.height - used - 6),
            "body",
            th.ui("text"),
        )
        col_w = (RIGHT.width - 24) // 2
        for c, key in enumerate(("story.challenge.technology", "story.challenge.policy")):
            ui.blit_text(
                surface,
                ui.tr(key),
                (RIGHT.x + c * (col_w + 24), PLAY_TOP),
                "label",
                th.ui("focus"),
                True,
                max_width=col_w,
            )
        if self.game.spec.budget is not None:
            self.draw_budget(surface, pygame.Rect(RIGHT.x, BUDGET_Y, RIGHT.width, 40), values)
        score = pygame.Rect(RIGHT.x, SCORE_Y, RIGHT.width, RIGHT.bottom - SCORE_Y)
        self.draw_score(surface, score, values)

    def draw_budget(
        self, surface: pygame.Surface, rect: pygame.Rect, values: dict[str, Any]
    ) -> None:
        """How much of the shared budget the knobs use: a bar and the words for it."""
        ui, th = self.ui, self.ui.theme
        game = self.game
        total = game.spec.budget or 1.0
        over = game.over_budget() > 0
        bar = pygame.Rect(rect.x, rect.y + 8, 180, rect.height - 16)
        pygame.draw.rect(surface, th.ui("track"), bar, 0, 6)
        share = min(1.0, game.spent() / total)
        color = th.ui("warning") if over else th.ui("fill")
        pygame.draw.rect(surface, color, (bar.x, bar.y, round(bar.width * share), bar.height), 0, 6)
        key = "story.challenge.over" if over else "story.challenge.budget"
        ui.blit_text(
            surface,
            ui.tr(key, **values),
            (bar.right + 14, bar.centery),
            "body",
            th.ui("warning") if over else th.ui("text"),
            over,
            anchor="midleft",
            max_width=rect.right - bar.right - 14,
        )

    def draw_score(self, surface: pygame.Surface, box: pygame.Rect, values: dict[str, Any]) -> None:
        """The day's two numbers, whether the goal was met, then every try, newest first."""
        ui, th = self.ui, self.ui.theme
        game = self.game
        panel(surface, ui, box)
        inner = box.inflate(-32, -24)
        last = game.tries[-1] if game.tries else None
        if game.model is not None:  # a day is being played: its numbers so far
            last = game.score(game.model.summary())
        if last is None:
            ui.blit_wrapped(
                surface, ui.tr("story.challenge.none_yet"), inner, "large", th.ui("text_dim")
            )
            return
        self.draw_numbers(surface, inner, last)
        y = inner.y + 120
        msg, color = self.verdict(last, values)
        used = ui.blit_wrapped(
            surface, msg, pygame.Rect(inner.x, y, inner.width, 100), "label", color, True
        )
        self.draw_tries(surface, inner, y + used + 8)

    def draw_numbers(self, surface: pygame.Surface, inner: pygame.Rect, last: Any) -> None:
        """Wanted people found of those in the city, and innocent people stopped."""
        ui, th = self.ui, self.ui.theme
        half = inner.width // 2
        for i, (n, label, color) in enumerate(
            (
                (
                    f"{ui.i18n.num(last.found)}/{ui.i18n.num(last.present)}",
                    "story.challenge.found",
                    th.color("charts", "wanted"),
                ),
                (
                    ui.i18n.num(last.innocent_stopped),
                    "story.challenge.innocent",
                    th.color("charts", "stops"),
                ),
            )
        ):
            x = inner.x + i * half
            num = ui.blit_text(surface, n, (x, inner.y), "huge", color, True, max_width=half - 10)
            ui.blit_text(
                surface, ui.tr(label), (x, num.bottom), "body", th.ui("text"), max_width=half - 10
            )

    def verdict(self, last: Any, values: dict[str, Any]) -> tuple[str, tuple[int, int, int]]:
        """Still running, goal met, met with technology alone, or not met."""
        ui, th = self.ui, self.ui.theme
        ch = self.flow.chapter
        if self.game.model is not None:
            return ui.tr("story.ui.running"), th.ui("text_dim")
        if last.met:
            return ui.tr(ch.key("met")), th.ui("focus")
        if last.tech_only:
            return ui.tr(ch.key("tech_only")), th.ui("warning")
        return ui.tr(ch.key("not_met"), **values), th.ui("warning")

    def draw_tries(self, surface: pygame.Surface, inner: pygame.Rect, y: int) -> None:
        """One line per try, the newest first and brightest, as many as fit."""
        ui, th = self.ui, self.ui.theme
        tries = self.game.tries
        for i, r in enumerate(tries[::-1]):
            if y + 30 > inner.bottom:
                break
            line = ui.tr(
                "story.challenge.try_line",
                n=len(tries) - i,
                found=r.found,
                present=r.present,
                innocent=r.innocent_stopped,
            )
            ui.blit_text(
                surface,
                line,
                (inner.x, y),
                "body",
                th.ui("text") if i else th.ui("heading"),
                max_width=inner.width,
            )
            y += 32
