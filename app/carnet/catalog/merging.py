"""What a merge (``merge/``) reads from the catalog and writes into it.

``merge/plan.py`` compares a contribution with the archive and ``merge/apply.py`` brings it
in, in one transaction; the statements they need are here, as all of Carnet's SQL is under
``catalog/``. Functions that write take the connection of the merge's transaction
(``Database.transaction``) and never commit: a killed merge leaves the catalog as it was.
The tables are migration 8's (``contributions``, ``item_provenance``, ``merge_bases``,
``merge_conflicts``) and 11's (``merge_place_conflicts``: conflicts of covers and order).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from carnet.catalog.database import Database, chunked
from carnet.catalog.events import add_role, person_id
from carnet.catalog.fields import ITEM_FIELDS
from carnet.catalog.items import add_people, add_tags

_FIELD_NAMES = frozenset(f.name for f in ITEM_FIELDS)


# ---------------------------------------------------------------- reading


def has_merge_tables(db: Database) -> bool:
    """Whether the catalog has the merge's tables (not a catalog from an older Carnet
    opened read-only, which is not migrated)."""
    found = db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('contributions', 'merge_bases')"
    )
    return bool(found == 2)


def has_covers(db: Database) -> bool:
    """Whether the catalog knows covers and hand-set orders (migration 9): a source from
    an older Carnet, opened read-only, is not migrated."""
    found = db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'session_order'"
    )
    return bool(found)


def has_place_conflicts(db: Database) -> bool:
    found = db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'merge_place_conflicts'"
    )
    return bool(found)


def distrust_schema(db: Database) -> None:
    """Run no SQL a source catalog's schema holds (its triggers and views) with functions
    that have side effects (``Database`` does this for every read-only open already)."""
    db.conn.execute("PRAGMA trusted_schema = OFF")


def contribution_merged(db: Database, package_id: str) -> bool:
    """Whether the contribution ``package_id`` was merged already."""
    return bool(db.scalar("SELECT 1 FROM contributions WHERE package_id = ?", (package_id,)))


def event_slugs(db: Database) -> set[str]:
    return {str(r[0]) for r in db.query("SELECT slug FROM events")}


def session_refs(db: Database) -> list[tuple[int, str | None, str, str]]:
    """Every session as a merge recognises it: (id, uid, title, start), by id."""
    return [
        (int(r[0]), r[1], str(r[2]), str(r[3]))
        for r in db.query("SELECT id, uid, title, start FROM sessions ORDER BY id")
    ]


def session_key(uid: str | None, title: str, start: str) -> str:
    """How a merge knows a session: ``uid:UID``, else ``ts:title|start`` with the title
    lower-cased. A cover's or an order's conflict names its session by it."""
    return f"uid:{uid}" if uid else f"ts:{title.lower()}|{start}"


def session_key_name(key: str) -> str:
    """What a session's key (``session_key``) says of it to a user: its UID, else its
    title (lower-cased)."""
    return key.removeprefix("uid:").removeprefix("ts:").rsplit("|", 1)[0]


def merge_bases(db: Database, source_key: str) -> dict[tuple[str, str], str | None]:
    """The values last merged from ``source_key``: (hash, field) → JSON text."""
    return {
        (str(r[0]), str(r[1])): r[2]
        for r in db.query(
            "SELECT hash, field, value FROM merge_bases WHERE source_key = ?", (source_key,)
        )
    }


def people_names(db: Database) -> list[str]:
    """Every person's name, oldest first."""
    return [str(r[0]) for r in db.query("SELECT name FROM people ORDER BY id")]


def item_ids_by_hash(db: Database, hashes: Iterable[str]) -> dict[str, int]:
    """The ids of the items (trashed ones too) whose originals have these hashes."""
    wanted = list(dict.fromkeys(hashes))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for r in db.query(f"SELECT hash, id FROM items WHERE hash IN ({marks})", chunk):
            found[str(r[0])] = int(r[1])
    return found


def item_hashes(db: Database, item_ids: Iterable[int]) -> dict[int, str]:
    """The hashes of items by id."""
    out: dict[int, str] = {}
    for chunk in chunked(list(dict.fromkeys(item_ids))):
        marks = ",".join("?" * len(chunk))
        for r in db.query(f"SELECT id, hash FROM items WHERE id IN ({marks})", chunk):
            out[int(r[0])] = str(r[1])
    return out


def hand_orders(db: Database) -> dict[int, list[int]]:
    """Every session's hand-set order of drawings (``session_order``), by session id."""
    out: dict[int, list[int]] = {}
    for r in db.query(
        "SELECT session_id, item_id FROM session_order ORDER BY session_id, position"
    ):
        out.setdefault(int(r[0]), []).append(int(r[1]))
    return out


def stored_covers(db: Database) -> tuple[dict[int, int], dict[int, int]]:
    """The covers events and sessions name, whatever their state: (by event, by session)."""
    events = {
        int(r[0]): int(r[1])
        for r in db.query("SELECT id, cover_item_id FROM events WHERE cover_item_id IS NOT NULL")
    }
    sessions = {
        int(r[0]): int(r[1])
        for r in db.query("SELECT id, cover_item_id FROM sessions WHERE cover_item_id IS NOT NULL")
    }
    return events, sessions


def provenance_rows(db: Database, item_id: int) -> list[tuple[str, Any, Any, Any, Any]]:
    """(field, illustrator, package, created, merged) of an item's merged values."""
    return [
        (str(r[0]), r[1], r[2], r[3], r[4])
        for r in db.query(
            "SELECT p.field, c.illustrator, c.package_name, c.created_at, c.merged_at"
            " FROM item_provenance p JOIN contributions c ON c.id = p.contribution_id"
            " WHERE p.item_id = ? ORDER BY p.field",
            (item_id,),
        )
    ]


def contributor_names(db: Database) -> list[str]:
    """Every illustrator whose contribution was merged, by first merge."""
    return [
        str(r[0])
        for r in db.query(
            "SELECT illustrator FROM contributions WHERE illustrator IS NOT NULL"
            " GROUP BY illustrator ORDER BY min(merged_at)"
        )
    ]


def conflict_rows(db: Database) -> list[tuple[Any, ...]]:
    """The conflicts left open: (item id, field, mine JSON, theirs JSON, illustrator)."""
    return [
        tuple(r)
        for r in db.query(
            "SELECT m.item_id, m.field, m.mine, m.theirs, c.illustrator FROM merge_conflicts m"
            " JOIN contributions c ON c.id = m.contribution_id ORDER BY m.item_id, m.field"
        )
    ]


def place_conflict_rows(db: Database) -> list[tuple[Any, ...]]:
    """The cover and order conflicts left open: (target, field, mine, theirs, illustrator)."""
    if not has_place_conflicts(db):
        return []
    return [
        tuple(r)
        for r in db.query(
            "SELECT m.target, m.field, m.mine, m.theirs, c.illustrator"
            " FROM merge_place_conflicts m JOIN contributions c ON c.id = m.contribution_id"
            " ORDER BY m.target, m.field"
        )
    ]


# ---------------------------------------------------------------- writing


def find_or_add_contribution(
    conn: sqlite3.Connection,
    *,
    package_id: str,
    source_key: str,
    illustrator: str | None,
    package_name: str,
    source_archive: str | None,
    created_at: str | None,
    merged_at: str,
) -> int:
    """The id of the contribution ``package_id``, recorded when new."""
    row = conn.execute(
        "SELECT id FROM contributions WHERE package_id = ?", (package_id,)
    ).fetchone()
    if row:
        return int(row[0])
    cur = conn.execute(
        "INSERT INTO contributions (package_id, source_key, illustrator, package_name,"
        " source_archive, created_at, merged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (package_id, source_key, illustrator, package_name, source_archive, created_at, merged_at),
    )
    return int(cur.lastrowid or 0)


def event_by_slug(conn: sqlite3.Connection, slug: str) -> tuple[int, str] | None:
    """(id, time zone) of the event ``slug``."""
    row = conn.execute("SELECT id, timezone FROM events WHERE slug = ?", (slug,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def insert_event(conn: sqlite3.Connection, values: Mapping[str, Any]) -> int:
    """Add an event from a source, its values already checked."""
    cur = conn.execute(
        "INSERT INTO events (slug, name, timezone, language, place, start_date, end_date,"
        " licence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        tuple(
            values[k]
            for k in (
                "slug",
                "name",
                "timezone",
                "language",
                "place",
                "start_date",
                "end_date",
                "licence",
            )
        ),
    )
    return int(cur.lastrowid or 0)


def add_event_person(conn: sqlite3.Connection, event_id: int, name: str, role: str) -> None:
    add_role(conn, event_id, person_id(conn, name), role)


def insert_session(
    conn: sqlite3.Connection, event_id: int, values: Mapping[str, Any], speakers: Sequence[str]
) -> int:
    """Add a session from a source with its speakers (in order)."""
    cur = conn.execute(
        "INSERT INTO sessions (event_id, title, track, room, start, end, description, uid)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            values["title"],
            values["track"],
            values["room"],
            values["start"],
            values["end"],
            values["description"],
            values["uid"],
        ),
    )
    session_id = int(cur.lastrowid or 0)
    for position, name in enumerate(dict.fromkeys(speakers)):
        if not name.strip():
            continue
        pid = person_id(conn, name)
        conn.execute(
            "INSERT OR IGNORE INTO session_speakers (session_id, person_id, position)"
            " VALUES (?, ?, ?)",
            (session_id, pid, position),
        )
        add_role(conn, event_id, pid, "speaker")
    return session_id


def set_item_fields(conn: sqlite3.Connection, item_id: int, values: Mapping[str, Any]) -> None:
    """Set descriptive fields of an item (names of ``ITEM_FIELDS``, values already clean)
    in one statement."""
    names = [name for name in values if name in _FIELD_NAMES]
    if not names:
        return
    assignments = ", ".join(f"{name} = ?" for name in names)
    conn.execute(
        f"UPDATE items SET {assignments} WHERE id = ?", (*(values[n] for n in names), item_id)
    )


def set_item_session(
    conn: sqlite3.Connection, item_id: int, session_id: int, source: str, *, with_event: bool
) -> None:
    """Tie an item to a session (``source`` 'manual' or 'auto'); ``with_event`` moves it
    to the session's event too."""
    if with_event:
        conn.execute(
            "UPDATE items SET session_id = ?, session_source = ?,"
            " event_id = (SELECT event_id FROM sessions WHERE id = ?) WHERE id = ?",
            (session_id, source, session_id, item_id),
        )
    else:
        conn.execute(
            "UPDATE items SET session_id = ?, session_source = ? WHERE id = ?",
            (session_id, source, item_id),
        )


def set_item_corrections(conn: sqlite3.Connection, item_id: int, text: str | None) -> None:
    conn.execute("UPDATE items SET corrections = ? WHERE id = ?", (text, item_id))


def replace_tags(conn: sqlite3.Connection, item_id: int, tags: Sequence[str]) -> None:
    """Give an item exactly these tags (valid ones)."""
    conn.execute("DELETE FROM item_tags WHERE item_id = ?", (item_id,))
    add_tags(conn, [item_id], tags)


def replace_people(
    conn: sqlite3.Connection, item_id: int, role: str, names: Sequence[str], *, fresh: bool = False
) -> None:
    """Give an item exactly these people in ``role``; ``fresh`` (a new item) skips the
    removal of people it cannot have yet."""
    if not fresh:
        conn.execute("DELETE FROM item_people WHERE item_id = ? AND role = ?", (item_id, role))
    add_people(conn, [item_id], names, role)


def record_provenance(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, int]]) -> None:
    """(item id, field or '' for the item itself, contribution id)."""
    conn.executemany(
        "INSERT OR REPLACE INTO item_provenance (item_id, field, contribution_id) VALUES (?, ?, ?)",
        rows,
    )


def _conflicts_of(about: int | str) -> tuple[str, str]:
    """The table and key column of the conflicts about an item (``about`` its id) or about
    an event's or a session's cover or order (its target: 'event SLUG', 'session KEY')."""
    if isinstance(about, str):
        return "merge_place_conflicts", "target"
    return "merge_conflicts", "item_id"


def clear_conflict(conn: sqlite3.Connection, about: int | str, field: str) -> None:
    """Close the conflict of ``about``'s ``field``: an item id or a place's target."""
    table, key = _conflicts_of(about)
    conn.execute(f"DELETE FROM {table} WHERE {key} = ? AND field = ?", (about, field))


def record_conflict(
    conn: sqlite3.Connection,
    about: int | str,
    field: str,
    contribution: int,
    mine: str,
    theirs: str,
) -> None:
    """A conflict left open about an item id or a place's target (values as JSON text)."""
    table, key = _conflicts_of(about)
    conn.execute(
        f"INSERT OR REPLACE INTO {table} ({key}, field, contribution_id, mine, theirs)"
        " VALUES (?, ?, ?, ?, ?)",
        (about, field, contribution, mine, theirs),
    )


def record_bases(
    conn: sqlite3.Connection, source_key: str, bases: Iterable[tuple[str, str, str]]
) -> None:
    """The values merged from ``source_key`` now: (hash or place, field, JSON text)."""
    conn.executemany(
        "INSERT OR REPLACE INTO merge_bases (source_key, hash, field, value) VALUES (?, ?, ?, ?)",
        [(source_key, h, name, v) for h, name, v in bases],
    )


def set_cover(conn: sqlite3.Connection, table: str, row_id: int, item_id: int | None) -> None:
    """Name the cover of an event or a session (``table``: 'events' or 'sessions')."""
    if table not in ("events", "sessions"):
        raise ValueError(table)
    conn.execute(f"UPDATE {table} SET cover_item_id = ? WHERE id = ?", (item_id, row_id))


def replace_session_order(
    conn: sqlite3.Connection, session_id: int, item_ids: Sequence[int]
) -> None:
    """Put ``item_ids`` first in the session, in that order (the caller checked them)."""
    conn.execute("DELETE FROM session_order WHERE session_id = ?", (session_id,))
    conn.executemany(
        "INSERT INTO session_order (session_id, item_id, position) VALUES (?, ?, ?)",
        [(session_id, item_id, n) for n, item_id in enumerate(item_ids)],
    )


def session_members(conn: sqlite3.Connection, session_id: int) -> set[int]:
    """The live drawings of a session."""
    return {
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM items WHERE session_id = ? AND trashed_at IS NULL", (session_id,)
        )
    }


def item_place(conn: sqlite3.Connection, item_id: int) -> tuple[int | None, int | None] | None:
    """(event id, session id) of a live item, or None when it is trashed or gone."""
    row = conn.execute(
        "SELECT event_id, session_id FROM items WHERE id = ? AND trashed_at IS NULL", (item_id,)
    ).fetchone()
    return None if row is None else (row[0], row[1])


def event_sessions(conn: sqlite3.Connection, event_id: int) -> list[tuple[int, str, str, str]]:
    """(id, start, end, title) of an event's sessions, for matching."""
    return [
        (int(r[0]), str(r[1]), str(r[2]), str(r[3]))
        for r in conn.execute(
            "SELECT id, start, end, title FROM sessions WHERE event_id = ?", (event_id,)
        )
    ]


def auto_matched(
    conn: sqlite3.Connection, hashes: Sequence[str], event_id: int
) -> list[tuple[int, str | None, str | None, int | None]]:
    """(id, captured_at, capture_offset, session id) of the items with these hashes in the
    event whose session is not set by hand."""
    rows: list[tuple[int, str | None, str | None, int | None]] = []
    for start in range(0, len(hashes), 900):
        chunk = hashes[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows += [
            (int(r[0]), r[1], r[2], r[3])
            for r in conn.execute(
                "SELECT id, captured_at, capture_offset, session_id"
                f" FROM items WHERE hash IN ({marks}) AND event_id = ?"
                " AND (session_source IS NULL OR session_source = 'auto')",
                (*chunk, event_id),
            )
        ]
    return rows


def set_auto_sessions(conn: sqlite3.Connection, updates: Iterable[tuple[int, int]]) -> None:
    """(session id, item id): matched automatically."""
    conn.executemany(
        "UPDATE items SET session_id = ?, session_source = 'auto' WHERE id = ?", updates
    )


def add_offset_if_missing(conn: sqlite3.Connection, key: str, seconds: int) -> None:
    """Keep a contributor's clock offset unless the archive has one under the same key."""
    conn.execute(
        "INSERT OR IGNORE INTO camera_offsets (camera, offset_seconds) VALUES (?, ?)",
        (key, seconds),
    )


def put_offset(conn: sqlite3.Connection, key: str, seconds: int) -> None:
    """Keep a contributor's own clock offset (their illustrator's key), replacing it."""
    conn.execute(
        "INSERT INTO camera_offsets (camera, offset_seconds) VALUES (?, ?)"
        " ON CONFLICT(camera) DO UPDATE SET offset_seconds = excluded.offset_seconds",
        (key, seconds),
    )


# ---------------------------------------------------------------- undo


def copy_catalog(db: Database, target: Path) -> None:
    """A copy of the catalog as it is now (SQLite's online backup), for undo."""
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()


def restore_catalog(db: Database, backup: Path) -> None:
    """Put the catalog back as ``backup`` holds it, once no other write runs."""
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with db.transaction():
            pass  # wait for no other write to be running
        source.backup(db.conn)
    finally:
        source.close()
