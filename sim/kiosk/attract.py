"""Attract mode: the city runs by itself under large captions that invite a touch.

Shown whenever nobody is playing. The simulation is the real one (the
museum's scenario, normally the city), so what a passer-by sees moving is
what the game computes. On the right, the latest alert with both face codes
and today's counts in people; at the bottom, one caption at a time from the
locale (kiosk.attract.N), fading from one to the next.

A model left running for weeks would keep every alert it ever raised, so the
attract model starts a new day (a new seed, a clean log) whenever its
simulated day is over: memory stays flat however long nobody plays. The
lesson is about base rates, not faces, so each new day shows the next
detector in `ROTATION` (the museum's own situation, then gun detection,
plate readers and prison calls, then the museum's again), with that
detector's map (cars and plate cameras, the prison's call log), words and
captions (kiosk.attract_<detector>.N); the setting `attract_detectors`
keeps the museum's situation only.

The scene takes no input itself: the kiosk controller turns the first touch
into "start a visitor session" (and a touch on a language name picks that
language first).
"""

from __future__ import annotations

from typing import Any, Protocol

import pygame

from sim.game import layout as L
from sim.game.alert_card import AlertCard
from sim.game.call_log import CallLogView
from sim.game.city_view import STATE_NAMES, CityView, draw_token
from sim.game.detector_look import detector_of, dtr
from sim.game.glyph_cache import GlyphCache
from sim.game.look import fit_px
from sim.game.plate_view import PlateOverlay
from sim.game.scenes.base import Scene
from sim.game.snapshot import Snapshot
from sim.game.widgets import Panel
from sim.kiosk.captions import CaptionFrame
from sim.kiosk.settings import KioskSettings
from sim.notices import warn_once
from sim.text.i18n import language_name

DAY_S = 86_400.0
REFRESH_S = 0.5  # the counts are re-read this often
CITY = pygame.Rect(40, 112, 1074, 716)  # the city is 3:2
LEGEND = pygame.Rect(40, 834, 1074, 36)
ALERT = pygame.Rect(1144, 112, 736, 340)
COUNTS = pygame.Rect(1144, 466, 736, 404)
BAND = pygame.Rect(0, 878, L.W, L.H - 878)
CAPTION = pygame.Rect(100, 892, L.W - 200, 128)
COUNT_KEYS = (
    ("faces_scanned", "kiosk.count.faces"),
    ("alerts", "kiosk.count.alerts"),
    ("innocent_people_flagged", "kiosk.count.flagged"),
    ("innocent_people_stopped", "kiosk.count.stopped"),
)
LANG_W, LANG_H = 200, 72
#: The other detectors attract mode shows, a simulated day each, after the museum's
#: situation: (scenario, knobs that keep its day light enough for an exhibit PC).
ROTATION: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("school-guns", (("people", "20000"),)),
    ("plate-readers", (("people", "30000"),)),
    ("prison-calls", ()),
)
#: Captions per detector beyond faces (kiosk.attract_<detector>.1 ... N).
DETECTOR_CAPTIONS = 3


def rotation_slot(day: int, enabled: bool = True) -> str | None:
    """The scenario attract day ``day`` shows: None for the museum's own, else a detector's."""
    if not enabled:
        return None
    slot = day % (len(ROTATION) + 1)
    return None if slot == 0 else ROTATION[slot - 1][0]


def caption_key(key: str, index: int, detector: str) -> str:
    """The caption to show: the rotation's own for faces, the detector's otherwise."""
    if detector == "faces":
        return key
    return f"kiosk.attract_{detector}.{index % DETECTOR_CAPTIONS + 1}"


class AttractHost(Protocol):
    """What the attract screen reads from the kiosk that shows it (`KioskRuntime`).

    Named here rather than imported: the runtime builds this scene, so an
    import of the runtime's class would be a loop.
    """

    base_seed: int
    languages: tuple[str, ...]
    settings: KioskSettings

    def caption(self) -> CaptionFrame: ...


class AttractScene(Scene):
    """The exhibit's resting screen; `runtime` supplies captions and languages."""

    def __init__(self, app: Any, runtime: AttractHost) -> None:
        super().__init__(app)
        self.ui = app.ui
        self.runtime = runtime
        self.city: Any = CityView(CITY, self.ui)
        self.overlay: PlateOverlay | None = None
        session = app.session
        # the museum's own situation, to come back to after the other detectors
        self.home = (session.scenario_name, list(session.overrides))
        self.glyphs = GlyphCache(limit=16)
        self.alert_panel = Panel(ALERT, lambda: self._alert_title())
        self.counts_panel = Panel(COUNTS, lambda: self.ui.tr("kiosk.count.title"))
        self.alert_card = AlertCard(self.alert_panel.body, self.glyphs)
        self.snap: Snapshot  # set by bind(), from the session
        self.since = REFRESH_S
        self.model_id = 0
        self.days = 0
        self.elapsed = 0.0
        self._caption_key: tuple[Any, ...] = ()
        self._caption: pygame.Surface | None = None
        self.bind()

    # --- the model ----------------------------------------------------------------
    def bind(self) -> None:
        """Attach the views to the session's current model."""
        model = self.app.session.model
        detector = detector_of(model)
        self.city = CallLogView(CITY, self.ui) if detector == "calls" else CityView(CITY, self.ui)
        self.overlay = PlateOverlay(self.ui) if detector == "plates" else None
        self.city.bind(model)
        self.model_id = id(model)
        self.alert_card.alert = None
        self.snap = self.app.session.snapshot()
        self.since = 0.0

    def update(self, dt: float) -> None:
        session = self.app.session
        if id(session.model) != self.model_id:
            self.bind()
        session.advance(dt)
        model = session.model
        if model.finished or model.t - model.t0 >= DAY_S:
            # A new day with a clean log, so weeks of attract mode use no more memory.
            self.next_day()
        self.alert_card.follow(model)
        self.elapsed += dt
        self.since += dt
        if self.since >= REFRESH_S:
            self.snap = session.snapshot()
            self.since = 0.0

    def next_day(self) -> None:
        """Start the next attract day: a new seed, the rotation's next situation."""
        self.days += 1
        self._next_day(self.runtime.base_seed + self.days)
        self.bind()

    def _next_day(self, seed: int) -> None:
        """The next detector of the rotation (or the museum's situation) with a new seed.

        A scenario that cannot be loaded (a damaged file) is skipped: the day
        starts again with what was running, never a traceback on the exhibit.
        """
        session = self.app.session
        name = rotation_slot(self.days, getattr(self.runtime.settings, "attract_detectors", True))
        home, home_overrides = self.home
        start = [(k, v) for k, v in home_overrides if k == "start_hour"]
        target = (home, home_overrides) if name is None else (name, [*dict(ROTATION)[name], *start])
        if target[0] == session.scenario_name and name is None and not session.knobs:
            session.reset(seed)
            return
        try:
            session.load(target[0], seed, target[1])
        except Exception as exc:  # a broken file must not stop the exhibit
            warn_once(f"attract:{target[0]}", f"attract mode skips {target[0]!r}: {exc}")
            session.reset(seed)

    def handle(self, event: pygame.event.Event) -> bool:
        return True  # nothing here reacts to input; the kiosk controller starts a visit

    # --- languages --------------------------------------------------------------------
    def language_rects(self) -> list[tuple[str, pygame.Rect]]:
        """Where each offered language's name sits (top right); none for one language."""
        langs = self.runtime.languages
        if len(langs) < 2:
            return []
        w = min(LANG_W, (ALERT.width + 12) // len(langs) - 12)  # above the right column
        x = ALERT.right - len(langs) * (w + 12) + 12
        return [
            (code, pygame.Rect(x + i * (w + 12), 22, w, LANG_H)) for i, code in enumerate(langs)
        ]

    def language_at(self, x: float, y: float) -> str | None:
        """The language whose name is under a touch, if any."""
        for code, rect in self.language_rects():
            if rect.collidepoint(x, y):
                return code
        return None

    # --- drawing ----------------------------------------------------------------------
    def _alert_title(self) -> str:
        return self.ui.tr("alert.title_none")

    def draw(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        surface.fill(th.ui("background"))
        model = self.app.session.model
        t = self.app.session.render_time()
        clock = self._draw_clock(surface, t)
        ui.blit_text(
            surface,
            ui.tr("app.title"),
            (40, CITY.y // 2),
            fit_px(ui, th.size("huge"), CITY.y - 8),
            th.ui("heading"),
            True,
            "midleft",
            max_width=clock.x - 80,
        )
        langs = self.language_rects()
        for code, rect in langs:
            on = code == ui.i18n.lang
            pygame.draw.rect(surface, th.ui("button_on" if on else "button"), rect, 0, 12)
            pygame.draw.rect(surface, th.ui("focus" if on else "panel_border"), rect, 3, 12)
            ui.blit_text(
                surface,
                language_name(code),
                rect.center,
                "label",
                th.ui("heading"),
                True,
                "center",
                max_width=rect.width - 16,
            )
        alert = self.alert_card.alert
        mark = None if alert is None else (alert.person, alert.camera)
        self.city.draw(surface, t, mark)
        if self.overlay is not None:  # plates: patrol cars and the plates read
            self.overlay.draw(surface, self.city, t, alert)
        pygame.draw.rect(surface, th.ui("panel_border"), CITY, 2, 4)
        self._draw_legend(surface)
        self.alert_panel.draw(surface, ui)
        self.alert_card.draw(surface, ui, model)
        self._draw_counts(surface)
        self._draw_band(surface)

    def _draw_clock(self, surface: pygame.Surface, t: float) -> pygame.Rect:
        """Day and time of the simulated city, above its right edge."""
        ui, th = self.ui, self.ui.theme
        sec = int(t % DAY_S)
        clock = ui.tr(
            "time.clock",
            day=int(t // DAY_S) + 1,
            hh=f"{sec // 3600:02d}",
            mm=f"{sec % 3600 // 60:02d}",
        )
        return ui.blit_text(
            surface, clock, (CITY.right, CITY.y - 8), "title", th.ui("heading"), True, "bottomright"
        )

    def _draw_legend(self, surface: pygame.Surface) -> None:
        """What each mark on the map means: shape and word, never colour alone.

        Each word gets the room it needs (German words are long); if together
        they are too wide, all shrink alike rather than one being cut.
        """
        ui, th = self.ui, self.ui.theme
        detector = detector_of(self.app.session.model)
        names = [dtr(ui, f"state.{name}", detector) for name in STATE_NAMES]
        mark = 28  # token and the space after it
        px = th.size("small")
        widths = [ui.text.width(t, px) for t in names]
        while px > 12 and sum(widths) + len(names) * (mark + 12) > LEGEND.width:
            px -= 1
            widths = [ui.text.width(t, px) for t in names]
        gap = max(0, (LEGEND.width - sum(widths) - len(names) * mark) // len(names))
        x = LEGEND.x
        for name, text, w in zip(STATE_NAMES, names, widths, strict=True):
            draw_token(surface, th, name, (x + 10, LEGEND.centery))
            ui.blit_text(
                surface,
                text,
                (x + mark, LEGEND.centery),
                px,
                th.ui("text"),
                anchor="midleft",
                max_width=w + gap,
            )
            x += mark + w + gap

    def _draw_counts(self, surface: pygame.Surface) -> None:
        ui, th = self.ui, self.ui.theme
        self.counts_panel.draw(surface, ui)
        body = self.counts_panel.body
        totals = self.snap.totals
        detector = self.snap.detector
        cell_w, cell_h = body.width // 2, (body.height - 6) // 2
        colors = (
            th.color("charts", "faces"),
            th.color("charts", "alerts"),
            th.color("charts", "innocent"),
            th.color("charts", "stops"),
        )
        for i, ((key, label), color) in enumerate(zip(COUNT_KEYS, colors, strict=True)):
            x = body.x + (i % 2) * cell_w
            y = body.y + 6 + (i // 2) * cell_h
            n = int(getattr(totals, key))
            px = fit_px(ui, 72, cell_h - ui.text.line_height("label") - 8)
            num = ui.blit_text(
                surface, ui.i18n.num(n), (x, y), px, color, True, max_width=cell_w - 16
            )
            ui.blit_wrapped(
                surface,
                dtr(ui, label, detector),
                pygame.Rect(x, num.bottom, cell_w - 16, max(20, y + cell_h - num.bottom - 4)),
                "label",
                th.ui("text"),
            )

    def _draw_band(self, surface: pygame.Surface) -> None:
        """The caption of the moment, and the invitation to touch."""
        ui, th = self.ui, self.ui.theme
        surface.fill(th.ui("panel"), BAND)
        pygame.draw.line(surface, th.ui("focus"), BAND.topleft, BAND.topright, 4)
        frame = self.runtime.caption()
        key = caption_key(frame.key, frame.index, detector_of(self.app.session.model))
        img = self._caption_surface(ui.tr(key))
        img.set_alpha(round(255 * frame.alpha))
        surface.blit(img, img.get_rect(midtop=(CAPTION.centerx, CAPTION.y)))
        # A finger mark and the plain instruction, always there.
        hint = ui.tr("kiosk.touch_to_start")
        text = ui.blit_text(
            surface,
            hint,
            (L.W // 2 + 40, L.H - 30),
            fit_px(ui, th.size("title"), 58),
            th.ui("focus"),
            True,
            "center",
            max_width=L.W - 400,
        )
        centre = (text.x - 50, text.centery)
        pygame.draw.circle(surface, th.ui("focus"), centre, 14)
        if self.runtime.settings.reduced_motion:
            pygame.draw.circle(surface, th.ui("focus"), centre, 28, 3)
        else:  # one ring growing slowly from the fingertip, every 2 s; never a flash
            phase = (self.elapsed % 2.0) / 2.0
            pygame.draw.circle(surface, th.ui("focus"), centre, 18 + round(22 * phase), 3)

    def _caption_surface(self, text: str) -> pygame.Surface:
        """The caption's lines on one transparent surface (ours, so its alpha can change)."""
        ui = self.ui
        key = (text, ui.i18n.revision, ui.fonts.scale)
        if key == self._caption_key and self._caption is not None:
            return self._caption
        surf = pygame.Surface(CAPTION.size, pygame.SRCALPHA)
        lines = ui.text.wrap(text, 60, CAPTION.width, True)
        px = 60
        while px > 30 and len(lines) * ui.text.line_height(px, True) > CAPTION.height:
            px -= 4
            lines = ui.text.wrap(text, px, CAPTION.width, True)
        used = len(lines) * ui.text.line_height(px, True)
        ui.blit_wrapped(
            surf,
            text,
            pygame.Rect(0, max(0, (CAPTION.height - used) // 2), CAPTION.width, CAPTION.height),
            px,
            ui.theme.ui("heading"),
            bold=True,
            align="center",
        )
        self._caption_key, self._caption = key, surf
        return surf
