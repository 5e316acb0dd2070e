"""Read a frab/pretalx schedule, in its XML or JSON form.

Conference tools (frab, pretalx, and the many that copy them) export the same schedule:
days, rooms in each day, events in each room, each with a date, a start, a duration and
its people. Both forms become the same sessions.

The XML comes from files we did not write: it is parsed with defusedxml, so a document that
declares entities (the "billion laughs" bomb) or external references is refused at once,
never expanded or fetched.

Times: an event's ``date`` with a UTC offset is taken as written. A time without offset is
read in the schedule's own ``time_zone_name`` when it names a real zone (the file knows best
where its conference happens), else in the event's time zone given by the caller.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from carnet.errors import InvalidValue, Problem, ProgrammeError
from carnet.messages import Text, message_of
from carnet.programme.csvreader import parse_time
from carnet.programme.matching import parse_duration
from carnet.programme.model import (
    Programme,
    SessionRecord,
    add_duration,
    clean_name,
    clean_text,
    unique_names,
)

log = logging.getLogger(__name__)


@dataclass
class _RawEvent:
    """One schedule event before checking, whichever form it came from."""

    line: int | None
    fields: dict[str, str | None]
    persons: list[str]
    lines: dict[str, int] = field(default_factory=dict)
    day_date: str | None = None
    day_start: str | None = None
    room_name: str | None = None


@dataclass
class _Schedule:
    """The parts of a schedule the sessions need."""

    title: str | None
    time_zone: str | None
    events: list[_RawEvent]


# ---------------------------------------------------------------------------- XML


class _LineTreeBuilder(TreeBuilder):
    """An ElementTree builder that remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Element, int] = {}
        self.parser: Any = None

    def start(self, tag: Any, attrs: Any) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[element] = int(self.parser.parser.CurrentLineNumber)
        return element


def read_frab_xml(data: bytes, tz: ZoneInfo, source: Path | str = "<xml>") -> Programme:
    """Read a frab schedule XML document (bytes: the XML declaration names the encoding)."""
    builder = _LineTreeBuilder()
    parser = safe_et.XMLParser(target=builder, forbid_dtd=False)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        raise ProgrammeError(
            source,
            [
                Problem(
                    None,
                    Text(
                        "the XML declares entities or external references, which Carnet refuses "
                        "for safety ({kind})",
                        kind=type(exc).__name__,
                    ),
                )
            ],
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        reason = Text("not well-formed XML: {error}", error=str(exc))
        raise ProgrammeError(source, [Problem(line, reason)]) from exc
    except (ValueError, LookupError) as exc:  # unknown encoding, bad bytes
        reason = Text("the XML cannot be read: {error}", error=str(exc))
        raise ProgrammeError(source, [Problem(None, reason)]) from exc

    tag = _local(root.tag)
    if tag != "schedule":
        hint = Text(" (a web page?)") if tag == "html" else ""
        raise ProgrammeError(
            source,
            [
                Problem(
                    builder.lines.get(root),
                    Text(
                        "not a frab/pretalx schedule: the root element is <{tag}>, "
                        "expected <schedule>{hint}",
                        tag=tag,
                        hint=hint,
                    ),
                )
            ],
        )
    schedule = _xml_schedule(root, builder.lines)
    return _programme(schedule, tz, source)


def _local(tag: Any) -> str:
    """An element's name without its namespace."""
    return str(tag).rsplit("}", 1)[-1]


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return clean_text(child.text)
    return None


def _xml_schedule(root: Element, lines: dict[Element, int]) -> _Schedule:
    """Collect the conference and the events of a <schedule> element."""
    title = time_zone = None
    for child in root:
        if _local(child.tag) == "conference":
            title = _child_text(child, "title")
            time_zone = _child_text(child, "time_zone_name")
    events: list[_RawEvent] = []
    for day in root.iter():
        if _local(day.tag) != "day":
            continue
        for room in day:
            if _local(room.tag) != "room":
                continue
            for element in room:
                if _local(element.tag) != "event":
                    continue
                events.append(
                    _xml_event(element, lines, day.get("date"), day.get("start"), room.get("name"))
                )
    return _Schedule(title, time_zone, events)


_EVENT_FIELDS = ("title", "date", "start", "duration", "room", "track", "abstract", "description")


def _xml_event(
    element: Element,
    lines: dict[Element, int],
    day_date: str | None,
    day_start: str | None,
    room_name: str | None,
) -> _RawEvent:
    """One <event> element as a raw event, with the line of each of its fields."""
    fields: dict[str, str | None] = {"guid": element.get("guid"), "id": element.get("id")}
    field_lines: dict[str, int] = {}
    persons: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name in _EVENT_FIELDS:
            fields[name] = clean_text(child.text)
            if child in lines:
                field_lines[name] = lines[child]
        elif name == "guid" and not fields["guid"]:
            fields["guid"] = clean_text(child.text)
        elif name == "persons":
            for person in child:
                if _local(person.tag) != "person":
                    continue
                person_name = clean_name(person.text) or clean_name(person.get("name"))
                if person_name:
                    persons.append(person_name)
    return _RawEvent(
        line=lines.get(element),
        fields=fields,
        persons=persons,
        lines=field_lines,
        day_date=day_date,
        day_start=day_start,
        room_name=room_name,
    )


# ---------------------------------------------------------------------------- JSON


def read_frab_json(text: str, tz: ZoneInfo, source: Path | str = "<json>") -> Programme:
    """Read a frab/pretalx schedule JSON (``schedule.conference.days[].rooms{name: [events]}``)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = Text("not valid JSON: {error}", error=exc.msg)
        raise ProgrammeError(source, [Problem(exc.lineno, reason)]) from exc
    except RecursionError as exc:
        reason = Text("the JSON is nested too deeply")
        raise ProgrammeError(source, [Problem(None, reason)]) from exc

    problems: list[Problem] = []
    conference = _json_conference(document)
    if conference is None:
        raise ProgrammeError(
            source,
            [
                Problem(
                    None,
                    Text(
                        "not a frab/pretalx schedule: expected {shape}",
                        shape='{"schedule": {"conference": {"days": [...]}}}',
                    ),
                )
            ],
        )
    guid_lines = _guid_lines(text)
    events: list[_RawEvent] = []
    days = conference.get("days")
    if not isinstance(days, list):
        problems.append(Problem(None, Text('the schedule has no "days" list')))
        days = []
    for day_number, day in enumerate(days, start=1):
        if not isinstance(day, dict):
            problems.append(Problem(None, Text("day {day} is not an object", day=day_number)))
            continue
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            problems.append(
                Problem(
                    None,
                    Text('day {day}: "rooms" should map room names to events', day=day_number),
                )
            )
            continue
        for room_name, room_events in rooms.items():
            if not isinstance(room_events, list):
                problems.append(
                    Problem(
                        None,
                        Text(
                            "day {day}, room {room!r}: events should be a list",
                            day=day_number,
                            room=room_name,
                        ),
                    )
                )
                continue
            for raw in room_events:
                event = _json_event(raw, day, str(room_name), guid_lines, problems)
                if event is not None:
                    events.append(event)
    if problems:
        raise ProgrammeError(source, problems)
    schedule = _Schedule(
        _json_text(conference.get("title")),
        _json_text(conference.get("time_zone_name")),
        events,
    )
    return _programme(schedule, tz, source)


def _json_conference(document: Any) -> dict[str, Any] | None:
    """The conference object of a schedule document, or None if it is not one."""
    if isinstance(document, dict) and isinstance(document.get("schedule"), dict):
        document = document["schedule"]
    if isinstance(document, dict) and isinstance(document.get("conference"), dict):
        conference: dict[str, Any] = document["conference"]
        return conference
    return None


_GUID = re.compile(r'"guid"\s*:\s*"([^"\\]+)"')


def _guid_lines(text: str) -> dict[str, int]:
    """Line of each ``"guid": "…"`` in the text: JSON keeps no positions, guids are unique.

    Lines are counted from one guid to the next, so the text is read once whatever the
    number of events (counting from the start for each one read it once per event).
    """
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for match in _GUID.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.setdefault(match.group(1), line)
    return lines


def _json_text(value: Any) -> str | None:
    """A JSON scalar as text (ids are often numbers), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return clean_text(value)
    return None


def _json_event(
    raw: Any,
    day: dict[str, Any],
    room_name: str,
    guid_lines: dict[str, int],
    problems: list[Problem],
) -> _RawEvent | None:
    """One JSON event as a raw event; a value of the wrong type is a problem."""
    if not isinstance(raw, dict):
        problems.append(
            Problem(None, Text("room {room!r}: an event is not an object", room=room_name))
        )
        return None
    guid = _json_text(raw.get("guid"))
    line = guid_lines.get(guid) if guid else None
    fields: dict[str, str | None] = {"guid": guid, "id": _json_text(raw.get("id"))}
    for name in _EVENT_FIELDS:
        value = raw.get(name)
        if isinstance(value, dict):  # some exports give {"name": …} for room or track
            value = value.get("name")
        if value is not None and not isinstance(value, str | int | float):
            label = _label(line, fields.get("id"), _json_text(raw.get("title")))
            reason = Text("{field!r} should be text", field=name)
            problems.append(Problem(line, _labelled(label, reason)))
            return None
        fields[name] = _json_text(value)
    persons: list[str] = []
    listed = raw.get("persons")
    for person in listed if isinstance(listed, list) else []:
        if isinstance(person, dict):
            person_name = clean_name(
                person.get("public_name") or person.get("name") or person.get("full_public_name")
            )
        else:
            person_name = clean_name(person) if isinstance(person, str) else None
        if person_name:
            persons.append(person_name)
    return _RawEvent(
        line=line,
        fields=fields,
        persons=persons,
        day_date=_json_text(day.get("date")),
        day_start=_json_text(day.get("day_start")),
        room_name=room_name,
    )


# ---------------------------------------------------------------------------- both


def _programme(schedule: _Schedule, tz: ZoneInfo, source: Path | str) -> Programme:
    """Check every raw event and build the programme, or refuse it with every problem."""
    zone = tz
    if schedule.time_zone:
        try:
            zone = ZoneInfo(schedule.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning(
                "%s: unknown time_zone_name %r; times without offset read in %s",
                source,
                schedule.time_zone,
                tz.key,
            )
    problems: list[Problem] = []
    sessions: list[SessionRecord] = []
    for event in schedule.events:
        record = _session(event, zone, problems)
        if record is not None:
            sessions.append(record)
    if not sessions and not problems:
        problems.append(Problem(None, Text("no session: the schedule has no event")))
    if problems:
        raise ProgrammeError(source, problems)
    log.info("%s: %d sessions read from a frab schedule", source, len(sessions))
    return Programme(sessions=sessions, event_name=schedule.title)


def _label(line: int | None, event_id: str | None, title: str | None) -> Text | None:
    """How to name an event in a message when there is no line number to point at."""
    if line is not None:
        return None
    parts: list[str] = []
    if event_id:
        parts.append(event_id)
    if title:
        parts.append(repr(title))
    return Text("event {name}", name=" ".join(parts)) if parts else Text("event")


def _labelled(label: Text | None, reason: str) -> str:
    """``reason`` after the event's ``label`` (if it needs one)."""
    return reason if label is None else Text("{label}: {reason}", label=label, reason=reason)


def _session(event: _RawEvent, zone: ZoneInfo, problems: list[Problem]) -> SessionRecord | None:
    """Check one raw event; add its problems and return None if it has any."""
    before = len(problems)
    fields = event.fields
    label = _label(event.line, fields.get("id"), fields.get("title"))

    def problem(name: str, reason: str) -> None:
        problems.append(Problem(event.lines.get(name, event.line), _labelled(label, reason)))

    title = fields.get("title")
    if not title:
        problem("title", Text("event without a title"))

    start: datetime | None = None
    try:
        start = _start(event, zone)
    except ValueError as exc:
        problem("date" if fields.get("date") else "start", message_of(exc))

    end: datetime | None = None
    duration_text = fields.get("duration")
    if not duration_text:
        problem("duration", Text("event without a duration"))
    else:
        try:
            duration = parse_duration(duration_text)
        except InvalidValue as exc:
            problem("duration", message_of(exc))
        else:
            if duration <= timedelta(0):
                problem("duration", Text("the duration {text!r} is zero", text=duration_text))
            elif start is not None:
                end = add_duration(start, duration)
    if len(problems) > before or title is None or start is None or end is None:
        return None

    description = "\n\n".join(
        dict.fromkeys(t for t in (fields.get("abstract"), fields.get("description")) if t)
    )
    return SessionRecord(
        title=title,
        start=start,
        end=end,
        track=fields.get("track"),
        room=fields.get("room") or clean_text(event.room_name),
        description=description or None,
        speakers=unique_names(event.persons),
        uid=fields.get("guid") or fields.get("id"),
        line=event.line,
    )


def _start(event: _RawEvent, zone: ZoneInfo) -> datetime:
    """When an event starts: its full ``date``, else its day's date with its ``start``.

    Raises ValueError with the reason when it cannot be known.
    """
    date_text = event.fields.get("date")
    start_text = event.fields.get("start")
    if date_text and re.search(r"\d[T ]\d", date_text):
        try:
            moment = datetime.fromisoformat(date_text.replace("z", "Z"))
        except ValueError:
            raise ValueError(
                Text(
                    "cannot read the date {text!r} (expected e.g. 2016-09-29T10:30:00+02:00)",
                    text=date_text,
                )
            ) from None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone, fold=0)
    day_text = date_text or event.day_date
    if not day_text:
        raise ValueError(Text("event without a date (neither its own nor its day's)"))
    try:
        day = date.fromisoformat(day_text[:10])
    except ValueError:
        raise ValueError(
            Text("cannot read the date {text!r} (expected e.g. 2016-09-29)", text=day_text)
        ) from None
    if not start_text:
        raise ValueError(Text("event without a start time"))
    clock = parse_time(start_text)
    if clock is None:
        raise ValueError(
            Text("cannot read the start time {text!r} (expected e.g. 10:30)", text=start_text)
        )
    moment = datetime.combine(day, clock, tzinfo=zone)
    if not date_text and event.day_start:
        # A frab day may run past midnight: 01:00 in a day starting at 10:00 is the next date.
        try:
            day_start = datetime.fromisoformat(event.day_start.replace("z", "Z"))
        except ValueError:
            day_start = None
        if day_start is not None:
            if day_start.tzinfo is None:
                day_start = day_start.replace(tzinfo=zone)
            if moment < day_start:
                moment = datetime.combine(day + timedelta(days=1), clock, tzinfo=zone)
    return moment
