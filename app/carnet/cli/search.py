"""``carnet search`` and ``carnet reindex``: the command-line face of the search index.

Like every command, they turn the core's results into words and let ``CarnetError`` reach
``carnet.cli.main``, which prints it. ``sync_index`` brings the index in step after the
commands that change the catalog.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

from carnet.catalog.archive import Archive
from carnet.catalog.identity import has_identity
from carnet.cli.output import ProgressBar, print_json, print_warning
from carnet.cli.parsing import Subparsers, bounded, path_arg
from carnet.errors import ArchiveLocked, Cancelled, CarnetError, DiskFull, ReadOnlyMedia
from carnet.search.highlight import MARK_CLOSE, MARK_OPEN, plain
from carnet.search.index import MAX_LIMIT, SearchIndex
from carnet.search.results import SearchResults
from carnet.search.schema import FIELD_HELP

SEARCH_HELP = "search the items of an archive"
SEARCH_EPILOG = f"""\
Words are found whatever their accents, case or form ("societe" finds "Société",
"numériques" finds "numérique"). All words must match unless OR is used.
  "intelligence artificielle"    a phrase
  numériq*  confiance~           a prefix; a word with a typo or two
  NOT atelier                    leave out
  speaker:ostrom  tag:theme/communs  session:"démocratie locale"
  date:2016-09-29  date:[2016-09-29 TO 2016-09-30]  published:yes
Fields: {FIELD_HELP}.
"""
REINDEX_HELP = "rebuild the search index of an archive from its catalog"

_MARKS = re.compile(f"{re.escape(MARK_OPEN)}|{re.escape(MARK_CLOSE)}")
_BOLD, _RESET = "\033[1m", "\033[0m"
FACET_TITLES = {
    "event": "Events",
    "session": "Sessions",
    "speaker": "Speakers",
    "illustrator": "Illustrators",
    "tag": "Tags",
}


def add_search(sub: Subparsers) -> None:
    p = sub.add_parser(
        "search",
        help=SEARCH_HELP,
        description=SEARCH_HELP,
        epilog=SEARCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("query", nargs="+", metavar="QUERY", help="what to look for")
    p.add_argument("--json", action="store_true", help="every field, as JSON")
    p.add_argument(
        "--limit",
        type=bounded(1, MAX_LIMIT),
        default=20,
        metavar="N",
        help="show N results (default 20)",
    )
    p.add_argument(
        "--facets",
        action="store_true",
        help="count the matches by event, session, speaker, illustrator and tag",
    )
    p.add_argument("--event", metavar="SLUG", help="only items of this event")
    p.set_defaults(func=cmd_search)


def add_reindex(sub: Subparsers) -> None:
    p = sub.add_parser("reindex", help=REINDEX_HELP, description=REINDEX_HELP)
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.set_defaults(func=cmd_reindex)


def _open_for_search(path: Path) -> Archive:
    """The archive read-only: a search writes nothing into it (its index lives in the
    user's cache), never waits for a writer, and works on read-only media. Only a catalog
    from an older Carnet, which has no identity to key its index by yet, is opened for
    writing once so that its migrations run (when it can be: else it is searched through
    a private, temporary index)."""
    archive = Archive.open(path, readonly=True)
    if has_identity(archive.db):
        return archive
    archive.close()
    try:
        return Archive.open(path)
    except (ArchiveLocked, ReadOnlyMedia, DiskFull, PermissionError):
        return Archive.open(path, readonly=True)


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with _open_for_search(args.archive) as archive, SearchIndex(archive) as index:
        _with_progress("Indexing", lambda bar, cancel: index.sync(bar, cancel))
        results = index.search(query, limit=args.limit, facets=args.facets, event=args.event)
    if args.json:
        print_json(results.to_dict())
    else:
        _print_results(results, bold=sys.stdout.isatty())
    if results.stale:
        print(
            "note: the search index is behind the catalog (another process is writing to "
            "this archive); the latest changes may be missing",
            file=sys.stderr,
        )
    return 0


def _print_results(results: SearchResults, *, bold: bool) -> None:
    for hit in results.hits:
        title = _terminal(hit.title_html, bold)
        session = f"  [{hit.session}]" if hit.session else ""
        print(f"{hit.id:6}  {title}{session}")
        if hit.snippet_html:
            print(f"        {_terminal(hit.snippet_html, bold)}")
        if hit.ocr_only:
            print("        (found only in the machine-read text)")
    if results.total == 0:
        print(f"No item matches {results.query!r}.")
        if results.suggestion:
            print(f"Did you mean: {results.suggestion}")
    else:
        shown = len(results.hits)
        more = f", showing {shown}" if shown < results.total else ""
        print(f"{results.total:,} item{'s' if results.total != 1 else ''} match{more}")
    for name, values in results.facets.items():
        if values:
            listed = ", ".join(f"{v.label} ({v.count})" for v in values)
            print(f"{FACET_TITLES.get(name, name)}: {listed}")


def _terminal(snippet: str, bold: bool) -> str:
    """An HTML snippet for a terminal: marks in bold when it is one, then unescaped."""
    if not bold:
        return plain(snippet)
    parts = _MARKS.split(snippet)
    out = []
    for i, part in enumerate(parts):
        text = plain(part)
        out.append(f"{_BOLD}{text}{_RESET}" if i % 2 else text)
    return "".join(out)


def cmd_reindex(args: argparse.Namespace) -> int:
    started = time.monotonic()
    # The index lives in the user's cache: rebuilding it only reads the archive, which may
    # be on read-only media or held by another process.
    with Archive.open(args.archive, readonly=True) as archive, SearchIndex(archive) as index:
        count = _with_progress("Indexing", lambda bar, cancel: index.rebuild(bar, cancel))
    elapsed = time.monotonic() - started
    print(f"Search index rebuilt: {count:,} item{'s' if count != 1 else ''} in {elapsed:.1f} s")
    return 0


def _with_progress(label: str, work: Any) -> int:
    bar = ProgressBar(label)
    cancel = threading.Event()
    try:
        return int(work(bar, cancel))
    except KeyboardInterrupt:
        cancel.set()
        raise Cancelled("indexing interrupted; the search index was left as it was") from None
    finally:
        bar.close()


def sync_index(archive: Archive) -> None:
    """Bring the search index in step with what a command just wrote.

    Searching would catch up by itself; doing it here means the first search after an
    import answers at once. An index that cannot be updated is only worth a warning: the
    catalog change is already safe, and the next search or `carnet reindex` retries.
    """
    bar = ProgressBar("Indexing")
    try:
        with SearchIndex(archive) as index:
            index.sync(bar)
    except CarnetError as exc:
        print_warning(f"the search index was not updated: {exc}")
    finally:
        bar.close()
