"""The writer lock: only one process writes an archive at a time.

The lock is an ``flock`` on ``ARCHIVE/lock``. The operating system releases it when the
holding process dies, however it dies, so a lock left by a crashed or killed process is
taken over without any guessing about stale PIDs. The holder writes its PID, host and start
time into the file so that a second writer can say who holds the archive.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import stat
from datetime import datetime
from pathlib import Path

from carnet.errors import ArchiveCorrupt, ArchiveLocked, ReadOnlyMedia, write_error
from carnet.fsutil import NotRegularFile
from carnet.messages import Text

#: Opening the lock file never waits (a FIFO put in its place would block an open).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

LOCK_NAME = "lock"


class WriterLock:
    """Exclusive, non-blocking writer lock on an archive folder."""

    def __init__(self, archive_path: Path) -> None:
        self.archive_path = archive_path
        self.path = archive_path / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise ``ArchiveLocked`` naming the holder.

        On read-only media (or a full disk) the lock file cannot be made: that is said in
        one sentence (``ReadOnlyMedia``, ``DiskFull``) before anything else is tried. A
        FIFO or a device in the lock file's place is refused, never waited on.
        """
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NONBLOCK, 0o644)
        except OSError as exc:
            if exc.errno == errno.EROFS:
                raise ReadOnlyMedia(
                    Text(
                        "the archive {path} is on read-only media: it can be read, searched "
                        "and exported from, not changed",
                        path=str(self.archive_path),
                    )
                ) from exc
            translated = write_error(exc, self.archive_path)
            if translated is None:
                raise
            raise translated from exc
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise ArchiveCorrupt(
                Text(
                    "{path} is not the archive's lock file ({what}): remove it and open "
                    "the archive again",
                    path=str(self.path),
                    what=NotRegularFile(self.path, mode).strerror,
                )
            )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            pid = holder.get("pid")
            raise ArchiveLocked(
                self.archive_path,
                pid if isinstance(pid, int) else None,
                str(holder["host"]) if holder.get("host") else None,
                str(holder["since"]) if holder.get("since") else None,
            ) from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
        except OSError as exc:
            os.close(fd)
            translated = write_error(exc, self.archive_path)
            if translated is None:
                raise
            raise translated from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> dict[str, object]:
    try:
        data = os.pread(fd, 4096, 0)
        value = json.loads(data.decode("utf-8")) if data else {}
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def current_holder(archive_path: Path) -> dict[str, object] | None:
    """Who holds the writer lock now, or None when nobody does (for read-only openers)."""
    path = archive_path / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
