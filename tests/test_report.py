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
    scn, model = _small("city", "people=3000", "hours=6", "start_hour=7")
    out = render_report(model, scn, tmp_path / "short.png")
    assert out.is_file()


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
