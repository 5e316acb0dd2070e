"""frab/pretalx schedules, XML and JSON, and hostile XML that must never be expanded."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from carnet.errors import Problem, ProgrammeError
from carnet.programme.readers import read_programme
from tests.programme.test_samples import (
    EVENT,
    PARIS,
    TZ_NAME,
    frab_json_document,
    write_frab_json,
    write_frab_xml,
)


def refused(path: Path, timezone: str = TZ_NAME) -> list[Problem]:
    with pytest.raises(ProgrammeError) as caught:
        read_programme(path, timezone)
    return caught.value.problems


def write(tmp_path: Path, text: str, name: str = "schedule.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def schedule_xml(*events: str, zone: str = "Europe/Paris", day_start: str = "") -> str:
    """A minimal frab schedule with the given <event> elements in one room of one day.

    Line 1 is the XML declaration; the first event starts on line 10.
    """
    start = f' start="{day_start}"' if day_start else ""
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            "<schedule>",
            "  <conference>",
            "    <title>Petit forum</title>",
            f"    <time_zone_name>{zone}</time_zone_name>",
            "  </conference>",
            f'  <day index="1" date="2016-09-29"{start}>',
            '    <room name="Salle A">',
            "      <!-- events -->",
            *events,
            "    </room>",
            "  </day>",
            "</schedule>",
        ]
    )


def xml_event(guid: str = "g1", **fields: str) -> str:
    """An <event> element on 4 + len(fields) lines."""
    lines = [f'      <event guid="{guid}" id="7">']
    lines += [f"        <{k}>{v}</{k}>" for k, v in fields.items()]
    lines += ['        <persons><person id="1">Ana García</person></persons>', "      </event>"]
    return "\n".join(lines)


def test_sample_xml_schedule(tmp_path: Path) -> None:
    programme = read_programme(write_frab_xml(tmp_path), TZ_NAME)

    assert programme.event_name == EVENT
    communs = programme.sessions[1]
    assert communs.title == "Les communs numériques, pour qui ?"
    assert communs.start == datetime(2016, 9, 29, 10, 30, tzinfo=PARIS)
    assert communs.end == datetime(2016, 9, 29, 11, 45, tzinfo=PARIS)
    assert communs.room == "Salle A" and communs.track == "Communs"
    assert communs.speakers == ["Paul Martin", "Léa Nguyen"]
    assert communs.uid == "a1f0c3e2-0002-4d6e-9a10-000000000002"
    text = (tmp_path / "schedule.xml").read_text().splitlines()
    assert communs.line is not None
    assert text[communs.line - 1].strip().startswith(f'<event guid="{communs.uid}"')


def test_sample_json_schedule(tmp_path: Path) -> None:
    programme = read_programme(write_frab_json(tmp_path), TZ_NAME)

    assert programme.event_name == EVENT
    closing = programme.sessions[-1]
    assert closing.title == "Clôture"
    assert closing.speakers == ["Marie Dupont", "Jean-Luc O'Brien"]
    assert closing.start == datetime(2016, 9, 30, 16, tzinfo=PARIS)
    lines = (tmp_path / "schedule.json").read_text().splitlines()
    assert closing.uid is not None and closing.line is not None
    assert closing.uid in lines[closing.line - 1]


def test_xml_event_without_date_uses_its_day_and_start(tmp_path: Path) -> None:
    text = schedule_xml(
        xml_event("a", title="Morning", start="10:30", duration="00:45"),
        xml_event("b", title="After midnight", start="01:15", duration="01:00"),
        day_start="2016-09-29T09:00:00+02:00",
    )

    morning, late = read_programme(write(tmp_path, text), "UTC").sessions

    # time_zone_name in the file wins over the zone given for naive times.
    assert morning.start == datetime(2016, 9, 29, 10, 30, tzinfo=PARIS)
    assert morning.end - morning.start == timedelta(minutes=45)
    # A frab day runs past midnight: 01:15 belongs to the next date.
    assert late.start == datetime(2016, 9, 30, 1, 15, tzinfo=PARIS)


def test_xml_explicit_offset_wins_and_abstract_joins_description(tmp_path: Path) -> None:
    text = schedule_xml(
        xml_event(
            "a",
            title="Remote",
            date="2016-09-29T08:00:00Z",
            start="10:00",
            duration="01:30:00",
            track="Online",
            abstract="Short.",
            description="Long text.",
        ),
    )

    (session,) = read_programme(write(tmp_path, text), TZ_NAME).sessions

    assert session.start == datetime(2016, 9, 29, 8, tzinfo=UTC)
    assert session.end == datetime(2016, 9, 29, 9, 30, tzinfo=UTC)
    assert session.description == "Short.\n\nLong text."
    assert session.room == "Salle A"  # from the enclosing <room name>
    assert session.speakers == ["Ana García"]
    assert session.uid == "a"


def test_xml_unknown_zone_name_falls_back_on_the_given_zone(tmp_path: Path) -> None:
    text = schedule_xml(xml_event(title="A", start="10:00", duration="00:30"), zone="Paris")

    (session,) = read_programme(write(tmp_path, text), "America/Montreal").sessions

    assert session.start.utcoffset() == timedelta(hours=-4)


def test_xml_problems_point_at_their_elements(tmp_path: Path) -> None:
    text = schedule_xml(
        xml_event("ok", title="Fine", start="10:00", duration="00:30"),  # lines 10-15
        xml_event("a", title="", start="10:00", duration="00:30"),  # 16-21, title on 17
        xml_event("b", title="Bad duration", start="10:00", duration="long"),  # 22-27
        xml_event("c", title="Bad start", start="ten", duration="00:30"),  # 28-33
        xml_event("d", title="No duration", start="10:00"),  # 34-38
        xml_event("e", title="Zero", start="10:00", duration="00:00"),  # 39-44, duration on 42
    )
    path = write(tmp_path, text)
    lines = path.read_text().splitlines()

    problems = refused(path)

    assert [p.line for p in problems] == [17, 25, 30, 34, 42]
    assert lines[24].strip() == "<duration>long</duration>"
    assert "title" in problems[0].reason
    assert "'long'" in problems[1].reason
    assert "'ten'" in problems[2].reason
    assert "duration" in problems[3].reason
    assert "zero" in problems[4].reason


def test_json_problems_name_their_event_and_line(tmp_path: Path) -> None:
    document: Any = frab_json_document()
    days = document["schedule"]["conference"]["days"]
    first = days[0]["rooms"]["Salle A"][0]
    first["duration"] = "forever"
    first["date"] = "2016-09-29"
    first["start"] = None
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    lines = path.read_text().splitlines()

    problems = refused(path)

    assert len(problems) == 2
    assert all(f'"guid": "{first["guid"]}"' in lines[p.line - 1] for p in problems if p.line)
    assert "start time" in problems[0].reason
    assert "'forever'" in problems[1].reason


def test_minified_json_without_guid_names_the_event(tmp_path: Path) -> None:
    document = {
        "schedule": {
            "conference": {
                "title": "X",
                "days": [
                    {
                        "date": "2016-09-29",
                        "rooms": {"A": [{"id": 42, "title": "Talk", "start": "10:00"}]},
                    }
                ],
            }
        }
    }
    path = write(tmp_path, json.dumps(document), "schedule.json")

    assert refused(path) == [Problem(None, "event 42 'Talk': event without a duration")]


def test_json_values_of_the_wrong_type(tmp_path: Path) -> None:
    document: Any = frab_json_document()
    event = document["schedule"]["conference"]["days"][0]["rooms"]["Salle A"][0]
    event["title"] = ["not", "text"]
    path = write(tmp_path, json.dumps(document, indent=1), "schedule.json")

    problems = refused(path)

    assert len(problems) == 1 and "'title' should be text" in problems[0].reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"schedule": {"version": 1}}', "not a frab/pretalx schedule"),
        ("[1, 2, 3]", "not a frab/pretalx schedule"),
        ('{"schedule": {"conference": {"days": []}}}', "no session"),
        ('{"schedule": {"conference": {"days": {"a": 1}}}}', 'the schedule has no "days" list'),
        ("[" * 100_000, "the JSON is nested too deeply"),
    ],
)
def test_json_that_is_not_a_schedule(tmp_path: Path, text: str, reason: str) -> None:
    problems = refused(write(tmp_path, text, "schedule.json"))

    assert len(problems) == 1 and problems[0].reason.startswith(reason)


def test_broken_json_gives_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "schedule": {\n    "conference": ,\n  }\n}\n', "schedule.json")

    (problem,) = refused(path)

    assert problem.line == 3 and problem.reason.startswith("not valid JSON")


def test_format_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    json_path = write_frab_json(tmp_path, "schedule.txt")
    xml_path = write_frab_xml(tmp_path, "schedule.csv")

    assert len(read_programme(json_path, TZ_NAME).sessions) == 5
    assert len(read_programme(xml_path, TZ_NAME).sessions) == 5


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE schedule [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<schedule><conference><title>&lol9;</title></conference></schedule>
"""


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, BILLION_LAUGHS)

    problems = refused(path)

    assert len(problems) == 1
    assert "entities or external references" in problems[0].reason


def test_external_entity_is_refused_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    text = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE schedule [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        "<schedule><conference><title>&x;</title></conference></schedule>\n"
    )

    with pytest.raises(ProgrammeError) as caught:
        read_programme(write(tmp_path, text), TZ_NAME)

    assert "TOP SECRET" not in str(caught.value)
    assert "entities or external references" in caught.value.problems[0].reason


def test_malformed_xml_gives_its_line(tmp_path: Path) -> None:
    text = "<?xml version='1.0'?>\n<schedule>\n  <day>\n  </schedule>\n"

    (problem,) = refused(write(tmp_path, text))

    assert problem.line == 4 and problem.reason.startswith("not well-formed XML")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "<html><body>Programme</body></html>",
            "root element is <html>, expected <schedule> (a web page?)",
        ),
        (
            '<icalendar xmlns="urn:ietf:params:xml:ns:icalendar-2.0"/>',
            "root element is <icalendar>",
        ),
    ],
)
def test_other_xml_is_not_a_schedule(tmp_path: Path, text: str, reason: str) -> None:
    (problem,) = refused(write(tmp_path, text))

    assert reason in problem.reason


def test_latin1_xml_with_declaration_is_read(tmp_path: Path) -> None:
    text = schedule_xml(xml_event(title="Débat", start="10:00", duration="00:30"))
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    path = tmp_path / "schedule.xml"
    path.write_bytes(text.encode("latin-1"))

    (session,) = read_programme(path, TZ_NAME).sessions

    assert session.title == "Débat"


def test_schedule_without_events_is_refused(tmp_path: Path) -> None:
    problems = refused(write(tmp_path, schedule_xml()))

    assert problems == [Problem(None, "no session: the schedule has no event")]
