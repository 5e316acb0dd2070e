"""The desktop app's search process: answers, follows the catalog, cancels, survives death."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.items import update_items
from carnet.errors import Cancelled
from carnet.search import SearchIndex
from carnet.search.errors import IndexUnavailable
from carnet.search.service import SearchService
from tests.search.conftest import Forum, add_item, cache_folder, found


def _many(archive: Archive, count: int) -> None:
    """``count`` captioned items inserted by SQL: enough for a build of a second or more."""
    with archive.db.transaction() as conn:
        conn.executemany(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " title, caption) VALUES (?, ?, '/x', 'jpeg', 1, '2016', ?, ?)",
            (
                (f"{i:064x}", f"d{i}.jpg", f"Dessin {i}", f"Une fresque numéro {i} sur la ville")
                for i in range(count)
            ),
        )


def _wait_for_build(archive: Archive) -> None:
    """Until the child has started writing a new index folder."""
    deadline = time.monotonic() + 60
    folder = cache_folder(archive)
    while not any(p.name.startswith("v") for p in folder.glob("*")):
        assert time.monotonic() < deadline, "the search process never started building"
        time.sleep(0.01)


def test_the_index_is_built_and_searched_in_another_process(
    forum: Forum, monkeypatch: pytest.MonkeyPatch
) -> None:
    built_here: list[int] = []
    monkeypatch.setattr(SearchIndex, "_rebuild_locked", lambda *a, **k: built_here.append(1) or 0)
    archive = forum.archive
    assert archive.writable  # this process holds the lock; the child only reads the catalog
    service = SearchService(archive.root)
    try:
        service.sync()  # builds the index
        assert service.pid not in (None, os.getpid())
        outcome = service.query("confiance")
        assert outcome.error is None
        assert outcome.ids == {forum.ids["societe"], forum.ids["script"]}
        assert outcome.total == 2
        assert "<mark>" in outcome.snippets[forum.ids["societe"]].lower()
        assert [count for _v, _l, count in outcome.facets["event"]] == [2]
        item = add_item(archive, "late.jpg", caption="Une contribution arrivée tard")
        assert service.sync() == 1
        assert service.query("contribution tard").ids == {item}
        assert service.query("*").error  # a query it refuses, with its reason
    finally:
        service.close()
    assert built_here == []
    with SearchIndex(archive) as index:  # the archive's own index, kept by the child
        assert index.sync() == 0
        assert found(index, "contribution") == {item}


def test_a_search_is_answered_while_the_index_is_rebuilt(forum: Forum) -> None:
    service = SearchService(forum.archive.root)
    try:
        service.sync()
        _many(forum.archive, 3000)
        syncing = threading.Thread(target=service.sync)
        syncing.start()
        outcome = service.query("confiance")  # from the last committed index meanwhile
        assert forum.ids["societe"] in outcome.ids
        syncing.join(120)
        assert len(service.query("fresque").ids) == 3000
    finally:
        service.close()


def test_a_cancelled_sync_leaves_the_index_as_it_was(forum: Forum) -> None:
    _many(forum.archive, 3000)
    service = SearchService(forum.archive.root)
    cancel = threading.Event()
    try:
        threading.Thread(target=lambda: (_wait_for_build(forum.archive), cancel.set())).start()
        with pytest.raises(Cancelled):
            service.sync(cancel)
        assert not (cache_folder(forum.archive) / "state.json").exists()
        with pytest.raises(Cancelled):  # already set: nothing is even asked
            service.sync(cancel)
        service.sync()
        assert len(service.query("fresque").ids) == 3000
    finally:
        service.close()


def test_a_search_process_that_dies_is_replaced(forum: Forum) -> None:
    _many(forum.archive, 3000)
    service = SearchService(forum.archive.root)
    try:
        killer = threading.Thread(target=_wait_for_build, args=(forum.archive,))
        killer.start()
        failure: list[BaseException] = []

        def sync() -> None:
            try:
                service.sync()
            except BaseException as exc:
                failure.append(exc)

        syncing = threading.Thread(target=sync)
        syncing.start()
        killer.join(60)
        pid = service.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        syncing.join(30)
        assert len(failure) == 1 and isinstance(failure[0], IndexUnavailable)
        assert "stopped" in str(failure[0])
        # The next request starts a new process, which builds the index again.
        assert len(service.query("fresque").ids) == 3000
        assert service.pid not in (None, pid)
    finally:
        service.close()


def test_start_then_close_stops_the_process(forum: Forum) -> None:
    service = SearchService(forum.archive.root)
    assert service.pid is None  # nothing runs until asked
    service.start()
    pid = service.pid
    assert pid is not None
    service.start()  # already running: the same process
    assert service.pid == pid
    service.sync()
    assert service.pid == pid
    service.close()
    assert service.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(IndexUnavailable):
        service.query("confiance")


def test_a_read_only_archive_is_searched_through_the_cache_without_writing_to_it(
    forum: Forum,
) -> None:
    root = forum.archive.root
    update_items(forum.archive.db, [forum.ids["loose"]], caption="Une loutre.")
    forum.archive.close()  # no index was ever built
    with Archive.open(root) as writer:  # another process's lock, as a second window sees it
        before = sorted(p.relative_to(root) for p in root.rglob("*"))
        service = SearchService(root)
        try:
            assert service.query("loutre").ids == {forum.ids["loose"]}
            # The writer changes an item: the read-only window's process follows.
            update_items(writer.db, [forum.ids["loose"]], caption="Un castor.")
            assert service.sync() == 1
            assert service.query("castor").ids == {forum.ids["loose"]}
        finally:
            service.close()
        assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
        # The index it built lasts, in the cache: the writer's own search uses it.
        assert (cache_folder(writer) / "state.json").exists()
        with SearchIndex(writer) as index:
            assert index.sync() == 0
            assert found(index, "castor") == {forum.ids["loose"]}
