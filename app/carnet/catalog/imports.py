"""The record of imports: one batch per ``carnet import`` (or import dialog), one log row
per file it looked at, imported, duplicate or rejected and why.

``carnet check`` reads them back (a batch still "running" was interrupted).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from carnet.catalog.database import Database


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_batch(db: Database, *, event_id: int | None, illustrator: str | None) -> int:
    """Record that an import starts now; returns the batch's id, for its log rows."""
    with db.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO import_batches (started_at, event_id, illustrator) VALUES (?, ?, ?)",
            (_now(), event_id, illustrator),
        )
        return int(cur.lastrowid or 0)


def finish_batch(db: Database, batch_id: int, *, cancelled: bool) -> None:
    """Record that the import ``batch_id`` ended now, finished or cancelled."""
    with db.transaction() as conn:
        conn.execute(
            "UPDATE import_batches SET finished_at = ?, status = ? WHERE id = ?",
            (_now(), "cancelled" if cancelled else "finished", batch_id),
        )


def log_file(
    conn: sqlite3.Connection,
    batch_id: int,
    path: str,
    outcome: str | None,
    *,
    reason: str | None = None,
    digest: str | None = None,
    item_id: int | None = None,
) -> None:
    """One file of the batch and what became of it (in the caller's transaction, with the
    item it made, if any)."""
    conn.execute(
        "INSERT INTO import_log (batch_id, path, outcome, reason, hash, item_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (batch_id, path, outcome, reason, digest, item_id),
    )
