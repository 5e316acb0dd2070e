"""Read a programme from an iCalendar (.ics) file, as calendar apps and conference sites export it.

Each VEVENT with a start and an end time is a session. The choices made where a calendar says
more, or less, than a programme needs:

- all-day events (DTSTART is a DATE: "Day 1", "Forum open") are not sessions and are skipped
  without a problem; the file is refused only if nothing usable remains;
- cancelled events (STATUS:CANCELLED) are skipped too;
- recurring events (RRULE/RDATE) are refused: importing only their first occurrence would be a
  half import, and a conference programme lists each session once;
- the track is the first of the CATEGORIES;
- speakers are the X-SPEAKER values when there are any, or else the attendees' names (CN;
  never their e-mail addresses, which are not for publishing), leaving out rooms and
  resources and non-participants. The ORGANIZER counts only when it differs between events:
  the same organiser on every event is the calendar's owner, not a speaker.

Times with a TZID are read in that zone (from the file's VTIMEZONE, or an IANA name), UTC
times as UTC, floating times in the event's time zone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar
from icalendar.parser import Contentline

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
# icalendar's content-line parser is untyped in some versions; it is only used for messages.
_CONTENT_LINE: Any = Contentline


@dataclass
class _EventLines:
    """Where one VEVENT is in the file: its BEGIN line and the first line of each property."""

    begin: int
    properties: dict[str, int] = field(default_factory=dict)


def read_ics_text(text: str, tz: ZoneInfo, source: Path | str = "<ics>") -> Programme:
    """Read a whole iCalendar programme already decoded to text; floating times are in ``tz``.

    Raises ProgrammeError with every problem found, with line numbers: every line that is
    not an iCalendar property, or else every event that cannot be a session. A calendar the
    library refuses as a whole (no VCALENDAR, unclosed components) is one problem.
    """
    logical = _logical_lines(text)
    # icalendar skips lines it cannot parse and goes on; a skipped line may be a session's
    # end or title, so every one of them is a problem.
    broken = _broken_lines(logical)
    if broken:
        raise ProgrammeError(source, broken)
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ProgrammeError(source, [_syntax_problem(logical, exc)]) from exc
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        reason = Text("not an iCalendar file (no VCALENDAR)")
        raise ProgrammeError(source, [Problem(None, reason)])

    places = _event_lines(logical)
    events = list(calendar.walk("VEVENT"))
    if len(places) != len(events):
        log.debug("%s: VEVENT count differs from the parser's; no line numbers", source)
        places = [_EventLines(0) for _ in events]

    organisers = {_organiser(event) for event in events} - {None}
    use_organiser = len(organisers) > 1

    problems: list[Problem] = []
    sessions: list[SessionRecord] = []
    skipped_all_day = skipped_cancelled = 0
    for event, place in zip(events, places, strict=True):
        status = str(event.get("STATUS", "")).upper()
        if status == "CANCELLED":
            skipped_cancelled += 1
            continue
        record = _session(event, place, tz, use_organiser, problems)
        if record == _ALL_DAY:
            skipped_all_day += 1
        elif isinstance(record, SessionRecord):
            sessions.append(record)
    if skipped_all_day or skipped_cancelled:
        log.info(
            "%s: %d all-day and %d cancelled events skipped",
            source,
            skipped_all_day,
            skipped_cancelled,
        )
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
    name = _text(calendar, "X-WR-CALNAME") or _text(calendar, "NAME")
    log.info("%s: %d sessions read from iCalendar", source, len(sessions))
    return Programme(sessions=sessions, event_name=name)


def _session(
    event: Any,
    place: _EventLines,
    tz: ZoneInfo,
    use_organiser: bool,
    problems: list[Problem],
) -> SessionRecord | str | None:
    """Read one VEVENT; returns the session, "all-day", or None after adding its problems."""
    before = len(problems)

    def line_of(name: str) -> int | None:
        return place.properties.get(name) or place.begin or None

    title = _text(event, "SUMMARY")
    start_value = _decoded(event, "DTSTART")
    if isinstance(start_value, date) and not isinstance(start_value, datetime):
        return _ALL_DAY
    if not title:
        problems.append(Problem(line_of("SUMMARY"), Text("event without a title (SUMMARY)")))
    if "RRULE" in event or "RDATE" in event:
        problems.append(
            Problem(
                line_of("RRULE") if "RRULE" in event else line_of("RDATE"),
                Text("recurring event (RRULE/RDATE): Carnet needs each session listed once"),
            )
        )

    start: datetime | None = None
    if start_value is None:
        problems.append(Problem(line_of("DTSTART"), Text("event without a start (DTSTART)")))
    elif not isinstance(start_value, datetime):
        reason = Text("cannot read DTSTART {value}", value=repr(start_value))
        problems.append(Problem(line_of("DTSTART"), reason))
    else:
        start = _aware(event, "DTSTART", start_value, tz, line_of, problems)

    end: datetime | None = None
    if "DTEND" in event:
        end_value = _decoded(event, "DTEND")
        if not isinstance(end_value, datetime):
            reason = Text("cannot read DTEND {value!r} as a time", value=_raw(event, "DTEND"))
            problems.append(Problem(line_of("DTEND"), reason))
        else:
            end = _aware(event, "DTEND", end_value, tz, line_of, problems)
    elif "DURATION" in event:
        duration = _decoded(event, "DURATION")
        if not isinstance(duration, timedelta):
            reason = Text("cannot read DURATION {value!r}", value=_raw(event, "DURATION"))
            problems.append(Problem(line_of("DURATION"), reason))
        elif start is not None:
            end = add_duration(start, duration)
    else:
        reason = Text("event without an end (DTEND or DURATION)")
        problems.append(Problem(place.begin or None, reason))

    if start is not None and end is not None and elapsed(start, end) <= timedelta(0):
        where = line_of("DTEND") if "DTEND" in event else line_of("DURATION")
        problems.append(Problem(where, Text("the event ends before (or when) it starts")))
    if len(problems) > before or title is None or start is None or end is None:
        return None

    return SessionRecord(
        title=title,
        start=start,
        end=end,
        track=_first_category(event),
        room=_text(event, "LOCATION"),
        description=_text(event, "DESCRIPTION"),
        speakers=_speakers(event, use_organiser),
        uid=_text(event, "UID"),
        line=place.begin or None,
    )


def _text(component: Any, name: str) -> str | None:
    """A text property; when it is (wrongly) repeated, its first value."""
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return clean_text(value)


def _decoded(event: Any, name: str) -> Any:
    """The decoded value of a property, or None if absent or unreadable."""
    if name not in event:
        return None
    try:
        return event.decoded(name)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _raw(event: Any, name: str) -> str:
    """The property's text as written, for messages."""
    value = event.get(name)
    text = getattr(value, "to_ical", None)
    if callable(text):
        try:
            raw = text()
            return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        except (ValueError, TypeError, AttributeError):
            pass
    return str(value)


def _aware(
    event: Any,
    name: str,
    value: datetime,
    tz: ZoneInfo,
    line_of: Callable[[str], int | None],
    problems: list[Problem],
) -> datetime | None:
    """Make a decoded DTSTART/DTEND aware: its TZID, else floating time in ``tz``.

    icalendar leaves the time naive when the TZID is neither in a VTIMEZONE nor a name it
    knows; an IANA name is then tried, and an unknown zone is a problem rather than a guess.
    """
    if value.tzinfo is not None:
        return value
    prop = event.get(name)
    params = getattr(prop, "params", {}) or {}
    tzid = params.get("TZID")
    if tzid:
        try:
            return value.replace(tzinfo=ZoneInfo(str(tzid)), fold=0)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                Problem(
                    line_of(name),
                    Text("unknown time zone {tzid!r} (no VTIMEZONE for it)", tzid=str(tzid)),
                )
            )
            return None
    return value.replace(tzinfo=tz, fold=0)


def _first_category(event: Any) -> str | None:
    """The first non-empty category: a session has one track."""
    value = event.get("CATEGORIES")
    if value is None:
        return None
    for category in value if isinstance(value, list) else [value]:
        cats = getattr(category, "cats", None)
        items = cats if cats is not None else str(category).split(",")
        for item in items:
            text = clean_text(item)
            if text:
                return text
    return None


def _as_list(value: Any) -> list[Any]:
    """A property that may occur once or several times, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _speakers(event: Any, use_organiser: bool) -> list[str]:
    """The speakers of an event (see the module's documentation for the rule)."""
    names: list[str] = []
    for value in _as_list(event.get("X-SPEAKER")):
        names.extend(split_names(str(value)))
    if names:
        return unique_names(names)
    for attendee in _as_list(event.get("ATTENDEE")):
        params = getattr(attendee, "params", {}) or {}
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


def _organiser(event: Any) -> str | None:
    """The organiser's name (CN), if the event has one."""
    organiser = event.get("ORGANIZER")
    if organiser is None:
        return None
    params = getattr(organiser, "params", {}) or {}
    return clean_name(params.get("CN"))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """The unfolded content lines with the physical line each starts on."""
    lines: list[tuple[int, str]] = []
    for number, physical in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if physical[:1] in (" ", "\t") and lines:
            start, content = lines[-1]
            lines[-1] = (start, content + physical[1:])
        elif physical.strip():
            lines.append((number, physical))
    return lines


def _event_lines(logical: list[tuple[int, str]]) -> list[_EventLines]:
    """Where each VEVENT and its own properties (not those of a nested VALARM) start."""
    events: list[_EventLines] = []
    depth = 0  # components open inside the current VEVENT
    current: _EventLines | None = None
    for number, content in logical:
        name = content.split(":", 1)[0].split(";", 1)[0].strip().upper()
        value = content.split(":", 1)[1].strip().upper() if ":" in content else ""
        if current is None:
            if name == "BEGIN" and value == "VEVENT":
                current = _EventLines(number)
                events.append(current)
            continue
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            if depth == 0:
                current = None
            else:
                depth -= 1
        elif depth == 0:
            current.properties.setdefault(name, number)
    return events


def _broken_lines(logical: list[tuple[int, str]]) -> list[Problem]:
    """A problem for every content line that is not ``NAME;PARAMS:value``."""
    problems: list[Problem] = []
    for number, content in logical:
        try:
            _CONTENT_LINE(content).parts()
        except (ValueError, KeyError, IndexError, TypeError):
            reason = Text("not a valid iCalendar line: {content!r}", content=content[:80])
            problems.append(Problem(number, reason))
    return problems


def _syntax_problem(logical: list[tuple[int, str]], exc: Exception) -> Problem:
    """One problem for a file the calendar library refuses as a whole."""
    if not any(content.strip().upper() == "BEGIN:VCALENDAR" for _n, content in logical):
        return Problem(None, Text("not an iCalendar file (no BEGIN:VCALENDAR)"))
    return Problem(None, Text("the iCalendar file cannot be read: {error}", error=str(exc)))
