"""What the search index makes of the catalog: documents, result rows, facet labels.

The rows come from ``catalog/indexing.py`` in bulk, one query per relation over a chunk
of ids — never one query per item: that is what keeps indexing above a thousand items a
second. Here they become what Whoosh stores (languages, stems, keywords).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from carnet.catalog import indexing
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


def fetch_documents(db: Database, ids: Iterable[int]) -> Iterator[list[Document]]:
    """The documents of the live (not trashed, not deleted) items among ``ids``, by chunk."""
    for chunk in chunked(sorted(set(ids)), CHUNK):
        yield _documents(db, chunk)


def _documents(db: Database, chunk: list[int]) -> list[Document]:
    docs: dict[int, Document] = {}
    session_of: dict[int, list[Document]] = {}
    first = len(indexing.DOCUMENT_COLUMNS)
    for r in indexing.document_rows(db, chunk, _SEARCHED):
        doc = Document(
            id=r[0],
            language=language_of(r[7]),
            values={f.name: r[first + n] for n, f in enumerate(_SEARCHED)},
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
    for item_id, path, tag_id in indexing.tags_of_items(db, chunk):
        if (tagged := docs.get(item_id)) is not None:
            tagged.tags.append(path)
            tagged.tag_ids.append(tag_id)
    for item_id, name, role, person_id in indexing.people_of_items(db, chunk):
        if (person_of := docs.get(item_id)) is None:
            continue
        if role == "speaker":
            person_of.speakers.append(name)
            person_of.speaker_ids.append(person_id)
        elif role == "illustrator":
            person_of.illustrators.append(name)
            person_of.illustrator_ids.append(person_id)
    if session_of:
        # An item tied to a session is found by the session's speakers too (the catalog's
        # triggers reindex its items when they change).
        for session_id, name, person_id in indexing.speakers_of_sessions(db, sorted(session_of)):
            for doc in session_of[session_id]:
                if person_id not in doc.speaker_ids:
                    doc.speakers.append(name)
                    doc.speaker_ids.append(person_id)
    return list(docs.values())


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
    rows = indexing.hit_row_values(db, ids)
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


#: The facets, in the order a results page shows them.
FACETS = ("event", "session", "speaker", "illustrator", "tag")


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
        names = indexing.facet_names(db, name, [key for key, _ in top])
        values = [(*names[key], n) for key, n in top if key in names]
        values.sort(key=lambda v: (-v[2], v[1].casefold()))
        out[name] = values[:limit]
    return out
