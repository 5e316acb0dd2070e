"""The application icon: an SVG and the PNGs rendered from it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PIL import Image

from tests.packaging.scripts import ROOT, load

ICONS = ROOT / "resources" / "icons"


def test_every_png_is_there_at_its_size() -> None:
    render_icons = load("render_icons")
    assert render_icons.check() == []
    assert set(render_icons.SIZES) >= {16, 32, 48, 64, 128, 256, 512}


def test_the_svg_is_a_square_svg() -> None:
    root = ET.parse(ICONS / "carnet.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == root.get("height")


def test_the_pngs_are_drawn_not_empty() -> None:
    for size in (16, 48, 256):
        with Image.open(ICONS / f"carnet-{size}.png") as image:
            rgba = image.convert("RGBA")
            opaque = sum(rgba.getchannel("A").histogram()[201:])
            # The sketchbook covers most of the square, with transparent corners.
            assert 0.5 * size * size < opaque < size * size, size
            colours = rgba.getcolors(maxcolors=size * size)
            assert colours is not None and len(colours) > 8, size


def test_check_notices_a_missing_png() -> None:
    render_icons = load("render_icons")
    render_icons.ICONS = ICONS.parent / "no-such-folder"  # type: ignore[attr-defined]
    assert "carnet-16.png is missing" in render_icons.check()
