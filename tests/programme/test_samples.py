"""Realistic programme files in every supported format, and a check that they agree.

The builders here write the same small forum programme as a French spreadsheet export, an
English CSV, an iCalendar file, a frab XML schedule and a pretalx JSON schedule; the other
test modules import them. The test below reads all of them and expects the same sessions:
the formats differ, the programme does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carnet.programme.readers import read_programme

PARIS = ZoneInfo("Europe/Paris")
TZ_NAME = "Europe/Paris"
EVENT = "Forum Humanisme numérique 2016"


@dataclass(frozen=True)
class Sample:
    """One session of the sample forum, in the event's local time."""

    uid: str
    title: str
    day: int  # 29 or 30 September 2016
    start: str  # "HH:MM"
    end: str
    room: str
    track: str
    speakers: tuple[str, ...] = ()
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def start_at(self) -> datetime:
        hour, minute = map(int, self.start.split(":"))
        return datetime(2016, 9, self.day, hour, minute, tzinfo=PARIS)

    @property
    def end_at(self) -> datetime:
        hour, minute = map(int, self.end.split(":"))
        return datetime(2016, 9, self.day, hour, minute, tzinfo=PARIS)

    @property
    def minutes(self) -> int:
        return int((self.end_at - self.start_at) / timedelta(minutes=1))


SESSIONS: tuple[Sample, ...] = (
    Sample(
        "a1f0c3e2-0001-4d6e-9a10-000000000001",
        "Ouverture du forum",
        29,
        "09:30",
        "10:00",
        "Grand amphithéâtre",
        "Plénière",
        ("Marie Dupont",),
        "Mot d'accueil de la Métropole.",
    ),
    Sample(
        "a1f0c3e2-0002-4d6e-9a10-000000000002",
        "Les communs numériques, pour qui ?",
        29,
        "10:30",
        "11:45",
        "Salle A",
        "Communs",
        ("Paul Martin", "Léa Nguyen"),
        "Wikipédia, OpenStreetMap; et après ?",
    ),
    Sample(
        "a1f0c3e2-0003-4d6e-9a10-000000000003",
        "Villes et données",
        29,
        "10:30",
        "11:45",
        "Salle B",
        "Territoires",
        ("Ana García",),
        "",
    ),
    Sample(
        "a1f0c3e2-0004-4d6e-9a10-000000000004",
        "Atelier « dessiner le débat »",
        29,
        "14:00",
        "15:30",
        "Salle A",
        "Ateliers",
        (),
        "",
    ),
    Sample(
        "a1f0c3e2-0005-4d6e-9a10-000000000005",
        "Clôture",
        30,
        "16:00",
        "16:45",
        "Grand amphithéâtre",
        "Plénière",
        ("Marie Dupont", "Jean-Luc O'Brien"),
        "",
    ),
)


def _csv_cell(text: str, delimiter: str) -> str:
    if any(c in text for c in (delimiter, '"', "\n", ",", ";")):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv_fr(directory: Path, name: str = "programme.csv", encoding: str = "utf-8-sig") -> Path:
    """A French spreadsheet export: ';', BOM, separate date column, times written 10h30."""
    lines = ["Titre;Date;Début;Fin;Salle;Parcours;Intervenants;Résumé"]
    for s in SESSIONS:
        cells = [
            s.title,
            f"{s.day}/09/2016",
            s.start.replace(":", "h"),
            s.end.replace(":", "h"),
            s.room,
            s.track,
            ", ".join(s.speakers),
            s.description,
        ]
        lines.append(";".join(_csv_cell(c, ";") for c in cells))
    path = directory / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_csv_en(directory: Path, name: str = "programme.csv") -> Path:
    """An English CSV: ',' delimiter, ISO date-times with offsets, speakers split by ';'."""
    lines = ["Title,Start,End,Room,Track,Speakers,Description,ID"]
    for s in SESSIONS:
        cells = [
            s.title,
            s.start_at.isoformat(),
            s.end_at.isoformat(),
            s.room,
            s.track,
            "; ".join(s.speakers),
            s.description,
            s.uid,
        ]
        lines.append(",".join(_csv_cell(c, ",") for c in cells))
    path = directory / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def write_ics(directory: Path, name: str = "programme.ics") -> Path:
    """An iCalendar export with a VTIMEZONE, attendees as speakers and one all-day event."""
    out = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Forum//Programme//FR",
        f"X-WR-CALNAME:{_ics_text(EVENT)}",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:day-one@forum",
        "SUMMARY:Journée 1",
        "DTSTART;VALUE=DATE:20160929",
        "DTEND;VALUE=DATE:20160930",
        "END:VEVENT",
    ]
    for s in SESSIONS:
        out += [
            "BEGIN:VEVENT",
            f"UID:{s.uid}",
            "DTSTAMP:20160901T120000Z",
            f"SUMMARY:{_ics_text(s.title)}",
            f"DTSTART;TZID=Europe/Paris:201609{s.day}T{s.start.replace(':', '')}00",
            f"DTEND;TZID=Europe/Paris:201609{s.day}T{s.end.replace(':', '')}00",
            f"LOCATION:{_ics_text(s.room)}",
            f"CATEGORIES:{_ics_text(s.track)}",
        ]
        if s.description:
            out.append(f"DESCRIPTION:{_ics_text(s.description)}")
        for person in s.speakers:
            out.append(f'ATTENDEE;CN="{person}";ROLE=CHAIR:mailto:speaker@example.org')
        out.append("END:VEVENT")
    out.append("END:VCALENDAR")
    path = directory / name
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8", newline="")
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_frab_xml(directory: Path, name: str = "schedule.xml") -> Path:
    """A frab schedule XML as pretalx exports it."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<schedule>",
        '  <generator name="pretalx" version="2024.1.0"/>',
        "  <version>1.0</version>",
        "  <conference>",
        "    <acronym>fhn2016</acronym>",
        f"    <title>{_xml(EVENT)}</title>",
        "    <start>2016-09-29</start>",
        "    <end>2016-09-30</end>",
        "    <days>2</days>",
        "    <timeslot_duration>00:05</timeslot_duration>",
        "    <time_zone_name>Europe/Paris</time_zone_name>",
        "  </conference>",
    ]
    for index, day in enumerate((29, 30), start=1):
        out.append(
            f'  <day index="{index}" date="2016-09-{day}" '
            f'start="2016-09-{day}T04:00:00+02:00" end="2016-09-{day + 1}T03:59:00+02:00">'
        )
        rooms: dict[str, list[Sample]] = {}
        for s in SESSIONS:
            if s.day == day:
                rooms.setdefault(s.room, []).append(s)
        for room, sessions in rooms.items():
            out.append(f'    <room name="{_xml(room)}" guid="room-{abs(hash(room)) % 1000}">')
            for number, s in enumerate(sessions, start=1):
                persons = "".join(
                    f'<person id="{i}">{_xml(p)}</person>' for i, p in enumerate(s.speakers, 1)
                )
                out += [
                    f'      <event guid="{s.uid}" id="{day * 100 + number}">',
                    f"        <date>{s.start_at.isoformat()}</date>",
                    f"        <start>{s.start}</start>",
                    f"        <duration>{s.minutes // 60:02d}:{s.minutes % 60:02d}</duration>",
                    f"        <room>{_xml(room)}</room>",
                    f"        <slug>fhn2016-{number}</slug>",
                    f"        <title>{_xml(s.title)}</title>",
                    "        <subtitle></subtitle>",
                    f"        <track>{_xml(s.track)}</track>",
                    "        <type>Talk</type>",
                    "        <language>fr</language>",
                    f"        <abstract>{_xml(s.description)}</abstract>",
                    "        <description></description>",
                    f"        <persons>{persons}</persons>",
                    "        <links/>",
                    "      </event>",
                ]
            out.append("    </room>")
        out.append("  </day>")
    out.append("</schedule>")
    path = directory / name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def frab_json_document() -> dict[str, object]:
    """The pretalx JSON schedule of the sample forum, as a Python object."""
    days = []
    for index, day in enumerate((29, 30), start=1):
        rooms: dict[str, list[dict[str, object]]] = {}
        for s in SESSIONS:
            if s.day != day:
                continue
            rooms.setdefault(s.room, []).append(
                {
                    "guid": s.uid,
                    "id": day * 100 + len(rooms.get(s.room, [])) + 1,
                    "date": s.start_at.isoformat(),
                    "start": s.start,
                    "duration": f"{s.minutes // 60:02d}:{s.minutes % 60:02d}",
                    "room": s.room,
                    "slug": "x",
                    "title": s.title,
                    "subtitle": "",
                    "track": s.track,
                    "type": "Talk",
                    "language": "fr",
                    "abstract": s.description,
                    "description": None,
                    "persons": [
                        {"code": f"P{i}", "public_name": p, "biography": None}
                        for i, p in enumerate(s.speakers)
                    ],
                    "links": [],
                }
            )
        days.append(
            {
                "index": index,
                "date": f"2016-09-{day}",
                "day_start": f"2016-09-{day}T04:00:00+02:00",
                "day_end": f"2016-09-{day + 1}T03:59:00+02:00",
                "rooms": rooms,
            }
        )
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "pretalx", "version": "2024.1.0"},
        "schedule": {
            "version": "1.0",
            "base_url": "https://pretalx.example.org/fhn2016/schedule/",
            "conference": {
                "acronym": "fhn2016",
                "title": EVENT,
                "start": "2016-09-29",
                "end": "2016-09-30",
                "daysCount": 2,
                "timeslot_duration": "00:05",
                "time_zone_name": "Europe/Paris",
                "rooms": [{"name": r, "guid": f"room-{i}"} for i, r in enumerate(["A", "B"])],
                "days": days,
            },
        },
    }


def write_frab_json(directory: Path, name: str = "schedule.json") -> Path:
    """The pretalx JSON schedule, pretty-printed as pretalx serves it."""
    path = directory / name
    path.write_text(json.dumps(frab_json_document(), indent=2, ensure_ascii=False), "utf-8")
    return path


WRITERS = {
    "csv-fr": write_csv_fr,
    "csv-en": write_csv_en,
    "ics": write_ics,
    "frab-xml": write_frab_xml,
    "frab-json": write_frab_json,
}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_format_gives_the_same_programme(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path)

    programme = read_programme(path, TZ_NAME)

    got = sorted(programme.sessions, key=lambda r: (r.start, r.room or ""))
    assert [r.title for r in got] == [s.title for s in SESSIONS]
    for record, sample in zip(got, SESSIONS, strict=True):
        assert record.start == sample.start_at
        assert record.end == sample.end_at
        assert record.start.utcoffset() == timedelta(hours=2)
        assert record.room == sample.room
        assert record.track == sample.track
        assert record.speakers == list(sample.speakers)
        assert record.description == (sample.description or None)
        assert record.line is not None and record.line > 1
        if kind != "csv-fr":
            assert record.uid == sample.uid
    if kind in ("ics", "frab-xml", "frab-json"):
        assert programme.event_name == EVENT
    else:
        assert programme.event_name is None
