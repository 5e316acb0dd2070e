"""``carnet init``, ``carnet check`` and ``carnet demo``: archives as a whole."""

from __future__ import annotations

import argparse

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.cli.output import ProgressBar
from carnet.cli.parsing import Subparsers, command, path_arg


def add_init(sub: Subparsers) -> None:
    p = command(sub, "init", cmd_init, "create a new, empty archive folder")
    p.add_argument("archive", type=path_arg, metavar="PATH.carnet")


def add_check(sub: Subparsers) -> None:
    p = command(sub, "check", cmd_check, "check the catalog, the originals and the derived files")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--repair", action="store_true", help="regenerate what is derived")


def add_demo(sub: Subparsers) -> None:
    p = command(sub, "demo", cmd_demo, "build a demo archive of a two-day civic forum")
    p.add_argument("archive", type=path_arg, metavar="PATH.carnet")


def cmd_init(args: argparse.Namespace) -> int:
    with Archive.create(args.archive):
        pass
    print(f"Created the archive {args.archive}")
    return 0


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


def cmd_demo(args: argparse.Namespace) -> int:
    from carnet.demo import build_demo

    bar = ProgressBar("Building the demo")
    summary = build_demo(args.archive, progress=bar)
    bar.close()
    print(summary)
    return 0
