"""Coverage: how many items each session of an event holds, for everyone or for one
illustrator, and the same table as CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from carnet.catalog.browse import SessionCount
from carnet.catalog.database import Database
from carnet.catalog.events import get_event_by_id

CSV_HEADER = ("session_id", "start", "end", "title", "track", "room", "items")


def coverage(db: Database, event_id: int, illustrator: str | None = None) -> list[SessionCount]:
    """Every session of the event with its number of live items, in time order; with
    ``illustrator``, only the items credited to that illustrator count."""
    get_event_by_id(db, event_id)
    only = ""
    params: list[object] = []
    if illustrator:
        only = (
            " AND i.id IN (SELECT ip.item_id FROM item_people ip JOIN people p"
            " ON p.id = ip.person_id WHERE ip.role = 'illustrator' AND p.name = ?)"
        )
        params.append(" ".join(illustrator.split()))
    rows = db.query(
        "SELECT s.id, s.title, s.start, s.end, s.track, s.room, count(i.id) FROM sessions s"
        f" LEFT JOIN items i ON i.session_id = s.id AND i.trashed_at IS NULL{only}"
        " WHERE s.event_id = ? GROUP BY s.id ORDER BY s.start, s.title",
        (*params, event_id),
    )
    return [
        SessionCount(int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], r[5], int(r[6]))
        for r in rows
    ]


def illustrators_of_event(db: Database, event_id: int) -> list[str]:
    """The illustrators credited on the event's items, by name."""
    rows = db.query(
        "SELECT DISTINCT p.name FROM people p JOIN item_people ip ON ip.person_id = p.id"
        " JOIN items i ON i.id = ip.item_id WHERE ip.role = 'illustrator' AND i.event_id = ?"
        " ORDER BY p.name COLLATE NOCASE",
        (event_id,),
    )
    return [str(r[0]) for r in rows]


def coverage_csv(rows: Sequence[SessionCount]) -> str:
    """The coverage table as CSV text (a header line, then one line per session)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        texts = (_cell(r.title), _cell(r.track or ""), _cell(r.room or ""))
        writer.writerow((r.id, r.start, r.end, *texts, r.count))
    return out.getvalue()


def _cell(text: str) -> str:
    """A programme's text as a spreadsheet shows it, never as a formula it would run."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
