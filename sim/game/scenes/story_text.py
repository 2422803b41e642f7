"""The story's words on screen: the recap of the question, the explanation, "New words".

A chapter has two screens of text (the question, then the explanation);
every glossary word is explained on the first of them to use it. These
helpers draw that text fitted into the box it is given, shrinking the type a
step at a time rather than cutting a sentence, but never the new words below
the theme's "small" size: a glossary is read from the back of the room too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from sim.game.scenes.story_layout import panel
from sim.story.explain import Explanation
from sim.story.flow import StoryFlow
from sim.story.glossary import Word, new_words, words
from sim.text.ui import UI


def screen_texts(flow: StoryFlow, tr: Callable[..., str]) -> list[str]:
    """What the chapter's two screens say: the question screen, then the explanation."""
    ch = flow.chapter
    ask = [tr(ch.key("intro")), tr(ch.key("question"))]
    if ch.question.kind == "choice":
        ask += [tr(ch.key(f"option.{o}")) for o in ch.question.options]
    explanation = flow.explanation()
    told = [explanation.text] if explanation is not None else []
    told.append(tr(ch.key("simplifies")))
    return [" ".join(ask), " ".join(told)]


def screen_words(ui: UI, flow: StoryFlow, tr: Callable[..., str]) -> list[list[Word]]:
    """The glossary words each screen explains (the first screen of the chapter to use one)."""
    glossary = words(ui.i18n.strings)
    return new_words(screen_texts(flow, tr), glossary)


def word_lines(ui: UI, fresh: list[Word]) -> list[str]:
    """The "New words" heading, then one "word: meaning" line per word."""
    return [ui.tr("story.ui.words")] + [f"{w.label}: {w.means}" for w in fresh]


def lines_height(ui: UI, lines: list[str], px: int, width: int) -> int:
    """How tall the word lines are at px (the heading bold)."""
    return sum(
        len(ui.text.wrap(line, px, width, i == 0)) * ui.text.line_height(px, i == 0)
        for i, line in enumerate(lines)
    )


def words_floor(ui: UI) -> int:
    """The smallest size the new words are drawn at: the theme's "small" (21 px at 1080 lines)."""
    return ui.theme.size("small")


def draw_words(
    surface: pygame.Surface, ui: UI, rect: pygame.Rect, fresh: list[Word], px: int = 26
) -> int:
    """'New words': each hard word of this screen with its one-line meaning."""
    if not fresh or rect.height < 40:
        return 0
    th = ui.theme
    lines = word_lines(ui, fresh)
    floor = words_floor(ui)
    px = max(px, floor)
    while px > floor and lines_height(ui, lines, px, rect.width) > rect.height:
        px = max(floor, px - 2)
    y = rect.y
    for i, line in enumerate(lines):
        y += ui.blit_wrapped(
            surface,
            line,
            pygame.Rect(rect.x, y, rect.width, rect.bottom - y),
            px,
            th.ui("focus") if i == 0 else th.ui("text_dim"),
            i == 0,
        )
    return y - rect.y


def draw_recap(
    surface: pygame.Surface,
    ui: UI,
    rect: pygame.Rect,
    flow: StoryFlow,
    tr: Callable[..., str],
    values: dict[str, Any],
) -> None:
    """The question and the player's answer, kept in view while the runs answer."""
    th = ui.theme
    ch = flow.chapter
    used = ui.blit_wrapped(
        surface,
        tr(ch.key("question")),
        pygame.Rect(rect.x, rect.y, rect.width, rect.height // 2),
        "large",
        th.ui("heading"),
        True,
    )
    if ch.question.kind == "choice":
        text = ui.tr("story.ui.your_answer", choice=values.get("choice", ""))
    else:
        text = ui.tr("story.ui.your_guess", guess=values.get("guess", ""))
    ui.blit_wrapped(
        surface,
        text,
        pygame.Rect(rect.x, rect.y + used + 12, rect.width, rect.height - used - 12),
        "large",
        th.ui("focus"),
        True,
    )


def explanation_sizes(
    ui: UI, first: str, rest: str, lines: list[str], width: int, height: int
) -> tuple[int, int, int, int, int]:
    """Type sizes that fit the explanation into height: (px, words px, h1, h2, words room).

    Each part gets the room its words need, the new words a step smaller
    (never below `words_floor`: the sentences above shrink first).
    """
    px = 32
    while True:
        wpx = max(words_floor(ui), px - 6)
        h1 = len(ui.text.wrap(first, px, width, True)) * ui.text.line_height(px, True)
        h2 = len(ui.text.wrap(rest, px, width)) * ui.text.line_height(px)
        w_room = lines_height(ui, lines, wpx, width) + 12 if len(lines) > 1 else 0
        if h1 + h2 + 14 + w_room <= height or px <= 18:
            return px, wpx, h1, h2, w_room
        px -= 2


def draw_explanation(
    surface: pygame.Surface,
    ui: UI,
    box: pygame.Rect,
    explanation: Explanation,
    fresh: list[Word],
) -> None:
    """The explanation: its first sentence bold, the rest, then the new words it used."""
    th = ui.theme
    panel(surface, ui, box)
    mark = th.ui("focus") if explanation.outcome in ("close", "right") else th.ui("warning")
    pygame.draw.rect(surface, mark, (box.x, box.y, 10, box.height), 0, 6)
    inner = box.inflate(-48, -36)
    inner.x += 6
    first, *rest = explanation.sentences
    rest_text = " ".join(rest)
    lines = word_lines(ui, fresh)
    px, wpx, h1, h2, w_room = explanation_sizes(
        ui, first, rest_text, lines, inner.width, inner.height
    )
    used = ui.blit_wrapped(
        surface,
        first,
        pygame.Rect(inner.x, inner.y, inner.width, max(h1, inner.height - h2 - 14)),
        px,
        th.ui("heading"),
        True,
    )
    used += 14 + ui.blit_wrapped(
        surface,
        rest_text,
        pygame.Rect(inner.x, inner.y + used + 14, inner.width, inner.height - used - 14 - w_room),
        px,
        th.ui("text"),
    )
    w_rect = pygame.Rect(inner.x, inner.y + used + 12, inner.width, 0)
    w_rect.height = inner.bottom - w_rect.y
    draw_words(surface, ui, w_rect, fresh, wpx)
