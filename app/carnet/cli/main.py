"""The ``carnet`` parser, and ``main``: run one command, turn its error into one line."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from carnet import carnet_version
from carnet.cli import archive, events, gui, importing, items, kit, programme, search
from carnet.cli.output import print_error
from carnet.errors import Cancelled, CarnetError

#: Each command's registration, in the order ``carnet --help`` lists them.
COMMANDS = (
    archive.add_init,
    importing.add_import,
    archive.add_check,
    events.add_event_commands,
    programme.add_programme_commands,
    events.add_people,
    programme.add_match,
    events.add_camera_commands,
    items.add_items,
    items.add_item_commands,
    archive.add_demo,
    search.add_search,
    search.add_reindex,
    kit.add_export,
    gui.add_gui,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carnet",
        description="Archives of live graphic recording: import, describe, search, publish.",
    )
    parser.add_argument("--version", action="version", version=f"carnet {carnet_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("exifread").setLevel(logging.CRITICAL)
    if not getattr(args, "func", None):
        # A bare `carnet` opens the desktop app, like any application launcher would.
        args.func, args.paths = gui.cmd_gui, []
    try:
        return int(args.func(args))
    except CarnetError as exc:
        print_error(exc)
        return 130 if isinstance(exc, Cancelled) else 1
    except KeyboardInterrupt:
        print_error("interrupted")
        return 130
