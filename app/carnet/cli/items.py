"""``carnet items`` and ``carnet item``: list the items, show or edit one."""

from __future__ import annotations

import argparse
from typing import Any

from carnet.catalog.archive import Archive
from carnet.catalog.events import find_session, get_event
from carnet.catalog.fields import ITEM_FIELDS, Field, Section
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
from carnet.cli.output import one_line, print_json
from carnet.cli.parsing import Subparsers, command, group, item_id, path_arg
from carnet.cli.search import sync_index
from carnet.errors import CarnetError
from carnet.media.formats import EXTENSIONS

#: The item's fields ``item set`` sets (each through its ``Field.cli`` option).
SETTABLE: list[Field] = [f for f in ITEM_FIELDS if f.editable and f.cli]


def _option(f: Field) -> str:
    assert f.cli is not None
    return f.cli


def add_items(sub: Subparsers) -> None:
    p = command(sub, "items", cmd_items, "list the items")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", metavar="SLUG")
    p.add_argument("--json", action="store_true", help="every field, as JSON")


def add_item_commands(sub: Subparsers) -> None:
    isub = group(sub, "item", "show or edit one item", "item_command")
    p = command(isub, "show", cmd_item_show, "show one item")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("id", type=item_id)
    p.add_argument("--json", action="store_true")
    p = command(isub, "set", cmd_item_set, "edit one item")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("id", type=item_id)
    # The item's editable fields (catalog/fields.py), then its relations, then its flags.
    for f in SETTABLE:
        if f.kind != "bool":
            p.add_argument(_option(f), dest=f.name, help=f.help or None)
    p.add_argument("--session", help="session id or title; 'none' to clear")
    p.add_argument("--tag", action="append", default=[], help="add a tag (repeatable)")
    p.add_argument("--remove-tag", action="append", default=[], metavar="TAG")
    p.add_argument("--speaker", action="append", default=[], help="add a speaker (repeatable)")
    p.add_argument("--remove-speaker", action="append", default=[], metavar="NAME")
    p.add_argument("--illustrator", metavar="NAME")
    for f in SETTABLE:
        if f.kind == "bool":
            flag = p.add_mutually_exclusive_group()
            flag.add_argument(_option(f), dest=f.name, action="store_true", default=None)
            flag.add_argument(f"--un{_option(f)[2:]}", dest=f.name, action="store_false")


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
        **_field_values(item, "about"),
        "tags": item.tags,
        "speakers": item.speakers,
        "illustrators": item.illustrators,
        **_field_values(item, "rights"),
    }


def _field_values(item: Item, section: Section) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in ITEM_FIELDS if f.section == section}


def _field_lines(item: Item, section: Section) -> list[tuple[str, object]]:
    """``item show``'s lines of the item's fields of ``section``."""
    lines: list[tuple[str, object]] = []
    for f in ITEM_FIELDS:
        if f.section == section:
            value = getattr(item, f.name)
            lines.append((str(f.label), ("yes" if value else "no") if f.kind == "bool" else value))
    return lines


def cmd_items(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        event_id = get_event(archive.db, args.event).id if args.event else None
        items = list_items(archive.db, event_id=event_id)
    if args.json:
        print_json([_item_summary(i) for i in items])
        return 0
    for i in items:
        when = (i.captured_at or "")[:16].replace("T", " ")
        label = i.title or i.original_name
        print(f"{i.id:5}  {when:16}  {one_line(label, 40):40}  {one_line(i.session, 40)}")
    print(f"{len(items)} items")
    return 0


def cmd_item_show(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        item = get_item(archive.db, args.id)
        original = archive.paths.original(item.hash, EXTENSIONS[item.format])
    if args.json:
        print_json(item.to_dict())
        return 0
    fields = [
        *_field_lines(item, "about"),
        ("Event", item.event),
        ("Session", item.session and f"{item.session} ({item.session_source or ''})"),
        ("Speakers", ", ".join(item.speakers)),
        ("Illustrator", ", ".join(item.illustrators)),
        ("Tags", ", ".join(item.tags)),
        *_field_lines(item, "rights"),
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
            label = name + ":"
            print(f"  {label:{max(13, len(label) + 1)}}{text}")
    return 0


def cmd_item_set(args: argparse.Namespace) -> int:
    ids = [args.id]
    with Archive.open(args.archive) as archive:
        db = archive.db
        item = get_item(db, args.id)
        fields: dict[str, Any] = {
            f.name: getattr(args, f.name) for f in SETTABLE if getattr(args, f.name) is not None
        }
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
        sync_index(archive)
    print(f"Item {args.id} updated")
    return 0
