"""Adding, deleting, splitting and merging sessions, and undoing each exactly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.curation import restore_snapshot
from carnet.catalog.events import add_event, list_sessions
from carnet.catalog.items import get_item, set_session
from carnet.catalog.sessions import add_session, delete_session, merge_sessions, split_session
from carnet.errors import InvalidValue, NotFound
from tests.archives import catalog_item

PARIS = ZoneInfo("Europe/Paris")


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2016, 9, 29, hour, minute, tzinfo=PARIS)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arch = Archive.create(tmp_path / "a.carnet")
    add_event(arch.db, slug="forum", name="Forum", timezone="Europe/Paris")
    yield arch
    arch.close()


def _item(archive: Archive, n: int, when: str) -> int:
    return catalog_item(archive, n, when, event_id=1)


def _state(archive: Archive) -> tuple[object, ...]:
    sessions = [
        (s.id, s.title, s.start, s.end, s.room, tuple(s.speakers))
        for s in list_sessions(archive.db, 1)
    ]
    items = [
        (r["id"], r["session_id"], r["session_source"])
        for r in archive.db.query("SELECT id, session_id, session_source FROM items ORDER BY id")
    ]
    return tuple(sessions), tuple(items)


def test_add_a_session_with_speakers(archive: Archive) -> None:
    sid = add_session(archive.db, 1, "  Atelier  libre ", _at(14), _at(15), speakers=["Ada"])
    (session,) = list_sessions(archive.db, 1)
    assert (session.id, session.title, session.speakers) == (sid, "Atelier libre", ["Ada"])


@pytest.mark.parametrize(
    ("title", "start", "end", "error"),
    [
        ("", _at(14), _at(15), InvalidValue),
        ("Atelier", _at(15), _at(14), InvalidValue),
    ],
)
def test_a_bad_session_is_refused(
    archive: Archive, title: str, start: datetime, end: datetime, error: type[Exception]
) -> None:
    with pytest.raises(error):
        add_session(archive.db, 1, title, start, end)
    assert list_sessions(archive.db, 1) == []


def test_delete_a_session_and_undo(archive: Archive) -> None:
    sid = add_session(archive.db, 1, "Atelier", _at(14), _at(15), speakers=["Ada", "Bob"])
    item = _item(archive, 1, "2016-09-29T14:10:00")
    set_session(archive.db, [item], sid, source="manual")
    before = _state(archive)

    snap = delete_session(archive.db, sid)

    assert list_sessions(archive.db, 1) == []
    assert (get_item(archive.db, item).session_id, get_item(archive.db, item).session_source) == (
        None,
        None,
    )
    restore_snapshot(archive.db, snap)
    assert _state(archive) == before
    with pytest.raises(NotFound):
        delete_session(archive.db, 99)


def test_split_a_session_moves_later_items_and_undo(archive: Archive) -> None:
    sid = add_session(
        archive.db, 1, "Forum ouvert", _at(9), _at(12), room="Amphi", speakers=["Ada"]
    )
    early = _item(archive, 1, "2016-09-29T09:30:00")
    late = _item(archive, 2, "2016-09-29T11:10:00")
    set_session(archive.db, [early, late], sid, source="auto")
    before = _state(archive)

    new_id, snap = split_session(archive.db, sid, _at(10, 30))

    first, second = list_sessions(archive.db, 1)
    assert (first.id, first.end, second.id, second.start, second.end) == (
        sid,
        _at(10, 30),
        new_id,
        _at(10, 30),
        _at(12),
    )
    assert second.room == "Amphi" and second.speakers == ["Ada"]
    assert get_item(archive.db, early).session_id == sid
    assert get_item(archive.db, late).session_id == new_id
    restore_snapshot(archive.db, snap)
    assert _state(archive) == before


def test_a_split_outside_the_session_is_refused(archive: Archive) -> None:
    sid = add_session(archive.db, 1, "Forum", _at(9), _at(12))
    with pytest.raises(InvalidValue, match="inside"):
        split_session(archive.db, sid, _at(12))
    assert len(list_sessions(archive.db, 1)) == 1


def test_merge_sessions_and_undo(archive: Archive) -> None:
    a = add_session(archive.db, 1, "Partie 1", _at(9), _at(10), speakers=["Ada"])
    b = add_session(archive.db, 1, "Partie 2", _at(10), _at(11), speakers=["Bob", "Ada"])
    item = _item(archive, 1, "2016-09-29T10:30:00")
    set_session(archive.db, [item], b, source="manual")
    before = _state(archive)

    snap = merge_sessions(archive.db, a, [b])

    (merged,) = list_sessions(archive.db, 1)
    assert (merged.id, merged.start, merged.end, merged.speakers) == (
        a,
        _at(9),
        _at(11),
        ["Ada", "Bob"],
    )
    assert (get_item(archive.db, item).session_id, get_item(archive.db, item).session_source) == (
        a,
        "manual",
    )
    restore_snapshot(archive.db, snap)
    assert _state(archive) == before


def test_merging_fewer_than_two_or_across_events_is_refused(archive: Archive) -> None:
    a = add_session(archive.db, 1, "Partie 1", _at(9), _at(10))
    add_event(archive.db, slug="other", name="Other", timezone="Europe/Paris")
    c = add_session(archive.db, 2, "Ailleurs", _at(9), _at(10))
    with pytest.raises(InvalidValue, match="two"):
        merge_sessions(archive.db, a, [a])
    with pytest.raises(InvalidValue, match="different events"):
        merge_sessions(archive.db, a, [c])
    assert len(list_sessions(archive.db, 2)) == 1


def test_times_are_read_as_typed_iso_or_day_first() -> None:
    from datetime import date

    from carnet.catalog.sessions import read_time

    assert read_time("2016-09-29 14:30", PARIS) == _at(14, 30)
    assert read_time("29/09/2016 14:30", PARIS) == _at(14, 30)
    assert read_time("14:30", PARIS, date(2016, 9, 29)) == _at(14, 30)
    assert read_time("2016-09-29T12:30+00:00", PARIS) == _at(14, 30)
    with pytest.raises(InvalidValue, match="cannot read 'soon'"):
        read_time("soon", PARIS)
    with pytest.raises(InvalidValue):
        read_time("14:30", PARIS)  # no day to put it on
