"""Open a ctgraph HTML page in headless Chromium: screenshot it, dump its DOM after its script ran.

Usage:
    python scripts/html_screenshot.py PAGE.html [--png OUT.png] [--dom OUT.html]
    python scripts/html_screenshot.py --seed [--png OUT.png] [--dom OUT.html]

``--seed`` renders the projection of the project's seed data first (it needs
``ctgraph.projection``). The Chromium binary is ``$CTGRAPH_CHROMIUM`` when set,
else the first of the usual names found on ``PATH``. Each run of Chromium gets
a new, empty profile folder and all of its background networking switched off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
WINDOW = (1400, 900)
#: Virtual milliseconds the page may run its script before the DOM is dumped.
TIME_BUDGET = 3000
TIMEOUT = 120


def find_chromium() -> str | None:
    """Return the path of a Chromium binary, or None when there is none."""
    chosen = os.environ.get("CTGRAPH_CHROMIUM")
    if chosen:
        return shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
    for name in BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(binary: str, page: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="ctgraph-chromium-") as profile:
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            *extra,
            page.resolve().as_uri(),
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    if result.returncode != 0:
        raise RuntimeError(
            f"chromium exited with {result.returncode}: {result.stderr.strip()[-2000:]}"
        )
    return result


def screenshot(page: Path, png: Path, binary: str | None = None) -> Path:
    """Save a 1400x900 screenshot of ``page`` to ``png``, after its script ran."""
    chromium = binary or find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium binary found")
    _run(chromium, page, [f"--virtual-time-budget={TIME_BUDGET}", f"--screenshot={png.resolve()}"])
    if not png.is_file():
        raise RuntimeError(f"chromium wrote no screenshot to {png}")
    return png


def dump_dom(page: Path, binary: str | None = None) -> str:
    """Return the DOM of ``page`` serialised after its script ran."""
    chromium = binary or find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium binary found")
    return _run(chromium, page, [f"--virtual-time-budget={TIME_BUDGET}", "--dump-dom"]).stdout


def _seed_page(folder: Path) -> Path:
    import ctgraph
    from ctgraph.html import write_html
    from ctgraph.projection import project

    page = folder / "ctgraph-seed.html"
    write_html(project(ctgraph.load_graph().graph), page)
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, help="the HTML page to open")
    parser.add_argument("--seed", action="store_true", help="render the seed's projection")
    parser.add_argument("--png", type=Path, default=Path("ctgraph-page.png"), help="screenshot")
    parser.add_argument("--dom", type=Path, help="where to write the DOM after scripts ran")
    args = parser.parse_args(argv)
    if (args.page is None) == (not args.seed):
        parser.error("give either a page or --seed")
    binary = find_chromium()
    if binary is None:
        print("no Chromium binary found (set CTGRAPH_CHROMIUM)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ctgraph-page-") as folder:
        page = args.page if args.page is not None else _seed_page(Path(folder))
        screenshot(page, args.png, binary)
        print(f"screenshot: {args.png} ({args.png.stat().st_size} bytes)")
        if args.dom is not None:
            args.dom.write_text(dump_dom(page, binary), encoding="utf-8")
            print(f"DOM: {args.dom}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
