"""``carnet programme`` and ``carnet match``: an event's sessions, and tying drawings to them."""

from __future__ import annotations

import argparse
from datetime import timedelta, tzinfo

from carnet.catalog.archive import Archive
from carnet.catalog.events import (
    Event,
    get_event,
    get_event_by_id,
    items_per_session,
    list_sessions,
)
from carnet.catalog.matches import confirm_matches, reject_matches
from carnet.catalog.sessions import (
    add_session,
    delete_session,
    merge_sessions,
    read_time,
    session_event_id,
    split_session,
)
from carnet.cli.output import print_json
from carnet.cli.parsing import Subparsers, command, grace, group, item_id, path_arg, session_id
from carnet.cli.search import sync_index
from carnet.errors import InvalidValue
from carnet.messages import Text
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
    p.add_argument(
        "--reject",
        type=item_session,
        action="append",
        default=[],
        metavar="ITEM:SESSION",
        help="never suggest this session for this item again (before matching)",
    )
    p.add_argument(
        "--confirm",
        action="store_true",
        help="confirm the suggested matches: they become set by hand",
    )


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
    for number, record in plan.updated:
        print(f"update  {record.start.astimezone(tz):%Y-%m-%d %H:%M}  {record.title} (#{number})")
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


def item_session(text: str) -> tuple[int, int]:
    """``ITEM:SESSION``, two ids."""
    item, colon, session = text.partition(":")
    if not colon:
        raise argparse.ArgumentTypeError(
            f"write an item and a session as ITEM:SESSION, not {text!r}"
        )
    return item_id(item), session_id(session)


def cmd_match(args: argparse.Namespace) -> int:
    if args.dry_run and (args.reject or args.confirm):
        raise InvalidValue(Text("--dry-run changes nothing: it cannot --reject or --confirm"))
    with Archive.open(args.archive, readonly=args.dry_run) as archive:
        event = get_event(archive.db, args.event)
        if args.reject:
            reject_matches(archive.db, args.reject)
        summary = match_event(
            archive.db,
            event,
            grace=args.grace,
            dry_run=args.dry_run,
            track=args.track,
            room=args.room,
            illustrator=args.illustrator,
        )
        confirmed: list[int] = []
        if args.confirm:
            suggested = [r.item_id for r in summary.results if r.session_id is not None]
            confirmed = confirm_matches(archive.db, suggested)
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
        + (
            f", {summary.count('rejected')} whose suggestion was rejected"
            if args.reject or summary.count("rejected")
            else ""
        )
    )
    if args.confirm:
        print(f"{len(confirmed)} matches confirmed (now set by hand)")
    return 0


def add_session_edit_commands(sub: Subparsers) -> None:
    """``carnet session add/split/merge/delete``, in the ``session`` group (made if new)."""
    ssub = _session_group(sub)
    p = command(ssub, "add", cmd_session_add, "add a session to an event's programme")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--title", required=True)
    p.add_argument("--start", required=True, help="2016-09-29 14:30 or 29/09/2016 14:30")
    p.add_argument("--end", required=True, help="the same, or 15:30 on the day it starts")
    p.add_argument("--track")
    p.add_argument("--room")
    p.add_argument("--description")
    p.add_argument("--speaker", action="append", default=[], metavar="NAME")
    p = command(
        ssub, "split", cmd_session_split, "cut a session in two at a time (its later items follow)"
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("session", type=session_id, metavar="SESSION", help="session id")
    p.add_argument("--at", required=True, metavar="TIME", help="14:30, or a date and time")
    p = command(
        ssub, "merge", cmd_session_merge, "merge sessions into the first (times, speakers, items)"
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("session", type=session_id, metavar="SESSION", help="the session kept")
    p.add_argument("others", type=session_id, nargs="+", metavar="OTHER", help="merged into it")
    p = command(ssub, "delete", cmd_session_delete, "delete a session (its items keep their event)")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("session", type=session_id, metavar="SESSION", help="session id")


def _session_group(sub: Subparsers) -> Subparsers:
    """The ``session`` group's actions, whichever command module made the group first."""
    existing = sub.choices.get("session")
    if existing is not None:
        for action in existing._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
    return group(sub, "session", "change an event's sessions", "session_command")


def cmd_session_add(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        event = get_event(archive.db, args.event)
        start = read_time(args.start, event.tz)
        end = read_time(args.end, event.tz, start.date())
        new = add_session(
            archive.db,
            event.id,
            args.title,
            start,
            end,
            track=args.track,
            room=args.room,
            description=args.description,
            speakers=args.speaker,
        )
        sync_index(archive)
    print(f"Session {new} added: {args.title}")
    return 0


def _session_event(archive: Archive, session: int) -> Event:
    return get_event_by_id(archive.db, session_event_id(archive.db, session))


def cmd_session_split(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        event = _session_event(archive, args.session)
        start = next(s.start for s in list_sessions(archive.db, event.id) if s.id == args.session)
        at = read_time(args.at, event.tz, start.astimezone(event.tz).date())
        new, _undo = split_session(archive.db, args.session, at)
        sync_index(archive)
    print(f"Session {args.session} split at {at:%Y-%m-%d %H:%M}: the rest is session {new}")
    return 0


def cmd_session_merge(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        merge_sessions(archive.db, args.session, args.others)
        sync_index(archive)
    merged = ", ".join(str(s) for s in args.others)
    print(f"Sessions {merged} merged into session {args.session}")
    return 0


def cmd_session_delete(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        delete_session(archive.db, args.session)
        sync_index(archive)
    print(f"Session {args.session} deleted")
    return 0
