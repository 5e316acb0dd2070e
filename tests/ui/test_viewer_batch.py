"""Rotating a selection by any angle from the main window: one undo step for all of it,
each drawing keeping its other corrections and getting them back on undo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from carnet.catalog.corrections import upright_size
from carnet.catalog.items import get_item, update_items
from carnet.media.corrections import Corrections, carry_crop


def test_rotate_a_selection_by_any_angle_is_one_undo_step(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    ids = window.model.ids[:3]
    cropped = Corrections(rotate=90.0, crop=(0.1, 0.0, 0.8, 1.0))
    update_items(controller.db, [ids[0]], corrections=cropped)
    before = {i: get_item(controller.db, i).corrections for i in ids}
    window.select_ids(ids)
    steps = controller.undo_stack.count()
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (-2.5, True))
    action = next(a for a in window.grid.actions() if a.objectName() == "rotateSelection")
    action.trigger()  # Edit → Rotate selection by… (also the grid's context menu)
    assert controller.undo_stack.count() == steps + 1
    after = {i: get_item(controller.db, i).corrections for i in ids}
    # The crop follows the drawing (carry_crop): the same part of it, clamped inside.
    size = upright_size(get_item(controller.db, ids[0]))
    turned = Corrections(rotate=87.5, crop=cropped.crop)
    assert after[ids[0]] == carry_crop(cropped, turned, size) != turned
    assert after[ids[1]] == after[ids[2]] == Corrections(rotate=357.5)
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)
    window.undo()
    assert {i: get_item(controller.db, i).corrections for i in ids} == before
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)
    window.redo()
    assert {i: get_item(controller.db, i).corrections for i in ids} == after
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)


def test_crop_a_selection_within_each_crop_is_one_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.correction import CropMarginsDialog

    controller = window.controller
    ids = window.model.ids[:2]
    update_items(controller.db, [ids[0]], corrections=Corrections(crop=(0.5, 0.0, 0.5, 1.0)))
    before = {i: get_item(controller.db, i).corrections for i in ids}
    dialog = CropMarginsDialog(window)
    for box, value in zip(dialog.edges, (10.0, 0.0, 0.0, 20.0), strict=True):
        box.setValue(value)
    assert dialog.margins() == (0.1, 0.0, 0.0, 0.2)
    window.select_ids(ids)
    steps = controller.undo_stack.count()
    assert window.crop_selection(dialog.margins())
    assert controller.undo_stack.count() == steps + 1
    assert get_item(controller.db, ids[0]).corrections.crop == pytest.approx((0.55, 0.0, 0.45, 0.8))
    assert get_item(controller.db, ids[1]).corrections.crop == pytest.approx((0.1, 0.0, 0.9, 0.8))
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)
    # Margins that leave nothing are refused whole, with nothing stored.
    assert not window.crop_selection((0.5, 0.0, 0.5, 0.0))
    assert controller.undo_stack.count() == steps + 1
    window.undo()
    assert {i: get_item(controller.db, i).corrections for i in ids} == before
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)
