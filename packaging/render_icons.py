"""Render Carnet's application icon (``resources/icons/carnet.svg``) to PNGs and an ICO.

    python packaging/render_icons.py [--check]

Writes ``resources/icons/carnet-<size>.png`` for the usual desktop sizes and
``resources/icons/carnet.ico`` (Windows). Qt's SVG renderer draws them offscreen, so no
display is needed; ``--check`` only says whether every file is there at its size.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "carnet.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return ICONS / f"carnet-{size}.png"


def render(svg: Path = SVG) -> list[Path]:
    """Draw ``svg`` at every size in ``SIZES``; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: cannot read {svg}")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = png_path(size)
        if not image.save(str(path), b"PNG"):
            raise SystemExit(f"render_icons: cannot write {path}")
        written.append(path)
    del app
    written.append(write_ico())
    return written


def write_ico() -> Path:
    """Bundle the PNGs into ``carnet.ico`` (Pillow picks the size nearest each entry)."""
    from PIL import Image

    path = ICONS / "carnet.ico"
    with Image.open(png_path(256)) as image:
        image.save(path, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    return path


def check() -> list[str]:
    """What is missing or the wrong size, as sentences; empty when all is well."""
    from PIL import Image

    problems = []
    for size in SIZES:
        path = png_path(size)
        if not path.is_file():
            problems.append(f"{path.name} is missing")
            continue
        with Image.open(path) as image:
            if image.size != (size, size):
                problems.append(f"{path.name} is {image.size[0]}x{image.size[1]}")
    if not (ICONS / "carnet.ico").is_file():
        problems.append("carnet.ico is missing")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the files")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(f"render_icons: {problem}", file=sys.stderr)
        return 1 if problems else 0
    for path in render():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
