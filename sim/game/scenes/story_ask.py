"""The question screen: the chapter's introduction, its question, and the answer to give.

Left: the introduction, the question and the new words it uses (with what
the question needs to reason, counted ahead while the student reads). Right:
the options, or a slider with the guess in large type, and Run, which waits
for an answer.
"""

from __future__ import annotations

import pygame

from sim.game.scenes.story_layout import LEFT, RIGHT, PhaseScreen, panel
from sim.game.scenes.story_text import draw_words, screen_words
from sim.game.scenes.story_widgets import option_column
from sim.game.widgets import Button, Slider, Widget
from sim.story.explain import fmt_value


class AskScreen(PhaseScreen):
    """Predict: the student answers before the city runs."""

    #: the left panel as last drawn, and what it was drawn from (see `draw_question`)
    _question: pygame.Surface | None = None
    _question_key: tuple[object, ...] = ()

    def widgets(self) -> list[Widget]:
        flow = self.flow
        q = flow.chapter.question
        out: list[Widget] = []
        run_rect = pygame.Rect(RIGHT.right - 420, RIGHT.bottom - 100, 420, 96)
        if q.kind == "choice":
            out += option_column(
                RIGHT,
                q.options,
                150,
                lambda opt: self.story.tr(flow.chapter.key(f"option.{opt}")),
                flow.set_answer,
                lambda: flow.answer,
                "option",
            )
        else:
            rect = pygame.Rect(RIGHT.x + 20, RIGHT.y + 330, RIGHT.width - 40, 120)
            slider = Slider(
                rect,
                lambda: self.ui.tr("story.ui.slide"),
                lambda: float(flow.answer if flow.answer is not None else q.start),
                flow.set_answer,
                q.lo,
                q.hi,
                scale=q.scale,
                integer=q.integer,
                fmt=lambda v: "",
                name="guess",
                steps=100 if q.scale == "lin" else 60,
            )
            out.append(slider)
        self.run_button = Button(
            run_rect, lambda: self.ui.tr("story.ui.run"), self.run, name="run", size="title"
        )
        out.append(self.run_button)
        self.slider = next((w for w in out if isinstance(w, Slider)), None)
        return out

    def run(self) -> None:
        if self.flow.can_run():
            self.flow.run()
            self.story.rebuild()

    def update(self, dt: float) -> None:
        self.run_button.enabled = self.flow.can_run()  # Run waits for an answer
        self.flow.update(dt)  # counts ahead what the question needs, a slice a frame

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_question(surface)
        if self.flow.chapter.question.kind == "slider":
            self.draw_guess(surface)
        else:
            ui = self.ui
            ui.blit_wrapped(
                surface,
                ui.tr("story.ui.pick_one"),
                pygame.Rect(RIGHT.x, RIGHT.bottom - 96, RIGHT.width - 440, 90),
                "label",
                ui.theme.ui("text_dim"),
            )

    def draw_question(self, surface: pygame.Surface) -> None:
        """Left panel: introduction, question, what was counted ahead, new words.

        The panel only changes with the chapter, the language, the text size
        or what was counted ahead, so it is drawn once and then blitted: its
        wrapped paragraphs and glossary were a third of a frame's work.
        """
        ui, flow = self.ui, self.flow
        key = (
            ui.i18n.lang,
            id(ui.theme),
            ui.fonts.scale,
            tuple(c.id for c in flow.path),
            flow.chapter.id,
            repr(flow.ahead_values),
            surface.get_size(),
        )
        if self._question is not None and key == self._question_key:
            surface.blit(self._question, LEFT)
            return
        self._draw_question(surface)
        self._question = surface.subsurface(LEFT).copy()
        self._question_key = key

    def _draw_question(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        ch = flow.chapter
        tr = self.story.tr
        panel(surface, ui, LEFT)
        inner = LEFT.inflate(-56, -56)
        intro = pygame.Rect(inner.x, inner.y, inner.width, inner.height - 300)
        used = ui.blit_wrapped(surface, tr(ch.key("intro")), intro, 34, th.ui("text"))
        q_rect = pygame.Rect(inner.x, inner.y + used + 60, inner.width, 0)
        q_rect.height = inner.bottom - q_rect.y
        pygame.draw.line(
            surface, th.ui("focus"), (q_rect.x, q_rect.y - 24), (q_rect.x + 120, q_rect.y - 24), 5
        )
        q_used = ui.blit_wrapped(
            surface, tr(ch.key("question")), q_rect, 44, th.ui("heading"), True
        )
        if ch.question.ahead:
            ahead = (
                tr(
                    ch.key("ahead"),
                    **{k: fmt_value(ui.i18n, v) for k, v in flow.ahead_values.items()},
                )
                if flow.ahead_values
                # what is counted ahead, in the chapter's words when it counts no faces
                else ui.tr(
                    ch.key("counting") if ui.i18n.has(ch.key("counting")) else "story.ui.counting"
                )
            )
            q_used += 16 + ui.blit_wrapped(
                surface,
                ahead,
                pygame.Rect(q_rect.x, q_rect.y + q_used + 16, q_rect.width, 120),
                34,
                th.ui("focus"),
            )
        w_rect = pygame.Rect(inner.x, q_rect.y + q_used + 36, inner.width, 0)
        w_rect.height = inner.bottom - w_rect.y
        draw_words(surface, ui, w_rect, screen_words(ui, flow, tr)[0])

    def draw_guess(self, surface: pygame.Surface) -> None:
        """Right panel: the guess in large type over the slider, with its two ends."""
        ui, th = self.ui, self.ui.theme
        flow = self.flow
        q = flow.chapter.question
        value = flow.answer if flow.answer is not None else q.start
        text = str(fmt_value(ui.i18n, int(value) if q.integer else value))
        ui.blit_text(
            surface,
            ui.tr("story.ui.your_guess", guess=""),
            (RIGHT.centerx, RIGHT.y + 40),
            "title",
            th.ui("text_dim"),
            anchor="midtop",
            max_width=RIGHT.width,
        )
        ui.blit_text(
            surface,
            text,
            (RIGHT.centerx, RIGHT.y + 110),
            160,
            th.ui("focus"),
            True,
            anchor="midtop",
            max_width=RIGHT.width,
        )
        assert self.slider is not None
        track = self.slider.track
        for v, anchor in ((q.lo, "topleft"), (q.hi, "topright")):
            ui.blit_text(
                surface,
                ui.i18n.num(v),
                (track.x if anchor == "topleft" else track.right, track.bottom + 34),
                "label",
                th.ui("text_dim"),
                anchor=anchor,
            )
