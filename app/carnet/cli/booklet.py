"""``carnet booklet``: an event's drawings as a print-ready PDF."""

from __future__ import annotations

import argparse
import sys
import threading

from carnet.catalog.archive import Archive
from carnet.cli.output import run_with_progress
from carnet.cli.parsing import Subparsers, item_id, path_arg, session_id

#: The names of ``booklet.build.PAPERS``, written out so that every other command starts
#: without loading the booklet's modules (fpdf2, the kit's model, the search): the import
#: is quicker by a third of a second. ``tests/booklet`` checks they are the same.
PAPER_NAMES = ("A4", "A5", "letter")


def add_booklet(sub: Subparsers) -> None:
    p = sub.add_parser(
        "booklet",
        help="write a print-ready booklet (PDF) of an event, its sessions or drawings",
        description=(
            "Write a print-ready PDF of an event: a cover, the contents, the programme by day,"
            " each session's title page and its drawings one per page, as large as the page"
            " allows, with title, caption and credits, an index of speakers and illustrators,"
            " and a colophon with the licences. Published drawings only, unless"
            " --include-unpublished. The same archive gives the same bytes."
        ),
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", required=True, metavar="SLUG", help="the event to print")
    p.add_argument("out", type=path_arg, metavar="OUT.pdf", help="the PDF to write")
    p.add_argument(
        "--session",
        type=session_id,
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="only these sessions (ids as `carnet programme show` lists them)",
    )
    p.add_argument(
        "--item",
        type=item_id,
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="only these drawings",
    )
    p.add_argument("--lang", choices=("fr", "en"), help="language (default: the event's)")
    p.add_argument("--paper", choices=PAPER_NAMES, default="A4", help="paper size (A4)")
    p.add_argument(
        "--large-print",
        action="store_true",
        help="bigger type, high contrast, for readers with low vision",
    )
    p.add_argument(
        "--include-unpublished",
        action="store_true",
        help="also print drawings not published in the kit",
    )
    p.add_argument("--cover", type=item_id, metavar="ID", help="the drawing on the cover")
    p.add_argument(
        "--archive-url",
        metavar="URL",
        help="where the digital archive can be seen, for the colophon",
    )
    p.set_defaults(func=cmd_booklet)


def cmd_booklet(args: argparse.Namespace) -> int:
    """Write the booklet and say where; errors propagate to ``carnet.cli.main``."""
    from carnet.booklet import BookletOptions, make_booklet

    options = BookletOptions(
        language=args.lang,
        paper=args.paper,
        sessions=args.session,
        items=args.item,
        include_unpublished=args.include_unpublished,
        large_print=args.large_print,
        cover_item=args.cover,
        archive_url=args.archive_url,
    )
    cancel = threading.Event()
    with Archive.open(args.archive, readonly=True) as archive:
        summary = run_with_progress(
            "Printing",
            lambda bar: make_booklet(
                archive, args.event, args.out, options, progress=bar, cancel=cancel
            ),
            "booklet interrupted; nothing was written",
        )
    for line in summary.problems:
        print(f"problem: {line}", file=sys.stderr)
    print(
        f"Booklet written to {args.out}: {summary.pages} pages ({summary.paper}),"
        f" {summary.drawings} drawings, {summary.sessions} sessions,"
        f" {summary.bytes / 1e6:.1f} MB"
    )
    return 0
