"""``carnet transcribe``: read the lettering of drawings into their machine-read text."""

from __future__ import annotations

import argparse
import sys
import threading

from carnet.catalog.archive import Archive
from carnet.catalog.events import get_event
from carnet.cli.output import run_with_progress
from carnet.cli.parsing import Subparsers, add_jobs, bounded, item_id, path_arg
from carnet.cli.search import sync_index
from carnet.errors import InvalidValue
from carnet.messages import Text
from carnet.ocr import TIME_LIMIT, transcribe

HELP = "read the lettering of drawings (offline OCR) into their machine-read text"
DESCRIPTION = (
    "Read the hand-lettered words of drawings with an OCR engine that runs on this"
    " machine (nothing is sent anywhere), and keep them as each item's machine-read text:"
    " searched as ocr: or lu:, shown beside the transcription, never written over it."
    " Items already read are skipped unless --redo."
)


def add_transcribe(sub: Subparsers) -> None:
    p = sub.add_parser("transcribe", help=HELP, description=DESCRIPTION)
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("ids", type=item_id, nargs="*", metavar="ID", help="the items to read")
    p.add_argument("--event", metavar="SLUG", help="every item of this event")
    p.add_argument("--all", action="store_true", help="every item of the archive")
    p.add_argument("--redo", action="store_true", help="read again items already read")
    add_jobs(p)
    p.add_argument(
        "--time-limit",
        type=bounded(1, 3600),
        default=int(TIME_LIMIT),
        metavar="SECONDS",
        help=f"give up on an image after this long (default {int(TIME_LIMIT)})",
    )
    p.set_defaults(func=cmd_transcribe)


def cmd_transcribe(args: argparse.Namespace) -> int:
    if not (args.ids or args.event or args.all):
        raise InvalidValue(Text("say which items to read: their ids, --event SLUG or --all"))
    cancel = threading.Event()
    with Archive.open(args.archive) as archive:
        event_id = get_event(archive.db, args.event).id if args.event else None
        report = run_with_progress(
            "Reading",
            lambda bar: transcribe(
                archive,
                args.ids,
                event_id=event_id,
                every=args.all,
                redo=args.redo,
                workers=args.jobs or None,
                time_limit=float(args.time_limit),
                progress=bar,
                cancel=cancel,
            ),
            "reading interrupted; what was read is kept, run the same command to go on",
            on_interrupt=lambda: sync_index(archive),
        )
        if report.read or report.empty:
            sync_index(archive)
    for item, reason in report.failed:
        print(f"not read: item {item}: {reason}", file=sys.stderr)
    print(
        f"{len(report.read)} read, {len(report.empty)} with no lettering found,"
        f" {len(report.failed)} not read"
    )
    return 1 if report.failed else 0
