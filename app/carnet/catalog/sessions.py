"""Writes to sessions and to items' sessions that the desktop makes undoable.

``session_state`` reads what ``restore_session_state`` puts back (undoing a match or a
change of session); ``update_session`` is the programme editor's change of a session's
fields and speakers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

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
