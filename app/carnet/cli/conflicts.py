"""``carnet conflicts``: the conflicts merges left open, listed and settled."""

from __future__ import annotations

import argparse
import json
from typing import Any

from carnet.catalog.archive import Archive
from carnet.catalog.browse import items_by_ids
from carnet.catalog.conflicts import (
    Conflict,
    drawing_names,
    open_conflicts,
    select,
    session_names,
    settle,
)
from carnet.catalog.corrections import rederive
from carnet.cli.output import one_line, print_json
from carnet.cli.parsing import Subparsers, command, item_id, path_arg
from carnet.cli.search import sync_index
from carnet.errors import InvalidValue
from carnet.merge.plan import MERGED_FIELDS, PLACE_FIELDS, SETS, field_label

#: The fields a conflict can be of (sets merge without conflict).
CONFLICT_FIELDS = tuple(f for f in (*MERGED_FIELDS, *PLACE_FIELDS) if f not in SETS)


def add_conflicts(sub: Subparsers) -> None:
    p = command(
        sub, "conflicts", cmd_conflicts, "list the conflicts merges left open, or settle them"
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument(
        "--settle",
        choices=("mine", "theirs"),
        help="settle them: mine keeps the archive's value, theirs takes the contribution's",
    )
    p.add_argument(
        "--field",
        choices=CONFLICT_FIELDS,
        metavar="FIELD",
        help=f"only the conflicts of FIELD ({', '.join(CONFLICT_FIELDS)})",
    )
    p.add_argument(
        "--item",
        type=item_id,
        nargs="+",
        default=[],
        metavar="ID",
        help="only the conflicts of these items (covers and orders left out)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print them as JSON: item (or target: event SLUG, session KEY), field, mine,"
        " theirs, illustrator, package, merged_at",
    )


def cmd_conflicts(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=args.settle is None) as archive:
        every = open_conflicts(archive.db)
        chosen = select(every, field=args.field, item_ids=args.item)
        if args.settle is None:
            if args.json:
                print_json([conflict_json(c) for c in chosen])
            else:
                print_conflicts(archive, chosen, narrowed=len(chosen) != len(every))
            return 0
        if not chosen:
            if every:
                raise InvalidValue("no open conflict matches --field and --item; nothing settled")
            print("no open conflicts: nothing to settle")
            return 0
        done = settle(archive.db, {c.key: args.settle for c in chosen})
        if done.corrected:
            rederive(archive, items_by_ids(archive.db, done.corrected))
        if done.item_ids:
            sync_index(archive)
    if args.json:
        print_json(
            {
                "settled": [{**conflict_json(c), "kept": choice} for c, choice in done.settled],
                "left_open": [conflict_json(c) for c in done.skipped],
            }
        )
        return 0
    kept = "the archive's values kept" if args.settle == "mine" else "the contribution's taken"
    print(f"settled {len(done.settled)} conflict(s): {kept}")
    for c in done.skipped:
        print(
            f"left open: {c.where} {field_label(c.field)}: their value cannot be taken"
            " (its drawing or session is no longer in the archive)"
        )
    return 0


def conflict_json(c: Conflict) -> dict[str, Any]:
    return {
        "item": c.item_id,
        "target": c.target,
        "field": c.field,
        "mine": c.mine,
        "theirs": c.theirs,
        "illustrator": c.illustrator,
        "package": c.package,
        "merged_at": c.merged_at,
    }


class _Names:
    """How a conflict's sessions and drawings are named: titles, not keys and hashes."""

    def __init__(self, archive: Archive, conflicts: list[Conflict]) -> None:
        self.sessions = session_names(archive.db)
        hashes = [
            h
            for c in conflicts
            if c.target is not None
            for v in (c.mine, c.theirs)
            for h in (v if isinstance(v, list) else [v])
            if isinstance(h, str)
        ]
        self.drawings = drawing_names(archive.db, hashes)
        self.items = {
            i.id: i.title or i.original_name
            for i in items_by_ids(archive.db, [c.item_id for c in conflicts if c.item_id])
        }

    def where(self, c: Conflict) -> str:
        if c.item_id is not None:
            name = self.items.get(c.item_id)
            return c.where + (f" ({one_line(name, 30)})" if name else "")
        kind, _, ref = str(c.target).partition(" ")
        name = self.sessions.get(ref) if kind == "session" else None
        return f"{kind} “{one_line(name, 30)}”" if name else str(c.target)

    def value(self, c: Conflict, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if c.target is not None:  # drawings, by hash
            found = value if isinstance(value, list) else [value]
            shown = [self.drawings.get(str(h), (0, str(h)[:12]))[1] for h in found]
            return one_line(", ".join(shown))
        if c.field == "session" and isinstance(value, str):
            return f"“{one_line(self.sessions.get(value, value), 40)}”"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dict):
            return one_line(json.dumps(value, ensure_ascii=False, sort_keys=True), 40)
        return f"“{one_line(str(value), 40)}”"


def print_conflicts(archive: Archive, conflicts: list[Conflict], *, narrowed: bool) -> None:
    if not conflicts:
        print("no open conflicts" + (" match" if narrowed else ""))
        return
    names = _Names(archive, conflicts)
    for c in conflicts:
        who = c.illustrator or c.package or "?"
        print(
            f"{names.where(c)} {field_label(c.field)}: mine {names.value(c, c.mine)}"
            f" / theirs {names.value(c, c.theirs)}"
            f" — from {who}, merged {c.merged_at[:16].replace('T', ' ')}"
        )
    print(
        f"{len(conflicts)} conflict(s) open: the archive's values are kept"
        " (settle with --settle mine|theirs, --field, --item)"
    )
