"""iCalendar programmes: time zones, durations, people, and the events that are not sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carnet.errors import Problem, ProgrammeError
from carnet.programme.readers import read_programme
from tests.programme.test_samples import PARIS, TZ_NAME, write_ics

CUSTOM_ZONE = """BEGIN:VTIMEZONE
TZID:Paris Custom (exported by Outlook)
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE"""


def calendar(tmp_path: Path, *body: str, name: str = "programme.ics") -> Path:
    """Write a calendar around ``body`` lines (CRLF, as RFC 5545 wants); line 1 is BEGIN."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Carnet//EN"]
    for chunk in body:
        lines.extend(chunk.split("\n"))
    lines.append("END:VCALENDAR")
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def event(*lines: str) -> str:
    return "\n".join(["BEGIN:VEVENT", *lines, "END:VEVENT"])


def refused(path: Path) -> list[Problem]:
    with pytest.raises(ProgrammeError) as caught:
        read_programme(path, TZ_NAME)
    return caught.value.problems


def test_sample_export_with_vtimezone_attendees_and_all_day_event(tmp_path: Path) -> None:
    programme = read_programme(write_ics(tmp_path), TZ_NAME)

    assert programme.event_name == "Forum Humanisme numérique 2016"
    assert len(programme.sessions) == 5  # the all-day "Journée 1" is not a session
    opening = programme.sessions[0]
    assert opening.start == datetime(2016, 9, 29, 9, 30, tzinfo=PARIS)
    assert opening.speakers == ["Marie Dupont"]
    assert opening.description == "Mot d'accueil de la Métropole."
    assert programme.sessions[1].description == "Wikipédia, OpenStreetMap; et après ?"


def test_vtimezone_utc_floating_iana_and_duration(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        CUSTOM_ZONE,
        event(
            "UID:custom",
            "SUMMARY:Custom zone",
            "DTSTART;TZID=Paris Custom (exported by Outlook):20160929T103000",
            "DTEND;TZID=Paris Custom (exported by Outlook):20161030T103000",
        ),
        event("UID:utc", "SUMMARY:UTC", "DTSTART:20160929T080000Z", "DURATION:PT45M"),
        event(
            "UID:floating", "SUMMARY:Floating", "DTSTART:20160929T140000", "DTEND:20160929T153000"
        ),
        event(
            "UID:iana",
            "SUMMARY:IANA without VTIMEZONE",
            "DTSTART;TZID=America/New_York:20160929T090000",
            "DURATION:PT1H30M",
        ),
    )

    custom, utc, floating, iana = read_programme(path, "Europe/Berlin").sessions

    assert custom.start == datetime(2016, 9, 29, 8, 30, tzinfo=UTC)
    # The custom zone knows winter time: the 30 October end is at UTC+1.
    assert custom.end == datetime(2016, 10, 30, 9, 30, tzinfo=UTC)
    assert utc.start == datetime(2016, 9, 29, 8, tzinfo=UTC)
    assert utc.end - utc.start == timedelta(minutes=45)
    assert floating.start == datetime(2016, 9, 29, 14, tzinfo=ZoneInfo("Europe/Berlin"))
    assert floating.start.utcoffset() == timedelta(hours=2)
    assert iana.start == datetime(2016, 9, 29, 13, tzinfo=UTC)
    assert iana.end == datetime(2016, 9, 29, 14, 30, tzinfo=UTC)
    assert [s.uid for s in (custom, utc, floating, iana)] == ["custom", "utc", "floating", "iana"]


def test_duration_across_a_daylight_saving_change_is_elapsed_time(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event("SUMMARY:Night", "DTSTART;TZID=Europe/Paris:20161030T013000", "DURATION:PT2H"),
    )

    (night,) = read_programme(path, TZ_NAME).sessions

    # 01:30 summer time + 2 h is 02:30 winter time (the second 02:30 of the night).
    assert (night.end.hour, night.end.minute, night.end.fold) == (2, 30, 1)
    assert night.end.astimezone(UTC) - night.start.astimezone(UTC) == timedelta(hours=2)


def test_properties_map_to_session_fields_and_lines(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "UID:abc@forum",
            "SUMMARY:Les communs",
            "DTSTART:20160929T103000",
            "DTEND:20160929T114500",
            "LOCATION:Salle A",
            "CATEGORIES:Communs,Débat",
            "DESCRIPTION:Une longue description qui est pliée sur deux lignes dans le fi",
            " chier.",
            "X-SPEAKER:Paul Martin",
            "X-SPEAKER:Léa Nguyen",
            'ATTENDEE;CN="Not a speaker when X-SPEAKER is given":mailto:x@example.org',
        ),
    )

    (session,) = read_programme(path, TZ_NAME).sessions

    assert session.title == "Les communs"
    assert session.room == "Salle A"
    assert session.track == "Communs"
    assert session.description is not None and session.description.endswith("dans le fichier.")
    assert session.speakers == ["Paul Martin", "Léa Nguyen"]
    assert session.uid == "abc@forum"
    assert session.line == 4


def test_attendees_give_names_never_addresses_nor_rooms(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "SUMMARY:Atelier",
            "DTSTART:20160929T140000",
            "DTEND:20160929T150000",
            "ORGANIZER;CN=Forum Team:mailto:team@example.org",
            'ATTENDEE;CN="Dupont, Marie";ROLE=CHAIR:mailto:marie@example.org',
            "ATTENDEE:mailto:anonymous@example.org",
            "ATTENDEE;CN=Salle A;CUTYPE=ROOM:mailto:room-a@example.org",
            "ATTENDEE;CN=Observer;ROLE=NON-PARTICIPANT:mailto:obs@example.org",
            "ATTENDEE;CN=Paul Martin:mailto:paul@example.org",
        ),
        event(
            "SUMMARY:Table ronde",
            "DTSTART:20160929T160000",
            "DTEND:20160929T170000",
            "ORGANIZER;CN=Forum Team:mailto:team@example.org",
        ),
    )

    atelier, table = read_programme(path, TZ_NAME).sessions

    # The same organiser on every event is the calendar's owner, not a speaker.
    assert atelier.speakers == ["Dupont, Marie", "Paul Martin"]
    assert table.speakers == []


def test_an_organiser_that_changes_between_events_is_a_speaker(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "SUMMARY:A",
            "DTSTART:20160929T140000",
            "DTEND:20160929T150000",
            "ORGANIZER;CN=Ana García:mailto:a@x",
        ),
        event(
            "SUMMARY:B",
            "DTSTART:20160929T160000",
            "DTEND:20160929T170000",
            "ORGANIZER;CN=Paul Martin:mailto:p@x",
        ),
    )

    a, b = read_programme(path, TZ_NAME).sessions

    assert (a.speakers, b.speakers) == (["Ana García"], ["Paul Martin"])


def test_cancelled_and_all_day_events_are_skipped(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event("SUMMARY:Day one", "DTSTART;VALUE=DATE:20160929"),
        event(
            "SUMMARY:Off", "STATUS:CANCELLED", "DTSTART:20160929T100000", "DTEND:20160929T110000"
        ),
        event("SUMMARY:On", "STATUS:CONFIRMED", "DTSTART:20160929T120000", "DTEND:20160929T130000"),
    )

    assert [s.title for s in read_programme(path, TZ_NAME).sessions] == ["On"]


def test_only_all_day_events_is_no_programme(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event("SUMMARY:Day one", "DTSTART;VALUE=DATE:20160929", "DTEND;VALUE=DATE:20160930"),
        event("SUMMARY:Day two", "DTSTART;VALUE=DATE:20160930"),
    )

    assert refused(path) == [
        Problem(
            None,
            "no session: the calendar has no event with a start and end time "
            "(2 all-day events skipped)",
        )
    ]


def line_of(path: Path, start: str, after: int = 0) -> int:
    """The number of the first line after line ``after`` that starts with ``start``."""
    lines = path.read_text().splitlines()
    return next(n for n, text in enumerate(lines, 1) if n > after and text.startswith(start))


def test_every_event_problem_is_reported_at_its_line(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event("UID:ok", "SUMMARY:Fine", "DTSTART:20160929T100000", "DTEND:20160929T110000"),
        event("UID:3", "SUMMARY:Backwards", "DTSTART:20160929T110000", "DTEND:20160929T100000"),
        event(
            "UID:4", "SUMMARY:Zone", "DTSTART;TZID=Mars/Olympus:20160929T100000", "DURATION:PT1H"
        ),
        event("UID:6", "SUMMARY:Bad end", "DTSTART:20160929T100000", "DTEND:tomorrow"),
        event("UID:7", "SUMMARY:No start", "DURATION:PT1H"),
    )

    problems = refused(path)

    begin = {uid: line_of(path, f"UID:{uid}") - 1 for uid in "3467"}
    assert [p.line for p in problems] == [
        line_of(path, "DTEND", begin["3"]),
        line_of(path, "DTSTART", begin["4"]),
        line_of(path, "DTEND", begin["6"]),
        begin["7"],
    ]
    assert begin["3"] == 10  # the helper counts like an editor does
    reasons = [p.reason for p in problems]
    assert "ends before" in reasons[0]
    assert "Mars/Olympus" in reasons[1]
    assert "tomorrow" in reasons[2]
    assert "DTSTART" in reasons[3]


def test_entries_without_title_or_end_are_skipped_with_their_line(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event("UID:ok", "SUMMARY:Fine", "DTSTART:20160929T100000", "DTEND:20160929T110000"),
        event("UID:1", "DTSTART:20160929T100000", "DTEND:20160929T110000"),
        event("UID:2", "SUMMARY:No end", "DTSTART:20160929T100000"),
    )

    programme = read_programme(path, TZ_NAME)

    assert [s.title for s in programme.sessions] == ["Fine"]
    begin = {uid: line_of(path, f"UID:{uid}") - 1 for uid in "12"}
    assert [p.line for p in programme.skipped] == [begin["1"], begin["2"]]
    assert "SUMMARY" in programme.skipped[0].reason
    assert "DTEND or DURATION" in programme.skipped[1].reason


def test_a_calendar_of_skipped_entries_only_is_refused_with_them(tmp_path: Path) -> None:
    path = calendar(tmp_path, event("UID:1", "DTSTART:20160929T100000", "DTEND:20160929T110000"))

    (problem,) = refused(path)

    assert "SUMMARY" in problem.reason


def test_recurring_entries_are_expanded_over_the_event_days(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "UID:daily",
            "SUMMARY:Morning plenary",
            "LOCATION:Hall",
            "DTSTART:20160928T090000",
            "DTEND:20160928T100000",
            "RRULE:FREQ=DAILY",
        ),
        event(
            "UID:daily",
            "RECURRENCE-ID:20160930T090000",
            "SUMMARY:Closing plenary",
            "DTSTART:20160930T093000",
            "DTEND:20160930T103000",
        ),
    )
    days = (datetime(2016, 9, 29).date(), datetime(2016, 9, 30).date())

    sessions = read_programme(path, TZ_NAME, days).sessions

    assert [(s.title, s.start) for s in sessions] == [
        ("Morning plenary", datetime(2016, 9, 29, 9, 0, tzinfo=PARIS)),
        ("Closing plenary", datetime(2016, 9, 30, 9, 30, tzinfo=PARIS)),
    ]
    assert sessions[0].room == "Hall"
    assert len({s.uid for s in sessions}) == 2  # each occurrence is found again on re-import


def test_a_recurring_entry_is_skipped_when_the_event_has_no_days(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event("UID:ok", "SUMMARY:Fine", "DTSTART:20160929T100000", "DTEND:20160929T110000"),
        event(
            "UID:daily",
            "SUMMARY:Daily",
            "DTSTART:20160929T090000",
            "DTEND:20160929T100000",
            "RRULE:FREQ=DAILY;COUNT=3",
        ),
    )

    programme = read_programme(path, TZ_NAME)

    assert [s.title for s in programme.sessions] == ["Fine"]
    (skipped,) = programme.skipped
    assert "dates" in skipped.reason


def test_folded_lines_keep_physical_line_numbers(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "SUMMARY:Folded",
            "DESCRIPTION:one",
            " two",
            " three",
            "DTSTART:20160929T100000",
            "DTEND:20160929T090000",
        ),
    )

    assert [p.line for p in refused(path)] == [10]


def test_every_broken_line_is_a_problem_even_if_the_library_skips_it(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "SUMMARY:A",
            "DTSTART:20160929T100000",
            "this line is not a property",
            "DTEND;BROKEN:20160929T110000",
        ),
    )

    problems = refused(path)

    assert [p.line for p in problems] == [7, 8]
    assert "this line is not a property" in problems[0].reason
    assert "DTEND;BROKEN" in problems[1].reason


def test_unterminated_calendar_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:A\r\n")

    problems = refused(path)

    assert len(problems) == 1


def test_ics_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event("SUMMARY:A", "DTSTART:20160929T100000Z", "DTEND:20160929T110000Z"),
        name="export.csv",
    )

    (session,) = read_programme(path, TZ_NAME).sessions

    assert session.start == datetime(2016, 9, 29, 10, tzinfo=UTC)


def test_ics_extension_with_other_content_is_refused_as_ics(tmp_path: Path) -> None:
    path = tmp_path / "programme.ics"
    path.write_text("hello: world\n")

    problems = refused(path)

    assert len(problems) == 1 and "iCalendar" in problems[0].reason


def test_latin1_calendar_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "programme.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:D\xe9bat\r\nEND:VCALENDAR\r\n"
    )

    assert refused(path) == [Problem(3, "the text is not UTF-8 (save the file as UTF-8)")]


def test_components_that_do_not_nest_are_refused_at_their_lines(tmp_path: Path) -> None:
    # A lost BEGIN:VEVENT used to drop the session silently (its lines went to the calendar).
    path = calendar(
        tmp_path,
        event("SUMMARY:A", "DTSTART:20160929T100000Z", "DTEND:20160929T110000Z"),
        "SUMMARY:B\nDTSTART:20160929T120000Z\nDTEND:20160929T130000Z\nEND:VEVENT",
        event("SUMMARY:C", "DTSTART:20160929T140000Z", "DTEND:20160929T150000Z"),
    )
    (problem,) = refused(path)
    assert problem.line == line_of(path, "END:VEVENT", line_of(path, "SUMMARY:B"))
    assert "END:VEVENT" in problem.reason

    path = calendar(
        tmp_path,
        event("SUMMARY:A", "DTSTART:20160929T100000Z", "DTEND:20160929T110000Z", "END:VALARM"),
    )
    assert [p.line for p in refused(path)] == [line_of(path, "END:VALARM")]

    path = tmp_path / "open.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:A\r\nDTSTART:20160929T100000Z\r\n"
        "DTEND:20160929T110000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:B\r\nEND:VCALENDAR\r\n"
    )
    problems = refused(path)
    assert [p.line for p in problems] == [7, 9]  # the event never closed, the END that is not its
    assert "never closed" in problems[0].reason

    # An event inside another: the library used to read both, this reader would keep one.
    path = calendar(
        tmp_path,
        "BEGIN:VEVENT\nSUMMARY:A\nDTSTART:20160929T100000Z\nDTEND:20160929T110000Z",
        event("SUMMARY:B", "DTSTART:20160929T120000Z", "DTEND:20160929T130000Z"),
        "END:VEVENT",
    )
    (problem,) = refused(path)
    assert problem.line == line_of(path, "BEGIN:VEVENT", 4) and "line 4" in problem.reason


def test_a_start_or_end_given_twice_is_refused_not_chosen(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "SUMMARY:Twice",
            "DTSTART:20160929T100000Z",
            "DTSTART:20160929T110000Z",
            "DTEND:20160929T120000Z",
        ),
        event(
            "SUMMARY:Ends twice",
            "DTSTART:20160929T100000Z",
            "DTEND:20160929T120000Z",
            "DTEND:20160929T130000Z",
        ),
    )
    problems = refused(path)
    assert [p.line for p in problems] == [line_of(path, "DTSTART"), line_of(path, "DTEND", 10)]
    assert "20160929T100000Z, 20160929T110000Z" in problems[0].reason


def test_escaped_commas_in_speakers_categories_and_quoted_names(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "SUMMARY:Escapes\\, all of them",
            "DTSTART:20160929T100000Z",
            "DTEND:20160929T110000Z",
            "CATEGORIES:Communs\\, biens publics,Débat",
            "X-SPEAKER:Dupont\\, Marie",
            'LOCATION;ALTREP="https://example.org/a:b":Salle\\; A',
        ),
        event(
            "SUMMARY:Backslash",
            "DTSTART:20160929T120000Z",
            "DTEND:20160929T130000Z",
            "CATEGORIES:A\\\\,B",
            'ATTENDEE;CN="Nguyen, Léa";ROLE=CHAIR:mailto:l@example.org',
            "ATTENDEE;CN = Paul Martin :mailto:p@example.org",
        ),
    )

    escapes, backslash = read_programme(path, TZ_NAME).sessions

    assert escapes.title == "Escapes, all of them"
    assert escapes.track == "Communs, biens publics"
    assert escapes.speakers == ["Dupont, Marie"]
    assert escapes.room == "Salle; A"
    assert backslash.track == "A\\"  # an escaped backslash, then the list's comma
    assert backslash.speakers == ["Nguyen, Léa", "Paul Martin"]


def test_lines_inside_an_alarm_are_checked_but_not_the_events(tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        event(
            "SUMMARY:With alarm",
            "DTSTART:20160929T100000Z",
            "DTEND:20160929T110000Z",
            "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Rappel\nTRIGGER:-PT15M\nEND:VALARM",
        ),
    )
    (session,) = read_programme(path, TZ_NAME).sessions
    assert session.description is None  # the alarm's description is not the session's

    path = calendar(
        tmp_path,
        event(
            "SUMMARY:With alarm",
            "DTSTART:20160929T100000Z",
            "DTEND:20160929T110000Z",
            "BEGIN:VALARM\nnot a property\nEND:VALARM",
        ),
    )
    assert [p.line for p in refused(path)] == [line_of(path, "not a property")]
