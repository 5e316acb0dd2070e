"""In a large archive, what the window shows after a change is read on a worker.

The sidebar's counts and the grid's ids are read off the GUI thread (``ui/refresh.py``)
and shown in one update: the counts still follow every edit, the grid is not reset when
its items stay the same, and the newest request wins.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

import carnet.ui.refresh as refresh
from carnet.catalog.browse import ItemFilter, Overview
from carnet.catalog.database import Database
from carnet.ui.models import Roles
from carnet.ui.thumbnails import MIN_BUDGET, budget_for, pixmap_bytes


def _count(window: Any, action: object) -> int | None:
    """The count the sidebar shows next to ``action``'s row (None: no such row)."""
    model = window.sidebar_model
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(Roles.Filter) == action:
                return index.data(Roles.Count)  # type: ignore[no-any-return]
            stack.append(index)
    return None


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


# ---------------------------------------------------------------------- the inspector


def test_the_summary_of_a_large_selection_is_made_on_a_worker(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import carnet.ui.inspector as inspector_module

    inspector = window.inspector
    inspector.worker_from = 2
    reads: list[threading.Thread] = []
    real = inspector_module.items_by_ids

    def items_by_ids(db: Database, wanted: Any) -> Any:
        reads.append(threading.current_thread())
        return real(db, wanted)

    monkeypatch.setattr(inspector_module, "items_by_ids", items_by_ids)
    ids = window.model.ids
    window.select_ids(ids[:2])
    qtbot.waitUntil(lambda: not inspector.summarising)
    inspector.published.click()  # publish two
    qtbot.waitUntil(lambda: not inspector.summarising)
    assert inspector.published.checkState() == Qt.CheckState.Checked
    window.select_ids(ids[:3])
    # Meanwhile the fields wait: nothing typed goes to values not shown yet.
    assert inspector.summarising and not inspector.title.isEnabled()
    assert inspector.heading.text() == "3 items selected"
    qtbot.waitUntil(lambda: not inspector.summarising)
    assert inspector.title.isEnabled()
    assert inspector.published.checkState() == Qt.CheckState.PartiallyChecked
    assert reads and threading.main_thread() not in reads


def test_the_newest_selection_wins_the_inspector(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    inspector = window.inspector
    inspector.worker_from = 2
    ids = window.model.ids
    window.select_ids(ids[:2])
    qtbot.waitUntil(lambda: not inspector.summarising)
    inspector.published.click()  # two published, four not
    qtbot.waitUntil(lambda: not inspector.summarising)
    window.select_ids(ids[:3])  # mixed: asked first, overtaken
    window.select_ids(ids[2:5])  # none published
    qtbot.waitUntil(lambda: not inspector.summarising)
    qtbot.wait(100)  # the overtaken summary, if it came, changed nothing
    assert inspector.ids == ids[2:5]
    assert inspector.published.checkState() == Qt.CheckState.Unchecked
    assert [item.id for item in inspector.items] == ids[2:5]


# ---------------------------------------------------------------------- thumbnails' memory


def test_the_thumbnail_cache_keeps_to_its_budget_in_bytes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    cache = window.controller.thumbnails
    hashes = [window.model.data(window.model.index(r), Roles.Hash) for r in range(6)]
    cache.set_budget(None)
    for digest in hashes:
        cache.pixmap(digest)
    qtbot.waitUntil(lambda: cache.idle and all(cache.cached(h) for h in hashes))
    sizes = [pixmap_bytes(p) for p in map(cache.cached, hashes) if p is not None]
    assert cache.bytes == sum(sizes) and len(cache) == 6
    for digest in hashes:  # shown in this order: the last two most recently
        cache.pixmap(digest)
    cache.set_budget(sizes[-1] + sizes[-2])  # room for two
    assert len(cache) == 2 and cache.bytes <= cache.budget
    assert cache.cached(hashes[-1]) is not None  # the least recently shown went first
    cache.invalidate(hashes[-1])
    assert cache.bytes == sizes[-2]
    cache.pixmap(hashes[0])
    qtbot.waitUntil(lambda: cache.cached(hashes[0]) is not None)
    assert cache.bytes <= cache.budget


def test_the_grid_sizes_the_thumbnails_budget_from_its_cells(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1600, 1000)
    qtbot.wait(20)
    cache, viewport = window.controller.thumbnails, window.grid.viewport()
    window.size_slider.setValue(100)
    small = cache.budget
    assert small == budget_for(viewport.width(), viewport.height(), 100) > MIN_BUDGET
    window.size_slider.setValue(320)
    assert cache.budget == budget_for(viewport.width(), viewport.height(), 320) < small
    window.resize(800, 600)
    qtbot.waitUntil(lambda: cache.budget == MIN_BUDGET)


def test_a_batch_just_written_is_summarised_without_reading_it_again(  # type: ignore[no-untyped-def]
    window, qtbot, monkeypatch
) -> None:
    import carnet.ui.inspector as inspector_module
    from carnet.ui.undo import SetFieldCommand

    controller, inspector = window.controller, window.inspector
    controller.worker_from, inspector.worker_from = 1, 2
    ids = window.model.ids[:3]
    window.select_ids(ids)
    qtbot.waitUntil(lambda: not inspector.summarising)
    reads: list[int] = []
    real = inspector_module.items_by_ids
    monkeypatch.setattr(
        inspector_module, "items_by_ids", lambda db, wanted: reads.append(1) or real(db, wanted)
    )
    assert controller.push(SetFieldCommand(controller, ids, "caption", "Atelier"))
    qtbot.waitUntil(lambda: not controller.busy and not inspector.summarising)
    assert inspector.editors["caption"].toPlainText() == "Atelier"
    assert not reads  # the batch's worker read them back already


# ---------------------------------------------------------------------- the grid's rows


def test_a_batch_over_a_long_span_repaints_only_the_rows_the_grid_had_read(qtbot) -> None:  # type: ignore[no-untyped-def]
    from carnet.catalog.browse import GridRow
    from carnet.ui.models import ItemGridModel

    titles = {"now": "before"}

    def fetch(ids: Any) -> dict[int, GridRow]:
        return {
            i: GridRow(i, f"{i:064x}", titles["now"], None, False, None, None, 0, False)
            for i in ids
        }

    model = ItemGridModel(fetch, None)
    ids = list(range(1, 20_001))
    model.set_ids(ids)
    for position in (0, 15_000):  # what the grid painted: a page around each
        assert model.data(model.index(position), Roles.Title) == "before"
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles: changed.append((a.row(), b.row())))
    titles["now"] = "after"
    model.refresh(ids)  # 20,000 rows: Qt's view would visit each of one span
    assert changed == [(0, 119), (14_970, 15_089)]
    assert model.data(model.index(10_000), Roles.Title) == "after"  # read afresh
    changed.clear()
    model.refresh(ids[100:300])  # a short span: one signal over it
    assert changed == [(100, 299)]
