"""Previews and thumbnails an archive brings are copied into the kit only when they are
JPEGs as Carnet writes them; anything else is made again from the original."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.items import list_items
from carnet.kit.export import export_kit
from tests.imaging import make_bomb_png, pattern_image
from tests.kit.conftest import SLUG


def _oversized_jpeg(path: Path) -> None:
    pattern_image((3000, 2000)).save(path, "JPEG")


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(lambda p: make_bomb_png(p), id="a PNG bomb"),
        pytest.param(_oversized_jpeg, id="a JPEG larger than a preview"),
        pytest.param(lambda p: p.write_bytes(b"<script>alert(1)</script>"), id="not an image"),
    ],
)
def test_a_preview_carnet_did_not_write_is_made_again(
    archive_path: Path, tmp_path: Path, plant: object
) -> None:
    root = tmp_path / "Test.carnet"
    shutil.copytree(archive_path, root)
    with Archive.open(root, readonly=True) as archive:
        first = list_items(archive.db)[0]
        preview = archive.paths.preview(first.hash)
        preview.chmod(0o644)
        plant(preview)  # type: ignore[operator]
        planted = preview.read_bytes()
        summary = export_kit(archive, SLUG, tmp_path / "kit")
    assert summary.regenerated == [first.id]
    copied = tmp_path / f"kit/data/images/p/{first.hash}.jpg"
    assert copied.read_bytes() != planted
    with Image.open(copied) as image:
        assert image.format == "JPEG" and max(image.size) <= 2048
