"""How every group registers its commands on the ``carnet`` parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Command = Callable[[argparse.Namespace], int]


def command(sub: Subparsers, name: str, func: Command, help: str) -> argparse.ArgumentParser:
    """A subcommand running ``func``, whose ``help`` in the list is also its description."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(func=func)
    return p


def group(sub: Subparsers, name: str, help: str, dest: str) -> Subparsers:
    """A command of actions (``carnet event add``…): given none, it shows its help."""
    p = command(sub, name, lambda args: _help(p), help)
    return p.add_subparsers(dest=dest, metavar="ACTION")


def _help(parser: argparse.ArgumentParser) -> int:
    parser.parse_args(["--help"])  # prints the help and exits
    return 2
