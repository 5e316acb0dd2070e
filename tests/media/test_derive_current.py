"""``thumbnail_bytes`` makes in memory the very thumbnail ``make_derivatives`` writes, and
``read_current`` gives a derived file's bytes only when it names the corrections asked."""

from __future__ import annotations

from pathlib import Path

from carnet.media.corrections import Corrections
from carnet.media.derive import (
    PREVIEW_EDGE,
    THUMBNAIL_EDGE,
    make_derivatives,
    read_current,
    thumbnail_bytes,
)
from tests.imaging import make_jpeg


def test_a_thumbnail_made_in_memory_is_the_one_written(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "src.jpg", (1600, 1200))
    cropped = Corrections(rotate=90, crop=(0.1, 0.2, 0.7, 0.9))
    thumb, preview = tmp_path / "t.jpg", tmp_path / "p.jpg"
    make_derivatives(src, "jpeg", 1, thumb, preview, cropped)
    assert thumbnail_bytes(src, "jpeg", 1, cropped) == thumb.read_bytes()
    assert thumbnail_bytes(src, "jpeg", 1) != thumb.read_bytes()


def test_read_current_refuses_a_file_of_other_corrections(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "src.jpg", (800, 600))
    thumb, preview = tmp_path / "t.jpg", tmp_path / "p.jpg"
    turned = Corrections(rotate=180)
    make_derivatives(src, "jpeg", 1, thumb, preview, turned)
    assert read_current(preview, PREVIEW_EDGE, turned) == preview.read_bytes()
    assert read_current(thumb, THUMBNAIL_EDGE, turned) == thumb.read_bytes()
    assert read_current(preview, PREVIEW_EDGE, Corrections()) is None
    assert read_current(tmp_path / "none.jpg", PREVIEW_EDGE, turned) is None
