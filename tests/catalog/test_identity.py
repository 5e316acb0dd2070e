"""An archive's id and lineages: which catalog, and which history of it, derived data is of."""

from __future__ import annotations

import shutil
from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.identity import Stamp, archive_id, covers, current


def _bump(archive: Archive, times: int = 1) -> None:
    """Changes an index would follow (each one bumps ``change_seq``)."""
    with archive.db.transaction() as conn:
        for n in range(times):
            conn.execute(
                "INSERT INTO items (hash, original_name, original_path, format, size,"
                " imported_at) VALUES (hex(randomblob(32)), ?, '/x', 'jpeg', 1, '2016')",
                (f"{n}.jpg",),
            )


def test_every_writable_open_starts_a_lineage_and_a_read_only_one_does_not(
    tmp_path: Path,
) -> None:
    root = tmp_path / "Forum.carnet"
    with Archive.create(root) as archive:
        first = current(archive.db)
        assert first is not None and first.seq == 0
        _bump(archive, 3)
        ident = archive_id(archive.db)
    with Archive.open(root) as archive:
        second = current(archive.db)
        assert second is not None and second.lineage != first.lineage
        assert second.seq == 3  # it starts where the catalog was
        assert archive_id(archive.db) == ident  # the id stays
    with Archive.open(root, readonly=True) as archive:
        assert current(archive.db) == second


def test_a_stamp_is_valid_within_its_lineage_only(tmp_path: Path) -> None:
    root = tmp_path / "Forum.carnet"
    with Archive.create(root) as archive:
        _bump(archive, 2)
        early = current(archive.db)  # (L1, 2)
        assert early is not None
    with Archive.open(root) as archive:  # L2 starts at 2
        _bump(archive, 3)
        late = current(archive.db)  # (L2, 5)
        assert late is not None
        db = archive.db
        assert covers(db, early) and covers(db, late)
        assert covers(db, Stamp(early.lineage, 0))
        assert not covers(db, Stamp(early.lineage, 3))  # L1 ended at 2: that is L2's history
        assert not covers(db, Stamp(late.lineage, 6))  # beyond the catalog's counter
        assert not covers(db, Stamp("0" * 32, 2))  # a lineage this catalog never had


def test_copies_that_diverge_never_cover_each_other(tmp_path: Path) -> None:
    root, copy = tmp_path / "a" / "Forum.carnet", tmp_path / "b" / "Forum.carnet"
    Archive.create(root).close()
    shutil.copytree(root, copy)
    stamps = {}
    for where in (root, copy):
        with Archive.open(where) as archive:
            _bump(archive)
            stamps[where] = current(archive.db)
    with Archive.open(root, readonly=True) as a, Archive.open(copy, readonly=True) as b:
        assert archive_id(a.db) == archive_id(b.db)
        assert stamps[root] is not None and stamps[copy] is not None
        assert covers(a.db, stamps[root]) and not covers(a.db, stamps[copy])
        assert covers(b.db, stamps[copy]) and not covers(b.db, stamps[root])


def test_an_id_that_is_not_carnet_s_is_no_id(tmp_path: Path) -> None:
    root = tmp_path / "Forum.carnet"
    with Archive.create(root) as archive:
        with archive.db.transaction() as conn:
            conn.execute("UPDATE archive_identity SET archive_id = '../../x'")
        assert archive_id(archive.db) is None
        with archive.db.transaction() as conn:
            conn.execute("INSERT INTO archive_identity VALUES (?)", ("a" * 32,))
        assert archive_id(archive.db) is None  # two rows: which one?
