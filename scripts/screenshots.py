"""Save a PNG of every main screen, to look at (issue 12: projector mode at 1366x768).

    python scripts/screenshots.py --out shots --size 1366x768 --projector --lang en,es

Walks the same screens as tests/test_text_fits.py (tests/screen_tour.py) and
saves what the window shows at each stop, named <lang>-<screen>.png. Run it
under a real X server (Xvfb) to see what a projector would; it writes only
into --out.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--tour", default="main,story,kiosk")
    parser.add_argument("--only", default="", help="save only screens whose name has this")
    parser.add_argument("--projector", action="store_true")
    args = parser.parse_args(argv)
    w, h = (int(v) for v in args.size.lower().split("x"))
    empty = Path(tempfile.mkdtemp()) / "kiosk.toml"
    empty.write_text("", encoding="utf-8")
    os.environ["ONE_IN_A_MILLION_SETTINGS"] = str(empty)  # never a real museum's file

    import pygame

    from sim.game import preferences
    from tests import screen_tour

    # Projector mode is remembered when switched on: remember it here, not in the user's file.
    preferences.preferences_path = lambda: empty.with_name("preferences.toml")

    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang.split(","):
        for tour in args.tour.split(","):
            app = screen_tour.make((w, h), lang)
            if args.projector:
                app.toggle_projector()
            for name in screen_tour.TOURS[tour](app):
                if args.only and args.only not in name:
                    continue
                path = args.out / f"{lang}-{name}.png"
                pygame.image.save(pygame.display.get_surface(), str(path))
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
