"""The follow-up of a chapter: one innocent lookalike through the day, and a prediction first.

`FollowAskScreen` asks whether false alerts are spread evenly over innocent
people (with what the student needs to reason: how many false alerts, how
many people got them). `FollowScreen` then shows the innocent person flagged
most often in the chapter's finished run: their face code beside the code of
the record it matched, each alert and stop on a strip of the day, how few
people got half of all false alerts, and the explanation computed from the
run (`StoryFlow.follow_explanation`). Shapes and words repeat every colour.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame

from sim.game.glyph_cache import GlyphCache
from sim.game.scenes.story_layout import LEFT, RIGHT, PhaseScreen, StoryHost, panel
from sim.game.scenes.story_text import draw_explanation, draw_words
from sim.game.scenes.story_widgets import option_column
from sim.game.widgets import Button, Widget
from sim.model.alerts import CONFIRMED, DISMISSED
from sim.story.glossary import Word, new_words, words
from sim.story.lookalike import PersonDay, person_day
from sim.text.ui import UI

GLYPH = 184
MARK = 11  # half the size of a mark on the strip
STRIP_H = 270
# how an alert is drawn on the strip, by what the operator did (and its legend word)
ALERT_MARKS = ("confirmed", "dismissed", "unchecked")


def follow_texts(story: StoryHost) -> list[str]:
    """What the follow-up's two screens say (for their new words)."""
    flow = story.flow
    assert flow is not None
    ch, tr = flow.chapter, story.tr
    follow = ch.follow
    assert follow is not None
    ask = [tr(ch.key("follow.intro")), tr(ch.key("follow.question"))]
    ask += [tr(ch.key(f"follow.option.{o}")) for o in follow.options]
    explanation = flow.follow_explanation()
    return [" ".join(ask), explanation.text if explanation is not None else ""]


def follow_words(story: StoryHost, screen: int) -> list[Word]:
    """The glossary words the follow-up's screen `screen` (0 or 1) explains first.

    Words the chapter's own two screens already explained are not repeated.
    """
    from sim.game.scenes.story_text import screen_texts

    flow = story.flow
    assert flow is not None
    glossary = words(story.ui.i18n.strings)
    screens = [*screen_texts(flow, story.tr), *follow_texts(story)]
    return new_words(screens, glossary)[2 + screen]


class FollowAskScreen(PhaseScreen):
    """Predict again: are the day's false alerts spread evenly over innocent people?"""

    def widgets(self) -> list[Widget]:
        flow = self.flow
        follow = flow.chapter.follow
        assert follow is not None
        out: list[Widget] = list(
            option_column(
                RIGHT,
                follow.options,
                170,
                lambda opt: self.story.tr(flow.chapter.key(f"follow.option.{opt}")),
                flow.set_follow_answer,
                lambda: flow.follow_answer,
                "follow",
            )
        )
        rect = pygame.Rect(RIGHT.right - 420, RIGHT.bottom - 100, 420, 96)
        self.show_button = Button(
            rect, lambda: self.ui.tr("story.follow.show"), self.show, name="show", size="title"
        )
        out.append(self.show_button)
        return out

    def show(self) -> None:
        if self.flow.can_show_follow():
            self.flow.show_follow()
            self.story.rebuild()

    def update(self, dt: float) -> None:
        self.show_button.enabled = self.flow.can_show_follow()

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        ch = self.flow.chapter
        tr = self.story.tr
        panel(surface, ui, LEFT)
        inner = LEFT.inflate(-56, -56)
        used = ui.blit_wrapped(
            surface,
            tr(ch.key("follow.title")),
            pygame.Rect(inner.x, inner.y, inner.width, 110),
            "title",
            th.ui("heading"),
            True,
        )
        intro = pygame.Rect(inner.x, inner.y + used + 20, inner.width, 330)
        used += 20 + ui.blit_wrapped(surface, tr(ch.key("follow.intro")), intro, 34, th.ui("text"))
        q_rect = pygame.Rect(inner.x, inner.y + used + 60, inner.width, 0)
        q_rect.height = min(200, inner.bottom - q_rect.y)
        pygame.draw.line(
            surface, th.ui("focus"), (q_rect.x, q_rect.y - 24), (q_rect.x + 120, q_rect.y - 24), 5
        )
        q_used = ui.blit_wrapped(
            surface, tr(ch.key("follow.question")), q_rect, 44, th.ui("heading"), True
        )
        w_rect = pygame.Rect(inner.x, q_rect.y + q_used + 36, inner.width, 0)
        w_rect.height = inner.bottom - w_rect.y
        draw_words(surface, ui, w_rect, follow_words(self.story, 0))
        ui.blit_wrapped(
            surface,
            ui.tr("story.follow.pick"),
            pygame.Rect(RIGHT.x, RIGHT.bottom - 96, RIGHT.width - 440, 90),
            "label",
            th.ui("text_dim"),
        )


class FollowScreen(PhaseScreen):
    """One lookalike's day, how the false alerts were shared, and what that says."""

    def __init__(self, story: StoryHost) -> None:
        super().__init__(story)
        self.glyphs = GlyphCache(8)
        model = self.flow.follow_model()
        person = int(self.flow.follow_values().get("la_person", -1))
        self.day: PersonDay | None = (
            person_day(model, person) if model is not None and person >= 0 else None
        )

    def widgets(self) -> list[Widget]:
        rect = pygame.Rect(RIGHT.x, RIGHT.bottom - 90, RIGHT.width, 86)
        return [Button(rect, lambda: self.ui.tr("story.ui.next"), self.story.next, name="next")]

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_person(surface)
        share = pygame.Rect(RIGHT.x, RIGHT.y, RIGHT.width, 300)
        self.draw_share(surface, share)
        box = pygame.Rect(RIGHT.x, share.bottom + 16, RIGHT.width, 0)
        box.height = RIGHT.bottom - 104 - box.y
        explanation = self.flow.follow_explanation()
        if explanation is not None:
            draw_explanation(surface, self.ui, box, explanation, follow_words(self.story, 1))

    # --- the person: two codes, the counts, the strip --------------------------------
    def draw_person(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        tr = self.story.tr
        panel(surface, ui, LEFT)
        inner = LEFT.inflate(-48, -40)
        y = inner.y
        y += ui.blit_wrapped(
            surface,
            tr(self.flow.chapter.key("follow.title")),
            pygame.Rect(inner.x, y, inner.width, 110),
            "title",
            th.ui("heading"),
            True,
        )
        day = self.day
        if day is None:  # nobody innocent was flagged: nobody to follow
            ui.blit_wrapped(
                surface,
                ui.tr("story.follow.nobody"),
                pygame.Rect(inner.x, y + 20, inner.width, 200),
                "large",
                th.ui("text"),
            )
            return
        group = th.color("groups", day.group) if day.group in "ABCD" else th.ui("text")
        who = ui.tr("story.follow.who", id=ui.i18n.num(day.person), name=day.group)
        y += 10 + ui.blit_wrapped(
            surface, who, pygame.Rect(inner.x, y + 10, inner.width, 80), "label", group, True
        )
        y = self.draw_codes(surface, ui, pygame.Rect(inner.x, y + 16, inner.width, 0), day)
        counts = ui.tr("story.follow.counts", **self.story.values)
        y += 16 + ui.blit_wrapped(
            surface, counts, pygame.Rect(inner.x, y + 16, inner.width, 80), "large", th.ui("text")
        )
        y += 20 + ui.blit_wrapped(
            surface,
            ui.tr("story.follow.strip"),
            pygame.Rect(inner.x, y + 20, inner.width, 70),
            "small",
            th.ui("text_dim"),
        )
        strip = pygame.Rect(inner.x, y + 6, inner.width, STRIP_H)
        self.draw_strip(surface, ui, strip, day)
        legend = pygame.Rect(inner.x, strip.bottom + 12, inner.width, inner.bottom - strip.bottom)
        self.draw_legend(surface, ui, legend)

    def draw_codes(self, surface: pygame.Surface, ui: UI, rect: pygame.Rect, day: PersonDay) -> int:
        """Their code and the record's side by side, how alike they were between: the bottom y."""
        th = ui.theme
        gap = rect.width - 2 * GLYPH
        boxes = [
            (pygame.Rect(rect.x, rect.y, GLYPH, GLYPH), day.code, "story.follow.their_code"),
            (
                pygame.Rect(rect.right - GLYPH, rect.y, GLYPH, GLYPH),
                day.record,
                "story.follow.record_code",
            ),
        ]
        bottom = rect.y + GLYPH
        for box, code, key in boxes:
            if code is not None:
                surface.blit(self.glyphs.get(np.asarray(code), GLYPH), box)
            label = pygame.Rect(box.x - 20, box.bottom + 8, GLYPH + 40, 70)
            used = ui.blit_wrapped(surface, ui.tr(key), label, "small", th.ui("text_dim"))
            bottom = max(bottom, label.y + used)
        if day.score.size == 0:  # their alerts left the log (a very long run): no score to say
            return bottom
        lo, hi = float(day.score.min()), float(day.score.max())
        if round(lo) == round(hi):
            alike = ui.tr("story.follow.alike_one", v=ui.i18n.num(round(hi)))
        else:
            alike = ui.tr(
                "story.follow.alike", lo=ui.i18n.num(round(lo)), hi=ui.i18n.num(round(hi))
            )
        mid = pygame.Rect(rect.x + GLYPH + 16, rect.y + GLYPH // 2 - 60, gap - 32, 120)
        lines = ui.text.wrap(alike, th.size("large"), mid.width, True)
        h = len(lines) * ui.text.line_height("large", True)
        mid = pygame.Rect(mid.x, rect.y + (GLYPH - h) // 2, mid.width, h + 4)
        ui.blit_wrapped(surface, alike, mid, "large", th.ui("focus"), True, align="center")
        return bottom

    def draw_strip(
        self, surface: pygame.Surface, ui: UI, rect: pygame.Rect, day: PersonDay
    ) -> None:
        """The day from its first to its last hour: alerts above the line, stops below."""
        th = ui.theme
        pygame.draw.rect(surface, th.ui("background"), rect, 0, 8)
        axis_y = rect.y + rect.height * 68 // 100
        left, right = rect.x + 24, rect.right - 24
        span = max(1e-6, day.end_h - day.start_h)

        def x_of(hour: float) -> int:
            return round(left + (right - left) * (hour - day.start_h) / span)

        pygame.draw.line(surface, th.ui("track"), (left, axis_y), (right, axis_y), 3)
        first = int(np.ceil(day.start_h))
        for hour in range(first, int(np.floor(day.end_h)) + 1):
            x = x_of(hour)
            big = hour % 3 == 0
            pygame.draw.line(surface, th.ui("track"), (x, axis_y - 6), (x, axis_y + 6), 2)
            if big:
                ui.blit_text(
                    surface,
                    f"{hour % 24:02d}:00",
                    (x, rect.bottom - 6),
                    "small",
                    th.ui("text_dim"),
                    anchor="midbottom",
                )
        placed: list[int] = []
        for i in range(day.hours.size):
            x = x_of(float(day.hours[i]))
            level = sum(1 for px in placed[-4:] if abs(px - x) < 2 * MARK + 2)
            placed.append(x)
            y = axis_y - 22 - level * (2 * MARK + 4)
            self.draw_alert_mark(surface, ui, (x, y), self.alert_kind(day, i))
            if day.stopped[i]:
                self.draw_stop_mark(surface, ui, (x, axis_y + 28), bool(day.held[i]))

    @staticmethod
    def alert_kind(day: PersonDay, i: int) -> str:
        review = int(day.review[i])
        if review == CONFIRMED:
            return "confirmed"
        if review == DISMISSED:
            return "dismissed"
        return "unchecked"

    @staticmethod
    def draw_alert_mark(surface: pygame.Surface, ui: UI, at: tuple[int, int], kind: str) -> None:
        """An alert's mark: its shape says what the operator did (the colour repeats it)."""
        th = ui.theme
        x, y = at
        color = th.state("flagged")
        if kind == "confirmed":  # a filled triangle: "yes, that is them"
            pts = [(x, y - MARK), (x - MARK, y + MARK), (x + MARK, y + MARK)]
            pygame.draw.polygon(surface, color, pts)
            pygame.draw.polygon(surface, (0, 0, 0), pts, 2)
        elif kind == "dismissed":  # a hollow circle: "no, not them"
            pygame.draw.circle(surface, th.ui("text"), (x, y), MARK, 3)
        else:  # a cross: nobody looked in time
            c, d = th.ui("text_dim"), MARK - 2
            pygame.draw.line(surface, c, (x - d, y - d), (x + d, y + d), 3)
            pygame.draw.line(surface, c, (x - d, y + d), (x + d, y - d), 3)

    @staticmethod
    def draw_stop_mark(surface: pygame.Surface, ui: UI, at: tuple[int, int], held: bool) -> None:
        """A stop: a diamond, or a square when the person was wrongly held (as on the map)."""
        th = ui.theme
        x, y = at
        if held:
            box = pygame.Rect(x - MARK, y - MARK, 2 * MARK, 2 * MARK)
            pygame.draw.rect(surface, th.state("detained"), box)
            pygame.draw.rect(surface, (0, 0, 0), box, 2)
            return
        pts = [(x, y - MARK - 2), (x + MARK + 2, y), (x, y + MARK + 2), (x - MARK - 2, y)]
        pygame.draw.polygon(surface, th.state("stopped"), pts)
        pygame.draw.polygon(surface, (0, 0, 0), pts, 2)

    def draw_legend(self, surface: pygame.Surface, ui: UI, rect: pygame.Rect) -> None:
        """What each mark of the strip means, in rows that fit (never shrunk)."""
        th = ui.theme
        items: list[tuple[str, str]] = [(k, ui.tr(f"story.follow.{k}")) for k in ALERT_MARKS]
        items += [("stopped", ui.tr("state.stopped")), ("detained", ui.tr("state.detained"))]
        line = ui.text.line_height("small") + 8
        x, y = rect.x, rect.y + line // 2
        for kind, word in items:
            w = 30 + ui.text.width(word, "small")
            if x > rect.x and x + w > rect.right:
                x, y = rect.x, y + line
            if kind in ALERT_MARKS:
                self.draw_alert_mark(surface, ui, (x + MARK, y), kind)
            else:
                self.draw_stop_mark(surface, ui, (x + MARK, y), kind == "detained")
            ui.blit_text(surface, word, (x + 30, y), "small", th.ui("text"), anchor="midleft")
            x += w + 26

    # --- how the false alerts were shared -------------------------------------------------
    def draw_share(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Two bars of people: the few who got half of the false alerts, and the rest."""
        ui, th = self.ui, self.ui.theme
        values: dict[str, Any] = self.flow.follow_values()
        panel(surface, ui, rect)
        inner = rect.inflate(-36, -28)
        used = ui.blit_wrapped(
            surface,
            ui.tr("story.follow.share_title", **self.story.values),
            pygame.Rect(inner.x, inner.y, inner.width, 80),
            "label",
            th.ui("heading"),
            True,
        )
        flagged = max(1, int(values.get("la_flagged", 0)))
        half = int(values.get("la_half_people", 0))
        rows = [
            ("story.follow.first_half", half, th.state("flagged")),
            ("story.follow.other_half", flagged - half, th.ui("track")),
        ]
        y = inner.y + used + 12
        room = inner.bottom - y - ui.text.line_height("small") - 8
        row_h = max(60, room // 2)
        for key, people, color in rows:
            text = ui.tr_n(key, people, **self.story.values)
            ui.blit_text(surface, text, (inner.x, y), "small", th.ui("text"))
            bar = pygame.Rect(inner.x, y + ui.text.line_height("small") + 2, 0, 22)
            bar.width = max(4, round(inner.width * people / flagged))
            pygame.draw.rect(surface, color, bar, 0, 4)
            pygame.draw.rect(surface, th.ui("text"), bar, 2, 4)
            y += row_h
        ui.blit_text(
            surface,
            ui.tr_n("story.follow.never", int(values.get("la_never", 0)), **self.story.values),
            (inner.x, inner.bottom),
            "small",
            th.ui("text_dim"),
            anchor="bottomleft",
        )
