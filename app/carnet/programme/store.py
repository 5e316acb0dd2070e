"""Putting a programme into the catalog, and matching items to its sessions."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from carnet.catalog.database import Database
from carnet.catalog.events import Event, add_role, camera_key, camera_offsets, person_id
from carnet.programme.matching import CaptureInfo, MatchResult, SessionSlot, match_items
from carnet.programme.model import Programme

log = logging.getLogger(__name__)


@dataclass
class ProgrammeSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    speakers: int = 0


def import_programme(db: Database, event: Event, programme: Programme) -> ProgrammeSummary:
    """Add or update the event's sessions from ``programme``, in one transaction.

    A session already in the catalog is recognised by its UID when the file has one, or else
    by its title and start time, so importing an updated programme updates it instead of
    adding a copy. Sessions missing from the file are kept: items may be tied to them.
    """
    summary = ProgrammeSummary()
    speakers: set[str] = set()
    with db.transaction() as conn:
        for record in programme.sessions:
            start, end = record.start.isoformat(), record.end.isoformat()
            row = None
            if record.uid:
                row = conn.execute(
                    "SELECT id FROM sessions WHERE event_id = ? AND uid = ?",
                    (event.id, record.uid),
                ).fetchone()
            if row is None:
                row = conn.execute(
                    "SELECT id FROM sessions WHERE event_id = ? AND lower(title) = lower(?)"
                    " AND start = ?",
                    (event.id, record.title, start),
                ).fetchone()
            values = (
                record.title,
                record.track,
                record.room,
                start,
                end,
                record.description,
                record.uid,
            )
            if row is None:
                session_id = int(
                    conn.execute(
                        "INSERT INTO sessions (title, track, room, start, end, description, uid,"
                        " event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, event.id),
                    ).lastrowid
                    or 0
                )
                summary.added += 1
            else:
                session_id = int(row[0])
                before = conn.execute(
                    "SELECT title, track, room, start, end, description, uid FROM sessions"
                    " WHERE id = ?",
                    (session_id,),
                ).fetchone()
                if tuple(before) != values:
                    conn.execute(
                        "UPDATE sessions SET title = ?, track = ?, room = ?, start = ?, end = ?,"
                        " description = ?, uid = coalesce(?, uid) WHERE id = ?",
                        (*values, session_id),
                    )
                    summary.updated += 1
                else:
                    summary.unchanged += 1
            current = [
                r[0]
                for r in conn.execute(
                    "SELECT p.name FROM session_speakers ss JOIN people p ON p.id = ss.person_id"
                    " WHERE ss.session_id = ? ORDER BY ss.position",
                    (session_id,),
                )
            ]
            if current != record.speakers:
                conn.execute("DELETE FROM session_speakers WHERE session_id = ?", (session_id,))
                for position, name in enumerate(record.speakers):
                    pid = person_id(conn, name)
                    conn.execute(
                        "INSERT OR IGNORE INTO session_speakers (session_id, person_id, position)"
                        " VALUES (?, ?, ?)",
                        (session_id, pid, position),
                    )
            for name in record.speakers:
                add_role(conn, event.id, person_id(conn, name), "speaker")
                speakers.add(name.casefold())
    summary.speakers = len(speakers)
    return summary


@dataclass
class MatchSummary:
    results: list[MatchResult] = field(default_factory=list)
    changed: int = 0

    def count(self, reason: str) -> int:
        return sum(1 for r in self.results if r.reason == reason)


def match_event(
    db: Database,
    event: Event,
    *,
    grace: timedelta = timedelta(minutes=30),
    dry_run: bool = False,
    track: str | None = None,
    room: str | None = None,
    illustrator: str | None = None,
) -> MatchSummary:
    """Tie the event's items (and items of no event) to sessions by capture time.

    Items whose session was set by hand (or cleared by hand) are left alone; items matched
    automatically before are matched again, so a corrected camera offset takes effect.
    ``track``, ``room`` and ``illustrator`` narrow the match, e.g. to the room an
    illustrator stayed in when several sessions ran at once; a narrowed match only settles
    items that have no session yet, since it cannot see the sessions it leaves out.
    """
    narrowed = bool(track or room)
    where = ["(s.track = ? OR ? IS NULL)", "(s.room = ? OR ? IS NULL)"]
    sessions = [
        SessionSlot(
            session_id=int(r["id"]),
            start=datetime.fromisoformat(r["start"]),
            end=datetime.fromisoformat(r["end"]),
            title=r["title"],
        )
        for r in db.query(
            "SELECT s.id, s.start, s.end, s.title FROM sessions s WHERE s.event_id = ? AND "
            + " AND ".join(where),
            (event.id, track, track, room, room),
        )
    ]
    sql = (
        "SELECT i.id, i.captured_at, i.capture_offset, i.camera_make, i.camera_model,"
        " i.session_id FROM items i WHERE i.trashed_at IS NULL"
        " AND (i.event_id = ? OR i.event_id IS NULL)"
        " AND (i.session_source IS NULL OR i.session_source = 'auto')"
    )
    if narrowed:
        sql += " AND i.session_id IS NULL"
    params: list[object] = [event.id]
    if illustrator:
        sql += (
            " AND i.id IN (SELECT ip.item_id FROM item_people ip JOIN people p"
            " ON p.id = ip.person_id WHERE ip.role = 'illustrator' AND p.name = ?)"
        )
        params.append(" ".join(illustrator.split()))
    rows = db.query(sql, params)
    current = {int(r["id"]): r["session_id"] for r in rows}
    infos = [
        CaptureInfo(
            item_id=int(r["id"]),
            captured_at=_capture_time(r["captured_at"], r["capture_offset"]),
            camera=camera_key(r["camera_make"], r["camera_model"]),
        )
        for r in rows
    ]
    offsets = {k: timedelta(seconds=v) for k, v in camera_offsets(db).items()}
    results = match_items(infos, sessions, event.tz, grace, offsets)
    summary = MatchSummary(results=results)
    changes = [
        (r.session_id, r.item_id)
        for r in results
        if r.session_id is not None and current[r.item_id] != r.session_id
    ]
    summary.changed = len(changes)
    if changes and not dry_run:
        with db.transaction() as conn:
            conn.executemany(
                "UPDATE items SET session_id = ?, session_source = 'auto', event_id = ?"
                " WHERE id = ?",
                [(session_id, event.id, item_id) for session_id, item_id in changes],
            )
    return summary


def _capture_time(captured_at: str | None, offset: str | None) -> datetime | None:
    if not captured_at:
        return None
    try:
        value = datetime.fromisoformat(captured_at + (offset or ""))
    except ValueError:
        try:
            value = datetime.fromisoformat(captured_at)
        except ValueError:
            return None
    return value
