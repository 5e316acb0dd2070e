"""The event's programme as an iCalendar file (``programme.ics``), sessions without
drawings included, written by hand so that the same catalog gives the same bytes.

``DTSTAMP`` is the catalog's last change, never the clock. Times are written in UTC
(``...Z``), which every calendar reads without a time zone definition. A session's page
address (``URL``) is written only when the kit has a base address.
"""

from __future__ import annotations

from datetime import UTC, datetime

from carnet.kit.linked import page_url
from carnet.kit.model import KitData

#: The date written when the catalog does not say when it last changed.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped,
    other control characters left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c == "\n" or (c >= " " and c != "\x7f"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """One content line folded at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += n
    out.append(current)
    return "\r\n ".join(out) + "\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def programme_ics(kit: KitData, base: str | None) -> bytes:
    """``programme.ics``: one VEVENT per session of the event, in programme order."""
    event = kit.event
    stamp = _utc(kit.changed or EPOCH)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Carnet//Archive kit//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(event.name)}",
    ]
    for s in kit.sessions:
        session = s.session
        uid = session.uid or f"session-{session.id}@{event.slug}.carnet"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_escape(uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(session.start)}",
            f"DTEND:{_utc(session.end)}",
            f"SUMMARY:{_escape(session.title)}",
        ]
        if session.description:
            lines.append(f"DESCRIPTION:{_escape(session.description)}")
        if session.room:
            lines.append(f"LOCATION:{_escape(session.room)}")
        if session.track:
            lines.append(f"CATEGORIES:{_escape(session.track)}")
        # Speakers by name only (a name is all the programme knows, and no address is
        # published): X-SPEAKER, as conference tools write and Carnet's reader reads.
        lines += [f"X-SPEAKER:{_escape(name)}" for name in session.speakers]
        url = page_url(base, s.url)
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) for line in lines).encode("utf-8")
