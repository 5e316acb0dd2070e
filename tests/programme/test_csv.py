"""CSV programmes: the spreadsheet exports organisers really send, and the ones to refuse."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from carnet.errors import InvalidValue, Problem, ProgrammeError
from carnet.programme.csvreader import sniff_delimiter
from carnet.programme.model import split_names
from carnet.programme.readers import read_programme
from tests.programme.test_samples import PARIS, SESSIONS, TZ_NAME, write_csv_fr

HEADER_FR = "Titre;Date;Début;Fin;Salle;Parcours;Intervenants;Résumé"


def write(tmp_path: Path, text: str, name: str = "programme.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def refused(path: Path, timezone: str = TZ_NAME) -> list[Problem]:
    """Read a file that must be refused; return its problems."""
    with pytest.raises(ProgrammeError) as caught:
        read_programme(path, timezone)
    assert caught.value.path == path
    assert caught.value.problems
    return caught.value.problems


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2016, 9, day, hour, minute, tzinfo=PARIS)


def test_french_export_with_bom_semicolon_and_date_column(tmp_path: Path) -> None:
    path = write_csv_fr(tmp_path)
    assert path.read_bytes().startswith(codecs.BOM_UTF8)

    programme = read_programme(path, TZ_NAME)

    first, second = programme.sessions[:2]
    assert first.title == "Ouverture du forum"
    assert (first.start, first.end) == (at(29, 9, 30), at(29, 10))
    assert first.room == "Grand amphithéâtre"
    assert first.track == "Plénière"
    assert second.speakers == ["Paul Martin", "Léa Nguyen"]
    # The description has a ';' inside quotes: it is not a delimiter there.
    assert second.description == "Wikipédia, OpenStreetMap; et après ?"
    assert [s.line for s in programme.sessions] == [2, 3, 4, 5, 6]


def test_windows_1252_export_is_read(tmp_path: Path) -> None:
    path = write_csv_fr(tmp_path, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    programme = read_programme(path, TZ_NAME)

    assert programme.sessions[0].room == "Grand amphithéâtre"
    assert programme.sessions[3].title == "Atelier « dessiner le débat »"


def test_excel_unicode_text_utf16_tab_separated(tmp_path: Path) -> None:
    text = "Title\tStart\tEnd\r\nKeynote\t29/09/2016 10:30\t29/09/2016 11:15\r\n"
    path = write(tmp_path, text, "programme.txt", encoding="utf-16")

    (session,) = read_programme(path, TZ_NAME).sessions

    assert (session.title, session.start, session.end) == (
        "Keynote",
        at(29, 10, 30),
        at(29, 11, 15),
    )


def test_english_headers_comma_and_explicit_offsets_are_honoured(tmp_path: Path) -> None:
    text = (
        "SESSION TITLE,Starts,Ends,Location,Theme,Speaker(s),Abstract\n"
        "Keynote,2016-09-29T10:30:00+02:00,2016-09-29T11:15:00+02:00,Hall,Main,Ana García,\n"
        "Remote talk,2016-09-29 09:00Z,2016-09-29 09:45Z,Online,Main,,Streamed\n"
        "Local,2016-09-29 14:00,2016-09-29 14:30,Hall,,,\n"
        "Offset,29/09/2016 10:00 -04:00,29/09/2016 11:00 -04:00,NYC,,,\n"
    )

    sessions = read_programme(write(tmp_path, text), TZ_NAME).sessions

    keynote, remote, local, offset = sessions
    assert (keynote.room, keynote.track, keynote.speakers) == ("Hall", "Main", ["Ana García"])
    assert keynote.start == at(29, 10, 30)
    assert remote.start == datetime(2016, 9, 29, 9, tzinfo=UTC)
    assert remote.start.utcoffset() == timedelta(0)
    assert remote.description == "Streamed"
    assert local.start == at(29, 14) and local.start.tzinfo == PARIS
    assert offset.start.utcoffset() == timedelta(hours=-4)
    assert offset.start == datetime(2016, 9, 29, 14, tzinfo=UTC)
    assert keynote.description is None and local.track is None and local.speakers == []


def test_headers_are_case_and_accent_insensitive_with_synonyms(tmp_path: Path) -> None:
    text = (
        "INTITULÉ;jour;HEURE DE DEBUT;heure de fin;Lieu;Thème;Intervenant(e)s;Description\n"
        "Table ronde;30/09/2016;9h;10h15;Salle B;Communs;Léa Nguyen / Paul Martin;Débat\n"
    )

    (session,) = read_programme(write(tmp_path, text), TZ_NAME).sessions

    assert session.title == "Table ronde"
    assert (session.start, session.end) == (at(30, 9), at(30, 10, 15))
    assert session.room == "Salle B" and session.track == "Communs"
    assert session.speakers == ["Léa Nguyen", "Paul Martin"]
    assert session.description == "Débat"


@pytest.mark.parametrize(
    ("start", "end", "expected_start", "expected_end"),
    [
        ("29/09/2016 10:30", "29/09/2016 11:45", at(29, 10, 30), at(29, 11, 45)),
        ("29/09/2016 10h30", "29/09/2016 11h45", at(29, 10, 30), at(29, 11, 45)),
        ("2016-09-29T10:30", "2016-09-29T11:45", at(29, 10, 30), at(29, 11, 45)),
        (
            "2016-09-29 10:30",
            "2016-09-29 11:45:30",
            at(29, 10, 30),
            at(29, 11, 45) + timedelta(seconds=30),
        ),
        ("29.09.2016 10:30", "11:45", at(29, 10, 30), at(29, 11, 45)),
        ("29/09/16 à 10h30", "11h45", at(29, 10, 30), at(29, 11, 45)),
        ("29/09/2016 2:30 pm", "29/09/2016 3:00 PM", at(29, 14, 30), at(29, 15)),
    ],
)
def test_date_formats(
    tmp_path: Path, start: str, end: str, expected_start: datetime, expected_end: datetime
) -> None:
    path = write(tmp_path, f"Titre;Début;Fin\nSession;{start};{end}\n")

    (session,) = read_programme(path, TZ_NAME).sessions

    assert (session.start, session.end) == (expected_start, expected_end)


def test_end_time_alone_takes_the_start_date_and_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "Title,Start,End\nTalk,2016-09-29T10:30-04:00,11:00\n")

    (session,) = read_programme(path, TZ_NAME).sessions

    assert session.end == datetime(2016, 9, 29, 11, tzinfo=timezone(timedelta(hours=-4)))


def test_duration_column_instead_of_end(tmp_path: Path) -> None:
    path = write(tmp_path, "Titre;Date;Heure;Durée\nAtelier;29/09/2016;14h00;1h30m\n")

    (session,) = read_programme(path, TZ_NAME).sessions

    assert (session.start, session.end) == (at(29, 14), at(29, 15, 30))


def test_time_slot_column(tmp_path: Path) -> None:
    text = "Jour;Horaire;Titre\n29/09/2016;10h30 - 11h45;A\n29/09/2016;14:00–15:00;B\n"

    a, b = read_programme(write(tmp_path, text), TZ_NAME).sessions

    assert (a.start, a.end) == (at(29, 10, 30), at(29, 11, 45))
    assert (b.start, b.end) == (at(29, 14), at(29, 15))


def test_start_date_and_start_time_columns(tmp_path: Path) -> None:
    # Google Calendar's CSV layout.
    text = (
        "Subject,Start Date,Start Time,End Date,End Time,Location\n"
        "Late session,29/09/2016,23:00,30/09/2016,00:30,Club\n"
    )

    (session,) = read_programme(write(tmp_path, text), TZ_NAME).sessions

    assert (session.start, session.end) == (at(29, 23), at(30, 0, 30))
    assert session.room == "Club"


def test_title_line_and_blank_lines_above_header_keep_physical_line_numbers(
    tmp_path: Path,
) -> None:
    text = (
        "Programme du forum 2016;;;\n"
        ";;;\n"
        "\n"
        "Titre;Début;Fin;Résumé\n"
        'Ouverture;29/09/2016 09:30;29/09/2016 10:00;"Sur\ndeux lignes"\n'
        "\n"
        ";29/09/2016 10:30;29/09/2016 10:00;\n"
    )

    problems = refused(write(tmp_path, text))

    # The header is on line 4, the first row on 5 (spanning 5-6), the broken row on line 8.
    assert Problem(8, "empty title") in problems
    assert any(p.line == 8 and "before start" in p.reason for p in problems)
    assert {p.line for p in problems} == {8}


def test_multi_line_cell_rows_are_numbered_by_their_first_line(tmp_path: Path) -> None:
    text = (
        "Titre;Début;Fin;Résumé\n"
        'A;29/09/2016 09:30;29/09/2016 10:00;"un\ndeux\ntrois"\n'
        "B;29/09/2016 11:00;29/09/2016 12:00;\n"
    )

    a, b = read_programme(write(tmp_path, text), TZ_NAME).sessions

    assert (a.line, b.line) == (2, 5)
    assert a.description == "un\ndeux\ntrois"


def test_every_problem_is_reported_with_its_line_and_nothing_is_imported(tmp_path: Path) -> None:
    text = (
        f"{HEADER_FR}\n"
        "Bonne session;29/09/2016;10h30;11h45;A;;;\n"  # 2: fine
        ";29/09/2016;10h30;11h45;A;;;\n"  # 3: empty title
        "Date fausse;32/09/2016;10h30;11h45;A;;;\n"  # 4: no such day
        "Heure fausse;29/09/2016;dix heures;11h45;A;;;\n"  # 5: unreadable start
        "À l'envers;29/09/2016;11h45;10h30;A;;;\n"  # 6: end before start
        "Vide;29/09/2016;10h30;;A;;;\n"  # 7: no end
        "Nulle;29/09/2016;10h30;10h30;A;;;\n"  # 8: ends when it starts
        ";29/09/2016;25h00;10h30;A;;;\n"  # 9: two problems on one line
    )

    problems = refused(write(tmp_path, text))

    lines = [p.line for p in problems]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 9]
    by_line = {p.line: p.reason for p in problems}
    assert by_line[3] == "empty title"
    assert "32/09/2016" in by_line[4]
    assert "dix heures" in by_line[5] and "start" in by_line[5]
    assert by_line[6] == "end 29/09/2016 10:30 is before start 29/09/2016 11:45"
    assert by_line[7] == "no end time"
    assert "ends when it starts" in by_line[8]
    assert problems[-2:] == [Problem(9, "empty title"), problems[-1]]
    assert "25h00" in problems[-1].reason


def test_message_names_the_file_and_says_nothing_was_imported(tmp_path: Path) -> None:
    path = write(tmp_path, "Titre;Début;Fin\n;29/09/2016 10:30;29/09/2016 11:00\n")

    with pytest.raises(ProgrammeError) as caught:
        read_programme(path, TZ_NAME)

    message = str(caught.value)
    assert str(path) in message and "nothing imported" in message and "line 2" in message


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("Salle;Début;Fin", ["title"]),
        ("Titre;Salle;Fin", ["start"]),
        ("Titre;Début;Salle", ["end"]),
        ("Name of thing;When;Where", ["title", "start", "end"]),
    ],
)
def test_missing_columns_name_the_headers_expected(
    tmp_path: Path, header: str, missing: list[str]
) -> None:
    path = write(tmp_path, f"{header}\na;b;c\n")

    problems = refused(path)

    assert [p.line for p in problems] == [1] * len(missing)
    for problem, field in zip(problems, missing, strict=True):
        assert problem.reason.startswith(f"no {field} column")
    expected = {"title": '"Titre" or "Title"', "start": '"Début" or "Start"', "end": '"Fin"'}
    for problem, field in zip(problems, missing, strict=True):
        assert expected[field] in problem.reason
        assert "headers:" in problem.reason


def test_two_columns_for_the_same_field_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "Titre;Title;Début;Fin\nA;B;29/09/2016 10:30;29/09/2016 11:00\n")

    problems = refused(path)

    assert problems == [Problem(1, "columns 'Titre' and 'Title' both give the title; keep one")]


def test_bare_time_without_a_date_column(tmp_path: Path) -> None:
    problems = refused(write(tmp_path, "Titre;Début;Fin\nA;10:30;11:00\n"))

    assert problems == [
        Problem(
            2,
            "the start '10:30' has no date: add a date column or write the full date "
            "(e.g. 29/09/2016 10:30 or 2016-09-29T10:30)",
        )
    ]


def test_month_first_dates_are_refused_never_swapped(tmp_path: Path) -> None:
    problems = refused(write(tmp_path, "Title,Start,End\nA,09/29/2016 10:30,09/29/2016 11:00\n"))

    assert [p.line for p in problems] == [2, 2]
    assert "09/29/2016 10:30" in problems[0].reason


def test_unquoted_delimiter_in_a_cell_is_caught(tmp_path: Path) -> None:
    text = "Title,Start,End,Room\nA,2016-09-29 10:30,2016-09-29 11:00,Room 1, upstairs\n"

    problems = refused(write(tmp_path, text))

    assert len(problems) == 1 and problems[0].line == 2
    assert "5 cells but the header has 4" in problems[0].reason


def test_trailing_empty_cells_from_spreadsheets_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "Titre;Début;Fin;;;\nA;29/09/2016 10:30;29/09/2016 11:00;;;;;\n")

    assert len(read_programme(path, TZ_NAME).sessions) == 1


def test_header_only_file_has_no_session(tmp_path: Path) -> None:
    problems = refused(write(tmp_path, f"{HEADER_FR}\n\n;;;;;;;\n"))

    assert len(problems) == 1 and problems[0].reason.startswith("no session")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (codecs.BOM_UTF8 + b"\r\n  \n", "the file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "this file is a spreadsheet workbook"),
        (b"Titre;D\x00\x01\x02but\n", "this is a binary file"),
        (b"Titre;D\xe9but;Fin\nA\x81;29/09/2016 10:30;29/09/2016 11:00\n", "the text is not UTF-8"),
    ],
)
def test_unusable_files_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "programme.csv"
    path.write_bytes(content)

    problems = refused(path)

    assert len(problems) == 1 and problems[0].reason.startswith(reason)


def test_undecodable_text_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "programme.csv"
    path.write_bytes(b"Titre;Fin\nA;B\nC\x81;D\n")

    assert refused(path)[0].line == 3


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    assert refused(tmp_path)[0].reason.startswith("cannot read the file")
    assert refused(tmp_path / "nope.csv")[0].reason.startswith("cannot read the file")


def test_unknown_time_zone_is_the_callers_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="Mars/Olympus"):
        read_programme(write_csv_fr(tmp_path), "Mars/Olympus")


def test_naive_times_follow_the_given_zone_and_its_daylight_saving(tmp_path: Path) -> None:
    text = (
        "Title,Start,End\n"
        "Summer,2016-09-29 10:00,2016-09-29 11:00\n"
        "Winter,2016-11-29 10:00,2016-11-29 11:00\n"
    )
    path = write(tmp_path, text)

    summer, winter = read_programme(path, "America/Montreal").sessions

    assert summer.start.utcoffset() == timedelta(hours=-4)
    assert winter.start.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title;Start;End\nA;1;2\n", ";"),
        ("Title,Start,End\nA,1,2\n", ","),
        ("Title\tStart\tEnd\nA\t1\t2\n", "\t"),
        # Commas in descriptions do not fool the sniffer in a ';' file.
        ("Titre;Début;Fin;Résumé\nA;1;2;un, deux, trois, quatre, cinq\n", ";"),
        ('Title,Start,End,Description\nA,1,2,"x; y; z; w; v"\n', ","),
    ],
)
def test_delimiter_is_sniffed(text: str, expected: str) -> None:
    assert sniff_delimiter(text) == expected


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Marie Dupont", ["Marie Dupont"]),
        ("Marie Dupont, Paul Martin", ["Marie Dupont", "Paul Martin"]),
        ("Dupont, Marie", ["Dupont, Marie"]),
        ("Dupont, Marie; Martin, Paul", ["Dupont, Marie", "Martin, Paul"]),
        ("Alice, Bob, Carol", ["Alice", "Bob", "Carol"]),
        ("Léa Nguyen / Paul Martin", ["Léa Nguyen", "Paul Martin"]),
        ("Léa Nguyen\nPaul  Martin", ["Léa Nguyen", "Paul Martin"]),
        ("Marie Dupont (CNRS, Lyon), Paul Martin", ["Marie Dupont (CNRS, Lyon)", "Paul Martin"]),
        ("Marie Dupont; marie dupont; ", ["Marie Dupont"]),
        ("Duo Dupont & Martin", ["Duo Dupont & Martin"]),
        ("  ", []),
    ],
)
def test_speaker_cells_are_split_by_the_documented_rule(cell: str, names: list[str]) -> None:
    assert split_names(cell) == names


def test_speakers_in_several_numbered_columns(tmp_path: Path) -> None:
    text = (
        "Titre;Début;Fin;Intervenant 1;Intervenant 2\n"
        "A;29/09/2016 10:30;29/09/2016 11:00;Ana García;Paul Martin\n"
    )

    (session,) = read_programme(write(tmp_path, text), TZ_NAME).sessions

    assert session.speakers == ["Ana García", "Paul Martin"]


def test_sample_has_parallel_sessions() -> None:
    # The other tests rely on the sample forum having two sessions at the same time.
    assert SESSIONS[1].start_at == SESSIONS[2].start_at
