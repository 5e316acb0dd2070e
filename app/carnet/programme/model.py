"""What a programme file says, once read: sessions with their times, places and people.

These records are the common shape every reader (CSV, iCalendar, frab/pretalx) produces, so
the rest of Carnet never needs to know which format a programme came from. They are plain
data, not catalog rows: a programme is checked as a whole before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from carnet.errors import Problem


@dataclass
class SessionRecord:
    """One session as read from a programme file.

    ``start`` and ``end`` are always timezone-aware and ``end > start``: readers refuse the
    file rather than produce a session that could not be matched to drawings by time.
    ``line`` is the physical line of the session in its file (for messages), when known.
    """

    title: str
    start: datetime
    end: datetime
    track: str | None = None
    room: str | None = None
    description: str | None = None
    speakers: list[str] = field(default_factory=list)
    uid: str | None = None
    line: int | None = None


@dataclass
class Programme:
    """The sessions of one programme file, in file order, and the event's name if it says it.

    ``skipped`` lists the entries that cannot become a session but do not make the file
    wrong (a calendar entry with no title or no end), with their line and reason.
    """

    sessions: list[SessionRecord]
    event_name: str | None = None
    skipped: list[Problem] = field(default_factory=list)


_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str | None:
    """Return ``value`` as a trimmed string with inner runs of spaces kept, or None if blank.

    Programme files are full of cells that hold only spaces; an empty room is "no room",
    not a room called "".
    """
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def clean_name(value: object) -> str | None:
    """Return a person's name with its whitespace collapsed to single spaces, or None."""
    text = clean_text(value)
    if text is None:
        return None
    return _SPACES.sub(" ", text)


def unique_names(names: list[str]) -> list[str]:
    """Drop repeated names (ignoring case), keeping the first spelling and the file's order."""
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result


def split_names(cell: str) -> list[str]:
    """Split a cell that lists several people into their names.

    The rule, chosen to never cut one name in two when the cell can be read both ways:

    1. The strongest separator present is used: a line break, then ``;``, then ``/``, then
       ``,``. Only one kind is used, so "Dupont, Marie; Martin, Paul" gives two people
       written "Last, First".
    2. Commas are ambiguous ("Dupont, Marie" is one person written last name first, "Marie
       Dupont, Paul Martin" is two). A comma cell that splits into exactly two single-word
       parts is read as one person, "Last, First", kept as written; every other comma cell
       is split ("Alice, Bob, Carol" gives three people).
    3. Separators inside parentheses never split: "Marie Dupont (CNRS, Lyon)" is one person.

    Words such as "et"/"and" or "&" are never separators: they also appear inside names of
    duos and organisations.
    """
    text = cell.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    parts = [text]
    used = ""
    for separator in ("\n", ";", "/", ","):
        parts = _split_outside_parentheses(text, separator)
        if len(parts) > 1:
            used = separator
            break
    names = [n for n in (clean_name(p) for p in parts) if n]
    if used == "," and len(names) == 2 and all(" " not in n for n in names):
        return [clean_name(text) or text]
    return unique_names(names)


def _split_outside_parentheses(text: str, separator: str) -> list[str]:
    """Split ``text`` on a one-character ``separator`` that is not inside (), [] or {}."""
    if separator not in text:
        return [text]
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth > 0:
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def add_duration(start: datetime, duration: timedelta) -> datetime:
    """``start + duration`` in elapsed time, shown in ``start``'s zone.

    Adding a timedelta to a zoneinfo datetime adds wall-clock time; a 45-minute session that
    spans a daylight-saving change still lasts 45 minutes.
    """
    zone = start.tzinfo
    return (start.astimezone(UTC) + duration).astimezone(zone)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The real time from ``start`` to ``end``.

    Subtracting two datetimes of the same zone gives their wall-clock difference, which is
    wrong across a daylight-saving change; going through UTC is not.
    """
    return end.astimezone(UTC) - start.astimezone(UTC)
