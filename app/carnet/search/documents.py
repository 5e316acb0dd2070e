"""What the search index reads from the catalog: documents, changes, result rows, facets.

All of it is fetched in bulk, one query per relation over a chunk of ids (passed as one
JSON array, so a chunk has no size limit from SQLite's bound parameters) — never one query
per item: that is what keeps indexing above a thousand items a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from carnet.catalog.database import Database, chunked
from carnet.catalog.fields import searched_fields
from carnet.search.analysis import encode_keywords, encode_text, language_of

CHUNK = 2000


@dataclass
class Document:
    """One item as the index sees it (trashed items have no document)."""

    id: int
    language: str
    #: The item's searched fields (``catalog.fields``), by name: text, or a flag.
    values: dict[str, Any] = field(default_factory=dict)
    original_name: str | None = None
    format: str | None = None
    date: str | None = None  # the local day, YYYY-MM-DD
    event_slug: str | None = None
    event_name: str | None = None
    session: str | None = None
    track: str | None = None
    room: str | None = None
    tags: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    illustrators: list[str] = field(default_factory=list)
    # Catalog ids, for facet counts (labels are read from the catalog when shown).
    event_id: int | None = None
    session_id: int | None = None
    tag_ids: list[int] = field(default_factory=list)
    speaker_ids: list[int] = field(default_factory=list)
    illustrator_ids: list[int] = field(default_factory=list)

    def facet_keys(self) -> bytes:
        """``event;session;speakers;illustrators;tags`` as catalog ids, e.g. ``b"2;7;5,9;3;"``."""
        parts = [
            str(self.event_id or ""),
            str(self.session_id or ""),
            ",".join(map(str, self.speaker_ids)),
            ",".join(map(str, self.illustrator_ids)),
            ",".join(map(str, self.tag_ids)),
        ]
        return ";".join(parts).encode("ascii")

    def fields(self) -> dict[str, Any]:
        """The values handed to Whoosh's ``add_document``."""
        # Free text holds what a drawing is *about* and who made it; the track, room and
        # event are shared by hundreds of items and are searched by naming their field.
        title = " ".join(self.values[f.name] or "" for f in _TITLE_FIELDS) or None
        text = encode_text(
            self.language,
            title,
            [
                *(self.values[f.name] for f in _TEXT_FIELDS),
                self.session,
                *self.speakers,
                *self.illustrators,
                *(t.replace("/", " ") for t in self.tags),
            ],
            [self.values[f.name] for f in _LOW_FIELDS],
        )
        keywords: dict[str, list[str]] = {
            "speaker": self.speakers,
            "illustrator": self.illustrators,
            "session": [self.session] if self.session else [],
            "track": [self.track] if self.track else [],
            "room": [self.room] if self.room else [],
            "event": [x for x in (self.event_slug, self.event_name) if x],
            "tag": self.tags,
            "format": [self.format] if self.format else [],
            "slug": [self.event_slug] if self.event_slug else [],
            "date": [self.date] if self.date else [],
        }
        for f in _NAMED_FIELDS:
            value = self.values[f.name]
            if f.kind == "bool":
                keywords[f.name] = ["yes" if value else "no"]
            elif value:
                keywords[f.name] = [value]
        return {
            "id": self.id,
            "text": text,
            "kw": encode_keywords(keywords),
            "facets": self.facet_keys(),
        }


def _day(captured_at: str | None, session_start: str | None) -> str | None:
    """The local day of an item: that of its capture time, else of its session's start."""
    for text in (captured_at, session_start):
        if not text:
            continue
        try:
            return datetime.fromisoformat(text[:10]).date().isoformat()
        except ValueError:
            continue
    return None


_SEARCHED = searched_fields()
_TITLE_FIELDS = [f for f in _SEARCHED if f.search and f.search.text and f.search.title]
_TEXT_FIELDS = [
    f for f in _SEARCHED if f.search and f.search.text and not f.search.title and not f.search.low
]
_LOW_FIELDS = [f for f in _SEARCHED if f.search and f.search.text and f.search.low]
_NAMED_FIELDS = [f for f in _SEARCHED if f.search and f.search.names]


def _doc_select(db: Database) -> str:
    """The documents' query: these 13 columns, then the searched fields' (NULL for a field
    that a catalog opened read-only, and so not migrated, does not have yet)."""
    present = {r[1] for r in db.query("PRAGMA table_info(items)")}
    return (
        "SELECT i.id, i.original_name, i.format, i.captured_at, i.session_id, e.slug, e.name,"
        " e.language, s.title, s.track, s.room, s.start, i.event_id"
        + "".join(f", i.{f.name}" if f.name in present else ", NULL" for f in _SEARCHED)
        + " FROM items i LEFT JOIN events e ON e.id = i.event_id"
        " LEFT JOIN sessions s ON s.id = i.session_id"
        " WHERE i.trashed_at IS NULL AND i.id IN (SELECT value FROM json_each(?))"
    )


def fetch_documents(db: Database, ids: Iterable[int]) -> Iterator[list[Document]]:
    """The documents of the live (not trashed, not deleted) items among ``ids``, by chunk."""
    for chunk in chunked(sorted(set(ids)), CHUNK):
        yield _documents(db, chunk)


def _documents(db: Database, chunk: list[int]) -> list[Document]:
    param = json.dumps(chunk)
    docs: dict[int, Document] = {}
    session_of: dict[int, list[Document]] = {}
    for r in db.query(_doc_select(db), (param,)):
        doc = Document(
            id=r[0],
            language=language_of(r[7]),
            values={f.name: r[13 + n] for n, f in enumerate(_SEARCHED)},
            original_name=r[1],
            format=r[2],
            date=_day(r[3], r[11]),
            event_slug=r[5],
            event_name=r[6],
            session=r[8],
            track=r[9],
            room=r[10],
            event_id=r[12],
            session_id=r[4],
        )
        docs[doc.id] = doc
        if r[4] is not None:
            session_of.setdefault(int(r[4]), []).append(doc)
    if not docs:
        return []
    for r in db.query(
        "SELECT it.item_id, t.path, t.id FROM item_tags it JOIN tags t ON t.id = it.tag_id"
        " WHERE it.item_id IN (SELECT value FROM json_each(?)) ORDER BY t.path",
        (param,),
    ):
        if (tagged := docs.get(r[0])) is not None:
            tagged.tags.append(r[1])
            tagged.tag_ids.append(r[2])
    for r in db.query(
        "SELECT ip.item_id, p.name, ip.role, p.id FROM item_people ip JOIN people p"
        " ON p.id = ip.person_id WHERE ip.item_id IN (SELECT value FROM json_each(?))"
        " ORDER BY p.name",
        (param,),
    ):
        if (person_of := docs.get(r[0])) is None:
            continue
        if r[2] == "speaker":
            person_of.speakers.append(r[1])
            person_of.speaker_ids.append(r[3])
        elif r[2] == "illustrator":
            person_of.illustrators.append(r[1])
            person_of.illustrator_ids.append(r[3])
    if session_of:
        # An item tied to a session is found by the session's speakers too (the catalog's
        # triggers reindex its items when they change).
        for r in db.query(
            "SELECT ss.session_id, p.name, p.id FROM session_speakers ss JOIN people p"
            " ON p.id = ss.person_id WHERE ss.session_id IN (SELECT value FROM json_each(?))"
            " ORDER BY ss.session_id, ss.position",
            (json.dumps(sorted(session_of)),),
        ):
            for doc in session_of[r[0]]:
                if r[2] not in doc.speaker_ids:
                    doc.speakers.append(r[1])
                    doc.speaker_ids.append(r[2])
    return list(docs.values())


def all_item_ids(db: Database) -> list[int]:
    """Every live item, for a rebuild."""
    return [int(r[0]) for r in db.query("SELECT id FROM items WHERE trashed_at IS NULL")]


def changed_since(db: Database, seq: int) -> list[int]:
    """Ids of the items changed after ``seq`` (deleted and trashed ones included)."""
    return [int(r[0]) for r in db.query("SELECT item_id FROM item_changes WHERE seq > ?", (seq,))]


def change_seq(db: Database) -> int:
    """The catalog's change counter: one cheap query, asked before every search."""
    value = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    return int(value or 0)


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


@dataclass(frozen=True)
class HitRow:
    """What a result shows of an item, read from the catalog."""

    id: int
    title: str | None
    caption: str | None
    transcription: str | None
    original_name: str
    captured_at: str | None
    published: bool
    event: str | None
    event_name: str | None
    language: str
    session: str | None
    session_id: int | None
    #: What else a person wrote, and what the machine read (for "matched only there").
    alt_text: str | None = None
    ocr_text: str | None = None


def hit_rows(db: Database, ids: Sequence[int]) -> dict[int, HitRow]:
    """The rows of the shown results (live items only), by id."""
    if not ids:
        return {}
    present = {r[1] for r in db.query("PRAGMA table_info(items)")}
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
    return {
        int(r[0]): HitRow(
            id=int(r[0]),
            title=r[1],
            caption=r[2],
            transcription=r[3],
            original_name=r[4],
            captured_at=r[5],
            published=bool(r[6]),
            event=r[7],
            event_name=r[8],
            language=language_of(r[9]),
            session=r[10],
            session_id=r[11],
            alt_text=r[12],
            ocr_text=r[13],
        )
        for r in rows
    }


def event_id(db: Database, slug: str) -> int | None:
    value = db.scalar("SELECT id FROM events WHERE slug = ?", (slug,))
    return None if value is None else int(value)


def event_names(db: Database) -> dict[str, str]:
    return {r[0]: r[1] for r in db.query("SELECT slug, name FROM events")}


#: The facets, in the order a results page shows them.
FACETS = ("event", "session", "speaker", "illustrator", "tag")

#: Facet name → SQL naming the given catalog ids: rows of (id, value, label).
_FACET_LABELS: dict[str, str] = {
    "event": "SELECT id, slug, name FROM events",
    "session": "SELECT id, id, title FROM sessions",
    "speaker": "SELECT id, name, name FROM people",
    "illustrator": "SELECT id, name, name FROM people",
    "tag": "SELECT id, path, path FROM tags",
}


def facet_labels(
    db: Database, counts: dict[str, dict[int, int]], *, limit: int = 20
) -> dict[str, list[tuple[str, str, int]]]:
    """The ``limit`` most frequent values of each facet, named: (value, label, count).

    ``counts`` maps facet → catalog id → number of matching items; ids the catalog no
    longer has are left out.
    """
    out: dict[str, list[tuple[str, str, int]]] = {}
    for name in FACETS:
        counted = counts.get(name, {})
        top = sorted(counted.items(), key=lambda pair: -pair[1])[: limit * 2]
        names = {
            int(r[0]): (str(r[1]), str(r[2]))
            for r in db.query(
                f"{_FACET_LABELS[name]} WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps([key for key, _ in top]),),
            )
        }
        values = [(*names[key], n) for key, n in top if key in names]
        values.sort(key=lambda v: (-v[2], v[1].casefold()))
        out[name] = values[:limit]
    return out
