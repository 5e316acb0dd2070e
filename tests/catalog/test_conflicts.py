"""Conflicts a merge left open: listed, settled as mine or theirs in one transaction, and
put back exactly by the undo data a settlement returns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.conflicts import count_open, open_conflicts, select, settle, unsettle
from carnet.catalog.covers import hand_order
from carnet.catalog.events import find_session, get_event
from carnet.catalog.identity import change_seq
from carnet.catalog.items import list_items
from carnet.errors import InvalidValue
from carnet.merge.apply import provenance
from tests.conflicted import conflicted_archive


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    return conflicted_archive(tmp_path)


def _state(archive: Archive) -> list[str]:
    """Every row of the catalog but the change counter's (which only moves forward)."""
    return [
        line
        for line in archive.db.conn.iterdump()
        if "change_seq" not in line
        and "changed_at" not in line
        and not line.startswith('INSERT INTO "item_changes"')
    ]


def _items(archive: Archive) -> dict[str, Any]:
    return {i.original_name: i for i in list_items(archive.db)}


def _communs(archive: Archive) -> int:
    event = get_event(archive.db, "forum")
    found = find_session(archive.db, event.id, "Communs")
    assert found is not None
    return found


def test_open_conflicts_are_listed_with_both_values_and_their_contribution(
    conflicted: Path,
) -> None:
    with Archive.open(conflicted, readonly=True) as archive:
        items = _items(archive)
        found = {(c.where, c.field): c for c in open_conflicts(archive.db)}
        assert count_open(archive.db) == len(found) == 5
        caption = found[(f"item {items['IMG_0.jpg'].id}", "caption")]
        assert (caption.mine, caption.theirs) == ("Ma légende", "Their caption")
        assert caption.package == "Theirs.carnet" and caption.merged_at
        assert found[(f"item {items['IMG_2.jpg'].id}", "session")].theirs == "uid:s3"
        assert {f for (w, f) in found if w == "session uid:s2"} == {"cover", "order"}
        assert [c.field for c in select(found.values(), field="title")] == ["title"]
        only = select(found.values(), item_ids=[items["IMG_0.jpg"].id])
        assert [c.field for c in only] == ["caption"]


def test_mine_keeps_the_archive_value_and_closes_the_conflict(conflicted: Path) -> None:
    with Archive.open(conflicted) as archive:
        before = _items(archive)["IMG_0.jpg"]
        key = (before.id, "caption")
        done = settle(archive.db, {key: "mine"})
        assert [c.key for c, _ in done.settled] == [key]
        assert _items(archive)["IMG_0.jpg"].caption == "Ma légende"
        assert key not in {c.key for c in open_conflicts(archive.db)}
        assert count_open(archive.db) == 4


def test_theirs_takes_their_values_records_provenance_and_moves_the_counter(
    conflicted: Path,
) -> None:
    with Archive.open(conflicted) as archive:
        items = _items(archive)
        communs = _communs(archive)
        seq = change_seq(archive.db)
        choices: dict[Any, Any] = {c.key: "theirs" for c in open_conflicts(archive.db)}
        done = settle(archive.db, choices)
        assert not done.skipped and len(done.settled) == 5
        after = _items(archive)
        assert after["IMG_0.jpg"].caption == "Their caption"
        assert after["IMG_1.jpg"].title == "Their title"
        cloture = find_session(archive.db, get_event(archive.db, "forum").id, "Clôture")
        assert after["IMG_2.jpg"].session_id == cloture
        assert after["IMG_2.jpg"].session_source == "manual"
        pair = [items["IMG_1.jpg"].id, items["IMG_0.jpg"].id]  # theirs: reversed
        assert hand_order(archive.db, communs) == pair
        cover = archive.db.scalar("SELECT cover_item_id FROM sessions WHERE id = ?", (communs,))
        assert cover == items["IMG_1.jpg"].id
        assert count_open(archive.db) == 0
        credited = {p["field"]: p["package"] for p in provenance(archive, items["IMG_0.jpg"].id)}
        assert credited.get("caption") == "Theirs.carnet"
        assert change_seq(archive.db) > seq


def test_a_cover_alone_moves_the_counter(conflicted: Path) -> None:
    with Archive.open(conflicted) as archive:
        seq = change_seq(archive.db)
        settle(archive.db, {("session uid:s2", "cover"): "theirs"})
        assert change_seq(archive.db) > seq


def test_undo_data_puts_everything_back_exactly(conflicted: Path) -> None:
    with Archive.open(conflicted) as archive:
        first = _state(archive)
        conflicts = open_conflicts(archive.db)
        choices: dict[Any, Any] = {c.key: "theirs" for c in conflicts}
        choices[conflicts[1].key] = "mine"
        done = settle(archive.db, choices)
        assert _state(archive) != first
        unsettle(archive.db, done)
        assert _state(archive) == first
        # Redo: the same choices settle the same way again.
        again = settle(archive.db, done.choices)
        assert [(c.key, ch) for c, ch in again.settled] == [(c.key, ch) for c, ch in done.settled]
        assert count_open(archive.db) == 0


def test_a_conflict_that_is_not_open_is_refused_and_nothing_changes(conflicted: Path) -> None:
    with Archive.open(conflicted) as archive:
        first = _state(archive)
        item = _items(archive)["IMG_0.jpg"].id
        with pytest.raises(InvalidValue, match="no open conflict of licence"):
            settle(archive.db, {(item, "caption"): "theirs", (item, "licence"): "theirs"})
        with pytest.raises(InvalidValue, match="mine or theirs"):
            settle(archive.db, {(item, "caption"): "both"})  # type: ignore[dict-item]
        assert _state(archive) == first


def test_their_session_no_longer_in_the_archive_is_left_open(conflicted: Path) -> None:
    from carnet.catalog.sessions import delete_session

    with Archive.open(conflicted) as archive:
        cloture = find_session(archive.db, get_event(archive.db, "forum").id, "Clôture")
        assert cloture is not None
        delete_session(archive.db, cloture)
        item = _items(archive)["IMG_2.jpg"]
        done = settle(archive.db, {(item.id, "session"): "theirs"})
        assert [c.field for c in done.skipped] == ["session"] and not done.settled
        assert _items(archive)["IMG_2.jpg"].session_id == item.session_id
        assert (item.id, "session") in {c.key for c in open_conflicts(archive.db)}
