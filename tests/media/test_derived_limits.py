"""Previews and thumbnails found in an archive are read like imports: as Carnet writes them,
or not at all (``derived_size``, ``read_derived``)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from carnet.media.derive import (
    PREVIEW_EDGE,
    THUMBNAIL_EDGE,
    derived_size,
    make_derivatives,
    read_derived,
)
from tests.imaging import make_bomb_png, make_jpeg, pattern_image


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, Path]:
    """A thumbnail and a preview as Carnet writes them."""
    src = make_jpeg(tmp_path / "src.jpg", (3000, 2000))
    thumbnail, preview = tmp_path / "t.jpg", tmp_path / "p.jpg"
    make_derivatives(src, "jpeg", 1, thumbnail, preview)
    return thumbnail, preview


def _jpeg(path: Path, size: tuple[int, int], mode: str = "RGB", **options: object) -> Path:
    pattern_image(size, mode=mode).save(path, "JPEG", **options)
    return path


def _claiming(data: bytes, width: int, height: int) -> bytes:
    """A JPEG whose frame header claims another size (the pixels stay as they were)."""
    at = data.index(b"\xff\xc0") + 5  # SOF0: length (2), precision (1), height, width
    return data[:at] + height.to_bytes(2, "big") + width.to_bytes(2, "big") + data[at + 4 :]


def test_what_carnet_writes_is_accepted(written: tuple[Path, Path]) -> None:
    thumbnail, preview = written
    assert derived_size(thumbnail, THUMBNAIL_EDGE) == (384, 256)
    assert derived_size(preview, PREVIEW_EDGE) == (2048, 1365)
    data = read_derived(preview, PREVIEW_EDGE)
    assert data == preview.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (2048, 1365)


def test_a_preview_is_not_a_thumbnail(written: tuple[Path, Path]) -> None:
    _thumbnail, preview = written
    assert derived_size(preview, THUMBNAIL_EDGE) is None  # too large for one
    assert read_derived(preview, THUMBNAIL_EDGE) is None


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: None, id="missing"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.write_bytes(os.urandom(4096)), id="random bytes"),
        pytest.param(lambda p: pattern_image((300, 200)).save(p, "PNG"), id="a PNG"),
        pytest.param(lambda p: make_bomb_png(p), id="a PNG bomb"),
        pytest.param(lambda p: _jpeg(p, (300, 200), "L"), id="a grey JPEG"),
        pytest.param(lambda p: _jpeg(p, (300, 200), "CMYK"), id="a CMYK JPEG"),
        pytest.param(lambda p: _jpeg(p, (385, 200)), id="larger than a thumbnail"),
        pytest.param(
            lambda p: p.write_bytes(_claiming(_jpeg(p, (300, 200)).read_bytes(), 60_000, 60_000)),
            id="a JPEG claiming 60000x60000",
        ),
        pytest.param(
            lambda p: p.write_bytes(_jpeg(p, (300, 200)).read_bytes() + b"\0" * 600_000),
            id="far too heavy",
        ),
        pytest.param(lambda p: p.mkdir(), id="a folder"),
        pytest.param(lambda p: os.mkfifo(p), id="a FIFO"),
        pytest.param(lambda p: p.symlink_to("/dev/zero"), id="a device"),
    ],
)
def test_anything_else_is_refused_without_decoding(tmp_path: Path, make: object) -> None:
    path = tmp_path / "t.jpg"
    make(path)  # type: ignore[operator]
    assert derived_size(path, THUMBNAIL_EDGE) is None  # never blocks on a FIFO either
    assert read_derived(path, THUMBNAIL_EDGE) is None


def test_an_mpo_is_not_what_carnet_writes(tmp_path: Path) -> None:
    path = tmp_path / "t.jpg"
    frames = [pattern_image((300, 200)), pattern_image((300, 200), color=(10, 20, 30))]
    frames[0].save(path, "MPO", save_all=True, append_images=frames[1:])
    with Image.open(path) as image:
        assert image.format == "MPO"  # the test makes what it means to
    assert derived_size(path, THUMBNAIL_EDGE) is None
