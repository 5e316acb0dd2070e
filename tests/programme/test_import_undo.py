"""An import's undo puts the catalog back as it was, and its redo as the import left it,
with the same session and person ids."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.curation import restore_snapshot
from carnet.catalog.events import add_event, get_event
from carnet.catalog.programmes import undo_import
from carnet.programme.model import Programme, SessionRecord
from carnet.programme.store import import_programme, match_event
from tests.archives import catalog_item

PARIS = ZoneInfo("Europe/Paris")


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2016, 9, 29, hour, minute, tzinfo=PARIS)


FIRST = Programme(
    [
        SessionRecord("Ouverture", _at(9), _at(10), room="Amphi", speakers=["Ada"], uid="s1"),
        SessionRecord("Communs", _at(10), _at(11), room="Salle A", speakers=["Elinor"]),
        SessionRecord("Clôture", _at(17), _at(18), room="Amphi"),
    ]
)
SECOND = Programme(
    [
        # Updated: new title and room, a speaker added before the old one.
        SessionRecord(
            "Ouverture (révisé)",
            _at(9),
            _at(10),
            room="Salle B",
            speakers=[
                "Grace",
                "Ada",
            ],
            uid="s1",
        ),
        # Only its speakers change (Elinor goes, a new person comes).
        SessionRecord("Communs", _at(10), _at(11), room="Salle A", speakers=["Hedy"]),
        SessionRecord("Clôture", _at(17), _at(18), room="Amphi"),  # unchanged
        SessionRecord("Atelier", _at(14), _at(15), room="Salle C", speakers=["Grace", "Ada"]),
        SessionRecord("Table ronde", _at(15), _at(16), speakers=["Katherine"]),
    ]
)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arch = Archive.create(tmp_path / "a.carnet")
    add_event(arch.db, slug="forum", name="Forum", timezone="Europe/Paris")
    yield arch
    arch.close()


def _state(archive: Archive) -> dict[str, list[tuple[object, ...]]]:
    tables = {
        "sessions": "SELECT * FROM sessions ORDER BY id",
        "session_speakers": "SELECT * FROM session_speakers ORDER BY session_id, position",
        "people": "SELECT id, name FROM people ORDER BY id",
        "event_people": "SELECT * FROM event_people ORDER BY event_id, person_id, role",
        "items": "SELECT id, event_id, session_id, session_source FROM items ORDER BY id",
    }
    return {name: [tuple(r) for r in archive.db.query(sql)] for name, sql in tables.items()}


def test_undo_puts_back_what_the_import_changed_and_redo_gives_the_same_ids(
    archive: Archive,
) -> None:
    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, FIRST)
    catalog_item(archive, 1, "2016-09-29T14:20:00")  # during "Atelier", once it is added
    before = _state(archive)

    summary = import_programme(archive.db, event, SECOND)
    assert (summary.added, summary.updated, summary.unchanged) == (2, 1, 2)
    changes = summary.changes
    assert changes is not None and len(changes.added) == 2
    assert len(changes.updated) == 2  # Ouverture (values, speakers), Communs (speakers)
    match_event(archive.db, event)  # a match the undo must take back with the session
    after = _state(archive)
    assert after["items"][0][2] in changes.added

    redo = undo_import(archive.db, changes)
    # The drawing keeps the event matching gave it, without a session (as when a session
    # is deleted); everything else is as before the import.
    assert _state(archive)["items"] == [(1, event.id, None, None)]
    before["items"] = [(1, event.id, None, None)]
    assert _state(archive) == before

    restore_snapshot(archive.db, redo)
    assert _state(archive) == after

    # And again: the undo after a redo starts from the same catalog.
    redo = undo_import(archive.db, changes)
    assert _state(archive) == before
    restore_snapshot(archive.db, redo)
    assert _state(archive) == after


def test_undo_keeps_people_something_else_now_uses(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    summary = import_programme(archive.db, event, FIRST)
    assert summary.changes is not None
    with archive.db.transaction() as conn:  # Ada also drew something
        item = catalog_item(archive, 2, "2016-09-29T09:10:00")
        conn.execute(
            "INSERT INTO item_people (item_id, person_id, role)"
            " SELECT ?, id, 'illustrator' FROM people WHERE name = 'Ada'",
            (item,),
        )
    undo_import(archive.db, summary.changes)
    assert [tuple(r) for r in archive.db.query("SELECT name FROM people")] == [("Ada",)]
    assert archive.db.query("SELECT * FROM sessions") == []


def test_an_unchanged_reimport_has_nothing_to_undo(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, FIRST)
    before = _state(archive)
    summary = import_programme(archive.db, event, FIRST)
    assert summary.changes is not None
    assert summary.changes.added == [] and summary.changes.updated == []
    assert summary.changes.roles == []
    undo_import(archive.db, summary.changes)
    assert _state(archive) == before
