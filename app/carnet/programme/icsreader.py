"""Read a programme from an iCalendar (.ics) file, as calendar apps and conference sites export it.

Each VEVENT with a start and an end time is a session. The choices made where a calendar says
more, or less, than a programme needs:

- all-day events (DTSTART is a DATE: "Day 1", "Forum open") are not sessions and are skipped
  without a problem; the file is refused only if nothing usable remains;
- cancelled events (STATUS:CANCELLED) are skipped too;
- recurring events (RRULE/RDATE, with their RECURRENCE-ID exceptions) are expanded over the
  event's days by ``recurring-ical-events``: each occurrence is a session, whose UID is the
  entry's UID and its start (``UID/start``), so re-importing finds each occurrence again; when
  the event has no dates yet, the entry is skipped with that reason;
- an event with no title (SUMMARY) or no end (DTEND/DURATION) is skipped, listed with its line
  in ``Programme.skipped``, rather than refusing the whole file;
- the track is the first of the CATEGORIES;
- speakers are the X-SPEAKER values when there are any, or else the attendees' names (CN;
  never their e-mail addresses, which are not for publishing), leaving out rooms and
  resources and non-participants. The ORGANIZER counts only when it differs between events:
  the same organiser on every event is the calendar's owner, not a speaker.

Times with a TZID are read in that zone (from the file's VTIMEZONE, or an IANA name), UTC
times as UTC, floating times in the event's time zone.

How the file is read: the calendar library (icalendar) reads the calendar around the events
— its properties, and the VTIMEZONEs, which it turns into time zones — and decodes the
dates, times and durations. The events themselves are split into properties here, one
regular expression per line, with the library's own parser for any line that is not
plainly ``NAME;PARAM=value:value``: the library's generic parse of every property of every
event took most of the time of a large programme (100,000 sessions: half a minute).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from icalendar import Calendar
from icalendar.parser import Contentline
from icalendar.prop import vDate, vDDDTypes

from carnet.errors import Problem, ProgrammeError
from carnet.messages import Text
from carnet.programme.model import (
    Programme,
    SessionRecord,
    add_duration,
    clean_name,
    clean_text,
    elapsed,
    split_names,
    unique_names,
)

log = logging.getLogger(__name__)

_NOT_SPEAKERS = {"ROOM", "RESOURCE"}
_ALL_DAY = "all-day"
# icalendar's content-line parser and value types are untyped in some versions.
_CONTENT_LINE: Any = Contentline
_DATE: Any = vDate
_DATE_OR_TIME: Any = vDDDTypes
_DECODING_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError)

# A content line the library would read the same way: a plain name, plain parameters (no
# quotes, commas, escapes, percent or caret sequences, no space at either end, which the
# library would treat specially) and the value after the first colon. Anything else goes
# through the library's parser, which also says when a line is not a property at all.
_PARAM_VALUE = r"[^\x00-\x20\x7f\"%;:,\\^](?:[^\x00-\x1f\x7f\"%;:,\\^]*[^\x00-\x20\x7f\"%;:,\\^])?"
_PLAIN_LINE = re.compile(
    rf"(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[A-Za-z0-9-]+={_PARAM_VALUE})*):(?P<value>.*)",
    re.DOTALL,
)
# RFC 5545 TEXT escapes, read as the library reads them.
_TEXT_ESCAPE = re.compile(r"\\([\\,;:nN])")


class _BrokenLine(Exception):
    """A content line that is not ``NAME;PARAMS:value``."""


@dataclass
class _Property:
    """One property of an event: where it is, its parameters and its value as written."""

    line: int
    params: Mapping[str, Any]  # upper-case names
    raw: str

    @property
    def text(self) -> str:
        return _TEXT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), self.raw)


@dataclass
class _Event:
    """One VEVENT: its BEGIN line and its own properties (not those of a nested VALARM)."""

    begin: int
    properties: dict[str, list[_Property]] = field(default_factory=dict)

    def __contains__(self, name: str) -> bool:
        return name in self.properties

    def all(self, name: str) -> list[_Property]:
        return self.properties.get(name, [])

    def first(self, name: str) -> _Property | None:
        found = self.properties.get(name)
        return found[0] if found else None

    def text(self, name: str) -> str | None:
        """A text property; when it is (wrongly) repeated, its first value."""
        prop = self.first(name)
        return clean_text(prop.text) if prop is not None else None

    def line_of(self, name: str) -> int | None:
        prop = self.first(name)
        return prop.line if prop is not None else self.begin or None


def read_ics_text(
    text: str,
    tz: ZoneInfo,
    source: Path | str = "<ics>",
    days: tuple[date, date] | None = None,
) -> Programme:
    """Read a whole iCalendar programme already decoded to text; floating times are in ``tz``.

    ``days`` (first and last, inclusive) are the event's days, over which recurring entries
    are expanded.

    Raises ProgrammeError with every problem found, with line numbers: every line that is
    not an iCalendar property, or else every event that cannot be a session. A calendar the
    library refuses as a whole (no VCALENDAR, unclosed components) is one problem.
    """
    logical = _logical_lines(text)
    # A line that is not a property may be a session's end or title, and a component closed
    # in the wrong place may take a session's lines with it: every one of them is a problem,
    # rather than a line skipped or a guess at what the file meant.
    broken: list[Problem] = []
    envelope, blocks = _split_events(logical, broken)
    broken.extend(_broken_lines(envelope))
    events = [_event(block, broken) for block in blocks]
    if broken:
        raise ProgrammeError(source, sorted(broken, key=lambda p: p.line or 0))
    try:
        # The calendar without its events: its name, and its VTIMEZONEs, which the library
        # keeps for decoding the events' times below.
        calendar = Calendar.from_ical("".join(f"{content}\r\n" for _n, content in envelope))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ProgrammeError(source, [_syntax_problem(logical, exc)]) from exc
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        reason = Text("not an iCalendar file (no VCALENDAR)")
        raise ProgrammeError(source, [Problem(None, reason)])

    organisers = {_organiser(event) for event in events} - {None}
    use_organiser = len(organisers) > 1

    problems: list[Problem] = []
    skipped: list[Problem] = []
    sessions: list[SessionRecord] = []
    skipped_all_day = skipped_cancelled = 0
    # The blocks of each recurring entry's UID (the entry and its RECURRENCE-ID exceptions),
    # gathered in one pass: the file stays read in linear time.
    recurring = {
        uid for event in events if _is_recurring(event) and (uid := event.text("UID")) is not None
    }
    by_uid: dict[str, list[Lines]] = {}
    for event, block in zip(events, blocks, strict=True):
        uid = event.text("UID") if recurring else None
        if uid in recurring:
            by_uid.setdefault(uid, []).append(block)
    for event, block in zip(events, blocks, strict=True):
        if "RECURRENCE-ID" in event and event.text("UID") in recurring:
            continue  # an exception to a recurring entry: read with it
        # A repeated STATUS says two things: the event is not taken for cancelled.
        if [(prop.text.strip().upper()) for prop in event.all("STATUS")] == ["CANCELLED"]:
            skipped_cancelled += 1
            continue
        record = _session(event, tz, use_organiser, problems, skipped)
        if record == _ALL_DAY:
            skipped_all_day += 1
        elif isinstance(record, SessionRecord):
            if _is_recurring(event):
                related = by_uid.get(record.uid, [block]) if record.uid else [block]
                sessions.extend(
                    _occurrences(record, envelope, related, tz, days, problems, skipped)
                )
            else:
                sessions.append(record)
    if skipped_all_day or skipped_cancelled:
        log.info(
            "%s: %d all-day and %d cancelled events skipped",
            source,
            skipped_all_day,
            skipped_cancelled,
        )
    if not sessions and not problems and skipped:
        problems.extend(skipped)
    if not sessions and not problems:
        reason = Text(
            "no session: the calendar has no event with a start and end time{all_day}{cancelled}",
            all_day=Text(" ({count} all-day events skipped)", count=skipped_all_day)
            if skipped_all_day
            else "",
            cancelled=Text(" ({count} cancelled events skipped)", count=skipped_cancelled)
            if skipped_cancelled
            else "",
        )
        problems.append(Problem(None, reason))
    if problems:
        raise ProgrammeError(source, problems)
    name = _calendar_text(calendar, "X-WR-CALNAME") or _calendar_text(calendar, "NAME")
    log.info("%s: %d sessions read from iCalendar", source, len(sessions))
    return Programme(sessions=sessions, event_name=name, skipped=skipped)


def _is_recurring(event: _Event) -> bool:
    return "RRULE" in event or "RDATE" in event


def _occurrences(
    record: SessionRecord,
    envelope: Lines,
    related: list[Lines],
    tz: ZoneInfo,
    days: tuple[date, date] | None,
    problems: list[Problem],
    skipped: list[Problem],
) -> list[SessionRecord]:
    """The sessions of a recurring entry over the event's days, ``record`` giving the rest.

    The entry and its exceptions (same UID, RECURRENCE-ID) are handed to
    ``recurring-ical-events`` in a calendar of their own with the file's VTIMEZONEs.
    """
    if days is None:
        reason = Text("recurring event: give the event its dates to list its occurrences")
        skipped.append(Problem(record.line, reason))
        return []
    end_at = max(i for i, (_n, c) in enumerate(envelope) if _begin_end(c) == ("END", "VCALENDAR"))
    lines = [*envelope[:end_at], *(line for block in related for line in block), *envelope[end_at:]]
    try:
        calendar = Calendar.from_ical("".join(f"{content}\r\n" for _n, content in lines))
        first = datetime.combine(days[0], time(), tz)
        after_last = datetime.combine(days[1] + timedelta(days=1), time(), tz)
        found = recurring_ical_events.of(calendar).between(first, after_last)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        reason = Text("cannot expand the recurring event: {error}", error=str(exc))
        problems.append(Problem(record.line, reason))
        return []
    sessions: list[SessionRecord] = []
    for component in found:
        start, end = component.get("DTSTART"), component.get("DTEND")
        start_at, end_at_ = getattr(start, "dt", None), getattr(end, "dt", None)
        if not isinstance(start_at, datetime) or not isinstance(end_at_, datetime):
            continue
        start_at = start_at if start_at.tzinfo else start_at.replace(tzinfo=tz)
        end_at_ = end_at_ if end_at_.tzinfo else end_at_.replace(tzinfo=tz)
        if str(component.get("STATUS", "")).strip().upper() == "CANCELLED":
            continue
        if elapsed(start_at, end_at_) <= timedelta(0):
            continue
        sessions.append(
            SessionRecord(
                title=clean_text(component.get("SUMMARY")) or record.title,
                start=start_at,
                end=end_at_,
                track=record.track,
                room=clean_text(component.get("LOCATION")) or record.room,
                description=clean_text(component.get("DESCRIPTION")) or record.description,
                speakers=list(record.speakers),
                uid=f"{record.uid}/{start_at.isoformat()}" if record.uid else None,
                line=record.line,
            )
        )
    sessions.sort(key=lambda s: s.start)
    return sessions


def _session(
    event: _Event,
    tz: ZoneInfo,
    use_organiser: bool,
    problems: list[Problem],
    skipped: list[Problem],
) -> SessionRecord | str | None:
    """Read one VEVENT; returns the session, "all-day", or None after adding its problems.

    An event with no title or no end, and nothing else wrong, goes to ``skipped``.
    """
    before = len(problems)
    skip: list[Problem] = []
    line_of = event.line_of

    title = event.text("SUMMARY")
    start_prop = event.first("DTSTART")
    start_value = _decoded(start_prop) if _once(event, "DTSTART") else None
    if isinstance(start_value, date) and not isinstance(start_value, datetime):
        return _ALL_DAY
    if not title:
        skip.append(Problem(line_of("SUMMARY"), Text("event without a title (SUMMARY)")))

    start: datetime | None = None
    if start_prop is None:
        problems.append(Problem(line_of("DTSTART"), Text("event without a start (DTSTART)")))
    elif not isinstance(start_value, datetime):
        shown = repr(start_value) if start_value is not None else _shown(event, "DTSTART")
        reason = Text("cannot read DTSTART {value}", value=shown)
        problems.append(Problem(line_of("DTSTART"), reason))
    else:
        start = _aware(start_prop, "DTSTART", start_value, tz, problems)

    end: datetime | None = None
    end_prop, duration_prop = event.first("DTEND"), event.first("DURATION")
    if end_prop is not None:
        end_value = _decoded(end_prop) if _once(event, "DTEND") else None
        if not isinstance(end_value, datetime):
            reason = Text("cannot read DTEND {value!r} as a time", value=_shown(event, "DTEND"))
            problems.append(Problem(line_of("DTEND"), reason))
        else:
            end = _aware(end_prop, "DTEND", end_value, tz, problems)
    elif duration_prop is not None:
        duration = _decoded(duration_prop) if _once(event, "DURATION") else None
        if not isinstance(duration, timedelta):
            reason = Text("cannot read DURATION {value!r}", value=_shown(event, "DURATION"))
            problems.append(Problem(line_of("DURATION"), reason))
        elif start is not None:
            end = add_duration(start, duration)
    else:
        reason = Text("event without an end (DTEND or DURATION)")
        skip.append(Problem(event.begin or None, reason))

    if start is not None and end is not None and elapsed(start, end) <= timedelta(0):
        where = line_of("DTEND") if end_prop is not None else line_of("DURATION")
        problems.append(Problem(where, Text("the event ends before (or when) it starts")))
    if len(problems) > before:
        return None
    if skip:
        skipped.extend(skip)
        return None
    if title is None or start is None or end is None:
        return None

    return SessionRecord(
        title=title,
        start=start,
        end=end,
        track=_first_category(event),
        room=event.text("LOCATION"),
        description=event.text("DESCRIPTION"),
        speakers=_speakers(event, use_organiser),
        uid=event.text("UID"),
        line=event.begin or None,
    )


def _once(event: _Event, name: str) -> bool:
    """Whether ``name`` is given once: a second start or end would be a guess to choose."""
    return len(event.all(name)) == 1


def _shown(event: _Event, name: str) -> str:
    """The values of a property as written, for messages (all of them when repeated)."""
    return ", ".join(prop.raw for prop in event.all(name))


def _calendar_text(component: Any, name: str) -> str | None:
    """A text property of the calendar; when it is (wrongly) repeated, its first value."""
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return clean_text(value)


def _decoded(prop: _Property | None) -> Any:
    """The date, time or duration of a DTSTART/DTEND/DURATION, or None if unreadable.

    Decoded by the calendar library as its own parser would, a TZID from the file's
    VTIMEZONE included (the library keeps those it has read).
    """
    if prop is None:
        return None
    value = prop.raw.strip()
    try:
        if str(prop.params.get("VALUE", "")).upper() == "DATE":
            return _DATE.from_ical(value)
        tzid = prop.params.get("TZID")
        return _DATE_OR_TIME.from_ical(value, str(tzid) if tzid else None)
    except _DECODING_ERRORS:
        return None


def _aware(
    prop: _Property,
    name: str,
    value: datetime,
    tz: ZoneInfo,
    problems: list[Problem],
) -> datetime | None:
    """Make a decoded DTSTART/DTEND aware: its TZID, else floating time in ``tz``.

    The library leaves the time naive when the TZID is neither in a VTIMEZONE nor a name it
    knows; an IANA name is then tried, and an unknown zone is a problem rather than a guess.
    """
    if value.tzinfo is not None:
        return value
    tzid = prop.params.get("TZID")
    if tzid:
        try:
            return value.replace(tzinfo=ZoneInfo(str(tzid)), fold=0)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                Problem(
                    prop.line,
                    Text("unknown time zone {tzid!r} (no VTIMEZONE for it)", tzid=str(tzid)),
                )
            )
            return None
    return value.replace(tzinfo=tz, fold=0)


def _first_category(event: _Event) -> str | None:
    """The first non-empty category: a session has one track."""
    for prop in event.all("CATEGORIES"):
        for part in _list_items(prop.raw):
            text = clean_text(_Property(prop.line, {}, part).text)
            if text:
                return text
    return None


def _list_items(raw: str) -> list[str]:
    """The items of a comma-separated value as written (``\\,`` is a comma inside one)."""
    items: list[str] = []
    current: list[str] = []
    escaped = False
    for char in raw:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return items


def _speakers(event: _Event, use_organiser: bool) -> list[str]:
    """The speakers of an event (see the module's documentation for the rule)."""
    names: list[str] = []
    for prop in event.all("X-SPEAKER"):
        names.extend(split_names(prop.text))
    if names:
        return unique_names(names)
    for attendee in event.all("ATTENDEE"):
        params = attendee.params
        if str(params.get("CUTYPE", "")).upper() in _NOT_SPEAKERS:
            continue
        if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
            continue
        name = clean_name(params.get("CN"))
        if name:
            names.append(name)
    if use_organiser:
        organiser = _organiser(event)
        if organiser:
            names.insert(0, organiser)
    return unique_names(names)


def _organiser(event: _Event) -> str | None:
    """The organiser's name (CN), if the event has one."""
    organiser = event.first("ORGANIZER")
    if organiser is None:
        return None
    return clean_name(organiser.params.get("CN"))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """The unfolded content lines with the physical line each starts on."""
    # Pieces are joined once per logical line: appending each fold to a growing string
    # would copy a long folded value once per physical line.
    starts: list[int] = []
    pieces: list[list[str]] = []
    for number, physical in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if physical[:1] in (" ", "\t") and pieces:
            pieces[-1].append(physical[1:])
        elif physical.strip():
            starts.append(number)
            pieces.append([physical])
    return [(n, p[0] if len(p) == 1 else "".join(p)) for n, p in zip(starts, pieces, strict=True)]


def _begin_end(content: str) -> tuple[str, str]:
    """``("BEGIN", "VEVENT")`` for a BEGIN or END line, else ``("", "")``."""
    head, _colon, value = content.partition(":")
    name = head.split(";", 1)[0].strip().upper()
    if name in ("BEGIN", "END"):
        return name, value.strip().upper()
    return "", ""


Lines = list[tuple[int, str]]


def _split_events(logical: Lines, problems: list[Problem]) -> tuple[Lines, list[Lines]]:
    """The lines around the events, and the lines of each event (BEGIN to END).

    Every BEGIN must be closed by the END of the same component, in order: a calendar whose
    components do not nest is refused with the line of each END that closes nothing and of
    the innermost BEGIN never closed, rather than read one way or another. An event is
    taken out when it is inside a component (the VCALENDAR).
    """
    envelope: Lines = []
    blocks: list[Lines] = []
    stack: list[tuple[str, int]] = []  # the components open around the current line
    block: Lines | None = None
    block_depth = 0  # components open around the current event
    for number, content in logical:
        kind, component = _begin_end(content)
        if kind == "BEGIN" and component == "VEVENT" and block is not None:
            # An event cannot hold another: read either way, one session would be lost.
            reason = Text(
                "BEGIN:VEVENT inside the event of line {line} (is its END:VEVENT missing?)",
                line=block[0][0],
            )
            problems.append(Problem(number, reason))
        if kind == "BEGIN" and block is None and component == "VEVENT" and stack:
            block, block_depth = [], len(stack)
        (envelope if block is None else block).append((number, content))
        if kind == "BEGIN":
            stack.append((component, number))
        elif kind == "END":
            if not stack or stack[-1][0] != component:
                reason = Text("END:{name} without a matching BEGIN:{name}", name=component)
                problems.append(Problem(number, reason))
                continue
            stack.pop()
            if block is not None and len(stack) == block_depth:
                blocks.append(block)
                block = None
    if stack:
        name, number = stack[-1]
        problems.append(Problem(number, Text("BEGIN:{name} is never closed", name=name)))
    return envelope, blocks


def _event(block: Lines, broken: list[Problem]) -> _Event:
    """The properties of one event's lines; a line that is not a property goes to ``broken``."""
    event = _Event(block[0][0])
    inner = 0
    for number, content in block[1:-1]:
        try:
            name, params, raw = _content_line(content)
        except _BrokenLine:
            broken.append(_broken(number, content))
            continue
        if name == "BEGIN":
            inner += 1
        elif name == "END":
            inner = max(0, inner - 1)
        elif inner == 0:
            event.properties.setdefault(name, []).append(_Property(number, params, raw))
    return event


def _content_line(content: str) -> tuple[str, Mapping[str, Any], str]:
    """Name (upper case), parameters and raw value of a content line, or ``_BrokenLine``."""
    plain = _PLAIN_LINE.fullmatch(content)
    if plain is not None:
        params: dict[str, str] = {}
        if plain["params"]:
            for param in plain["params"][1:].split(";"):
                key, _eq, value = param.partition("=")
                params[key.upper()] = value
        return plain["name"].upper(), params, plain["value"]
    try:
        name, parsed, _value = _CONTENT_LINE(content).parts()
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise _BrokenLine from exc
    upper = {str(key).upper(): value for key, value in parsed.items()}
    return str(name).upper(), upper, content[_value_start(content) :]


def _value_start(content: str) -> int:
    """Where the value starts: after the first colon outside quotes and escapes."""
    in_quotes = escaped = False
    for index, char in enumerate(content):
        if char == '"' and not escaped:
            in_quotes = not in_quotes
        elif char == "\\" and not in_quotes and not escaped:
            escaped = True
            continue
        elif char == ":" and not in_quotes and not escaped:
            return index + 1
        escaped = False
    return len(content)


def _broken(number: int, content: str) -> Problem:
    reason = Text("not a valid iCalendar line: {content!r}", content=content[:80])
    return Problem(number, reason)


def _broken_lines(logical: Lines) -> list[Problem]:
    """A problem for every content line that is not ``NAME;PARAMS:value``."""
    problems: list[Problem] = []
    for number, content in logical:
        try:
            _content_line(content)
        except _BrokenLine:
            problems.append(_broken(number, content))
    return problems


def _syntax_problem(logical: Lines, exc: Exception) -> Problem:
    """One problem for a file the calendar library refuses as a whole."""
    if not any(content.strip().upper() == "BEGIN:VCALENDAR" for _n, content in logical):
        return Problem(None, Text("not an iCalendar file (no BEGIN:VCALENDAR)"))
    return Problem(None, Text("the iCalendar file cannot be read: {error}", error=str(exc)))
