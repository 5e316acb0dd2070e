"""The conflicts a merge left open, reviewed and settled after the merge.

A merge (``merge/apply.py``) keeps the archive's value where both sides changed a field and
records the conflict (``merge_conflicts`` for an item's field, ``merge_place_conflicts``
for an event's or a session's cover and a session's order). They stay open until someone
settles them here, from ``carnet conflicts`` or the window's "Review merge conflicts…":
*mine* keeps the archive's value and closes the conflict; *theirs* gives the item (or the
place) the contribution's value by the merge's own statements (``catalog/merging.py``),
records that value's provenance and closes the conflict. A settlement is one transaction
and returns what undoing it needs: the values and provenance it replaced and the conflict
rows it closed (``unsettle``), so the window's Edit stack can put it all back exactly.

The merge compares a session as its key (``uid:UID``, else ``ts:title|start``, the
title's ASCII letters lower-cased: ``catalog/merging.py:session_key``) and covers and orders as
the hashes of the drawings; they are resolved against the archive when settled, as the
merge does. A cover whose drawing is no longer in its event or session cannot be taken:
nor can a session that is no longer in the archive: such a conflict stays open and is
said so (``Settlement.skipped``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from carnet.catalog import merging
from carnet.catalog.database import Database
from carnet.catalog.fields import FIELDS_BY_NAME
from carnet.errors import InvalidValue
from carnet.media.corrections import read_corrections
from carnet.messages import Text

Choice = Literal["mine", "theirs"]
#: What names an open conflict: the item's id (or the place: ``event SLUG``, ``session
#: KEY``) and the field.
ConflictKey = tuple[int | str, str]

#: The item columns a conflict of these fields changes (besides descriptive fields).
_ITEM_COLUMNS = {
    "session": ("session_id", "session_source", "event_id"),
    "corrections": ("corrections",),
}


@dataclass(frozen=True)
class Conflict:
    """One open conflict: an item's field (``item_id``) or a place's (``target``)."""

    item_id: int | None
    target: str | None
    field: str
    #: The archive's value and the contribution's, as the merge compared them.
    mine: Any
    theirs: Any
    contribution_id: int
    illustrator: str | None
    package: str | None
    merged_at: str
    #: The rows' own JSON texts, put back as they were by an undo.
    mine_json: str | None = None
    theirs_json: str | None = None

    @property
    def key(self) -> ConflictKey:
        return (self.item_id if self.item_id is not None else str(self.target), self.field)

    @property
    def where(self) -> str:
        """``item 12``, ``event forum`` or ``session uid:…``: what the conflict is about."""
        return f"item {self.item_id}" if self.item_id is not None else str(self.target)


@dataclass
class _Before:
    """What one taken value replaced: item columns, a provenance row, a cover or an order."""

    conflict: Conflict
    columns: dict[str, Any] = field(default_factory=dict)
    provenance: int | None = None
    cover: tuple[str, int, int | None] | None = None  # (table, row id, cover item id)
    order: tuple[int, list[int]] | None = None  # (session id, item ids)


@dataclass
class Settlement:
    """What a settlement did, and what undoing it needs."""

    #: The conflicts closed, with the choice made for each.
    settled: list[tuple[Conflict, Choice]] = field(default_factory=list)
    #: Conflicts whose value could not be taken (a cover no longer in its place, a session
    #: no longer in the archive): left open.
    skipped: list[Conflict] = field(default_factory=list)
    #: The items whose description changed.
    item_ids: list[int] = field(default_factory=list)
    #: The items whose corrections changed (their previews are made again).
    corrected: list[int] = field(default_factory=list)
    _before: list[_Before] = field(default_factory=list)

    @property
    def choices(self) -> dict[ConflictKey, Choice]:
        """The choices made, to settle again the same way (redo)."""
        return {c.key: choice for c, choice in self.settled}


# ---------------------------------------------------------------- reading


def has_conflicts_table(db: Database) -> bool:
    """Whether the catalog can hold conflicts (not an older catalog opened read-only)."""
    return merging.has_merge_tables(db)


def open_conflicts(db: Database) -> list[Conflict]:
    """Every conflict left open, items' first (by item and field), then places'."""
    if not has_conflicts_table(db):
        return []
    found = [
        _conflict(int(r[0]), None, r[1:])
        for r in db.query(
            "SELECT m.item_id, m.field, m.mine, m.theirs, c.id, c.illustrator,"
            " c.package_name, c.merged_at FROM merge_conflicts m"
            " JOIN contributions c ON c.id = m.contribution_id ORDER BY m.item_id, m.field"
        )
    ]
    if merging.has_place_conflicts(db):
        found += [
            _conflict(None, str(r[0]), r[1:])
            for r in db.query(
                "SELECT m.target, m.field, m.mine, m.theirs, c.id, c.illustrator,"
                " c.package_name, c.merged_at FROM merge_place_conflicts m"
                " JOIN contributions c ON c.id = m.contribution_id ORDER BY m.target, m.field"
            )
        ]
    return found


def count_open(db: Database) -> int:
    """How many conflicts are open (the window's menu and sidebar)."""
    if not has_conflicts_table(db):
        return 0
    count = int(db.scalar("SELECT count(*) FROM merge_conflicts") or 0)
    if merging.has_place_conflicts(db):
        count += int(db.scalar("SELECT count(*) FROM merge_place_conflicts") or 0)
    return count


def session_names(db: Database) -> dict[str, str]:
    """Each session's title by the keys a merge gives it (``uid:UID``, ``ts:title|start``),
    so that a session's conflict names sessions as a user knows them."""
    names: dict[str, str] = {}
    for uid, title, start in db.query("SELECT uid, title, start FROM sessions ORDER BY id"):
        if uid:
            names.setdefault(merging.session_key(uid, title, start), str(title))
        names.setdefault(merging.session_key(None, str(title), start), str(title))
    return names


def drawing_names(db: Database, hashes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """(id, title or file name) of the drawings with these hashes (a cover's, an order's)."""
    wanted = list(dict.fromkeys(hashes))
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for r in db.query(
            f"SELECT hash, id, coalesce(title, original_name) FROM items WHERE hash IN ({marks})",
            chunk,
        ):
            found[str(r[0])] = (int(r[1]), str(r[2]))
    return found


def select(
    conflicts: Iterable[Conflict], *, field: str | None = None, item_ids: Sequence[int] = ()
) -> list[Conflict]:
    """The conflicts of ``field`` and of the items ``item_ids`` (all when not given: items
    given leave the places' conflicts out)."""
    wanted = set(item_ids)
    return [
        c
        for c in conflicts
        if (field is None or c.field == field) and (not wanted or c.item_id in wanted)
    ]


def _conflict(item_id: int | None, target: str | None, r: Sequence[Any]) -> Conflict:
    return Conflict(
        item_id=item_id,
        target=target,
        field=str(r[0]),
        mine=_loads(r[1]),
        theirs=_loads(r[2]),
        contribution_id=int(r[3]),
        illustrator=r[4],
        package=r[5],
        merged_at=str(r[6]),
        mine_json=r[1],
        theirs_json=r[2],
    )


def _loads(text: str | None) -> Any:
    try:
        return json.loads(text or "null")
    except ValueError:  # written by a merge, but the catalog is a file someone may edit
        return None


# ---------------------------------------------------------------- settling


def settle(db: Database, choices: Mapping[ConflictKey, Choice]) -> Settlement:
    """Settle the open conflicts named in ``choices`` (see the module's docstring), in one
    transaction. A conflict that is not open, or a choice other than mine or theirs, is
    refused before anything is written."""
    for choice in choices.values():
        if choice not in ("mine", "theirs"):
            raise InvalidValue(
                Text("a conflict is settled with mine or theirs, not {choice!r}", choice=choice)
            )
    by_key = {c.key: c for c in open_conflicts(db)}
    missing = [key for key in choices if key not in by_key]
    if missing:
        thing, name = missing[0]
        where = f"item {thing}" if isinstance(thing, int) else thing
        raise InvalidValue(Text("no open conflict of {field} on {where}", field=name, where=where))
    done = Settlement()
    with db.transaction() as conn:
        sessions = _SessionKeys(conn)
        for key, choice in choices.items():
            conflict = by_key[key]
            if choice == "theirs":
                before = _take(conn, conflict, sessions)
                if before is None:
                    done.skipped.append(conflict)
                    continue
                done._before.append(before)
                if conflict.item_id is not None:
                    done.item_ids.append(conflict.item_id)
                    if conflict.field == "corrections":
                        done.corrected.append(conflict.item_id)
            _close(conn, conflict)
            done.settled.append((conflict, choice))
    return done


def unsettle(db: Database, settlement: Settlement) -> None:
    """Undo ``settlement``: the values and provenance it replaced, its conflicts open again."""
    with db.transaction() as conn:
        for before in reversed(settlement._before):
            _put_back(conn, before)
        for conflict, _choice in settlement.settled:
            _reopen(conn, conflict)


class _SessionKeys:
    """The archive's sessions by the merge's keys (``uid:UID``, ``ts:title|start``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.ids: dict[str, int] = {}
        for session_id, uid, title, start in conn.execute(
            "SELECT id, uid, title, start FROM sessions ORDER BY id"
        ):
            if uid:
                self.ids.setdefault(merging.session_key(uid, title, start), int(session_id))
            self.ids.setdefault(merging.session_key(None, str(title), start), int(session_id))

    def __call__(self, key: Any) -> int | None:
        return self.ids.get(key) if isinstance(key, str) else None


def _take(conn: sqlite3.Connection, conflict: Conflict, sessions: _SessionKeys) -> _Before | None:
    """Give the item or the place the contribution's value; what it replaced, or None when
    it cannot be taken."""
    if conflict.item_id is None:
        return _take_place(conn, conflict, sessions)
    item_id, name, value = conflict.item_id, conflict.field, conflict.theirs
    columns = _ITEM_COLUMNS.get(name, (name,))
    if name not in _ITEM_COLUMNS and name not in FIELDS_BY_NAME:
        return None  # not a field this Carnet merges
    before = _Before(conflict, columns=_item_columns(conn, item_id, columns))
    before.provenance = _provenance(conn, item_id, name)
    if name == "session":
        session_id = sessions(value)
        if session_id is None and value is not None:
            return None  # their session is no longer in the archive
        if session_id is not None:
            merging.set_item_session(conn, item_id, session_id, "manual", with_event=True)
    elif name == "corrections":
        text = read_corrections(json.dumps(value), item_id=item_id).to_json() if value else None
        merging.set_item_corrections(conn, item_id, text)
    else:
        merging.set_item_fields(conn, item_id, {name: FIELDS_BY_NAME[name].clean(value)})
    merging.record_provenance(conn, [(item_id, name, conflict.contribution_id)])
    return before


def _take_place(
    conn: sqlite3.Connection, conflict: Conflict, sessions: _SessionKeys
) -> _Before | None:
    kind, _, ref = str(conflict.target).partition(" ")
    if kind == "event":
        row = conn.execute("SELECT id FROM events WHERE slug = ?", (ref,)).fetchone()
        row_id = int(row[0]) if row else None
    else:
        row_id = sessions(ref)
    if row_id is None:
        return None
    wanted = conflict.theirs if isinstance(conflict.theirs, list) else [conflict.theirs]
    ids = _ids_by_hash(conn, [h for h in wanted if isinstance(h, str)])
    before = _Before(conflict)
    if conflict.field == "order":
        if kind != "session":
            return None
        members = merging.session_members(conn, row_id)
        before.order = (row_id, _order(conn, row_id))
        merging.replace_session_order(
            conn, row_id, [ids[h] for h in wanted if h in ids and ids[h] in members]
        )
        return before
    cover = ids.get(conflict.theirs) if isinstance(conflict.theirs, str) else None
    if cover is None:
        return None
    place = merging.item_place(conn, cover)
    if place is None or place[0 if kind == "event" else 1] != row_id:
        return None
    table = "events" if kind == "event" else "sessions"
    row = conn.execute(f"SELECT cover_item_id FROM {table} WHERE id = ?", (row_id,)).fetchone()
    before.cover = (table, row_id, row[0] if row else None)
    merging.set_cover(conn, table, row_id, cover)
    return before


def _close(conn: sqlite3.Connection, conflict: Conflict) -> None:
    merging.clear_conflict(conn, *conflict.key)


def _reopen(conn: sqlite3.Connection, conflict: Conflict) -> None:
    mine = conflict.mine_json or "null"
    theirs = conflict.theirs_json or "null"
    merging.record_conflict(conn, *conflict.key, conflict.contribution_id, mine, theirs)


def _put_back(conn: sqlite3.Connection, before: _Before) -> None:
    conflict = before.conflict
    if before.columns and conflict.item_id is not None:
        names = [n for n in before.columns if n in _allowed_columns()]
        assignments = ", ".join(f"{n} = ?" for n in names)
        conn.execute(
            f"UPDATE items SET {assignments} WHERE id = ?",
            (*(before.columns[n] for n in names), conflict.item_id),
        )
        if before.provenance is None:
            conn.execute(
                "DELETE FROM item_provenance WHERE item_id = ? AND field = ?",
                (conflict.item_id, conflict.field),
            )
        else:
            merging.record_provenance(conn, [(conflict.item_id, conflict.field, before.provenance)])
    if before.cover is not None:
        table, row_id, item_id = before.cover
        merging.set_cover(conn, table, row_id, item_id)
    if before.order is not None:
        session_id, order = before.order
        merging.replace_session_order(conn, session_id, order)


def _allowed_columns() -> set[str]:
    return set(FIELDS_BY_NAME) | {c for cols in _ITEM_COLUMNS.values() for c in cols}


def _item_columns(conn: sqlite3.Connection, item_id: int, columns: Sequence[str]) -> dict[str, Any]:
    names = [c for c in columns if c in _allowed_columns()]
    row = conn.execute(f"SELECT {', '.join(names)} FROM items WHERE id = ?", (item_id,)).fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def _provenance(conn: sqlite3.Connection, item_id: int, name: str) -> int | None:
    row = conn.execute(
        "SELECT contribution_id FROM item_provenance WHERE item_id = ? AND field = ?",
        (item_id, name),
    ).fetchone()
    return int(row[0]) if row else None


def _order(conn: sqlite3.Connection, session_id: int) -> list[int]:
    return [
        int(r[0])
        for r in conn.execute(
            "SELECT item_id FROM session_order WHERE session_id = ? ORDER BY position",
            (session_id,),
        )
    ]


def _ids_by_hash(conn: sqlite3.Connection, hashes: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(hashes), 900):
        chunk = list(hashes[start : start + 900])
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT hash, id FROM items WHERE hash IN ({marks})", chunk):
            found[str(r[0])] = int(r[1])
    return found
