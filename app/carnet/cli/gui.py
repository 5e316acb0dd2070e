"""``carnet gui [ARCHIVE]``: the desktop app, from the command line.

The window (and Qt) is imported only when the command runs: every other command starts
without it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from carnet.cli.output import print_error
from carnet.cli.parsing import Subparsers, path_arg

NO_DISPLAY = (
    "no display available to open the window (neither DISPLAY nor WAYLAND_DISPLAY is "
    "set); run it inside a graphical session, or under a virtual one with `xvfb-run -a carnet gui`."
)


def display_available() -> bool:
    """Whether Qt can open a window: a display, or a platform chosen explicitly."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(args: argparse.Namespace) -> int:
    if not display_available():
        print_error(NO_DISPLAY)
        return 1
    from carnet.ui.app import run_gui

    archive, to_import = split_gui_arguments(getattr(args, "paths", None) or [])
    return run_gui(archive, to_import)


def split_gui_arguments(paths: list[Path]) -> tuple[Path | None, list[Path]]:
    """An archive to open, or files and folders to import into the last archive.

    The desktop opens photos "with Carnet" as ``carnet gui FILE…``; a single ``.carnet``
    folder (or any folder holding a catalog) is an archive.
    """
    if len(paths) == 1 and paths[0].is_dir():
        one = paths[0]
        if one.suffix == ".carnet" or (one / "catalog.sqlite").exists():
            return one, []
    return None, list(paths)


def add_gui(sub: Subparsers) -> None:
    help_text = "open the desktop app (on ARCHIVE, or the last archive opened)"
    p = sub.add_parser(
        "gui",
        help=help_text,
        description=help_text + "; image files and folders given instead of an archive "
        "open the import dialog of the last archive with them",
    )
    p.add_argument("paths", type=path_arg, nargs="*", metavar="ARCHIVE | FILE")
    p.set_defaults(func=cmd_gui)
