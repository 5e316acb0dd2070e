"""In a large archive, what the window shows after a change is read on a worker.

The sidebar's counts and the grid's ids are read off the GUI thread (``ui/refresh.py``)
and shown in one update: the counts still follow every edit, the grid is not reset when
its items stay the same, and the newest request wins.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

import carnet.ui.refresh as refresh
from carnet.catalog.browse import ItemFilter, Overview
from carnet.catalog.database import Database
from tests.ui.test_integrity import _count


@pytest.fixture
def large(window: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The window as over a large archive: every refresh is read on a worker, whose
    threads are recorded."""
    window.refresh_worker_from = 1
    threads: list[threading.Thread] = []
    real = refresh.overview

    def counted(db: Database) -> Overview:
        threads.append(threading.current_thread())
        return real(db)

    monkeypatch.setattr(refresh, "overview", counted)
    window.overview_threads = threads
    return window


def test_counts_after_an_edit_are_read_on_a_worker_and_follow_it(large, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = large
    unpublished = ItemFilter("unpublished")
    assert _count(window, unpublished) == 6
    window.select_ids(window.model.ids[:2])
    window.inspector.published.click()  # publish two
    qtbot.waitUntil(lambda: _count(window, unpublished) == 4)
    assert window.overview_threads
    assert all(t is not threading.main_thread() for t in window.overview_threads)
    window.undo()
    qtbot.waitUntil(lambda: _count(window, unpublished) == 6)


def test_an_edit_of_fields_repaints_its_rows_without_resetting_the_grid(large, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = large
    ids = list(window.model.ids)
    resets: list[int] = []
    window.model.modelReset.connect(lambda: resets.append(1))
    window.select_ids(ids[:3])
    window.inspector.published.click()
    qtbot.waitUntil(lambda: _count(window, ItemFilter("unpublished")) == 3)
    assert window.model.ids == ids
    assert not resets
    assert window.selected_ids() == ids[:3]


def test_trash_on_a_worker_takes_the_items_out_of_the_grid_and_the_counts(large, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = large
    ids = list(window.model.ids)
    window.select_ids(ids[:2])
    window.grid.setFocus()
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: window.model.ids == ids[2:])
    assert _count(window, ItemFilter("all")) == 4
    assert _count(window, ItemFilter("trash")) == 2
    assert window.inspector.ids == []  # it never edits what the grid no longer shows
    assert window.overview_threads


def test_the_newest_request_wins(large, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = large
    shown: list[Any] = []
    window.refresher.ready.connect(lambda view: shown.append(view.wanted.filter))
    for kind in ("trash", "unpublished", "no-session"):
        window._on_sidebar_action_chosen(ItemFilter(kind))
    qtbot.waitUntil(lambda: bool(shown) and not window.refresher.pending)
    assert shown[-1] == ItemFilter("no-session")
    assert ItemFilter("unpublished") not in shown  # overtaken before it was read
    assert len(window.model.ids) == 1


def test_a_read_on_the_gui_thread_overtakes_one_on_a_worker(large, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = large
    shown: list[Any] = []
    window.refresher.ready.connect(lambda view: shown.append(view))
    window._on_sidebar_action_chosen(ItemFilter("trash"))  # on a worker
    window.refresh_worker_from = 10**9
    window._on_sidebar_action_chosen(ItemFilter("no-session"))  # at once
    assert len(window.model.ids) == 1
    qtbot.waitUntil(lambda: not window.refresher.pending)
    qtbot.wait(50)
    assert not shown  # the older read was dropped
    assert len(window.model.ids) == 1
