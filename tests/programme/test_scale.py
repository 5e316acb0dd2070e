"""Programme import grows linearly with the number of sessions, measured without a clock.

Importing was quadratic for files whose sessions carry ids (iCalendar UIDs, frab guids): a
lookup per record scanned the event's sessions. These tests count what SQLite does (the
statements run, and the virtual-machine steps they take, which a full scan per record
multiplies) and what the readers do, for n and 2n sessions: doubling the programme must
no more than double the work. ``bench/bench_programme.py`` gives the times.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.events import Event, add_event, get_event, list_sessions
from carnet.programme import frab
from carnet.programme.frab import read_frab_json
from carnet.programme.icsreader import read_ics_text
from carnet.programme.model import Programme, SessionRecord
from carnet.programme.store import import_programme

PARIS = ZoneInfo("Europe/Paris")
N = 300  # and 2N: small enough to be quick, large enough for a scan to show


def programme(n: int, *, uids: bool = True, suffix: str = "") -> Programme:
    """``n`` sessions in four parallel rooms, speakers shared between sessions."""
    first = datetime(2016, 9, 29, 9, tzinfo=PARIS)
    sessions = []
    for i in range(n):
        start = first + timedelta(minutes=30 * (i // 4))
        sessions.append(
            SessionRecord(
                f"Session {i}{suffix}",
                start,
                start + timedelta(minutes=25),
                room=f"Salle {i % 4}",
                track="Communs" if i % 2 else None,
                speakers=[f"Intervenant {i % 97}", f"Intervenante {(i * 7) % 89}"],
                uid=f"uid-{i}@forum" if uids else None,
            )
        )
    return Programme(sessions)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive.create(tmp_path / "a.carnet") as arch:
        add_event(arch.db, slug="forum", name="Forum", timezone="Europe/Paris")
        yield arch


def _fresh(tmp_path: Path, name: str) -> tuple[Archive, Event]:
    arch = Archive.create(tmp_path / f"{name}.carnet")
    add_event(arch.db, slug="forum", name="Forum", timezone="Europe/Paris")
    return arch, get_event(arch.db, "forum")


class Work:
    """What SQLite did on a connection while it was watched."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.statements: list[str] = []
        self.steps = 0

    def __enter__(self) -> Work:
        self.conn.set_trace_callback(self.statements.append)

        def count() -> int:
            self.steps += 1
            return 0

        # Called every 100 virtual-machine instructions: a measure of the work, not the time.
        self.conn.set_progress_handler(count, 100)
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.set_trace_callback(None)
        self.conn.set_progress_handler(None, 0)

    @property
    def writes(self) -> list[str]:
        return [
            s
            for s in self.statements
            if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]


def measure(
    tmp_path: Path, n: int, importer: Callable[..., object] = import_programme, *, uids: bool = True
) -> tuple[Work, Work]:
    """The work of importing ``n`` sessions into a fresh archive, then of importing them again."""
    arch, event = _fresh(tmp_path, f"n{n}")
    with arch:
        with Work(arch.db.conn) as first:
            importer(arch.db, event, programme(n, uids=uids))
        with Work(arch.db.conn) as again:
            importer(arch.db, event, programme(n, uids=uids))
    return first, again


def assert_linear(small: int, large: int, what: str) -> None:
    # Doubling the input may double the work, plus a little; a scan per record would
    # quadruple it.
    assert large <= 2.3 * small + 50, f"{what}: {small} for {N} sessions, {large} for {2 * N}"


@pytest.mark.parametrize("uids", [True, False], ids=["with-uids", "without-uids"])
def test_import_and_reimport_work_grows_linearly(tmp_path: Path, uids: bool) -> None:
    first_n, again_n = measure(tmp_path, N, uids=uids)
    first_2n, again_2n = measure(tmp_path, 2 * N, uids=uids)

    assert_linear(len(first_n.statements), len(first_2n.statements), "statements, import")
    assert_linear(first_n.steps, first_2n.steps, "SQLite steps, import")
    assert_linear(len(again_n.statements), len(again_2n.statements), "statements, re-import")
    assert_linear(again_n.steps, again_2n.steps, "SQLite steps, re-import")
    # Re-importing an unchanged programme reads the event once and writes nothing.
    assert again_2n.writes == [] and len(again_2n.statements) == len(again_n.statements)


def test_a_lookup_that_scans_the_sessions_fails_the_linearity_check(tmp_path: Path) -> None:
    """The measure can fail: one lookup per record without an index, as before, is caught."""
    steps = []
    for n in (N, 2 * N):
        arch, event = _fresh(tmp_path, f"scan{n}")
        with arch, Work(arch.db.conn) as work, arch.db.transaction() as conn:
            for record in programme(n).sessions:
                conn.execute(
                    "SELECT id FROM sessions WHERE event_id = ? AND uid = ?", (event.id, record.uid)
                ).fetchone()
                conn.execute(
                    "INSERT INTO sessions (title, start, end, uid, event_id)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (record.title, record.start.isoformat(), record.end.isoformat(), record.uid, 1),
                )
        steps.append(work.steps)
    with pytest.raises(AssertionError):
        assert_linear(steps[0], steps[1], "SQLite steps, scanning import")


def test_progress_is_reported_up_to_the_total(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    calls: list[tuple[int, int]] = []
    import_programme(archive.db, event, programme(1000), progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 1000) and calls[-1] == (1000, 1000)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert len(calls) <= 202  # a few hundred reports at most, whatever the size


def test_reimport_finds_sessions_by_uid_then_by_title_and_start(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, programme(8))
    # New titles: found by UID and updated.
    renamed = import_programme(archive.db, event, programme(8, suffix=" (révisé)"))
    assert (renamed.added, renamed.updated, renamed.unchanged) == (0, 8, 0)
    # The same file without UIDs: found by title and start, and their UIDs are kept.
    plain = import_programme(archive.db, event, programme(8, uids=False, suffix=" (révisé)"))
    assert (plain.added, plain.updated, plain.unchanged) == (0, 0, 8)
    sessions = list_sessions(archive.db, event.id)
    assert len(sessions) == 8 and all(s.uid and s.uid.startswith("uid-") for s in sessions)


def test_title_matching_folds_case_as_the_catalog_does(archive: Archive) -> None:
    """ASCII letters only, as SQLite's lower(): "ÉCOLE" is not "école", "OUVERTURE" is."""
    event = get_event(archive.db, "forum")
    at = datetime(2016, 9, 29, 9, tzinfo=PARIS)
    end = at + timedelta(hours=1)
    import_programme(
        archive.db,
        event,
        Programme([SessionRecord("Ouverture", at, end), SessionRecord("école", at, end)]),
    )
    again = import_programme(
        archive.db,
        event,
        Programme([SessionRecord("OUVERTURE", at, end), SessionRecord("ÉCOLE", at, end)]),
    )
    assert (again.added, again.updated) == (1, 1)


def test_a_record_sees_the_sessions_earlier_records_added_or_renamed(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    at = datetime(2016, 9, 29, 9, tzinfo=PARIS)
    end = at + timedelta(hours=1)
    summary = import_programme(
        archive.db,
        event,
        Programme(
            [
                SessionRecord("Atelier", at, end, uid="a"),
                SessionRecord("Atelier renommé", at, end, uid="a"),  # the same session
                SessionRecord("Atelier", at, end),  # its old title is free again: a new one
                SessionRecord("atelier renommé", at, end),  # the renamed one, by title
            ]
        ),
    )
    assert (summary.added, summary.updated, summary.unchanged) == (2, 2, 0)
    assert sorted(s.title for s in list_sessions(archive.db, event.id)) == [
        "Atelier",
        "atelier renommé",
    ]


def test_speakers_written_in_another_case_do_not_rewrite_the_session(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    at = datetime(2016, 9, 29, 9, tzinfo=PARIS)
    end = at + timedelta(hours=1)
    import_programme(
        archive.db, event, Programme([SessionRecord("A", at, end, speakers=["Ada Lovelace"])])
    )
    seq = archive.change_seq()
    with Work(archive.db.conn) as work:
        import_programme(
            archive.db, event, Programme([SessionRecord("A", at, end, speakers=["ADA LOVELACE"])])
        )
    assert work.writes == [] and archive.change_seq() == seq
    assert list_sessions(archive.db, event.id)[0].speakers == ["Ada Lovelace"]


def test_changed_speakers_are_rewritten_in_order(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    at = datetime(2016, 9, 29, 9, tzinfo=PARIS)
    end = at + timedelta(hours=1)
    for speakers in (["Ada", "Alan"], ["Alan", "Ada", "Grace"], []):
        import_programme(
            archive.db, event, Programme([SessionRecord("A", at, end, speakers=speakers)])
        )
        assert list_sessions(archive.db, event.id)[0].speakers == speakers


# ---------------------------------------------------------------- readers


def _calendar(n: int) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Carnet//EN"]
    for i in range(n):
        hour = 9 + i % 8
        lines += [
            "BEGIN:VEVENT",
            f"UID:{i}@forum",
            f"SUMMARY:Session {i}",
            f"DTSTART;TZID=Europe/Paris:20160929T{hour:02d}0000",
            f"DTEND;TZID=Europe/Paris:20160929T{hour:02d}3000",
            'ATTENDEE;CN="Dupont, Marie":mailto:m@example.org',
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def test_ics_reader_parses_each_event_line_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's generic line parser, the costly part, sees each line at most once.

    (It used to see every line twice: a check of every line, then the library's parse.)
    """
    from icalendar.parser import Contentline

    calls = {"n": 0}
    parts = Contentline.parts

    def counted(self: Contentline) -> object:
        calls["n"] += 1
        return parts(self)

    monkeypatch.setattr(Contentline, "parts", counted)
    counts = []
    for n in (N, 2 * N):
        calls["n"] = 0
        programme = read_ics_text(_calendar(n), PARIS)
        assert len(programme.sessions) == n
        assert programme.sessions[0].speakers == ["Dupont, Marie"]  # a quoted CN: parsed
        counts.append(calls["n"])
    lines_2n = _calendar(2 * N).count("\r\n")
    assert counts[1] <= lines_2n, counts
    assert_linear(counts[0], counts[1], "library line parses")


class ScanCounter(str):
    """A text that counts the characters ``count`` is asked to look at."""

    scanned = 0

    def count(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
        begin = 0 if start is None else start
        stop = len(self) if end is None else end
        ScanCounter.scanned += max(0, stop - begin)
        return super().count(sub, begin, stop)


def _schedule_json(n: int) -> str:
    events = [
        {
            "guid": f"guid-{i}",
            "id": i,
            "title": f"Session {i}",
            "date": f"2016-09-29T{9 + i % 8:02d}:00:00+02:00",
            "duration": "00:30",
            "persons": [{"public_name": f"Speaker {i}"}],
        }
        for i in range(n)
    ]
    document = {
        "schedule": {"conference": {"days": [{"date": "2016-09-29", "rooms": {"A": events}}]}}
    }
    return json.dumps(document, indent=1)


def test_frab_json_line_numbers_read_the_text_once() -> None:
    scanned = []
    for n in (N, 2 * N):
        text = ScanCounter(_schedule_json(n))
        ScanCounter.scanned = 0
        lines = frab._guid_lines(text)
        assert lines["guid-0"] == text.split("guid-0")[0].count("\n") + 1
        assert lines[f"guid-{n - 1}"] == str(text).split(f'"guid-{n - 1}"')[0].count("\n") + 1
        scanned.append(ScanCounter.scanned)
        assert ScanCounter.scanned <= len(text)
    assert_linear(scanned[0], scanned[1], "characters scanned for line numbers")
    programme = read_frab_json(_schedule_json(3), PARIS)
    assert [s.line for s in programme.sessions] == [
        _schedule_json(3).split(f'"guid-{i}"')[0].count("\n") + 1 for i in range(3)
    ]
