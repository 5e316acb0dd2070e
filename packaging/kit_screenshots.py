"""Screenshots of a kit's pages at phone and desktop widths (``make screenshots``).

    python packaging/kit_screenshots.py KIT DEST


Drives Debian's Chromium through Playwright from ``file://``; used for the README's pictures
and by a person checking how the pages look. Not part of the export itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (375, 1280)


def take_screenshots(kit: Path, dest: Path, *, search: str = "communs") -> list[Path]:
    """PNGs of the home, a session, an item and the search page at each width of ``WIDTHS``."""
    from playwright.sync_api import sync_playwright

    site = kit / "data"
    session = sorted((site / "sessions").glob("*.html"), key=lambda p: int(p.stem))[1]
    item = sorted((site / "items").glob("*.html"), key=lambda p: int(p.stem))[1]
    pages = {
        "home": site / "index.html",
        "session": session,
        "item": item,
        "search": site / "search.html",
    }
    dest.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                for name, path in pages.items():
                    url = path.resolve().as_uri() + (f"#q={search}" if name == "search" else "")
                    page.goto(url)
                    if name == "search":
                        page.wait_for_selector("#search-results li")
                    page.wait_for_load_state("load")
                    target = dest / f"kit-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=name != "home" or width < 600)
                    written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python packaging/kit_screenshots.py KIT DEST", file=sys.stderr)
        return 2
    for path in take_screenshots(Path(args[0]), Path(args[1])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
