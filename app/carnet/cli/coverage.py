"""``carnet coverage``: every session of an event with its number of items."""

from __future__ import annotations

import argparse

from carnet.catalog.archive import Archive
from carnet.catalog.coverage import coverage, coverage_csv
from carnet.catalog.events import get_event
from carnet.cli.parsing import Subparsers, command, path_arg


def add_coverage(sub: Subparsers) -> None:
    p = command(sub, "coverage", cmd_coverage, "how many items each session of an event holds")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--illustrator", metavar="NAME", help="count only this illustrator's items")
    p.add_argument("--csv", action="store_true", help="print the table as CSV")


def cmd_coverage(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        event = get_event(archive.db, args.event)
        rows = coverage(archive.db, event.id, args.illustrator)
    if args.csv:
        print(coverage_csv(rows), end="")
        return 0
    for r in rows:
        print(f"{r.start[:16]}  {r.count:5}  {r.title}")
    empty = sum(1 for r in rows if r.count == 0)
    print(f"{empty} of {len(rows)} sessions without any item")
    return 0
