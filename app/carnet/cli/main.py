"""The ``carnet`` parser, and ``main``: run one command, turn its error into one line."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import NoReturn

from carnet import carnet_version
from carnet.cli import (
    archive,
    booklet,
    conflicts,
    coverage,
    events,
    gui,
    importing,
    items,
    kit,
    merge,
    names,
    programme,
    saved,
    search,
    sessions,
    transcribe,
)
from carnet.cli.output import print_error
from carnet.cli.parsing import Subparsers
from carnet.errors import Cancelled, CarnetError, write_error

log = logging.getLogger(__name__)

#: Each command's registration, in the order ``carnet --help`` lists them.
COMMANDS = (
    archive.add_init,
    importing.add_import,
    archive.add_check,
    events.add_event_commands,
    programme.add_programme_commands,
    events.add_people,
    names.add_person_commands,
    names.add_tag_commands,
    programme.add_match,
    sessions.add_session_commands,
    programme.add_session_edit_commands,
    events.add_camera_commands,
    items.add_items,
    items.add_item_commands,
    archive.add_demo,
    search.add_search,
    saved.add_saved_commands,
    coverage.add_coverage,
    search.add_reindex,
    transcribe.add_transcribe,
    kit.add_export,
    merge.add_share,
    merge.add_merge,
    conflicts.add_conflicts,
    booklet.add_booklet,
    gui.add_gui,
)


class CarnetParser(argparse.ArgumentParser):
    """argparse with the command line's one contract: a refused command line is one
    sentence on stderr and exit status 1, like every other refusal (argparse's own is the
    usage text, then the error, and status 2). The sub-command parsers are of this class
    too: ``add_subparsers`` makes them of their parent's class."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("carnet").strip()
        said = f"{command}: {message}" if command else message
        print_error(f"{said} (see {self.prog} --help)")
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = CarnetParser(
        prog="carnet",
        description="Archives of live graphic recording: import, describe, search, publish.",
    )
    parser.add_argument("--version", action="version", version=f"carnet {carnet_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more")
    sub: Subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=CarnetParser
    )
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command: 0 when it did its work, 1 with one sentence on stderr when it could
    not (a command line it cannot take included; 130 when interrupted).

    Errors the core did not translate (an ``OSError``, a ``sqlite3`` error) are still said
    in one sentence, never as a traceback: ``-v`` logs the traceback too. Output into a
    closed pipe (``carnet items A | head -1``) ends quietly.
    """
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("exifread").setLevel(logging.CRITICAL)
    if args.verbose:
        log.setLevel(logging.DEBUG)
    if not getattr(args, "func", None):
        # A bare `carnet` opens the desktop app, like any application launcher would.
        args.func, args.paths = gui.cmd_gui, []
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except CarnetError as exc:
        print_error(exc)
        return 130 if isinstance(exc, Cancelled) else 1
    except KeyboardInterrupt:
        print_error("interrupted")
        return 130
    except (OSError, sqlite3.Error) as exc:
        log.debug("untranslated error", exc_info=True)
        print_error(last_resort_message(exc))
        return 1
    except OverflowError as exc:  # a number no type checked reached SQLite or a date
        log.debug("untranslated error", exc_info=True)
        print_error(f"a number is too large: {exc}")
        return 1


#: The exit status after output into a closed pipe, as a process killed by SIGPIPE has.
EXIT_PIPE = 128 + 13


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at the null device, so that Python's own flush at
    exit does not fail again with a second message (the recipe of Python's ``signal``
    documentation)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def last_resort_message(exc: OSError | sqlite3.Error) -> str:
    """One sentence for an error no part of the core turned into a ``CarnetError``."""
    if isinstance(exc, OSError):
        name = exc.filename
        where = os.fsdecode(name) if isinstance(name, (str, bytes, os.PathLike)) else "a file"
        translated = write_error(exc, where)
        if translated is not None:
            return str(translated)
        return f"{where}: {exc.strerror or exc}"
    text = str(exc)
    if "disk is full" in text or "disk full" in text:
        return "the disk holding the archive (or the temporary folder) is full: free some space"
    if "readonly" in text or "read-only" in text:
        return "the archive is on read-only media or cannot be written: " + text
    return f"the catalog cannot be used: {text}"
