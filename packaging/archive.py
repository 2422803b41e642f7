"""Pack the built app into one file to hand out: a .zip on Windows, a .tar.gz elsewhere.

A tar keeps the executable bits and the shared-library symlinks that a zip made
on Linux or macOS would lose or duplicate; Windows needs neither and opens zips
with a double-click. Usage (run by `make bundle`): `python packaging/archive.py`.
"""

from __future__ import annotations

import platform
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim import __version__  # noqa: E402


def main() -> int:
    system = {"Darwin": "macOS"}.get(platform.system(), platform.system())
    name = f"one-in-a-million-{__version__}-{system}-{platform.machine().lower()}"
    fmt = "zip" if system == "Windows" else "gztar"
    archive = shutil.make_archive(
        str(ROOT / "dist" / name), fmt, root_dir=ROOT / "dist", base_dir="one-in-a-million"
    )
    size = Path(archive).stat().st_size / 2**20
    print(f"{archive} ({size:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
