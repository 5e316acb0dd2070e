"""Browsing queries: id lists by filter and sort, grid rows, sidebar counts, session edits."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.browse import (
    ItemFilter,
    grid_rows,
    item_ids,
    items_by_ids,
    overview,
)
from carnet.catalog.events import add_event, list_sessions
from carnet.catalog.items import add_people, add_tags, set_session, update_items
from carnet.catalog.sessions import update_session
from carnet.errors import InvalidValue


def _items(archive: Archive, n: int) -> list[int]:
    with archive.db.transaction() as conn:
        conn.executemany(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " captured_at, title, event_id) VALUES (?, ?, '/x', 'jpeg', 1, ?, ?, ?, 1)",
            [
                (
                    f"{i:064x}",
                    f"f{i}.jpg",
                    f"2016-01-01T00:00:{59 - i:02d}",
                    f"2016-09-29T1{i}:00:00",
                    f"T{(7 * i) % n}",
                )
                for i in range(n)
            ],
        )
    return [int(r[0]) for r in archive.db.query("SELECT id FROM items ORDER BY id")]


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive.create(tmp_path / "A.carnet")
    add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
    with archive.db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (event_id, title, start, end) VALUES"
            " (1, 'Ouverture', '2016-09-29T10:00:00+02:00', '2016-09-29T11:00:00+02:00')"
        )
    return archive


def test_filters_and_sorts(archive: Archive) -> None:
    ids = _items(archive, 5)
    db = archive.db
    assert item_ids(db) == ids
    assert item_ids(db, sort="imported") == ids[::-1]
    assert [grid_rows(db, [i])[i].title for i in item_ids(db, sort="title")] == [
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
    ]
    set_session(db, ids[:2], 1, source="auto")
    update_items(db, ids[:3], published=True)
    with db.transaction() as conn:
        add_tags(conn, [ids[0]], ["theme/communs"])
        add_tags(conn, [ids[1]], ["theme"])
        add_tags(conn, [ids[2]], ["themes"])
        add_people(conn, [ids[3]], ["Elinor Ostrom"], "speaker")
    assert item_ids(db, ItemFilter("session", id=1)) == ids[:2]
    assert item_ids(db, ItemFilter("suggested")) == ids[:2]
    assert item_ids(db, ItemFilter("no-session")) == ids[2:]
    assert item_ids(db, ItemFilter("unpublished")) == ids[3:]
    assert item_ids(db, ItemFilter("tag", value="theme")) == ids[:2]
    assert item_ids(db, ItemFilter("person", id=1, value="speaker")) == [ids[3]]
    assert item_ids(db, ItemFilter("day", value="2016-09-29")) == ids
    with pytest.raises(InvalidValue):
        item_ids(db, ItemFilter("nope"))
    rows = grid_rows(db, [*ids[:2], 999])
    assert set(rows) == set(ids[:2]) and rows[ids[0]].session_source == "auto"
    assert [i.id for i in items_by_ids(db, ids[::-1])] == ids[::-1]

    view = overview(db)
    assert view.total == 5 and view.suggested == 2 and view.unpublished == 2
    assert view.events[0].days[0].sessions[0].count == 2
    assert ("theme/communs", 1) in view.tags
    assert view.people[0].name == "Elinor Ostrom"


def test_update_session_checks_times_and_sets_speakers(archive: Archive) -> None:
    db = archive.db
    update_session(db, 1, title=" Accueil ", room="Amphi", speakers=["Marie Curie"])
    session = list_sessions(db, 1)[0]
    assert (session.title, session.room, session.speakers) == ("Accueil", "Amphi", ["Marie Curie"])
    with pytest.raises(InvalidValue):
        update_session(db, 1, end=datetime.fromisoformat("2016-09-29T09:00:00+02:00"))
    with pytest.raises(InvalidValue):
        update_session(db, 1, title="  ")
    assert list_sessions(db, 1)[0].title == "Accueil"


def test_item_ids_reads_the_ids_without_holding_every_fetched_row(tmp_path: Path) -> None:
    """A refresh of a large archive reads its ids one row at a time: at its peak it holds
    little more than the list of ids (fetched rows, all at once, took four times that)."""
    import sys
    import tracemalloc

    with Archive.create(tmp_path / "A.carnet") as archive:
        with archive.db.transaction() as conn:
            conn.execute(
                "INSERT INTO events (id, slug, name, start_date, end_date, timezone)"
                " VALUES (1, 'e', 'E', '2016-09-29', '2016-09-29', 'UTC')"
            )
            conn.executemany(
                "INSERT INTO items (hash, original_name, original_path, format, size,"
                " imported_at, captured_at, title, event_id)"
                " VALUES (?, 'f.jpg', '/x', 'jpeg', 1, '2016', '2016', 't', 1)",
                ((f"{i:064x}",) for i in range(20_000)),
            )
        tracemalloc.start()
        try:
            ids = item_ids(archive.db)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        held = sys.getsizeof(ids) + sum(sys.getsizeof(i) for i in ids)
        assert len(ids) == 20_000
        assert peak < 2 * held
