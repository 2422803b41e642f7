"""`python -m sim report` draws a readable one-page PNG in every language."""

from __future__ import annotations

import pygame
import pytest

from sim.cli import main
from sim.model import Model
from sim.report import H, ReportError, W, render_report
from sim.scenario import apply_overrides, load_scenario


def _small(name: str, *pairs: str) -> tuple:
    scn = load_scenario(name)
    params = apply_overrides(scn.params, list(pairs))
    model = Model(params, seed=3)
    model.run()
    return scn, model


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de"])
def test_report_renders_in_every_language(tmp_path, lang: str) -> None:
    scn, model = _small("city", "people=4000", "hours=48")
    out = render_report(model, scn, tmp_path / f"r-{lang}.png", lang=lang)
    image = pygame.image.load(str(out))
    assert image.get_size() == (W, H)
    # A page, not a blank: many distinct colours, and the paper is white at the corner.
    colors = {image.get_at((x, y))[:3] for x in range(0, W, 37) for y in range(0, H, 29)}
    assert len(colors) > 20
    assert image.get_at((5, 5))[:3] == (255, 255, 255)


def test_report_of_a_run_shorter_than_a_day_bins_by_hour(tmp_path) -> None:
    """A 6-hour run from 07:00 is drawn as six hourly bins that hold the model's own counts.

    The same run is stepped one hour at a time (the same 30 s steps as
    Model.run, so the same numbers) and the model's false-alert counter is
    read at each hour: the report's bins, made from the alert log, must equal
    those increments, hour by hour. Innocent stops are binned by the hour of
    their alert, so only their total is compared (with the stop counter).
    """
    from sim.report import Page
    from sim.text.ui import UI

    scn = load_scenario("city")
    params = apply_overrides(scn.params, ["people=3000", "hours=6", "start_hour=7"])
    stepped = Model(params, seed=3)
    per_hour = []
    for hour in range(1, 7):
        before = stepped.summary()["totals"]["false_alerts"]
        stepped.run(hours=hour)
        per_hour.append(stepped.summary()["totals"]["false_alerts"] - before)
    _, model = _small("city", "people=3000", "hours=6", "start_hour=7")
    t = model.summary()["totals"]
    assert stepped.summary()["totals"] == t  # stepping by the hour changed nothing
    assert sum(per_hour) == t["false_alerts"] > 0 and len([n for n in per_hour if n]) >= 3

    pygame.font.init()
    page = Page(pygame.Surface((W, H)), UI.create("en"), model, scn, model.summary())
    series, labels = page.hourly()
    assert labels == ["07:00", "08:00", "09:00", "10:00", "11:00", "12:00"]
    assert series["false_alerts"] == per_hour
    assert sum(series["wrongful_stops"]) == t["wrongful_stops"]
    assert (
        sum(series["wanted_found"]) <= t["stops"] - t["wrongful_stops"]
    )  # stops that found someone
    assert all(len(v) == 6 for v in series.values())
    out = render_report(model, scn, tmp_path / "short.png")
    assert pygame.image.load(str(out)).get_size() == (W, H)


def test_cli_report_and_its_bad_input(tmp_path, capsys) -> None:
    out = tmp_path / "sub" / "report.png"
    code = main(["report", "--scenario", "aclu-2018", "--seed", "2", "--out", str(out)])
    assert code == 0 and out.is_file()
    assert main(["report", "--scenario", "aclu-2018", "--out", str(tmp_path / "x.jpg")]) == 2
    assert main(["report", "--out", str(out), "--lang", "xx", "--set", "people=500"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("error: ") for line in err)
    assert "Traceback" not in "".join(err)


def test_report_error_is_a_usage_error() -> None:
    from sim.cli import UsageError

    assert issubclass(ReportError, UsageError)
