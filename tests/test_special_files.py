"""Only regular files are opened: a FIFO, a socket or a device under an image's or a
programme's name is refused with a reason, never waited on.

Opening a FIFO for reading blocks until a writer comes, so a regression would hang rather
than fail: every test here runs the command in a child process with a timeout, or the
core function in a thread joined with a timeout.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from carnet.catalog.archive import Archive
from carnet.cli import main
from carnet.errors import ImportRejected, ProgrammeError
from carnet.fsutil import NotRegularFile, open_regular
from carnet.importing.pipeline import ImportTask, read, scan
from carnet.media.formats import detect_format
from carnet.media.metadata import open_image, read_metadata
from carnet.programme.readers import read_programme
from tests.imaging import make_jpeg

TIMEOUT = 120
_T = TypeVar("_T")

#: What each kind of special file is called in the reason.
SAID = {
    "fifo": "a named pipe (FIFO), not a regular file",
    "socket": "a socket, not a regular file",
    "device": "a device, not a regular file",
    "link to a fifo": "a named pipe (FIFO), not a regular file",
    "link to /dev/null": "a device, not a regular file",
    "folder": "a folder, not a regular file",
}


def _make(kind: str, path: Path, stack: list[socket.socket]) -> None:
    """A special file of ``kind`` at ``path`` (``stack`` keeps sockets bound)."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
        stack.append(server)
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # what /dev/null is
        except OSError as exc:
            pytest.skip(f"cannot make a device node here ({exc.strerror}); the link covers it")
    elif kind == "link to a fifo":
        os.mkfifo(path.with_name(f".{path.name}.fifo"))
        path.symlink_to(path.with_name(f".{path.name}.fifo"))
    elif kind == "link to /dev/null":
        path.symlink_to(os.devnull)
    elif kind == "folder":
        path.mkdir()
        make_jpeg(path / "inside.jpg")  # so a walk would find something
    else:
        raise AssertionError(kind)


@pytest.fixture
def sockets() -> Iterator[list[socket.socket]]:
    held: list[socket.socket] = []
    yield held
    for s in held:
        s.close()


@pytest.fixture
def short_tmp(tmp_path: Path) -> Iterator[Path]:
    """A short folder: a UNIX socket's path must fit in about 100 bytes."""
    folder = Path(f"/tmp/carnet-sf-{os.getpid()}-{id(tmp_path)}")
    folder.mkdir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _carnet(*argv: object, cache: Path) -> subprocess.CompletedProcess[str]:
    """``carnet ARGV`` in a child process that may not hang."""
    return subprocess.run(
        [sys.executable, "-m", "carnet", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "CARNET_CACHE_DIR": str(cache)},
    )


def _within(seconds: float, work: Callable[[], _T]) -> _T:
    """``work()`` in a thread that must end within ``seconds``."""
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(("ok", work()))
        except BaseException as exc:  # handed back to the test
            result.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{work} is still waiting after {seconds} s"
    kind, value = result[0]
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The search index's folder, here and in the child processes: the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CARNET_CACHE_DIR", str(folder))
    return folder


def _main(*argv: object) -> None:
    """A command run here, to set a test up (only the command under test runs apart)."""
    assert main([str(a) for a in argv]) == 0, argv


@pytest.fixture
def archive(tmp_path: Path, user_cache: Path) -> Path:
    root = tmp_path / "A.carnet"
    _main("init", root)
    _main("event", "add", root, "--slug", "forum", "--name", "Forum", "--timezone", "UTC")
    return root


KINDS = ["fifo", "socket", "device", "link to a fifo", "link to /dev/null"]


# ---------------------------------------------------------------- import


@pytest.mark.parametrize("kind", KINDS)
def test_import_refuses_a_special_file_in_a_folder(
    kind: str, archive: Path, short_tmp: Path, sockets: list[socket.socket], user_cache: Path
) -> None:
    photos = short_tmp / "photos"
    photos.mkdir()
    make_jpeg(photos / "good.jpg")
    _make(kind, photos / "x.jpg", sockets)
    done = _carnet("import", archive, photos, "--event", "forum", cache=user_cache)
    assert done.returncode == 1
    assert f"x.jpg: cannot read: {SAID[kind]}" in done.stderr
    assert "Traceback" not in done.stderr
    assert "1 imported" in done.stdout and "1 rejected" in done.stdout


@pytest.mark.parametrize("kind", [*KINDS, "folder"])
def test_import_refuses_a_special_file_named_directly(
    kind: str, archive: Path, short_tmp: Path, sockets: list[socket.socket], user_cache: Path
) -> None:
    target = short_tmp / "x.jpg"
    _make(kind, target, sockets)
    done = _carnet("import", archive, target, cache=user_cache)
    assert "Traceback" not in done.stderr
    if kind == "folder":  # a folder named on the command line is walked, whatever its name
        assert done.returncode == 0 and "1 imported" in done.stdout, done.stderr
    else:
        assert done.returncode == 1
        assert f"x.jpg: cannot read: {SAID[kind]}" in done.stderr


def test_import_refuses_the_devices_themselves(archive: Path, user_cache: Path) -> None:
    done = _carnet("import", archive, os.devnull, "/dev/zero", cache=user_cache)
    assert done.returncode == 1
    assert done.stderr.count("a device, not a regular file") == 2, done.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_scan_rejects_what_is_not_a_regular_file(
    kind: str, short_tmp: Path, sockets: list[socket.socket]
) -> None:
    _make(kind, short_tmp / "x.jpg", sockets)
    named, walked = list(scan([short_tmp / "x.jpg"])), list(scan([short_tmp]))
    for tasks in (named, [t for t in walked if t.path.name == "x.jpg"]):
        assert [(t.outcome, t.reason) for t in tasks] == [
            ("rejected", f"cannot read: {SAID[kind]}")
        ]


@pytest.mark.parametrize("kind", [*KINDS, "folder"])
def test_a_special_file_swapped_in_after_the_scan_is_not_waited_on(
    kind: str, short_tmp: Path, sockets: list[socket.socket]
) -> None:
    """Each reader of the core, given the path directly (as after a swap): refused."""
    path = short_tmp / "x.jpg"
    _make(kind, path, sockets)
    task = _within(30, lambda: read(ImportTask(path)))
    assert (task.outcome, task.reason) == ("rejected", f"cannot read: {SAID[kind]}")
    with pytest.raises(ImportRejected, match="not a regular file"):
        _within(30, lambda: detect_format(path))
    with pytest.raises(ImportRejected, match="not a regular file"):
        _within(30, lambda: read_metadata(path, "jpeg"))

    def header() -> None:
        with open_image(path, "jpeg"):
            pass

    with pytest.raises(ImportRejected, match="not a regular file"):
        _within(30, header)
    with pytest.raises(NotRegularFile):
        _within(30, lambda: open_regular(path))


def test_open_regular_reads_a_regular_file_and_a_link_to_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"bonjour")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    for name in ("a.txt", "b.txt"):
        with open_regular(tmp_path / name) as handle:
            assert handle.read() == b"bonjour"
            assert os.get_blocking(handle.fileno())


# ---------------------------------------------------------------- programmes


@pytest.mark.parametrize("kind", [*KINDS, "folder"])
def test_programme_import_refuses_a_special_file(
    kind: str, archive: Path, short_tmp: Path, sockets: list[socket.socket], user_cache: Path
) -> None:
    target = short_tmp / "programme.csv"
    _make(kind, target, sockets)
    done = _carnet("programme", "import", archive, target, "--event", "forum", cache=user_cache)
    assert done.returncode == 1
    assert "programme refused, nothing imported" in done.stderr
    assert f"cannot read the file: {SAID[kind]}" in done.stderr
    assert "Traceback" not in done.stderr
    with Archive.open(archive, readonly=True) as opened:
        assert opened.db.scalar("SELECT count(*) FROM sessions") == 0


def test_read_programme_refuses_a_fifo_without_waiting(short_tmp: Path) -> None:
    os.mkfifo(short_tmp / "p.ics")
    with pytest.raises(ProgrammeError, match="named pipe"):
        _within(30, lambda: read_programme(short_tmp / "p.ics", "UTC"))


# ---------------------------------------------------------------- the archive's own files


@pytest.fixture
def stocked(archive: Path, tmp_path: Path, user_cache: Path) -> tuple[Path, str]:
    """The archive with one published item; returns it and the item's hash."""
    make_jpeg(tmp_path / "a.jpg", captured_at="2016:09:29 10:00:00")
    _main("import", archive, tmp_path / "a.jpg", "--event", "forum")
    _main("item", "set", archive, "1", "--published")
    with Archive.open(archive, readonly=True) as opened:
        return archive, str(opened.db.scalar("SELECT hash FROM items WHERE id = 1"))


def _replace_with_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def test_check_reports_an_original_that_became_a_fifo(
    stocked: tuple[Path, str], user_cache: Path
) -> None:
    archive, digest = stocked
    _replace_with_fifo(archive / "originals" / digest[:2] / f"{digest}.jpg")
    done = _carnet("check", archive, cache=user_cache)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "not a regular file" in done.stdout + done.stderr


@pytest.mark.parametrize("folder", ["originals", "previews", "thumbnails"])
def test_export_never_waits_on_a_fifo_in_the_archive(
    folder: str, stocked: tuple[Path, str], tmp_path: Path, user_cache: Path
) -> None:
    archive, digest = stocked
    _replace_with_fifo(archive / folder / digest[:2] / f"{digest}.jpg")
    kit = tmp_path / "kit"
    done = _carnet("export", archive, "--event", "forum", kit, "--originals", cache=user_cache)
    assert "Traceback" not in done.stderr
    # The kit is written without that file, and says so when it was an original; what the
    # export never does is wait, or copy the FIFO into the kit.
    assert done.returncode in (0, 1), done.stderr
    assert kit.is_dir() and (kit / "index.html").is_file()
    assert not [p for p in kit.rglob("*") if not (p.is_file() or p.is_dir())]
    if folder == "originals":
        assert "problem: item 1:" in done.stderr


def test_a_lock_file_that_became_a_fifo(stocked: tuple[Path, str], user_cache: Path) -> None:
    archive, _ = stocked
    _replace_with_fifo(archive / "lock")
    done = _carnet("item", "set", archive, "1", "--title", "x", cache=user_cache)
    assert done.returncode == 1
    assert "is not the archive's lock file (a named pipe (FIFO)" in done.stderr
    assert _carnet("items", archive, cache=user_cache).returncode == 0


@pytest.mark.parametrize("name", ["catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"])
def test_a_catalog_file_that_became_a_fifo_is_never_waited_on(
    name: str, stocked: tuple[Path, str], user_cache: Path
) -> None:
    archive, _ = stocked
    for leftover in ("catalog.sqlite-wal", "catalog.sqlite-shm"):
        (archive / leftover).unlink(missing_ok=True)
    _replace_with_fifo(archive / name) if name == "catalog.sqlite" else os.mkfifo(archive / name)
    for argv in (["items", archive], ["item", "set", archive, "1", "--title", "x"]):
        done = _carnet(*argv, cache=user_cache)
        assert "Traceback" not in done.stderr
        assert done.returncode in (0, 1), done.stderr
        if done.returncode:
            assert done.stderr.count("\n") == 1 and done.stderr.startswith("carnet: ")
    if name == "catalog.sqlite":  # refused as a whole, never replaced by an empty one
        assert stat.S_ISFIFO((archive / name).lstat().st_mode)
