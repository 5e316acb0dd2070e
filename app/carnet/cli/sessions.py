"""``carnet session``: a session's cover drawing and the order of its drawings."""

from __future__ import annotations

import argparse

from carnet.catalog.archive import Archive
from carnet.catalog.covers import (
    session_cover,
    session_item_ids,
    set_session_cover,
    set_session_order,
)
from carnet.cli.parsing import Subparsers, command, group, item_id, path_arg, session_id


def add_session_commands(sub: Subparsers) -> Subparsers:
    """The ``session`` group (returned, so other session actions can join it)."""
    ssub = _existing_group(sub) or group(
        sub,
        "session",
        "change sessions: their drawings' cover and order, and more",
        "session_command",
    )
    p = command(
        ssub,
        "cover",
        cmd_session_cover,
        "choose the drawing that stands for a session (else its first drawing)",
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("session", type=session_id, metavar="SESSION", help="session id")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("id", type=item_id, nargs="?", metavar="ID", help="item id")
    which.add_argument("--clear", action="store_true", help="go back to the first drawing")
    p = command(
        ssub,
        "order",
        cmd_session_order,
        "put a session's drawings in an order (the others follow by capture time)",
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("session", type=session_id, metavar="SESSION", help="session id")
    p.add_argument(
        "ids",
        type=item_id,
        nargs="*",
        metavar="ID",
        help="item ids, first to last (none: back to capture time)",
    )
    return ssub


def _existing_group(sub: Subparsers) -> Subparsers | None:
    """The ``session`` group's actions when another command module made it first."""
    existing = sub.choices.get("session")
    for action in existing._actions if existing is not None else []:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def cmd_session_cover(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        set_session_cover(archive.db, args.session, None if args.clear else args.id)
        cover = session_cover(archive.db, args.session)
    if args.clear:
        shown = f"its first drawing, item {cover}" if cover else "its first drawing"
        print(f"Cover of session {args.session}: {shown}")
    else:
        print(f"Cover of session {args.session}: item {cover}")
    return 0


def cmd_session_order(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        set_session_order(archive.db, args.session, args.ids)
        ids = session_item_ids(archive.db, args.session)
    print(f"Drawings of session {args.session}: " + (" ".join(map(str, ids)) or "none"))
    return 0
