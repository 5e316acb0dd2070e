"""``carnet event``, ``carnet people`` and ``carnet camera``: events and who and what made
their drawings."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from carnet.catalog.archive import Archive
from carnet.catalog.covers import event_cover, set_event_cover
from carnet.catalog.curation import delete_event, event_footprint, update_event
from carnet.catalog.events import (
    ILLUSTRATOR_KEY,
    SERIAL_KEY,
    add_event,
    camera_offsets,
    cameras,
    get_event,
    list_events,
    offset_key,
    people_of_event,
    set_camera_offset,
)
from carnet.cli.output import print_json
from carnet.cli.parsing import (
    Subparsers,
    clock_offset,
    command,
    day,
    group,
    intermixed_positionals,
    item_id,
    negative_values_are_arguments,
    path_arg,
)
from carnet.errors import InvalidValue
from carnet.messages import Text


def add_event_commands(sub: Subparsers) -> None:
    esub = group(sub, "event", "add and list events, choose their covers", "event_command")
    p = command(esub, "add", cmd_event_add, "add an event")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--slug", required=True, help="short name used in commands and URLs")
    p.add_argument("--name", required=True)
    p.add_argument("--timezone", required=True, help="e.g. Europe/Paris")
    p.add_argument("--language", default="en", choices=("en", "fr"))
    p.add_argument("--place")
    p.add_argument("--start", type=day, metavar="YYYY-MM-DD")
    p.add_argument("--end", type=day, metavar="YYYY-MM-DD")
    p.add_argument("--licence", help="default licence of its items, e.g. CC-BY-SA-4.0")
    p = command(esub, "list", cmd_event_list, "list the events")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--json", action="store_true")
    p = command(esub, "edit", cmd_event_edit, "change an event's fields (others stay as they are)")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("event", metavar="SLUG")
    p.add_argument("--slug", dest="new_slug", help="a new slug")
    p.add_argument("--name")
    p.add_argument("--timezone", help="e.g. Europe/Paris")
    p.add_argument("--language", choices=("en", "fr"))
    p.add_argument("--place", help="'' to clear")
    p.add_argument("--start", type=_day_or_none, metavar="YYYY-MM-DD", help="'' to clear")
    p.add_argument("--end", type=_day_or_none, metavar="YYYY-MM-DD", help="'' to clear")
    p.add_argument("--licence", help="'' to clear")
    p = command(
        esub,
        "delete",
        cmd_event_delete,
        "delete an event with its sessions; its items stay, without an event",
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("event", metavar="SLUG")
    p.add_argument("--yes", action="store_true", help="delete (without it, only say what goes)")
    p = command(
        esub,
        "cover",
        cmd_event_cover,
        "choose the drawing on an event's cover (else the first drawing of its first session)",
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("id", type=item_id, nargs="?", metavar="ID", help="item id")
    p.add_argument("--clear", action="store_true", help="go back to the default")
    intermixed_positionals(p)


def add_people(sub: Subparsers) -> None:
    p = command(sub, "people", cmd_people, "list the people of an event by role")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")


def add_camera_commands(sub: Subparsers) -> None:
    csub = group(sub, "camera", "camera clock offsets", "camera_command")
    p = command(
        csub,
        "offset",
        cmd_camera_offset,
        "set how wrong a camera's clock is (true time = camera time + offset)",
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument(
        "camera",
        nargs="?",
        help="'Make Model' as `carnet camera list` shows it"
        " (optional with --serial, or with --illustrator for all their cameras)",
    )
    p.add_argument("offset", type=clock_offset, help="e.g. +01:00:00, -00:05:00, +90s")
    p.add_argument(
        "--illustrator",
        metavar="NAME",
        help="only NAME's camera (so two illustrators with the same model keep their own)",
    )
    p.add_argument("--serial", metavar="S", help="only the device with this serial number (EXIF)")
    negative_values_are_arguments(p)
    p = command(csub, "list", cmd_camera_list, "list cameras with their item counts and offsets")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")


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
            print_json([e.__dict__ for e in events])
            return 0
        for e in events:
            dates = " – ".join(d for d in (e.start_date, e.end_date) if d)
            print(f"{e.slug:20} {e.name}  {dates}  {e.timezone} {e.language}")
        if not events:
            print("No events yet: carnet event add ARCHIVE --slug … --name … --timezone …")
    return 0


def cmd_event_cover(args: argparse.Namespace) -> int:
    if (args.id is None) == (not args.clear):
        raise InvalidValue(Text("give either the cover's item id or --clear"))
    with Archive.open(args.archive) as archive:
        event = get_event(archive.db, args.event)
        set_event_cover(archive.db, event.id, None if args.clear else args.id)
        cover = event_cover(archive.db, event.id)
    shown = f"item {cover}" if cover else "none yet"
    if args.clear:
        shown = f"the first drawing of the first session ({shown})"
    print(f"Cover of {event.name}: {shown}")
    return 0


def _day_or_none(text: str) -> date | None:
    return day(text) if text.strip() else None


def cmd_event_edit(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        event = get_event(archive.db, args.event)

        start = event.start_date if args.start is None else args.start
        end = event.end_date if args.end is None else args.end
        edited = update_event(
            archive.db,
            event.id,
            slug=args.new_slug or event.slug,
            name=args.name if args.name is not None else event.name,
            timezone=args.timezone or event.timezone,
            language=args.language or event.language,
            place=args.place if args.place is not None else event.place,
            start_date=date.fromisoformat(start) if isinstance(start, str) else start,
            end_date=date.fromisoformat(end) if isinstance(end, str) else end,
            licence=args.licence if args.licence is not None else event.licence,
        )
    print(f"Edited the event {edited.name} ({edited.slug})")
    return 0


def cmd_event_delete(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=not args.yes) as archive:
        event = get_event(archive.db, args.event)
        goes = event_footprint(archive.db, event.id)
        print(
            f"{event.name} ({event.slug}): {goes.sessions} sessions, {goes.matched} items"
            f" matched to them, {goes.items} items of the event (the items stay)"
        )
        if not args.yes:
            print("Nothing deleted: add --yes to delete the event")
            return 0
        delete_event(archive.db, event.id)
    print(f"Deleted the event {event.slug}")
    return 0


def cmd_people(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        event = get_event(archive.db, args.event)
        for name, role in people_of_event(archive.db, event.id):
            print(f"{role:12} {name}")
    return 0


def cmd_camera_offset(args: argparse.Namespace) -> int:
    key = offset_key(args.camera, serial=args.serial, illustrator=args.illustrator)
    with Archive.open(args.archive) as archive:
        set_camera_offset(
            archive.db,
            args.camera,
            int(args.offset.total_seconds()),
            serial=args.serial,
            illustrator=args.illustrator,
        )
    print(f"Clock offset of {_describe_key(key)}: {_format_offset(args.offset)}")
    return 0


def cmd_camera_list(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        offsets = camera_offsets(archive.db)
        for camera, count in cameras(archive.db):
            offset = offsets.pop(camera, None)
            shown = _format_offset(timedelta(seconds=offset)) if offset else "no offset"
            print(f"{camera:30} {count:6} items  {shown}")
        for key, offset in sorted(offsets.items()):
            print(f"{_describe_key(key):43}  {_format_offset(timedelta(seconds=offset))}")
    return 0


def _describe_key(key: str) -> str:
    """A clock offset's key as a person reads it."""
    if key.startswith(SERIAL_KEY):
        return f"serial {key[len(SERIAL_KEY) :]}"
    if key.startswith(ILLUSTRATOR_KEY):
        who, _, camera = key[len(ILLUSTRATOR_KEY) :].partition("|")
        return f"{camera or 'every camera'} of {who}"
    return key


def _format_offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
