"""Creating, opening and locking archives."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.errors import (
    ArchiveCorrupt,
    ArchiveExists,
    ArchiveLocked,
    ArchiveNotFound,
    CatalogMissing,
)


def test_create_makes_the_layout(tmp_path: Path) -> None:
    root = tmp_path / "Forum.carnet"
    with Archive.create(root) as archive:
        assert archive.writable
    for name in ("catalog.sqlite", "originals", "previews", "thumbnails"):
        assert (root / name).exists(), name


def test_create_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x.carnet").mkdir()
    (tmp_path / "x.carnet" / "notes.txt").write_text("mine")
    with pytest.raises(ArchiveExists):
        Archive.create(tmp_path / "x.carnet")
    assert (tmp_path / "x.carnet" / "notes.txt").read_text() == "mine"


def test_open_refuses_a_folder_that_is_not_an_archive(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"x")
    with pytest.raises(ArchiveNotFound):
        Archive.open(tmp_path / "photos")
    assert not (tmp_path / "photos" / "catalog.sqlite").exists()
    with pytest.raises(ArchiveNotFound):
        Archive.open(tmp_path / "missing.carnet")


def test_open_refuses_a_corrupt_catalog(tmp_path: Path) -> None:
    root = tmp_path / "a.carnet"
    Archive.create(root).close()
    (root / "catalog.sqlite").write_bytes(b"this is not sqlite" * 100)
    for suffix in ("-wal", "-shm"):
        (root / f"catalog.sqlite{suffix}").unlink(missing_ok=True)
    with pytest.raises(ArchiveCorrupt):
        Archive.open(root)
    # The lock was released on the way out: the same error again, not "archive in use".
    with pytest.raises(ArchiveCorrupt):
        Archive.open(root)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from carnet.catalog.archive import Archive
    archive = Archive.open(Path(sys.argv[1]))
    print("locked", flush=True)
    time.sleep(60)
    """
)


def _hold(root: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_writer_is_told_who_holds_the_archive(tmp_path: Path) -> None:
    root = tmp_path / "a.carnet"
    Archive.create(root).close()
    proc = _hold(root)
    try:
        with pytest.raises(ArchiveLocked) as info:
            Archive.open(root)
        message = str(info.value)
        assert f"archive in use by PID {proc.pid} on {os.uname().nodename} since" in message
        # Readers are never blocked by the writer.
        with Archive.open(root, readonly=True) as reader:
            assert reader.db.scalar("SELECT count(*) FROM items") == 0
            assert reader.writer() is not None
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    root = tmp_path / "a.carnet"
    Archive.create(root).close()
    proc = _hold(root)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Archive.open(root) as archive:
        assert archive.writable
        assert archive.writer() is None or archive.writer()["pid"] == os.getpid()


# ---------------------------------------------------------------- a catalog that is not there

CARNET = [sys.executable, "-m", "carnet"]


def _carnet(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CARNET, *map(str, args)], capture_output=True, text=True, timeout=120)


def _one_sentence(done: subprocess.CompletedProcess[str]) -> str:
    """The error of a refused command: exit 1, one line on stderr, no traceback."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("carnet: "), done.stderr
    return lines[0]


def _archive_with_items(root: Path, tmp_path: Path, count: int = 2) -> None:
    from carnet.importing.pipeline import ImportOptions, import_paths
    from tests.imaging import make_jpeg

    for n in range(count):
        make_jpeg(tmp_path / "photos" / f"{n}.jpg", (300, 200), color=(n * 90, 20, 20))
    with Archive.create(root) as archive:
        summary = import_paths(archive, [tmp_path / "photos"], ImportOptions(jobs=1))
        assert summary.imported == count


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every entry below ``root`` with its bytes (None for folders and special files)."""
    return {
        str(p.relative_to(root)): p.read_bytes() if p.is_file() else None
        for p in sorted(root.rglob("*"))
    }


def test_a_missing_catalog_is_never_replaced_by_an_empty_one(tmp_path: Path) -> None:
    root = tmp_path / "Forum.carnet"
    _archive_with_items(root, tmp_path)
    (root / "catalog.sqlite").unlink()
    before = _snapshot(root)
    for readonly in (False, True):
        with pytest.raises(CatalogMissing) as info:
            Archive.open(root, readonly=readonly)
        message = str(info.value)
        assert "catalog.sqlite" in message and "backup" in message
        assert f"carnet check --repair {root}" in message
        assert "carnet init" in message  # what to do without a backup
    assert _snapshot(root) == before  # no catalog, no lock, nothing written


def test_catalog_deleted_while_its_wal_remains(tmp_path: Path) -> None:
    """The WAL and SHM of the lost catalog stay, and the advice says to move them out
    first: SQLite would otherwise replay them onto the restored copy."""
    root = tmp_path / "Forum.carnet"
    _archive_with_items(root, tmp_path)
    (root / "catalog.sqlite").unlink()
    (root / "catalog.sqlite-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)
    (root / "catalog.sqlite-shm").write_bytes(b"\x00" * 32768)
    before = _snapshot(root)
    with pytest.raises(CatalogMissing) as info:
        Archive.open(root)
    assert "move catalog.sqlite-wal, catalog.sqlite-shm out of" in str(info.value)
    assert _snapshot(root) == before


def test_a_folder_that_was_never_an_archive_gets_no_catalog(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "a.jpg").write_bytes(b"\xff\xd8\xff")
    common = tmp_path / "project"  # names an archive has too, but so do many folders
    for name in ("index", "trash", "previews"):
        (common / name).mkdir(parents=True)
    (common / "lock").write_text("")
    for folder in (empty, photos, common):
        for readonly in (False, True):
            with pytest.raises(ArchiveNotFound) as info:
                Archive.open(folder, readonly=readonly)
            assert not isinstance(info.value, CatalogMissing)
            assert "not a Carnet archive" in str(info.value)
    assert list(empty.iterdir()) == []
    assert sorted(p.name for p in photos.iterdir()) == ["a.jpg"]
    assert sorted(p.name for p in common.iterdir()) == ["index", "lock", "previews", "trash"]


def test_a_new_archive_whose_catalog_was_deleted_is_an_archive_still(tmp_path: Path) -> None:
    root = tmp_path / "New.carnet"
    Archive.create(root).close()
    for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "lock"):
        (root / name).unlink(missing_ok=True)
    with pytest.raises(CatalogMissing):
        Archive.open(root)
    assert sorted(p.name for p in root.iterdir()) == ["originals", "previews", "thumbnails"]


@pytest.mark.parametrize("kind", ["empty file", "folder", "fifo", "foreign sqlite", "text"])
def test_a_catalog_that_is_not_one_is_refused_and_left_alone(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "Forum.carnet"
    _archive_with_items(root, tmp_path)
    catalog = root / "catalog.sqlite"
    catalog.unlink()
    if kind == "empty file":
        catalog.write_bytes(b"")
    elif kind == "folder":
        catalog.mkdir()
    elif kind == "fifo":
        os.mkfifo(catalog)
    elif kind == "text":
        catalog.write_text("not a database\n" * 500)
    else:
        other = sqlite3.connect(catalog)
        other.execute("CREATE TABLE photos (name TEXT)")
        other.commit()
        other.close()
    before = _snapshot(root)
    expected = {
        "empty file": "is empty (0 bytes)",
        "folder": "is a folder, not a file",
        "fifo": "is not a regular file",
        "foreign sqlite": "is not a Carnet catalog",
        "text": "is damaged",
    }[kind]
    for readonly in (False, True):
        with pytest.raises(ArchiveCorrupt) as info:
            Archive.open(root, readonly=readonly)
        assert expected in str(info.value)
        assert "carnet check --repair" in str(info.value)
        # The lock was released on the way out: the same error again, not "archive in use".
        with pytest.raises(ArchiveCorrupt):
            Archive.open(root, readonly=readonly)
    after = _snapshot(root)
    after.pop("lock", None)
    before.pop("lock", None)
    assert after == before, kind


def test_import_refuses_a_folder_that_init_did_not_make(tmp_path: Path) -> None:
    from tests.imaging import make_jpeg

    photo = make_jpeg(tmp_path / "in" / "a.jpg", (200, 100))
    empty = tmp_path / "empty"
    empty.mkdir()
    done = _carnet("import", empty, photo)
    assert "not a Carnet archive" in _one_sentence(done)
    assert list(empty.iterdir()) == []
    # A folder of photos is not an archive either, and stays as it was.
    done = _carnet("import", tmp_path / "in", photo)
    assert "not a Carnet archive" in _one_sentence(done)
    assert [p.name for p in (tmp_path / "in").iterdir()] == ["a.jpg"]
    # An archive that lost its catalog: refused, with how to restore it.
    root = tmp_path / "Forum.carnet"
    _archive_with_items(root, tmp_path)
    (root / "catalog.sqlite").unlink()
    done = _carnet("import", root, photo)
    assert "is missing" in _one_sentence(done)
    assert not (root / "catalog.sqlite").exists()
    # init made it: that one imports.
    done = _carnet("init", tmp_path / "New.carnet")
    assert done.returncode == 0, done.stderr
    assert _carnet("import", tmp_path / "New.carnet", photo).returncode == 0


@pytest.mark.parametrize("command", [["check"], ["check", "--repair"], ["items"], ["search", "x"]])
def test_commands_on_a_lost_catalog_say_how_to_restore_it(
    tmp_path: Path, command: list[str]
) -> None:
    root = tmp_path / "Forum.carnet"
    _archive_with_items(root, tmp_path)
    (root / "catalog.sqlite").unlink()
    done = _carnet(*command[:1], root, *command[1:])
    line = _one_sentence(done)
    assert "catalog of the archive" in line and "is missing" in line
    assert f"carnet check --repair {root}" in line
    assert not (root / "catalog.sqlite").exists()


def test_the_readme_restore_procedure_works(tmp_path: Path) -> None:
    """README: a backup is catalog.sqlite and originals/; after restoring, `carnet check
    --repair` makes the rest again. Followed as the message of a lost catalog says."""
    root = tmp_path / "Forum.carnet"
    _archive_with_items(root, tmp_path, count=3)
    backup = tmp_path / "usb" / "Forum.carnet"
    backup.mkdir(parents=True)
    shutil.copy2(root / "catalog.sqlite", backup / "catalog.sqlite")
    shutil.copytree(root / "originals", backup / "originals")

    # The catalog is lost while its WAL remains (the program was killed, say).
    (root / "catalog.sqlite").unlink()
    (root / "catalog.sqlite-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)
    line = _one_sentence(_carnet("check", root, "--repair"))
    assert "move catalog.sqlite-wal out of" in line
    aside = tmp_path / "aside"
    aside.mkdir()
    shutil.move(root / "catalog.sqlite-wal", aside / "catalog.sqlite-wal")
    shutil.copy2(backup / "catalog.sqlite", root / "catalog.sqlite")
    done = _carnet("check", root, "--repair")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 items checked: OK" in done.stdout

    # The whole archive restored from the backup alone: derived files are made again.
    restored = tmp_path / "restored" / "Forum.carnet"
    shutil.copytree(backup, restored)
    done = _carnet("check", restored, "--repair")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("regenerated previews and thumbnails") == 3
    done = _carnet("check", restored)
    assert done.returncode == 0 and "3 items checked: OK" in done.stdout
