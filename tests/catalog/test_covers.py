"""Covers of events and sessions, and the hand-set order of a session's drawings."""

from __future__ import annotations

from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.browse import ItemFilter, item_ids
from carnet.catalog.covers import (
    event_cover,
    hand_order,
    named_covers,
    session_cover,
    session_item_ids,
    set_event_cover,
    set_session_cover,
    set_session_order,
)
from carnet.catalog.database import Database
from carnet.catalog.events import add_event
from carnet.catalog.items import set_session
from carnet.catalog.migrations import MIGRATIONS, migrate
from carnet.catalog.trash import empty_trash, restore_items, trash_items
from carnet.errors import InvalidValue, NotFound


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive.create(tmp_path / "A.carnet")
    add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
    with archive.db.transaction() as conn:
        conn.executemany(
            "INSERT INTO sessions (event_id, title, start, end) VALUES (1, ?, ?, ?)",
            [
                ("Ouverture", "2016-09-29T10:00:00+02:00", "2016-09-29T11:00:00+02:00"),
                ("Clôture", "2016-09-29T17:00:00+02:00", "2016-09-29T18:00:00+02:00"),
            ],
        )
        # Items 1-3 in the closing session (2), 4-5 in the opening one (1), 6 in none.
        conn.executemany(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " captured_at, event_id, session_id) VALUES (?, 'f.jpg', '/x', 'jpeg', 1,"
            " '2016-01-01', ?, 1, ?)",
            [
                (f"{i:064x}", f"2016-09-29T1{9 - i}:00:00", session)
                for i, session in enumerate([2, 2, 2, 1, 1, None], start=1)
            ],
        )
    return archive


def test_order_is_hand_set_then_capture_time(archive: Archive) -> None:
    db = archive.db
    assert session_item_ids(db, 2) == [3, 2, 1]
    set_session_order(db, 2, [1])
    assert session_item_ids(db, 2) == [1, 3, 2]
    assert item_ids(db, ItemFilter("session", 2)) == [1, 3, 2]
    assert hand_order(db, 2) == [1]
    set_session_order(db, 2, [2, 1, 3])
    assert session_item_ids(db, 2) == [2, 1, 3]
    # A drawing moved to another session leaves the order behind.
    set_session(db, [1], 1, source="manual")
    assert session_item_ids(db, 2) == [2, 3]
    assert 1 in session_item_ids(db, 1)
    set_session_order(db, 2, [])
    assert session_item_ids(db, 2) == [3, 2]


def test_order_refuses_strangers_and_repeats(archive: Archive) -> None:
    db = archive.db
    with pytest.raises(InvalidValue, match="not a drawing of this session"):
        set_session_order(db, 2, [4])
    with pytest.raises(InvalidValue, match="only one place"):
        set_session_order(db, 2, [1, 1])
    with pytest.raises(NotFound):
        set_session_order(db, 99, [1])
    assert hand_order(db, 2) == []
    set_session_order(db, 2, [4, 1, 1], strict=False)
    assert hand_order(db, 2) == [1]


def test_session_cover_falls_back_when_trashed_or_moved(archive: Archive) -> None:
    db = archive.db
    assert session_cover(db, 2) == 3
    set_session_cover(db, 2, 1)
    assert session_cover(db, 2) == 1
    trash_items(db, [1])
    assert session_cover(db, 2) == 3
    restore_items(db, [1])
    assert session_cover(db, 2) == 1
    set_session(db, [1], 1, source="manual")
    assert session_cover(db, 2) == 3
    assert named_covers(db, 1) == (None, {})
    with pytest.raises(InvalidValue, match="not a drawing of this session"):
        set_session_cover(db, 2, 4)
    set_session_cover(db, 2, None)
    assert session_cover(db, 2) == 3


def test_event_cover_defaults_to_first_drawing_of_first_session(archive: Archive) -> None:
    db = archive.db
    assert event_cover(db, 1) == 5
    set_session_order(db, 1, [4])
    assert event_cover(db, 1) == 4
    set_event_cover(db, 1, 2)
    assert event_cover(db, 1) == 2
    assert named_covers(db, 1) == (2, {})
    with pytest.raises(InvalidValue, match="not a drawing of this event"):
        set_event_cover(db, 1, 99)
    # Deleted for good: SQLite clears the reference, the default comes back.
    trash_items(db, [2])
    assert event_cover(db, 1) == 4
    empty_trash(archive)
    assert db.scalar("SELECT cover_item_id FROM events WHERE id = 1") is None
    set_event_cover(db, 1, 2, strict=False)
    assert event_cover(db, 1) == 4
    set_event_cover(db, 1, None)
    assert event_cover(db, 1) == 4


def _one_drawing_before(path: Path, migration: str) -> tuple[Database, int]:
    """A catalog at the version before the migration whose name starts with ``migration``,
    with an event, a session and a drawing in it; and the migration's number."""
    number = next(m.number for m in MIGRATIONS if m.name.startswith(migration))
    db = Database(path / "catalog.sqlite")
    migrate(db, target=number - 1)
    with db.transaction() as conn:
        conn.execute("INSERT INTO events (slug, name) VALUES ('f', 'F')")
        conn.execute(
            "INSERT INTO sessions (event_id, title, start, end) VALUES"
            " (1, 'S', '2016-09-29T10:00:00+00:00', '2016-09-29T11:00:00+00:00')"
        )
        conn.execute(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " captured_at, event_id, session_id) VALUES (?, 'f.jpg', '/x', 'jpeg', 1,"
            " '2016-01-01', '2016-09-29T10:10:00', 1, 1)",
            ("0" * 64,),
        )
    return db, number


def test_migration_from_the_version_before(tmp_path: Path) -> None:
    db, number = _one_drawing_before(tmp_path, "covers and the order of drawings in a session")
    assert migrate(db, target=number) == [number]
    assert event_cover(db, 1) == 1 and session_cover(db, 1) == 1
    assert session_item_ids(db, 1) == [1]
    set_session_order(db, 1, [1])
    set_session_cover(db, 1, 1)
    set_event_cover(db, 1, 1)
    with db.transaction() as conn:
        conn.execute("DELETE FROM items")
    assert db.scalar("SELECT cover_item_id FROM sessions") is None
    assert db.scalar("SELECT cover_item_id FROM events") is None
    assert db.scalar("SELECT count(*) FROM session_order") == 0
    db.close()


def _counter(archive: Archive) -> tuple[int, int]:
    row = archive.db.query_one(
        "SELECT (SELECT value FROM meta WHERE key = 'change_seq'),"
        " (SELECT value FROM meta WHERE key = 'changed_at')"
    )
    assert row is not None
    return int(row[0]), int(row[1])


def test_covers_and_order_advance_the_change_counter(archive: Archive) -> None:
    db = archive.db
    with db.transaction() as conn:  # an old date, to see ``changed_at`` move as well
        conn.execute("UPDATE meta SET value = 1000 WHERE key = 'changed_at'")
    writes = [
        lambda: set_session_cover(db, 2, 1),
        lambda: set_session_cover(db, 2, None),
        lambda: set_event_cover(db, 1, 4),
        lambda: set_event_cover(db, 1, None),
        lambda: set_session_order(db, 2, [1, 2]),
        lambda: set_session_order(db, 2, [2]),
        lambda: set_session_order(db, 2, []),
    ]
    for write in writes:
        seq, _ = _counter(archive)
        write()
        after, at = _counter(archive)
        assert after > seq and at > 1000
    # Writes that change nothing leave it where it is.
    set_session_order(db, 2, [1])
    set_session_cover(db, 2, 3)
    set_event_cover(db, 1, 5)
    seq = _counter(archive)
    set_session_order(db, 2, [1])
    set_session_cover(db, 2, 3)
    set_event_cover(db, 1, 5)
    assert _counter(archive) == seq


def test_a_cover_change_and_the_counter_share_one_transaction(archive: Archive) -> None:
    """A write that fails after setting a cover takes the counter back with it."""
    db = archive.db
    seq = _counter(archive)
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("UPDATE sessions SET cover_item_id = 1 WHERE id = 2")
        conn.execute("INSERT INTO session_order (session_id, item_id, position) VALUES (2, 1, 0)")
        assert (
            int(conn.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()[0])
            > seq[0]
        )
        raise RuntimeError("interrupted")
    assert _counter(archive) == seq
    assert session_cover(db, 2) == 3 and hand_order(db, 2) == []


def test_counter_migration_from_the_version_before(tmp_path: Path) -> None:
    db, number = _one_drawing_before(tmp_path, "covers and the order of drawings advance")
    with db.transaction() as conn:
        conn.execute("UPDATE sessions SET cover_item_id = 1")
        conn.execute("UPDATE events SET cover_item_id = 1")
    seq = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    assert migrate(db, target=number) == [number]
    assert db.scalar("SELECT value FROM meta WHERE key = 'change_seq'") == seq
    assert session_cover(db, 1) == 1 and event_cover(db, 1) == 1  # kept
    set_session_order(db, 1, [1])
    assert db.scalar("SELECT value FROM meta WHERE key = 'change_seq'") > seq
    with db.transaction() as conn:  # run again (as after a renumbering), it changes nothing
        next(m for m in MIGRATIONS if m.number == number).apply(conn)
    names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"events_cover_upd", "sessions_cover_upd", "session_order_ins"} <= names
