"""Print-ready worksheet pages from docs/worksheet.md, and the answer key.

    python scripts/make_worksheet.py                 # docs/worksheet[.LANG].pdf (+ worksheet-N.png)
    python scripts/make_worksheet.py --answer-key    # regenerate docs/answer-key[.LANG].md
    python scripts/make_worksheet.py --check         # exit 1 if a key is out of date
    python scripts/make_worksheet.py --lang fr       # only French

Every language of the kit (en, es, fr, de) has its worksheet in Markdown
(docs/worksheet.md, docs/worksheet.es.md, ...), its PDF and its answer key.

The worksheet is written in Markdown so a teacher can edit it; this script
lays it out on A4 pages (150 dpi) with the game's own legible font, large
enough to read and to write on, and packs the pages into a PDF with nothing
but the standard library (lossless page images, no PDF package needed). The
answer key is computed by running the worksheet's commands (see
sim/worksheet.py), never typed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from sim.paths import FONTS  # noqa: E402

DOCS = ROOT / "docs"
PAGE_W, PAGE_H = 1240, 1754  # A4 at 150 dpi
MARGIN = 110
INK = (20, 20, 20)
DIM = (90, 90, 90)
CODE_BG = (238, 238, 238)
SIZES = {"h1": 46, "h2": 34, "p": 25, "code": 21}
A4_POINTS = (595.28, 841.89)


@dataclass
class Block:
    kind: str  # h1, h2, p, code, rule
    text: str


def parse_markdown(text: str) -> list[Block]:
    """The small part of Markdown the worksheet uses: headings, paragraphs, code blocks."""
    blocks: list[Block] = []
    para: list[str] = []
    lines = text.splitlines()
    i = 0

    def flush() -> None:
        if para:
            blocks.append(Block("p", " ".join(s.strip() for s in para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            flush()
            code = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                code.append(lines[i])
                i += 1
            blocks.append(Block("code", "\n".join(code)))
        elif line.startswith("# "):
            flush()
            blocks.append(Block("h1", line[2:].strip()))
        elif line.startswith("## "):
            flush()
            blocks.append(Block("h2", line[3:].strip()))
        elif not line.strip():
            flush()
        elif re.match(r"^\d+\. ", line) or line.startswith("- "):
            flush()
            para.append(line)
            flush()
        else:
            para.append(line)
        i += 1
    flush()
    return blocks


class Layout:
    """Flows blocks onto A4 pages; a heading never ends a page alone."""

    def __init__(self) -> None:
        pygame.font.init()
        fonts = FONTS
        self.regular = {
            k: pygame.font.Font(fonts / "AtkinsonHyperlegible-Regular.ttf", v)
            for k, v in SIZES.items()
        }
        self.bold = {
            k: pygame.font.Font(fonts / "AtkinsonHyperlegible-Bold.ttf", v)
            for k, v in SIZES.items()
        }
        self.pages: list[pygame.Surface] = []
        self.y = 0
        self.width = PAGE_W - 2 * MARGIN
        self.new_page()

    def new_page(self) -> None:
        page = pygame.Surface((PAGE_W, PAGE_H))
        page.fill((255, 255, 255))
        self.pages.append(page)
        self.y = MARGIN

    @property
    def page(self) -> pygame.Surface:
        return self.pages[-1]

    def runs(self, text: str) -> list[tuple[str, bool, bool]]:
        """Words with their weight and whether a space comes before them.

        **bold** spans are bold, `code` spans shown plainly; punctuation right
        after a bold span stays attached to it.
        """
        out: list[tuple[str, bool, bool]] = []
        bold = False
        space = True
        for part in re.split(r"(\*\*)", text.replace("`", "")):
            if part == "**":
                bold = not bold
                continue
            pieces = part.split(" ")
            for k, word in enumerate(pieces):
                if word:
                    out.append((word, bold, space or k > 0))
                    space = False
                elif k > 0 or not out:
                    space = True
            space = space or part.endswith(" ")
        return out

    def lines_of(
        self, text: str, size: str, bold_all: bool = False
    ) -> list[list[tuple[str, bool, bool]]]:
        lines: list[list[tuple[str, bool, bool]]] = [[]]
        x = 0
        space = self.regular[size].size(" ")[0]
        for word, bold, spaced in self.runs(text):
            font = (self.bold if (bold or bold_all) else self.regular)[size]
            w = font.size(word)[0]
            gap = space if (lines[-1] and spaced) else 0
            if lines[-1] and x + gap + w > self.width:
                lines.append([])
                x, gap = 0, 0
            x += gap + w
            lines[-1].append((word, bold or bold_all, spaced))
        return lines

    def ensure(self, height: int) -> None:
        if self.y + height > PAGE_H - MARGIN:
            self.new_page()

    def text_block(self, text: str, size: str, bold_all: bool = False, gap: int = 14) -> None:
        """A paragraph; a trailing run of underscores becomes a ruled answer line."""
        blank = re.search(r"\s*(_{3,})\s*$", text)
        if blank:
            text = text[: blank.start()].rstrip()
        lines = self.lines_of(text, size, bold_all) if text else [[]]
        step = self.regular[size].get_linesize() + 6
        x = MARGIN
        for line in lines:
            self.ensure(step)
            x = MARGIN
            for i, (word, bold, spaced) in enumerate(line):
                font = (self.bold if bold else self.regular)[size]
                if i and spaced:
                    x += font.size(" ")[0]
                img = font.render(word, True, INK)
                self.page.blit(img, (x, self.y))
                x += img.get_width()
            self.y += step
        if blank:
            # the answer line runs to the margin; long ones get a second line to write on
            base = self.y - 10
            start = x + 12 if x + 160 < PAGE_W - MARGIN else MARGIN
            if start == MARGIN:
                self.y += step
                base = self.y - 10
            pygame.draw.line(self.page, DIM, (start, base), (PAGE_W - MARGIN, base), 2)
            if len(blank.group(1)) >= 20:
                self.ensure(step + 8)
                self.y += step + 8
                base = self.y - 10
                pygame.draw.line(self.page, DIM, (MARGIN, base), (PAGE_W - MARGIN, base), 2)
        self.y += gap

    def code(self, text: str) -> None:
        font = self.regular["code"]
        step = font.get_linesize() + 4
        rows: list[str] = []
        for raw in text.splitlines():
            row = ""
            for word in raw.split(" "):
                trial = f"{row} {word}" if row else word
                if font.size(trial)[0] > self.width - 40 and row:
                    rows.append(row)
                    row = "    " + word  # continued line, indented
                else:
                    row = trial
            rows.append(row)
        height = len(rows) * step + 24
        self.ensure(height)
        box = pygame.Rect(MARGIN, self.y, self.width, height)
        pygame.draw.rect(self.page, CODE_BG, box, 0, 8)
        y = self.y + 12
        for row in rows:
            self.page.blit(font.render(row, True, INK), (MARGIN + 20, y))
            y += step
        self.y += height + 18

    def heading(self, text: str, level: str) -> None:
        need = self.regular[level].get_linesize() + 2 * (self.regular["p"].get_linesize() + 6)
        self.ensure(need + 30)  # keep a heading with what follows it
        self.y += 18 if level == "h2" else 0
        self.text_block(text, level, bold_all=True, gap=10)
        if level == "h1":
            pygame.draw.line(self.page, DIM, (MARGIN, self.y - 4), (PAGE_W - MARGIN, self.y - 4), 2)
            self.y += 16

    def lay_out(self, blocks: list[Block]) -> list[pygame.Surface]:
        for b in blocks:
            if b.kind in ("h1", "h2"):
                self.heading(b.text, b.kind)
            elif b.kind == "code":
                self.code(b.text)
            else:
                self.text_block(b.text, "p")
        self.number_pages()
        return self.pages

    def number_pages(self) -> None:
        font = self.regular["code"]
        for i, page in enumerate(self.pages, start=1):
            img = font.render(f"{i} / {len(self.pages)}", True, DIM)
            page.blit(img, img.get_rect(midbottom=(PAGE_W // 2, PAGE_H - 50)))


def render_pages(markdown: str) -> list[pygame.Surface]:
    return Layout().lay_out(parse_markdown(markdown))


def write_pdf(pages: list[pygame.Surface], path: Path) -> None:
    """A minimal PDF: one full-page lossless image per A4 page (zlib, standard library)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    kids = []
    for page in pages:
        w, h = page.get_size()
        raw = zlib.compress(pygame.image.tobytes(page, "RGB"), 9)
        image = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
            % (w, h, len(raw))
            + raw
            + b"\nendstream"
        )
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % A4_POINTS
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, *A4_POINTS, image, stream)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    path.write_bytes(bytes(out))


def sheet_name(lang: str, suffix: str = ".md") -> str:
    """worksheet.md / worksheet.es.md, worksheet.pdf / worksheet.es.pdf: English keeps its names."""
    return f"worksheet{suffix}" if lang == "en" else f"worksheet.{lang}{suffix}"


def render_language(source: Path, out: Path, lang: str) -> int:
    """One language's worksheet to its A4 PDF (and, for English, the page images); the pages."""
    pages = render_pages(source.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    if lang == "en":  # the page images README and the guide show
        for i, page in enumerate(pages, start=1):
            pygame.image.save(page, str(out / f"worksheet-{i}.png"))
    write_pdf(pages, out / sheet_name(lang, ".pdf"))
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    from sim.worksheet import LANGUAGES, answer_key, key_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answer-key", action="store_true", help="regenerate the answer keys")
    parser.add_argument("--check", action="store_true", help="exit 1 if an answer key is stale")
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only this language")
    parser.add_argument("--source", type=Path, help="render this Markdown file instead")
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the PDFs and PNGs")
    args = parser.parse_args(argv)
    langs = args.lang or list(LANGUAGES)
    if args.answer_key or args.check:
        stale = []
        for lang in langs:
            key, target = answer_key(lang), key_path(lang)
            if args.check:
                if not (target.is_file() and target.read_text(encoding="utf-8") == key):
                    stale.append(target.name)
            else:
                target.write_text(key, encoding="utf-8")
                print(target)
        if args.check:
            print(f"out of date: {', '.join(stale)}" if stale else "answer keys are up to date")
        return 1 if stale else 0
    jobs = [(args.source, "en")] if args.source else [(DOCS / sheet_name(x), x) for x in langs]
    for source, lang in jobs:
        try:
            n = render_language(source, args.out, lang)
        except OSError as e:
            print(f"error: cannot read {source}: {e.strerror}", file=sys.stderr)
            return 2
        print(f"{args.out / sheet_name(lang, '.pdf')} ({n} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
