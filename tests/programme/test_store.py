"""Programmes and matches written into the catalog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.events import (
    add_event,
    get_event,
    list_sessions,
    people_of_event,
    set_camera_offset,
)
from carnet.catalog.items import get_item, list_items, set_session
from carnet.errors import Problem
from carnet.programme.model import Programme, SessionRecord
from carnet.programme.store import import_programme, match_event, plan_programme
from tests.archives import catalog_item

PARIS = ZoneInfo("Europe/Paris")


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2016, 9, 29, hour, minute, tzinfo=PARIS)


def _programme(title_suffix: str = "") -> Programme:
    return Programme(
        [
            SessionRecord(
                "Ouverture" + title_suffix,
                _at(9),
                _at(10),
                room="Amphi",
                speakers=["Ada Lovelace", "Alan Turing"],
                uid="s1",
            ),
            SessionRecord(
                "Communs",
                _at(10, 30),
                _at(11, 45),
                room="Salle A",
                track="Communs",
                speakers=["Elinor Ostrom"],
            ),
            SessionRecord("Démocratie", _at(10, 30), _at(11, 45), room="Salle B"),
            SessionRecord("Clôture", _at(12), _at(13), room="Amphi"),
        ]
    )


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arch = Archive.create(tmp_path / "a.carnet")
    add_event(arch.db, slug="forum", name="Forum", timezone="Europe/Paris")
    yield arch
    arch.close()


def _item(
    archive: Archive, n: int, when: str | None, model: str = "iPhone 13", offset: str | None = None
) -> int:
    return catalog_item(
        archive,
        n,
        when,
        capture_offset=offset,
        camera_make="Apple",
        camera_model=model,
        event_id=1,
    )


def test_reimporting_a_programme_updates_instead_of_duplicating(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    first = import_programme(archive.db, event, _programme())
    assert (first.added, first.updated, first.speakers) == (4, 0, 3)
    again = import_programme(archive.db, event, _programme(" officielle"))
    # "s1" is found by its UID although its title changed; the others by title and start.
    assert (again.added, again.updated, again.unchanged) == (0, 1, 3)
    sessions = list_sessions(archive.db, event.id)
    assert [s.title for s in sessions][:1] == ["Ouverture officielle"]
    assert sessions[0].speakers == ["Ada Lovelace", "Alan Turing"]
    assert ("Elinor Ostrom", "speaker") in people_of_event(archive.db, event.id)


def test_match_by_time_grace_offset_and_room(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, _programme())
    during = _item(archive, 1, "2016-09-29T09:30:00")
    grace = _item(archive, 2, "2016-09-29T10:10:00")
    parallel = _item(archive, 3, "2016-09-29T11:00:00")
    late_clock = _item(archive, 4, "2016-09-29T11:20:00", model="Pixel")
    outside = _item(archive, 5, "2016-09-29T20:00:00")
    utc_tagged = _item(archive, 6, "2016-09-29T10:40:00", offset="+00:00")  # 12:40 in Paris
    untimed = _item(archive, 7, None)

    summary = match_event(archive.db, event, grace=timedelta(minutes=15))
    by_id = {r.item_id: r for r in summary.results}
    assert by_id[during].reason == "during"
    assert by_id[grace].reason == "grace"
    assert by_id[parallel].reason == "ambiguous" and len(by_id[parallel].candidates) == 2
    assert by_id[outside].reason == "no-session"
    assert by_id[untimed].reason == "no-time"
    titles = {i.id: i.session for i in list_items(archive.db)}
    assert titles[during] == titles[grace] == "Ouverture"
    assert titles[utc_tagged] == "Clôture"
    assert titles[parallel] is None

    # The Pixel's clock is one hour late: 11:20 on it was 12:20, during the closing.
    set_camera_offset(archive.db, "Apple Pixel", 3600)
    match_event(archive.db, event, grace=timedelta(minutes=15))
    assert {i.id: i.session for i in list_items(archive.db)}[late_clock] == "Clôture"

    # Narrowed to Salle B, the parallel item is settled, and nothing already matched moves.
    before = {i.id: i.session for i in list_items(archive.db)}
    match_event(archive.db, event, grace=timedelta(hours=3), room="Salle B")
    after = {i.id: i.session for i in list_items(archive.db)}
    assert after[parallel] == "Démocratie"
    assert {k: v for k, v in after.items() if k != parallel} == {
        k: v for k, v in before.items() if k != parallel
    }


def test_hand_set_sessions_are_never_overwritten(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, _programme())
    item = _item(archive, 1, "2016-09-29T09:30:00")
    cleared = _item(archive, 2, "2016-09-29T09:40:00")
    closing = next(s.id for s in list_sessions(archive.db, event.id) if s.title == "Clôture")
    set_session(archive.db, [item], closing)
    set_session(archive.db, [cleared], None)  # "this drawing belongs to no session"
    summary = match_event(archive.db, event, grace=timedelta(minutes=15))
    assert summary.changed == 0
    items = {i.id: i for i in list_items(archive.db)}
    assert items[item].session == "Clôture" and items[item].session_source == "manual"
    assert items[cleared].session is None and items[cleared].session_source == "manual"


def test_dry_run_changes_nothing(archive: Archive) -> None:
    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, _programme())
    _item(archive, 1, "2016-09-29T09:30:00")
    seq = archive.change_seq()
    summary = match_event(archive.db, event, dry_run=True)
    assert summary.changed == 1
    assert archive.change_seq() == seq
    assert list_items(archive.db)[0].session is None


def test_plan_programme_says_what_an_import_would_do_and_writes_nothing(
    archive: Archive,
) -> None:
    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, _programme())
    changed = _programme()
    changed.sessions[1].speakers = ["Elinor Ostrom", "David Bollier"]
    changed.sessions.append(SessionRecord("Atelier", _at(14), _at(15)))
    changed.sessions.append(SessionRecord("atelier", _at(14), _at(15)))  # the same, again
    changed.skipped.append(Problem(7, "event without a title (SUMMARY)"))

    plan = plan_programme(archive.db, event, changed)

    assert [r.title for r in plan.added] == ["Atelier"]
    assert [r.title for _id, r in plan.updated] == ["Communs"]
    assert len(plan.unchanged) == 4
    assert plan.skipped == changed.skipped
    assert len(list_sessions(archive.db, event.id)) == 4
    summary = import_programme(archive.db, event, changed)
    assert summary.added == len(plan.added)


def test_a_rejected_suggestion_stays_rejected_and_confirming_sets_it_by_hand(
    archive: Archive,
) -> None:
    from carnet.catalog.matches import (
        confirm_matches,
        reject_matches,
        unconfirm_matches,
        undo_reject,
    )

    event = get_event(archive.db, "forum")
    import_programme(archive.db, event, _programme())
    ids = {s.title: s.id for s in list_sessions(archive.db, event.id)}
    opening = _item(archive, 1, "2016-09-29T09:30:00")
    parallel = _item(archive, 2, "2016-09-29T11:00:00")
    match_event(archive.db, event)
    assert get_item(archive.db, opening).session_id == ids["Ouverture"]

    undo = reject_matches(archive.db, [(opening, ids["Ouverture"]), (parallel, ids["Communs"])])

    assert get_item(archive.db, opening).session_id is None  # the automatic tie went
    summary = match_event(archive.db, event)
    by_id = {r.item_id: r for r in summary.results}
    assert by_id[opening].reason == "rejected" and by_id[opening].session_id is None
    # Of the two parallel sessions, the one left is the match.
    assert by_id[parallel].session_id == ids["Démocratie"]
    assert get_item(archive.db, opening).session_id is None
    assert get_item(archive.db, parallel).session_id == ids["Démocratie"]

    assert confirm_matches(archive.db, [opening, parallel]) == [parallel]
    assert get_item(archive.db, parallel).session_source == "manual"
    unconfirm_matches(archive.db, [parallel])
    assert get_item(archive.db, parallel).session_source == "auto"

    undo_reject(archive.db, undo)
    assert get_item(archive.db, opening).session_id == ids["Ouverture"]
    match_event(archive.db, event)
    assert get_item(archive.db, parallel).session_id is None  # ambiguous again
