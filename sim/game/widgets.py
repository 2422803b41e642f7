"""Small widgets: Button, Toggle, Slider, Choice, NumberField, Panel.

Our own rather than a library so that touch targets (>= 48 logical px), focus
order, fonts and the language are fully ours, and a frame of twenty widgets
costs a fraction of a millisecond (text is rendered once and cached).
Widgets see events in logical 1920x1080 coordinates: the app converts them.
Labels are callables, so a language switch shows at the next frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pygame

from sim.game.layout import MIN_TARGET
from sim.text.ui import UI

TextFn = Callable[[], str]
LABEL_H = 32  # label row above a control's touch target


class Widget:
    """A rectangle that may take focus, handle input and draw itself."""

    help: str | None = None  # locale key of the one line that says what it does

    def __init__(self, rect: pygame.Rect, name: str = "") -> None:
        self.rect = pygame.Rect(rect)
        self.name = name
        self.hover = False
        self.enabled = True

    @property
    def target(self) -> pygame.Rect:
        """The part that reacts to a pointer (at least 48 px high)."""
        return self.rect

    def handle(self, event: pygame.event.Event) -> bool:
        """React to one event; True if it was used."""
        return False

    def activate(self) -> None:
        """What Enter does when the widget has focus."""

    def nudge(self, direction: int) -> None:
        """What the left/right arrow keys do when the widget has focus."""

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        raise NotImplementedError

    def _clicked(self, event: pygame.event.Event) -> bool:
        return (
            self.enabled
            and event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.target.collidepoint(event.pos)
        )

    def _draw_focus(self, surf: pygame.Surface, ui: UI, focused: bool) -> None:
        if focused:
            pygame.draw.rect(surf, ui.theme.ui("focus"), self.target.inflate(8, 8), 4, 10)


class Button(Widget):
    """A push button; `on` makes it look pressed (e.g. Pause while paused)."""

    def __init__(
        self,
        rect: pygame.Rect,
        label: TextFn,
        action: Callable[[], None],
        name: str = "",
        on: Callable[[], bool] | None = None,
        size: int | str = "label",
    ) -> None:
        super().__init__(rect, name)
        self.label = label
        self.action = action
        self.on = on
        self.size = size

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.target.collidepoint(event.pos)
            return False
        if self._clicked(event):
            self.action()
            return True
        return False

    def activate(self) -> None:
        if self.enabled:
            self.action()

    def draw_face(self, surf: pygame.Surface, ui: UI) -> None:
        """The button's plate: lit when its ``on`` says so, lighter under the pointer."""
        th = ui.theme
        pressed = self.on is not None and self.on()
        color = th.ui("button_on") if pressed else th.ui("button_hover" if self.hover else "button")
        pygame.draw.rect(surf, color, self.rect, 0, 10)
        pygame.draw.rect(surf, th.ui("panel_border"), self.rect, 2, 10)

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        self.draw_face(surf, ui)
        text_color = th.ui("text") if self.enabled else th.ui("text_dim")
        ui.blit_text(
            surf,
            self.label(),
            self.rect.center,
            self.size,
            text_color,
            bold=True,
            anchor="center",
            max_width=self.rect.width - 16,
        )
        self._draw_focus(surf, ui, focused)


class _Labelled(Widget):
    """A control with a label row on top and a touch target below it."""

    def __init__(self, rect: pygame.Rect, label: TextFn, name: str = "") -> None:
        super().__init__(rect, name)
        self.label = label

    @property
    def target(self) -> pygame.Rect:
        r = self.rect
        return pygame.Rect(r.x, r.y + LABEL_H, r.width, max(MIN_TARGET, r.height - LABEL_H))

    def _draw_label(self, surf: pygame.Surface, ui: UI, value: str = "") -> None:
        th = ui.theme
        x, y, w = self.rect.x, self.rect.y, self.rect.width
        value_w = 0
        if value:
            vr = ui.blit_text(
                surf,
                value,
                (x + w, y + 2),
                "body",
                th.ui("heading"),
                bold=True,
                anchor="topright",
                max_width=w // 2,
            )
            value_w = vr.width + 10
        ui.blit_text(
            surf, self.label(), (x, y + 2), "body", th.ui("text_dim"), max_width=w - value_w
        )


class Toggle(_Labelled):
    """An on/off switch: position, colour and the words On/Off all say the state."""

    def __init__(
        self,
        rect: pygame.Rect,
        label: TextFn,
        get: Callable[[], bool],
        set: Callable[[bool], None],
        on_text: TextFn,
        off_text: TextFn,
        name: str = "",
    ) -> None:
        super().__init__(rect, label, name)
        self.get = get
        self.set = set
        self.on_text = on_text
        self.off_text = off_text

    def handle(self, event: pygame.event.Event) -> bool:
        if self._clicked(event):
            self.activate()
            return True
        return False

    def activate(self) -> None:
        self.set(not self.get())

    def nudge(self, direction: int) -> None:
        self.set(direction > 0)

    @property
    def target(self) -> pygame.Rect:
        return pygame.Rect(self.rect)  # the whole box: switch and its words

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        """Switch on the left (with On/Off inside), the label wrapped beside it."""
        th = ui.theme
        on = bool(self.get())
        r = self.rect
        sw = pygame.Rect(r.x, r.centery - 26, 104, 52)
        pygame.draw.rect(surf, th.ui("button_on") if on else th.ui("track"), sw, 0, 26)
        pygame.draw.rect(surf, th.ui("panel_border"), sw, 2, 26)
        knob_x = sw.right - 26 if on else sw.x + 26
        word_x = sw.x + 36 if on else sw.right - 34
        ui.blit_text(
            surf,
            self.on_text() if on else self.off_text(),
            (word_x, sw.centery),
            "small",
            th.ui("heading"),
            bold=True,
            anchor="center",
            max_width=52,
        )
        pygame.draw.circle(surf, th.ui("knob"), (knob_x, sw.centery), 20)
        pygame.draw.circle(surf, (0, 0, 0), (knob_x, sw.centery), 20, 2)
        text = pygame.Rect(sw.right + 14, r.y, r.right - sw.right - 14, r.height)
        lines = ui.text.wrap(self.label(), "body", text.width)
        line_h = ui.text.line_height("body")
        box = pygame.Rect(text.x, 0, text.width, min(text.height, line_h * len(lines)))
        box.centery = r.centery
        ui.blit_wrapped(surf, self.label(), box.inflate(0, 4), "body", th.ui("text"))
        self._draw_focus(surf, ui, focused)


class Slider(_Labelled):
    """A value between lo and hi on a linear, log or log(1+x) track.

    Counts that start at 0 and span several orders of magnitude (cameras,
    officers) use log1p so both 5 and 5,000 can be reached by hand.
    """

    def __init__(
        self,
        rect: pygame.Rect,
        label: TextFn,
        get: Callable[[], float],
        set: Callable[[float], None],
        lo: float,
        hi: float,
        scale: str = "lin",
        integer: bool = False,
        fmt: Callable[[float], str] = str,
        name: str = "",
        steps: int = 50,
        resolution: float = 0.0,
    ) -> None:
        super().__init__(rect, label, name)
        self.get = get
        self.set = set
        self.resolution = resolution  # linear sliders snap to multiples of this
        self.lo, self.hi = float(lo), float(hi)
        self.scale = scale
        self.integer = integer
        self.fmt = fmt
        self.steps = steps
        self.dragging = False

    # value <-> position on the track (0..1)
    def to_frac(self, value: float) -> float:
        v = min(max(float(value), self.lo), self.hi)
        if self.scale == "log":
            return math.log(v / self.lo) / math.log(self.hi / self.lo)
        if self.scale == "log1p":
            return math.log1p(v - self.lo) / math.log1p(self.hi - self.lo)
        return (v - self.lo) / (self.hi - self.lo)

    def from_frac(self, frac: float) -> float:
        f = min(max(frac, 0.0), 1.0)
        if f >= 0.99 or f <= 0.01:  # the ends are exact, whatever the rounding
            v = self.hi if f >= 0.99 else self.lo
            return float(round(v)) if self.integer else v
        if self.scale == "log":
            v = self.lo * (self.hi / self.lo) ** f
            v = _round_sig(v, 2)
        elif self.scale == "log1p":
            v = self.lo + math.expm1(f * math.log1p(self.hi - self.lo))
            v = _round_sig(v, 2) if v >= 10 else v
        else:
            v = self.lo + f * (self.hi - self.lo)
            if self.resolution > 0:
                v = round(v / self.resolution) * self.resolution
                v = round(v, 6)
        v = min(max(v, self.lo), self.hi)
        return float(round(v)) if self.integer else v

    @property
    def track(self) -> pygame.Rect:
        t = self.target
        return pygame.Rect(t.x + 22, t.centery - 5, t.width - 44, 10)

    def value_at(self, x: int) -> float:
        """The value under a pointer at logical x."""
        tr = self.track
        return self.from_frac((x - tr.x) / max(1, tr.width))

    def _set_from_x(self, x: int) -> None:
        self.set(self.value_at(x))

    def handle(self, event: pygame.event.Event) -> bool:
        if self._clicked(event):
            self.dragging = True
            self._set_from_x(event.pos[0])
            return True
        if event.type == pygame.MOUSEMOTION and self.dragging:
            self._set_from_x(event.pos[0])
            return True
        if event.type == pygame.MOUSEBUTTONUP and self.dragging:
            self.dragging = False
            return True
        return False

    def nudge(self, direction: int) -> None:
        old = float(self.get())
        frac = self.to_frac(old) + direction / self.steps
        new = self.from_frac(frac)
        if self.integer and new == old:
            new = min(max(old + direction, self.lo), self.hi)
        self.set(new)

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        value = float(self.get())
        self._draw_label(surf, ui, self.fmt(value))
        tr = self.track
        pygame.draw.rect(surf, th.ui("track"), tr, 0, 5)
        x = tr.x + round(self.to_frac(value) * tr.width)
        pygame.draw.rect(surf, th.ui("fill"), (tr.x, tr.y, x - tr.x, tr.height), 0, 5)
        pygame.draw.circle(surf, th.ui("knob"), (x, tr.centery), 18)
        pygame.draw.circle(surf, (0, 0, 0), (x, tr.centery), 18, 2)
        self._draw_focus(surf, ui, focused)


def _round_sig(v: float, digits: int) -> float:
    """Round to `digits` significant figures so log sliders land on tidy numbers."""
    if v <= 0:
        return v
    mag = math.floor(math.log10(v))
    step = 10 ** (mag - digits + 1)
    return round(v / step) * step


class Choice(_Labelled):
    """Pick one of a few options with large previous/next arrows."""

    def __init__(
        self,
        rect: pygame.Rect,
        label: TextFn,
        options: Callable[[], Sequence[Any]],
        get: Callable[[], Any],
        set: Callable[[Any], None],
        text: Callable[[Any], str],
        name: str = "",
    ) -> None:
        super().__init__(rect, label, name)
        self.options = options
        self.get = get
        self.set = set
        self.text = text

    def _arrows(self) -> tuple[pygame.Rect, pygame.Rect]:
        t = self.target
        s = max(MIN_TARGET, min(t.height, 56))
        return (
            pygame.Rect(t.x, t.centery - s // 2, s, s),
            pygame.Rect(t.right - s, t.centery - s // 2, s, s),
        )

    def nudge(self, direction: int) -> None:
        opts = list(self.options())
        if not opts:
            return
        try:
            i = opts.index(self.get())
        except ValueError:
            i = -1 if direction > 0 else 0
        self.set(opts[(i + direction) % len(opts)])

    def activate(self) -> None:
        self.nudge(1)

    def handle(self, event: pygame.event.Event) -> bool:
        if self._clicked(event):
            left, _right = self._arrows()
            self.nudge(-1 if left.collidepoint(event.pos) else 1)
            return True
        return False

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        self._draw_label(surf, ui)
        left, right = self._arrows()
        body = pygame.Rect(left.right + 6, left.y, right.x - left.right - 12, left.height)
        pygame.draw.rect(surf, th.ui("button"), body, 0, 10)
        pygame.draw.rect(surf, th.ui("panel_border"), body, 2, 10)
        for rect, d in ((left, -1), (right, 1)):
            pygame.draw.rect(surf, th.ui("button_hover"), rect, 0, 10)
            cx, cy = rect.center
            pts = [(cx - 8 * d, cy - 13), (cx + 10 * d, cy), (cx - 8 * d, cy + 13)]
            pygame.draw.polygon(surf, th.ui("text"), pts)
        ui.blit_text(
            surf,
            self.text(self.get()),
            body.center,
            "label",
            th.ui("heading"),
            bold=True,
            anchor="center",
            max_width=body.width - 12,
        )
        self._draw_focus(surf, ui, focused)


class Opener(_Labelled):
    """A labelled box showing the current choice; a tap opens a fuller chooser."""

    def __init__(
        self,
        rect: pygame.Rect,
        label: TextFn,
        text: TextFn,
        action: Callable[[], None],
        name: str = "",
    ) -> None:
        super().__init__(rect, label, name)
        self.text = text
        self.action = action

    def handle(self, event: pygame.event.Event) -> bool:
        if self._clicked(event):
            self.action()
            return True
        return False

    def activate(self) -> None:
        self.action()

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        self._draw_label(surf, ui)
        body = self.target
        pygame.draw.rect(surf, th.ui("button"), body, 0, 10)
        pygame.draw.rect(surf, th.ui("panel_border"), body, 2, 10)
        # a "more" mark: three dots on the right
        for k in range(3):
            pygame.draw.circle(surf, th.ui("text"), (body.right - 36 + k * 11, body.centery), 4)
        # The box's full height: two lines of a long situation's title fit whole.
        inner = pygame.Rect(body.x + 12, body.y, body.width - 64, body.height)
        ui.blit_wrapped(surf, self.text(), inner, "small", th.ui("heading"), bold=True)
        self._draw_focus(surf, ui, focused)


class NumberField(Widget):
    """A whole number typed on the keyboard (the seed); Enter applies it."""

    def __init__(
        self,
        rect: pygame.Rect,
        label: TextFn,
        get: Callable[[], int],
        set: Callable[[int], None],
        name: str = "",
        max_digits: int = 9,
    ) -> None:
        super().__init__(rect, name)
        self.label = label
        self.get = get
        self.set = set
        self.max_digits = max_digits
        self.editing: str | None = None

    def handle(self, event: pygame.event.Event) -> bool:
        if self._clicked(event):
            self.editing = ""
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and self.editing is not None:
            self.commit()
            return False
        if self.editing is None or event.type != pygame.KEYDOWN:
            return False
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.commit()
        elif event.key == pygame.K_ESCAPE:
            self.editing = None
        elif event.key == pygame.K_BACKSPACE:
            self.editing = self.editing[:-1]
        elif event.unicode.isdigit() and len(self.editing) < self.max_digits:
            self.editing += event.unicode
        else:
            return event.key not in (pygame.K_TAB,)
        return True

    def activate(self) -> None:
        if self.editing is None:
            self.editing = ""
        else:
            self.commit()

    def commit(self) -> None:
        text, self.editing = self.editing, None
        if text:
            self.set(int(text))

    def draw(self, surf: pygame.Surface, ui: UI, focused: bool = False) -> None:
        th = ui.theme
        editing = self.editing is not None
        pygame.draw.rect(surf, th.ui("button_hover" if editing else "button"), self.rect, 0, 10)
        pygame.draw.rect(
            surf, th.ui("focus" if editing else "panel_border"), self.rect, 3 if editing else 2, 10
        )
        shown = (self.editing + "|") if editing else str(self.get())
        ui.blit_text(
            surf,
            f"{self.label()} {shown}",
            self.rect.center,
            "label",
            th.ui("heading"),
            bold=True,
            anchor="center",
            max_width=self.rect.width - 16,
        )
        self._draw_focus(surf, ui, focused)


class Panel:
    """A rounded box with a heading; content is drawn by its owner."""

    def __init__(self, rect: pygame.Rect, title: TextFn) -> None:
        self.rect = pygame.Rect(rect)
        self.title = title

    HEADING_H = 42

    @property
    def body(self) -> pygame.Rect:
        r = self.rect
        return pygame.Rect(
            r.x + 14, r.y + self.HEADING_H, r.width - 28, r.height - self.HEADING_H - 10
        )

    def draw(self, surf: pygame.Surface, ui: UI) -> None:
        th = ui.theme
        pygame.draw.rect(surf, th.ui("panel"), self.rect, 0, 12)
        pygame.draw.rect(surf, th.ui("panel_border"), self.rect, 2, 12)
        ui.blit_text(
            surf,
            self.title(),
            (self.rect.x + 14, self.rect.y + 8),
            "label",
            th.ui("heading"),
            bold=True,
            max_width=self.rect.width - 28,
        )


class FocusRing:
    """Keyboard focus over a list of widgets: Tab/Shift-Tab and up/down move it,
    left/right nudge the focused widget, Enter activates it."""

    def __init__(self, widgets: Sequence[Widget]) -> None:
        self.widgets = list(widgets)
        self.index: int | None = None
        # Like CSS :focus-visible: the ring shows after keyboard use, not after
        # a click, where it would only look like a second kind of selection.
        self.visible = False

    @property
    def focused(self) -> Widget | None:
        if self.index is None or not self.widgets:
            return None
        return self.widgets[self.index % len(self.widgets)]

    def move(self, step: int) -> None:
        if not self.widgets:
            return
        if self.index is None:
            self.index = 0 if step > 0 else len(self.widgets) - 1
        else:
            self.index = (self.index + step) % len(self.widgets)

    def handle(self, event: pygame.event.Event) -> bool:
        """Route input: widgets first (pointer, typing), then focus keys."""
        focused = self.focused
        editing = isinstance(focused, NumberField) and focused.editing is not None
        if editing and focused is not None and focused.handle(event):
            return True
        for w in self.widgets:
            if w.enabled and w.handle(event):
                if event.type == pygame.MOUSEBUTTONDOWN:
                    self.index = self.widgets.index(w)
                    self.visible = False
                return True
        if event.type != pygame.KEYDOWN:
            return False
        self.visible = True
        if event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
        elif event.key == pygame.K_DOWN:
            self.move(1)
        elif event.key == pygame.K_UP:
            self.move(-1)
        elif focused is not None and event.key == pygame.K_LEFT:
            focused.nudge(-1)
        elif focused is not None and event.key == pygame.K_RIGHT:
            focused.nudge(1)
        elif focused is not None and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            focused.activate()
        else:
            return False
        return True

    def draw(self, surf: pygame.Surface, ui: UI) -> None:
        focused = self.focused if self.visible else None
        for w in self.widgets:
            w.draw(surf, ui, w is focused)
