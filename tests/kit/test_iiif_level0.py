"""What a hosted kit's ``info.json`` lets a level-0 IIIF client ask for exists: every tile
of every scale factor and every size, in the canonical form Image API 3 gives them (a
viewer such as OpenSeadragon, hence Mirador, asks ``full/max`` for a drawing that fits one
tile)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import pyvips

from carnet.kit.iiif import image_service
from carnet.media.tiles import checked_tile_set, make_tile_set

BASE = "https://archives.example.org/forum/data/tiles/abc"


def level0_requests(info: dict[str, Any]) -> set[str]:
    """Every image request ``info`` allows a level-0 client, canonical, relative to its id."""
    width, height = info["width"], info["height"]

    def size(w: int, h: int) -> str:
        return "max" if (w, h) == (width, height) else f"{w},{h}"

    wanted = set()
    for tiles in info["tiles"]:
        tile_w, tile_h = tiles["width"], tiles.get("height", tiles["width"])
        for factor in tiles["scaleFactors"]:
            for y in range(0, height, tile_h * factor):
                for x in range(0, width, tile_w * factor):
                    w, h = min(tile_w * factor, width - x), min(tile_h * factor, height - y)
                    region = "full" if (x, y, w, h) == (0, 0, width, height) else f"{x},{y},{w},{h}"
                    shown = size(math.ceil(w / factor), math.ceil(h / factor))
                    wanted.add(f"{region}/{shown}/0/default.jpg")
    for listed in info.get("sizes", []):
        wanted.add(f"full/{size(listed['width'], listed['height'])}/0/default.jpg")
    return wanted


@pytest.mark.parametrize("size", [(300, 200), (512, 384), (4000, 3000)])
def test_every_request_info_json_allows_a_level0_client_has_its_file(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    image = (pyvips.Image.black(*size, bands=3) + 120).cast("uchar")
    tiles = make_tile_set(image, tmp_path / "set")
    info = image_service(BASE, *size)
    wanted = level0_requests(info)
    assert wanted  # the listing can fail
    missing = sorted(r for r in wanted if not (tiles.tiles / r).is_file())
    assert missing == []
    assert checked_tile_set(tmp_path / "set") == tiles  # and the set still passes its check
    # Asked for a drawing that fits one tile; never a second full-size copy of a big one.
    assert ("full/max/0/default.jpg" in wanted) == (max(size) <= 512)
