"""Emptying the trash: done on a worker thread, the window told when it is over."""

from __future__ import annotations

import threading

from carnet.catalog.archive import Archive
from carnet.catalog.trash import EmptiedTrash, empty_trash, trash_count
from carnet.media.formats import EXTENSIONS
from carnet.ui import main_window


def test_emptying_the_trash_runs_off_the_gui_thread(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[threading.Thread] = []

    def recording(archive: Archive) -> EmptiedTrash:
        threads.append(threading.current_thread())
        return empty_trash(archive)

    monkeypatch.setattr(main_window, "empty_trash", recording)
    first = window.model.ids[0]
    item = window.controller.items([first])[0]
    original = window.controller.archive.paths.original(item.hash, EXTENSIONS[item.format])
    assert original.exists()
    window.select_ids([first])
    window.grid.setFocus()
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5)
    assert window.controller.undo_stack.count() == 1

    window.do_empty_trash()
    assert window.controller.undo_stack.count() == 0  # nothing can bring the item back
    qtbot.waitUntil(lambda: trash_count(window.controller.db) == 0)
    qtbot.waitUntil(lambda: window.controller.tasks.idle)
    assert threads and threads[0] is not threading.main_thread()
    assert not original.exists()
    qtbot.waitUntil(lambda: not window.empty_trash_action.isEnabled())  # the trash is empty
    assert window.model.rowCount() == 5
