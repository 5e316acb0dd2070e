"""The trash: items leave every list, come back on restore, and go for good when emptied."""

from __future__ import annotations

from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.browse import item_ids
from carnet.catalog.items import list_items
from carnet.catalog.trash import (
    empty_trash,
    restore_items,
    trash_count,
    trash_items,
    trashed_ids,
)
from carnet.importing.pipeline import ImportOptions, import_paths
from tests.imaging import make_jpeg


def _archive(tmp_path: Path, n: int = 3) -> tuple[Archive, list[int]]:
    for i in range(n):
        make_jpeg(tmp_path / "in" / f"d{i}.jpg", (64, 48), color=(10 * i, 80, 40))
    archive = Archive.create(tmp_path / "A.carnet")
    summary = import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=1))
    return archive, sorted(summary.item_ids)


def test_trash_and_restore_round_trip(tmp_path: Path) -> None:
    archive, ids = _archive(tmp_path)
    with archive:
        assert trash_items(archive.db, ids[:2]) == ids[:2]
        assert trash_items(archive.db, ids[:2]) == []  # already there
        assert trash_count(archive.db) == 2
        assert sorted(trashed_ids(archive.db)) == ids[:2]
        assert [i.id for i in list_items(archive.db)] == ids[2:]
        assert sorted(item_ids(archive.db)) == ids[2:]
        assert restore_items(archive.db, [ids[0], ids[2]]) == [ids[0]]
        assert trashed_ids(archive.db) == [ids[1]]


def test_empty_trash_removes_rows_and_files_only_of_trashed_items(tmp_path: Path) -> None:
    archive, ids = _archive(tmp_path)
    with archive:
        gone = archive.db.query_one("SELECT hash FROM items WHERE id = ?", (ids[0],))[0]
        kept = archive.db.query_one("SELECT hash FROM items WHERE id = ?", (ids[1],))[0]
        trash_items(archive.db, [ids[0]])
        result = empty_trash(archive)
        assert result.items == 1
        assert result.files == 3
        assert archive.db.scalar("SELECT count(*) FROM items") == 2
        assert not archive.paths.thumbnail(gone).exists()
        assert not archive.paths.preview(gone).exists()
        assert archive.paths.thumbnail(kept).exists()
        assert trash_count(archive.db) == 0
        assert empty_trash(archive).items == 0


def test_empty_trash_tolerates_missing_files(tmp_path: Path) -> None:
    archive, ids = _archive(tmp_path, 1)
    with archive:
        digest = archive.db.scalar("SELECT hash FROM items")
        archive.paths.preview(digest).unlink()
        trash_items(archive.db, ids)
        assert empty_trash(archive).files == 2
