"""Carrying out a ``MergePlan``: originals first, then one catalog transaction.

The originals a merge brings in are read, checked against their hash and stored with their
previews by the import's own stages (``importing/pipeline.py``), on its process pool when
there are many: content-addressed, so a merge killed at that stage leaves at most files no
item uses, which ``carnet check`` reports. Then one transaction writes everything else —
events, sessions, people, items, field values, provenance, the bases of the next merge and
the conflicts left open — so a killed merge leaves the catalog as it was before or after.
Automatic matches of the contribution's items are made again with the merged programme
and the contributor's own camera offsets; hand-set matches are kept.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carnet.catalog.archive import Archive, ArchivePaths
from carnet.catalog.events import add_role, camera_key, person_id
from carnet.catalog.fields import ITEM_FIELDS
from carnet.catalog.items import NewItem, add_people, add_tags, insert_item, normalise_tag
from carnet.errors import Cancelled, InvalidValue, write_error
from carnet.importing.pipeline import ImportTask, read, store_and_derive
from carnet.media.corrections import read_corrections
from carnet.media.derive import make_derivatives
from carnet.media.formats import EXTENSIONS
from carnet.merge.package import PackageRefused, Source, SourceItem
from carnet.merge.plan import SETS, MergePlan, SessionResolver, has_merge_tables
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

    work = [(ImportTask(path=i.original), i.hash) for i in items if i.original is not None]
    if jobs <= 1 or len(work) <= 1:
        for task, expected in work:
            if cancel.is_set():
                raise Cancelled(Text("merge cancelled: the archive is as it was"))
            done(_bring(task, expected, archive.paths), expected)
    else:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=process_context(), initializer=exit_with_parent
        ) as pool:
            futures = [pool.submit(_bring, t, h, archive.paths) for t, h in work]
            try:
                for future, (_, expected) in zip(futures, work, strict=True):
                    if cancel.is_set():
                        raise Cancelled(Text("merge cancelled: the archive is as it was"))
                    done(future.result(), expected)
            except BaseException:
                for future in futures:
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
            target = sqlite3.connect(str(backup))
            try:
                archive.db.conn.backup(target)
            finally:
                target.close()
        except (sqlite3.Error, OSError) as exc:
            raise write_error(OSError(str(exc)), archive.root) or PackageRefused(
                Text("cannot keep the catalog for undo: {error}", error=str(exc))
            ) from exc
        summary.undo = MergeUndo(backup, [(h, f) for h, f in new if h in stored])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    corrected: list[tuple[str, str, int, Any]] = []
    with archive.db.transaction() as conn:
        contribution = _contribution(conn, source, now)
        summary.contribution_id = contribution
        resolve = SessionResolver(archive)
        events = _events(conn, source)
        _sessions(conn, source, events, resolve)
        ids: dict[str, int] = {}
        for item in plan.new_items:
            if item.hash not in stored:
                continue
            item_id = _insert(conn, item, events, resolve, plan.same_people, source.illustrator)
            ids[item.hash] = item_id
            summary.items_added += 1
            provenance = [("", contribution)] + [
                (f.name, contribution) for f in ITEM_FIELDS if item.values.get(f.name)
            ]
            conn.executemany(
                "INSERT OR REPLACE INTO item_provenance (item_id, field, contribution_id)"
                " VALUES (?, ?, ?)",
                [(item_id, name, c) for name, c in provenance],
            )
            if item.corrections:
                corrected.append(
                    (item.hash, item.format, int(item.values["orientation"]), item.corrections)
                )
        for change in plan.updates:
            _set(conn, change.item_id, change.field, change.value, resolve)
            conn.execute(
                "INSERT OR REPLACE INTO item_provenance (item_id, field, contribution_id)"
                " VALUES (?, ?, ?)",
                (change.item_id, change.field, contribution),
            )
            conn.execute(
                "DELETE FROM merge_conflicts WHERE item_id = ? AND field = ?",
                (change.item_id, change.field),
            )
            summary.fields_updated += 1
        for change in plan.conflicts:
            conn.execute(
                "INSERT OR REPLACE INTO merge_conflicts (item_id, field, contribution_id, mine,"
                " theirs) VALUES (?, ?, ?, ?, ?)",
                (
                    change.item_id,
                    change.field,
                    contribution,
                    json.dumps(change.mine, ensure_ascii=False),
                    json.dumps(change.theirs, ensure_ascii=False),
                ),
            )
            summary.conflicts += 1
        conn.executemany(
            "INSERT OR REPLACE INTO merge_bases (source_key, hash, field, value)"
            " VALUES (?, ?, ?, ?)",
            [(source.source_key, h, name, v) for (h, name), v in plan.bases.items()],
        )
        summary.rematched = _rematch(conn, source, events)
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
    source = sqlite3.connect(f"{undo.backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with archive.db.transaction():
            pass  # wait for no other write to be running
        source.backup(archive.db.conn)
    except sqlite3.Error as exc:
        raise PackageRefused(
            Text(
                "cannot restore the catalog from {path}: {error}",
                path=str(undo.backup),
                error=str(exc),
            )
        ) from exc
    finally:
        source.close()
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


def _contribution(conn: sqlite3.Connection, source: Source, now: str) -> int:
    row = conn.execute(
        "SELECT id FROM contributions WHERE package_id = ?", (source.package_id,)
    ).fetchone()
    if row:
        return int(row[0])
    cur = conn.execute(
        "INSERT INTO contributions (package_id, source_key, illustrator, package_name,"
        " source_archive, created_at, merged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            source.package_id,
            source.source_key,
            source.illustrator,
            source.name,
            source.source_archive,
            source.created_at,
            now,
        ),
    )
    return int(cur.lastrowid or 0)


def _events(conn: sqlite3.Connection, source: Source) -> dict[str, tuple[int, str]]:
    """Event ids and timezones by slug, adding the source's events the archive lacks."""
    out: dict[str, tuple[int, str]] = {}
    for e in source.events:
        row = conn.execute("SELECT id, timezone FROM events WHERE slug = ?", (e.slug,)).fetchone()
        if row is None:
            timezone = e.timezone
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                timezone = "UTC"
            cur = conn.execute(
                "INSERT INTO events (slug, name, timezone, language, place, start_date,"
                " end_date, licence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    e.slug,
                    e.name.strip() or e.slug,
                    timezone,
                    e.language if e.language in ("fr", "en") else "en",
                    e.place,
                    e.start_date,
                    e.end_date,
                    e.licence,
                ),
            )
            out[e.slug] = (int(cur.lastrowid or 0), timezone)
        else:
            out[e.slug] = (int(row[0]), str(row[1]))
        event_id = out[e.slug][0]
        for name, role in e.people:
            if name.strip():
                add_role(conn, event_id, person_id(conn, name), role)
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
            cur = conn.execute(
                "INSERT INTO sessions (event_id, title, track, room, start, end, description,"
                " uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (event_id, s.title, s.track, s.room, s.start, s.end, s.description, s.uid),
            )
            session_id = int(cur.lastrowid or 0)
            resolve.add(session_id, s.uid, s.title, s.start)
            for position, name in enumerate(dict.fromkeys(s.speakers)):
                if not name.strip():
                    continue
                pid = person_id(conn, name)
                conn.execute(
                    "INSERT OR IGNORE INTO session_speakers (session_id, person_id, position)"
                    " VALUES (?, ?, ?)",
                    (session_id, pid, position),
                )
                add_role(conn, event_id, pid, "speaker")


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
        orientation=int(v["orientation"]),
        gps_lat=v["gps_lat"],
        gps_lon=v["gps_lon"],
        gps_alt=v["gps_alt"],
        event_id=event_id,
    )
    item_id = insert_item(conn, new)
    for f in ITEM_FIELDS:
        value = v[f.name]
        if value is None or value is False:
            continue
        try:
            value = f.clean(value)
        except Exception:
            continue
        conn.execute(f"UPDATE items SET {f.name} = ? WHERE id = ?", (value, item_id))
    if item.corrections:
        _set(conn, item_id, "corrections", item.corrections, resolve)
    if item.session is not None:
        ref = item.session
        session_id = resolve(ref.uid, ref.title, ref.start)
        if session_id is not None:
            conn.execute(
                "UPDATE items SET session_id = ?, session_source = ? WHERE id = ?",
                (session_id, item.session_source or "auto", item_id),
            )
    for name in SETS:
        value = getattr(item, name)
        if name == "illustrators" and not value and illustrator:
            value = [illustrator]
        _set(conn, item_id, name, value, resolve, same)
    return item_id


def _set(
    conn: sqlite3.Connection,
    item_id: int,
    name: str,
    value: Any,
    resolve: SessionResolver,
    same: dict[str, str] | None = None,
) -> None:
    """Give one item one merged value (a field, its session, corrections or a set)."""
    if name == "session":
        session_id = _by_key(resolve, value) if isinstance(value, str) else None
        if session_id is not None:
            conn.execute(
                "UPDATE items SET session_id = ?, session_source = 'manual',"
                " event_id = (SELECT event_id FROM sessions WHERE id = ?) WHERE id = ?",
                (session_id, session_id, item_id),
            )
        return
    if name == "corrections":
        text = read_corrections(json.dumps(value), item_id=item_id).to_json() if value else None
        conn.execute("UPDATE items SET corrections = ? WHERE id = ?", (text, item_id))
        return
    if name == "tags":
        conn.execute("DELETE FROM item_tags WHERE item_id = ?", (item_id,))
        add_tags(conn, [item_id], [t for t in value if _valid_tag(t)])
        return
    if name in ("speakers", "illustrators"):
        role = name[:-1]
        conn.execute("DELETE FROM item_people WHERE item_id = ? AND role = ?", (item_id, role))
        names = [(same or {}).get(n, n) for n in value if n.strip()]
        add_people(conn, [item_id], names, role)
        return
    for f in ITEM_FIELDS:
        if f.name == name:
            conn.execute(f"UPDATE items SET {f.name} = ? WHERE id = ?", (f.clean(value), item_id))
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


def _rematch(conn: sqlite3.Connection, source: Source, events: dict[str, tuple[int, str]]) -> int:
    """Match the source's automatically matched items again, with its camera offsets."""
    hashes = [i.hash for i in source.items]
    changed = 0
    offsets = {k: timedelta(seconds=v) for k, v in source.offsets.items()}
    for event_id, timezone in events.values():
        slots = [
            SessionSlot(
                session_id=int(r[0]),
                start=datetime.fromisoformat(r[1]),
                end=datetime.fromisoformat(r[2]),
                title=r[3],
            )
            for r in conn.execute(
                "SELECT id, start, end, title FROM sessions WHERE event_id = ?", (event_id,)
            )
        ]
        rows = []
        for start in range(0, len(hashes), 900):
            chunk = hashes[start : start + 900]
            marks = ",".join("?" * len(chunk))
            rows += conn.execute(
                "SELECT id, captured_at, capture_offset, camera_make, camera_model, session_id"
                f" FROM items WHERE hash IN ({marks}) AND event_id = ?"
                " AND (session_source IS NULL OR session_source = 'auto')",
                (*chunk, event_id),
            ).fetchall()
        current = {int(r[0]): r[5] for r in rows}
        infos = [
            CaptureInfo(
                item_id=int(r[0]),
                captured_at=_capture_time(r[1], r[2]),
                camera=camera_key(r[3], r[4]),
            )
            for r in rows
        ]
        results = match_items(infos, slots, ZoneInfo(timezone), timedelta(minutes=30), offsets)
        updates = [
            (r.session_id, r.item_id)
            for r in results
            if r.session_id is not None and current[r.item_id] != r.session_id
        ]
        conn.executemany(
            "UPDATE items SET session_id = ?, session_source = 'auto' WHERE id = ?", updates
        )
        changed += len(updates)
    return changed


def provenance(archive: Archive, item_id: int) -> list[dict[str, Any]]:
    """Which contribution an item and each of its field values came from, and when."""
    if not has_merge_tables(archive):
        return []
    rows = archive.db.query(
        "SELECT p.field, c.illustrator, c.package_name, c.created_at, c.merged_at"
        " FROM item_provenance p JOIN contributions c ON c.id = p.contribution_id"
        " WHERE p.item_id = ? ORDER BY p.field",
        (item_id,),
    )
    return [
        {
            "field": r[0] or None,
            "illustrator": r[1],
            "package": r[2],
            "created_at": r[3],
            "merged_at": r[4],
        }
        for r in rows
    ]


def contributors(archive: Archive) -> list[str]:
    """Every illustrator whose contribution was merged into the archive, by first merge."""
    if not has_merge_tables(archive):
        return []
    rows = archive.db.query(
        "SELECT illustrator FROM contributions WHERE illustrator IS NOT NULL"
        " GROUP BY illustrator ORDER BY min(merged_at)"
    )
    return [str(r[0]) for r in rows]


def open_conflicts(archive: Archive) -> list[dict[str, Any]]:
    """The conflicts left open by merges, for review."""
    if not has_merge_tables(archive):
        return []
    return [
        {
            "item": r[0],
            "field": r[1],
            "mine": json.loads(r[2] or "null"),
            "theirs": json.loads(r[3] or "null"),
            "illustrator": r[4],
        }
        for r in archive.db.query(
            "SELECT m.item_id, m.field, m.mine, m.theirs, c.illustrator FROM merge_conflicts m"
            " JOIN contributions c ON c.id = m.contribution_id ORDER BY m.item_id, m.field"
        )
    ]
