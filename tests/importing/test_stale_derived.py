"""An import keeps the derived files already there only when they show the new item."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.media.corrections import NO_CORRECTIONS, Corrections
from carnet.media.derive import (
    PREVIEW_EDGE,
    THUMBNAIL_EDGE,
    derived_header,
    fingerprint,
    make_derivatives,
)
from tests.imaging import make_jpeg


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arch = Archive.create(tmp_path / "test.carnet")
    yield arch
    arch.close()


def _photo(tmp_path: Path) -> tuple[Path, str]:
    photo = make_jpeg(tmp_path / "in" / "IMG_0001.jpg", (320, 240), color=(40, 90, 160))
    return photo, hashlib.sha256(photo.read_bytes()).hexdigest()


def _shows_the_new_item(archive: Archive, digest: str) -> None:
    for path, edge in (
        (archive.paths.preview(digest), PREVIEW_EDGE),
        (archive.paths.thumbnail(digest), THUMBNAIL_EDGE),
    ):
        header = derived_header(path, edge)
        assert header is not None, path
        assert header.made_with == fingerprint(NO_CORRECTIONS), path
        assert header.size[0] > header.size[1], path  # landscape, as the photo: not turned


def test_files_a_purge_left_of_a_rotated_drawing_are_made_again(
    archive: Archive, tmp_path: Path
) -> None:
    # An interrupted trash purge left the derived files of the drawing turned a quarter.
    photo, digest = _photo(tmp_path)
    preview, thumbnail = archive.paths.preview(digest), archive.paths.thumbnail(digest)
    for folder in (preview.parent, thumbnail.parent):
        folder.mkdir(parents=True, exist_ok=True)
    make_derivatives(photo, "jpeg", 1, thumbnail, preview, Corrections(rotate=90))
    stale = derived_header(preview, PREVIEW_EDGE)
    assert stale is not None and stale.size == (240, 320)

    summary = import_paths(archive, [photo], ImportOptions(jobs=1))
    assert summary.imported == 1
    _shows_the_new_item(archive, digest)
    assert check_archive(archive).ok


def test_files_without_a_fingerprint_are_made_again(archive: Archive, tmp_path: Path) -> None:
    # Another tool's JPEGs under the same names: plain RGB, the right size, no fingerprint.
    photo, digest = _photo(tmp_path)
    for path in (archive.paths.preview(digest), archive.paths.thumbnail(digest)):
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (240, 320), (255, 0, 0)).save(path, "JPEG")
    import_paths(archive, [photo], ImportOptions(jobs=1))
    _shows_the_new_item(archive, digest)


def test_files_that_show_the_new_item_are_kept(archive: Archive, tmp_path: Path) -> None:
    photo, digest = _photo(tmp_path)
    preview, thumbnail = archive.paths.preview(digest), archive.paths.thumbnail(digest)
    for folder in (preview.parent, thumbnail.parent):
        folder.mkdir(parents=True, exist_ok=True)
    make_derivatives(photo, "jpeg", 1, thumbnail, preview)
    inodes = (preview.stat().st_ino, thumbnail.stat().st_ino)
    import_paths(archive, [photo], ImportOptions(jobs=1))
    assert (preview.stat().st_ino, thumbnail.stat().st_ino) == inodes
    _shows_the_new_item(archive, digest)
