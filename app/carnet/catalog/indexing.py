"""What the search index reads from the catalog: item rows, their labels, changes, facets.

The SQL behind ``search/documents.py`` and ``search/index.py``. Everything is fetched in
bulk, one query per relation over a chunk of ids (passed as one JSON array, so a chunk has
no size limit from SQLite's bound parameters) — never one query per item: that is what
keeps indexing above a thousand items a second. Rows come back as plain tuples; turning
them into documents (languages, analysis) is the search package's business.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from carnet.catalog.database import Database, chunked
from carnet.catalog.fields import Field

#: The leading columns of ``document_rows``, in order; the searched fields follow.
DOCUMENT_COLUMNS = (
    "id",
    "original_name",
    "format",
    "captured_at",
    "session_id",
    "event_slug",
    "event_name",
    "event_language",
    "session_title",
    "session_track",
    "session_room",
    "session_start",
    "event_id",
)


def _item_columns(db: Database) -> set[str]:
    """The items table's columns (a catalog opened read-only may predate a migration)."""
    return {r[1] for r in db.query("PRAGMA table_info(items)")}


def document_rows(
    db: Database, ids: Sequence[int], fields: Sequence[Field]
) -> list[tuple[Any, ...]]:
    """The live items among ``ids``: ``DOCUMENT_COLUMNS``, then ``fields``' values (NULL for
    a field that a catalog opened read-only, and so not migrated, does not have yet)."""
    present = _item_columns(db)
    sql = (
        "SELECT i.id, i.original_name, i.format, i.captured_at, i.session_id, e.slug, e.name,"
        " e.language, s.title, s.track, s.room, s.start, i.event_id"
        + "".join(f", i.{f.name}" if f.name in present else ", NULL" for f in fields)
        + " FROM items i LEFT JOIN events e ON e.id = i.event_id"
        " LEFT JOIN sessions s ON s.id = i.session_id"
        " WHERE i.trashed_at IS NULL AND i.id IN (SELECT value FROM json_each(?))"
    )
    return [tuple(r) for r in db.query(sql, (json.dumps(list(ids)),))]


def tags_of_items(db: Database, ids: Sequence[int]) -> list[tuple[int, str, int]]:
    """(item id, tag path, tag id) for ``ids``, in path order."""
    return [
        (int(r[0]), str(r[1]), int(r[2]))
        for r in db.query(
            "SELECT it.item_id, t.path, t.id FROM item_tags it JOIN tags t ON t.id = it.tag_id"
            " WHERE it.item_id IN (SELECT value FROM json_each(?)) ORDER BY t.path",
            (json.dumps(list(ids)),),
        )
    ]


def people_of_items(db: Database, ids: Sequence[int]) -> list[tuple[int, str, str, int]]:
    """(item id, person's name, role, person id) for ``ids``, in name order."""
    return [
        (int(r[0]), str(r[1]), str(r[2]), int(r[3]))
        for r in db.query(
            "SELECT ip.item_id, p.name, ip.role, p.id FROM item_people ip JOIN people p"
            " ON p.id = ip.person_id WHERE ip.item_id IN (SELECT value FROM json_each(?))"
            " ORDER BY p.name",
            (json.dumps(list(ids)),),
        )
    ]


def speakers_of_sessions(db: Database, session_ids: Sequence[int]) -> list[tuple[int, str, int]]:
    """(session id, speaker's name, person id), in each session's speaker order."""
    return [
        (int(r[0]), str(r[1]), int(r[2]))
        for r in db.query(
            "SELECT ss.session_id, p.name, p.id FROM session_speakers ss JOIN people p"
            " ON p.id = ss.person_id WHERE ss.session_id IN (SELECT value FROM json_each(?))"
            " ORDER BY ss.session_id, ss.position",
            (json.dumps(list(session_ids)),),
        )
    ]


def all_item_ids(db: Database) -> list[int]:
    """Every live item, for a rebuild."""
    return [int(r[0]) for r in db.query("SELECT id FROM items WHERE trashed_at IS NULL")]


def changed_since(db: Database, seq: int) -> list[int]:
    """Ids of the items changed after ``seq`` (deleted and trashed ones included)."""
    return [int(r[0]) for r in db.query("SELECT item_id FROM item_changes WHERE seq > ?", (seq,))]


def gone_among(db: Database, ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` are trashed or deleted now (to hide them from a stale index)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    live: set[int] = set()
    for chunk in chunked(wanted, 20_000):
        live.update(
            int(r[0])
            for r in db.query(
                "SELECT id FROM items WHERE trashed_at IS NULL"
                " AND id IN (SELECT value FROM json_each(?))",
                (json.dumps(chunk),),
            )
        )
    return set(wanted) - live


def hit_row_values(db: Database, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """What a result shows of the live items among ``ids``: id, title, caption,
    transcription, original name, capture time, published, event slug, name and language,
    session title and id, alt text, OCR text (NULL where the catalog has no such column)."""
    if not ids:
        return []
    present = _item_columns(db)
    later = "".join(f", i.{n}" if n in present else ", NULL" for n in ("alt_text", "ocr_text"))
    rows = db.query(
        "SELECT i.id, i.title, i.caption, i.transcription, i.original_name, i.captured_at,"
        " i.published, e.slug, e.name, e.language, s.title, i.session_id"
        + later
        + " FROM items i LEFT JOIN events e ON e.id = i.event_id"
        " LEFT JOIN sessions s ON s.id = i.session_id"
        " WHERE i.trashed_at IS NULL AND i.id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    )
    return [tuple(r) for r in rows]


def event_id(db: Database, slug: str) -> int | None:
    """The id of the event called ``slug``, if there is one."""
    value = db.scalar("SELECT id FROM events WHERE slug = ?", (slug,))
    return None if value is None else int(value)


#: Facet name → SQL naming the given catalog ids: rows of (id, value, label).
_FACET_LABELS: dict[str, str] = {
    "event": "SELECT id, slug, name FROM events",
    "session": "SELECT id, id, title FROM sessions",
    "speaker": "SELECT id, name, name FROM people",
    "illustrator": "SELECT id, name, name FROM people",
    "tag": "SELECT id, path, path FROM tags",
}


def facet_names(db: Database, facet: str, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """The (value, label) of each of ``ids`` in ``facet`` ("event", "session", "speaker",
    "illustrator", "tag"); ids the catalog no longer has are left out."""
    return {
        int(r[0]): (str(r[1]), str(r[2]))
        for r in db.query(
            f"{_FACET_LABELS[facet]} WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        )
    }


@contextlib.contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """One read transaction around the body: every query in it sees the same catalog,
    whatever the archive's writer commits meanwhile. Inside one already, joins it."""
    if db.conn.in_transaction:
        yield db
        return
    db.execute("BEGIN")
    try:
        yield db
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute("COMMIT")  # a read transaction: commit only ends it
