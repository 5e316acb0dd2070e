"""The grid and the viewer decode a thumbnail or a preview only when it is a JPEG as
Carnet writes them (``carnet.media.derive.read_derived``): the archive may be anyone's."""

from __future__ import annotations

from pathlib import Path

from carnet.catalog.archive import ArchivePaths
from carnet.media.derive import make_derivatives
from carnet.ui.thumbnails import ThumbnailCache
from tests.imaging import make_jpeg, pattern_image


def test_a_thumbnail_carnet_did_not_write_is_shown_as_missing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = ArchivePaths(tmp_path / "Forum.carnet")
    good, planted = "a" * 64, "b" * 64
    src = make_jpeg(tmp_path / "src.jpg", (800, 600))
    make_derivatives(src, "jpeg", 1, paths.thumbnail(good), paths.preview(good))
    paths.thumbnail(planted).parent.mkdir(parents=True)
    pattern_image((600, 400)).save(paths.thumbnail(planted), "JPEG")  # Qt would show it
    cache = ThumbnailCache(paths)
    assert cache.pixmap(good) is None and cache.pixmap(planted) is None  # loads queued
    qtbot.waitUntil(lambda: cache.idle, timeout=10000)
    found = cache.pixmap(good)
    assert found is not None and found.width() == 320
    assert cache.pixmap(planted) is None
    assert cache.is_missing(planted)


def test_the_viewer_shows_no_preview_carnet_did_not_write(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    first, second = window.model.ids[:2]
    paths = window.controller.archive.paths
    planted, sound = (paths.preview(item.hash) for item in window.controller.items([first, second]))
    for preview, size in ((planted, (2500, 100)), (sound, (300, 200))):
        preview.chmod(0o644)
        pattern_image(size).save(preview, "JPEG")  # 2500 px: wider than any preview
    window.select_ids([first])
    window.open_viewer()
    qtbot.waitUntil(lambda: window.controller.tasks.idle, timeout=10000)
    shown = window.viewer.canvas.pixmap
    assert shown is None or shown.width() != 2500  # at most the thumbnail, never that file
    # A preview such as Carnet writes is shown.
    window.viewer.next()
    assert window.viewer.current_id == second
    qtbot.waitUntil(lambda: window.controller.tasks.idle, timeout=10000)
    shown = window.viewer.canvas.pixmap
    assert shown is not None and shown.width() == 300
