"""Carrying out a ``MergePlan``: originals first, then one catalog transaction.

The originals a merge brings in are read, checked against their hash and stored with their
previews by the import's own stages (``importing/pipeline.py``), on its process pool when
there are many: content-addressed, so a merge killed at that stage leaves at most files no
item uses, which ``carnet check`` reports. Then one transaction writes everything else —
events, sessions, people, items, field values, provenance, the bases of the next merge and
the conflicts left open — so a killed merge leaves the catalog as it was before or after.
Automatic matches of the contribution's items are made again with the merged programme
and the contributor's own clock offsets (kept in the archive under the contributor's name
when they are a camera model's, so two illustrators with the same phone keep their own);
hand-set matches are kept. Covers and hand-set orders come last, once the drawings are in
their sessions. The SQL is ``catalog/merging.py``'s.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carnet.catalog import merging
from carnet.catalog.archive import Archive, ArchivePaths
from carnet.catalog.events import (
    ILLUSTRATOR_KEY,
    SERIAL_KEY,
    camera_offsets,
    item_clock_keys,
    offset_key,
)
from carnet.catalog.fields import ITEM_FIELDS
from carnet.catalog.items import NewItem, insert_item, normalise_tag
from carnet.errors import Cancelled, InvalidValue, write_error
from carnet.importing.pipeline import ImportTask, read, store_and_derive
from carnet.media.corrections import read_corrections
from carnet.media.derive import make_derivatives
from carnet.media.formats import EXTENSIONS
from carnet.merge.package import PackageRefused, Source, SourceItem
from carnet.merge.plan import SETS, FieldChange, MergePlan, SessionResolver, has_merge_tables
from carnet.messages import Text
from carnet.processes import exit_with_parent, process_context
from carnet.programme.matching import CaptureInfo, SessionSlot, match_items
from carnet.programme.store import _capture_time

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class MergeSummary:
    """What a merge did."""

    contribution_id: int | None = None
    items_added: int = 0
    fields_updated: int = 0
    conflicts: int = 0
    rematched: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    #: How to restore the archive as it was before (``apply_plan(keep_undo=True)``).
    undo: MergeUndo | None = None


@dataclass
class MergeUndo:
    """What undoing a merge needs: the catalog as it was, and the originals it added."""

    backup: Path
    added: list[tuple[str, str]] = field(default_factory=list)  # (hash, format)


#: The copy of the catalog an undoable merge keeps beside it.
UNDO_NAME = "catalog.sqlite.before-merge"


def _bring(task: ImportTask, expected: str, paths: ArchivePaths) -> ImportTask:
    """Read an original from the source, check it is what its hash says, store it."""
    task = read(task)
    if task.outcome:
        return task
    if task.hash != expected:
        return task.reject(Text("its content does not match its checksum"))
    return store_and_derive(task, paths)


def bring_originals(
    archive: Archive,
    items: list[SourceItem],
    *,
    jobs: int = 0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[set[str], list[tuple[str, str]]]:
    """Store the originals of ``items`` (and their previews); returns the hashes stored and
    the (hash, reason) of those refused. A checksum that does not match refuses the whole
    merge, before the catalog is touched."""
    cancel = cancel or threading.Event()
    total = len(items)
    stored: set[str] = set()
    rejected: list[tuple[str, str]] = []
    jobs = jobs or os.cpu_count() or 1

    def done(task: ImportTask, expected: str) -> None:
        if task.outcome == "rejected":
            rejected.append((expected, str(task.reason)))
        else:
            stored.add(expected)
        if progress is not None:
            progress(len(stored) + len(rejected), total)

    work = deque((ImportTask(path=i.original), i.hash) for i in items if i.original is not None)
    if jobs <= 1 or len(work) <= 1:
        for task, expected in work:
            if cancel.is_set():
                raise Cancelled(Text("merge cancelled: the archive is as it was"))
            done(_bring(task, expected, archive.paths), expected)
    else:
        # A few tasks in flight per worker, as the import does: the results (each with its
        # metadata) are handed back as they come, never all held at once.
        flight: dict[Future[ImportTask], str] = {}
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=process_context(), initializer=exit_with_parent
        ) as pool:
            try:
                while work or flight:
                    if cancel.is_set():
                        raise Cancelled(Text("merge cancelled: the archive is as it was"))
                    while work and len(flight) < jobs * 3:
                        task, expected = work.popleft()
                        flight[pool.submit(_bring, task, expected, archive.paths)] = expected
                    finished, _ = wait(flight, timeout=0.5, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done(future.result(), flight.pop(future))
            except BaseException:
                for future in flight:
                    future.cancel()
                raise
    bad = [h for h, reason in rejected if "checksum" in reason]
    if bad:
        raise PackageRefused(
            Text(
                "{count} original(s) of the source do not match their checksum (first: {hash});"
                " nothing was merged",
                count=len(bad),
                hash=bad[0],
            )
        )
    return stored, rejected


def apply_plan(
    archive: Archive,
    plan: MergePlan,
    *,
    jobs: int = 0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    keep_undo: bool = False,
) -> MergeSummary:
    """Merge ``plan``'s source into ``archive`` (see the module's docstring).

    ``keep_undo`` keeps a copy of the catalog as it was and the list of originals the merge
    adds, for ``undo_merge`` (the desktop app's undo).
    """
    summary = MergeSummary()
    if plan.empty:
        return summary
    source = plan.source
    paths = archive.paths
    new = [
        (i.hash, i.format)
        for i in plan.new_items
        if not paths.original(i.hash, EXTENSIONS[i.format]).exists()
    ]
    stored, summary.rejected = bring_originals(
        archive, plan.new_items, jobs=jobs, progress=progress, cancel=cancel
    )
    if cancel is not None and cancel.is_set():
        raise Cancelled(Text("merge cancelled: the archive is as it was"))
    if keep_undo:
        backup = archive.root / UNDO_NAME
        try:
            merging.copy_catalog(archive.db, backup)
        except (sqlite3.Error, OSError) as exc:
            raise write_error(OSError(str(exc)), archive.root) or PackageRefused(
                Text("cannot keep the catalog for undo: {error}", error=str(exc))
            ) from exc
        summary.undo = MergeUndo(backup, [(h, f) for h, f in new if h in stored])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    corrected: list[tuple[str, str, int, Any]] = []
    with archive.db.transaction() as conn:
        contribution = merging.find_or_add_contribution(
            conn,
            package_id=source.package_id,
            source_key=source.source_key,
            illustrator=source.illustrator,
            package_name=source.name,
            source_archive=source.source_archive,
            created_at=source.created_at,
            merged_at=now,
        )
        summary.contribution_id = contribution
        resolve = SessionResolver(archive)
        events = _events(conn, source)
        _sessions(conn, source, events, resolve)
        provenance_rows: list[tuple[int, str, int]] = []
        for item in plan.new_items:
            if item.hash not in stored:
                continue
            item_id = _insert(conn, item, events, resolve, plan.same_people, source.illustrator)
            summary.items_added += 1
            provenance_rows.append((item_id, "", contribution))
            provenance_rows += [
                (item_id, f.name, contribution) for f in ITEM_FIELDS if item.values.get(f.name)
            ]
            if item.corrections:
                corrected.append(
                    (item.hash, item.format, int(item.values["orientation"]), item.corrections)
                )
        merging.record_provenance(conn, provenance_rows)
        places = [c for c in plan.updates if c.target is not None]
        for change in plan.updates:
            if change.target is not None:
                continue
            _set(conn, change.item_id, change.field, change.value, resolve)
            merging.record_provenance(conn, [(change.item_id, change.field, contribution)])
            merging.clear_conflict(conn, change.item_id, change.field)
            summary.fields_updated += 1
        for change in plan.conflicts:
            mine = json.dumps(change.mine, ensure_ascii=False)
            theirs = json.dumps(change.theirs, ensure_ascii=False)
            about = change.target if change.target is not None else change.item_id
            merging.record_conflict(conn, about, change.field, contribution, mine, theirs)
            summary.conflicts += 1
        merging.record_bases(
            conn, source.source_key, [(h, name, v) for (h, name), v in plan.bases.items()]
        )
        _keep_offsets(conn, source)
        summary.rematched = _rematch(archive, conn, source, events)
        for change in places:
            if _set_place(archive, conn, change, events, resolve):
                merging.clear_conflict(conn, str(change.target), change.field)
                summary.fields_updated += 1
    for digest, fmt, orientation, corrections in corrected:
        paths = archive.paths
        try:
            make_derivatives(
                paths.original(digest, EXTENSIONS[fmt]),
                fmt,
                orientation,
                paths.thumbnail(digest),
                paths.preview(digest),
                read_corrections(json.dumps(corrections), item_id=0),
            )
        except Exception:  # derived data: carnet check --repair makes it again
            log.exception("previews of %s not corrected", digest)
    return summary


def undo_merge(archive: Archive, undo: MergeUndo) -> None:
    """Restore the archive as it was before a merge: its catalog, and without the originals
    (and their previews) the merge added. The copy of the catalog is then removed."""
    try:
        merging.restore_catalog(archive.db, undo.backup)
    except sqlite3.Error as exc:
        raise PackageRefused(
            Text(
                "cannot restore the catalog from {path}: {error}",
                path=str(undo.backup),
                error=str(exc),
            )
        ) from exc
    paths = archive.paths
    for digest, fmt in undo.added:
        for path in (
            paths.original(digest, EXTENSIONS[fmt]),
            paths.preview(digest),
            paths.thumbnail(digest),
        ):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("cannot remove %s: %s", path, exc)
    undo.backup.unlink(missing_ok=True)


def _events(conn: sqlite3.Connection, source: Source) -> dict[str, tuple[int, str]]:
    """Event ids and timezones by slug, adding the source's events the archive lacks."""
    out: dict[str, tuple[int, str]] = {}
    for e in source.events:
        found = merging.event_by_slug(conn, e.slug)
        if found is None:
            timezone = e.timezone
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                timezone = "UTC"
            event_id = merging.insert_event(
                conn,
                {
                    "slug": e.slug,
                    "name": e.name.strip() or e.slug,
                    "timezone": timezone,
                    "language": e.language if e.language in ("fr", "en") else "en",
                    "place": e.place,
                    "start_date": e.start_date,
                    "end_date": e.end_date,
                    "licence": e.licence,
                },
            )
            found = (event_id, timezone)
        out[e.slug] = found
        for name, role in e.people:
            if name.strip():
                merging.add_event_person(conn, found[0], name, role)
    return out


def _sessions(
    conn: sqlite3.Connection,
    source: Source,
    events: dict[str, tuple[int, str]],
    resolve: SessionResolver,
) -> None:
    for e in source.events:
        event_id = events[e.slug][0]
        for s in e.sessions:
            if resolve(s.uid, s.title, s.start) is not None:
                continue
            values = {
                "title": s.title,
                "track": s.track,
                "room": s.room,
                "start": s.start,
                "end": s.end,
                "description": s.description,
                "uid": s.uid,
            }
            session_id = merging.insert_session(conn, event_id, values, s.speakers)
            resolve.add(session_id, s.uid, s.title, s.start)


def _insert(
    conn: sqlite3.Connection,
    item: SourceItem,
    events: dict[str, tuple[int, str]],
    resolve: SessionResolver,
    same: dict[str, str],
    illustrator: str | None,
) -> int:
    """Add a new item from the source; a drawing nobody is credited for is credited to the
    package's illustrator (so the kit's about page names every contributor)."""
    v = item.values
    event_id = events[item.event][0] if item.event else None
    new = NewItem(
        hash=item.hash,
        original_name=str(v["original_name"])[:1000],
        original_path=f"merged from {item.hash[:12]}",
        format=item.format,
        size=int(v["size"]),
        width=v["width"],
        height=v["height"],
        captured_at=v["captured_at"],
        capture_offset=v["capture_offset"],
        camera_make=v["camera_make"],
        camera_model=v["camera_model"],
        camera_serial=v.get("camera_serial"),
        orientation=int(v["orientation"]),
        gps_lat=v["gps_lat"],
        gps_lon=v["gps_lon"],
        gps_alt=v["gps_alt"],
        event_id=event_id,
    )
    item_id = insert_item(conn, new)
    fields: dict[str, Any] = {}
    for f in ITEM_FIELDS:
        value = v[f.name]
        if value is None or value is False:
            continue
        try:
            fields[f.name] = f.clean(value)
        except Exception:
            continue
    merging.set_item_fields(conn, item_id, fields)
    if item.corrections:
        _set(conn, item_id, "corrections", item.corrections, resolve)
    if item.session is not None:
        ref = item.session
        session_id = resolve(ref.uid, ref.title, ref.start)
        if session_id is not None:
            merging.set_item_session(
                conn, item_id, session_id, item.session_source or "auto", with_event=False
            )
    for name in SETS:
        value = getattr(item, name)
        if name == "illustrators" and not value and illustrator:
            value = [illustrator]
        if value:
            _set(conn, item_id, name, value, resolve, same, fresh=True)
    return item_id


def _set(
    conn: sqlite3.Connection,
    item_id: int,
    name: str,
    value: Any,
    resolve: SessionResolver,
    same: dict[str, str] | None = None,
    *,
    fresh: bool = False,
) -> None:
    """Give one item one merged value (a field, its session, corrections or a set);
    ``fresh``: the item was just added and has no tags or people yet."""
    if name == "session":
        session_id = _by_key(resolve, value) if isinstance(value, str) else None
        if session_id is not None:
            merging.set_item_session(conn, item_id, session_id, "manual", with_event=True)
        return
    if name == "corrections":
        text = read_corrections(json.dumps(value), item_id=item_id).to_json() if value else None
        merging.set_item_corrections(conn, item_id, text)
        return
    if name == "tags":
        merging.replace_tags(conn, item_id, [t for t in value if _valid_tag(t)])
        return
    if name in ("speakers", "illustrators"):
        names = [(same or {}).get(n, n) for n in value if n.strip()]
        merging.replace_people(conn, item_id, name[:-1], names, fresh=fresh)
        return
    for f in ITEM_FIELDS:
        if f.name == name:
            merging.set_item_fields(conn, item_id, {name: f.clean(value)})
            return


def _valid_tag(tag: str) -> bool:
    try:
        normalise_tag(tag)
    except InvalidValue:
        return False
    return True


def _by_key(resolve: SessionResolver, key: str) -> int | None:
    if key.startswith("uid:"):
        return resolve.by_uid.get(key[4:])
    return resolve.by_title.get(key)


def _own_offsets(source: Source) -> dict[str, int]:
    """The source's clock offsets as the archive keeps them: a camera model's, when the
    source names its illustrator, becomes that illustrator's camera's."""
    out: dict[str, int] = {}
    for key, seconds in source.offsets.items():
        if source.illustrator and not key.startswith((SERIAL_KEY, ILLUSTRATOR_KEY)):
            key = offset_key(key, illustrator=source.illustrator)
        out[key] = seconds
    return out


def _keep_offsets(conn: sqlite3.Connection, source: Source) -> None:
    """Keep the contributor's clock offsets: their own (a device's serial, their camera)
    replace the archive's; a camera model's from a source with no illustrator is only
    added when the archive has none for it."""
    for key, seconds in _own_offsets(source).items():
        if seconds == 0:
            continue
        if key.startswith((SERIAL_KEY, ILLUSTRATOR_KEY)):
            merging.put_offset(conn, key, seconds)
        else:
            merging.add_offset_if_missing(conn, key, seconds)


def _rematch(
    archive: Archive,
    conn: sqlite3.Connection,
    source: Source,
    events: dict[str, tuple[int, str]],
) -> int:
    """Match the source's automatically matched items again, with its clock offsets."""
    hashes = [i.hash for i in source.items]
    changed = 0
    seconds = {**camera_offsets(archive.db), **source.offsets, **_own_offsets(source)}
    offsets = {k: timedelta(seconds=v) for k, v in seconds.items()}
    for event_id, timezone in events.values():
        slots = [
            SessionSlot(
                session_id=session_id,
                start=datetime.fromisoformat(start),
                end=datetime.fromisoformat(end),
                title=title,
            )
            for session_id, start, end, title in merging.event_sessions(conn, event_id)
        ]
        if not slots:
            continue
        rows = merging.auto_matched(conn, hashes, event_id)
        current = {r[0]: r[3] for r in rows}
        clocks = item_clock_keys(archive.db, current)
        infos = [
            CaptureInfo(
                item_id=item_id,
                captured_at=_capture_time(captured_at, capture_offset),
                camera=None,
                clocks=clocks.get(item_id, ()),
            )
            for item_id, captured_at, capture_offset, _ in rows
        ]
        results = match_items(infos, slots, ZoneInfo(timezone), timedelta(minutes=30), offsets)
        updates = [
            (r.session_id, r.item_id)
            for r in results
            if r.session_id is not None and current[r.item_id] != r.session_id
        ]
        merging.set_auto_sessions(conn, updates)
        changed += len(updates)
    return changed


def _set_place(
    archive: Archive,
    conn: sqlite3.Connection,
    change: FieldChange,
    events: dict[str, tuple[int, str]],
    resolve: SessionResolver,
) -> bool:
    """Give an event or a session the cover or order the source gives it; a drawing that
    is not (or no longer) one of theirs is left out. Whether anything was set."""
    kind, _, ref = str(change.target).partition(" ")
    if kind == "event":
        found = events.get(ref)
        row_id = found[0] if found else None
    else:
        row_id = _by_key(resolve, ref)
    if row_id is None:
        return False
    wanted = change.value if isinstance(change.value, list) else [change.value]
    ids = merging.item_ids_by_hash(archive.db, [h for h in wanted if isinstance(h, str)])
    if change.field == "order":
        members = merging.session_members(conn, row_id) if kind == "session" else set()
        order = [ids[h] for h in wanted if h in ids and ids[h] in members]
        merging.replace_session_order(conn, row_id, order)
        return True
    cover = ids.get(change.value) if isinstance(change.value, str) else None
    if cover is None:
        return False
    place = merging.item_place(conn, cover)
    if place is None or place[0 if kind == "event" else 1] != row_id:
        return False
    merging.set_cover(conn, "events" if kind == "event" else "sessions", row_id, cover)
    return True


def provenance(archive: Archive, item_id: int) -> list[dict[str, Any]]:
    """Which contribution an item and each of its field values came from, and when."""
    if not has_merge_tables(archive):
        return []
    return [
        {
            "field": name or None,
            "illustrator": illustrator,
            "package": package,
            "created_at": created,
            "merged_at": merged,
        }
        for name, illustrator, package, created, merged in merging.provenance_rows(
            archive.db, item_id
        )
    ]


def contributors(archive: Archive) -> list[str]:
    """Every illustrator whose contribution was merged into the archive, by first merge."""
    if not has_merge_tables(archive):
        return []
    return merging.contributor_names(archive.db)


def open_conflicts(archive: Archive) -> list[dict[str, Any]]:
    """The conflicts left open by merges, for review: an item's field (``item``), or an
    event's or a session's cover or order (``target``, with ``item`` None)."""
    if not has_merge_tables(archive):
        return []
    items = [
        {
            "item": r[0],
            "target": None,
            "field": r[1],
            "mine": json.loads(r[2] or "null"),
            "theirs": json.loads(r[3] or "null"),
            "illustrator": r[4],
        }
        for r in merging.conflict_rows(archive.db)
    ]
    places = [
        {
            "item": None,
            "target": r[0],
            "field": r[1],
            "mine": json.loads(r[2] or "null"),
            "theirs": json.loads(r[3] or "null"),
            "illustrator": r[4],
        }
        for r in merging.place_conflict_rows(archive.db)
    ]
    return items + places
