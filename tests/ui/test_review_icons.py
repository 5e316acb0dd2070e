"""The match review's icons follow a drawing turned while the review is open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon


def _icon_shape(dialog, row: int) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    icon = dialog.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)  # as a paint asks
    if not isinstance(icon, QIcon) or not icon.availableSizes():
        return None
    size = icon.availableSizes()[0]
    return size.width(), size.height()


def test_a_rows_icon_turns_with_its_drawing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)  # the rows come from a worker
    item_id = dialog.model.rows[0]["item_id"]
    rows = [n for n, r in enumerate(dialog.model.rows) if r["item_id"] == item_id]
    qtbot.waitUntil(lambda: _icon_shape(dialog, rows[0]) is not None, timeout=10000)
    width, height = _icon_shape(dialog, rows[0])  # type: ignore[misc]
    assert width > height  # the test photos are landscape

    window.select_ids([item_id])
    assert window.rotate_selection(90)  # Edit → Rotate, the review still open
    qtbot.waitUntil(lambda: window.controller.tasks.idle, timeout=10000)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)
    for row in (n for n, r in enumerate(dialog.model.rows) if r["item_id"] == item_id):
        qtbot.waitUntil(lambda row=row: _icon_shape(dialog, row) == (height, width), timeout=10000)

    window.undo()  # and back
    qtbot.waitUntil(lambda: window.controller.tasks.idle, timeout=10000)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)
    for row in (n for n, r in enumerate(dialog.model.rows) if r["item_id"] == item_id):
        qtbot.waitUntil(lambda row=row: _icon_shape(dialog, row) == (width, height), timeout=10000)
    dialog.close()
