"""The main screen: the city, the alert card, the counts, and every knob.

Layout is fixed on the logical screen (see layout.py). The city is redrawn
every frame at an interpolated time; the side panels are redrawn together a
few times a second, all in one frame from the one snapshot the session took
of the model then, and at once after any knob moves and when the run ends,
so no panel shows an older moment than another, nor than the card over them.
A tap on the map picks the person under the finger; their card takes the
alert card's place until it is closed (the cross, Escape, a tap on empty map).
"""

from __future__ import annotations

import random
from typing import Any

import pygame

from sim.game import layout as L
from sim.game.alert_card import AlertCard
from sim.game.call_log import CallLogView
from sim.game.city_view import (
    PICK_RADIUS,
    CityView,
    draw_camera,
    draw_state_legend,
    legend_height,
)
from sim.game.control_help import ControlHelp
from sim.game.controls import build_controls
from sim.game.day_chart import DayChart
from sim.game.detector_look import detector_of, dtr
from sim.game.funnel import FunnelTree
from sim.game.glyph_cache import GlyphCache
from sim.game.icon_array import IconArray
from sim.game.person_card import PersonCard
from sim.game.plate_view import PlateOverlay, draw_car
from sim.game.scenes.base import Scene
from sim.game.scenes.picker import ScenarioPicker
from sim.game.session import SPEEDS
from sim.game.snapshot import Snapshot
from sim.game.who_pays import WhoPays
from sim.game.widgets import Button, FocusRing, NumberField, Panel, Widget
from sim.text.fonts import TextCache
from sim.text.scenario_names import scenario_text

REFRESH_S = 0.25  # side panels redraw this often (and at once after a change)
BUSY_NOTE_S = 0.25  # slow steps say so on the map once they have taken this long
ERROR_SHOW_S = 6.0
LEGEND_H = 36  # the map's key on one row; a language whose key needs two gets more
LEGEND_INSET = 14
SCOPE_KEYS = ("funnel.scope_all", "funnel.scope_today")
TOP_BUTTON_MIN_W = 100  # a finger-sized target even for "Paso"
TOP_BUTTON_PAD = 32  # air around a button's words (Button itself keeps 8 px a side)


def later_type(event: pygame.event.Event | None) -> int | None:
    """The type of an event that may not be there."""
    return None if event is None else event.type


class SlimButton(Button):
    """A button drawn slim (under the top bar's title) with a finger-sized target."""

    @property
    def target(self) -> pygame.Rect:
        return self.rect.inflate(0, 48 - self.rect.height)


class CycleButton(Button):
    """A button that steps through values; arrows step too (the speed)."""

    def __init__(self, *args: Any, step: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step

    def nudge(self, direction: int) -> None:
        self.step(direction)


class SandboxScene(Scene):
    """Everything on one screen; the home of the running model."""

    max_text_scale = 1.0  # a dense dashboard designed at 100 %: keeps its sizes

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.session = app.session
        # Costly knobs and slow steps run beside the frame loop (session.py), so
        # Pause and the speed answer at once even at extreme settings. Other
        # input waits in `deferred` until the model is free again.
        self.session.background = True
        self.deferred: list[pygame.event.Event] = []
        self.frozen = False  # the map shows its last picture while a job runs
        self.scope = "today"
        self.glyphs = GlyphCache()
        self.legend_h = LEGEND_H
        self.city = self._city_view()
        self.alert_panel = Panel(L.ALERT, lambda: self._alert_title())
        self.funnel_panel = Panel(L.FUNNEL, lambda: self.ui.tr(f"funnel.title_{self.scope}"))
        self.icons_panel = Panel(L.ICONS, lambda: self.icons.title(self.ui, self.snap))
        self.who_panel = Panel(L.WHO_PAYS, lambda: self.ui.tr("who.title"))
        self.days_panel = Panel(L.DAYS, lambda: self.ui.tr("days.title"))
        self.alert_card = AlertCard(self.alert_panel.body, self.glyphs)
        self.person_card = PersonCard(L.ALERT, self.glyphs, self.close_person)
        self.press: tuple[int, int] | None = None  # where a press on the map began
        funnel_body = self.funnel_panel.body
        self.funnel = FunnelTree(
            pygame.Rect(
                funnel_body.x, funnel_body.y + 14, funnel_body.width, funnel_body.height - 14
            )
        )
        self.icons = IconArray(self.icons_panel.body)
        self.who = WhoPays(self.who_panel.body, self.glyphs)
        self.days = DayChart(self.days_panel.body)
        self.group_panels = {  # headed in the detector's words ("The plate reader")
            name: Panel(
                rect,
                lambda name=name: dtr(self.ui, f"group.{name}", detector_of(self.session.model)),
            )
            for name, rect in L.group_rects().items()
        }
        self.layer = pygame.Surface((L.W, L.H))
        # The knobs below the panels, drawn over the layer's control panels, kept
        # until one of them can look different (see `_controls_face`).
        self.controls_layer = pygame.Surface((L.W, L.H))
        self.controls_face: tuple[Any, ...] | None = None
        self.inputs = 0  # events this scene was handed: any may change a control's face
        self.panels_drawn = 0
        self.snap: Snapshot = self.session.snapshot()
        self.since_refresh = REFRESH_S
        self.seen_changes = -1
        self.dirty: list[pygame.Rect] = []
        self.full_redraw = True
        self.seen_language = self.ui.i18n.revision
        self.results_shown = False
        self.model_id = 0
        self.error_age = ERROR_SHOW_S
        self.error_text = ""
        self.top_widgets = self._top_bar()
        self.scope_button = self._scope_button()
        self.controls = self._build_controls()
        self.focus = FocusRing([*self.top_widgets, self.scope_button, *self.controls])
        self.help = ControlHelp(self.ui, self._help_rect())
        self.bind_model()

    # --- building -----------------------------------------------------------
    def _city_view(self) -> CityView:
        """The map above its key, which is as tall as this language's words need.

        The detector decides what the map is: the city (faces, guns), the city
        with cars and plate cameras over it (plates), or the prison and its
        call log (calls; sim/game/call_log.py).
        """
        detector = self.view_detector = detector_of(self.session.model)
        self.legend_h = max(LEGEND_H, legend_height(self.ui, L.CITY.width, LEGEND_INSET, detector))
        rect = pygame.Rect(L.CITY.x, L.CITY.y, L.CITY.width, L.CITY.height - self.legend_h)
        self.overlay = PlateOverlay(self.ui) if detector == "plates" else None
        if detector == "calls":
            return CallLogView(rect, self.ui)  # type: ignore[return-value]  # same protocol
        return CityView(rect, self.ui)

    def _scope_button(self) -> Button:
        """Today / all days, over the tree: as wide as its longer label ("Ver todos los días")."""
        ui = self.ui
        w = max(176, 32 + max(ui.text.width(ui.tr(k), "body", True) for k in SCOPE_KEYS))
        return Button(
            pygame.Rect(L.FUNNEL.right - 10 - w, L.FUNNEL.y + 4, w, 48),
            lambda: ui.tr("funnel.scope_all" if self.scope == "today" else "funnel.scope_today"),
            self._toggle_scope,
            name="scope",
            size="body",
        )

    def _help_rect(self) -> pygame.Rect:
        """The control's explanation: a strip at the foot of the map, over its key."""
        bottom = L.CITY.bottom - self.legend_h
        return pygame.Rect(L.CITY.x + 10, bottom - 96, L.CITY.width - 20, 88)

    def _top_labels(self) -> dict[str, list[str]]:
        """Every label a top-bar button can show in this language: the longest sets its width."""
        ui = self.ui
        speeds = [ui.tr("top.speed", speed=self.speed_text(v)) for v in SPEEDS]
        # Only the hour speeds outrun a computer (a step a frame is minutes of city):
        # "Speed: 4 h/s, now 2.8 h/s" is the longest label it has to hold.
        behind = [
            ui.tr(
                "top.speed",
                speed=ui.tr(
                    "speed.reached", asked=self.speed_text(v), reached=self.speed_text(v * 0.7)
                ),
            )
            for v in SPEEDS
            if v >= 3600
        ]
        return {
            "pause": [ui.tr("top.play"), ui.tr("top.pause")],
            "step": [ui.tr("top.step")],
            "speed": speeds + behind,
            "reset": [ui.tr("top.reset")],
            "seed": [f"{ui.tr('top.seed')} 8888"],  # a new seed has four digits
            "new_seed": [ui.tr("top.new_seed")],
        }

    def _top_bar(self) -> list[Widget]:
        """The top bar's buttons, each as wide as its words in this language.

        Fixed widths cut "Recommencer" and squeezed the situation's title in
        French; measured ones leave the title every pixel the buttons do not need.
        """
        ui, s = self.ui, self.session
        y, h = 12, 52
        specs = [
            (
                name,
                max(
                    TOP_BUTTON_MIN_W,
                    TOP_BUTTON_PAD + max(ui.text.width(t, "label", True) for t in texts),
                ),
            )
            for name, texts in self._top_labels().items()
        ]
        x = L.W - L.MARGIN - sum(w for _n, w in specs) - 8 * (len(specs) - 1)
        rects = {}
        for name, w in specs:
            rects[name] = pygame.Rect(x, y - 4, w, h)
            x += w + 8
        self.top_left_width = rects["pause"].x - 16
        # The setup's code, on a button that opens the setup card (code big, the same
        # setup as a command, a setup file, the way back to the title screen).
        self.code_button = SlimButton(
            pygame.Rect(12, 40, 300, 30),
            self.code_label,
            lambda: self.app.open("setup"),
            name="setup",
            size="body",
        )
        return [
            self.code_button,
            Button(
                rects["pause"],
                lambda: ui.tr("top.play" if s.paused else "top.pause"),
                self.toggle_pause,
                name="pause",
                on=lambda: s.paused,
            ),
            Button(rects["step"], lambda: ui.tr("top.step"), self._step, name="step"),
            CycleButton(
                rects["speed"],
                lambda: ui.tr("top.speed", speed=self.speed_label()),
                lambda: s.set_speed((s.speed_index + 1) % len(SPEEDS)),
                name="speed",
                step=lambda d: s.set_speed(s.speed_index + d),
            ),
            Button(rects["reset"], lambda: ui.tr("top.reset"), self._reset, name="reset"),
            NumberField(
                rects["seed"],
                lambda: ui.tr("top.seed"),
                lambda: s.seed,
                self._set_seed,
                name="seed",
            ),
            Button(
                rects["new_seed"], lambda: ui.tr("top.new_seed"), self._new_seed, name="new_seed"
            ),
        ]

    def code_label(self) -> str:
        code = self.session.setup_code()
        return self.ui.tr("code.show", code=code) if code else self.ui.tr("code.menu")

    def speed_text(self, speed: float) -> str:
        """A speed in simulated minutes or hours per real second."""
        num = self.ui.i18n.num
        if speed >= 3600:
            hours = speed / 3600
            return self.ui.tr("speed.hours", n=num(hours, 0 if hours == int(hours) else 1))
        minutes = speed / 60
        return self.ui.tr("speed.minutes", n=num(minutes, 0 if minutes >= 10 else 1))

    def speed_label(self) -> str:
        """The speed chosen, and the speed reached when the computer cannot keep up.

        The clock then runs slower than asked (the model never skips time), and
        the button says so rather than promise a speed that is not happening.
        """
        s = self.session
        asked = self.speed_text(s.speed)
        if not s.behind:
            return asked
        return self.ui.tr("speed.reached", asked=asked, reached=self.speed_text(s.achieved_speed))

    def bind_model(self, keep_person: bool = False) -> None:
        """(Re)attach views to the session's current model.

        A new model is a new crowd: the picked person is forgotten, except
        when only the language changed (`keep_person`). A model of another
        detector gets that detector's map (and key).
        """
        if detector_of(self.session.model) != self.view_detector:
            self.city = self._city_view()
            self.help.rect = self._help_rect()
        self.city.bind(self.session.model)
        self.model_id = id(self.session.model)
        self.alert_card.alert = None
        self.press = None
        if not keep_person:
            self.person_card.close()
        self._draw_frame_layer()
        self.refresh()

    # --- actions -------------------------------------------------------------
    def close_person(self) -> None:
        """Close the person card; the latest alert comes back in its place."""
        if self.person_card.is_open:
            self.person_card.close()
            self._draw_alert_area()

    def pick_person(self, pos: tuple[int, int]) -> None:
        """A tap on the map: open the card of the person under it, or close it."""
        model = self.session.model
        person = self.city.pick(pos, PICK_RADIUS)
        if person is None:
            self.close_person()
            return
        self.person_card.select(model, person)
        self._draw_alert_area()

    def _on_map(self, pos: tuple[int, int]) -> bool:
        """Inside the drawn map (not the legend, not the bars around a wide city)."""
        return self.city.map_rect.move(self.city.area.topleft).collidepoint(pos)

    def toggle_pause(self) -> None:
        self.session.paused = not self.session.paused

    def _step(self) -> None:
        self.session.paused = True
        self.session.step_once()
        self.refresh()

    def _reset(self) -> None:
        self.session.reset()
        self.bind_model()

    def _set_seed(self, seed: int) -> None:
        self.session.reset(seed)
        self.bind_model()

    def _new_seed(self) -> None:
        # Four digits: short enough to read aloud to a class, and to fit a short code.
        self._set_seed(random.SystemRandom().randrange(1000, 10_000))

    def _toggle_scope(self) -> None:
        self.scope = "all" if self.scope == "today" else "today"
        self.refresh()

    def _build_controls(self) -> list[Widget]:
        return build_controls(
            self.ui,
            self.session,
            lambda: scenario_text(self.ui, self.session.scenario, "title"),
            self.open_picker,
        )

    def open_picker(self) -> None:
        self.app.push(ScenarioPicker(self.app, on_pick=self.pick_scenario))

    def pick_scenario(self, name: str) -> None:
        """Load another scenario; the controls are rebuilt for its groups."""
        if name == self.session.scenario_name:
            return
        if self.session.switch_scenario(name):
            self.controls = self._build_controls()
            index = self.focus.index
            self.focus = FocusRing([*self.top_widgets, self.scope_button, *self.controls])
            self.focus.index = index
            self.bind_model()

    # --- the scene protocol -------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        self.inputs += 1
        focused = self.focus.focused
        typing = isinstance(focused, NumberField) and focused.editing is not None
        if self.session.busy:
            self.help.handle(event, self.controls)  # words only: answered at once too
            return self._handle_busy(event, typing)
        if event.type == pygame.KEYDOWN and not typing:
            if event.key == pygame.K_SPACE:
                self.toggle_pause()
                return True
            if event.key == pygame.K_ESCAPE:
                if self.person_card.is_open:  # first Escape closes the card only
                    self.close_person()
                    return True
                if len(self.app.scenes) > 1:
                    self.app.pop()
                else:
                    self.app.open("title", replace=True)
                return True
        self.help.handle(event, self.controls)
        if self.person_card.handle(event):
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.press is not None:
            start, self.press = self.press, None
            self.focus.handle(event)
            # A tap, not a drag that wandered: pick where the finger came down.
            if max(abs(event.pos[0] - start[0]), abs(event.pos[1] - start[1])) <= PICK_RADIUS:
                self.pick_person(start)
            return True
        if self.focus.handle(event):
            return True
        # Only a press no control took can become a tap on the map.
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self._on_map(event.pos):
            self.press = (int(event.pos[0]), int(event.pos[1]))
            return True
        return False

    def _handle_busy(self, event: pygame.event.Event, typing: bool) -> bool:
        """While the model computes: Pause and the speed answer now, the rest waits.

        Neither reads the model, so the click shows in this very frame; input
        that needs the model (a knob, a tap on the map, Reset) is replayed in
        order as soon as the model is free.
        """
        if event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE and not typing:
            self.toggle_pause()
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for w in self.top_widgets:
                if w.name in ("pause", "speed") and w.target.collidepoint(event.pos):
                    return w.handle(event)
        self.deferred.append(event)
        return True

    def _replay(self) -> None:
        """Input that waited for the model, in order; a run of pointer moves counts once."""
        while self.deferred and not self.session.busy:
            event = self.deferred.pop(0)
            later = self.deferred[0] if self.deferred else None
            if event.type == later_type(later) == pygame.MOUSEMOTION:
                continue  # only where the pointer got to matters
            self.handle(event)

    def update(self, dt: float) -> None:
        s = self.session
        self.help.update(dt, self.focus.focused, self.focus.visible)
        if not s.busy:
            self._replay()
        if s.busy:  # the model is the job's: the clock stands still, nothing is read
            s.advance(dt)
            self.since_refresh += dt  # the panels are due as soon as it is free
            self._take_error(dt)
            return
        if id(s.model) != self.model_id:
            self.bind_model()
        s.advance(dt)
        if s.busy:  # the steps went to a job this frame
            self.since_refresh += dt
            self._take_error(dt)
            return
        self.since_refresh += dt
        if self.person_card.is_open:
            self.person_card.follow(s.model)
            if not self.person_card.is_open:  # their crowd is gone (a structural knob)
                self._draw_alert_area()
        self._take_error(dt)
        if self.ui.i18n.revision != self.seen_language:
            self.seen_language = self.ui.i18n.revision
            # A language switch: the bar's buttons and the map's key fit the new words,
            # and every text is redrawn.
            self.top_widgets = self._top_bar()
            self.scope_button = self._scope_button()
            self.city = self._city_view()
            self.help.rect = self._help_rect()
            index = self.focus.index
            self.focus = FocusRing([*self.top_widgets, self.scope_button, *self.controls])
            self.focus.index = index
            self.bind_model(keep_person=True)
        finished = s.model.finished
        if s.changes != self.seen_changes:
            self.seen_changes = s.changes
            self.refresh()  # the player moved something: show it at once
        elif finished and not self.results_shown:
            # The whole run, as the card over the panels sums it up: the tree
            # shows the same totals behind the card and after "Keep looking".
            self.scope = "all"
            self.refresh()
        elif self.since_refresh >= REFRESH_S and self.snap is not s.snapshot():
            self._draw_panels()
        if finished and not self.results_shown:
            self.results_shown = True
            self.app.open("results")
        elif not finished:
            self.results_shown = False

    def _take_error(self, dt: float) -> None:
        """A problem the session reported goes on screen (and ages there)."""
        s = self.session
        if s.last_error:
            self.error_text, s.last_error = s.last_error, ""
            self.error_age = 0.0
        self.error_age += dt

    def refresh(self) -> None:
        """Re-read the model and redraw every side panel now, and the whole screen."""
        self._draw_panels()
        self.full_redraw = True

    def _draw_panels(self) -> None:
        """Every side panel, in this frame, from the session's one snapshot of now."""
        self.since_refresh = 0.0
        self.panels_drawn += 1
        model = self.session.model
        self.snap = snap = self.session.snapshot()
        self.alert_card.follow(model)
        ui, layer = self.ui, self.layer
        self._draw_alert_area()
        self.funnel_panel.draw(layer, ui)
        self.funnel.draw(layer, ui, snap, self.scope)
        self.icons_panel.draw(layer, ui)
        self.icons.draw(layer, ui, snap)
        self.who_panel.draw(layer, ui)
        self.who.draw(layer, ui, snap, model.people.code)
        self.days_panel.draw(layer, ui)
        self.days.draw(layer, ui, snap)
        ui.blit_text(
            layer,
            self.days.note(ui),
            (L.DAYS.right - 14, L.DAYS.y + 14),
            "small",
            ui.theme.ui("text_dim"),
            anchor="topright",
            # beside the panel's heading, whatever room its words leave
            max_width=L.DAYS.width - 28 - 24 - ui.text.width(ui.tr("days.title"), "label", True),
        )
        self.dirty.extend((L.FUNNEL, L.ICONS, L.WHO_PAYS, L.DAYS))
        # Controls show the model's values, which feedback policies change overnight.
        self.dirty.append(pygame.Rect(0, L.CONTROLS_Y, L.W, L.H - L.CONTROLS_Y))

    def _draw_alert_area(self) -> None:
        """The alert panel, or the picked person's card in its place."""
        layer, ui, model = self.layer, self.ui, self.session.model
        layer.fill(ui.theme.ui("background"), L.ALERT)
        if self.person_card.is_open:
            self.person_card.draw(layer, ui, model, today=self.scope == "today")
        if not self.person_card.is_open:  # also when drawing found the crowd gone
            self.alert_panel.draw(layer, ui)
            self.alert_card.draw(layer, ui, model)
        self.dirty.append(L.ALERT)

    def dirty_rects(self) -> list[pygame.Rect] | None:
        """The top bar and the city change every frame; panels when redrawn."""
        if self.full_redraw:
            self.full_redraw = False
            self.dirty.clear()
            return None
        rects = [pygame.Rect(0, 0, L.W, L.TOP_H), L.CITY, *self.dirty]
        self.dirty.clear()
        return rects

    def _draw_frame_layer(self) -> None:
        """What never changes while the scene lives: background, control panels, legend."""
        ui, layer = self.ui, self.layer
        layer.fill(ui.theme.ui("background"))
        for panel in self.group_panels.values():
            panel.draw(layer, ui)
        self._draw_legend(layer)

    def _alert_title(self) -> str:
        alert = self.alert_card.alert
        if alert is None:
            return self.ui.tr("alert.title_none")
        return self.ui.tr("alert.title", time=self.clock_text(alert.time))

    def clock_text(self, t: float, day_over: bool = False) -> str:
        """Day and time of day; ``day_over``: a midnight is the end of the day before.

        A run of whole days ends at midnight: its clock says "Day 1 · 24:00",
        the day the panels show, not "Day 2 · 00:00", a day with nothing in it.
        """
        day = int(t // 86400) + 1
        sec = int(t % 86400)
        if day_over and sec == 0 and day > 1:
            day, sec = day - 1, 86400
        return self.ui.tr(
            "time.clock", day=day, hh=f"{sec // 3600:02d}", mm=f"{sec % 3600 // 60:02d}"
        )

    def _draw_legend(self, surf: pygame.Surface) -> None:
        rect = pygame.Rect(L.CITY.x, L.CITY.bottom - self.legend_h, L.CITY.width, self.legend_h)
        draw_state_legend(surf, self.ui, rect, inset=LEGEND_INSET, detector=self.view_detector)

    def draw(self, surface: pygame.Surface) -> None:
        ui, th, s = self.ui, self.ui.theme, self.session
        alert = self.alert_card.alert
        mark = None if alert is None else (alert.person, alert.camera)
        selected = self.person_card.person
        if selected is not None:
            mark = None  # the alert card is hidden: ring only the person on the card
        if s.job is not None:  # the model is the job's: its last picture, and why
            if not self.frozen:
                self.city.freeze(surface)  # still the last frame here
                self.frozen = True
            self._draw_background(surface)
            self.city.draw_frozen(surface)
            self._draw_busy_note(surface)
        else:
            self.frozen = False
            self._draw_background(surface)
            self.city.draw(surface, s.render_time(), mark, selected)
            if self.overlay is not None:  # plates: patrol cars and the plates read
                self.overlay.draw(surface, self.city, s.render_time(), alert)
        self._draw_city_notes(surface)
        self.help.draw(surface)
        self._draw_top(surface)
        focused = self.focus.focused if self.focus.visible else None
        for w in (*self.top_widgets, self.scope_button):
            w.draw(surface, ui, w is focused)
        if self.error_text and self.error_age < ERROR_SHOW_S:
            r = pygame.Rect(
                L.CITY.x + 10, L.CITY.bottom - self.legend_h - 52, L.CITY.width - 20, 44
            )
            pygame.draw.rect(surface, th.ui("panel"), r, 0, 8)
            pygame.draw.rect(surface, th.ui("warning"), r, 3, 8)
            ui.blit_text(
                surface,
                self.error_text,
                (r.x + 12, r.centery),
                "body",
                th.ui("text"),
                anchor="midleft",
                max_width=r.width - 24,
            )

    def _controls_face(self) -> tuple[Any, ...]:
        """Everything the knobs' pixels depend on; while it stays the same, so do they.

        Drawing some twenty controls (labels, values, plates) took 2-3 ms of
        every frame on the slow 2-core machine, although they change only on
        input, a knob's value, a panel refresh (feedback policies move values
        overnight), focus, language, text size or theme. Values are read
        again each frame, so a change by any other path is caught as well.
        """
        ui, focus = self.ui, self.focus
        values = tuple(w.get() for w in self.controls if callable(getattr(w, "get", None)))
        return (
            self.inputs,
            self.panels_drawn,
            self.full_redraw,
            focus.index if focus.visible else None,
            self.session.changes,
            ui.i18n.revision,
            ui.fonts.scale,
            id(ui.theme),
            values,
        )

    def _draw_background(self, surface: pygame.Surface) -> None:
        """The layer above the controls, and the controls from their cached picture.

        While a text audit records what is drawn, the controls are drawn every
        time, so every text of every frame reaches it.
        """
        region = pygame.Rect(0, L.CONTROLS_Y, L.W, L.H - L.CONTROLS_Y)
        face = self._controls_face()
        if face != self.controls_face or TextCache.audit is not None:
            self.controls_face = face
            cache, ui = self.controls_layer, self.ui
            cache.blit(self.layer, region, region)
            focused = self.focus.focused if self.focus.visible else None
            for w in self.controls:
                w.draw(cache, ui, w is focused)
        surface.blit(self.layer, (0, 0), pygame.Rect(0, 0, L.W, L.CONTROLS_Y))
        surface.blit(self.controls_layer, region, region)

    def _draw_busy_note(self, surface: pygame.Surface) -> None:
        """Over the still map: the computer is working out a change (at once) or slow
        steps (once they have taken BUSY_NOTE_S, so quick ones do not flicker)."""
        s, ui, th = self.session, self.ui, self.ui.theme
        kind = s.job.kind if s.job is not None else ""
        if kind != "param" and s.busy_for() < BUSY_NOTE_S:
            return
        text = ui.tr("city.computing_change" if kind == "param" else "city.computing_steps")
        area = L.CITY
        room = area.width - 80  # a plate inside the map, 16 px of air on each side
        lines = ui.text.wrap(text, "body", room, True)
        width = max(ui.text.width(line, "body", True) for line in lines) + 32
        line_h = ui.text.line_height("body", True)
        plate = pygame.Rect(0, 0, width, line_h * len(lines) + 24)
        plate.center = (area.centerx, area.y + (area.height - self.legend_h) // 2)
        pygame.draw.rect(surface, th.ui("panel"), plate, 0, 10)
        pygame.draw.rect(surface, th.ui("warning"), plate, 3, 10)
        for i, line in enumerate(lines):
            ui.blit_text(
                surface,
                line,
                (plate.centerx, plate.y + 12 + i * line_h),
                "body",
                th.ui("heading"),
                bold=True,
                anchor="midtop",
            )

    def _draw_city_notes(self, surface: pygame.Surface) -> None:
        """Camera key (bottom left), the night's faster clock (top right) and, for big
        crowds, that only a sample is drawn (bottom right)."""
        ui, th, city, s = self.ui, self.ui.theme, self.city, self.session
        if self.view_detector == "calls":  # no camera in a prison's call log
            return
        key = dtr(ui, "city.camera_key", self.view_detector)
        img = ui.text.render(key, "small", th.ui("text"))
        box = img.get_rect(bottomleft=(L.CITY.x + 14 + 58, L.CITY.bottom - self.legend_h - 10))
        plate = pygame.Rect(box.x - 58, box.y - 3, box.width + 66, box.height + 6)
        surface.fill(th.ui("background"), plate)
        on = th.color("city", "camera")
        draw_camera(surface, (plate.x + 16, plate.centery), on)
        if self.view_detector == "plates":  # the moving reader rides a patrol car
            draw_car(surface, (plate.x + 38, plate.centery), on)
        else:
            draw_camera(surface, (plate.x + 38, plate.centery), on, mobile=True)
        surface.blit(img, box)
        if s.night:  # top right of the map: the clock's note, where the eye is at night
            img = ui.text.render(ui.tr("time.night_fast"), "small", th.color("palette", "yellow"))
            plate = img.get_rect(topright=(L.CITY.right - 14, L.CITY.y + 10))
            surface.fill(th.ui("background"), plate.inflate(14, 6))
            surface.blit(img, plate)
        if city.total_people <= city.sample.size:
            return
        text = ui.tr("city.sampled", shown=int(city.sample.size), total=int(city.total_people))
        img = ui.text.render(text, "small", ui.theme.ui("text"))
        plate = img.get_rect(bottomright=(L.CITY.right - 14, L.CITY.bottom - self.legend_h - 10))
        surface.fill(ui.theme.ui("background"), plate.inflate(14, 6))
        surface.blit(img, plate)

    def bar_title(self) -> str:
        """The situation's title for the top bar: whole if it fits, else its short form.

        "L’appli des adjoints du shérif (comté de Washington)" is wider than
        the bar leaves in French; the locale's `short` says the same in fewer
        words ("L’appli des adjoints du shérif"), at the same size.
        """
        ui, scenario = self.ui, self.session.scenario
        title = scenario_text(ui, scenario, "title")
        short = f"scenario.{scenario.name}.short"
        if ui.text.width(title, "large", True) > self.top_left_width - 16 and ui.i18n.has(short):
            return ui.tr(short)
        return title

    def _draw_top(self, surface: pygame.Surface) -> None:
        """The situation's title across the left of the bar; the code and the clock under it.

        The title has the whole width left of the buttons (a French or German
        title does not fit beside the clock); the clock sits right of the code.
        """
        ui, th, s = self.ui, self.ui.theme, self.session
        surface.fill(th.ui("background"), (0, 0, L.W, L.TOP_H))
        # The situation's own title is the heading here; the game's name is on
        # the title screen and the window.
        ui.blit_text(
            surface,
            self.bar_title(),
            (16, 0),
            "large",
            th.ui("heading"),
            bold=True,
            max_width=self.top_left_width - 16,
        )
        clock = self.clock_text(s.render_time(), day_over=self.snap.today_closed)
        left = self.code_button.rect.right + 16
        ui.blit_text(
            surface,
            clock,
            (left, self.code_button.rect.centery),
            "large",
            th.ui("heading"),
            bold=True,
            anchor="midleft",
            max_width=self.top_left_width - left,
        )
