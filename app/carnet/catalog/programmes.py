"""The catalog side of a programme: an event's sessions read in bulk for an import, the
import's writes, what its undo and redo put back, and the rows matching reads and writes.

``programme/store.py`` decides (which record is which session, what changed); the SQL is
here. The reads return everything an import needs in a few statements, so that importing
grows linearly with the programme (``tests/programme/test_scale.py`` counts them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from carnet.catalog.curation import Row, Snapshot, _in, _rows
from carnet.catalog.database import Database

#: A session's values as an import compares and writes them, in this order.
SESSION_VALUES = ("title", "track", "room", "start", "end", "description", "uid")

Values = tuple[object, ...]


def event_session_values(conn: sqlite3.Connection, event_id: int) -> Iterator[tuple[int, Values]]:
    """Each session of the event with its ``SESSION_VALUES``, in one statement."""
    for row in conn.execute(
        f"SELECT id, {', '.join(SESSION_VALUES)} FROM sessions WHERE event_id = ?", (event_id,)
    ):
        yield int(row[0]), tuple(row[1:])


def event_session_speakers(conn: sqlite3.Connection, event_id: int) -> dict[int, list[int]]:
    """The speakers (person ids, in order) of each session of the event that has some."""
    speakers: dict[int, list[int]] = {}
    for session_id, person in conn.execute(
        "SELECT ss.session_id, ss.person_id FROM session_speakers ss"
        " JOIN sessions s ON s.id = ss.session_id WHERE s.event_id = ?"
        " ORDER BY ss.session_id, ss.position",
        (event_id,),
    ):
        speakers.setdefault(int(session_id), []).append(int(person))
    return speakers


def event_speaker_names(db: Database, event_id: int) -> dict[int, str]:
    """The name of each person who speaks in a session of the event, by person id."""
    return {
        int(row[0]): str(row[1])
        for row in db.query(
            "SELECT p.id, p.name FROM people p JOIN session_speakers ss ON ss.person_id = p.id"
            " JOIN sessions s ON s.id = ss.session_id WHERE s.event_id = ?",
            (event_id,),
        )
    }


def event_speakers(conn: sqlite3.Connection, event_id: int) -> set[int]:
    """The people who have the speaker role in the event."""
    return {
        int(row[0])
        for row in conn.execute(
            "SELECT person_id FROM event_people WHERE event_id = ? AND role = 'speaker'",
            (event_id,),
        )
    }


def last_person_id(conn: sqlite3.Connection) -> int:
    """The highest person id so far: people an import creates come after it."""
    row = conn.execute("SELECT max(id) FROM people").fetchone()
    return int(row[0] or 0) if row else 0


def insert_session_values(conn: sqlite3.Connection, event_id: int, values: Values) -> int:
    """Add a session of the event with ``SESSION_VALUES``; returns its id."""
    return int(
        conn.execute(
            "INSERT INTO sessions (title, track, room, start, end, description, uid,"
            " event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, event_id),
        ).lastrowid
        or 0
    )


def update_session_values(conn: sqlite3.Connection, session_id: int, values: Values) -> None:
    """Give a session new ``SESSION_VALUES``."""
    conn.execute(
        "UPDATE sessions SET title = ?, track = ?, room = ?, start = ?, end = ?,"
        " description = ?, uid = ? WHERE id = ?",
        (*values, session_id),
    )


def replace_session_speakers(
    conn: sqlite3.Connection, session_id: int, person_ids: Sequence[int]
) -> None:
    """Make ``person_ids`` the session's speakers, in this order."""
    conn.execute("DELETE FROM session_speakers WHERE session_id = ?", (session_id,))
    conn.executemany(
        "INSERT INTO session_speakers (session_id, person_id, position) VALUES (?, ?, ?)",
        [(session_id, pid, position) for position, pid in enumerate(person_ids)],
    )


# ------------------------------------------------------------------ undo and redo of an import


@dataclass
class ImportChanges:
    """What one import changed, for the window's undo: the sessions it added, the values
    and speakers it replaced (before), the people it created and gave the speaker role."""

    event_id: int
    added: list[int] = field(default_factory=list)
    values: dict[int, Values] = field(default_factory=dict)
    speakers: dict[int, list[int]] = field(default_factory=dict)
    roles: list[int] = field(default_factory=list)
    people_after: int = 0  # people with a higher id were created by the import

    @property
    def updated(self) -> list[int]:
        """The sessions that were there before and whose values or speakers changed."""
        return sorted({*self.values, *self.speakers})


def undo_import(db: Database, changes: ImportChanges) -> Snapshot:
    """Undo an import, in one transaction: its sessions deleted (their items keep their
    event, without a session), the sessions it updated given back their values and
    speakers, the speaker roles and the people it created (when nothing else uses them)
    removed. Returns what ``restore_snapshot`` needs to do the import again, with the same
    session and person ids (later edits on the undo stack name them)."""
    added, updated = changes.added, changes.updated
    with db.transaction() as conn:
        created = [
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM people WHERE id > ? AND id NOT IN"
                " (SELECT person_id FROM item_people)",
                (changes.people_after,),
            )
        ]
        roles = _rows(
            conn,
            "event_people",
            f"event_id = ? AND role = 'speaker' AND person_id IN {_in(changes.roles)}",
            [changes.event_id],
        )
        redo = Snapshot(
            deletes=[("session_speakers", f"session_id IN {_in(updated)}", [])],
            rows=[
                ("people", _rows(conn, "people", f"id IN {_in(created)}", [])),
                ("event_people", roles),
                ("sessions", _rows(conn, "sessions", f"id IN {_in(added)}", [])),
                *_session_children(conn, [*added, *updated]),
            ],
            items=[
                (int(r[0]), r[1], r[2], r[3])
                for r in conn.execute(
                    "SELECT id, event_id, session_id, session_source FROM items"
                    f" WHERE session_id IN {_in(added)}"
                )
            ],
            updates=[
                (_UPDATE_VALUES, [*_current_values(conn, session_id), session_id])
                for session_id in changes.values
            ],
        )
        conn.execute(
            "UPDATE items SET session_id = NULL, session_source = NULL"
            f" WHERE session_id IN {_in(added)}"
        )
        conn.execute(f"DELETE FROM sessions WHERE id IN {_in(added)}")
        for session_id, values in changes.values.items():
            update_session_values(conn, session_id, values)
        for session_id, person_ids in changes.speakers.items():
            replace_session_speakers(conn, session_id, person_ids)
        conn.execute(
            "DELETE FROM event_people WHERE event_id = ? AND role = 'speaker'"
            f" AND person_id IN {_in(changes.roles)}",
            (changes.event_id,),
        )
        conn.execute(
            f"DELETE FROM people WHERE id IN {_in(created)}"
            " AND id NOT IN (SELECT person_id FROM session_speakers)"
            " AND id NOT IN (SELECT person_id FROM event_people)"
        )
    return redo


_UPDATE_VALUES = (
    "UPDATE sessions SET title = ?, track = ?, room = ?, start = ?, end = ?,"
    " description = ?, uid = ? WHERE id = ?"
)

#: Rows that hang from a session and go with it (as in ``catalog/sessions.py``).
_SESSION_CHILDREN = ("session_speakers", "session_order", "rejected_matches")


def _session_children(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[str, list[Row]]]:
    tables = {
        str(r[0])
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] in _SESSION_CHILDREN
    }
    return [
        (table, _rows(conn, table, f"session_id IN {_in(ids)}", []))
        for table in _SESSION_CHILDREN
        if table in tables
    ]


def _current_values(conn: sqlite3.Connection, session_id: int) -> list[object]:
    row = conn.execute(
        f"SELECT {', '.join(SESSION_VALUES)} FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    return list(row) if row is not None else []


# ------------------------------------------------------------------ matching


def sessions_to_match(
    db: Database, event_id: int, track: str | None = None, room: str | None = None
) -> list[sqlite3.Row]:
    """The event's sessions (id, start, end, title), of ``track`` and ``room`` when given."""
    return db.query(
        "SELECT s.id, s.start, s.end, s.title FROM sessions s WHERE s.event_id = ?"
        " AND (s.track = ? OR ? IS NULL) AND (s.room = ? OR ? IS NULL)",
        (event_id, track, track, room, room),
    )


def items_to_match(
    db: Database, event_id: int, *, unmatched_only: bool = False, illustrator: str | None = None
) -> list[sqlite3.Row]:
    """The items matching may tie to the event's sessions: not trashed, of the event or of
    none, whose session was not set by hand (only those with no session when
    ``unmatched_only``), drawn by ``illustrator`` when given. Each row has id,
    captured_at, capture_offset, camera_make, camera_model, session_id."""
    sql = (
        "SELECT i.id, i.captured_at, i.capture_offset, i.camera_make, i.camera_model,"
        " i.session_id FROM items i WHERE i.trashed_at IS NULL"
        " AND (i.event_id = ? OR i.event_id IS NULL)"
        " AND (i.session_source IS NULL OR i.session_source = 'auto')"
    )
    if unmatched_only:
        sql += " AND i.session_id IS NULL"
    params: list[object] = [event_id]
    if illustrator:
        sql += (
            " AND i.id IN (SELECT ip.item_id FROM item_people ip JOIN people p"
            " ON p.id = ip.person_id WHERE ip.role = 'illustrator' AND p.name = ?)"
        )
        params.append(" ".join(illustrator.split()))
    return db.query(sql, params)


def tie_automatically(db: Database, event_id: int, changes: Sequence[tuple[int, int]]) -> None:
    """Tie each (session, item) of ``changes`` as matching does (source ``auto``), in one
    transaction; the item joins the event."""
    with db.transaction() as conn:
        conn.executemany(
            "UPDATE items SET session_id = ?, session_source = 'auto', event_id = ? WHERE id = ?",
            [(session_id, event_id, item_id) for session_id, item_id in changes],
        )
