"""Read models for browsing an archive: id lists, grid rows, sidebar and coverage counts.

The desktop grid holds only item ids and asks for a page of rows when it needs them, so a
100,000-item archive costs one id query and a few small page queries, never a full load.
These functions are that SQL (it lives in ``catalog/``, never in the UI); they are plain
Python, usable from the command line too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from carnet.catalog.conflicts import count_open
from carnet.catalog.covers import SESSION_ORDER, SESSION_ORDER_JOIN
from carnet.catalog.database import Database, chunked
from carnet.catalog.events import ROLES
from carnet.catalog.items import (
    _FLAGS,
    _ITEM_COLUMNS,
    _ITEM_SELECT,
    Item,
    _attach_relations,
    _row_to_item,
)
from carnet.errors import InvalidValue
from carnet.messages import Text

#: The grid's sorts: key → ORDER BY clause (each backed by an index).
SORTS: dict[str, str] = {
    "captured": "i.captured_at IS NULL, i.captured_at, i.id",
    "imported": "i.imported_at, i.id",
    "title": "coalesce(i.title, i.original_name) COLLATE NOCASE, i.id",
}

#: Kinds of filter the sidebar offers.
FILTER_KINDS = (
    "all",
    "event",
    "day",
    "session",
    "person",
    "tag",
    "no-session",
    "suggested",
    "unpublished",
    "trash",
)


@dataclass(frozen=True)
class ItemFilter:
    """Which items the grid shows. ``value`` is a date, a tag path or a role, by kind."""

    kind: str = "all"
    id: int | None = None
    value: str | None = None
    event_id: int | None = None


def item_ids(db: Database, flt: ItemFilter | None = None, sort: str = "captured") -> list[int]:
    """The ids of the items ``flt`` selects, in ``sort`` order (one query, ids only)."""
    flt = flt or ItemFilter()
    if flt.kind not in FILTER_KINDS:
        raise InvalidValue(Text("unknown filter {kind!r}", kind=flt.kind))
    if sort not in SORTS:
        raise InvalidValue(Text("unknown sort {sort!r}", sort=sort))
    where: list[str] = []
    params: list[Any] = []
    if flt.kind == "trash":
        where.append("i.trashed_at IS NOT NULL")
    else:
        where.append("i.trashed_at IS NULL")
    if flt.event_id is not None:
        where.append("i.event_id = ?")
        params.append(flt.event_id)
    if flt.kind == "event":
        where.append("i.event_id = ?")
        params.append(flt.id)
    elif flt.kind == "session":
        where.append("i.session_id = ?")
        params.append(flt.id)
    elif flt.kind == "day":
        where.append(
            "(i.session_id IN (SELECT id FROM sessions WHERE substr(start, 1, 10) = ?)"
            " OR (i.session_id IS NULL AND substr(i.captured_at, 1, 10) = ?))"
        )
        params += [flt.value, flt.value]
    elif flt.kind == "person":
        where.append(
            "i.id IN (SELECT item_id FROM item_people WHERE person_id = ?"
            " AND (role = ? OR ? IS NULL))"
        )
        params += [flt.id, flt.value, flt.value]
    elif flt.kind == "tag":
        where.append(
            "i.id IN (SELECT it.item_id FROM item_tags it JOIN tags t ON t.id = it.tag_id"
            " WHERE t.path = ? OR t.path LIKE ? ESCAPE '\\')"
        )
        escaped = (flt.value or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [flt.value, escaped + "/%"]
    elif flt.kind == "no-session":
        where.append("i.session_id IS NULL")
    elif flt.kind == "suggested":
        where.append("i.session_source = 'auto'")
    elif flt.kind == "unpublished":
        where.append("i.published = 0")
    order, join = SORTS[sort], ""
    if flt.kind == "session" and sort == "captured":
        # A session's drawings in their order: hand-set first, then by capture time.
        order, join = SESSION_ORDER, " " + SESSION_ORDER_JOIN
    sql = f"SELECT i.id FROM items i{join} WHERE {' AND '.join(where)} ORDER BY {order}"
    ids: list[int] = db.first_column(sql, params)  # INTEGER PRIMARY KEY: ints
    return ids


@dataclass(frozen=True)
class GridRow:
    """What one grid cell shows: cheap columns only."""

    id: int
    hash: str
    title: str
    captured_at: str | None
    published: bool
    session_id: int | None
    session_source: str | None
    rotation: int
    trashed: bool


def grid_rows(db: Database, ids: Sequence[int]) -> dict[int, GridRow]:
    """The grid rows of ``ids`` (a page), by id; unknown ids are left out."""
    found: dict[int, GridRow] = {}
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        for r in db.query(
            "SELECT id, hash, coalesce(title, original_name), captured_at, published,"
            " session_id, session_source, rotation, trashed_at IS NOT NULL"
            f" FROM items WHERE id IN ({marks})",
            chunk,
        ):
            found[int(r[0])] = GridRow(
                id=int(r[0]),
                hash=str(r[1]),
                title=str(r[2]),
                captured_at=r[3],
                published=bool(r[4]),
                session_id=r[5],
                session_source=r[6],
                rotation=int(r[7]),
                trashed=bool(r[8]),
            )
    return found


def items_by_ids(db: Database, ids: Sequence[int]) -> list[Item]:
    """Full items (with tags and people) for a selection, in the order of ``ids``."""
    rows: dict[int, Item] = {}
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        for r in db.query(_ITEM_SELECT + f" WHERE i.id IN ({marks})", chunk):
            rows[int(r["id"])] = _row_to_item(r)
    items = [rows[i] for i in ids if i in rows]
    return _attach_relations(db, items)


def field_values(db: Database, ids: Sequence[int], name: str) -> dict[int, Any]:
    """Each item's value of the field ``name`` as ``Item`` holds it (a flag as a bool), for
    those of ``ids`` that exist: what the undo of a batch edit puts back, read without
    making a whole ``Item`` of each of thousands (a window's worker reads it, and every
    object it makes may cost the window a garbage collection)."""
    if name not in _ITEM_COLUMNS or name == "corrections":
        raise InvalidValue(Text("cannot set {fields}", fields=name))  # nor put it back
    values: dict[int, Any] = {}
    flag = name in _FLAGS
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        # ``name`` is one of the columns above, never a caller's text.
        for r in db.query(f"SELECT id, {name} FROM items WHERE id IN ({marks})", chunk):
            values[r[0]] = bool(r[1]) if flag else r[1]
    return values


def label_sets(db: Database, ids: Sequence[int], role: str | None) -> dict[int, set[str]]:
    """Each item's tags (``role`` None), speakers (``"speaker"``) or illustrators (any
    other role), casefolded, for each of ``ids``: what the undo of a batch change of
    labels compares with, without making a whole ``Item`` of each."""
    labels: dict[int, set[str]] = {item_id: set() for item_id in ids}
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        if role is None:
            rows = db.query(
                "SELECT it.item_id, t.path FROM item_tags it JOIN tags t ON t.id = it.tag_id"
                f" WHERE it.item_id IN ({marks})",
                chunk,
            )
        else:
            same = "=" if role == "speaker" else "<>"
            rows = db.query(
                "SELECT ip.item_id, p.name FROM item_people ip JOIN people p"
                f" ON p.id = ip.person_id WHERE ip.role {same} 'speaker'"
                f" AND ip.item_id IN ({marks})",
                chunk,
            )
        for r in rows:
            labels[r[0]].add(str(r[1]).casefold())
    return labels


# ------------------------------------------------------------------ sidebar


@dataclass
class SessionCount:
    id: int
    title: str
    start: str
    end: str
    track: str | None
    room: str | None
    count: int


@dataclass
class DayCount:
    day: str
    count: int
    sessions: list[SessionCount] = field(default_factory=list)


@dataclass
class EventCount:
    id: int
    slug: str
    name: str
    count: int
    days: list[DayCount] = field(default_factory=list)


@dataclass
class PersonCount:
    id: int
    name: str
    role: str
    count: int


@dataclass
class Overview:
    """Everything the sidebar shows, in one snapshot."""

    total: int
    events: list[EventCount]
    people: list[PersonCount]
    tags: list[tuple[str, int]]
    no_session: int
    suggested: int
    unpublished: int
    trash: int
    #: Conflicts merges left open (``catalog/conflicts.py``): a shortcut when there are any.
    conflicts: int = 0


def session_counts(db: Database, event_id: int) -> list[SessionCount]:
    """Every session of an event with its number of (untrashed) items, in time order."""
    rows = db.query(
        "SELECT s.id, s.title, s.start, s.end, s.track, s.room, count(i.id) FROM sessions s"
        " LEFT JOIN items i ON i.session_id = s.id AND i.trashed_at IS NULL"
        " WHERE s.event_id = ? GROUP BY s.id ORDER BY s.start, s.title",
        (event_id,),
    )
    return [
        SessionCount(int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], r[5], int(r[6]))
        for r in rows
    ]


def overview(db: Database) -> Overview:
    """Counts for the sidebar: events → days → sessions, people by role, tags, shortcuts."""
    live = "trashed_at IS NULL"
    events: list[EventCount] = []
    for e in db.query(
        "SELECT e.id, e.slug, e.name, (SELECT count(*) FROM items i WHERE i.event_id = e.id"
        f" AND i.{live}) FROM events e ORDER BY e.start_date, e.slug"
    ):
        event = EventCount(int(e[0]), str(e[1]), str(e[2]), int(e[3]))
        days: dict[str, DayCount] = {}
        for s in session_counts(db, event.id):
            day = s.start[:10]
            days.setdefault(day, DayCount(day, 0)).sessions.append(s)
            days[day].count += s.count
        for r in db.query(
            "SELECT substr(captured_at, 1, 10), count(*) FROM items WHERE event_id = ?"
            f" AND {live} AND session_id IS NULL AND captured_at IS NOT NULL GROUP BY 1",
            (event.id,),
        ):
            days.setdefault(str(r[0]), DayCount(str(r[0]), 0)).count += int(r[1])
        event.days = [days[d] for d in sorted(days)]
        events.append(event)
    people = [
        PersonCount(int(r[0]), str(r[1]), str(r[2]), int(r[3]))
        for r in db.query(
            "SELECT p.id, p.name, ip.role, count(*) FROM item_people ip"
            " JOIN people p ON p.id = ip.person_id JOIN items i ON i.id = ip.item_id"
            f" WHERE i.{live} GROUP BY p.id, ip.role ORDER BY ip.role, p.name COLLATE NOCASE"
        )
    ]
    tags = [
        (str(r[0]), int(r[1]))
        for r in db.query(
            "SELECT t.path, count(i.id) FROM tags t JOIN item_tags it ON it.tag_id = t.id"
            f" JOIN items i ON i.id = it.item_id AND i.{live} GROUP BY t.id"
            " ORDER BY t.path COLLATE NOCASE"
        )
    ]
    # The shortcuts' five counts in one pass over the items, not five: the sidebar asks
    # after every edit, and at 100,000 items each pass is a stall the window feels.
    counts = db.query_one(
        f"SELECT sum({live}), sum({live} AND session_id IS NULL),"
        f" sum({live} AND session_source = 'auto'), sum({live} AND published = 0),"
        " sum(trashed_at IS NOT NULL) FROM items"
    )
    assert counts is not None  # an aggregate always has its row
    total, no_session, suggested, unpublished, trash = (int(c or 0) for c in counts)
    return Overview(
        total=total,
        events=events,
        people=people,
        tags=tags,
        no_session=no_session,
        suggested=suggested,
        unpublished=unpublished,
        trash=trash,
        conflicts=count_open(db),
    )


# ------------------------------------------------------------------ completion lists


def tag_paths(db: Database) -> list[str]:
    return [str(r[0]) for r in db.query("SELECT path FROM tags ORDER BY path COLLATE NOCASE")]


def person_names(db: Database, role: str | None = None) -> list[str]:
    if role is not None and role not in ROLES:
        raise InvalidValue(Text("unknown role {role!r}", role=role))
    rows = db.query(
        "SELECT DISTINCT p.name FROM people p WHERE ? IS NULL OR p.id IN"
        " (SELECT person_id FROM event_people WHERE role = ?"
        "  UNION SELECT person_id FROM item_people WHERE role = ?)"
        " ORDER BY p.name COLLATE NOCASE",
        (role, role, role),
    )
    return [str(r[0]) for r in rows]
