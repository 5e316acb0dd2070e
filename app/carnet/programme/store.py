"""Putting a programme into the catalog, and matching items to its sessions."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from carnet.catalog.database import Database
from carnet.catalog.events import (
    Event,
    add_role,
    camera_key,
    camera_offsets,
    has_scoped_offsets,
    item_clock_keys,
    person_id,
)
from carnet.catalog.matches import rejected_sessions
from carnet.catalog.programmes import (
    ImportChanges,
    event_session_speakers,
    event_session_values,
    event_speaker_names,
    event_speakers,
    insert_session_values,
    items_to_match,
    last_person_id,
    replace_session_speakers,
    sessions_to_match,
    tie_automatically,
    update_session_values,
)
from carnet.errors import Problem
from carnet.programme.matching import (
    CaptureInfo,
    MatchResult,
    SessionSlot,
    match_items,
    without_rejected,
)
from carnet.programme.model import Programme, SessionRecord

log = logging.getLogger(__name__)


@dataclass
class ProgrammeSummary:
    """What an import did: counts for the user, and ``changes`` for the window's undo."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    speakers: int = 0
    changes: ImportChanges | None = None


@dataclass
class ProgrammePlan:
    """What importing a programme would do, for a preview before anything is written.

    ``added`` are records that would become new sessions; ``updated`` and ``unchanged`` pair
    a record with the session it would update (or leaves as it is); ``skipped`` are the
    entries of the file that cannot become a session, with their line and reason.
    """

    added: list[SessionRecord] = field(default_factory=list)
    updated: list[tuple[int, SessionRecord]] = field(default_factory=list)
    unchanged: list[tuple[int, SessionRecord]] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


Progress = Callable[[int, int], None]


def event_days(event: Event) -> tuple[date, date] | None:
    """The event's first and last day, when both are set: recurring entries are expanded there."""
    if not event.start_date:
        return None
    first = date.fromisoformat(event.start_date)
    last = date.fromisoformat(event.end_date) if event.end_date else first
    return first, last


def _values(record: SessionRecord) -> tuple[object, ...]:
    return (
        record.title,
        record.track,
        record.room,
        record.start.isoformat(),
        record.end.isoformat(),
        record.description,
        record.uid,
    )


def plan_programme(db: Database, event: Event, programme: Programme) -> ProgrammePlan:
    """Say what ``import_programme`` would do with ``programme``, writing nothing.

    Sessions are found as the import finds them (UID, else title and start), and a record
    later in the file sees the sessions earlier records would add. A session counts as
    updated when its values or its speakers (names, case ignored) would change.
    """
    plan = ProgrammePlan(skipped=list(programme.skipped))
    known = _EventSessions(db.conn, event.id)  # reads only: works on a read-only archive
    names = {pid: name.casefold() for pid, name in event_speaker_names(db, event.id).items()}
    new_id = 0
    for record in programme.sessions:
        values = _values(record)
        session_id = known.find(record.uid, record.title, str(values[3]))
        if session_id is None:
            new_id -= 1  # a place-holder, so later records find this one
            known.put(new_id, values)
            known.speakers[new_id] = []
            plan.added.append(record)
            continue
        if session_id < 0:
            plan.unchanged.append((session_id, record))
            continue
        before = known.rows[session_id]
        if record.uid is None:
            values = (*values[:6], before[6])
        speakers_before = [names.get(pid, "") for pid in known.speakers.get(session_id, [])]
        speakers_after = list(dict.fromkeys(name.casefold() for name in record.speakers))
        if before != values or speakers_before != speakers_after:
            known.put(session_id, values)
            plan.updated.append((session_id, record))
        else:
            plan.unchanged.append((session_id, record))
    return plan


def _ascii_lower(text: str) -> str:
    """``text`` with A–Z folded and nothing else: what SQLite's built-in ``lower()`` does.

    Sessions were found by ``lower(title) = lower(?)``; finding them in memory must fold
    the same letters, no more (``str.lower`` would also fold É to é).
    """
    if text.isascii():
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


class _EventSessions:
    """The event's sessions, read once, and found again by UID or by title and start.

    Importing looks up every record of the file; asking the catalog each time costs a scan
    of the event's sessions per record (there is no index on ``uid``), which made a
    programme of 20,000 sessions take minutes. Here each lookup is a dictionary access, and
    the maps follow the sessions this import adds and updates, so a record later in the file
    sees what an earlier one did — as it would by asking the catalog.
    """

    def __init__(self, conn: sqlite3.Connection, event_id: int) -> None:
        self.rows: dict[int, tuple[object, ...]] = {}
        self._by_uid: dict[str, set[int]] = {}
        self._by_title: dict[tuple[str, str], set[int]] = {}
        for session_id, values in event_session_values(conn, event_id):
            self._add(session_id, values)
        self.speakers = event_session_speakers(conn, event_id)

    @staticmethod
    def _title_key(title: object, start: object) -> tuple[str, str]:
        return (_ascii_lower(str(title)), str(start))

    def _add(self, session_id: int, values: tuple[object, ...]) -> None:
        self.rows[session_id] = values
        title, start, uid = values[0], values[3], values[6]
        if uid is not None:
            self._by_uid.setdefault(str(uid), set()).add(session_id)
        self._by_title.setdefault(self._title_key(title, start), set()).add(session_id)

    def _drop(self, session_id: int) -> None:
        values = self.rows.pop(session_id)
        title, start, uid = values[0], values[3], values[6]
        if uid is not None:
            self._by_uid[str(uid)].discard(session_id)
        self._by_title[self._title_key(title, start)].discard(session_id)

    def find(self, uid: str | None, title: str, start: str) -> int | None:
        """The session with this UID, else with this title (ASCII case ignored) and start.

        When several match (a catalog edited by hand may hold two), the oldest is taken.
        """
        found = self._by_uid.get(uid) if uid else None
        if not found:
            found = self._by_title.get(self._title_key(title, start))
        return min(found) if found else None

    def put(self, session_id: int, values: tuple[object, ...]) -> None:
        """Record the new values of a session this import added or updated."""
        if session_id in self.rows:
            self._drop(session_id)
        self._add(session_id, values)


class _People:
    """Person ids by name for one import: each distinct name costs the catalog one lookup."""

    def __init__(self, conn: sqlite3.Connection, event_id: int) -> None:
        self.conn = conn
        self.event_id = event_id
        self._ids: dict[str, int] = {}
        self._speakers = event_speakers(conn, event_id)
        #: People this import gave the speaker role (for its undo).
        self.given: list[int] = []

    def speaker(self, name: str) -> int:
        """The id of the person called ``name``, created if new, given the speaker role."""
        pid = self._ids.get(name)
        if pid is None:
            pid = self._ids[name] = person_id(self.conn, name)
        if pid not in self._speakers:
            add_role(self.conn, self.event_id, pid, "speaker")
            self._speakers.add(pid)
            self.given.append(pid)
        return pid


def import_programme(
    db: Database,
    event: Event,
    programme: Programme,
    *,
    progress: Progress | None = None,
) -> ProgrammeSummary:
    """Add or update the event's sessions from ``programme``, in one transaction.

    A session already in the catalog is recognised by its UID when the file has one, or else
    by its title and start time, so importing an updated programme updates it instead of
    adding a copy. Sessions missing from the file are kept: items may be tied to them.
    A session whose values and speakers are all the same is not written at all, so
    re-importing an unchanged programme changes nothing in the catalog. The summary's
    ``changes`` say what ``catalog.programmes.undo_import`` needs to undo it.

    The work grows linearly with the number of sessions: the event's sessions are read once
    (see ``_EventSessions``). ``progress(done, total)`` is called as records are stored (a
    few hundred times at most) and once at the end.
    """
    summary = ProgrammeSummary()
    speakers: set[str] = set()
    records = programme.sessions
    total = len(records)
    every = max(1, total // 200)
    with db.transaction() as conn:
        known = _EventSessions(conn, event.id)
        people = _People(conn, event.id)
        changes = ImportChanges(event.id, people_after=last_person_id(conn))
        added: set[int] = set()
        for done, record in enumerate(records):
            if progress is not None and done % every == 0:
                progress(done, total)
            start, end = record.start.isoformat(), record.end.isoformat()
            values: tuple[object, ...] = (
                record.title,
                record.track,
                record.room,
                start,
                end,
                record.description,
                record.uid,
            )
            session_id = known.find(record.uid, record.title, start)
            if session_id is None:
                session_id = insert_session_values(conn, event.id, values)
                known.put(session_id, values)
                added.add(session_id)
                changes.added.append(session_id)
                summary.added += 1
            else:
                before = known.rows[session_id]
                if record.uid is None:  # "uid = coalesce(?, uid)": a file without UIDs keeps them
                    values = (*values[:6], before[6])
                if before != values:
                    update_session_values(conn, session_id, values)
                    if session_id not in added:
                        changes.values.setdefault(session_id, before)
                    known.put(session_id, values)
                    summary.updated += 1
                else:
                    summary.unchanged += 1
            # Names are matched as the catalog matches them (case-insensitively), so a file
            # that writes a speaker in another case does not rewrite the session each time.
            pids = list(dict.fromkeys(people.speaker(name) for name in record.speakers))
            if known.speakers.get(session_id, []) != pids:
                if session_id not in added:
                    changes.speakers.setdefault(session_id, known.speakers.get(session_id, []))
                replace_session_speakers(conn, session_id, pids)
                known.speakers[session_id] = pids
            speakers.update(name.casefold() for name in record.speakers)
        changes.roles = people.given
    if progress is not None:
        progress(total, total)
    summary.speakers = len(speakers)
    summary.changes = changes
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
    A session the user rejected for an item is never suggested for it again.
    ``track``, ``room`` and ``illustrator`` narrow the match, e.g. to the room an
    illustrator stayed in when several sessions ran at once; a narrowed match only settles
    items that have no session yet, since it cannot see the sessions it leaves out.
    """
    narrowed = bool(track or room)
    sessions = [
        SessionSlot(
            session_id=int(r["id"]),
            start=datetime.fromisoformat(r["start"]),
            end=datetime.fromisoformat(r["end"]),
            title=r["title"],
        )
        for r in sessions_to_match(db, event.id, track, room)
    ]
    rows = items_to_match(db, event.id, unmatched_only=narrowed, illustrator=illustrator)
    current = {int(r["id"]): r["session_id"] for r in rows}
    # Offsets by device serial and by illustrator before the camera model's.
    clocks = item_clock_keys(db, current) if has_scoped_offsets(db) else {}
    infos = [
        CaptureInfo(
            item_id=int(r["id"]),
            captured_at=_capture_time(r["captured_at"], r["capture_offset"]),
            camera=camera_key(r["camera_make"], r["camera_model"]),
            clocks=clocks.get(int(r["id"]), ()),
        )
        for r in rows
    ]
    offsets = {k: timedelta(seconds=v) for k, v in camera_offsets(db).items()}
    results = match_items(infos, sessions, event.tz, grace, offsets)
    results = without_rejected(results, rejected_sessions(db))
    summary = MatchSummary(results=results)
    changes = [
        (r.session_id, r.item_id)
        for r in results
        if r.session_id is not None and current[r.item_id] != r.session_id
    ]
    summary.changed = len(changes)
    if changes and not dry_run:
        tie_automatically(db, event.id, changes)
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
