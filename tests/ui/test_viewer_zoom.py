"""Deep zoom in the viewer: at 100 % the original's own pixels, from its tiles; panning
reads tiles, never the original again."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtGui import QImage

from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit import deepzoom


def _stripes(path: Path, size: tuple[int, int] = (3000, 2000)) -> Path:
    """Vertical stripes two pixels wide, black and white: the preview (2048 px) cannot
    hold them, only the original's resolution can."""
    width, height = size
    row = np.where((np.arange(width) // 2) % 2 == 0, 0, 255).astype(np.uint8)
    pixels = np.repeat(np.tile(row, (height, 1))[:, :, None], 3, axis=2)
    Image.fromarray(pixels, "RGB").save(path, "JPEG", quality=95)
    return path


def _crisp(grab: QImage) -> bool:
    """Whether the middle row of ``grab`` shows the stripes as they are: runs of two
    pixels, dark and light far apart."""
    y = grab.height() // 2
    values = [grab.pixelColor(x, y).lightness() for x in range(40, grab.width() - 40)]
    dark = [v < 128 for v in values]
    runs, length = [], 1
    for a, b in itertools.pairwise(dark):
        if a == b:
            length += 1
        else:
            runs.append(length)
            length = 1
    light = [v for v in values if v >= 128]
    deep = [v for v in values if v < 128]
    if len(runs) < 50 or not light or not deep:
        return False
    contrast = sum(light) / len(light) - sum(deep) / len(deep)
    return sorted(runs)[len(runs) // 2] == 2 and contrast > 150


def test_deep_zoom_shows_the_originals_pixels_and_panning_reads_only_tiles(
    window, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    summary = import_paths(
        controller.archive, [_stripes(tmp_path / "stripes.jpg")], ImportOptions(jobs=1)
    )
    controller.notify_catalog()
    (item_id,) = summary.item_ids
    made = []
    real = deepzoom.make_tiles

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(deepzoom, "make_tiles", counting)
    window.resize(1100, 800)
    window.select_ids([item_id])
    window.open_viewer()
    viewer, canvas = window.viewer, window.viewer.canvas
    qtbot.waitUntil(lambda: canvas.pixmap is not None and canvas.pixmap.width() == 2048)
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
    assert canvas.tile_set is None and made == []  # fitted: the preview is enough

    # 100 % with the preview alone: stripes the preview cannot hold are a blur.
    canvas.tile_set = None
    canvas.zoom = 1.0
    canvas.update()
    assert not _crisp(canvas.grab().toImage())

    canvas.actual_size()
    assert canvas.scale() == 1.0 and viewer.buttons["actual"].text() == "100 %…"
    qtbot.waitUntil(lambda: canvas.tile_set is not None, timeout=20000)
    assert (canvas.tile_set.width, canvas.tile_set.height) == (3000, 2000)
    qtbot.waitUntil(lambda: viewer.tiles.idle, timeout=10000)
    assert _crisp(canvas.grab().toImage())
    assert viewer.buttons["actual"].text() == "100 %"
    assert len(made) == 1

    # Panning to the far corner reads the tiles there, and nothing decodes the original.
    loaded = len(viewer.tiles)
    for _ in range(6):
        canvas.pan_by(-400, -300)
        canvas.grab()  # painted: the tiles now in sight are asked for
        qtbot.waitUntil(lambda: viewer.tiles.idle, timeout=10000)
    assert len(viewer.tiles) > loaded
    assert _crisp(canvas.grab().toImage())
    canvas.zoom_to(4.0)
    canvas.grab()
    qtbot.waitUntil(lambda: viewer.tiles.idle, timeout=10000)
    canvas.fit()
    canvas.actual_size()
    canvas.grab()
    qtbot.waitUntil(lambda: viewer.tiles.idle, timeout=10000)
    assert len(made) == 1  # one tile set, made once
    # Opened again later, the viewer finds the tile set in the archive: still made once.
    window.close_viewer()
    window.select_ids([item_id])
    window.open_viewer()
    assert canvas.tile_set is None
    qtbot.waitUntil(lambda: canvas.pixmap is not None and canvas.pixmap.width() == 2048)
    canvas.actual_size()
    qtbot.waitUntil(lambda: canvas.tile_set is not None, timeout=20000)
    assert len(made) == 1
