"""``carnet share`` and ``carnet merge``: several illustrators, one archive."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from carnet.catalog.archive import Archive
from carnet.cli.output import ProgressBar, one_line, print_json
from carnet.cli.parsing import Subparsers, command, jobs, path_arg
from carnet.cli.search import sync_index
from carnet.errors import Cancelled
from carnet.merge.apply import apply_plan
from carnet.merge.package import read_source, write_package
from carnet.merge.plan import FieldChange, MergePlan, field_label, make_plan, parse_prefer


def add_share(sub: Subparsers) -> None:
    p = command(
        sub, "share", cmd_share, "write a contribution package of an event for the organiser"
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("out", type=path_arg, metavar="OUT", help="the package folder to make")
    p.add_argument("--event", required=True, metavar="SLUG", help="the event to share")
    p.add_argument(
        "--illustrator", metavar="NAME", help="only the drawings of NAME, credited to NAME"
    )
    p.add_argument(
        "--no-originals",
        action="store_true",
        help="leave the originals out (descriptions only: small enough to mail)",
    )


def add_merge(sub: Subparsers) -> None:
    p = command(
        sub, "merge", cmd_merge, "merge a contribution package or another archive into an archive"
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("source", type=path_arg, metavar="SOURCE", help="a package or an archive")
    p.add_argument("--dry-run", action="store_true", help="say what would change and write nothing")
    p.add_argument(
        "--prefer",
        action="append",
        default=[],
        metavar="mine|theirs|FIELD=mine|theirs",
        help="settle conflicts: all of them, or those of one field (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument(
        "--jobs", type=jobs, default=0, metavar="N", help="worker processes (default: one per core)"
    )


def cmd_share(args: argparse.Namespace) -> int:
    cancel = threading.Event()
    with Archive.open(args.archive, readonly=True) as archive:
        bar = ProgressBar("Sharing")
        try:
            summary = write_package(
                archive,
                args.out,
                event=args.event,
                illustrator=args.illustrator,
                originals=not args.no_originals,
                progress=bar,
                cancel=cancel,
            )
        except KeyboardInterrupt:
            bar.close()
            raise Cancelled("sharing interrupted: no package was written") from None
        bar.close()
    print(f"{summary.items} items, {summary.originals} originals: {summary.path}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    every, per = parse_prefer(args.prefer)
    source = read_source(args.source)
    with Archive.open(args.archive, readonly=args.dry_run) as archive:
        plan = make_plan(archive, source, prefer=every, prefer_field=per)
        if args.json:
            print_json(plan_json(plan))
        else:
            print_plan(plan, dry_run=args.dry_run)
        if args.dry_run or plan.empty:
            return 0
        bar = ProgressBar("Merging")
        try:
            summary = apply_plan(archive, plan, jobs=args.jobs, progress=bar)
        except KeyboardInterrupt:
            bar.close()
            raise Cancelled("merge interrupted: the archive is as it was") from None
        bar.close()
        sync_index(archive)
    for digest, reason in summary.rejected:
        print(f"rejected: {digest}: {reason}")
    if not args.json:
        print(
            f"merged: {summary.items_added} new items, {summary.fields_updated} fields updated,"
            f" {summary.conflicts} conflicts left open, {summary.rematched} items matched again"
        )
    return 1 if summary.rejected else 0


def plan_json(plan: MergePlan) -> dict[str, Any]:
    return {
        "source": plan.source.name,
        "illustrator": plan.source.illustrator,
        "already_merged": plan.already_merged,
        "new_items": [i.hash for i in plan.new_items],
        "without_original": [i.hash for i in plan.without_original],
        "new_events": plan.new_events,
        "new_sessions": plan.new_sessions,
        "updates": [_change_json(c) for c in plan.updates],
        "conflicts": [_change_json(c) for c in plan.conflicts],
        "people": [{"theirs": p.theirs, "mine": p.mine, "why": p.why} for p in plan.people],
    }


def _change_json(c: FieldChange) -> dict[str, Any]:
    """An item's field (``item``), or an event's or a session's cover or order (``target``)."""
    return {
        "item": c.item_id or None,
        "target": c.target,
        "field": c.field,
        "mine": c.mine,
        "theirs": c.theirs,
    }


def _where(c: FieldChange) -> str:
    return c.target if c.target is not None else f"item {c.item_id}"


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    return one_line(str(value))


def print_plan(plan: MergePlan, *, dry_run: bool) -> None:
    verb = "would" if dry_run else "will"
    who = plan.source.illustrator or plan.source.name
    if plan.empty:
        print(f"{plan.source.name}: already merged, nothing to change")
        return
    print(f"merging {plan.source.name} (from {who}): {verb} add")
    print(
        f"  {len(plan.new_items)} new items, {plan.new_sessions} new sessions,"
        f" {len(plan.new_events)} new events"
    )
    if plan.without_original:
        print(
            f"  {len(plan.without_original)} items left out: their originals are not in the package"
        )
    for c in plan.updates:
        print(f"  update {_where(c)} {field_label(c.field)}: {_show(c.mine)} → {_show(c.value)}")
    for c in plan.conflicts:
        print(
            f"  conflict {_where(c)} {field_label(c.field)}: mine {_show(c.mine)}"
            f" / theirs {_show(c.theirs)}"
        )
    if plan.settled:
        print(f"  {len(plan.settled)} conflicts settled for the archive's values")
    for p in plan.people:
        why = "same name without accents" if p.why == "accents" else "a typo apart"
        print(f"  same person? {p.theirs!r} and {p.mine!r} ({why}); not merged")
    if plan.conflicts:
        print(
            f"  {len(plan.conflicts)} conflicts keep the archive's value"
            " (settle with --prefer mine|theirs or --prefer FIELD=theirs)"
        )
