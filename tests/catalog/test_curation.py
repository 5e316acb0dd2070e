"""Editing and deleting events, renaming, merging and deleting people and tags: every item
follows, bad input is refused, and each snapshot restores the catalog exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.coverage import coverage, coverage_csv, illustrators_of_event
from carnet.catalog.curation import (
    delete_event,
    delete_person,
    delete_tag,
    event_footprint,
    merge_people,
    merge_tags,
    rename_person,
    rename_tag,
    restore_snapshot,
    update_event,
)
from carnet.catalog.database import Database
from carnet.catalog.events import add_event, add_role, get_event, list_events, person_id
from carnet.catalog.items import add_people, add_tags
from carnet.errors import InvalidValue, NotFound

TABLES = (
    "events",
    "sessions",
    "session_speakers",
    "event_people",
    "people",
    "item_people",
    "tags",
    "item_tags",
    "import_batches",
    "session_order",
)


def _state(db: Database) -> dict[str, Any]:
    state: dict[str, Any] = {t: sorted(map(tuple, db.query(f"SELECT * FROM {t}"))) for t in TABLES}
    state["items"] = sorted(
        map(tuple, db.query("SELECT id, event_id, session_id, session_source FROM items"))
    )
    return state


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive.create(tmp_path / "A.carnet")
    add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
    add_event(archive.db, slug="autre", name="Autre", timezone="UTC")
    with archive.db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (event_id, title, start, end) VALUES"
            " (1, 'Ouverture', '2016-09-29T10:00:00+02:00', '2016-09-29T11:00:00+02:00')"
        )
        conn.executemany(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " event_id, session_id, session_source) VALUES (?, ?, '/x', 'jpeg', 1, 'now', ?,"
            " ?, ?)",
            [
                ("a" * 64, "a.jpg", 1, 1, "manual"),
                ("b" * 64, "b.jpg", 1, None, None),
                ("c" * 64, "c.jpg", 2, None, None),
            ],
        )
        conn.execute("INSERT INTO import_batches (started_at, event_id) VALUES ('2016-01-01', 1)")
        conn.execute("INSERT INTO session_order (session_id, item_id, position) VALUES (1, 1, 0)")
        conn.execute("UPDATE sessions SET cover_item_id = 1")
        conn.execute("UPDATE events SET cover_item_id = 2 WHERE id = 1")
        pid = person_id(conn, "Ada")
        conn.execute("INSERT INTO session_speakers (session_id, person_id) VALUES (1, ?)", (pid,))
        add_role(conn, 1, pid, "speaker")
        add_people(conn, [1, 2], ["Zoé Dupont"], "illustrator")
        add_people(conn, [2, 3], ["Zoe Dupont"], "illustrator")
        add_tags(conn, [1], ["thème/communs", "travail"])
        add_tags(conn, [2], ["theme/communs/eau"])
    return archive


def test_edit_event_and_refusals(archive: Archive) -> None:
    db = archive.db
    event = get_event(db, "forum")
    fields: dict[str, Any] = dict(
        slug="forum-2016",
        name=" Forum 2016 ",
        timezone="America/Montreal",
        language="fr",
        place="Montréal",
        start_date=date(2016, 9, 29),
        end_date=date(2016, 9, 30),
        licence="CC-BY-SA-4.0",
    )
    edited = update_event(db, event.id, **fields)
    assert (edited.slug, edited.name, edited.timezone, edited.place) == (
        "forum-2016",
        "Forum 2016",
        "America/Montreal",
        "Montréal",
    )
    assert edited.start_date == "2016-09-29"
    for bad in (
        {"slug": "autre"},
        {"slug": "Pas Bon"},
        {"name": " "},
        {"timezone": "Mars/Olympus"},
        {"language": "de"},
        {"end_date": date(2016, 9, 1)},
    ):
        with pytest.raises(InvalidValue):
            update_event(db, event.id, **{**fields, **bad})
    assert get_event(db, "forum-2016") == edited
    with pytest.raises(NotFound):
        update_event(db, 99, **fields)


def test_delete_event_keeps_items_and_restores_exactly(archive: Archive) -> None:
    db = archive.db
    before = _state(db)
    assert event_footprint(db, 1).sessions == 1
    assert event_footprint(db, 1).matched == 1
    assert event_footprint(db, 1).items == 2
    snap = delete_event(db, 1)
    assert [e.slug for e in list_events(db)] == ["autre"]
    assert db.scalar("SELECT count(*) FROM items") == 3
    assert db.scalar("SELECT count(*) FROM items WHERE event_id IS NOT NULL") == 1
    assert db.scalar("SELECT count(*) FROM sessions") == 0
    restore_snapshot(db, snap)
    assert _state(db) == before
    with pytest.raises(NotFound):
        delete_event(db, 99)


def test_rename_and_merge_people(archive: Archive) -> None:
    db = archive.db
    before = _state(db)
    snap = rename_person(db, "zoé dupont", "Zoé Dupont-Martin")
    assert db.scalar("SELECT count(*) FROM people WHERE name = 'Zoé Dupont-Martin'") == 1
    restore_snapshot(db, snap)
    assert _state(db) == before
    with pytest.raises(InvalidValue):
        rename_person(db, "Zoé Dupont", "zoe dupont")
    with pytest.raises(NotFound):
        rename_person(db, "Personne", "X")
    with pytest.raises(InvalidValue):
        rename_person(db, "Ada", "  ")

    snap = merge_people(db, "Zoe Dupont", "Zoé Dupont")
    credited = db.query(
        "SELECT ip.item_id FROM item_people ip JOIN people p ON p.id = ip.person_id"
        " WHERE p.name = 'Zoé Dupont' ORDER BY 1"
    )
    assert [r[0] for r in credited] == [1, 2, 3]
    assert db.scalar("SELECT count(*) FROM people WHERE name = 'Zoe Dupont'") == 0
    restore_snapshot(db, snap)
    assert _state(db) == before
    with pytest.raises(InvalidValue):
        merge_people(db, "Ada", "ada")


def test_delete_unused_person_only(archive: Archive) -> None:
    db = archive.db
    with pytest.raises(InvalidValue):
        delete_person(db, "Ada")
    with db.transaction() as conn:
        add_role(conn, 2, person_id(conn, "Nobody"), "facilitator")
    before = _state(db)
    snap = delete_person(db, "Nobody")
    assert db.scalar("SELECT count(*) FROM people WHERE name = 'Nobody'") == 0
    restore_snapshot(db, snap)
    assert _state(db) == before


def test_rename_merge_delete_tags(archive: Archive) -> None:
    db = archive.db
    before = _state(db)

    def tags_of(item: int) -> list[str]:
        return [
            str(r[0])
            for r in db.query(
                "SELECT t.path FROM tags t JOIN item_tags it ON it.tag_id = t.id"
                " WHERE it.item_id = ? ORDER BY 1",
                (item,),
            )
        ]

    snap = rename_tag(db, "theme", "sujet")
    assert tags_of(2) == ["sujet/communs/eau"]
    assert db.scalar("SELECT count(*) FROM tags WHERE path LIKE 'theme%'") == 0
    restore_snapshot(db, snap)
    assert _state(db) == before
    with pytest.raises(InvalidValue):
        rename_tag(db, "theme", "travail")
    with pytest.raises(InvalidValue):
        rename_tag(db, "theme", "theme/sous")
    with pytest.raises(NotFound):
        rename_tag(db, "absent", "x")

    snap = merge_tags(db, "theme", "thème")
    assert tags_of(1) == ["thème/communs", "travail"]
    assert tags_of(2) == ["thème/communs/eau"]
    restore_snapshot(db, snap)
    assert _state(db) == before
    with pytest.raises(NotFound):
        merge_tags(db, "theme", "absent")

    with pytest.raises(InvalidValue):
        delete_tag(db, "travail")
    with db.transaction() as conn:
        conn.execute(
            "DELETE FROM item_tags WHERE tag_id = (SELECT id FROM tags WHERE path = 'travail')"
        )
    before = _state(db)
    snap = delete_tag(db, "travail")
    assert db.scalar("SELECT count(*) FROM tags WHERE path = 'travail'") == 0
    restore_snapshot(db, snap)
    assert _state(db) == before


def test_coverage_per_illustrator_and_as_csv(archive: Archive) -> None:
    db = archive.db
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (event_id, title, start, end) VALUES"
            " (1, '=HYPERLINK(1)', '2016-09-29T12:00:00+02:00', '2016-09-29T13:00:00+02:00')"
        )
        conn.execute("UPDATE items SET session_id = 2 WHERE id = 2")
    assert [r.count for r in coverage(db, 1)] == [1, 1]
    assert [r.count for r in coverage(db, 1, "zoe dupont")] == [0, 1]
    assert [r.count for r in coverage(db, 1, "Personne")] == [0, 0]
    assert illustrators_of_event(db, 1) == ["Zoe Dupont", "Zoé Dupont"]
    lines = coverage_csv(coverage(db, 1)).splitlines()
    assert lines[0] == "session_id,start,end,title,track,room,items"
    assert lines[2].split(",")[3] == "'=HYPERLINK(1)"
    with pytest.raises(NotFound):
        coverage(db, 99)
