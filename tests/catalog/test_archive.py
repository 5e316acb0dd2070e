"""Creating, opening and locking archives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.errors import ArchiveCorrupt, ArchiveExists, ArchiveLocked, ArchiveNotFound


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
