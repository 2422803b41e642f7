"""The explanation screen: what happened, against what the student answered.

The finished view stays in sight (shorter, to make room); the explanation,
computed from the run by `StoryFlow.explanation`, says whether the answer
was right and why, with the new words it uses; the note at the bottom says
what the model simplifies. The buttons go on, run the chapter again, or open
the chapter's own real case.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from sim.game.scenes.story_layout import NOTE, RIGHT, PhaseScreen
from sim.game.scenes.story_run import draw_result_panels
from sim.game.scenes.story_text import draw_explanation, draw_recap, screen_words
from sim.game.widgets import Button, Widget


class ExplainScreen(PhaseScreen):
    """Explain: the reveal, with the way on (next chapter, or the challenge)."""

    def widgets(self) -> list[Widget]:
        ch = self.flow.chapter
        y = RIGHT.bottom - 90
        out: list[Widget] = []
        specs: list[tuple[str, str, Callable[[], None]]] = [("again", "story.ui.again", self.again)]
        if ch.cases:
            specs.append(("case", "story.ui.case", self.open_case))
        if ch.challenge is not None:
            specs.append(("next", "story.ui.play", self.play))
        elif ch.follow is not None:  # the chapter goes on: one person's day
            specs.append(("next", "story.follow.go", self.follow))
        else:
            path, i = self.flow.path, self.flow.index
            scene_next = i + 1 < len(path) and path[i + 1].order == ch.order
            key = "story.ui.next_part" if scene_next else "story.ui.next"
            specs.append(("next", key, self.story.next))
        w = (RIGHT.width - 16 * (len(specs) - 1)) // len(specs)
        for i, (name, key, action) in enumerate(specs):
            rect = pygame.Rect(RIGHT.x + i * (w + 16), y, w, 86)
            out.append(Button(rect, lambda key=key: self.ui.tr(key), action, name=name))
        out.insert(0, out.pop())  # Enter goes on
        return out

    def again(self) -> None:
        self.flow.again()
        self.story.rebuild()

    def open_case(self) -> None:
        ch = self.flow.chapter
        if ch.cases:
            self.story.app.open("about", case=ch.cases[0])

    def follow(self) -> None:
        self.flow.follow()
        self.story.rebuild()

    def play(self) -> None:
        self.flow.play()
        self.story.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        story = self.story
        flow = self.flow
        side = draw_result_panels(surface, story, explaining=True)
        box = pygame.Rect(side.x, side.y, side.width, side.bottom - side.y - 104)
        if story.wide():
            draw_recap(
                surface, ui, pygame.Rect(box.x, box.y, box.width, 180), flow, story.tr, story.values
            )
            box = pygame.Rect(box.x, box.y + 196, box.width, box.height - 196)
        explanation = flow.explanation()
        if explanation is not None:
            draw_explanation(surface, ui, box, explanation, screen_words(ui, flow, story.tr)[1])
        note = ui.tr(
            "story.ui.simplifies", text=ui.tr(flow.chapter.key("simplifies"), **story.values)
        )
        ui.blit_wrapped(surface, note, NOTE, "body", th.ui("text_dim"))
