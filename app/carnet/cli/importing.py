"""``carnet import``: image files and folders into an archive."""

from __future__ import annotations

import argparse
import sys
import threading

from carnet.catalog.archive import Archive
from carnet.cli.output import ProgressBar
from carnet.cli.parsing import Subparsers, command, jobs, path_arg
from carnet.cli.search import sync_index
from carnet.errors import Cancelled
from carnet.importing.pipeline import ImportOptions, import_paths


def add_import(sub: Subparsers) -> None:
    p = command(sub, "import", cmd_import, "import image files and folders into an archive")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("paths", type=path_arg, nargs="+", metavar="PATH")
    p.add_argument("--event", metavar="SLUG", help="the event the items belong to")
    p.add_argument("--illustrator", metavar="NAME", help="who drew them")
    p.add_argument(
        "--jobs",
        type=jobs,
        default=0,
        metavar="N",
        help="worker processes (default: one per core)",
    )


def cmd_import(args: argparse.Namespace) -> int:
    cancel = threading.Event()
    with Archive.open(args.archive) as archive:
        bar = ProgressBar("Importing")
        options = ImportOptions(event=args.event, illustrator=args.illustrator, jobs=args.jobs)
        try:
            summary = import_paths(archive, args.paths, options, progress=bar, cancel=cancel)
        except KeyboardInterrupt:
            bar.close()
            raise Cancelled("import interrupted; run the same import again to finish it") from None
        bar.close()
        sync_index(archive)
    for path, reason in summary.rejected:
        print(f"rejected: {path}: {reason}", file=sys.stderr)
    print(
        f"{summary.imported} imported, {summary.duplicates} already in the archive, "
        f"{len(summary.rejected)} rejected ({summary.total} files)"
    )
    return 0 if summary.ok else 1
