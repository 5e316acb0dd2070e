"""A catalog whose WAL disappears, or which SQLite finds damaged: a sentence, never a traceback.

SQLite keeps recent transactions in ``catalog.sqlite-wal`` and its index in
``catalog.sqlite-shm``. Removing or cutting the WAL while a Carnet has the catalog open
makes every other opener fail with a disk I/O error until that Carnet closes it; removed
after a crash, it only takes the transactions it held. Each case either just works or ends
with one sentence (``ArchiveCorrupt`` and what to do), from the core and the command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.events import add_event, list_events
from carnet.errors import ArchiveCorrupt, ArchiveLocked
from tests.imaging import make_jpeg

CARNET = [sys.executable, "-m", "carnet"]

# A Carnet that writes ten events and keeps the catalog open, nothing checkpointed.
HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from carnet.catalog.archive import Archive
    from carnet.catalog.events import add_event
    archive = Archive.open(Path(sys.argv[1]))
    archive.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(10):
        add_event(archive.db, slug=f"held-{n}", name=f"Held {n}", timezone="Europe/Paris")
    print("ready", flush=True)
    sys.stdin.readline()
    if sys.argv[2] == "close":
        archive.close()
    """
)


def _carnet(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CARNET, *map(str, args)], capture_output=True, text=True, timeout=120)


def _command(words: str, root: Path) -> subprocess.CompletedProcess[str]:
    """``words`` with ``ARCHIVE`` standing for the archive: ``"event list ARCHIVE"``."""
    return _carnet(*(str(root) if w == "ARCHIVE" else w for w in words.split()))


def _one_sentence(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("carnet: "), done.stderr
    return lines[0]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "Forum.carnet"
    with Archive.create(path) as archive:
        add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
    return path


class Holder:
    """A Carnet process holding the archive open with ten events in its WAL."""

    def __init__(self, root: Path, *, then: str = "close") -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(root), then],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None and self.proc.stdin is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def release(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def holders() -> Iterator[list[Holder]]:
    started: list[Holder] = []
    yield started
    for holder in started:
        if holder.proc.poll() is None:
            holder.kill()


def _events(root: Path) -> set[str]:
    with Archive.open(root, readonly=True) as archive:
        return {e.slug for e in list_events(archive.db)}


def _cut(path: Path, how: str) -> None:
    if how == "deleted":
        path.unlink()
    elif how == "emptied":
        os.truncate(path, 0)
    else:  # cut in the middle of a frame
        os.truncate(path, path.stat().st_size // 2 + 17)


@pytest.mark.parametrize("how", ["deleted", "emptied", "cut in half"])
def test_wal_cut_while_a_carnet_has_it_open(root: Path, holders: list[Holder], how: str) -> None:
    holder = Holder(root)
    holders.append(holder)
    _cut(root / "catalog.sqlite-wal", how)
    # A reader fails on the first page it needs from the WAL, in one sentence; a writer is
    # told who holds the archive.
    with Archive.open(root, readonly=True) as reader, pytest.raises(ArchiveCorrupt) as info:
        check_archive(reader)
    assert "catalog.sqlite-wal" in str(info.value)
    with pytest.raises(ArchiveLocked):
        Archive.open(root)
    for command in ("check ARCHIVE", "event list ARCHIVE"):
        line = _one_sentence(_command(command, root))
        assert "close it and run the command again" in line, line
        assert "damaged" not in line
    assert "archive in use by PID" in _one_sentence(_carnet("check", root, "--repair"))
    for command in ("items ARCHIVE", "search ARCHIVE forum"):  # may not need the lost pages
        done = _command(command, root)
        assert "Traceback" not in done.stderr, done.stderr
        if done.returncode != 0:
            _one_sentence(done)
    # Once that Carnet has closed the catalog, it opens again: what its own (unlinked)
    # WAL held was written back when the WAL was only deleted; cut, it is lost.
    holder.release()
    events = _events(root)
    assert "forum" in events
    if how == "deleted":
        assert {f"held-{n}" for n in range(10)} <= events
    done = _carnet("check", root)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("how", ["deleted", "emptied", "cut in half"])
def test_wal_cut_after_a_crash_just_works(root: Path, holders: list[Holder], how: str) -> None:
    holder = Holder(root, then="stay")
    holders.append(holder)
    holder.kill()  # nothing checkpointed: the ten events are only in the WAL
    assert (root / "catalog.sqlite-wal").stat().st_size > 0
    _cut(root / "catalog.sqlite-wal", how)
    assert "forum" in _events(root)  # the transactions the WAL held are gone, no more
    with Archive.open(root) as archive:
        assert check_archive(archive).ok
        add_event(archive.db, slug="after", name="After", timezone="Europe/Paris")
    assert "after" in _events(root)
    assert _carnet("check", root).returncode == 0


@pytest.mark.parametrize("crashed", [False, True])
def test_shm_deleted_just_works(root: Path, holders: list[Holder], crashed: bool) -> None:
    holder = Holder(root, then="stay" if crashed else "close")
    holders.append(holder)
    if crashed:
        holder.kill()
    (root / "catalog.sqlite-shm").unlink()
    assert {f"held-{n}" for n in range(10)} <= _events(root)
    assert _carnet("check", root).returncode == 0
    if not crashed:
        holder.release()
    assert _carnet("check", root, "--repair").returncode == 0
    assert {f"held-{n}" for n in range(10)} <= _events(root)


def _damage(catalog: Path) -> None:
    """Overwrite every page but the first (the schema stays readable, the rest is not)."""
    data = bytearray(catalog.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    catalog.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "command",
    [
        "check ARCHIVE",
        "check ARCHIVE --repair",
        "items ARCHIVE",
        "event list ARCHIVE",
        "search ARCHIVE forum",
        "import ARCHIVE PHOTO",
    ],
)
def test_a_malformed_catalog_is_one_sentence(tmp_path: Path, command: str) -> None:
    root = tmp_path / "Forum.carnet"
    with Archive.create(root) as archive:
        for n in range(200):  # enough rows for the tables to span many pages
            add_event(archive.db, slug=f"e{n}", name="Événement " * 20, timezone="UTC")
        archive.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(root / "catalog.sqlite")
    photo = make_jpeg(tmp_path / "photo.jpg", (120, 90))
    done = _command(command.replace("PHOTO", str(photo)), root)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    said = done.stderr + done.stdout
    assert "damaged" in said or "cannot be read" in said
    if done.stderr.strip():
        line = _one_sentence(done)
        assert "backup" in line and "carnet check --repair" in line


def test_a_catalog_missing_a_table_is_not_called_damaged(root: Path) -> None:
    """A table this Carnet reads is not there (a catalog of another version, or one that lost
    part of its structure): one sentence, which does not claim damage it cannot know."""
    with Archive.open(root) as archive, archive.db.transaction() as conn:
        conn.execute("DROP TABLE events")
    done = _command("event list ARCHIVE", root)
    assert "Traceback" not in done.stderr, done.stderr
    line = _one_sentence(done)
    assert "no such table: events" in line and "another version of Carnet" in line
    assert "damaged" not in line
    done = _command("check ARCHIVE", root)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "problem: catalog: the table events is missing" in done.stdout
