"""Items (one drawing or photo each), their tags and people."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from carnet.catalog.database import Database, chunked
from carnet.catalog.events import add_role, person_id
from carnet.catalog.fields import ITEM_FIELDS
from carnet.errors import InvalidValue, NotFound
from carnet.media.corrections import Corrections, parse_corrections, read_corrections
from carnet.messages import Text


@dataclass
class NewItem:
    """What the import pipeline knows about a file when it enters the catalog.

    Every attribute but ``keywords`` and ``illustrator`` is a column of ``items``; the
    descriptive fields read on import (``Field.imported``) have one each.
    """

    hash: str
    original_name: str
    original_path: str
    format: str
    size: int
    width: int | None = None
    height: int | None = None
    captured_at: str | None = None
    capture_offset: str | None = None
    camera_make: str | None = None
    camera_model: str | None = None
    # The device's serial number (EXIF), the most precise key of its clock offset.
    camera_serial: str | None = None
    orientation: int = 1
    gps_lat: float | None = None
    gps_lon: float | None = None
    gps_alt: float | None = None
    title: str | None = None
    caption: str | None = None
    alt_text: str | None = None
    keywords: list[str] = field(default_factory=list)
    event_id: int | None = None
    licence: str | None = None
    illustrator: str | None = None


@dataclass
class Item:
    """One item as the catalog holds it: every column of ``items`` under its own name
    (the descriptive fields of ``ITEM_FIELDS`` among them), then its relations."""

    id: int
    hash: str
    original_name: str
    original_path: str
    format: str
    size: int
    width: int | None
    height: int | None
    captured_at: str | None
    capture_offset: str | None
    camera_make: str | None
    camera_model: str | None
    orientation: int
    gps_lat: float | None
    gps_lon: float | None
    gps_alt: float | None
    imported_at: str
    title: str | None
    caption: str | None
    transcription: str | None
    alt_text: str | None
    ocr_text: str | None
    licence: str | None
    rights: str | None
    published: bool
    event_id: int | None
    session_id: int | None
    session_source: str | None
    # Rotation, crop and perspective (``media/corrections.py``), checked when read: a
    # value a foreign archive holds that does not pass counts as none.
    corrections: Corrections
    trashed_at: str | None
    # How the machine-read text was read (``catalog/readings.py``): the engine and model,
    # the mean confidence (0–1) and when; all None while the item has not been read.
    ocr_engine: str | None = None
    ocr_confidence: float | None = None
    ocr_read_at: str | None = None
    # The camera's serial number (EXIF BodySerialNumber or CameraSerialNumber), when it
    # wrote one: the key of its own clock offset (``catalog/events.py:clock_keys``).
    camera_serial: str | None = None
    event: str | None = None
    session: str | None = None
    tags: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    illustrators: list[str] = field(default_factory=list)

    @property
    def rotation(self) -> float:
        """The clockwise rotation of the corrections, in degrees."""
        return self.corrections.rotate

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["corrections"] = self.corrections.to_dict()
        return values


_ITEM_SELECT = (
    "SELECT i.*, e.slug AS event_slug, s.title AS session_title FROM items i"
    " LEFT JOIN events e ON e.id = i.event_id LEFT JOIN sessions s ON s.id = i.session_id"
)


#: Attributes of ``Item`` that are not columns of ``items``.
_ITEM_RELATIONS = frozenset({"event", "session", "tags", "speakers", "illustrators"})
_ITEM_COLUMNS = tuple(f.name for f in dataclasses.fields(Item) if f.name not in _ITEM_RELATIONS)
_FLAGS = tuple(f.name for f in ITEM_FIELDS if f.kind == "bool")


def _row_to_item(row: sqlite3.Row) -> Item:
    try:
        values = {name: row[name] for name in _ITEM_COLUMNS}
    except IndexError:
        # A catalog opened read-only is not migrated (read-only media, an archive from an
        # older Carnet): a field that a later migration adds reads as empty there.
        present = set(row.keys())
        values = {name: row[name] if name in present else None for name in _ITEM_COLUMNS}
    for name in _FLAGS:
        values[name] = bool(values[name])
    columns = set(row.keys())  # a Row's ``in`` looks at its values, not its names
    if values["corrections"] is None and "corrections" not in columns:
        # A catalog from before the corrections, opened read-only: its quarter turns.
        turn = row["rotation"] if "rotation" in columns else 0
        values["corrections"] = {"rotate": turn} if turn in (90, 180, 270) else None
    values["corrections"] = read_corrections(values["corrections"], item_id=values["id"])
    return Item(**values, event=row["event_slug"], session=row["session_title"])


def _attach_relations(db: Database, items: list[Item]) -> list[Item]:
    if not items:
        return items
    by_id = {item.id: item for item in items}
    # One query per relation over the whole list, not one per item.
    ids = list(by_id)
    for chunk in chunked(ids):
        marks = ",".join("?" * len(chunk))
        for r in db.query(
            f"SELECT it.item_id, t.path FROM item_tags it JOIN tags t ON t.id = it.tag_id"
            f" WHERE it.item_id IN ({marks}) ORDER BY t.path",
            chunk,
        ):
            by_id[r[0]].tags.append(r[1])
        for r in db.query(
            f"SELECT ip.item_id, p.name, ip.role FROM item_people ip JOIN people p"
            f" ON p.id = ip.person_id WHERE ip.item_id IN ({marks}) ORDER BY p.name",
            chunk,
        ):
            target = by_id[r[0]]
            (target.speakers if r[2] == "speaker" else target.illustrators).append(r[1])
    return items


def get_item(db: Database, item_id: int) -> Item:
    row = db.query_one(_ITEM_SELECT + " WHERE i.id = ?", (item_id,))
    if row is None:
        raise NotFound(Text("no item with id {id}", id=item_id))
    return _attach_relations(db, [_row_to_item(row)])[0]


def list_items(
    db: Database, *, event_id: int | None = None, include_trashed: bool = False
) -> list[Item]:
    where = []
    params: list[Any] = []
    if event_id is not None:
        where.append("i.event_id = ?")
        params.append(event_id)
    if not include_trashed:
        where.append("i.trashed_at IS NULL")
    sql = _ITEM_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY i.captured_at IS NULL, i.captured_at, i.id"
    return _attach_relations(db, [_row_to_item(r) for r in db.query(sql, params)])


def item_id_by_hash(db: Database, digest: str) -> int | None:
    value = db.scalar("SELECT id FROM items WHERE hash = ?", (digest,))
    return None if value is None else int(value)


def item_by_hash(db: Database, digest: str) -> Item | None:
    """The item whose original has ``digest`` (trashed or not), without its tags and
    people, or None: one indexed query, for a window's thumbnail loader that must know
    which corrections the thumbnail it reads should show."""
    row = db.query_one(_ITEM_SELECT + " WHERE i.hash = ?", (digest,))
    return None if row is None else _row_to_item(row)


def known_hashes(db: Database) -> set[str]:
    return {r[0] for r in db.query("SELECT hash FROM items")}


def ids_by_original_name(db: Database) -> dict[str, int]:
    """Every item's id by the name of its original file (the last one, if two share it)."""
    return {str(r[1]): int(r[0]) for r in db.query("SELECT id, original_name FROM items")}


def count_in_sessions(db: Database) -> int:
    """How many items are tied to a session (trashed ones included)."""
    return int(db.scalar("SELECT count(*) FROM items WHERE session_id IS NOT NULL"))


_NEW_COLUMNS = tuple(
    f.name for f in dataclasses.fields(NewItem) if f.name not in ("keywords", "illustrator")
)
_INSERT = (
    f"INSERT INTO items ({', '.join(_NEW_COLUMNS)}, imported_at)"
    f" VALUES ({', '.join('?' * (len(_NEW_COLUMNS) + 1))})"
)


def insert_item(conn: sqlite3.Connection, new: NewItem) -> int:
    """Add an imported file's item (inside the caller's transaction); returns its id."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cur = conn.execute(_INSERT, (*(getattr(new, name) for name in _NEW_COLUMNS), now))
    item_id = int(cur.lastrowid or 0)
    if new.keywords:
        add_tags(conn, [item_id], new.keywords)
    if new.illustrator:
        pid = person_id(conn, new.illustrator)
        conn.execute(
            "INSERT OR IGNORE INTO item_people (item_id, person_id, role)"
            " VALUES (?, ?, 'illustrator')",
            (item_id, pid),
        )
        if new.event_id is not None:
            add_role(conn, new.event_id, pid, "illustrator")
    return item_id


def normalise_tag(text: str) -> str:
    """``' Thème / Communs '`` → ``'Thème/Communs'``: trimmed parts joined by '/'."""
    parts = [" ".join(p.split()) for p in text.split("/")]
    parts = [p for p in parts if p]
    if not parts:
        raise InvalidValue(Text("empty tag {tag!r}", tag=text))
    tag = "/".join(parts)
    if len(tag) > 200:
        raise InvalidValue(Text("a tag is at most 200 characters"))
    return tag


def tag_id(conn: sqlite3.Connection, path: str) -> int:
    """The id of the tag ``path`` ('theme/communs'), creating it and its parents."""
    parent: int | None = None
    parts = normalise_tag(path).split("/")
    for depth in range(1, len(parts) + 1):
        sub = "/".join(parts[:depth])
        row = conn.execute("SELECT id FROM tags WHERE path = ?", (sub,)).fetchone()
        if row:
            parent = int(row[0])
        else:
            parent = int(
                conn.execute(
                    "INSERT INTO tags (path, parent_id) VALUES (?, ?)", (sub, parent)
                ).lastrowid
                or 0
            )
    assert parent is not None
    return parent


def add_tags(conn: sqlite3.Connection, item_ids: Sequence[int], tags: Iterable[str]) -> None:
    for tag in tags:
        tid = tag_id(conn, tag)
        conn.executemany(
            "INSERT OR IGNORE INTO item_tags (item_id, tag_id) VALUES (?, ?)",
            [(i, tid) for i in item_ids],
        )


def remove_tags(conn: sqlite3.Connection, item_ids: Sequence[int], tags: Iterable[str]) -> None:
    for tag in tags:
        row = conn.execute("SELECT id FROM tags WHERE path = ?", (normalise_tag(tag),)).fetchone()
        if row:
            conn.executemany(
                "DELETE FROM item_tags WHERE item_id = ? AND tag_id = ?",
                [(i, row[0]) for i in item_ids],
            )


def add_people(
    conn: sqlite3.Connection, item_ids: Sequence[int], names: Iterable[str], role: str
) -> None:
    for name in names:
        pid = person_id(conn, name)
        for item_id in item_ids:
            conn.execute(
                "INSERT OR IGNORE INTO item_people (item_id, person_id, role) VALUES (?, ?, ?)",
                (item_id, pid, role),
            )
            event = conn.execute("SELECT event_id FROM items WHERE id = ?", (item_id,)).fetchone()
            if event and event[0] is not None:
                add_role(conn, int(event[0]), pid, role)


def remove_people(
    conn: sqlite3.Connection, item_ids: Sequence[int], names: Iterable[str], role: str
) -> None:
    for name in names:
        row = conn.execute("SELECT id FROM people WHERE name = ?", (" ".join(name.split()),))
        found = row.fetchone()
        if found:
            conn.executemany(
                "DELETE FROM item_people WHERE item_id = ? AND person_id = ? AND role = ?",
                [(i, found[0], role) for i in item_ids],
            )


_SETTABLE = {f.name: f for f in ITEM_FIELDS if f.editable}


def update_items(db: Database, item_ids: Sequence[int], **fields: Any) -> None:
    """Set the same fields on every item of ``item_ids`` in one transaction (batch edit).

    ``fields`` are editable fields of ``ITEM_FIELDS`` (each cleaned and checked by its
    declaration), ``corrections`` (a :class:`Corrections`, or its JSON text or mapping,
    checked strictly), ``rotation`` (a quarter turn that replaces the rotation of each
    item's corrections and keeps its crop and corners) and ``event_id``.
    """
    unknown = set(fields) - _SETTABLE.keys() - {"corrections", "rotation", "event_id"}
    if unknown:
        raise InvalidValue(Text("cannot set {fields}", fields=", ".join(sorted(unknown))))
    values: dict[str, Any] = {}
    rotation = fields.pop("rotation", None)
    if rotation is not None and rotation not in (0, 90, 180, 270):
        raise InvalidValue(Text("rotation is 0, 90, 180 or 270 degrees"))
    for name, value in fields.items():
        if name in _SETTABLE:
            value = _SETTABLE[name].clean(value)
        elif name == "corrections":
            if not isinstance(value, Corrections):
                value = parse_corrections(value)
            value = value.to_json()
        values[name] = value
    if not values and rotation is None:
        return
    assignments = ", ".join(f"{name} = ?" for name in values)
    with db.transaction() as conn:
        _require(conn, item_ids)
        if values:
            conn.executemany(
                f"UPDATE items SET {assignments} WHERE id = ?",
                [(*values.values(), item_id) for item_id in item_ids],
            )
        if rotation is not None:
            turned = {}
            for chunk in chunked(list(item_ids)):
                marks = ",".join("?" * len(chunk))
                for r in conn.execute(
                    f"SELECT id, corrections FROM items WHERE id IN ({marks})", chunk
                ):
                    before = read_corrections(r[1], item_id=r[0])
                    turned[r[0]] = before.turned(rotation - before.rotate).to_json()
            conn.executemany(
                "UPDATE items SET corrections = ? WHERE id = ?",
                [(turned[i], i) for i in item_ids if i in turned],
            )


def set_corrections(db: Database, corrections_of: Mapping[int, Corrections]) -> None:
    """Give each item its own corrections, in one transaction (an undo, a batch)."""
    with db.transaction() as conn:
        _require(conn, list(corrections_of))
        conn.executemany(
            "UPDATE items SET corrections = ? WHERE id = ?",
            [(c.to_json(), item_id) for item_id, c in corrections_of.items()],
        )


def set_session(
    db: Database, item_ids: Sequence[int], session_id: int | None, *, source: str = "manual"
) -> None:
    """Tie items to a session (or to none). A hand-set session is never re-matched."""
    with db.transaction() as conn:
        _require(conn, item_ids)
        event_id = None
        if session_id is not None:
            row = conn.execute("SELECT event_id FROM sessions WHERE id = ?", (session_id,))
            found = row.fetchone()
            if not found:
                raise NotFound(Text("no session with id {id}", id=session_id))
            event_id = int(found[0])
        conn.executemany(
            "UPDATE items SET session_id = ?, session_source = ?,"
            " event_id = coalesce(?, event_id) WHERE id = ?",
            [
                (session_id, source if session_id or source == "manual" else None, event_id, i)
                for i in item_ids
            ],
        )


def _require(conn: sqlite3.Connection, item_ids: Sequence[int]) -> None:
    for item_id in item_ids:
        if not conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone():
            raise NotFound(Text("no item with id {id}", id=item_id))
