"""Which archive a catalog is, and which of its histories: for data derived outside it.

An archive is copied whole (USB sticks, backups), so its id alone does not tell two copies
apart once they diverge. Each writable open therefore starts a *lineage*: a random id and
the ``change_seq`` it starts at, in the ``lineages`` table (its migration). Whatever is
derived from the catalog elsewhere (the search index in the user's cache) records the
lineage and ``change_seq`` it reflects, ``Stamp``; it is still valid for a catalog only if
that lineage is one of the catalog's and the seq lies within it — from its start up to the
start of the next lineage, or up to the current ``change_seq`` for the last one.

Two copies that diverge each open with a lineage of their own, so neither takes the
other's index for valid; a catalog restored from a backup is caught the same way (its
counter or its lineages do not reach what the index saw).

Ids read from the catalog are untrusted like the rest of it: only 32 lowercase hex digits
count as an id, so an id can name a folder and never escape it.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from carnet.catalog.database import Database

_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Stamp:
    """Where in a catalog's history something derived was made: lineage and change_seq."""

    lineage: str
    seq: int


def _valid_id(value: object) -> str | None:
    return value if isinstance(value, str) and _ID.fullmatch(value) else None


def has_identity(db: Database) -> bool:
    """Whether the catalog has an id and lineages (its migration; not yet when an older
    catalog is opened read-only)."""
    found = db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('archive_identity', 'lineages')"
    )
    return bool(found == 2)


def archive_id(db: Database) -> str | None:
    """The archive's stable id, or None for a catalog without one or whose id is not one
    Carnet makes."""
    if not has_identity(db):
        return None
    rows = db.query("SELECT archive_id FROM archive_identity LIMIT 2")
    return _valid_id(rows[0][0]) if len(rows) == 1 else None


def new_id() -> str:
    """A random id, for an archive or a lineage."""
    return secrets.token_hex(16)


def insert_lineage(conn: sqlite3.Connection) -> str:
    """Add a lineage starting at the current ``change_seq``, in the caller's transaction."""
    lineage = new_id()
    conn.execute(
        "INSERT INTO lineages (id, start_seq, opened_at) SELECT ?, value, ? FROM meta"
        " WHERE key = 'change_seq'",
        (lineage, datetime.now(UTC).isoformat(timespec="seconds")),
    )
    return lineage


def start_lineage(db: Database) -> str:
    """Record a new lineage (every writable open of the archive)."""
    with db.transaction() as conn:
        return insert_lineage(conn)


def current(db: Database) -> Stamp | None:
    """The catalog's last lineage and its ``change_seq`` now, in one query (ask it in the
    read transaction that reads what is derived; the catalog must ``has_identity``)."""
    row = db.query_one(
        "SELECT (SELECT id FROM lineages ORDER BY n DESC LIMIT 1),"
        " (SELECT value FROM meta WHERE key = 'change_seq')"
    )
    if row is None or _valid_id(row[0]) is None or not isinstance(row[1], int):
        return None
    return Stamp(row[0], row[1])


def covers(db: Database, stamp: Stamp) -> bool:
    """Whether ``stamp`` lies in this catalog's history (see the module's docstring)."""
    if not has_identity(db):
        return False
    row = db.query_one("SELECT n, start_seq FROM lineages WHERE id = ?", (stamp.lineage,))
    if row is None:
        return False
    end = db.scalar(
        "SELECT coalesce((SELECT start_seq FROM lineages WHERE n > ? ORDER BY n LIMIT 1),"
        " (SELECT value FROM meta WHERE key = 'change_seq'))",
        (row["n"],),
    )
    start = row["start_seq"]
    return isinstance(start, int) and isinstance(end, int) and start <= stamp.seq <= end


def change_seq(db: Database) -> int:
    """The catalog's change counter (every change to an item moves it): one cheap query,
    asked before every search."""
    value = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    return int(value or 0)


def changed_at(db: Database) -> int | None:
    """When the catalog last changed, in Unix seconds (not the clock: the same archive
    gives the same kit), or None if it does not say."""
    value = db.scalar("SELECT value FROM meta WHERE key = 'changed_at'")
    return int(value) if value else None


def data_version(db: Database) -> int:
    """A number that moves whenever another connection commits to the catalog, whatever it
    changed (an item, a programme, a saved search, a cover): how a read-only window learns
    that the writer changed something, without reading anything else (SQLite's
    ``data_version``, local to ``db``'s connection)."""
    return int(db.scalar("PRAGMA data_version") or 0)
