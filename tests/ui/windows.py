"""Helpers of the window's tests: the window over a larger archive, the sidebar's rows and
counts, a correction's undo and redo."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QModelIndex

from carnet.catalog.archive import Archive
from carnet.catalog.items import NewItem, get_item, insert_item
from carnet.media.corrections import Corrections
from carnet.ui.models import Roles

#: The drawings of the test archive (``tests/ui/conftest.py``).
TEST_ITEMS = 6


def open_with_more_items(
    carnet_app: Any, archive_path: Path, qtbot: Any, more: int, original: bytes | None = None
) -> Any:
    """The window over the test archive with ``more`` items added: catalog rows only, or
    each with ``original`` (a picture's bytes) as its original file."""
    pixels = Image.open(io.BytesIO(original)).size if original is not None else (None, None)
    with Archive.open(archive_path) as archive, archive.db.transaction() as conn:
        for i in range(more):
            digest = hashlib.sha256(f"extra {i}".encode()).hexdigest()
            if original is not None:
                path = archive.paths.original(digest, "jpg")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(original)
            insert_item(
                conn,
                NewItem(
                    hash=digest,
                    original_name=f"IMG_{i:05}.jpg",
                    original_path=f"/photos/IMG_{i:05}.jpg",
                    format="jpeg",
                    size=len(original) if original is not None else 1000,
                    width=pixels[0],
                    height=pixels[1],
                ),
            )
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    qtbot.waitUntil(lambda: window.model.rowCount() == more + TEST_ITEMS)
    return window


def sidebar_rows(window: Any) -> Iterator[QModelIndex]:
    """Every row of the window's sidebar, sections and their children."""
    model = window.sidebar_model
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            yield index
            stack.append(index)


def sidebar_count(window: Any, action: object) -> int | None:
    """The count the sidebar shows next to ``action``'s row (None: no such row)."""
    return next(
        (i.data(Roles.Count) for i in sidebar_rows(window) if i.data(Roles.Filter) == action),
        None,
    )


def undo_and_redo_correction(window: Any, qtbot: Any, item_id: int, stored: Corrections) -> None:
    """The Edit stack's last step corrected the drawing ``item_id``, which had no correction,
    to ``stored``: undo takes it away and redo gives it back, each once the derived files
    it remade are written."""
    controller = window.controller
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)
    window.undo()
    assert get_item(controller.db, item_id).corrections == Corrections()
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)
    window.redo()
    assert get_item(controller.db, item_id).corrections == stored
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)
