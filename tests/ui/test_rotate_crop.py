"""Edit → Rotate on a cropped drawing carries its crop along (``carry_crop``): a quarter
turn turns it with the drawing, another angle keeps the same part of it at its centre."""

from __future__ import annotations

from carnet.catalog.corrections import upright_size
from carnet.catalog.items import get_item, update_items
from carnet.media.corrections import Corrections, carry_crop


def test_rotating_a_cropped_drawing_keeps_its_crop_on_the_same_part(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    item_id = window.model.ids[0]
    cropped = Corrections(crop=(0.1, 0.2, 0.5, 0.3))
    update_items(controller.db, [item_id], corrections=cropped)
    controller.notify_items([item_id])
    window.select_ids([item_id])

    assert window.rotate_selection(90)
    assert get_item(controller.db, item_id).corrections == Corrections(
        rotate=90.0, crop=(0.5, 0.1, 0.3, 0.5)
    )
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
    window.undo()
    assert get_item(controller.db, item_id).corrections == cropped
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)

    assert window.rotate_selection(12.5)
    item = get_item(controller.db, item_id)
    expected = carry_crop(cropped, Corrections(rotate=12.5, crop=cropped.crop), upright_size(item))
    assert expected.crop != cropped.crop
    assert item.corrections == expected
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
    window.undo()
    assert get_item(controller.db, item_id).corrections == cropped
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=10000)
