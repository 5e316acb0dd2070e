"""Tidying the catalog's names: edit and delete an event, rename, merge and delete people
and tags.

Every destructive operation returns a ``Snapshot`` of the rows it changed, and
``restore_snapshot`` puts them back exactly (same ids, same ties): that is how the window
undoes it. Items are never deleted here: an event's items only lose their tie to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from carnet.catalog.database import Database
from carnet.catalog.events import Event, checked_event_fields, get_event_by_id
from carnet.catalog.items import normalise_tag, tag_id
from carnet.errors import InvalidValue, NotFound
from carnet.messages import Text

Row = dict[str, Any]


@dataclass
class Snapshot:
    """Rows as they were before an operation. Restoring deletes what ``deletes`` names
    (table, where clause, parameters), puts ``rows`` back (table → rows, parents first),
    resets the items' (id, event_id, session_id, session_source) ties in ``items``, then
    runs the ``updates`` (statement, parameters)."""

    deletes: list[tuple[str, str, list[Any]]] = field(default_factory=list)
    rows: list[tuple[str, list[Row]]] = field(default_factory=list)
    items: list[tuple[int, int | None, int | None, str | None]] = field(default_factory=list)
    updates: list[tuple[str, list[Any]]] = field(default_factory=list)


def _rows(conn: sqlite3.Connection, table: str, where: str, params: Sequence[Any]) -> list[Row]:
    cur = conn.execute(f"SELECT * FROM {table} WHERE {where}", tuple(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _insert(conn: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    for row in rows:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        conn.execute(
            f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})", tuple(row.values())
        )


def restore_snapshot(db: Database, snap: Snapshot) -> None:
    """Undo the operation that returned ``snap``, in one transaction."""
    with db.transaction() as conn:
        for table, where, params in snap.deletes:
            conn.execute(f"DELETE FROM {table} WHERE {where}", tuple(params))
        for table, rows in snap.rows:
            _insert(conn, table, rows)
        conn.executemany(
            "UPDATE items SET event_id = ?, session_id = ?, session_source = ? WHERE id = ?",
            [(e, s, src, i) for i, e, s, src in snap.items],
        )
        for sql, params in snap.updates:
            conn.execute(sql, tuple(params))


def _in(ids: Sequence[int]) -> str:
    return "(" + ", ".join(str(int(i)) for i in ids) + ")" if ids else "(NULL)"


# ------------------------------------------------------------------ events


def update_event(
    db: Database,
    event_id: int,
    *,
    slug: str,
    name: str,
    timezone: str,
    language: str,
    place: str | None,
    start_date: date | None,
    end_date: date | None,
    licence: str | None,
) -> Event:
    """Set every descriptive field of an event at once; returns the event as it is now."""
    get_event_by_id(db, event_id)
    code = checked_event_fields(slug, name, timezone, language, start_date, end_date, licence)
    with db.transaction() as conn:
        clash = conn.execute(
            "SELECT 1 FROM events WHERE slug = ? AND id != ?", (slug, event_id)
        ).fetchone()
        if clash:
            raise InvalidValue(Text("an event with the slug {slug!r} already exists", slug=slug))
        conn.execute(
            "UPDATE events SET slug = ?, name = ?, timezone = ?, language = ?, place = ?,"
            " start_date = ?, end_date = ?, licence = ? WHERE id = ?",
            (
                slug,
                name.strip(),
                timezone,
                language,
                (place or "").strip() or None,
                start_date.isoformat() if start_date else None,
                end_date.isoformat() if end_date else None,
                code,
                event_id,
            ),
        )
    return get_event_by_id(db, event_id)


@dataclass(frozen=True)
class EventFootprint:
    """What goes with an event when it is deleted."""

    sessions: int
    matched: int
    items: int


def event_footprint(db: Database, event_id: int) -> EventFootprint:
    """How many sessions, items matched to them, and items of the event a deletion touches."""
    get_event_by_id(db, event_id)
    sessions = int(db.scalar("SELECT count(*) FROM sessions WHERE event_id = ?", (event_id,)))
    matched = int(
        db.scalar(
            "SELECT count(*) FROM items WHERE session_id IN"
            " (SELECT id FROM sessions WHERE event_id = ?)",
            (event_id,),
        )
    )
    items = int(db.scalar("SELECT count(*) FROM items WHERE event_id = ?", (event_id,)))
    return EventFootprint(sessions, matched, items)


def delete_event(db: Database, event_id: int) -> Snapshot:
    """Delete an event with its sessions, speakers and people roles; its items stay in the
    archive without an event or session. Returns what ``restore_snapshot`` needs."""
    get_event_by_id(db, event_id)
    with db.transaction() as conn:
        sessions = [
            int(r[0])
            for r in conn.execute("SELECT id FROM sessions WHERE event_id = ?", (event_id,))
        ]
        snap = Snapshot(
            rows=[
                ("events", _rows(conn, "events", "id = ?", [event_id])),
                ("sessions", _rows(conn, "sessions", "event_id = ?", [event_id])),
                (
                    "session_speakers",
                    _rows(conn, "session_speakers", f"session_id IN {_in(sessions)}", []),
                ),
                # A session's hand-set order of drawings (its covers are columns above).
                (
                    "session_order",
                    _rows(conn, "session_order", f"session_id IN {_in(sessions)}", []),
                ),
                ("event_people", _rows(conn, "event_people", "event_id = ?", [event_id])),
            ],
            items=[
                (int(r[0]), r[1], r[2], r[3])
                for r in conn.execute(
                    "SELECT id, event_id, session_id, session_source FROM items"
                    f" WHERE event_id = ? OR session_id IN {_in(sessions)}",
                    (event_id,),
                )
            ],
        )
        batches = [
            int(r[0])
            for r in conn.execute("SELECT id FROM import_batches WHERE event_id = ?", (event_id,))
        ]
        conn.execute(
            "UPDATE items SET event_id = NULL, session_id = NULL, session_source = NULL"
            f" WHERE event_id = ? OR session_id IN {_in(sessions)}",
            (event_id,),
        )
        conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
    if batches:
        snap.updates.append(
            (f"UPDATE import_batches SET event_id = ? WHERE id IN {_in(batches)}", [event_id])
        )
    return snap


# ------------------------------------------------------------------ people


def _person(conn: sqlite3.Connection, name: str) -> tuple[int, str]:
    clean = " ".join(name.split())
    row = conn.execute("SELECT id, name FROM people WHERE name = ?", (clean,)).fetchone()
    if row is None:
        raise NotFound(Text("nobody called {name!r} in this archive", name=clean))
    return int(row[0]), str(row[1])


_PERSON_TABLES = ("item_people", "event_people", "session_speakers")


def _person_snapshot(conn: sqlite3.Connection, pids: Sequence[int]) -> Snapshot:
    snap = Snapshot(rows=[("people", _rows(conn, "people", f"id IN {_in(pids)}", []))])
    for table in _PERSON_TABLES:
        snap.deletes.append((table, f"person_id IN {_in(pids)}", []))
        snap.rows.append((table, _rows(conn, table, f"person_id IN {_in(pids)}", [])))
    return snap


def rename_person(db: Database, name: str, new_name: str) -> Snapshot:
    """Give a person another spelling; every item credited to them follows. A spelling
    someone else already has is a merge, not a rename."""
    new = " ".join(new_name.split())
    if not new:
        raise InvalidValue(Text("a person needs a name"))
    with db.transaction() as conn:
        pid, old = _person(conn, name)
        other = conn.execute(
            "SELECT name FROM people WHERE name = ? AND id != ?", (new, pid)
        ).fetchone()
        if other:
            raise InvalidValue(
                Text(
                    "{new!r} is already someone in this archive: merge the two instead",
                    new=str(other[0]),
                )
            )
        snap = Snapshot(updates=[("UPDATE people SET name = ? WHERE id = ?", [old, pid])])
        conn.execute("UPDATE people SET name = ? WHERE id = ?", (new, pid))
    return snap


def merge_people(db: Database, name: str, into: str) -> Snapshot:
    """Make ``name`` and ``into`` one person, called ``into``: every item, event role and
    session of ``name`` goes to ``into``, and ``name`` disappears."""
    with db.transaction() as conn:
        source, _ = _person(conn, name)
        target, _ = _person(conn, into)
        if source == target:
            raise InvalidValue(Text("a person cannot be merged into themselves"))
        snap = _person_snapshot(conn, [source, target])
        snap.deletes.insert(0, ("people", "id = ?", [source]))
        for table in _PERSON_TABLES:
            rows = _rows(conn, table, "person_id = ?", [source])
            for row in rows:
                row["person_id"] = target
            _insert(conn, table, rows)
        conn.execute("DELETE FROM people WHERE id = ?", (source,))
    return snap


def person_uses(db: Database, name: str) -> int:
    """How many items credit this person and sessions have them speak."""
    with db.transaction() as conn:
        pid, _ = _person(conn, name)
        return int(
            conn.execute(
                "SELECT (SELECT count(*) FROM item_people WHERE person_id = ?)"
                " + (SELECT count(*) FROM session_speakers WHERE person_id = ?)",
                (pid, pid),
            ).fetchone()[0]
        )


def delete_person(db: Database, name: str) -> Snapshot:
    """Delete a person nobody uses (no item credits them, no session has them speak); their
    event roles go with them."""
    with db.transaction() as conn:
        pid, clean = _person(conn, name)
        used = conn.execute(
            "SELECT (SELECT count(*) FROM item_people WHERE person_id = ?)"
            " + (SELECT count(*) FROM session_speakers WHERE person_id = ?)",
            (pid, pid),
        ).fetchone()[0]
        if used:
            raise InvalidValue(
                Text(
                    "{name!r} is still credited on items or sessions: merge them instead",
                    name=clean,
                )
            )
        snap = _person_snapshot(conn, [pid])
        conn.execute("DELETE FROM people WHERE id = ?", (pid,))
    return snap


# ------------------------------------------------------------------ tags


def _tag_tree(conn: sqlite3.Connection, path: str) -> list[Row]:
    return _rows(
        conn, "tags", "path = ? OR substr(path, 1, ?) = ?", [path, len(path) + 1, path + "/"]
    )


def _tag_snapshot(conn: sqlite3.Connection, tids: Sequence[int], before: set[int]) -> Snapshot:
    tags = _rows(conn, "tags", f"id IN {_in(tids)}", [])
    tags.sort(key=lambda r: str(r["path"]).count("/"))  # parents first
    return Snapshot(
        deletes=[
            ("item_tags", f"tag_id IN {_in(tids)}", []),
            ("tags", f"id IN {_in(tids)}", []),
            ("tags", f"id NOT IN {_in(sorted(before))}", []),
        ],
        rows=[
            ("tags", tags),
            ("item_tags", _rows(conn, "item_tags", f"tag_id IN {_in(tids)}", [])),
        ],
    )


def _move_tags(db: Database, path: str, new_path: str, *, merge: bool) -> Snapshot:
    old = normalise_tag(path)
    new = normalise_tag(new_path)
    with db.transaction() as conn:
        tree = _tag_tree(conn, old)
        if not any(r["path"] == old for r in tree):
            raise NotFound(Text("no tag {tag!r} in this archive", tag=old))
        if new == old or new.startswith(old + "/"):
            raise InvalidValue(Text("a tag cannot be moved into itself"))
        exists = conn.execute("SELECT 1 FROM tags WHERE path = ?", (new,)).fetchone()
        if merge and not exists:
            raise NotFound(Text("no tag {tag!r} in this archive", tag=new))
        if not merge and exists:
            raise InvalidValue(
                Text("the tag {tag!r} already exists: merge the two instead", tag=new)
            )
        before = {int(r[0]) for r in conn.execute("SELECT id FROM tags")}
        targets = _tag_tree(conn, new)
        snap = _tag_snapshot(conn, [r["id"] for r in tree + targets], before)
        # Deepest first, so a parent is emptied of children before it goes.
        for row in sorted(tree, key=lambda r: -str(r["path"]).count("/")):
            dest = new + str(row["path"])[len(old) :]
            found = conn.execute("SELECT id FROM tags WHERE path = ?", (dest,)).fetchone()
            tid = int(found[0]) if found else tag_id(conn, dest)
            conn.execute(
                "INSERT OR IGNORE INTO item_tags (item_id, tag_id)"
                " SELECT item_id, ? FROM item_tags WHERE tag_id = ?",
                (tid, row["id"]),
            )
            conn.execute("UPDATE tags SET parent_id = ? WHERE parent_id = ?", (tid, row["id"]))
            conn.execute("DELETE FROM tags WHERE id = ?", (row["id"],))
    return snap


def rename_tag(db: Database, path: str, new_path: str) -> Snapshot:
    """Rename a tag (and the tags under it); every item follows."""
    return _move_tags(db, path, new_path, merge=False)


def merge_tags(db: Database, path: str, into: str) -> Snapshot:
    """Make ``path`` part of the existing tag ``into``: its items take ``into`` and it goes."""
    return _move_tags(db, path, into, merge=True)


def delete_tag(db: Database, path: str) -> Snapshot:
    """Delete a tag no item carries (nor any tag under it)."""
    tag = normalise_tag(path)
    with db.transaction() as conn:
        tree = _tag_tree(conn, tag)
        if not any(r["path"] == tag for r in tree):
            raise NotFound(Text("no tag {tag!r} in this archive", tag=tag))
        ids = [int(r["id"]) for r in tree]
        used = conn.execute(f"SELECT count(*) FROM item_tags WHERE tag_id IN {_in(ids)}")
        if used.fetchone()[0]:
            raise InvalidValue(Text("items still carry the tag {tag!r}: merge it instead", tag=tag))
        before = {int(r[0]) for r in conn.execute("SELECT id FROM tags")}
        snap = _tag_snapshot(conn, ids, before)
        conn.execute(f"DELETE FROM tags WHERE id IN {_in(ids)}")
    return snap
