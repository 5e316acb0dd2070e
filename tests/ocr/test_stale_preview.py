"""The machine reading reads the drawing as the catalog has it corrected: a preview made
with other corrections (one left by a correction killed before its files were rewritten)
is not read; the original, decoded with the item's corrections, is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from carnet.catalog.archive import Archive
from carnet.catalog.readings import ReadTarget, items_to_read
from carnet.media.corrections import Corrections
from carnet.media.derive import make_derivatives
from carnet.ocr import Reader, batch
from carnet.ocr.batch import read_one
from carnet.ocr.engine import Reading
from tests.ocr.drawings import add_item, lettering, png_bytes

BOARD = lettering([(40, 40, "JARDIN PARTAGÉ")], size=(700, 160))


class _Engine:
    """Stands in for the engine: keeps the images it is handed."""

    def __init__(self) -> None:
        self.images: list[Image.Image] = []

    def read(self, image: Image.Image) -> Reading:
        self.images.append(image.copy())
        return Reading([], "stub", None)


def _item(tmp_path: Path, files_made_with: Corrections) -> tuple[Archive, ReadTarget]:
    """An item with no correction in the catalog whose preview and thumbnail were made
    with ``files_made_with``."""
    archive = Archive.create(tmp_path / "A.carnet")
    item_id = add_item(archive, png_bytes(BOARD), "a.png")
    (target,) = items_to_read(archive.db, [item_id])
    paths = archive.paths
    original = paths.original(target.hash, "png")
    thumb, preview = paths.thumbnail(target.hash), paths.preview(target.hash)
    make_derivatives(original, "png", 1, thumb, preview, files_made_with)
    return archive, target


def _same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a.convert("RGB"), b).getbbox() is None


def test_a_preview_of_other_corrections_is_not_what_the_engine_reads(tmp_path: Path) -> None:
    archive, target = _item(tmp_path, Corrections(rotate=180))
    with archive:
        engine = _Engine()
        outcome = read_one(engine, archive.paths, target)  # type: ignore[arg-type]
        assert outcome.reason is None
        (handed,) = engine.images
        # The drawing upright, as the catalog has it; not the preview turned upside down.
        assert _same(handed, BOARD)
        with Image.open(archive.paths.preview(target.hash)) as stale:
            assert not _same(handed, stale.convert("RGB"))


def test_a_preview_of_the_items_corrections_is_read_and_the_original_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, target = _item(tmp_path, Corrections())
    with archive:

        def no_decode(*_args: Any, **_kwargs: Any) -> Any:
            raise AssertionError("the original was decoded though the preview is current")

        monkeypatch.setattr(batch, "corrected_image", no_decode)
        engine = _Engine()
        assert read_one(engine, archive.paths, target).reason is None  # type: ignore[arg-type]
        (handed,) = engine.images
        with Image.open(archive.paths.preview(target.hash)) as preview:
            assert _same(handed, preview.convert("RGB"))


def test_the_engine_reads_the_lettering_as_corrected_not_the_stale_preview(
    tmp_path: Path,
) -> None:
    # The files show the right half of the board (an earlier crop); the catalog says none.
    archive, target = _item(tmp_path, Corrections(crop=(0.5, 0, 1, 1)))
    with archive:
        outcome = read_one(Reader(), archive.paths, target)
    assert outcome.reading is not None
    assert outcome.reading.lines == ["JARDIN PARTAGÉ"]
