"""The machine-read text of items: which items to read, and keeping what was read.

What ``carnet transcribe`` (``ocr/``) read of a drawing's lettering goes in its own
columns (migration 6): the text, the engine and model that read it, its mean confidence
and when. It is never written over the transcription, which is a person's; "use as
transcription" copies it there through the ordinary edit (``items.update_items``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from carnet.catalog.database import Database, chunked
from carnet.catalog.fields import FIELDS_BY_NAME
from carnet.errors import NotFound
from carnet.media.corrections import Corrections, read_corrections
from carnet.messages import Text


@dataclass(frozen=True)
class ReadTarget:
    """What a reader needs to find an item's image (plain data, sent to workers)."""

    id: int
    hash: str
    format: str
    orientation: int
    corrections: Corrections


_SELECT = "SELECT id, hash, format, orientation, corrections, ocr_read_at FROM items"


def items_to_read(
    db: Database,
    ids: Sequence[int] = (),
    *,
    event_id: int | None = None,
    every: bool = False,
    redo: bool = False,
) -> list[ReadTarget]:
    """The items to read: those of ``ids`` (each must exist), of the event, or ``every``
    live one; without ``redo``, those already read are left out. In id order."""
    rows = []
    if ids:
        for chunk in chunked(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            found = db.query(f"{_SELECT} WHERE id IN ({marks})", chunk)
            missing = set(chunk) - {int(r[0]) for r in found}
            if missing:
                raise NotFound(Text("no item with id {id}", id=min(missing)))
            rows.extend(found)
    if event_id is not None:
        rows.extend(db.query(f"{_SELECT} WHERE event_id = ? AND trashed_at IS NULL", (event_id,)))
    if every:
        rows.extend(db.query(f"{_SELECT} WHERE trashed_at IS NULL"))
    targets: dict[int, ReadTarget] = {}
    for r in rows:
        if r[5] is not None and not redo:
            continue
        corrections = read_corrections(r[4], item_id=int(r[0]))
        targets[int(r[0])] = ReadTarget(int(r[0]), r[1], r[2], int(r[3] or 1), corrections)
    return [targets[i] for i in sorted(targets)]


def store_reading(
    db: Database, item_id: int, text: str, engine: str, confidence: float | None
) -> None:
    """Keep what the machine read of an item (an empty text: it found no lettering)."""
    cleaned = FIELDS_BY_NAME["ocr_text"].clean(text)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with db.transaction() as conn:
        cur = conn.execute(
            "UPDATE items SET ocr_text = ?, ocr_engine = ?, ocr_confidence = ?,"
            " ocr_read_at = ? WHERE id = ?",
            (cleaned, engine, confidence, now, item_id),
        )
        if cur.rowcount == 0:
            raise NotFound(Text("no item with id {id}", id=item_id))


def unread_ids(db: Database, ids: Sequence[int]) -> list[int]:
    """Those of ``ids`` (live items) that were never read: what to read after an import."""
    found: list[int] = []
    for chunk in chunked(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        found.extend(
            int(r[0])
            for r in db.query(
                f"SELECT id FROM items WHERE id IN ({marks}) AND ocr_read_at IS NULL"
                " AND trashed_at IS NULL",
                chunk,
            )
        )
    return found
