"""``carnet programme`` and ``carnet match``: an event's sessions, and tying drawings to them."""

from __future__ import annotations

import argparse
from datetime import timedelta, tzinfo

from carnet.catalog.archive import Archive
from carnet.catalog.events import get_event, items_per_session, list_sessions
from carnet.cli.output import print_json
from carnet.cli.parsing import Subparsers, command, grace, group, path_arg
from carnet.cli.search import sync_index
from carnet.programme.readers import read_programme
from carnet.programme.store import (
    ProgrammePlan,
    event_days,
    import_programme,
    match_event,
    plan_programme,
)


def add_programme_commands(sub: Subparsers) -> None:
    psub = group(sub, "programme", "import and show programmes", "programme_command")
    p = command(
        psub,
        "import",
        cmd_programme_import,
        "import sessions from CSV, iCalendar (.ics) or frab/pretalx (XML, JSON)",
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("file", type=path_arg, metavar="FILE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show the sessions to add, to update, unchanged and skipped; change nothing",
    )
    p = command(psub, "show", cmd_programme_show, "list the sessions of an event")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--json", action="store_true")


def add_match(sub: Subparsers) -> None:
    p = command(sub, "match", cmd_match, "tie items to sessions by capture time")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument(
        "--grace",
        type=grace,
        default=timedelta(minutes=30),
        help="how long after a session a drawing still belongs to it (default 30m)",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change")
    p.add_argument("--track", help="only sessions of this track")
    p.add_argument("--room", help="only sessions in this room")
    p.add_argument("--illustrator", metavar="NAME", help="only items by this illustrator")


def cmd_programme_import(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=args.dry_run) as archive:
        event = get_event(archive.db, args.event)
        programme = read_programme(args.file, event.timezone, event_days(event))
        if args.dry_run:
            _print_plan(plan_programme(archive.db, event, programme), event.tz)
            return 0
        summary = import_programme(archive.db, event, programme)
        sync_index(archive)
    for problem in programme.skipped:
        print(f"skipped: {problem.text()}")
    print(
        f"{summary.added} sessions added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged; {summary.speakers} speakers"
        + (f"; {len(programme.skipped)} entries skipped" if programme.skipped else "")
    )
    return 0


def _print_plan(plan: ProgrammePlan, tz: tzinfo) -> None:
    """The preview of an import: one line per session to add or update, and per skipped entry."""
    for record in plan.added:
        print(f"add     {record.start.astimezone(tz):%Y-%m-%d %H:%M}  {record.title}")
    for session_id, record in plan.updated:
        print(
            f"update  {record.start.astimezone(tz):%Y-%m-%d %H:%M}  {record.title} (#{session_id})"
        )
    for problem in plan.skipped:
        print(f"skip    {problem.text()}")
    print(
        f"{len(plan.added)} sessions to add, {len(plan.updated)} to update, "
        f"{len(plan.unchanged)} unchanged; {len(plan.skipped)} entries skipped (dry run)"
    )


def cmd_programme_show(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        event = get_event(archive.db, args.event)
        sessions = list_sessions(archive.db, event.id)
        counts = items_per_session(archive.db)
        if args.json:
            print_json(
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
            sync_index(archive)
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
