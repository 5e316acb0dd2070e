"""``carnet export``: an event's archive kit."""

from __future__ import annotations

import argparse
import sys
import threading

from carnet.catalog.archive import Archive
from carnet.cli.output import run_with_progress
from carnet.cli.parsing import Subparsers, path_arg
from carnet.errors import InvalidValue
from carnet.messages import Text, message_of


def add_export(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export",
        help="write an event's archive kit (or every event's): a static, offline, searchable site",
        description=(
            "Write the archive kit of an event into OUT: pages for the programme, sessions,"
            " people, tags and every published drawing, a search that works offline, items.csv"
            " and items.json, all as a BagIt bag. With --all, one site for every event of the"
            " archive: a home page listing the events, each event's pages in a folder named"
            " after it, and a search across all of them. Run it again after edits: only what"
            " changed is rewritten."
        ),
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--event", metavar="SLUG", help="the event to export")
    p.add_argument(
        "--all",
        action="store_true",
        help="export every event of the archive as one site (a collection kit), instead of"
        " one event",
    )
    p.add_argument("out", type=path_arg, metavar="OUT", help="the kit's folder")
    p.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="page language (default: the event's; with --all, each event's, and the latest"
        " event's for the home page)",
    )
    p.add_argument("--zip", action="store_true", help="also write OUT.zip")
    p.add_argument("--originals", action="store_true", help="include the original files")
    p.add_argument(
        "--with-ocr",
        action="store_true",
        help="let the kit's search find the words the machine read on the drawings"
        " (carnet transcribe); off by default: a person has not checked them",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that holds other files (they are kept)",
    )
    p.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="the http(s) address the kit will be served at: also write canonical links,"
        " preview tags for social networks, sitemap.xml, an Atom feed of the drawings"
        " (feed.xml), IIIF manifests (for Mirador, the Universal Viewer) and info.json"
        " files with absolute ids",
    )
    p.set_defaults(func=cmd_export)


def _base_url(text: str) -> str:
    from carnet.kit.iiif import base_url  # here: other commands start without the kit

    try:
        return base_url(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(message_of(exc)) from None


def cmd_export(args: argparse.Namespace) -> int:
    """Run the export and print its summary; errors propagate to ``carnet.cli.main``."""
    from carnet.kit.export import ExportOptions, export_collection, export_kit

    if args.all and args.event:
        raise InvalidValue(Text("--all exports every event: give either --event SLUG or --all"))
    if not args.all and not args.event:
        raise InvalidValue(Text("say which event to export: --event SLUG, or --all for every one"))

    options = ExportOptions(
        language=args.lang,
        originals=args.originals,
        zip=args.zip,
        force=args.force,
        base_url=args.base_url,
        with_ocr=args.with_ocr,
    )
    cancel = threading.Event()
    with Archive.open(args.archive, readonly=True) as archive:
        summary = run_with_progress(
            "Exporting",
            lambda bar: (
                export_collection(archive, args.out, options, progress=bar, cancel=cancel)
                if args.all
                else export_kit(archive, args.event, args.out, options, progress=bar, cancel=cancel)
            ),
            "export interrupted; run the same export again to finish it",
        )
    for line in summary.problems:
        print(f"problem: {line}", file=sys.stderr)
    if summary.regenerated:
        print(
            f"{len(summary.regenerated)} item(s) had missing, damaged or out-of-date previews:"
            " regenerated in the kit"
        )
    if summary.foreign:
        print(f"{len(summary.foreign)} file(s) Carnet did not write were kept in {args.out}")
    print(
        f"Kit written to {args.out}: {summary.items} drawings, {summary.pages} pages,"
        f" {summary.files} files ({summary.bytes / 1e6:.1f} MB);"
        f" {summary.written} written, {summary.unchanged} unchanged, {summary.removed} removed"
    )
    print(f"Open {args.out / 'index.html'} in a browser.")
    if summary.zip_path is not None:
        print(f"Zip: {summary.zip_path}")
    if not summary.ok:  # something was left out, or the archive lost something: say it in $?
        print(f"{len(summary.failures)} problem(s) above need attention", file=sys.stderr)
        return 1
    return 0
