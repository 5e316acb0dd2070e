"""The index follows the catalog: edits, deletions, crashes, versions, read-only archives."""

from __future__ import annotations

import fcntl
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.database import Database
from carnet.catalog.items import add_people, add_tags, remove_tags, update_items
from carnet.catalog.migrations import migrate
from carnet.catalog.trash import trash_items
from carnet.errors import Cancelled
from carnet.search import SearchIndex
from carnet.search.index import LOCK_NAME, STATE_NAME
from tests.search.conftest import Forum, add_item, cache_folder, found


def _state(forum: Forum) -> dict[str, Any]:
    data = json.loads((cache_folder(forum.archive) / STATE_NAME).read_text())
    assert isinstance(data, dict)
    return data


def test_first_search_builds_the_index(forum: Forum) -> None:
    with SearchIndex(forum.archive) as index:
        assert found(index, "confiance") == {forum.ids["societe"], forum.ids["script"]}
    state = _state(forum)
    assert state["seq"] == forum.archive.change_seq()
    assert (cache_folder(forum.archive) / str(state["dir"])).is_dir()
    assert not (forum.archive.root / "index").exists()  # nothing of it in the archive


def test_sync_follows_edits(forum: Forum, index: SearchIndex) -> None:
    ecologie = forum.ids["ecologie"]
    assert index.sync() == 0  # built on first use, nothing left to do
    update_items(forum.archive.db, [ecologie], caption="Le vélo en ville, sans voiture.")
    assert index.sync() == 1
    assert index.sync() == 0
    assert found(index, "vélo") == {ecologie}
    assert found(index, "énergie") == set()
    assert _state(forum)["seq"] == forum.archive.change_seq()


def test_search_catches_up_by_itself(forum: Forum, index: SearchIndex) -> None:
    index.sync()
    update_items(forum.archive.db, [forum.ids["communs"]], title="Kamishibaï")
    assert found(index, "kamishibai") == {forum.ids["communs"]}


def test_every_kind_of_catalog_change_reaches_the_index(forum: Forum, index: SearchIndex) -> None:
    db = forum.archive.db
    ids = forum.ids
    index.sync()
    with db.transaction() as conn:
        tag = conn.execute("INSERT INTO tags (path) VALUES ('lieu')").lastrowid
        conn.execute("INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)", (ids["loose"], tag))
        remove_tags(conn, [ids["communs"]], ["format/carte mentale"])
    assert found(index, "tag:lieu") == {ids["loose"]}
    assert found(index, "tag:mentale") == set()
    with db.transaction() as conn:  # a programme edit renames a session
        conn.execute(
            "UPDATE sessions SET title = 'Biens communs' WHERE id = ?",
            (forum.sessions["communs"],),
        )
    assert found(index, 'session:"biens communs"') == {ids["societe"], ids["communs"]}
    with db.transaction() as conn:  # and a person
        conn.execute("UPDATE people SET name = 'Elinor C. Ostrom' WHERE name = 'Elinor Ostrom'")
    assert ids["drawings"] in found(index, 'speaker:"c ostrom"')
    # An event changes its language: its items are stemmed in English from now on
    # ("démocratique" and "démocratie" share a French stem, not an English one).
    assert ids["ecologie"] in found(index, "démocratique")
    with db.transaction() as conn:
        conn.execute("UPDATE events SET language = 'en' WHERE slug = 'forum-2016'")
    assert ids["ecologie"] not in found(index, "démocratique")
    assert ids["ecologie"] in found(index, "démocratie")
    trash_items(db, [ids["ecologie"]])
    assert found(index, "énergie") == set()
    with db.transaction() as conn:
        conn.execute("DELETE FROM items WHERE id = ?", (ids["drawings"],))
    assert found(index, "drawings") == set()
    new = add_item(forum.archive, "new", caption="Un nouvel arrivant : le pangolin.")
    assert found(index, "pangolin") == {new}


def test_tags_and_people_added_to_existing_items_reach_the_index(
    forum: Forum, index: SearchIndex
) -> None:
    index.sync()
    with forum.archive.db.transaction() as conn:
        add_tags(conn, [forum.ids["loose"]], ["lieu/atrium"])
        add_people(conn, [forum.ids["loose"]], ["Hypatie"], "speaker")
    assert found(index, "tag:atrium") == {forum.ids["loose"]}
    assert found(index, "speaker:hypatie") == {forum.ids["loose"]}


def test_an_item_edited_many_times_is_found_once(forum: Forum, index: SearchIndex) -> None:
    # Whoosh's Searcher.refresh() reuses segment readers with their old deletions; the
    # index opens a fresh searcher after each commit instead. Many small commits also make
    # Whoosh merge segments, which must not bring old versions back.
    societe = forum.ids["societe"]
    for n in range(25):
        update_items(forum.archive.db, [societe], caption=f"Version {n} du texte, confiance.")
        index.sync()
        assert found(index, "confiance") == {societe, forum.ids["script"]}
        assert index.search("version").total == 1
    assert found(index, "version") == {societe}


def test_a_crash_before_the_index_commit_is_caught_up(tmp_path: Path, forum: Forum) -> None:
    with SearchIndex(forum.archive) as index:
        index.sync()
    # The catalog commits, then the process dies before any sync.
    update_items(forum.archive.db, [forum.ids["loose"]], caption="Le renard et le hérisson.")
    with SearchIndex(forum.archive) as reopened:
        assert found(reopened, "hérisson") == {forum.ids["loose"]}
        assert found(reopened, "esquisse") == set()


def test_a_crash_between_the_index_commit_and_the_state_file(
    forum: Forum, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SearchIndex(forum.archive) as index:
        index.sync()
        update_items(forum.archive.db, [forum.ids["loose"]], caption="Le renard et le hérisson.")

        def crash(*args: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(index, "_write_state", crash)
        with pytest.raises(KeyboardInterrupt):
            index.sync()
    monkeypatch.undo()
    assert _state(forum)["seq"] < forum.archive.change_seq()
    with SearchIndex(forum.archive) as reopened:
        assert reopened.sync() == 1  # indexed again: idempotent
        assert found(reopened, "hérisson") == {forum.ids["loose"]}
        assert reopened.search("renard").total == 1


@pytest.mark.parametrize(
    "damage",
    ["missing state", "old version", "garbage state", "missing folder", "garbage index"],
)
def test_a_damaged_index_is_rebuilt(forum: Forum, damage: str) -> None:
    with SearchIndex(forum.archive) as index:
        index.sync()
    root = cache_folder(forum.archive)
    state = _state(forum)
    folder = root / str(state["dir"])
    if damage == "missing state":
        (root / STATE_NAME).unlink()
    elif damage == "old version":
        (root / STATE_NAME).write_text(json.dumps({**state, "version": 0}))
    elif damage == "garbage state":
        (root / STATE_NAME).write_bytes(b"\x00\xff{not json")
    elif damage == "missing folder":
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    else:
        for path in folder.iterdir():
            if path.suffix == ".seg" or path.name.endswith(".toc"):
                path.write_bytes(b"garbage" * 10)
    with SearchIndex(forum.archive) as index:
        assert found(index, "confiance") == {forum.ids["societe"], forum.ids["script"]}
    assert _state(forum)["dir"] != state["dir"] or damage == "missing state"
    assert [p.name for p in root.iterdir() if p.is_dir()] == [_state(forum)["dir"]]


def test_a_catalog_restored_from_a_backup_rebuilds(forum: Forum, index: SearchIndex) -> None:
    index.sync()
    with forum.archive.db.transaction() as conn:
        conn.execute("UPDATE meta SET value = 1 WHERE key = 'change_seq'")
    assert found(index, "confiance") == {forum.ids["societe"], forum.ids["script"]}
    assert _state(forum)["seq"] == 1


def test_rebuild_reports_progress(forum: Forum, index: SearchIndex) -> None:
    seen: list[tuple[int, int]] = []
    assert index.rebuild(progress=lambda done, total: seen.append((done, total))) == 6
    assert seen[0] == (0, 6)
    assert seen[-1] == (6, 6)


def test_a_cancelled_rebuild_keeps_the_old_index(forum: Forum, index: SearchIndex) -> None:
    index.sync()
    before = _state(forum)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        index.rebuild(cancel=cancel)
    assert _state(forum) == before
    assert found(index, "confiance") == {forum.ids["societe"], forum.ids["script"]}
    dirs = [p.name for p in cache_folder(forum.archive).iterdir() if p.is_dir()]
    assert dirs == [before["dir"]]


def test_a_leftover_whoosh_lock_file_does_not_block(forum: Forum) -> None:
    # Whoosh's WRITELOCK is an flock the OS releases when its holder dies; the file itself
    # may stay behind and must not stop the next writer (nor be deleted by us).
    with SearchIndex(forum.archive) as index:
        index.sync()
    folder = cache_folder(forum.archive) / str(_state(forum)["dir"])
    lock = folder / "MAIN_WRITELOCK"
    lock.write_text("")
    update_items(forum.archive.db, [forum.ids["loose"]], caption="Un castor.")
    with SearchIndex(forum.archive) as index:
        assert index.sync() == 1
        assert found(index, "castor") == {forum.ids["loose"]}
    assert lock.exists()


def test_searching_never_waits_for_a_writer(forum: Forum, index: SearchIndex) -> None:
    index.sync()
    update_items(forum.archive.db, [forum.ids["loose"]], caption="Une loutre.")
    inside = threading.Event()
    release = threading.Event()

    def slow_progress(done: int, total: int) -> None:
        inside.set()
        release.wait(10)

    writer = threading.Thread(target=lambda: index.sync(progress=slow_progress))
    writer.start()
    try:
        assert inside.wait(10)
        # The writer holds the index; a search answers from the last commit, and says so.
        results = index.search("loutre")
        assert results.stale
        assert results.total == 0
        assert index.search("confiance").total == 2
    finally:
        release.set()
        writer.join(10)
    assert found(index, "loutre") == {forum.ids["loose"]}
    assert not index.search("loutre").stale


def test_indexing_never_waits_for_the_archive_connection(forum: Forum) -> None:
    # The desktop app holds the archive's connection (and its lock) for its own work; the
    # index reads the catalog through its own connection, so a sync in a thread goes on.
    # It reads the last commit: a write still in progress is left to the next sync.
    db = forum.archive.db
    loose, ecologie = forum.ids["loose"], forum.ids["ecologie"]
    with SearchIndex(forum.archive) as index:
        index.sync()
        update_items(db, [loose], caption="Une loutre.")
        synced: list[int] = []
        with db.transaction():
            update_items(db, [ecologie], caption="Un castor.")  # not committed yet
            writer = threading.Thread(target=lambda: synced.append(index.sync()))
            writer.start()
            writer.join(30)
            finished = not writer.is_alive()
        writer.join()
        assert finished, "the sync waited for the archive's connection"
        assert synced == [1]
        assert index.sync() == 1  # the castor, committed since
        assert found(index, "loutre") == {loose}
        assert found(index, "castor") == {ecologie}


def test_the_app_uses_its_connection_while_the_index_reads(forum: Forum) -> None:
    db = forum.archive.db
    loose = forum.ids["loose"]
    with SearchIndex(forum.archive) as index:
        index.sync()
        update_items(db, [loose], caption="Une loutre.")
        inside = threading.Event()
        release = threading.Event()

        def paused(done: int, total: int) -> None:
            inside.set()
            release.wait(10)

        writer = threading.Thread(target=lambda: index.sync(progress=paused))
        writer.start()
        try:
            assert inside.wait(10)
            # The sync is half-way through its read of the catalog.
            assert db.scalar("SELECT count(*) FROM items") == len(forum.ids)
            update_items(db, [loose], caption="Un castor.")
        finally:
            release.set()
            writer.join(10)
        assert not writer.is_alive()
        # The next sync sees what was committed during the last one.
        assert index.sync() == 1
        assert found(index, "castor") == {loose}
        assert found(index, "loutre") == set()


def test_read_only_archive_keeps_its_index_in_the_cache(forum: Forum) -> None:
    root = forum.archive.root
    with Archive.open(root, readonly=True) as readonly, SearchIndex(readonly) as index:
        assert found(index, "confiance") == {forum.ids["societe"], forum.ids["script"]}
        assert not index.is_temporary
        # It follows the catalog the writer changes.
        update_items(forum.archive.db, [forum.ids["loose"]], caption="Une loutre.")
        assert found(index, "loutre") == {forum.ids["loose"]}
        assert not index.search("loutre").stale
    assert not (root / "index").exists()
    seq = _state(forum)["seq"]
    assert seq == forum.archive.change_seq()
    # The next reader, or the writer, finds it there: nothing to build again.
    with SearchIndex(forum.archive) as index:
        assert index.sync() == 0
        assert found(index, "loutre") == {forum.ids["loose"]}


def test_a_search_never_waits_for_another_process_writing_the_index(forum: Forum) -> None:
    with SearchIndex(forum.archive) as index:
        index.sync()
    update_items(forum.archive.db, [forum.ids["loose"]], caption="Une loutre.")
    trash_items(forum.archive.db, [forum.ids["societe"]])
    # Another process is writing the index: it holds the folder's lock.
    fd = os.open(cache_folder(forum.archive) / LOCK_NAME, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with Archive.open(forum.archive.root, readonly=True) as readonly:
            with SearchIndex(readonly) as index:
                results = index.search("confiance")
                assert results.stale
                assert [h.id for h in results.hits] == [forum.ids["script"]]  # trashed: hidden
                assert index.matching_ids("confiance") == {forum.ids["script"]}
                assert index.search("loutre").total == 0  # not indexed yet
            with SearchIndex(readonly) as index:
                cancel = threading.Event()
                threading.Timer(0.2, cancel.set).start()
                with pytest.raises(Cancelled):  # a sync waits for its turn, or a cancel
                    index.sync(cancel=cancel)
    finally:
        os.close(fd)
    with (
        Archive.open(forum.archive.root, readonly=True) as readonly,
        SearchIndex(readonly) as index,
    ):
        assert index.sync() == 1  # its turn came: the loutre (the trashed item only goes)
        assert found(index, "loutre") == {forum.ids["loose"]}


def test_a_catalog_without_identity_is_searched_through_a_temporary_index(
    tmp_path: Path, user_cache: Path
) -> None:
    # An archive from a Carnet that gave archives no id, opened read-only (not migrated).
    root = tmp_path / "Old.carnet"
    root.mkdir()
    db = Database(root / "catalog.sqlite")
    migrate(db)
    with db.transaction() as conn:
        conn.execute("DROP TABLE archive_identity")
        conn.execute("DROP TABLE lineages")
        conn.execute(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " caption) VALUES ('ab', 'a.jpg', '/x', 'jpeg', 1, '2016', 'Une loutre.')"
        )
    with Archive.open(root, readonly=True) as readonly:
        index = SearchIndex(readonly)
        assert index.matching_ids("loutre") == {1}
        assert index.is_temporary
        folder = index.folder
        assert folder is not None and folder.is_dir()
        with db.transaction() as conn:
            conn.execute("UPDATE items SET caption = 'Un castor.'")
        assert index.matching_ids("castor") == {1}
        index.close()
    db.close()
    assert not folder.exists()
    assert list(user_cache.rglob("state.json")) == []
    assert sorted(p.name for p in root.iterdir()) == ["catalog.sqlite", *_wal_files(root)]


def _wal_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("catalog.sqlite-"))


def test_an_index_failing_in_use_is_rebuilt(
    forum: Forum, index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carnet.search import engine

    index.sync()
    before = _state(forum)["dir"]
    original = engine.Run.matches
    calls = []

    def broken_once(self: engine.Run, q: object) -> object:
        calls.append(q)
        if len(calls) == 1:
            raise OSError("unexpected end of a segment file")
        return original(self, q)

    monkeypatch.setattr(engine.Run, "matches", broken_once)
    assert index.matching_ids("confiance") == {forum.ids["societe"], forum.ids["script"]}
    assert _state(forum)["dir"] != before


def test_two_indexes_of_one_archive_agree(forum: Forum) -> None:
    with SearchIndex(forum.archive) as first, SearchIndex(forum.archive) as second:
        first.sync()
        second.sync()
        first.rebuild()  # second still has the old folder open
        update_items(forum.archive.db, [forum.ids["loose"]], caption="Un blaireau.")
        assert second.sync() == 1
        assert found(first, "blaireau") == {forum.ids["loose"]}
        assert found(second, "blaireau") == {forum.ids["loose"]}
    dirs = [p.name for p in cache_folder(forum.archive).iterdir() if p.is_dir()]
    assert dirs == [_state(forum)["dir"]]


def test_an_archive_without_items_can_be_indexed_and_searched(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "empty.carnet") as archive, SearchIndex(archive) as index:
        assert index.sync() == 0
        assert index.search("société").total == 0
        assert index.matching_ids("société") == set()


def test_a_search_beside_the_warm_up_counts_the_same_and_close_stops_it(forum: Forum) -> None:
    with SearchIndex(forum.archive) as index:
        index.sync()  # opens the index: the warm-up starts in the background
        first = index.search("confiance", facets=True)
        for thread in threading.enumerate():
            if thread.name == "carnet-search-warm-up":
                thread.join(10)
        again = index.search("confiance", facets=True)
        assert first.facets == again.facets
        assert [v.count for v in first.facets["event"]] == [2]
        update_items(forum.archive.db, [forum.ids["loose"]], caption="Une loutre.")
        index.sync()  # a new segment: warmed up in turn
    assert not [t for t in threading.enumerate() if t.name == "carnet-search-warm-up"]
