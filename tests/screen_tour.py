"""A walk through every main screen of the game, one drawn frame at a time.

Shared by the text-fit test (which records every text drawn on the way) and
`scripts/screenshots.py` (which saves each stop as a PNG to look at): both
see the same screens in the same states. Each stop is reached as a player
would, by real clicks on the screen's own widgets where that is practical,
so a screen that cannot be reached shows up as a failure, not a skip.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pygame

from sim.game.app import App, Options, build_app
from sim.game.widgets import Slider

SMALL = (("people", "20000"),)  # a whole day: the results card has real numbers
FRAMES = 3  # a live screen settles (fonts opened, first model steps drawn)


def make(size: tuple[int, int], lang: str, start: str = "title", **kwargs: Any) -> App:
    pygame.display.quit()
    opts = Options(lang=lang, size=size, frames=1, overrides=SMALL, **kwargs)
    return build_app(opts, start=start)


def settle(app: App, frames: int = FRAMES) -> None:
    for _ in range(frames):
        app.frame(1 / 60)


def click(app: App, logical: tuple[int, int]) -> None:
    """A real mouse click at a logical point, sent through the window mapping."""
    pos = app.to_window(logical)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.frame(1 / 60)


def widgets(scene: Any) -> list[Any]:
    focus = getattr(scene, "focus", None)
    return list(getattr(focus, "widgets", None) or getattr(scene, "widgets", []))


def press(app: App, name: str) -> None:
    for w in widgets(app.top):
        if w.name == name:
            click(app, w.target.center)
            return
    names = [w.name for w in widgets(app.top)]
    raise AssertionError(f"{type(app.top).__name__} has no widget {name!r}; it has {names}")


def main_screens(app: App) -> Iterator[str]:
    """The title, sandbox and its overlays, the title's pages; yields after each is drawn."""
    app.open("title", replace=True)
    settle(app)
    yield "title"
    app.open("sandbox", replace=True)
    settle(app)
    yield "sandbox"
    app.top.open_picker()
    settle(app)
    yield "picker"
    app.pop()
    app.open("setup")
    settle(app)
    yield "setup-card"
    app.pop()
    while not app.session.model.finished:  # the day to its end: the sandbox opens the card
        app.session.step_once()
    settle(app)
    assert type(app.top).__name__ == "ResultsScene", app.top
    yield "results"
    app.pop()
    for name in ("code", "preferences"):
        app.open(name, replace=True)
        settle(app)
        yield name
    app.open("about", replace=True)
    settle(app)
    about = app.top
    for i in range(len(about.cases)):
        about.index = i
        # the case's own run goes a time-budgeted slice per frame: wait for its
        # outcome, so every machine (fast or loaded) shows the same finished card
        scn = about.calibrated(about.cases[i])
        while scn is not None and scn.name not in about.simulated:
            about.update(1 / 60)  # the scene's own slices, not drawn (the audit sees one card)
        settle(app, 2)
        yield f"about-case-{about.cases[i].id}"
    for tab in ("arrests", "model"):
        about.show(tab)
        settle(app, 2)
        yield f"about-{tab}"


def story_screens(app: App) -> Iterator[str]:
    """Every chapter's question, live run and explanation (and the challenge's day)."""
    app.open("story", replace=True)
    settle(app, 2)
    scene = app.top
    flow = scene.flow
    for index in range(len(flow.path)):
        flow.jump(index)
        settle(app, 2)
        chapter = flow.chapter.id
        yield f"story-{index + 1}-{chapter}-ask"
        _answer(app)
        press(app, "run")
        settle(app, 4)
        yield f"story-{index + 1}-{chapter}-run"
        press(app, "show")
        settle(app, 2)
        yield f"story-{index + 1}-{chapter}-explain"
        if flow.chapter.challenge is not None:
            press(app, "next")
            settle(app, 2)
            yield f"story-{index + 1}-{chapter}-play"
        follow = flow.chapter.follow
        if follow is not None:  # the chapter goes on: its follow-up question, then the scene
            press(app, "next")
            settle(app, 2)
            yield f"story-{index + 1}-{chapter}-follow-ask"
            press(app, f"follow:{follow.options[0]}")
            press(app, "show")
            settle(app, 2)
            yield f"story-{index + 1}-{chapter}-follow"


def start_chapter_run(chapter_id: str, size: tuple[int, int] = (1366, 768)) -> App:
    """A story opened at one chapter, its question answered and its run started."""
    app = make(size, "en")
    app.open("story", replace=True)
    settle(app, 2)
    flow = app.top.flow
    flow.jump(next(i for i, c in enumerate(flow.path) if c.id == chapter_id))
    settle(app, 2)
    _answer(app)
    press(app, "run")
    return app


def _answer(app: App) -> None:
    """Give the chapter's question an answer: its first option, or a guess a quarter along."""
    ws = widgets(app.top)
    option = next((w for w in ws if w.name.startswith("option:")), None)
    if option is not None:
        click(app, option.target.center)
        return
    slider = next(w for w in ws if isinstance(w, Slider))
    click(app, (slider.track.x + slider.track.width // 4, slider.track.centery))


def kiosk_screens(app: App) -> Iterator[str]:
    """The museum's attract loop (the caller points the kiosk at an empty settings file)."""
    from sim.kiosk.scene import register_screens

    register_screens()  # as `python -m sim play --kiosk` does: the game alone has no kiosk
    app.open("kiosk", replace=True)
    settle(app, 6)
    yield "kiosk-attract"
    from sim.kiosk.attract import ROTATION

    attract = app.top
    for _ in ROTATION:  # a day of each other detector, as the loop rotates through them
        attract.next_day()
        model = app.session.model
        while model.t - model.t0 < 4 * 3600 and not model.finished:
            app.session.step_once()
        settle(app, 40)  # the counts are re-read twice a second
        yield f"kiosk-attract-{model.params.detector}"


#: The detector situations, each with knobs that make a short run raise alerts, so the
#: card, the log and the results show real numbers in a day of a small crowd.
DETECTOR_RUNS: dict[str, tuple[tuple[str, str], ...]] = {
    "school-guns": (("people", "5000"), ("hours", "24"), ("weapons.fp_rate", "2e-5")),
    "plate-readers": (("people", "20000"), ("hours", "24"), ("plates.misread_rate", "0.03")),
    "prison-calls": (("people", "8700"), ("hours", "24"), ("calls.innocent_keyword_rate", "0.002")),
}


#: Models the detector tour has run, by setup and time: every language of one
#: process (the text audit, `scripts/screenshots.py --lang en,de`) sees the very
#: same runs, simulated once. A run does not depend on the language.
_RUNS: dict[tuple[str, float], Any] = {}


def _advanced(model: Any, until: float, key: str) -> Any:
    """A copy of `model` advanced in fixed steps to `until` (or its end), kept by `key`."""
    if (key, until) not in _RUNS:
        run = copy.deepcopy(model)
        while run.t < until - 1e-9 and not run.finished:
            run.step_fixed()
        _RUNS[key, until] = run
    return copy.deepcopy(_RUNS[key, until])


def _advance_session(app: App, until: float) -> None:
    """The sandbox's day stepped to `until`, as the Step button would take it there."""
    session = app.session
    key = f"{session.scenario_name}:{session.seed}:{session.model.params.as_dict()!r}"
    run = _advanced(session.model, until, key)
    session.model = run
    session.t_prev = float(run.t) - 30.0  # as after a step (session.step_once)
    session.revision += 1
    session.owed = 0.0


def _finish_compare(scene: Any) -> None:
    """Both runs of the compare screen finished (each simulated once per process)."""
    for i, model in enumerate(scene.models):
        key = f"compare:{scene.seed}:{model.params.as_dict()!r}"
        scene.models[i] = _advanced(model, float("inf"), key)
    scene.run_to_end()


def detector_screens(app: App) -> Iterator[str]:
    """Each detector's title tab, sandbox (card, map, log), picker and results."""
    for name, overrides in DETECTOR_RUNS.items():
        app.session.load(name, 1, list(overrides))
        detector = str(app.session.model.params.detector)
        app.open("title", replace=True)
        settle(app)
        yield f"title-{detector}"
        app.open("sandbox", replace=True)
        _advance_session(app, 15 * 3600)  # a school, a city, a prison at work
        settle(app)
        yield f"sandbox-{name}"
        scene, model = app.top, app.session.model
        flagged = [a.person for a in model.recent_alerts]  # the card of someone flagged
        scene.person_card.select(model, flagged[-1] if flagged else 0)
        scene.refresh()
        settle(app)
        yield f"person-{name}"
        scene.close_person()
        app.top.open_picker()
        settle(app)
        yield f"picker-{detector}"
        app.pop()
        _advance_session(app, float("inf"))
        settle(app)
        assert type(app.top).__name__ == "ResultsScene", app.top
        yield f"results-{name}"
        press(app, "compare")  # one knob that decides the harm, both runs side by side
        _finish_compare(app.top)
        settle(app)
        yield f"compare-{name}"
        app.pop()


TOURS: dict[str, Callable[[App], Iterator[str]]] = {
    "main": main_screens,
    "detectors": detector_screens,
    "story": story_screens,
    "kiosk": kiosk_screens,
}
