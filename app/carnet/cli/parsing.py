"""How every group registers its commands on the ``carnet`` parser, and the one argument
type of each kind (paths, ids, counts, dates, lengths of time).

Every value a command reads from its arguments goes through one of these types, so a bad
one is refused by argparse in one sentence (``carnet item show: error: argument id: …``)
before any archive is opened, and never reaches the core as a value it cannot hold: an
empty path, an id SQLite cannot store, a length of time ``timedelta`` cannot hold.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeAlias

from carnet.errors import CarnetError
from carnet.programme.matching import parse_duration, parse_offset

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Command = Callable[[argparse.Namespace], int]

#: The largest integer SQLite stores (a signed 64-bit integer): the largest possible id.
MAX_ID = 2**63 - 1
#: Import worker processes at most: each holds a decoder and a full-size image in memory.
MAX_JOBS = 64
#: The dates an event may carry: a day before or after them must still be a date.
FIRST_DATE, LAST_DATE = date(1000, 1, 1), date(9998, 12, 31)
#: How wrong a camera clock may be said to be (a clock never set is wrong by years).
MAX_OFFSET = timedelta(days=100 * 366)
#: How long after a session a drawing may still be tied to it.
MAX_GRACE = timedelta(days=7)


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


class _Intermixed(argparse.ArgumentParser):
    """Parses its options and positionals intermixed (``intermixed_positionals``)."""

    _parsing = False

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._parsing:
            return super().parse_known_args(args, namespace)
        self._parsing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._parsing = False


def intermixed_positionals(parser: argparse.ArgumentParser) -> None:
    """Let an optional positional come after options (``ARCHIVE --event SLUG ID``).

    Without it, argparse gives the optional ``ID`` its default as soon as it reads
    ``ARCHIVE``, and then refuses the ``ID`` that follows ``--event SLUG`` as unknown.
    """
    parser.__class__ = type("Intermixed", (_Intermixed, type(parser)), {})


def negative_values_are_arguments(parser: argparse.ArgumentParser) -> None:
    """Let ``parser`` take ``-00:05:00`` or ``-90s`` as a value, not as an unknown option.

    argparse takes only plain negative numbers (``-5``) for values; a clock offset is
    negative as often as positive. Its options all start with two dashes, so nothing is
    lost.
    """
    parser._negative_number_matcher = re.compile(r"^-\d")


def path_arg(text: str) -> Path:
    """A file or folder: never empty (``Path("")`` would silently be the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path names nothing (write . for this folder)")
    if "\0" in text:
        raise argparse.ArgumentTypeError("a path cannot hold a NUL character")
    return Path(text)


def _whole_number(text: str) -> int:
    try:
        return int(text.strip().replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def item_id(text: str) -> int:
    """An item id: a whole number SQLite can hold, from 1."""
    return _id(text, "an item id")


def session_id(text: str) -> int:
    """A session id (as ``carnet programme show`` lists them), like an item id."""
    return _id(text, "a session id")


def _id(text: str, what: str) -> int:
    value = _whole_number(text)
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{what} is a whole number from 1 to {MAX_ID}")
    return value


def jobs(text: str) -> int:
    """A number of worker processes: 0 (one per core) up to ``MAX_JOBS``."""
    value = _whole_number(text)
    if not 0 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"between 0 (one per core) and {MAX_JOBS}")
    return value


def add_jobs(p: argparse.ArgumentParser) -> None:
    """The ``--jobs N`` option: worker processes, 0 (the default) for one per core."""
    p.add_argument(
        "--jobs",
        type=jobs,
        default=0,
        metavar="N",
        help="worker processes (default: one per core)",
    )


def bounded(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high`` (a result count, a limit)."""

    def parse(text: str) -> int:
        value = _whole_number(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"between {low:,} and {high:,}")
        return value

    parse.__name__ = "number"  # what argparse names in its own messages
    return parse


def day(text: str) -> date:
    """A calendar date written ``YYYY-MM-DD``, within ``FIRST_DATE``…``LAST_DATE``."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {text!r} (write it YYYY-MM-DD, e.g. 2016-09-29)"
        ) from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise argparse.ArgumentTypeError(f"a date from {FIRST_DATE} to {LAST_DATE}")
    return value


def clock_offset(text: str) -> timedelta:
    """A camera clock offset (``+01:00:00``, ``-90s``), within ±``MAX_OFFSET``."""
    value = _span(parse_offset, text)
    if abs(value) > MAX_OFFSET:
        raise argparse.ArgumentTypeError(
            f"a clock offset of at most {MAX_OFFSET.days:,} days either way"
        )
    return value


def grace(text: str) -> timedelta:
    """A grace period (``45m``, ``1h30m``), from 0 to ``MAX_GRACE``."""
    value = _span(parse_duration, text)
    if value > MAX_GRACE:
        raise argparse.ArgumentTypeError(f"a grace period of at most {MAX_GRACE.days} days")
    return value


def _span(parse: Callable[[str], timedelta], text: str) -> timedelta:
    try:
        return parse(text)
    except CarnetError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except (OverflowError, ValueError):  # more days than a timedelta holds
        raise argparse.ArgumentTypeError(f"far too long: {text!r}") from None


def degrees(text: str) -> float:
    """An angle in degrees (``90``, ``-2.5``): a finite number."""
    try:
        value = float(text.strip().replace("°", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of degrees: {text!r}") from None
    if not math.isfinite(value) or abs(value) > 3600:
        raise argparse.ArgumentTypeError("an angle is a number of degrees, at most 3600")
    return value


def numbers(count: int, what: str) -> Callable[[str], list[float]]:
    """``count`` numbers separated by commas (``10,12,900,20``…), for ``what``."""

    def parse(text: str) -> list[float]:
        parts = [p.strip() for p in text.split(",")]
        try:
            values = [float(p) for p in parts]
        except ValueError:
            values = []
        if len(values) != count or not all(math.isfinite(v) for v in values):
            raise argparse.ArgumentTypeError(
                f"{what}: {count} numbers separated by commas, not {text!r}"
            )
        return values

    return parse
