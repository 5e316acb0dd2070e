"""Writes to sessions and to items' sessions that the desktop makes undoable.

``session_state`` reads what ``restore_session_state`` puts back (undoing a match or a
change of session); ``update_session`` is the programme editor's change of a session's
fields and speakers; ``add_session``, ``delete_session``, ``split_session`` and
``merge_sessions`` change the programme itself (the editor's buttons, ``carnet session``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from carnet.catalog.curation import Row, Snapshot, _in, _rows
from carnet.catalog.database import Database, chunked
from carnet.catalog.events import person_id
from carnet.catalog.items import set_session
from carnet.errors import InvalidValue, NotFound
from carnet.messages import Text


def session_state(db: Database, ids: Sequence[int]) -> dict[int, tuple[int | None, str | None]]:
    """Each item's (session_id, session_source), to undo a change of session."""
    state: dict[int, tuple[int | None, str | None]] = {}
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        for r in db.query(
            f"SELECT id, session_id, session_source FROM items WHERE id IN ({marks})", chunk
        ):
            state[int(r[0])] = (r[1], r[2])
    return state


def restore_session_state(db: Database, state: dict[int, tuple[int | None, str | None]]) -> None:
    """Give items back the sessions ``session_state`` read, in one transaction."""
    groups: dict[tuple[int | None, str | None], list[int]] = {}
    for item_id, before in state.items():
        groups.setdefault(before, []).append(item_id)
    with db.transaction():
        for (session_id, source), ids in groups.items():
            set_session(db, ids, session_id, source=source or "auto")


SESSION_FIELDS = ("title", "track", "room", "start", "end", "description")


def update_session(db: Database, session_id: int, **fields: Any) -> None:
    """Change a session's fields (the programme editor); times are aware ``datetime``s."""
    unknown = set(fields) - {*SESSION_FIELDS, "speakers"}
    if unknown:
        raise InvalidValue(
            Text("cannot set {fields} on a session", fields=", ".join(sorted(unknown)))
        )
    row = db.query_one("SELECT start, end, event_id FROM sessions WHERE id = ?", (session_id,))
    if row is None:
        raise NotFound(Text("no session with id {id}", id=session_id))
    start = fields.get("start", datetime.fromisoformat(row[0]))
    end = fields.get("end", datetime.fromisoformat(row[1]))
    if end <= start:
        raise InvalidValue(Text("a session ends after it starts"))
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("start", "end"):
            values[name] = value.isoformat()
        elif name == "title":
            title = " ".join(str(value or "").split())
            if not title:
                raise InvalidValue(Text("a session needs a title"))
            values[name] = title
        elif name != "speakers":
            values[name] = (str(value).strip() or None) if value is not None else None
    with db.transaction() as conn:
        if values:
            assignments = ", ".join(f"{name} = ?" for name in values)
            conn.execute(
                f"UPDATE sessions SET {assignments} WHERE id = ?", (*values.values(), session_id)
            )
        if "speakers" in fields:
            conn.execute("DELETE FROM session_speakers WHERE session_id = ?", (session_id,))
            for position, name in enumerate(fields["speakers"]):
                pid = person_id(conn, name)
                conn.execute(
                    "INSERT OR IGNORE INTO session_speakers (session_id, person_id, position)"
                    " VALUES (?, ?, ?)",
                    (session_id, pid, position),
                )
                conn.execute(
                    "INSERT OR IGNORE INTO event_people (event_id, person_id, role)"
                    " VALUES (?, ?, 'speaker')",
                    (row[2], pid),
                )


# ------------------------------------------------------------------ add, delete, split, merge
# Each destructive change returns a ``Snapshot`` (catalog/curation.py) that
# ``restore_snapshot`` puts back exactly: same session ids, same speakers, same items' ties.


def _session_row(conn: sqlite3.Connection, session_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    if row is None:
        raise NotFound(Text("no session with id {id}", id=session_id))
    return row


def _clean_title(title: str) -> str:
    cleaned = " ".join(str(title or "").split())
    if not cleaned:
        raise InvalidValue(Text("a session needs a title"))
    return cleaned


def add_session(
    db: Database,
    event_id: int,
    title: str,
    start: datetime,
    end: datetime,
    *,
    track: str | None = None,
    room: str | None = None,
    description: str | None = None,
    speakers: Sequence[str] = (),
    session_id: int | None = None,
) -> int:
    """Add a session to an event (times are aware ``datetime``s); returns its id.

    ``session_id`` gives it that id (the window's redo puts a session back under the id it
    had, which later edits on the undo stack name); by default the catalog picks one."""
    if end <= start:
        raise InvalidValue(Text("a session ends after it starts"))
    title = _clean_title(title)
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is None:
            raise NotFound(Text("no event with id {id}", id=event_id))
        session_id = int(
            conn.execute(
                "INSERT INTO sessions (id, event_id, title, track, room, start, end, description)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    event_id,
                    title,
                    (track or "").strip() or None,
                    (room or "").strip() or None,
                    start.isoformat(),
                    end.isoformat(),
                    (description or "").strip() or None,
                ),
            ).lastrowid
            or 0
        )
        if speakers:
            update_session(db, session_id, speakers=list(speakers))
    return session_id


def _children(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[str, list[Row]]]:
    """The rows that hang from these sessions and go with them: speakers, hand-set order."""
    where = f"session_id IN {_in(ids)}"
    return [
        (table, _rows(conn, table, where, []))
        for table in _SESSION_CHILDREN
        if _has_table(conn, table)
    ]


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        is not None
    )


def _ties(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, Any, Any, Any]]:
    return [
        (int(r[0]), r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT id, event_id, session_id, session_source FROM items"
            f" WHERE session_id IN {_in(ids)}"
        )
    ]


_SESSION_CHILDREN = ("session_speakers", "session_order", "rejected_matches")


def delete_session(db: Database, session_id: int) -> Snapshot:
    """Delete a session; its items stay in the event without a session."""
    with db.transaction() as conn:
        _session_row(conn, session_id)
        snap = Snapshot(
            rows=[
                ("sessions", _rows(conn, "sessions", "id = ?", [session_id])),
                *_children(conn, [session_id]),
            ],
            items=_ties(conn, [session_id]),
        )
        conn.execute(
            "UPDATE items SET session_id = NULL, session_source = NULL WHERE session_id = ?",
            (session_id,),
        )
        conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    return snap


def _captured(captured_at: str | None, offset: str | None, tz: tzinfo | None) -> datetime | None:
    if not captured_at:
        return None
    try:
        value = datetime.fromisoformat(captured_at + (offset or ""))
    except ValueError:
        try:
            value = datetime.fromisoformat(captured_at)
        except ValueError:
            return None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def split_session(
    db: Database, session_id: int, at: datetime, *, new_id: int | None = None
) -> tuple[int, Snapshot]:
    """Cut a session in two at ``at``: it ends there, and a copy (same title, track, room,
    description and speakers) runs from ``at`` to its old end. Its items captured at or
    after ``at`` go to the second part. Returns the new session's id and the undo.

    ``new_id`` gives the second part that id (a redo gives back the one it had)."""
    with db.transaction() as conn:
        row = _session_row(conn, session_id)
        start, end = datetime.fromisoformat(row["start"]), datetime.fromisoformat(row["end"])
        if not start < at < end:
            raise InvalidValue(
                Text(
                    "a session is split at a time inside it ({start} to {end})",
                    start=start.isoformat(" ", "minutes"),
                    end=end.isoformat(" ", "minutes"),
                )
            )
        ties = _ties(conn, [session_id])
        new_id = int(
            conn.execute(
                "INSERT INTO sessions (id, event_id, title, track, room, start, end, description)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_id,
                    row["event_id"],
                    row["title"],
                    row["track"],
                    row["room"],
                    at.isoformat(),
                    row["end"],
                    row["description"],
                ),
            ).lastrowid
            or 0
        )
        conn.execute("UPDATE sessions SET end = ? WHERE id = ?", (at.isoformat(), session_id))
        conn.execute(
            "INSERT INTO session_speakers (session_id, person_id, position)"
            " SELECT ?, person_id, position FROM session_speakers WHERE session_id = ?",
            (new_id, session_id),
        )
        later = [
            int(r[0])
            for r in conn.execute(
                "SELECT id, captured_at, capture_offset FROM items WHERE session_id = ?",
                (session_id,),
            )
            if (when := _captured(r[1], r[2], at.tzinfo)) is not None and when >= at
        ]
        conn.executemany(
            "UPDATE items SET session_id = ? WHERE id = ?", [(new_id, i) for i in later]
        )
    snap = Snapshot(
        deletes=[("sessions", "id = ?", [new_id])],
        items=ties,
        updates=[("UPDATE sessions SET end = ? WHERE id = ?", [row["end"], session_id])],
    )
    return new_id, snap


def merge_sessions(db: Database, keep: int, others: Sequence[int]) -> Snapshot:
    """Merge ``others`` into ``keep``: it then runs from the earliest start to the latest
    end, has every speaker (its own first) and every item; the others are deleted."""
    others = [s for s in dict.fromkeys(others) if s != keep]
    if not others:
        raise InvalidValue(Text("choose at least two sessions to merge"))
    with db.transaction() as conn:
        kept = _session_row(conn, keep)
        rows = [_session_row(conn, s) for s in others]
        if any(r["event_id"] != kept["event_id"] for r in rows):
            raise InvalidValue(Text("sessions of different events cannot be merged"))
        all_ids = [keep, *others]
        snap = Snapshot(
            deletes=[(table, "session_id = ?", [keep]) for table, _ in _children(conn, [keep])],
            rows=[
                ("sessions", [dict(r) for r in rows]),
                *_children(conn, all_ids),
            ],
            items=_ties(conn, others),
            updates=[
                (
                    "UPDATE sessions SET start = ?, end = ? WHERE id = ?",
                    [kept["start"], kept["end"], keep],
                )
            ],
        )
        spans = [(datetime.fromisoformat(r["start"]), r["start"]) for r in [kept, *rows]]
        ends = [(datetime.fromisoformat(r["end"]), r["end"]) for r in [kept, *rows]]
        conn.execute(
            "UPDATE sessions SET start = ?, end = ? WHERE id = ?",
            (min(spans)[1], max(ends)[1], keep),
        )
        speakers = [
            int(r[0])
            for r in conn.execute(
                "SELECT person_id FROM session_speakers WHERE session_id IN"
                f" {_in(all_ids)} ORDER BY session_id != ?, session_id, position",
                (keep,),
            )
        ]
        conn.execute("DELETE FROM session_speakers WHERE session_id = ?", (keep,))
        conn.executemany(
            "INSERT INTO session_speakers (session_id, person_id, position) VALUES (?, ?, ?)",
            [(keep, pid, n) for n, pid in enumerate(dict.fromkeys(speakers))],
        )
        conn.execute(f"UPDATE items SET session_id = ? WHERE session_id IN {_in(others)}", (keep,))
        conn.execute(f"DELETE FROM sessions WHERE id IN {_in(others)}")
    return snap


_TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M")


def read_time(text: str, tz: tzinfo, day: date | None = None) -> datetime:
    """A session time as people type it: ISO (``2016-09-29 14:30``, an offset allowed),
    ``29/09/2016 14:30``, or ``14:30`` on ``day``; without an offset it is in ``tz``."""
    value = " ".join(text.split())
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
        formats = [*_TIME_FORMATS, *(("%H:%M", "%Hh%M") if day is not None else ())]
        for form in formats:
            try:
                parsed = datetime.strptime(value, form)
                break
            except ValueError:
                continue
        if parsed is None:
            raise InvalidValue(
                Text(
                    "cannot read {value!r} as a time: write 2016-09-29 14:30 or 29/09/2016 14:30",
                    value=text,
                )
            ) from None
        if parsed.year == 1900 and day is not None:
            parsed = datetime.combine(day, parsed.time())
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)


def session_event_id(db: Database, session_id: int) -> int:
    """The event a session belongs to."""
    row = db.query_one("SELECT event_id FROM sessions WHERE id = ?", (session_id,))
    if row is None:
        raise NotFound(Text("no session with id {id}", id=session_id))
    return int(row[0])
