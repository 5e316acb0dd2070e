"""The grid never shows a thumbnail made with other corrections than its drawing's (one
left by a correction killed before its files were rewritten): the loader compares the
file's fingerprint with the item's corrections on the worker and, when they differ, shows
one made from the original in memory, on the worker too. A read-only window writes
nothing; a writable one has the file made again; a read-only window following a writer
killed after its commit checks the thumbnails of the items it changed."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox

from carnet.catalog.archive import Archive
from carnet.catalog.items import item_id_by_hash, update_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.media import derive
from carnet.media.corrections import Corrections
from carnet.media.derive import THUMBNAIL_EDGE, derived_header
from carnet.ui.programme import review_icons
from carnet.ui.thumbnails import ThumbnailCache

TURNED = Corrections(rotate=180)


def _two_tone(path: Path) -> Path:
    """A 120×80 photo, its left half black and its right half white: turned 180°, the
    left edge of its thumbnail is white."""
    image = Image.new("RGB", (120, 80), "white")
    image.paste((0, 0, 0), (0, 0, 60, 80))
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x9003] = "2016:09:29 16:30:00"  # DateTimeOriginal: the last in the grid
    image.save(path, "JPEG", quality=95, exif=exif)
    return path


def _add_turned(root: Path, tmp_path: Path) -> tuple[int, str]:
    """Import the two-tone photo, then turn it in the catalog only (the files stay as the
    import made them: a correction killed before it rewrote them). Its id and hash."""
    photo = _two_tone(tmp_path / "new" / "board.jpg")
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    with Archive.open(root) as archive:
        import_paths(archive, [photo], ImportOptions(event="forum", jobs=1))
        item_id = item_id_by_hash(archive.db, digest)
        assert item_id is not None
        update_items(archive.db, [item_id], corrections=TURNED)
    return item_id, digest


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each decode of an original (``corrected_image``), by whether it ran on the GUI
    (main) thread."""
    seen: list[bool] = []
    real = derive.corrected_image

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(derive, "corrected_image", spy)
    return seen


def _left_edge_is_white(pixmap: Any) -> bool:
    image = pixmap.toImage()
    colour = image.pixelColor(1, image.height() // 2)
    return bool(colour.red() > 200 and colour.green() > 200 and colour.blue() > 200)


def test_the_loader_shows_a_thumbnail_made_with_the_items_corrections(  # type: ignore[no-untyped-def]
    qtbot, archive_path: Path, tmp_path: Path, decodes: list[bool]
) -> None:
    item_id, digest = _add_turned(archive_path, tmp_path)
    decodes.clear()  # the import's
    archive = Archive.open(archive_path, readonly=True)
    thumbnail = archive.paths.thumbnail(digest)
    stale = thumbnail.read_bytes()
    cache = ThumbnailCache(archive.paths)
    try:
        with qtbot.waitSignal(cache.stale_seen, timeout=10000) as seen:
            assert cache.pixmap(digest) is None  # queued
            qtbot.waitUntil(lambda: cache.idle, timeout=10000)
        assert seen.args == [item_id]
        shown = cache.pixmap(digest)
        assert shown is not None and (shown.width(), shown.height()) == (120, 80)
        assert _left_edge_is_white(shown)
        assert decodes and not any(decodes), "the original was decoded on the GUI thread"
        assert thumbnail.read_bytes() == stale  # nothing written
    finally:
        cache.close()
        archive.close()


def test_a_thumbnail_of_the_items_corrections_is_shown_as_it_is(  # type: ignore[no-untyped-def]
    qtbot, archive_path: Path, decodes: list[bool]
) -> None:
    archive = Archive.open(archive_path, readonly=True)
    cache = ThumbnailCache(archive.paths)
    try:
        digest = next(archive.paths.thumbnails.rglob("*.jpg")).stem
        stale: list[int] = []
        cache.stale_seen.connect(stale.append)
        assert cache.pixmap(digest) is None
        qtbot.waitUntil(lambda: cache.idle and cache.cached(digest) is not None, timeout=10000)
        assert decodes == [] and stale == []
    finally:
        cache.close()
        archive.close()


@pytest.fixture
def turned(archive_path: Path, tmp_path: Path) -> tuple[int, str]:
    return _add_turned(archive_path, tmp_path)


def test_the_grid_shows_the_corrected_thumbnail_and_a_writable_window_makes_it_again(  # type: ignore[no-untyped-def]
    turned: tuple[int, str], carnet_app, archive_path: Path, qtbot, decodes: list[bool]
) -> None:
    item_id, digest = turned
    decodes.clear()  # the import's
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    controller = window.controller
    assert not controller.readonly
    thumbnail = controller.archive.paths.thumbnail(digest)

    def shown() -> Any:
        _row, pixmap = window.model.cell(window.model.row_of(item_id))
        return pixmap

    qtbot.waitUntil(lambda: shown() is not None, timeout=10000)
    assert _left_edge_is_white(shown())
    # The window had the file made again, through the core, atomically.
    qtbot.waitUntil(
        lambda: (h := derived_header(thumbnail, THUMBNAIL_EDGE)) is not None and h.shows(TURNED),
        timeout=10000,
    )
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
    assert not any(decodes), "the original was decoded on the GUI thread"
    with Image.open(thumbnail) as image:
        assert image.getpixel((1, 40))[0] > 200  # type: ignore[index]


@pytest.fixture
def writer(archive_path: Path) -> Iterator[Archive]:
    """Another Carnet writing the archive (it holds the writer lock)."""
    archive = Archive.open(archive_path)
    yield archive
    archive.close()


def test_a_readonly_window_checks_the_thumbnails_of_items_a_killed_writer_corrected(  # type: ignore[no-untyped-def]
    carnet_app, archive_path: Path, writer: Archive, qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    controller = window.controller
    assert controller.readonly and controller.follower is not None
    item_id = window.model.ids[0]
    (item,) = controller.items([item_id])
    thumbnail = controller.archive.paths.thumbnail(item.hash)
    stale = thumbnail.read_bytes()

    def size() -> tuple[int, int] | None:
        _row, pixmap = window.model.cell(window.model.row_of(item_id))
        return None if pixmap is None else (pixmap.width(), pixmap.height())

    qtbot.waitUntil(lambda: size() is not None, timeout=10000)
    width, height = size()  # type: ignore[misc]
    assert width > height
    # The writer commits a quarter turn and is killed before it rewrites the files.
    update_items(writer.db, [item_id], corrections=Corrections(rotate=90))
    controller.follower.check()
    qtbot.waitUntil(lambda: size() == (height, width), timeout=10000)
    assert thumbnail.read_bytes() == stale  # a read-only window writes nothing


def test_the_match_reviews_icons_are_checked_as_the_grids_thumbnails(  # type: ignore[no-untyped-def]
    turned: tuple[int, str], carnet_app, archive_path: Path, qtbot, decodes: list[bool]
) -> None:
    _item_id, digest = turned
    decodes.clear()  # the import's
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    icons = review_icons(window.controller, window)
    assert icons.pixmap(digest) is None
    qtbot.waitUntil(lambda: icons.idle and icons.cached(digest) is not None, timeout=10000)
    assert _left_edge_is_white(icons.cached(digest))
    assert decodes and not any(decodes), "the original was decoded on the GUI thread"


def test_closing_the_archive_closes_the_thumbnail_loaders_catalog_connection(  # type: ignore[no-untyped-def]
    carnet_app, archive_path: Path, qtbot
) -> None:
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    qtbot.waitUntil(lambda: window.model.cell(0)[1] is not None, timeout=10000)  # looked up
    qtbot.waitUntil(lambda: window.controller.tasks.idle, timeout=10000)
    carnet_app.close_archive()
    # The last connection closed takes the write-ahead log with it: none was left open.
    assert not (archive_path / "catalog.sqlite-wal").exists()
