"""An archive a merge left with open conflicts, as an organiser's is after merging an
illustrator's archive: the same three drawings described differently on both sides.

Left open: the caption of ``IMG_0`` (mine "Ma légende", theirs "Their caption"), the
title of ``IMG_1``, the session of ``IMG_2`` (mine "Ouverture", theirs "Clôture", both
set by hand), and the cover and hand-set order of the session "Communs"."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.covers import set_session_cover, set_session_order
from carnet.catalog.events import add_event, find_session
from carnet.catalog.items import list_items, set_session, update_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.merge.apply import apply_plan
from carnet.merge.package import read_source
from carnet.merge.plan import make_plan
from carnet.programme.model import Programme, SessionRecord
from carnet.programme.store import import_programme
from tests.imaging import make_jpeg


def _programme() -> Programme:
    def at(h: int) -> datetime:
        return datetime(2016, 9, 29, h, 0, tzinfo=UTC)

    return Programme(
        sessions=[
            SessionRecord("Ouverture", at(8), at(9), uid="s1"),
            SessionRecord("Communs", at(10), at(11), uid="s2"),
            SessionRecord("Clôture", at(14), at(15), uid="s3"),
        ]
    )


def _side(root: Path, photos: Path, mine: bool) -> None:
    with Archive.create(root) as archive:
        event = add_event(archive.db, slug="forum", name="Forum", timezone="UTC")
        import_programme(archive.db, event, _programme())
        import_paths(archive, [photos], ImportOptions(event="forum", jobs=1))
        items = {i.original_name: i for i in list_items(archive.db)}
        db = archive.db
        update_items(db, [items["IMG_0.jpg"].id], caption="Ma légende" if mine else "Their caption")
        update_items(db, [items["IMG_1.jpg"].id], title="Mon titre" if mine else "Their title")
        communs = find_session(db, event.id, "Communs")
        other = find_session(db, event.id, "Ouverture" if mine else "Clôture")
        assert communs is not None and other is not None
        pair = [items["IMG_0.jpg"].id, items["IMG_1.jpg"].id]
        set_session(db, pair, communs)
        set_session(db, [items["IMG_2.jpg"].id], other)
        set_session_order(db, communs, pair if mine else pair[::-1])
        set_session_cover(db, communs, pair[0] if mine else pair[1])


def conflicted_archive(tmp_path: Path) -> Path:
    """The organiser's archive after merging the illustrator's (see the module)."""
    photos = tmp_path / "photos"
    photos.mkdir()
    for n in range(3):
        make_jpeg(photos / f"IMG_{n}.jpg", (120, 90), color=(40 * n, 90, 200 - 40 * n))
    mine, theirs = tmp_path / "Mine.carnet", tmp_path / "Theirs.carnet"
    _side(mine, photos, True)
    _side(theirs, photos, False)
    with Archive.open(mine) as archive:
        plan = make_plan(archive, read_source(theirs))
        apply_plan(archive, plan, jobs=1)
    return mine
