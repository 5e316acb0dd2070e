"""The kit's covers and the order of a session's drawings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.covers import set_event_cover, set_session_cover, set_session_order
from carnet.catalog.events import add_event
from carnet.catalog.trash import trash_items
from carnet.kit import ExportOptions, export_kit
from carnet.kit.model import load_kit_data
from tests.kit.conftest import SLUG


def _archive(tmp_path: Path) -> Archive:
    archive = Archive.create(tmp_path / "A.carnet")
    add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
    with archive.db.transaction() as conn:
        conn.executemany(
            "INSERT INTO sessions (event_id, title, start, end) VALUES (1, ?, ?, ?)",
            [
                ("Ouverture", "2016-09-29T10:00:00+02:00", "2016-09-29T11:00:00+02:00"),
                ("Clôture", "2016-09-29T17:00:00+02:00", "2016-09-29T18:00:00+02:00"),
            ],
        )
        # Items 1-3 in the opening session (1), 4 in the closing one, 5 in none.
        conn.executemany(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " captured_at, event_id, session_id, published) VALUES (?, 'f.jpg', '/x', 'jpeg',"
            " 1, '2016-01-01', ?, 1, ?, 1)",
            [
                (f"{i:064x}", f"2016-09-29T10:0{i}:00", session)
                for i, session in enumerate([1, 1, 1, 2, None], start=1)
            ],
        )
    return archive


def test_session_order_cover_first_and_event_cover(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    db = archive.db
    kit = load_kit_data(db, "forum")
    opening = kit.sessions[0]
    assert [k.id for k in opening.items] == [1, 2, 3]
    assert opening.cover is opening.items[0] and kit.cover is opening.items[0]

    set_session_order(db, 1, [3, 1])
    set_session_cover(db, 1, 1)
    set_event_cover(db, 1, 4)
    kit = load_kit_data(db, "forum")
    opening = kit.sessions[0]
    assert [k.id for k in opening.items] == [1, 3, 2]  # its cover first, then its order
    assert opening.cover is not None and opening.cover.id == 1
    assert kit.cover is not None and kit.cover.id == 4
    # Previous and next follow the session's order.
    assert opening.items[0].next is opening.items[1]
    assert opening.items[2].previous is opening.items[1]

    trash_items(db, [4, 1])
    kit = load_kit_data(db, "forum")
    assert kit.cover is not None and kit.cover.id == 3
    assert [k.id for k in kit.sessions[0].items] == [3, 2]


def _catalog_change(kit: Path) -> int:
    found = re.search(
        r"^Carnet-Catalog-Change: (\d+)$", (kit / "bag-info.txt").read_text("utf-8"), re.M
    )
    assert found is not None
    return int(found[1])


def test_a_cover_change_changes_the_bag_s_catalog_change(
    archive_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "Test.carnet"
    shutil.copytree(archive_path, path)
    with Archive.open(path) as archive:
        export_kit(archive, SLUG, tmp_path / "before", ExportOptions())
        session = int(archive.db.scalar("SELECT id FROM sessions ORDER BY start LIMIT 1"))
        last = int(archive.db.scalar("SELECT max(id) FROM items WHERE session_id = ?", (session,)))
        set_session_cover(archive.db, session, last)
        export_kit(archive, SLUG, tmp_path / "after", ExportOptions())
    assert _catalog_change(tmp_path / "after") > _catalog_change(tmp_path / "before")
