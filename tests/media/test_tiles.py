"""Deep-zoom tiles: names as dzsave writes them, upright pixels, same bytes twice, and a
tile set from someone else's archive checked before it is used."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import pyvips
from PIL import Image, ImageChops, ImageStat

from carnet.errors import ImportRejected
from carnet.media.derive import decode_upright
from carnet.media.jpegmeta import strip_metadata
from carnet.media.tiles import (
    FULL_MAX,
    STATE_NAME,
    TILE,
    checked_tile_set,
    corrected_image,
    correction_key,
    make_tiles,
    scale_factors,
    tile_names,
)
from tests.imaging import dark_corner, make_heic, make_jpeg, make_png, make_truncated_jpeg


def written_names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("default.jpg"))


@pytest.mark.parametrize(
    "size", [(300, 200), (512, 512), (513, 100), (1300, 700), (3001, 1701), (700, 4100)]
)
def test_tile_names_are_the_files_dzsave_writes(tmp_path: Path, size: tuple[int, int]) -> None:
    image = (pyvips.Image.black(*size, bands=3) + 90).cast("uchar")
    image.dzsave(str(tmp_path / "t"), layout="iiif3", tile_size=TILE, overlap=0, suffix=".jpg")
    # Carnet adds full/max to a one-tile set (kit/iiif.py: what a level-0 client asks).
    ours = [n for n in tile_names(*size) if n != FULL_MAX]
    assert written_names(tmp_path / "t") == ours
    assert (FULL_MAX in tile_names(*size)) == (scale_factors(*size) == [1])
    info = json.loads((tmp_path / "t" / "info.json").read_text())
    assert info["tiles"][0]["scaleFactors"] == scale_factors(*size)


def test_a_phone_photo_is_about_sixty_tiles() -> None:
    names = tile_names(4032, 3024)
    assert len(names) == 8 * 6 + 4 * 3 + 2 * 2 + 1  # scales 1, 2, 4 and the whole at 8
    assert "full/504,378/0/default.jpg" in names


def to_pil(image: pyvips.Image) -> Image.Image:
    return Image.frombytes("RGB", (image.width, image.height), image.write_to_memory())


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_corrected_image_is_upright_as_the_previews_are(
    tmp_path: Path, orientation: int, rotation: int
) -> None:
    src = make_jpeg(tmp_path / "o.jpg", (320, 200), orientation=orientation, quality=95)
    ours = to_pil(corrected_image(src, "jpeg", orientation, rotation))
    theirs, _ = decode_upright(src, "jpeg", orientation, rotation, edge=10_000)
    assert ours.size == theirs.size
    diff = ImageStat.Stat(ImageChops.difference(ours, theirs)).mean
    assert max(diff) < 3, diff
    corner = {0: "top-left", 90: "top-right", 270: "bottom-left"}[rotation]
    assert dark_corner(ours) == corner


def test_transparency_is_flattened_on_white(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(path)
    image = to_pil(corrected_image(path, "png", 1))
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_heic_goes_through_pillow(tmp_path: Path) -> None:
    src = make_heic(tmp_path / "p.heic", (200, 120))
    tiles = make_tiles(src, "heic", 1, 90, tmp_path / "t")
    assert (tiles.width, tiles.height) == (120, 200)
    assert dark_corner(tiles.download) == "top-right"


def folder_bytes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("rotation", [0, 90])
def test_the_same_original_gives_the_same_bytes(tmp_path: Path, rotation: int) -> None:
    src = make_jpeg(tmp_path / "o.jpg", (1500, 900), gps=(48.85, 2.35, 35.0))
    a = make_tiles(src, "jpeg", 1, rotation, tmp_path / "a")
    b = make_tiles(src, "jpeg", 1, rotation, tmp_path / "b")
    assert folder_bytes(a.folder) == folder_bytes(b.folder)
    assert sorted(folder_bytes(a.folder)) == sorted(
        [STATE_NAME, "corrected.jpg", *(f"iiif/{n}" for n in a.names())]
    )
    for name in a.names()[:3]:  # no metadata left in a tile: no EXIF, no GPS
        with Image.open(a.tiles / name) as tile:
            assert not tile.getexif() and "exif" not in tile.info
    with Image.open(a.download) as full:
        assert not full.getexif()
        assert full.size == ((1500, 900) if rotation == 0 else (900, 1500))


def test_an_upright_jpeg_is_downloaded_without_a_second_compression(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "o.jpg", (800, 600), gps=(48.85, 2.35, 35.0))
    tiles = make_tiles(src, "jpeg", 1, 0, tmp_path / "t")
    assert tiles.download.read_bytes() == strip_metadata(src.read_bytes())
    assert b"Exif" not in tiles.download.read_bytes()[:200]


@pytest.mark.parametrize("rotation", [0, 90])
def test_a_damaged_original_is_refused_and_leaves_no_folder(tmp_path: Path, rotation: int) -> None:
    src = make_truncated_jpeg(tmp_path / "t.jpg")
    (tmp_path / "out").mkdir()
    with pytest.raises(ImportRejected):
        make_tiles(src, "jpeg", 1, rotation, tmp_path / "out" / "x")
    assert not (tmp_path / "out" / "x").exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == []  # no temporary left


def test_a_different_correction_is_a_different_key() -> None:
    keys = {
        correction_key(1, 0),
        correction_key(1, 90),
        correction_key(6, 0),
        correction_key(1, 0, {"crop": [0, 0, 0.5, 0.5]}),
    }
    assert len(keys) == 4
    assert correction_key(1, 0) == correction_key(1, 0)
    assert correction_key(0, 0) == correction_key(1, 0)  # no orientation is upright


@pytest.fixture
def tile_set(tmp_path: Path) -> Path:
    src = make_png(tmp_path / "o.png", (1100, 700))
    return make_tiles(src, "png", 1, 0, tmp_path / "set").folder


def test_a_sound_tile_set_is_taken(tile_set: Path) -> None:
    found = checked_tile_set(tile_set)
    assert found is not None and (found.width, found.height) == (1100, 700)


def tamper_png(folder: Path) -> None:
    name = tile_names(1100, 700)[0]
    Image.new("RGB", (8, 8)).save(folder / "iiif" / name, "PNG")


def tamper_huge(folder: Path) -> None:
    name = tile_names(1100, 700)[0]
    Image.new("RGB", (TILE * 3, 10)).save(folder / "iiif" / name, "JPEG")


def tamper_missing(folder: Path) -> None:
    (folder / "iiif" / tile_names(1100, 700)[-1]).unlink()


def tamper_fifo(folder: Path) -> None:
    path = folder / "iiif" / tile_names(1100, 700)[1]
    path.unlink()
    os.mkfifo(path)


def tamper_state(folder: Path) -> None:
    (folder / STATE_NAME).write_text('{"version": 1, "tile": 512, "width": 1e12, "height": 2}')


def tamper_link(folder: Path) -> None:
    os.rename(folder, folder.with_name("elsewhere"))
    folder.symlink_to(folder.with_name("elsewhere"))


def tamper_download(folder: Path) -> None:
    Image.new("RGB", (10, 10)).save(folder / "corrected.jpg", "JPEG")


@pytest.mark.parametrize(
    "tamper",
    [
        tamper_png,
        tamper_huge,
        tamper_missing,
        tamper_fifo,
        tamper_state,
        tamper_link,
        tamper_download,
    ],
)
def test_a_tile_set_that_is_not_what_carnet_writes_is_refused(
    tile_set: Path, tamper: object
) -> None:
    assert callable(tamper)
    tamper(tile_set)
    assert checked_tile_set(tile_set) is None
