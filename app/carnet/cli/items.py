"""``carnet items`` and ``carnet item``: list the items, show or edit one."""

from __future__ import annotations

import argparse
from typing import Any

from carnet.catalog.archive import Archive
from carnet.catalog.browse import items_by_ids
from carnet.catalog.corrections import correct_items, no_board, propose_corners
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
from carnet.cli.parsing import (
    Subparsers,
    command,
    degrees,
    group,
    item_id,
    negative_values_are_arguments,
    numbers,
    path_arg,
)
from carnet.cli.search import sync_index
from carnet.errors import CarnetError
from carnet.media.corrections import Corrections, parse_corrections
from carnet.media.formats import EXTENSIONS
from carnet.merge.apply import provenance

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
    add_correct(isub)


def add_correct(isub: Subparsers) -> None:
    """``carnet item correct``: corrections set on one item or several."""
    p = command(
        isub,
        "correct",
        cmd_item_correct,
        "straighten, crop or turn items without touching their originals",
    )
    negative_values_are_arguments(p)
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("ids", type=item_id, nargs="+", metavar="ID")
    corners = p.add_mutually_exclusive_group()
    corners.add_argument(
        "--auto", action="store_true", help="find the board's four corners automatically"
    )
    corners.add_argument(
        "--corners",
        type=numbers(8, "the corners"),
        metavar="X1,Y1,…,X4,Y4",
        help="the board's corners (top-left, top-right, bottom-right, bottom-left) in pixels"
        " of the upright original",
    )
    p.add_argument("--rotate", type=degrees, metavar="DEG", help="turn clockwise, any angle")
    p.add_argument(
        "--crop",
        type=numbers(4, "the crop"),
        metavar="X,Y,W,H",
        help="keep this part of the corrected image (fractions from 0 to 1)",
    )
    p.add_argument("--reset", action="store_true", help="remove every correction")


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
        "corrections": item.corrections.to_dict(),
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
        origins = provenance(archive, item.id)
    if args.json:
        print_json({**item.to_dict(), "provenance": origins})
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
        ("Corrections", None if item.corrections.empty else describe_corrections(item.corrections)),
        ("GPS", f"{item.gps_lat}, {item.gps_lon}" if item.gps_lat is not None else None),
        ("File", item.original_name),
        ("Imported from", item.original_path),
        ("Imported at", item.imported_at),
        ("Hash", item.hash),
        ("Stored as", str(original.parent.name + "/" + original.name)),
    ]
    fields += [
        (
            "From" if o["field"] is None else f"  {o['field']} from",
            f"{o['illustrator'] or 'an archive'}, {o['package']}"
            + (f" of {o['created_at'][:10]}" if o["created_at"] else "")
            + f", merged {o['merged_at'][:16].replace('T', ' ')}",
        )
        for o in origins
    ]
    print(f"Item {item.id}")
    for name, value in fields:
        if value:
            text = str(value).replace("\n", "\n" + " " * 15)
            label = name + ":"
            print(f"  {label:{max(13, len(label) + 1)}}{text}")
    return 0


def cmd_item_correct(args: argparse.Namespace) -> int:
    changes = (args.auto, args.corners, args.rotate, args.crop)
    if args.reset and any(c not in (None, False) for c in changes):
        raise CarnetError("--reset removes every correction: give it alone")
    if not args.reset and all(c in (None, False) for c in changes):
        raise CarnetError("say what to correct: --auto, --corners, --rotate, --crop or --reset")
    with Archive.open(args.archive) as archive:

        def change(item: Item) -> Corrections:
            if args.reset:
                return Corrections()
            values = item.corrections.to_dict()
            if args.auto:
                found = propose_corners(archive, item)
                if found is None:
                    raise no_board(item)
                values["corners"] = [list(p) for p in found]
            elif args.corners is not None:
                values["corners"] = [args.corners[k : k + 2] for k in range(0, 8, 2)]
            if args.rotate is not None:
                values["rotate"] = args.rotate
            if args.crop is not None:
                values["crop"] = args.crop
            return parse_corrections(values)

        correct_items(archive, list(dict.fromkeys(args.ids)), change)
        corrected = {item.id: item.corrections for item in items_by_ids(archive.db, args.ids)}
        sync_index(archive)
    for item_id_, corrections in corrected.items():
        print(f"Item {item_id_}: {describe_corrections(corrections)}")
    return 0


def describe_corrections(corrections: Corrections) -> str:
    """``rotated 2.5°, perspective (10,12 … 15,690), cropped 0.1,0.05,0.8,0.9``"""
    if corrections.empty:
        return "no correction"
    parts = []
    if corrections.corners is not None:
        points = " ".join(f"{x:g},{y:g}" for x, y in corrections.corners)
        parts.append(f"perspective from corners {points}")
    if corrections.rotate:
        parts.append(f"rotated {corrections.rotate:g}°")
    if corrections.crop is not None:
        parts.append("cropped to " + ",".join(f"{v:g}" for v in corrections.crop))
    return ", ".join(parts)


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
