"""The viewer never shows a preview made with other corrections than the item's (one left
by a correction killed before its files were rewritten): it shows one made from the
original instead (``carnet.catalog.corrections.current_preview``), and writes nothing."""

from __future__ import annotations

from PIL import Image

from carnet.catalog.items import update_items
from carnet.media.corrections import Corrections


def test_the_viewer_shows_no_preview_of_another_correction(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    item_id = window.model.ids[0]
    (item,) = controller.items([item_id])
    preview = controller.archive.paths.preview(item.hash)
    stale = preview.read_bytes()
    width, height = Image.open(preview).size
    # The catalog says "the left half"; the files still show the whole drawing.
    update_items(controller.db, [item_id], corrections=Corrections(crop=(0, 0, 0.5, 1)))
    controller.notify_items([item_id])
    window.select_ids([item_id])
    window.open_viewer()
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
    qtbot.waitUntil(
        lambda: (
            window.viewer.canvas.pixmap is not None
            and window.viewer.canvas.pixmap.height() == height
        ),
        timeout=10000,
    )
    shown = window.viewer.canvas.pixmap
    assert abs(shown.width() - width / 2) <= 1, (shown.width(), width)
    assert preview.read_bytes() == stale
