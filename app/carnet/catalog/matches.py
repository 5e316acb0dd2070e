"""What the user said about suggested matches: a suggestion rejected stays rejected, and a
suggestion confirmed becomes "set by hand".

A rejection is an (item, session) pair in ``rejected_matches``: matching (``carnet match``
and the window's review) never suggests that session for that item again. Both writes
return what their undo needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from carnet.catalog.database import Database, chunked
from carnet.catalog.sessions import restore_session_state, session_state
from carnet.errors import NotFound
from carnet.messages import Text


@dataclass
class RejectUndo:
    """The pairs a rejection added, and the items' sessions before it cleared them."""

    added: list[tuple[int, int]] = field(default_factory=list)
    state: dict[int, tuple[int | None, str | None]] = field(default_factory=dict)


def rejected_sessions(db: Database, item_ids: Sequence[int] | None = None) -> dict[int, set[int]]:
    """The sessions rejected for each item (of ``item_ids``, or every item)."""
    found: dict[int, set[int]] = {}
    if item_ids is None:
        rows = db.query("SELECT item_id, session_id FROM rejected_matches")
    else:
        rows = []
        for chunk in chunked(item_ids):
            marks = ",".join("?" * len(chunk))
            rows += db.query(
                f"SELECT item_id, session_id FROM rejected_matches WHERE item_id IN ({marks})",
                chunk,
            )
    for item_id, session_id in rows:
        found.setdefault(int(item_id), set()).add(int(session_id))
    return found


def reject_matches(db: Database, pairs: Iterable[tuple[int, int]]) -> RejectUndo:
    """Reject each (item, session) suggestion; an item tied to that session automatically
    loses the tie (one tied by hand keeps it: the user said so)."""
    pairs = list(dict.fromkeys(pairs))
    undo = RejectUndo()
    with db.transaction() as conn:
        for item_id, session_id in pairs:
            if conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is None:
                raise NotFound(Text("no item with id {id}", id=item_id))
            if (
                conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
                is None
            ):
                raise NotFound(Text("no session with id {id}", id=session_id))
        undo.state = session_state(db, [item for item, _ in pairs])
        for item_id, session_id in pairs:
            added = conn.execute(
                "INSERT OR IGNORE INTO rejected_matches (item_id, session_id) VALUES (?, ?)",
                (item_id, session_id),
            ).rowcount
            if added:
                undo.added.append((item_id, session_id))
            conn.execute(
                "UPDATE items SET session_id = NULL, session_source = NULL"
                " WHERE id = ? AND session_id = ? AND session_source = 'auto'",
                (item_id, session_id),
            )
    return undo


def undo_reject(db: Database, undo: RejectUndo) -> None:
    """Take back a rejection: the pairs it added go, the items get their sessions back."""
    with db.transaction() as conn:
        conn.executemany(
            "DELETE FROM rejected_matches WHERE item_id = ? AND session_id = ?", undo.added
        )
        restore_session_state(db, undo.state)


def confirm_matches(db: Database, item_ids: Sequence[int]) -> list[int]:
    """Make the suggested (automatic) sessions of these items set by hand; returns the items
    changed, so that an undo gives them back their ``auto`` mark."""
    changed: list[int] = []
    with db.transaction() as conn:
        for chunk in chunked(item_ids):
            marks = ",".join("?" * len(chunk))
            where = f"id IN ({marks}) AND session_id IS NOT NULL AND session_source = 'auto'"
            changed += [
                int(r[0]) for r in conn.execute(f"SELECT id FROM items WHERE {where}", chunk)
            ]
            conn.execute(f"UPDATE items SET session_source = 'manual' WHERE {where}", chunk)
    return changed


def unconfirm_matches(db: Database, item_ids: Sequence[int]) -> None:
    """Undo ``confirm_matches``: these items' sessions are suggestions again."""
    with db.transaction() as conn:
        for chunk in chunked(item_ids):
            marks = ",".join("?" * len(chunk))
            conn.execute(
                f"UPDATE items SET session_source = 'auto' WHERE id IN ({marks})"
                " AND session_source = 'manual'",
                chunk,
            )
