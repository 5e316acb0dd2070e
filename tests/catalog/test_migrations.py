"""Each migration, applied to a catalog at the version before it, keeps the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carnet.catalog import identity
from carnet.catalog.database import Database
from carnet.catalog.items import get_item
from carnet.catalog.migrations import LATEST, MIGRATIONS, current_version, migrate
from carnet.errors import ArchiveCorrupt


def test_fresh_catalog_reaches_latest_version(tmp_path: Path) -> None:
    db = Database(tmp_path / "catalog.sqlite")
    assert migrate(db) == [m.number for m in MIGRATIONS]
    assert current_version(db) == LATEST
    assert migrate(db) == []  # idempotent
    assert db.query_one("PRAGMA journal_mode")[0] == "wal"
    assert db.query_one("PRAGMA foreign_keys")[0] == 1


def test_migrations_are_numbered_in_order() -> None:
    numbers = [m.number for m in MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1))


def _v1_catalog_with_data(path: Path) -> Database:
    db = Database(path)
    migrate(db, target=1)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO events (slug, name, timezone) VALUES ('forum', 'Forum', 'Europe/Paris')"
        )
        conn.execute(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " event_id, caption) VALUES ('ab' || hex(randomblob(8)), 'a.jpg', '/x/a.jpg',"
            " 'jpeg', 10, '2016-09-29T10:00:00', 1, 'société')"
        )
    return db


def test_migration_2_from_version_1_keeps_items_and_marks_them_changed(tmp_path: Path) -> None:
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    assert current_version(db) == 1
    assert migrate(db, target=2) == [2]
    assert db.scalar("SELECT caption FROM items") == "société"
    # Every existing item is due for indexing, and later edits bump the counter.
    assert db.scalar("SELECT count(*) FROM item_changes") == 1
    before = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    with db.transaction() as conn:
        conn.execute("UPDATE items SET caption = 'autre'")
    assert db.scalar("SELECT value FROM meta WHERE key = 'change_seq'") == before + 1
    # A backup of the version-1 catalog was taken before migrating.
    backup = tmp_path / "catalog.sqlite.before-v2"
    assert backup.exists()
    assert current_version(Database(backup)) == 1


def test_change_counter_follows_session_and_person_renames(tmp_path: Path) -> None:
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (event_id, title, start, end) VALUES"
            " (1, 'Ouverture', '2016-09-29T09:00:00+02:00', '2016-09-29T10:00:00+02:00')"
        )
        conn.execute("UPDATE items SET session_id = 1")
        conn.execute("INSERT INTO people (name) VALUES ('Ana')")
        conn.execute("INSERT INTO item_people VALUES (1, 1, 'speaker')")
    seq = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    with db.transaction() as conn:
        conn.execute("UPDATE sessions SET title = 'Plénière'")
    assert db.scalar("SELECT seq FROM item_changes WHERE item_id = 1") == seq + 1
    with db.transaction() as conn:
        conn.execute("UPDATE people SET name = 'Ana B.'")
    assert db.scalar("SELECT seq FROM item_changes WHERE item_id = 1") == seq + 2


def test_failed_migration_leaves_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carnet.catalog import migrations

    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")

    def broken(conn: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [migrations.MIGRATIONS[0], migrations.Migration(2, "broken", broken)],
    )
    with pytest.raises(RuntimeError):
        migrations.migrate(db)
    assert current_version(db) == 1
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'item_changes'") == 0


def test_catalog_from_a_newer_carnet_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / "catalog.sqlite")
    migrate(db)
    with db.transaction() as conn:
        conn.execute("INSERT INTO migrations VALUES (999, 'future', 'x')")
    with pytest.raises(ArchiveCorrupt, match="newer Carnet"):
        migrate(db)


def test_migration_3_from_version_2_adds_saved_searches_and_keeps_items(tmp_path: Path) -> None:
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db, target=2)
    seq = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    assert migrate(db, target=3) == [3]
    assert db.scalar("SELECT caption FROM items") == "société"
    # New tables and indexes only: the search index has nothing to catch up on.
    assert db.scalar("SELECT value FROM meta WHERE key = 'change_seq'") == seq
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO saved_searches (name, query, created_at) VALUES ('a', 'b', 'now')"
        )
    names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"items_trashed", "items_imported", "items_title"} <= names
    assert (tmp_path / "catalog.sqlite.before-v3").exists()


def test_insert_or_ignore_of_a_tag_still_marks_the_item_changed(tmp_path: Path) -> None:
    """Trigger bodies take the conflict policy of the statement that fired them."""
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db)
    with db.transaction() as conn:
        conn.execute("INSERT INTO tags (path) VALUES ('communs')")
        conn.execute("INSERT OR IGNORE INTO item_tags VALUES (1, 1)")
    seq = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    assert db.scalar("SELECT seq FROM item_changes WHERE item_id = 1") == seq
    with db.transaction() as conn:
        conn.execute("INSERT INTO people (name) VALUES ('Ana')")
        conn.execute("INSERT OR IGNORE INTO item_people VALUES (1, 1, 'speaker')")
    assert db.scalar("SELECT seq FROM item_changes WHERE item_id = 1") == seq + 1


def test_changed_at_follows_the_last_change(tmp_path: Path) -> None:
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db)
    with db.transaction() as conn:
        conn.execute("UPDATE meta SET value = 0 WHERE key = 'changed_at'")
    assert db.scalar("SELECT value FROM meta WHERE key = 'changed_at'") == 0
    with db.transaction() as conn:
        conn.execute("UPDATE items SET caption = 'nouvelle légende'")
    assert db.scalar("SELECT value FROM meta WHERE key = 'changed_at'") > 1_600_000_000


def test_alt_text_migration_keeps_items_and_adds_an_empty_alt_text(tmp_path: Path) -> None:
    number = next(m.number for m in MIGRATIONS if m.name == "alt text of items")
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db, target=number - 1)
    assert "alt_text" not in {r[1] for r in db.query("PRAGMA table_info(items)")}
    before = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    assert migrate(db, target=number) == [number]
    assert db.query_one("SELECT caption, alt_text FROM items")[:] == ("société", None)
    # Adding the column touches no item: nothing is due for reindexing.
    assert db.scalar("SELECT value FROM meta WHERE key = 'change_seq'") == before
    with db.transaction() as conn:  # run again (as after a renumbering), it changes nothing
        next(m for m in MIGRATIONS if m.number == number).apply(conn)
        conn.execute("UPDATE items SET alt_text = 'Une planche'")
    assert db.scalar("SELECT alt_text FROM items") == "Une planche"
    assert (tmp_path / f"catalog.sqlite.before-v{number}").exists()


IDENTITY = next(m.number for m in MIGRATIONS if m.name.startswith("archive identity"))


def test_identity_migration_gives_the_archive_an_id_and_a_first_lineage(tmp_path: Path) -> None:
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db, target=IDENTITY - 1)
    seq = db.scalar("SELECT value FROM meta WHERE key = 'change_seq'")
    assert identity.archive_id(db) is None  # no identity before
    assert migrate(db, target=IDENTITY) == [IDENTITY]
    assert db.scalar("SELECT caption FROM items") == "société"
    archive_id = identity.archive_id(db)
    assert archive_id is not None and len(archive_id) == 32
    (lineage,) = db.query("SELECT id, start_seq FROM lineages")
    assert lineage["start_seq"] == seq
    # Nothing for the search index to catch up on.
    assert db.scalar("SELECT value FROM meta WHERE key = 'change_seq'") == seq
    assert identity.current(db) == identity.Stamp(lineage["id"], seq)
    assert (tmp_path / f"catalog.sqlite.before-v{IDENTITY}").exists()
    other = Database(tmp_path / "other.sqlite")
    migrate(other)
    assert identity.archive_id(other) not in (None, archive_id)  # random, not derived


def test_identity_migration_keeps_the_id_of_a_catalog_that_has_one(tmp_path: Path) -> None:
    """A catalog migrated while the identity had another number keeps its id."""
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db, target=IDENTITY)
    archive_id = identity.archive_id(db)
    with db.transaction() as conn:
        conn.execute("DELETE FROM migrations WHERE number = ?", (IDENTITY,))
    assert migrate(db, target=IDENTITY) == [IDENTITY]
    assert identity.archive_id(db) == archive_id
    assert db.scalar("SELECT count(*) FROM lineages") == 2  # one more: harmless


def test_corrections_migration_turns_quarter_rotations_into_corrections(tmp_path: Path) -> None:
    number = next(m.number for m in MIGRATIONS if m.name == "corrections of items")
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " rotation) VALUES ('cd01', 'b.jpg', '/x/b.jpg', 'jpeg', 10, '2016-09-29', 90)"
        )
    migrate(db, target=number - 1)
    assert migrate(db, target=number) == [number]
    rows = {r["original_name"]: r for r in db.query("SELECT * FROM items")}
    assert rows["a.jpg"]["corrections"] is None and rows["a.jpg"]["caption"] == "société"
    assert json.loads(rows["b.jpg"]["corrections"]) == {"rotate": 90}
    assert rows["b.jpg"]["rotation"] == 0  # no longer read: the corrections hold it
    item = get_item(db, int(rows["b.jpg"]["id"]))
    assert item.corrections.rotate == 90.0
    with db.transaction() as conn:  # run again (as after a renumbering), it changes nothing
        next(m for m in MIGRATIONS if m.number == number).apply(conn)
    assert json.loads(db.scalar("SELECT corrections FROM items WHERE original_name = 'b.jpg'")) == {
        "rotate": 90
    }


def test_camera_serial_migration_adds_only_what_is_missing(tmp_path: Path) -> None:
    number = next(m.number for m in MIGRATIONS if m.name.startswith("camera serial numbers"))
    db = _v1_catalog_with_data(tmp_path / "catalog.sqlite")
    migrate(db, target=number - 1)
    assert migrate(db, target=number) == [number]
    row = db.query_one("SELECT caption, camera_serial FROM items WHERE original_name = 'a.jpg'")
    assert row is not None and row["caption"] == "société" and row["camera_serial"] is None
    assert db.scalar("SELECT count(*) FROM merge_place_conflicts") == 0
    with db.transaction() as conn:  # run again (as after a renumbering), it changes nothing
        next(m for m in MIGRATIONS if m.number == number).apply(conn)
    assert [r[1] for r in db.query("PRAGMA table_info(items)")].count("camera_serial") == 1
