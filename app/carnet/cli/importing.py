"""``carnet import``: image files and folders into an archive."""

from __future__ import annotations

import argparse
import sys
import threading

from carnet.catalog.archive import Archive
from carnet.cli.output import run_with_progress
from carnet.cli.parsing import Subparsers, add_jobs, command, path_arg
from carnet.cli.search import sync_index
from carnet.importing.pipeline import ImportOptions, import_paths


def add_import(sub: Subparsers) -> None:
    p = command(sub, "import", cmd_import, "import image files and folders into an archive")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("paths", type=path_arg, nargs="+", metavar="PATH")
    p.add_argument("--event", metavar="SLUG", help="the event the items belong to")
    p.add_argument("--illustrator", metavar="NAME", help="who drew them")
    add_jobs(p)


def cmd_import(args: argparse.Namespace) -> int:
    cancel = threading.Event()
    with Archive.open(args.archive) as archive:
        options = ImportOptions(event=args.event, illustrator=args.illustrator, jobs=args.jobs)
        summary = run_with_progress(
            "Importing",
            lambda bar: import_paths(archive, args.paths, options, progress=bar, cancel=cancel),
            "import interrupted; run the same import again to finish it",
        )
        sync_index(archive)
    for path, reason in summary.rejected:
        print(f"rejected: {path}: {reason}", file=sys.stderr)
    print(
        f"{summary.imported} imported, {summary.duplicates} already in the archive, "
        f"{len(summary.rejected)} rejected ({summary.total} files)"
    )
    return 0 if summary.ok else 1
