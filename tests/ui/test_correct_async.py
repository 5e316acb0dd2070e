"""A rotation or crop of a large selection (``CorrectCommand``): each drawing's corrections
read, worked out and written on a worker, never on the GUI thread, and its undo giving
each drawing back its own corrections and derived files."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from carnet.catalog.browse import items_by_ids as real_items_by_ids
from carnet.catalog.items import update_items
from carnet.media.corrections import Corrections
from carnet.media.derive import PREVIEW_EDGE, THUMBNAIL_EDGE, derived_header
from carnet.ui import controller as controller_module
from carnet.ui import undo
from carnet.ui.undo import RotateCommand
from tests.imaging import make_jpeg
from tests.ui.windows import open_with_more_items

#: Items added to the test archive's six: over the controller's ``WORKER_FROM``.
EXTRA = 300


@pytest.fixture
def big_window(carnet_app, archive_path: Path, tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    """The window over the test archive with 300 more drawings, each with its original."""
    data = make_jpeg(tmp_path / "tiny.jpg", (32, 24), pattern=False).read_bytes()
    return open_with_more_items(carnet_app, archive_path, qtbot, EXTRA, original=data)


def _corrections(controller: Any, ids: list[int]) -> dict[int, Corrections]:
    return {i.id: i.corrections for i in real_items_by_ids(controller.db, ids)}


def _files_show(controller: Any, wanted: dict[int, Corrections]) -> bool:
    paths = controller.archive.paths
    for item in real_items_by_ids(controller.db, list(wanted)):
        for path, edge in (
            (paths.preview(item.hash), PREVIEW_EDGE),
            (paths.thumbnail(item.hash), THUMBNAIL_EDGE),
        ):
            header = derived_header(path, edge)
            if header is None or header.made_with is None or not header.shows(wanted[item.id]):
                return False
    return True


def test_a_large_rotation_is_read_and_written_on_a_worker_and_undone_exactly(  # type: ignore[no-untyped-def]
    big_window, qtbot, monkeypatch
) -> None:
    controller = big_window.controller
    errors: list[str] = []
    controller.error_raised.connect(lambda message, _details: errors.append(message))
    ids = list(big_window.model.ids)
    assert len(ids) >= controller.worker_from
    first = ids[0]
    update_items(controller.db, [first], corrections=Corrections(crop=(0.1, 0.2, 0.3, 0.1)))
    before = _corrections(controller, ids)

    reads: list[threading.Thread] = []

    def reading(db: Any, wanted: Any) -> Any:
        reads.append(threading.current_thread())
        return real_items_by_ids(db, wanted)

    monkeypatch.setattr(undo, "items_by_ids", reading, raising=False)
    monkeypatch.setattr(controller_module, "items_by_ids", reading)
    command = RotateCommand(controller, ids, 90)
    assert reads == []  # making the command reads nothing on the GUI thread
    monkeypatch.setattr(controller_module, "items_by_ids", real_items_by_ids)

    assert controller.push(command)
    assert controller.busy and controller.undo_stack.count() == 0
    qtbot.waitUntil(lambda: not controller.busy, timeout=30000)
    assert reads and all(t is not threading.main_thread() for t in reads)
    assert controller.undo_stack.count() == 1
    after = {i: c.turned(90) for i, c in before.items()}
    assert _corrections(controller, ids) == after
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=60000)
    assert _files_show(controller, after)

    big_window.undo()
    assert controller.busy and controller.undo_stack.index() == 1
    qtbot.waitUntil(lambda: not controller.busy, timeout=30000)
    assert controller.undo_stack.index() == 0
    assert _corrections(controller, ids) == before  # each its own back, the crop too
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=60000)
    assert _files_show(controller, before)

    big_window.redo()
    qtbot.waitUntil(lambda: not controller.busy, timeout=30000)
    assert _corrections(controller, ids) == after
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=60000)
    assert errors == []
