"""Correction mode in the viewer: the board's corners found automatically (a proposal
within 2 % of the diagonal on a generated board photo), a corner dragged, Apply stores the
corrections as one undo step, and undo gives the previous ones back."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from carnet.catalog.items import get_item
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.media.corrections import Corrections
from tests.media.test_corrections import _photo
from tests.ui.windows import undo_and_redo_correction


def _board_item(window, tmp_path: Path) -> tuple[int, list[tuple[float, float]]]:  # type: ignore[no-untyped-def]
    photo, truth = _photo(2, 8.0, 0.15)
    photo.save(tmp_path / "board.jpg", quality=92)
    summary = import_paths(
        window.controller.archive, [tmp_path / "board.jpg"], ImportOptions(jobs=1)
    )
    window.controller.notify_catalog()
    return summary.item_ids[0], [tuple(p) for p in truth.tolist()]


def test_the_board_is_proposed_a_corner_dragged_applied_and_undone(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    item_id, truth = _board_item(window, tmp_path)
    window.resize(1200, 850)
    window.select_ids([item_id])
    window.open_viewer()
    viewer = window.viewer
    viewer.straighten()
    editor = viewer.editor
    assert viewer.pages.currentWidget() is editor
    qtbot.waitUntil(lambda: editor.loaded, timeout=15000)
    assert editor.proposal is not None
    diagonal = math.hypot(1600, 1200)
    shown = [(p.x(), p.y()) for p in editor.canvas.corners]
    errors = [math.dist(a, b) for a, b in zip(shown, truth, strict=True)]
    assert max(errors) <= 0.02 * diagonal, errors
    assert editor.perspective.isChecked()

    # Drag the top-left corner 30 pixels right and 20 down on the screen.
    canvas = editor.canvas
    start = canvas.to_screen(canvas.corners[0]).toPoint()
    end = start + QPoint(30, 20)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(canvas, start + QPoint(10, 5))
    QTest.mouseMove(canvas, end)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    moved = canvas.to_full(canvas.to_screen(canvas.corners[0]))
    expected = canvas.to_full(end.toPointF())
    assert math.dist((moved.x(), moved.y()), (expected.x(), expected.y())) < 1.0

    steps = controller.undo_stack.count()
    editor.angle.setValue(-1.5)
    editor.apply_button.click()
    assert viewer.pages.currentWidget() is viewer.browse_page
    assert controller.undo_stack.count() == steps + 1
    stored = get_item(controller.db, item_id).corrections
    assert stored.rotate == 358.5 and stored.corners is not None
    assert math.dist(stored.corners[0], (expected.x(), expected.y())) < 0.2
    for k in (1, 2, 3):
        assert math.dist(stored.corners[k], shown[k]) < 0.2

    undo_and_redo_correction(window, qtbot, item_id, stored)


def test_cancel_stores_nothing_and_keys_leave_correction_mode(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    item_id, _ = _board_item(window, tmp_path)
    window.select_ids([item_id])
    window.open_viewer()
    viewer = window.viewer
    viewer.canvas.setFocus()
    QTest.keyClick(viewer.canvas, Qt.Key.Key_S)
    assert viewer.pages.currentWidget() is viewer.editor
    qtbot.waitUntil(lambda: viewer.editor.loaded, timeout=15000)
    QTest.keyClick(viewer.editor.canvas, Qt.Key.Key_Right)  # not the next drawing
    assert viewer.current_id == item_id
    QTest.keyClick(viewer.editor.canvas, Qt.Key.Key_Escape)
    assert viewer.pages.currentWidget() is viewer.browse_page
    assert window.centre.currentWidget() is viewer  # Escape left the mode, not the viewer
    assert get_item(controller.db, item_id).corrections == Corrections()


def test_the_undo_text_of_a_correction_follows_a_language_switch(
    carnet_app, archive_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    carnet_app.set_language("en")
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    item_id = window.model.ids[0]
    window.select_ids([item_id])
    window.open_viewer()
    viewer = window.viewer
    viewer.straighten()
    qtbot.waitUntil(lambda: viewer.editor.loaded, timeout=15000)
    viewer.editor.angle.setValue(2.0)
    viewer.editor.apply_button.click()
    stack = carnet_app.controller.undo_stack
    assert stack.undoText() == "Straighten a drawing"
    qtbot.waitUntil(lambda: carnet_app.controller.tasks.idle, timeout=15000)
    carnet_app.set_language("fr")
    assert stack.undoText() == "Redresser un dessin"
    stack.undo()
    assert stack.redoText() == "Redresser un dessin"
    carnet_app.set_language("en")
    assert stack.redoText() == "Straighten a drawing"
