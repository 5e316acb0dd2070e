"""The image engine: libvips for JPEG previews, as good as Pillow's Lanczos; corrected
previews from the corrected original."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from carnet.media import derive
from carnet.media.corrections import Corrections
from carnet.media.derive import PREVIEW_EDGE, corrected_image, make_derivatives


def _photo(path: Path, size: tuple[int, int] = (4032, 3024), **save: object) -> Path:
    """A phone-like photo: a board with lettering, sensor-like noise, saved as JPEG."""
    small = Image.new("RGB", (size[0] // 4, size[1] // 4), (228, 226, 214))
    draw = ImageDraw.Draw(small)
    rng = np.random.default_rng(5)
    for _ in range(300):
        x, y = int(rng.integers(0, small.width - 40)), int(rng.integers(0, small.height - 10))
        colour = tuple(int(c) for c in rng.integers(0, 200, 3))
        dx, dy = int(rng.integers(5, 40)), int(rng.integers(-5, 5))
        draw.line((x, y, x + dx, y + dy), fill=colour, width=2)
    image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1))
    noise = rng.integers(-6, 7, (size[1], size[0], 3))
    pixels = np.clip(np.asarray(image).astype(int) + noise, 0, 255).astype(np.uint8)
    Image.fromarray(pixels, "RGB").save(path, "JPEG", quality=90, **save)
    return path


def test_jpeg_previews_go_through_libvips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _photo(tmp_path / "a.jpg", (2400, 1800))
    calls: list[int] = []
    real = derive._decode_vips

    def spy(path: Path, edge: int) -> tuple[Image.Image, tuple[int, int]] | None:
        result = real(path, edge)
        calls.append(0 if result is None else 1)
        return result

    monkeypatch.setattr(derive, "_decode_vips", spy)
    make_derivatives(src, "jpeg", 1, tmp_path / "t.jpg", tmp_path / "p.jpg")
    assert calls == [1]
    with Image.open(tmp_path / "p.jpg") as preview:
        assert preview.size == (PREVIEW_EDGE, 1536)


def test_libvips_preview_is_within_two_grey_levels_of_pillow_lanczos(tmp_path: Path) -> None:
    src = _photo(tmp_path / "a.jpg")
    image, size = corrected_image(src, "jpeg", 1, Corrections(), PREVIEW_EDGE)
    assert size == (4032, 3024) and image.size == (PREVIEW_EDGE, 1536)
    with Image.open(src) as original:
        reference = original.convert("RGB").resize(image.size, Image.Resampling.LANCZOS)
    difference = np.abs(np.asarray(image).astype(int) - np.asarray(reference).astype(int))
    assert difference.mean() <= 2.0


def test_libvips_and_pillow_paths_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _photo(tmp_path / "a.jpg", (1500, 1000))
    fast, _ = corrected_image(src, "jpeg", 6, Corrections(), 700)
    monkeypatch.setattr(derive, "_PYVIPS", None)
    slow, _ = corrected_image(src, "jpeg", 6, Corrections(), 700)
    assert fast.size == slow.size == (467, 700)
    difference = np.abs(np.asarray(fast).astype(int) - np.asarray(slow).astype(int))
    assert difference.mean() <= 2.0


def test_corrected_preview_is_made_from_the_corrected_original(tmp_path: Path) -> None:
    # A light board on dark ground; the corners name exactly the board.
    photo = Image.new("RGB", (3000, 2000), (40, 40, 40))
    ImageDraw.Draw(photo).polygon(
        [(600, 300), (2500, 400), (2400, 1700), (500, 1600)], fill=(240, 240, 240)
    )
    src = tmp_path / "board.jpg"
    photo.save(src, "JPEG", quality=92)
    corrections = Corrections(
        corners=((600.0, 300.0), (2500.0, 400.0), (2400.0, 1700.0), (500.0, 1600.0))
    )
    size = make_derivatives(src, "jpeg", 1, tmp_path / "t.jpg", tmp_path / "p.jpg", corrections)
    assert size == (3000, 2000)
    with Image.open(tmp_path / "p.jpg") as preview:
        width = math.hypot(1900, 100)
        height = math.hypot(100, 1300)
        # The board's longest sides, at full resolution (never enlarged to 2048).
        assert abs(preview.size[0] - width) <= 2 and abs(preview.size[1] - height) <= 2
        grey = np.asarray(preview.convert("L")).astype(int)
    # Nothing of the dark ground is left: the board fills the preview to its edges.
    assert grey[3:-3, 3:-3].min() > 180


def test_a_crop_decodes_enough_of_the_original(tmp_path: Path) -> None:
    src = _photo(tmp_path / "a.jpg", (4000, 3000))
    image, _ = corrected_image(src, "jpeg", 1, Corrections(crop=(0.25, 0.25, 0.5, 0.5)), 1800)
    # A quarter of the original is 2000×1500: enough for 1800 px, so no enlarging.
    assert image.size == (1800, 1350)
