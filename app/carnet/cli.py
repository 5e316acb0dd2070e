"""The ``carnet`` command line: a thin layer over the core.

Every command opens the archive, calls one core function and turns its result (or its
``CarnetError``) into words. Errors become one line on stderr and a non-zero exit status;
this module is the only place outside the desktop app that prints.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from carnet import carnet_version
from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.events import (
    add_event,
    camera_offsets,
    cameras,
    find_session,
    get_event,
    list_events,
    list_sessions,
    people_of_event,
    set_camera_offset,
)
from carnet.catalog.items import (
    Item,
    add_people,
    add_tags,
    get_item,
    list_items,
    remove_people,
    remove_tags,
    set_session,
    update_items,
)
from carnet.errors import Cancelled, CarnetError
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit.commands import add_commands as add_kit_commands
from carnet.media.formats import EXTENSIONS
from carnet.programme.matching import parse_duration, parse_offset
from carnet.programme.readers import read_programme
from carnet.programme.store import import_programme, match_event
from carnet.search.commands import add_commands as add_search_commands
from carnet.search.index import SearchIndex
from carnet.ui.commands import add_commands as add_gui_commands
from carnet.ui.commands import cmd_gui

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- output helpers


class ProgressBar:
    """A one-line progress bar on a terminal; silent when stderr is not a terminal."""

    def __init__(self, label: str, stream: TextIO = sys.stderr) -> None:
        self.label = label
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(now - self.started, 1e-6)
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{self.label} {bar} {done}/{total} ({rate:.1f}/s) ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _sync_index(archive: Archive) -> None:
    """Bring the search index in step with what a command just wrote.

    Searching would catch up by itself; doing it here means the first search after an
    import answers at once. An index that cannot be updated is only worth a warning: the
    catalog change is already safe, and the next search or `carnet reindex` retries.
    """
    bar = ProgressBar("Indexing")
    try:
        with SearchIndex(archive) as index:
            index.sync(bar)
    except CarnetError as exc:
        print(f"carnet: warning: the search index was not updated: {exc}", file=sys.stderr)
    finally:
        bar.close()


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _one_line(text: str | None, width: int = 60) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# ---------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    with Archive.create(args.archive):
        pass
    print(f"Created the archive {args.archive}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    cancel = threading.Event()
    with Archive.open(args.archive) as archive:
        bar = ProgressBar("Importing")
        options = ImportOptions(event=args.event, illustrator=args.illustrator, jobs=args.jobs)
        try:
            summary = import_paths(archive, args.paths, options, progress=bar, cancel=cancel)
        except KeyboardInterrupt:
            bar.close()
            raise Cancelled("import interrupted; run the same import again to finish it") from None
        bar.close()
        _sync_index(archive)
    for path, reason in summary.rejected:
        print(f"rejected: {path}: {reason}", file=sys.stderr)
    print(
        f"{summary.imported} imported, {summary.duplicates} already in the archive, "
        f"{len(summary.rejected)} rejected ({summary.total} files)"
    )
    return 0 if summary.ok else 1


def cmd_check(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=not args.repair) as archive:
        bar = ProgressBar("Checking")
        report = check_archive(archive, repair=args.repair, progress=bar)
        bar.close()
    for line in report.repaired:
        print(f"repaired: {line}")
    for line in report.notes:
        print(f"note: {line}")
    for line in report.problems:
        print(f"problem: {line}")
    state = "OK" if report.ok else f"{len(report.problems)} problem(s)"
    print(f"{report.items_checked} items checked: {state}")
    return 0 if report.ok else 1


def cmd_event_add(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        event = add_event(
            archive.db,
            slug=args.slug,
            name=args.name,
            timezone=args.timezone,
            language=args.language,
            place=args.place,
            start_date=args.start,
            end_date=args.end,
            licence=args.licence,
        )
    print(f"Added the event {event.name} ({event.slug})")
    return 0


def cmd_event_list(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        events = list_events(archive.db)
        if args.json:
            _print_json([e.__dict__ for e in events])
            return 0
        for e in events:
            dates = " – ".join(d for d in (e.start_date, e.end_date) if d)
            print(f"{e.slug:20} {e.name}  {dates}  {e.timezone} {e.language}")
        if not events:
            print("No events yet: carnet event add ARCHIVE --slug … --name … --timezone …")
    return 0


def cmd_programme_import(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        event = get_event(archive.db, args.event)
        programme = read_programme(args.file, event.timezone)
        summary = import_programme(archive.db, event, programme)
        _sync_index(archive)
    print(
        f"{summary.added} sessions added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged; {summary.speakers} speakers"
    )
    return 0


def cmd_programme_show(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        event = get_event(archive.db, args.event)
        sessions = list_sessions(archive.db, event.id)
        counts = {
            int(r[0]): int(r[1])
            for r in archive.db.query(
                "SELECT session_id, count(*) FROM items WHERE trashed_at IS NULL"
                " AND session_id IS NOT NULL GROUP BY session_id"
            )
        }
        if args.json:
            _print_json(
                [
                    {
                        **s.__dict__,
                        "start": s.start.isoformat(),
                        "end": s.end.isoformat(),
                        "items": counts.get(s.id, 0),
                    }
                    for s in sessions
                ]
            )
            return 0
        tz = event.tz
        for s in sessions:
            start, end = s.start.astimezone(tz), s.end.astimezone(tz)
            where = " · ".join(x for x in (s.track, s.room) if x)
            print(
                f"{s.id:4} {start:%Y-%m-%d %H:%M}–{end:%H:%M}  {s.title}"
                f"{'  [' + where + ']' if where else ''}  ({counts.get(s.id, 0)} items)"
            )
            if s.speakers:
                print(f"       {', '.join(s.speakers)}")
    return 0


def cmd_people(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        event = get_event(archive.db, args.event)
        for name, role in people_of_event(archive.db, event.id):
            print(f"{role:12} {name}")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=args.dry_run) as archive:
        event = get_event(archive.db, args.event)
        summary = match_event(
            archive.db,
            event,
            grace=args.grace,
            dry_run=args.dry_run,
            track=args.track,
            room=args.room,
            illustrator=args.illustrator,
        )
        if not args.dry_run:
            _sync_index(archive)
        titles = {s.id: s.title for s in list_sessions(archive.db, event.id)}
    verb = "would be tied" if args.dry_run else "tied"
    if args.verbose or args.dry_run:
        for r in summary.results:
            if r.session_id is not None:
                print(f"item {r.item_id}: {titles.get(r.session_id, r.session_id)} ({r.reason})")
            elif r.reason == "ambiguous":
                names = "; ".join(titles.get(c, str(c)) for c in r.candidates)
                print(f"item {r.item_id}: ambiguous between {names}")
    print(
        f"{summary.changed} items {verb} to a session "
        f"({summary.count('during')} during a session, {summary.count('grace')} just after); "
        f"{summary.count('ambiguous')} ambiguous (parallel sessions: narrow with --room, "
        f"--track or --illustrator), {summary.count('no-session')} outside every session, "
        f"{summary.count('no-time')} without a capture time"
    )
    return 0


def cmd_camera_offset(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        set_camera_offset(archive.db, args.camera, int(args.offset.total_seconds()))
    print(f"Clock offset of {args.camera}: {_format_offset(args.offset)}")
    return 0


def cmd_camera_list(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        offsets = camera_offsets(archive.db)
        for camera, count in cameras(archive.db):
            offset = offsets.get(camera)
            shown = _format_offset(timedelta(seconds=offset)) if offset else "no offset"
            print(f"{camera:30} {count:6} items  {shown}")
    return 0


def _format_offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _item_summary(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "original_name": item.original_name,
        "hash": item.hash,
        "format": item.format,
        "event": item.event,
        "session": item.session,
        "session_id": item.session_id,
        "session_source": item.session_source,
        "captured_at": item.captured_at,
        "capture_offset": item.capture_offset,
        "camera": " ".join(x for x in (item.camera_make, item.camera_model) if x) or None,
        "width": item.width,
        "height": item.height,
        "title": item.title,
        "caption": item.caption,
        "transcription": item.transcription,
        "tags": item.tags,
        "speakers": item.speakers,
        "illustrators": item.illustrators,
        "licence": item.licence,
        "published": item.published,
    }


def cmd_items(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        event_id = get_event(archive.db, args.event).id if args.event else None
        items = list_items(archive.db, event_id=event_id)
    if args.json:
        _print_json([_item_summary(i) for i in items])
        return 0
    for i in items:
        when = (i.captured_at or "")[:16].replace("T", " ")
        label = i.title or i.original_name
        print(f"{i.id:5}  {when:16}  {_one_line(label, 40):40}  {_one_line(i.session, 40)}")
    print(f"{len(items)} items")
    return 0


def cmd_item_show(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        item = get_item(archive.db, args.id)
        original = archive.paths.original(item.hash, EXTENSIONS[item.format])
    if args.json:
        _print_json(item.to_dict())
        return 0
    fields = [
        ("Title", item.title),
        ("Caption", item.caption),
        ("Transcription", item.transcription),
        ("Event", item.event),
        ("Session", item.session and f"{item.session} ({item.session_source or ''})"),
        ("Speakers", ", ".join(item.speakers)),
        ("Illustrator", ", ".join(item.illustrators)),
        ("Tags", ", ".join(item.tags)),
        ("Licence", item.licence),
        ("Rights", item.rights),
        ("Published", "yes" if item.published else "no"),
        ("Captured", " ".join(x for x in (item.captured_at, item.capture_offset) if x)),
        ("Camera", " ".join(x for x in (item.camera_make, item.camera_model) if x)),
        ("Size", f"{item.width}×{item.height} {item.format.upper()}, {item.size:,} bytes"),
        ("GPS", f"{item.gps_lat}, {item.gps_lon}" if item.gps_lat is not None else None),
        ("File", item.original_name),
        ("Imported from", item.original_path),
        ("Imported at", item.imported_at),
        ("Hash", item.hash),
        ("Stored as", str(original.parent.name + "/" + original.name)),
    ]
    print(f"Item {item.id}")
    for name, value in fields:
        if value:
            text = str(value).replace("\n", "\n" + " " * 15)
            print(f"  {name + ':':13}{text}")
    return 0


def cmd_item_set(args: argparse.Namespace) -> int:
    ids = [args.id]
    with Archive.open(args.archive) as archive:
        db = archive.db
        item = get_item(db, args.id)
        fields: dict[str, Any] = {
            name: getattr(args, name)
            for name in ("title", "caption", "transcription", "licence", "rights")
            if getattr(args, name) is not None
        }
        if args.published is not None:
            fields["published"] = args.published
        with db.transaction() as conn:
            update_items(db, ids, **fields)
            if args.session is not None:
                if args.session.lower() in ("", "none"):
                    set_session(db, ids, None)
                else:
                    if item.event_id is None:
                        raise CarnetError(
                            f"item {item.id} belongs to no event yet; import it with --event"
                        )
                    set_session(db, ids, find_session(db, item.event_id, args.session))
            add_tags(conn, ids, args.tag)
            remove_tags(conn, ids, args.remove_tag)
            add_people(conn, ids, args.speaker, "speaker")
            remove_people(conn, ids, args.remove_speaker, "speaker")
            if args.illustrator:
                add_people(conn, ids, [args.illustrator], "illustrator")
        _sync_index(archive)
    print(f"Item {args.id} updated")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from carnet.demo import build_demo

    bar = ProgressBar("Building the demo")
    summary = build_demo(args.archive, progress=bar)
    bar.close()
    print(summary)
    return 0


# ---------------------------------------------------------------- parser


def _duration(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except CarnetError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _offset(text: str) -> timedelta:
    try:
        return parse_offset(text)
    except CarnetError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per core) or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carnet",
        description="Archives of live graphic recording: import, describe, search, publish.",
    )
    parser.add_argument("--version", action="version", version=f"carnet {carnet_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, func: Callable[[argparse.Namespace], int], help: str, parent: Any = sub
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = command("init", cmd_init, "create a new, empty archive folder")
    p.add_argument("archive", type=Path, metavar="PATH.carnet")

    p = command("import", cmd_import, "import image files and folders into an archive")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    p.add_argument("--event", metavar="SLUG", help="the event the items belong to")
    p.add_argument("--illustrator", metavar="NAME", help="who drew them")
    p.add_argument(
        "--jobs",
        type=_positive,
        default=0,
        metavar="N",
        help="worker processes (default: one per core)",
    )

    p = command("check", cmd_check, "check the catalog, the originals and the derived files")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--repair", action="store_true", help="regenerate what is derived")

    p = command("event", lambda a: _help(a, "event"), "add and list events")
    esub = p.add_subparsers(dest="event_command", metavar="ACTION")
    p = command("add", cmd_event_add, "add an event", esub)
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--slug", required=True, help="short name used in commands and URLs")
    p.add_argument("--name", required=True)
    p.add_argument("--timezone", required=True, help="e.g. Europe/Paris")
    p.add_argument("--language", default="en", choices=("en", "fr"))
    p.add_argument("--place")
    p.add_argument("--start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    p.add_argument("--end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    p.add_argument("--licence", help="default licence of its items, e.g. CC-BY-SA-4.0")
    p = command("list", cmd_event_list, "list the events", esub)
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--json", action="store_true")

    p = command("programme", lambda a: _help(a, "programme"), "import and show programmes")
    psub = p.add_subparsers(dest="programme_command", metavar="ACTION")
    p = command(
        "import",
        cmd_programme_import,
        "import sessions from CSV, iCalendar (.ics) or frab/pretalx (XML, JSON)",
        psub,
    )
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p = command("show", cmd_programme_show, "list the sessions of an event", psub)
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--json", action="store_true")

    p = command("people", cmd_people, "list the people of an event by role")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")

    p = command("match", cmd_match, "tie items to sessions by capture time")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument(
        "--grace",
        type=_duration,
        default=timedelta(minutes=30),
        help="how long after a session a drawing still belongs to it (default 30m)",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change")
    p.add_argument("--track", help="only sessions of this track")
    p.add_argument("--room", help="only sessions in this room")
    p.add_argument("--illustrator", metavar="NAME", help="only items by this illustrator")

    p = command("camera", lambda a: _help(a, "camera"), "camera clock offsets")
    csub = p.add_subparsers(dest="camera_command", metavar="ACTION")
    p = command(
        "offset",
        cmd_camera_offset,
        "set how wrong a camera's clock is (true time = camera time + offset)",
        csub,
    )
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("camera", help="'Make Model' as `carnet camera list` shows it")
    p.add_argument("offset", type=_offset, help="e.g. +01:00:00, -00:05:00, +90s")
    p = command("list", cmd_camera_list, "list cameras with their item counts and offsets", csub)
    p.add_argument("archive", type=Path, metavar="ARCHIVE")

    p = command("items", cmd_items, "list the items")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--event", metavar="SLUG")
    p.add_argument("--json", action="store_true", help="every field, as JSON")

    p = command("item", lambda a: _help(a, "item"), "show or edit one item")
    isub = p.add_subparsers(dest="item_command", metavar="ACTION")
    p = command("show", cmd_item_show, "show one item", isub)
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p = command("set", cmd_item_set, "edit one item", isub)
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("id", type=int)
    p.add_argument("--title")
    p.add_argument("--caption")
    p.add_argument("--transcription")
    p.add_argument("--licence", help="e.g. CC-BY-SA-4.0")
    p.add_argument("--rights")
    p.add_argument("--session", help="session id or title; 'none' to clear")
    p.add_argument("--tag", action="append", default=[], help="add a tag (repeatable)")
    p.add_argument("--remove-tag", action="append", default=[], metavar="TAG")
    p.add_argument("--speaker", action="append", default=[], help="add a speaker (repeatable)")
    p.add_argument("--remove-speaker", action="append", default=[], metavar="NAME")
    p.add_argument("--illustrator", metavar="NAME")
    pub = p.add_mutually_exclusive_group()
    pub.add_argument("--published", dest="published", action="store_true", default=None)
    pub.add_argument("--unpublished", dest="published", action="store_false")

    p = command("demo", cmd_demo, "build a demo archive of a two-day civic forum")
    p.add_argument("archive", type=Path, metavar="PATH.carnet")

    add_search_commands(sub)
    add_kit_commands(sub)
    add_gui_commands(sub)
    return parser


_PARSER: argparse.ArgumentParser | None = None


def _help(args: argparse.Namespace, name: str) -> int:
    assert _PARSER is not None
    _PARSER.parse_args([name, "--help"])
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    global _PARSER
    parser = _PARSER = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("exifread").setLevel(logging.CRITICAL)
    if not getattr(args, "func", None):
        # A bare `carnet` opens the desktop app, like any application launcher would.
        args.func, args.paths = cmd_gui, []
    try:
        return int(args.func(args))
    except CarnetError as exc:
        print(f"carnet: {exc}", file=sys.stderr)
        return 130 if isinstance(exc, Cancelled) else 1
    except KeyboardInterrupt:
        print("carnet: interrupted", file=sys.stderr)
        return 130
