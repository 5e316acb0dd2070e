"""Batch edits of a large selection, their undo and redo: written on a worker with a
connection of their own, the window busy meanwhile and taking no other edit, the undo
stack moved only once the write committed (a failed one leaves data and stack as they
were), the views showing the result once it is there."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from carnet.catalog.archive import Archive
from carnet.catalog.browse import items_by_ids as real_items_by_ids
from carnet.catalog.items import get_item
from carnet.catalog.items import update_items as real_update_items
from carnet.catalog.trash import trash_count
from carnet.ui import controller as controller_module
from carnet.ui import inspector as inspector_module
from carnet.ui import undo
from carnet.ui.models import Roles
from carnet.ui.undo import ChangeLabelsCommand, SetFieldCommand, TrashCommand
from tests.ui.windows import open_with_more_items

#: Items added to the test archive's six: well over the controller's ``WORKER_FROM``.
EXTRA = 3000


@pytest.fixture
def big_window(carnet_app, archive_path: Path, qtbot):  # type: ignore[no-untyped-def]
    """The window over the test archive with 3,000 more items (catalog rows only)."""
    return open_with_more_items(carnet_app, archive_path, qtbot, EXTRA)


def recording(calls: list[threading.Thread], then: Callable[[], None] = lambda: None) -> Any:
    """``update_items`` that notes the thread it runs on, then does ``then`` (block, fail)."""

    def update_items(db: Any, ids: Any, **fields: Any) -> None:
        calls.append(threading.current_thread())
        real_update_items(db, ids, **fields)
        then()

    return update_items


def captions(window: Any, ids: list[int]) -> set[str | None]:
    return {item.caption for item in window.controller.items(ids)}


def test_a_large_edit_is_written_on_a_worker_and_stacked_once_done(  # type: ignore[no-untyped-def]
    big_window, qtbot, monkeypatch
) -> None:
    controller = big_window.controller
    calls: list[threading.Thread] = []
    monkeypatch.setattr(undo, "update_items", recording(calls))
    ids = list(big_window.model.ids)
    first = ids[0]
    real_update_items(controller.db, [first], caption="its own")  # given back by undo
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Plénière"))
    # Not on the stack before the write committed; the window says it is busy.
    assert controller.busy and controller.undo_stack.count() == 0
    assert big_window.busy_bar is not None and not big_window.busy_bar.isHidden()
    assert not big_window.inspector.isEnabled()
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert calls and all(t is not threading.main_thread() for t in calls)
    assert controller.undo_stack.count() == 1 and controller.undo_stack.index() == 1
    assert captions(big_window, ids) == {"Plénière"}
    assert big_window.busy_bar.isHidden() and big_window.inspector.isEnabled()

    calls.clear()
    big_window.undo()
    assert controller.busy and controller.undo_stack.index() == 1
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert calls and all(t is not threading.main_thread() for t in calls)
    assert controller.undo_stack.index() == 0
    assert get_item(controller.db, first).caption == "its own"  # each its own value back
    assert captions(big_window, ids[1:]) == {None}

    calls.clear()
    big_window.redo()
    assert controller.busy and controller.undo_stack.index() == 0
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert calls and all(t is not threading.main_thread() for t in calls)
    assert controller.undo_stack.index() == 1
    assert captions(big_window, ids) == {"Plénière"}


def test_a_small_edit_stays_on_the_gui_thread_and_shows_at_once(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    calls: list[threading.Thread] = []
    monkeypatch.setattr(undo, "update_items", recording(calls))
    ids = window.model.ids[:3]
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Vite"))
    assert not controller.busy and controller.undo_stack.count() == 1
    assert calls == [threading.main_thread()]
    assert {i.caption for i in controller.items(ids)} == {"Vite"}


@pytest.mark.x11
def test_undo_pressed_while_a_batch_is_written_waits_and_is_said(  # type: ignore[no-untyped-def]
    big_window, qtbot, monkeypatch, keyboard
) -> None:
    controller = big_window.controller
    release = threading.Event()
    monkeypatch.setattr(undo, "update_items", recording([], lambda: release.wait(20)))
    errors: list[str] = []
    controller.error_raised.connect(lambda message, _details: errors.append(message))
    ids = list(big_window.model.ids)
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Clôture"))
    assert controller.busy
    try:
        big_window.grid.setFocus()
        keyboard.press("Ctrl+Z")
        # Refused visibly, the stack untouched: nothing interleaves with the write.
        assert "Still saving" in big_window.statusBar().currentMessage()
        assert controller.undo_stack.count() == 0
        # Another edit, an undo or emptying the trash meanwhile: refused in one sentence.
        assert not controller.push(SetFieldCommand(controller, ids[:2], "title", "Non"))
        assert not controller.undo()
        big_window.do_empty_trash()
        assert len(errors) == 3 and all("still saving" in e for e in errors)
    finally:
        release.set()
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert controller.undo_stack.count() == 1 and controller.undo_stack.index() == 1
    assert captions(big_window, ids) == {"Clôture"}
    assert {i.title for i in controller.items(ids[:2])} != {"Non"}
    for box in big_window.findChildren(QMessageBox, "errorBox"):  # the refusals, read
        box.done(0)
    big_window.activateWindow()
    assert QTest.qWaitForWindowActive(big_window)
    big_window.grid.setFocus()
    keyboard.press("Ctrl+Z")  # once it is done, the same key undoes it
    qtbot.waitUntil(lambda: not controller.busy and controller.undo_stack.index() == 0)
    assert captions(big_window, ids[1:]) == {None}


def disk_full() -> None:
    raise sqlite3.OperationalError("database or disk is full")


def test_a_failed_batch_write_leaves_data_and_stack_as_they_were(  # type: ignore[no-untyped-def]
    big_window, qtbot, monkeypatch
) -> None:
    controller = big_window.controller
    errors: list[str] = []
    controller.error_raised.connect(lambda message, _details: errors.append(message))
    ids = list(big_window.model.ids)

    # The edit fails after its rows were written: the one transaction is rolled back.
    monkeypatch.setattr(undo, "update_items", recording([], disk_full))
    relisted: list[bool] = []
    controller.catalog_changed.connect(lambda: relisted.append(True))
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Perdu"))
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert relisted  # lists that dropped rows when the push was accepted list them again
    assert len(errors) == 1 and "full" in errors[0] and "\n" not in errors[0]
    assert controller.undo_stack.count() == 0
    assert captions(big_window, ids) == {None}

    # A trash that succeeds, then an undo that fails: the step stays done, on the stack.
    assert controller.push(TrashCommand(controller, ids))
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert trash_count(controller.db) == len(ids) and controller.undo_stack.index() == 1

    def failing_restore(db: Any, moved: Any) -> list[int]:
        with db.transaction() as conn:
            conn.execute("UPDATE items SET trashed_at = NULL")
            disk_full()
        return []

    monkeypatch.setattr(undo, "restore_items", failing_restore)
    big_window.undo()
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert len(errors) == 2 and "full" in errors[1]
    assert controller.undo_stack.index() == 1 and controller.undo_stack.canUndo()
    assert trash_count(controller.db) == len(ids)


def test_the_inspector_and_the_viewer_show_a_batch_once_written(  # type: ignore[no-untyped-def]
    big_window, qtbot, monkeypatch
) -> None:
    controller = big_window.controller
    ids = list(big_window.model.ids)
    big_window.grid.selectAll()
    qtbot.waitUntil(lambda: len(big_window.inspector.ids) == len(ids))
    reads: list[threading.Thread] = []

    def items_by_ids(db: Any, wanted: Any) -> Any:
        if len(wanted) == len(ids):
            reads.append(threading.current_thread())
        return real_items_by_ids(db, wanted)

    monkeypatch.setattr(controller_module, "items_by_ids", items_by_ids)
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Atelier"))
    assert controller.busy
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert big_window.inspector.editors["caption"].toPlainText() == "Atelier"
    # The 3,006 items the inspector shows again were read back on the worker, not here.
    assert reads and threading.main_thread() not in reads

    big_window.select_ids([ids[0]])
    big_window.open_viewer()
    assert big_window.viewer.current_id == ids[0]
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Atelier du soir"))
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert "Atelier du soir" in big_window.viewer.caption.text()
    assert big_window.inspector.editors["caption"].toPlainText() == "Atelier du soir"


def test_the_grid_repaints_a_batch_with_one_signal_and_reads_its_selection_by_ranges(  # type: ignore[no-untyped-def]
    big_window, qtbot
) -> None:
    controller, model = big_window.controller, big_window.model
    ids = list(model.ids)
    big_window.grid.selectAll()
    assert big_window.selected_ids() == ids  # one range, read as such
    big_window.select_ids([ids[2], ids[0], ids[-1]])
    assert big_window.selected_ids() == [ids[0], ids[2], ids[-1]]  # in grid order
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(  # every role: an edit (a thumbnail arriving names its role)
        lambda a, b, roles: changed.append((a.row(), b.row())) if not roles else None
    )
    assert controller.push(SetFieldCommand(controller, ids[1:], "title", "Table ronde"))
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert changed == [(1, len(ids) - 1)]
    assert model.data(model.index(5), Roles.Title) == "Table ronde"


def test_the_inspector_shows_the_labels_all_and_some_items_have_after_a_batch(  # type: ignore[no-untyped-def]
    big_window, qtbot
) -> None:
    controller, inspector = big_window.controller, big_window.inspector
    ids = list(big_window.model.ids)
    big_window.grid.selectAll()
    qtbot.waitUntil(lambda: len(inspector.ids) == len(ids))
    assert controller.push(ChangeLabelsCommand(controller, ids[:1], ["Seul"], []))
    assert not controller.busy  # one item: at once
    assert controller.push(ChangeLabelsCommand(controller, ids, ["Atelier"], []))
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert inspector.tags.text() == "Atelier"
    assert inspector.tags.placeholderText() == "Some items: Seul"
    assert inspector.editors["caption"].toPlainText() == ""  # none has one: not mixed
    assert "Mixed" not in inspector.editors["caption"].placeholderText()


def test_a_batch_written_but_not_read_back_is_stacked_all_the_same(  # type: ignore[no-untyped-def]
    big_window, qtbot, monkeypatch
) -> None:
    controller = big_window.controller
    ids = list(big_window.model.ids)

    def items_by_ids(db: Any, wanted: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            disk_full()
        return real_items_by_ids(db, wanted)

    monkeypatch.setattr(controller_module, "items_by_ids", items_by_ids)
    errors: list[str] = []
    controller.error_raised.connect(lambda message, _details: errors.append(message))
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Écrit"))
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    # The write committed: the stack says so, and the views read the items themselves.
    assert errors == [] and controller.undo_stack.index() == 1
    assert captions(big_window, ids) == {"Écrit"}


def test_what_a_batch_puts_back_is_read_column_by_column(archive_path: Path) -> None:
    from carnet.catalog.browse import field_values, label_sets
    from carnet.catalog.items import add_people, add_tags
    from carnet.errors import InvalidValue

    with Archive.open(archive_path) as archive:
        db = archive.db
        ids = [int(r[0]) for r in db.query("SELECT id FROM items ORDER BY id")][:3]
        real_update_items(db, ids[:1], caption="Une", published=True)
        with db.transaction() as conn:
            add_tags(conn, ids[:2], ["Atelier"])
            add_people(conn, ids[1:2], ["Marie Curie"], "speaker")
        items = {i.id: i for i in real_items_by_ids(db, ids)}
        for name in ("caption", "published", "title"):
            assert field_values(db, ids, name) == {i: getattr(items[i], name) for i in ids}
        assert field_values(db, ids, "published")[ids[0]] is True
        assert label_sets(db, ids, None) == {i: {t.casefold() for t in items[i].tags} for i in ids}
        assert label_sets(db, ids, "speaker")[ids[1]] == {"marie curie"}
        assert label_sets(db, ids, "illustrator") == {
            i: {p.casefold() for p in items[i].illustrators} for i in ids
        }
        with pytest.raises(InvalidValue):
            field_values(db, ids, "id; DROP TABLE items")


def test_a_batch_collects_garbage_less_often_until_shown(  # type: ignore[no-untyped-def]
    big_window, qtbot
) -> None:
    controller = big_window.controller
    before = gc.get_threshold()
    controller._gc_timer.setInterval(0)
    ids = list(big_window.model.ids)
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Plénière"))
    # While the batch is written, read back and shown: young collections come rarely.
    assert controller.busy
    assert gc.get_threshold() == (controller.BATCH_GC_THRESHOLD, *before[1:])
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    qtbot.waitUntil(lambda: gc.get_threshold() == before, timeout=5000)
    assert captions(big_window, ids) == {"Plénière"}


def test_the_former_selection_s_items_are_freed_on_a_worker_after_a_batch(  # type: ignore[no-untyped-def]
    big_window, qtbot, monkeypatch
) -> None:
    controller, inspector = big_window.controller, big_window.inspector
    inspector.worker_from = 1000  # the test archive's 3,006 items make a large selection
    ids = list(big_window.model.ids)
    big_window.grid.selectAll()
    qtbot.waitUntil(lambda: len(inspector.items) == len(ids) and not inspector.summarising)
    former = inspector.items
    freed: list[threading.Thread] = []
    real_release = inspector_module.release

    def release(items: list[Any]) -> None:
        freed.append(threading.current_thread())
        real_release(items)

    monkeypatch.setattr(inspector_module, "release", release)
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Atelier"))
    qtbot.waitUntil(lambda: not controller.busy and not inspector.summarising, timeout=20000)
    qtbot.waitUntil(lambda: former == [])  # emptied, a slice at a time, off the GUI thread
    assert freed and threading.main_thread() not in freed
    assert len(inspector.items) == len(ids)
    assert inspector.editors["caption"].toPlainText() == "Atelier"
    # The whole batch as read back, in the selection's order, without a look-up per item.
    assert [item.id for item in inspector.items] == ids
