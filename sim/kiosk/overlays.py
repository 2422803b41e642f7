"""What the kiosk draws over the game: "Are you still there?", the PIN pad, the staff screen.

These are not scenes on the app's stack on purpose: a scene may push or pop
its own screens at any time (a results card, a chooser), and the kiosk's
overlays must stay on top of all of them and never be popped by a scene.
The kiosk runtime owns them, feeds them the pointer records the controller
routes to them, and draws them after the scenes.

Every target is at least `MIN_TARGET` (48) logical pixels, reacts when a
finger goes down (a shaky hand cannot turn a tap into a drag), and shows its
state in words as well as colour.
"""

from __future__ import annotations

import math
import platform
from collections.abc import Callable
from typing import Any

import pygame

from sim import __version__
from sim.game import layout as L
from sim.game.look import fit_px
from sim.game.widgets import Button
from sim.kiosk.inputs import KeyPress, Pointer, PointerKind
from sim.kiosk.settings import SettingsLoad, resolved_log_path, settings_as_dict
from sim.text.ui import UI

SHADE_ALPHA = 200


def _shade(size: tuple[int, int] = (L.W, L.H), alpha: int = SHADE_ALPHA) -> pygame.Surface:
    """A translucent black layer, so the game behind stays visible but quiet."""
    shade = pygame.Surface(size, pygame.SRCALPHA)
    shade.fill((0, 0, 0, alpha))
    return shade


def _card(surface: pygame.Surface, ui: UI, rect: pygame.Rect, border: str = "focus") -> None:
    pygame.draw.rect(surface, ui.theme.ui("panel"), rect, 0, 18)
    pygame.draw.rect(surface, ui.theme.ui(border), rect, 4, 18)


class Countdown:
    """ "Are you still there?": a big number, and a big Continue button low on the screen.

    Any touch anywhere answers it (the controller decides that); the button
    is there because people look for one. The ring around the number empties
    as time runs out; with reduced motion it is left out and only the number
    changes, once a second.
    """

    CARD = pygame.Rect(L.W // 2 - 620, 110, 1240, 900)
    BUTTON = pygame.Rect(L.W // 2 - 380, 840, 760, 140)

    def __init__(self, ui: UI, total_seconds: float, reduced_motion: bool) -> None:
        self.ui = ui
        self.total = max(1e-6, float(total_seconds))
        self.reduced_motion = reduced_motion
        self.shade = _shade()
        self.button = Button(
            self.BUTTON, lambda: ui.tr("kiosk.continue"), lambda: None, name="continue", size=56
        )

    def draw(self, surface: pygame.Surface, seconds_left: float) -> None:
        """Draw over whatever is on screen."""
        ui, th = self.ui, self.ui.theme
        surface.blit(self.shade, (0, 0))
        card = self.CARD
        _card(surface, ui, card)
        ui.blit_text(
            surface,
            ui.tr("kiosk.still_there"),
            (card.centerx, card.y + 40),
            fit_px(ui, th.size("huge"), 120),
            th.ui("heading"),
            True,
            "midtop",
            max_width=card.width - 80,
        )
        whole = max(0, math.ceil(seconds_left - 1e-9))
        centre = (card.centerx, card.y + 360)
        radius = 170
        pygame.draw.circle(surface, th.ui("track"), centre, radius, 14)
        if not self.reduced_motion:
            share = max(0.0, min(1.0, seconds_left / self.total))
            box = pygame.Rect(0, 0, 2 * radius, 2 * radius)
            box.center = centre
            start = math.pi / 2
            if share > 0.002:
                pygame.draw.arc(
                    surface, th.ui("focus"), box, start, start + 2 * math.pi * share, 14
                )
        ui.blit_text(surface, ui.i18n.num(whole), centre, 200, th.ui("heading"), True, "center")
        ui.blit_text(
            surface,
            ui.tr("kiosk.countdown", seconds=whole),
            (card.centerx, card.y + 580),
            "title",
            th.ui("text"),
            anchor="midtop",
            max_width=card.width - 80,
        )
        pygame.draw.rect(surface, th.ui("button_on"), self.button.rect, 0, 16)
        pygame.draw.rect(surface, th.ui("heading"), self.button.rect, 4, 16)
        ui.blit_text(
            surface,
            self.button.label(),
            self.button.rect.center,
            56,
            th.ui("heading"),
            True,
            "center",
            max_width=self.button.rect.width - 40,
        )


class PinPad:
    """Digits, Delete, OK and Cancel in keys a thumb can hit; the PIN shows as dots."""

    CARD = pygame.Rect(L.W // 2 - 340, 60, 680, 960)
    KEY_W, KEY_H, GAP = 190, 124, 18
    REJECT_SHOW_S = 3.0

    def __init__(
        self,
        ui: UI,
        digit: Callable[[str], None],
        backspace: Callable[[], None],
        submit: Callable[[], None],
        cancel: Callable[[], None],
        pin_length: Callable[[], int],
    ) -> None:
        self.ui = ui
        self.pin_length = pin_length
        self.shade = _shade(alpha=225)
        self.rejected_at: float | None = None
        self.pressed: pygame.Rect | None = None
        card = self.CARD
        grid_w = 3 * self.KEY_W + 2 * self.GAP
        x0 = card.centerx - grid_w // 2
        y0 = card.y + 250
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"]
        self.keys: list[Button] = []
        for i, label in enumerate(labels):
            rect = pygame.Rect(
                x0 + (i % 3) * (self.KEY_W + self.GAP),
                y0 + (i // 3) * (self.KEY_H + self.GAP),
                self.KEY_W,
                self.KEY_H,
            )
            if label == "del":
                self.keys.append(
                    Button(
                        rect,
                        lambda: ui.tr("kiosk.staff.delete"),
                        backspace,
                        name="delete",
                        size="large",
                    )
                )
            elif label == "ok":
                self.keys.append(
                    Button(rect, lambda: ui.tr("kiosk.staff.ok"), submit, name="ok", size="title")
                )
            else:
                self.keys.append(
                    Button(
                        rect,
                        lambda d=label: d,
                        lambda d=label: digit(d),
                        name=f"digit:{label}",
                        size=64,
                    )
                )
        bottom = y0 + 4 * self.KEY_H + 3 * self.GAP + 28
        self.cancel = Button(
            pygame.Rect(x0, bottom, grid_w, 110),
            lambda: ui.tr("kiosk.staff.cancel"),
            cancel,
            "cancel",
            size="title",
        )

    @property
    def buttons(self) -> list[Button]:
        """Every key, for hit tests and for tests that press them."""
        return [*self.keys, self.cancel]

    def button(self, name: str) -> Button:
        """The key called `name` ("digit:4", "ok", "delete", "cancel")."""
        return next(b for b in self.buttons if b.name == name)

    def rejected(self, now: float) -> None:
        """Show "Wrong PIN" for a few seconds."""
        self.rejected_at = now

    def handle(self, record: Pointer | KeyPress) -> None:
        """A key acts when the finger goes down; it looks pressed until it lifts."""
        if not isinstance(record, Pointer):
            return
        if record.kind is PointerKind.UP:
            self.pressed = None
            return
        if record.kind is not PointerKind.DOWN:
            return
        for b in self.buttons:
            if b.target.collidepoint(record.x, record.y):
                self.pressed = b.rect
                b.action()
                return

    def draw(self, surface: pygame.Surface, now: float) -> None:
        ui, th = self.ui, self.ui.theme
        surface.blit(self.shade, (0, 0))
        card = self.CARD
        _card(surface, ui, card)
        ui.blit_text(
            surface,
            ui.tr("kiosk.staff.pin_title"),
            (card.centerx, card.y + 28),
            "title",
            th.ui("heading"),
            True,
            "midtop",
            max_width=card.width - 60,
        )
        # One dot per digit typed; hollow rings for the first empty places.
        n = self.pin_length()
        slots = max(4, n)
        step = 56
        x = card.centerx - (slots - 1) * step // 2
        for i in range(slots):
            pos = (x + i * step, card.y + 130)
            if i < n:
                pygame.draw.circle(surface, th.ui("heading"), pos, 16)
            else:
                pygame.draw.circle(surface, th.ui("text_dim"), pos, 16, 3)
        if self.rejected_at is not None and now - self.rejected_at < self.REJECT_SHOW_S:
            ui.blit_text(
                surface,
                "✕ " + ui.tr("kiosk.staff.pin_wrong"),
                (card.centerx, card.y + 180),
                "large",
                th.ui("warning"),
                True,
                "midtop",
                max_width=card.width - 60,
            )
        for b in self.buttons:
            b.draw(surface, ui)
            if self.pressed is not None and b.rect == self.pressed:
                pygame.draw.rect(surface, th.ui("focus"), b.rect, 5, 10)


class StaffScreen:
    """Version, settings file and its problems, log, touch test, display test, the way out.

    The only place where settings problems are shown: a visitor never sees
    them. Buttons: Display test, Back to the exhibit, Restart, Exit.
    """

    INFO = pygame.Rect(40, 120, 1000, 720)
    TOUCH = pygame.Rect(1070, 120, 810, 720)
    BUTTON_Y, BUTTON_H = 880, 150

    def __init__(
        self,
        ui: UI,
        load: SettingsLoad,
        back: Callable[[], None],
        restart: Callable[[], None],
        exit_: Callable[[], None],
        screen_info: Callable[[], str],
    ) -> None:
        self.ui = ui
        self.load = load
        self.screen_info = screen_info
        self.touches: dict[str, tuple[float, float]] = {}
        self.display_test = False
        specs: list[tuple[str, str, Callable[[], None]]] = [
            ("display_test", "kiosk.staff.display_test", self.open_display_test),
            ("back", "kiosk.staff.back", back),
            ("restart", "kiosk.staff.restart", restart),
            ("exit", "kiosk.staff.exit", exit_),
        ]
        gap = 30
        w = (L.W - 80 - gap * (len(specs) - 1)) // len(specs)
        self.buttons = [
            Button(
                pygame.Rect(40 + i * (w + gap), self.BUTTON_Y, w, self.BUTTON_H),
                lambda key=key: ui.tr(key),
                action,
                name=name,
                size="title",
            )
            for i, (name, key, action) in enumerate(specs)
        ]

    def button(self, name: str) -> Button:
        """The button called `name` ("display_test", "back", "restart", "exit")."""
        return next(b for b in self.buttons if b.name == name)

    def open_display_test(self) -> None:
        self.display_test = True

    def handle(self, record: Pointer | KeyPress) -> None:
        """Fingers draw rings (touch test); a finger going down on a button presses it."""
        if isinstance(record, KeyPress):
            if record.key == "escape" and self.display_test:
                self.display_test = False
            return
        if record.kind is PointerKind.UP:
            self.touches.pop(record.pointer_id, None)
            return
        self.touches[record.pointer_id] = (record.x, record.y)
        if record.kind is not PointerKind.DOWN:
            return
        if self.display_test:  # any touch closes the test picture
            self.display_test = False
            return
        for b in self.buttons:
            if b.target.collidepoint(record.x, record.y):
                b.action()
                return

    def lines(self) -> list[tuple[str, str]]:
        """(text, style) lines of the information panel; tests read them too."""
        ui, load = self.ui, self.load
        out: list[tuple[str, str]] = [
            (ui.tr("kiosk.staff.version", version=__version__), "heading"),
            (self.screen_info(), "text"),
        ]
        path = str(load.path)
        if load.found:
            out.append((ui.tr("kiosk.staff.settings_file", path=path), "text"))
        else:
            out.append((ui.tr("kiosk.staff.settings_missing", path=path), "text"))
        if load.problems:
            out.append((ui.tr("kiosk.staff.settings_problems"), "warning"))
            out.extend((f"• {p}", "warning") for p in load.problems)
        else:
            out.append((ui.tr("kiosk.staff.settings_ok"), "text"))
        out.append(
            (ui.tr("kiosk.staff.log_file", path=str(resolved_log_path(load.settings))), "text")
        )
        out.append((ui.tr("kiosk.staff.in_force"), "heading"))
        values = settings_as_dict(load.settings)
        out.extend((f"{k} = {_show(v)}", "small") for k, v in values.items() if k != "log_path")
        return out

    def draw(self, surface: pygame.Surface, now: float) -> None:
        ui, th = self.ui, self.ui.theme
        if self.display_test:
            self._draw_display_test(surface)
            self._draw_rings(surface)
            return
        surface.fill(th.ui("background"))
        ui.blit_text(
            surface,
            ui.tr("kiosk.staff.screen_title"),
            (40, self.INFO.y // 2),
            fit_px(ui, th.size("huge"), self.INFO.y - 12),
            th.ui("heading"),
            True,
            "midleft",
            max_width=L.W - 80,
        )
        self._draw_info(surface)
        self._draw_touch_panel(surface)
        for b in self.buttons:
            b.draw(surface, ui)
        exit_rect = self.button("exit").rect
        pygame.draw.rect(surface, th.ui("warning"), exit_rect, 5, 10)
        self._draw_rings(surface)

    def _draw_info(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        box = self.INFO
        pygame.draw.rect(surface, th.ui("panel"), box, 0, 12)
        pygame.draw.rect(surface, th.ui("panel_border"), box, 2, 12)
        inner = box.inflate(-40, -32)
        y = inner.y
        colors = {
            "heading": th.ui("heading"),
            "text": th.ui("text"),
            "warning": th.ui("warning"),
            "small": th.ui("text_dim"),
        }
        lines = self.lines()
        settings_at = next(
            (i for i, (_t, style) in enumerate(lines) if style == "small"), len(lines)
        )
        for text, style in lines[:settings_at]:
            size = "small" if style == "small" else "body"
            if y >= inner.bottom:
                break
            rect = pygame.Rect(inner.x, y, inner.width, inner.bottom - y)
            h = ui.blit_wrapped(surface, text, rect, size, colors[style], bold=style == "heading")
            y += h + 8
        # Settings in force: two columns of small lines in what room is left.
        rest = lines[settings_at:]
        if not rest or y >= inner.bottom:
            return
        step = ui.text.line_height("small")
        rows = max(1, (inner.bottom - y) // step)
        cols = max(2, -(-len(rest) // rows))
        col_w = (inner.width - 20 * (cols - 1)) // cols
        for i, (text, _style) in enumerate(rest[: rows * cols]):
            x = inner.x + (i // rows) * (col_w + 20)
            ui.blit_text(
                surface,
                text,
                (x, y + (i % rows) * step),
                "small",
                colors["small"],
                max_width=col_w,
            )

    def _draw_touch_panel(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        box = self.TOUCH
        pygame.draw.rect(surface, th.ui("panel"), box, 0, 12)
        pygame.draw.rect(surface, th.ui("panel_border"), box, 2, 12)
        ui.blit_wrapped(
            surface, ui.tr("kiosk.staff.touch_test"), box.inflate(-40, -40), "large", th.ui("text")
        )
        # A faint grid: where a finger lands can be judged against it.
        grid = th.color("charts", "grid")
        for x in range(box.x + 60, box.right - 20, 120):
            pygame.draw.line(surface, grid, (x, box.y + 160), (x, box.bottom - 60), 1)
        for y in range(box.y + 180, box.bottom - 60, 120):
            pygame.draw.line(surface, grid, (box.x + 20, y), (box.right - 20, y), 1)
        ui.blit_text(
            surface,
            ui.tr("kiosk.staff.fingers", n=len(self.touches)),
            (box.x + 20, box.bottom - 16),
            "label",
            th.ui("heading"),
            True,
            "bottomleft",
            max_width=box.width - 40,
        )

    def _draw_rings(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        for i, (x, y) in enumerate(self.touches.values()):
            pos = (round(x), round(y))
            pygame.draw.circle(surface, (0, 0, 0), pos, 64, 10)
            pygame.draw.circle(surface, th.ui("focus"), pos, 60, 6)
            pygame.draw.line(
                surface, th.ui("focus"), (pos[0] - 80, pos[1]), (pos[0] + 80, pos[1]), 2
            )
            pygame.draw.line(
                surface, th.ui("focus"), (pos[0], pos[1] - 80), (pos[0], pos[1] + 80), 2
            )
            ui.blit_text(
                surface, str(i + 1), (pos[0] + 50, pos[1] - 90), "large", th.ui("focus"), True
            )

    def _draw_display_test(self, surface: pygame.Surface) -> None:
        """Colour bars, a grey ramp, a grid, edge lines and circles (aspect check)."""
        ui, th = self.ui, self.ui.theme
        w, h = L.W, L.H
        surface.fill((0, 0, 0))
        bars = [
            (255, 255, 255),
            (255, 255, 0),
            (0, 255, 255),
            (0, 255, 0),
            (255, 0, 255),
            (255, 0, 0),
            (0, 0, 255),
            (0, 0, 0),
        ]
        bar_w = w / len(bars)
        for i, color in enumerate(bars):
            surface.fill(
                color, (round(i * bar_w), 0, round((i + 1) * bar_w) - round(i * bar_w), 420)
            )
        palette = [th.color("palette", n) for n in ("orange", "sky", "green", "yellow", "blue")]
        palette += [th.color("palette", n) for n in ("vermillion", "purple")]
        pw = w / len(palette)
        for i, color in enumerate(palette):
            surface.fill(color, (round(i * pw), 420, round((i + 1) * pw) - round(i * pw), 160))
        steps = 16
        sw = w / steps
        for i in range(steps):
            v = round(255 * i / (steps - 1))
            surface.fill((v, v, v), (round(i * sw), 580, round((i + 1) * sw) - round(i * sw), 160))
        grid = (110, 110, 110)
        for x in range(0, w, 120):
            pygame.draw.line(surface, grid, (x, 740), (x, h), 1)
        for y in range(780, h, 120):
            pygame.draw.line(surface, grid, (0, y), (w, y), 1)
        pygame.draw.rect(surface, (255, 255, 255), (0, 0, w, h), 1)
        pygame.draw.line(surface, (255, 255, 255), (0, 740), (w - 1, h - 1), 1)
        pygame.draw.line(surface, (255, 255, 255), (0, h - 1), (w - 1, 740), 1)
        for cx in (170, w // 2, w - 170):
            pygame.draw.circle(surface, (255, 255, 255), (cx, 910), 150, 3)
        label = pygame.Rect(w // 2 - 560, 860, 1120, 100)
        pygame.draw.rect(surface, (0, 0, 0), label, 0, 12)
        pygame.draw.rect(surface, (255, 255, 255), label, 3, 12)
        ui.blit_text(
            surface,
            ui.tr("kiosk.staff.display_close"),
            label.center,
            "large",
            (255, 255, 255),
            True,
            "center",
            max_width=label.width - 40,
        )


def screen_description(ui: UI, window: pygame.Surface) -> str:
    """Window size and video driver, for the staff screen (what the game really got)."""
    w, h = window.get_size()
    try:
        driver = pygame.display.get_driver()
    except pygame.error:
        driver = "?"
    return ui.tr(
        "kiosk.staff.screen",
        size=f"{w}×{h}",
        driver=driver,
        python=platform.python_version(),
        pygame=pygame.version.ver,
    )


def _show(value: Any) -> str:
    """A settings value as staff would write it in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return str(value)
