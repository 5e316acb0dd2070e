"""Covers and the hand-set order of drawings within a session.

An event and a session may each name a cover drawing (``cover_item_id``); a session's
drawings may be put in an order by hand (``session_order``). Everyone that lists a
session's drawings (the grid, the kit, the booklet) sorts them the same way: hand-set
position first, then capture time, then id. A cover is only used while it is a live
drawing of its event or session: a trashed one, or one moved elsewhere, is skipped (and
comes back on restore), a deleted one is cleared by SQLite, so a cover never dangles; the
default is the first drawing of the session, or of the event's first session that has one.
"""

from __future__ import annotations

from collections.abc import Sequence

from carnet.catalog.database import Database
from carnet.errors import InvalidValue, NotFound
from carnet.messages import Text

#: The order of a session's drawings, for a query over ``items i`` left-joined to
#: ``session_order so ON so.session_id = i.session_id AND so.item_id = i.id``.
SESSION_ORDER = "so.position IS NULL, so.position, i.captured_at IS NULL, i.captured_at, i.id"
SESSION_ORDER_JOIN = (
    "LEFT JOIN session_order so ON so.session_id = i.session_id AND so.item_id = i.id"
)


def _event_exists(db: Database, event_id: int) -> None:
    if db.query_one("SELECT 1 FROM events WHERE id = ?", (event_id,)) is None:
        raise NotFound(Text("no event with id {id}", id=event_id))


def _session_exists(db: Database, session_id: int) -> None:
    if db.query_one("SELECT 1 FROM sessions WHERE id = ?", (session_id,)) is None:
        raise NotFound(Text("no session with id {id}", id=session_id))


def session_item_ids(db: Database, session_id: int) -> list[int]:
    """The live drawings of a session, in its order (hand-set, capture time, id)."""
    return [
        int(r[0])
        for r in db.query(
            f"SELECT i.id FROM items i {SESSION_ORDER_JOIN}"
            f" WHERE i.session_id = ? AND i.trashed_at IS NULL ORDER BY {SESSION_ORDER}",
            (session_id,),
        )
    ]


def session_positions(db: Database, event_id: int) -> dict[int, int]:
    """The hand-set position of each drawing of the event that has one in its session."""
    return {
        int(r[0]): int(r[1])
        for r in db.query(
            "SELECT i.id, so.position FROM items i JOIN session_order so"
            " ON so.session_id = i.session_id AND so.item_id = i.id WHERE i.event_id = ?",
            (event_id,),
        )
    }


def hand_order(db: Database, session_id: int) -> list[int]:
    """The drawings given a place by hand in the session, in that order (for undo)."""
    return [
        int(r[0])
        for r in db.query(
            "SELECT item_id FROM session_order WHERE session_id = ? ORDER BY position",
            (session_id,),
        )
    ]


def set_session_order(
    db: Database, session_id: int, item_ids: Sequence[int], *, strict: bool = True
) -> None:
    """Put ``item_ids`` first in the session, in that order; the others follow by capture
    time. An empty list gives the session back its order by capture time. With ``strict``
    (the default), every id must be a live drawing of the session, each given once; without
    it (undo), ids that are not are left out."""
    _session_exists(db, session_id)
    members = {
        int(r[0])
        for r in db.query(
            "SELECT id FROM items WHERE session_id = ? AND trashed_at IS NULL", (session_id,)
        )
    }
    ids = list(item_ids)
    if strict:
        if len(set(ids)) != len(ids):
            raise InvalidValue(Text("each drawing can be given only one place in the order"))
        for item_id in ids:
            if item_id not in members:
                raise InvalidValue(Text("item {id} is not a drawing of this session", id=item_id))
    kept: list[int] = []
    for item_id in ids:
        if item_id in members and item_id not in kept:
            kept.append(item_id)
    if kept == hand_order(db, session_id):
        return  # no change: the counter stays where it is
    with db.transaction() as conn:
        conn.execute("DELETE FROM session_order WHERE session_id = ?", (session_id,))
        conn.executemany(
            "INSERT INTO session_order (session_id, item_id, position) VALUES (?, ?, ?)",
            [(session_id, item_id, n) for n, item_id in enumerate(kept)],
        )


def stored_event_cover(db: Database, event_id: int) -> int | None:
    """The cover the event names, whether or not it is usable (for undo)."""
    value = db.scalar("SELECT cover_item_id FROM events WHERE id = ?", (event_id,))
    return None if value is None else int(value)


def stored_session_cover(db: Database, session_id: int) -> int | None:
    """The cover the session names, whether or not it is usable (for undo)."""
    value = db.scalar("SELECT cover_item_id FROM sessions WHERE id = ?", (session_id,))
    return None if value is None else int(value)


def set_event_cover(
    db: Database, event_id: int, item_id: int | None, *, strict: bool = True
) -> None:
    """Make ``item_id`` the event's cover (``None`` clears it: the default comes back).
    The drawing must be a live drawing of the event; without ``strict`` (undo), a drawing
    that no longer exists clears the cover."""
    _event_exists(db, event_id)
    if item_id is not None:
        row = db.query_one("SELECT event_id, trashed_at FROM items WHERE id = ?", (item_id,))
        if strict and (row is None or row[0] != event_id or row[1] is not None):
            raise InvalidValue(Text("item {id} is not a drawing of this event", id=item_id))
        if row is None:
            item_id = None
    with db.transaction() as conn:
        conn.execute("UPDATE events SET cover_item_id = ? WHERE id = ?", (item_id, event_id))


def set_session_cover(
    db: Database, session_id: int, item_id: int | None, *, strict: bool = True
) -> None:
    """Make ``item_id`` the session's cover (``None`` clears it: its first drawing is the
    cover again). The drawing must be a live drawing of the session; without ``strict``
    (undo), a drawing that no longer exists clears the cover."""
    _session_exists(db, session_id)
    if item_id is not None:
        row = db.query_one("SELECT session_id, trashed_at FROM items WHERE id = ?", (item_id,))
        if strict and (row is None or row[0] != session_id or row[1] is not None):
            raise InvalidValue(Text("item {id} is not a drawing of this session", id=item_id))
        if row is None:
            item_id = None
    with db.transaction() as conn:
        conn.execute("UPDATE sessions SET cover_item_id = ? WHERE id = ?", (item_id, session_id))


def session_cover(db: Database, session_id: int) -> int | None:
    """The session's cover as shown: the one it names while it is a live drawing of it,
    else its first drawing; ``None`` when it has none."""
    row = db.query_one(
        "SELECT i.id FROM sessions s JOIN items i ON i.id = s.cover_item_id"
        " WHERE s.id = ? AND i.session_id = s.id AND i.trashed_at IS NULL",
        (session_id,),
    )
    if row is not None:
        return int(row[0])
    ids = session_item_ids(db, session_id)
    return ids[0] if ids else None


def named_covers(db: Database, event_id: int) -> tuple[int | None, dict[int, int]]:
    """The usable covers the event and its sessions name: (the event's, by session id).
    Covers that are trashed or left their event or session are left out."""
    row = db.query_one(
        "SELECT i.id FROM events e JOIN items i ON i.id = e.cover_item_id"
        " WHERE e.id = ? AND i.event_id = e.id AND i.trashed_at IS NULL",
        (event_id,),
    )
    sessions = {
        int(r[0]): int(r[1])
        for r in db.query(
            "SELECT s.id, i.id FROM sessions s JOIN items i ON i.id = s.cover_item_id"
            " WHERE s.event_id = ? AND i.session_id = s.id AND i.trashed_at IS NULL",
            (event_id,),
        )
    }
    return (None if row is None else int(row[0])), sessions


def event_cover(db: Database, event_id: int) -> int | None:
    """The event's cover as shown: the one it names while it is a live drawing of it, else
    the first drawing of its first session that has one, else its first drawing."""
    named, _ = named_covers(db, event_id)
    if named is not None:
        return named
    row = db.query_one(
        f"SELECT i.id FROM items i JOIN sessions s ON s.id = i.session_id {SESSION_ORDER_JOIN}"
        " WHERE s.event_id = ? AND i.trashed_at IS NULL"
        f" ORDER BY s.start, s.title, s.id, {SESSION_ORDER} LIMIT 1",
        (event_id,),
    )
    if row is None:
        row = db.query_one(
            "SELECT i.id FROM items i WHERE i.event_id = ? AND i.trashed_at IS NULL"
            " ORDER BY i.captured_at IS NULL, i.captured_at, i.id LIMIT 1",
            (event_id,),
        )
    return None if row is None else int(row[0])


def cover_sessions(db: Database, item_ids: Sequence[int]) -> set[int]:
    """Which of ``item_ids`` are the cover their session names (the grid's badge)."""
    wanted = set(item_ids)
    return {
        int(r[0])
        for r in db.query(
            "SELECT s.cover_item_id FROM sessions s JOIN items i ON i.id = s.cover_item_id"
            " WHERE i.session_id = s.id AND i.trashed_at IS NULL"
        )
        if int(r[0]) in wanted
    }
