"""The worksheet's answer key matches the command line, and the worksheet prints.

The key in docs/answer-key.md is regenerated here by running the worksheet's
commands through the CLI's own code (about six seconds); any difference means
the model changed and the key must be regenerated with
`python scripts/make_worksheet.py --answer-key`.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pygame
import pytest

from sim.worksheet import LANGUAGES, SEED, TASKS, answer_key, key_path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _script():
    spec = importlib.util.spec_from_file_location(
        "make_worksheet", ROOT / "scripts" / "make_worksheet.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["make_worksheet"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_answer_key_in_docs_is_what_the_commands_print(lang: str) -> None:
    fresh = answer_key(lang)
    stored = key_path(lang).read_text(encoding="utf-8")
    assert fresh == stored, "run: python scripts/make_worksheet.py --answer-key"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_is_on_the_worksheet_and_in_the_guide_with_one_seed(lang: str) -> None:
    suffix = "" if lang == "en" else f".{lang}"
    sheet = (DOCS / f"worksheet{suffix}.md").read_text(encoding="utf-8")
    guide = (DOCS / f"teacher-guide{suffix}.md").read_text(encoding="utf-8")
    for task in TASKS:
        assert task.command in sheet, task.command
        assert task.command in guide, task.command
        assert f"--seed {SEED}" in task.command
    numbers = [int(n) for n in re.findall(r"^## (\d+)\.", sheet, re.M)]
    assert numbers == [t.number for t in TASKS]


def test_the_answer_key_quotes_the_cli_json(monkeypatch) -> None:
    """One task checked against the CLI's printed table too (not only its JSON)."""
    import contextlib
    import io

    from sim.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", *TASKS[2].args]) == 0  # Cardiff, the printed table
    table = out.getvalue()
    key = (DOCS / "answer-key.md").read_text(encoding="utf-8")
    alerts = re.search(r"- alerts: \*\*([\d,]+)\*\*", key.split("## 3.")[1]).group(1)
    assert re.search(rf"Alerts\s+{alerts}\b", table)


def test_the_worksheet_renders_to_a4_pages_and_a_pdf(tmp_path) -> None:
    module = _script()
    assert module.main(["--out", str(tmp_path)]) == 0
    pngs = sorted(tmp_path.glob("worksheet-*.png"))
    assert 1 <= len(pngs) <= 4
    for png in pngs:
        page = pygame.image.load(str(png))
        assert page.get_size() == (module.PAGE_W, module.PAGE_H)
        inked = sum(
            1
            for x in range(0, module.PAGE_W, 20)
            for y in range(0, module.PAGE_H, 20)
            if page.get_at((x, y))[0] < 128
        )
        assert inked > 50  # text on the page
        # nothing drawn in the side margins: text wrapped inside them
        for y in range(0, module.PAGE_H, 7):
            for x in (module.MARGIN // 3, module.PAGE_W - module.MARGIN // 3):
                assert page.get_at((x, y))[:3] == (255, 255, 255), (png.name, x, y)
    pdf = (tmp_path / "worksheet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page ") == len(pngs)


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_languages_printed_worksheet_is_up_to_date(lang: str, tmp_path: Path) -> None:
    module = _script()
    source = DOCS / module.sheet_name(lang)
    pages = module.render_language(source, tmp_path, lang)
    pdf = module.sheet_name(lang, ".pdf")
    fresh, stored = (tmp_path / pdf).read_bytes(), (DOCS / pdf).read_bytes()
    assert 3 <= pages <= 4 and stored.count(b"/Type /Page ") == pages  # as the guides say
    assert fresh == stored, f"{pdf} is stale: run python scripts/make_worksheet.py"
    assert list(tmp_path.glob("*.png")) == []  # page images only for English


def test_the_printed_worksheet_in_docs_is_up_to_date() -> None:
    module = _script()
    pages = module.render_pages((DOCS / "worksheet.md").read_text(encoding="utf-8"))
    stored = sorted(DOCS.glob("worksheet-*.png"))
    assert len(stored) == len(pages), "run: python scripts/make_worksheet.py"
    for page, path in zip(pages, stored, strict=True):
        assert pygame.image.tobytes(page, "RGB") == pygame.image.tobytes(
            pygame.image.load(str(path)), "RGB"
        ), f"{path.name} is stale: run python scripts/make_worksheet.py"
