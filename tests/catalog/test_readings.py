"""The machine-read text in the catalog: its migration, which items to read, keeping it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.database import Database
from carnet.catalog.events import add_event
from carnet.catalog.items import NewItem, get_item, insert_item, update_items
from carnet.catalog.migrations import MIGRATIONS, migrate
from carnet.catalog.readings import items_to_read, store_reading, unread_ids
from carnet.catalog.trash import trash_items
from carnet.errors import InvalidValue, NotFound

COLUMNS = {"ocr_text", "ocr_engine", "ocr_confidence", "ocr_read_at"}


def _new(archive: Archive, name: str, event_id: int | None = None) -> int:
    with archive.db.transaction() as conn:
        return insert_item(
            conn,
            NewItem(
                hash=hashlib.sha256(name.encode()).hexdigest(),
                original_name=f"{name}.jpg",
                original_path=f"/photos/{name}.jpg",
                format="jpeg",
                size=10,
                event_id=event_id,
            ),
        )


def test_the_migration_adds_empty_columns_and_keeps_items(tmp_path: Path) -> None:
    number = next(m.number for m in MIGRATIONS if m.name == "machine-read text of items")
    db = Database(tmp_path / "catalog.sqlite")
    migrate(db, target=number - 1)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " transcription) VALUES ('ab', 'a.jpg', '/x/a.jpg', 'jpeg', 10, '2016-09-29',"
            " 'écrit à la main')"
        )
    assert not COLUMNS & {r[1] for r in db.query("PRAGMA table_info(items)")}
    before = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    assert migrate(db, target=number) == [number]
    row = db.query_one("SELECT transcription, ocr_text, ocr_read_at FROM items")
    assert tuple(row) == ("écrit à la main", None, None)
    assert db.scalar("SELECT value FROM meta WHERE key = 'change_seq'") == before
    with db.transaction() as conn:  # run again (as after a renumbering): no change
        next(m for m in MIGRATIONS if m.number == number).apply(conn)
    assert {r[1] for r in db.query("PRAGMA table_info(items)")} >= COLUMNS


def test_items_to_read_by_id_event_or_all_skip_those_read_unless_redo(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "A.carnet") as archive:
        event = add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        a, b = _new(archive, "a", event.id), _new(archive, "b", event.id)
        c, gone = _new(archive, "c"), _new(archive, "gone")
        trash_items(archive.db, [gone])
        assert [t.id for t in items_to_read(archive.db, every=True)] == [a, b, c]
        assert [t.id for t in items_to_read(archive.db, event_id=event.id)] == [a, b]
        assert [t.id for t in items_to_read(archive.db, [c, a])] == [a, c]
        store_reading(archive.db, a, "LU", "engine 1", 0.9)
        assert [t.id for t in items_to_read(archive.db, every=True)] == [b, c]
        assert [t.id for t in items_to_read(archive.db, every=True, redo=True)] == [a, b, c]
        assert unread_ids(archive.db, [a, b, gone]) == [b]
        with pytest.raises(NotFound, match="no item with id 99"):
            items_to_read(archive.db, [a, 99])


def test_a_reading_is_kept_beside_the_transcription_and_never_set_by_hand(
    tmp_path: Path,
) -> None:
    with Archive.create(tmp_path / "A.carnet") as archive:
        item_id = _new(archive, "a")
        update_items(archive.db, [item_id], transcription="Écrit par une personne")
        store_reading(archive.db, item_id, " RÉPARER\x07\nPLUTÔT ", "rapidocr x", 0.97)
        item = get_item(archive.db, item_id)
        assert item.ocr_text == "RÉPARER\nPLUTÔT"
        assert item.transcription == "Écrit par une personne"
        assert (item.ocr_engine, item.ocr_confidence) == ("rapidocr x", 0.97)
        assert item.ocr_read_at is not None
        with pytest.raises(InvalidValue, match="cannot set ocr_text"):
            update_items(archive.db, [item_id], ocr_text="à la main", title="kept out")
        assert get_item(archive.db, item_id).title is None
        store_reading(archive.db, item_id, "", "rapidocr x", None)  # read, nothing found
        assert get_item(archive.db, item_id).ocr_text is None
        with pytest.raises(NotFound):
            store_reading(archive.db, 99, "x", "rapidocr x", None)


def test_the_kits_alt_text_uses_the_machine_read_text_only_when_nothing_else_exists(
    tmp_path: Path,
) -> None:
    from carnet.kit.model import KitItem

    with Archive.create(tmp_path / "A.carnet") as archive:
        item_id = _new(archive, "a")
        store_reading(archive.db, item_id, "BOURSE AUX\nSEMENCES", "engine", 0.9)
        assert KitItem(get_item(archive.db, item_id), None).alt == "BOURSE AUX SEMENCES"
        update_items(archive.db, [item_id], caption="La bourse aux graines du quartier")
        alt = KitItem(get_item(archive.db, item_id), None).alt
        assert alt == "La bourse aux graines du quartier"
