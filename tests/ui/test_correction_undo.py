"""The viewer's quarter turn goes through the corrections, and its undo gives back all of
them (an angle, a crop, the corners), previews included."""

from __future__ import annotations

from PIL import Image

from carnet.catalog.items import get_item, update_items
from carnet.media.corrections import Corrections


def test_rotate_and_undo_keep_every_correction(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    item_id = window.model.ids[0]
    item = get_item(controller.db, item_id)
    width, height = item.width, item.height
    assert width is not None and height is not None
    corners = ((0.0, 0.0), (width - 1.0, 0.0), (width - 1.0, height - 1.0), (0.0, height - 1.0))
    before = Corrections(rotate=0.0, corners=corners, crop=(0.0, 0.0, 0.5, 1.0))
    update_items(controller.db, [item_id], corrections=before)
    window.select_ids([item_id])
    window.open_viewer()
    window.viewer.rotate(90)
    # The crop turns with the drawing: the same part of it (its left half, upright, now
    # on top) stays kept.
    assert get_item(controller.db, item_id).corrections == Corrections(
        rotate=90.0, corners=corners, crop=(0.0, 0.0, 1.0, 0.5)
    )
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
    preview = controller.archive.paths.preview(item.hash)
    with Image.open(preview) as turned:
        assert width > height and turned.width > turned.height  # a portrait half, turned
    window.undo()
    assert get_item(controller.db, item_id).corrections == before
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
    window.redo()
    assert get_item(controller.db, item_id).corrections.rotate == 90.0
