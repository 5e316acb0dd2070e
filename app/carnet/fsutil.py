"""Files in and out: atomic writes, and opening only regular files.

A reader (or a crash) never sees half a file under its final name: writes go to a
temporary name in the same folder, are fsynced and renamed. A full disk or read-only media
ends a write with one sentence (``DiskFull``, ``ReadOnlyMedia``) and removes the temporary.

What Carnet reads from outside (files to import, programme files, originals and previews
of an archive someone handed over) may be a FIFO, a socket or a device under an image's
name: ``open_regular`` refuses those before anything can wait on them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from carnet.errors import write_error
from carnet.messages import Text

TEMP_PREFIX = ".tmp-"
#: The errors of a write that say where it went: a full disk (or quota), read-only media.
_FULL_OR_READ_ONLY = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS}


@contextlib.contextmanager
def atomic_writer(dest: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it is fsynced and renamed to ``dest``.

    The temporary file lives next to ``dest`` (same file system, so the rename is atomic)
    under a ``.tmp-`` name that ``remove_stale_temporaries`` recognises after a crash.
    ``durable=False`` skips the fsyncs, for files that are cheap to write again (the kit):
    a reader still never sees half a file, but a power cut may leave the old one.
    """
    tmp = dest.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}-{dest.name}")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        # os.open rather than mkstemp: the file gets the usual permissions (umask), not 0600.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        translated = write_error(exc, dest.parent)
        if translated is None:
            raise
        raise translated from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        # Only what a write alone can mean: the body may also be reading (a source it
        # copies), and a read refused is not a folder that cannot be written.
        if isinstance(exc, OSError) and exc.errno in _FULL_OR_READ_ONLY:
            translated = write_error(exc, dest.parent)
            if translated is not None:
                raise translated from exc
        raise
    if durable:
        fsync_dir(dest.parent)


def atomic_write_bytes(dest: Path, data: bytes) -> None:
    with atomic_writer(dest) as handle:
        handle.write(data)


def atomic_copy(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` atomically (content only, read-only permissions)."""
    with open_regular(src) as inp, atomic_writer(dest) as out:
        shutil.copyfileobj(inp, out, length=1 << 20)
    with contextlib.suppress(OSError):
        os.chmod(dest, 0o444)


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> int:
    """Delete ``.tmp-*`` files a killed process left behind; returns how many."""
    count = 0
    if not folder.is_dir():
        return 0
    for path in folder.rglob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            path.unlink()
            count += 1
    return count


class NotRegularFile(OSError):
    """A FIFO, socket, device or folder where a file was expected.

    An ``OSError``, so that whoever reports "cannot read: …" for a file reports this too;
    its ``strerror`` is a translatable ``Text`` saying what the path is.
    """

    def __init__(self, path: Path | str, mode: int) -> None:
        number = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        super().__init__(number, Text("{what}, not a regular file", what=_kind(mode)), str(path))


def _kind(mode: int) -> Text:
    if stat.S_ISDIR(mode):
        return Text("a folder")
    if stat.S_ISFIFO(mode):
        return Text("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return Text("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Text("a device")
    return Text("a special file")


_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def open_regular_fd(path: Path | str) -> int:
    """Open a regular file for reading (a descriptor), refusing anything else.

    The path is looked at before it is opened, so a device is never opened at all; it is
    then opened without blocking (opening a FIFO would otherwise wait for a writer
    forever) and looked at again through the descriptor, in case it was swapped between
    the two. Raises ``NotRegularFile`` or the ``OSError`` of the open.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular(path: Path | str) -> BinaryIO:
    """``open(path, "rb")`` for a regular file only (see ``open_regular_fd``)."""
    return os.fdopen(open_regular_fd(path), "rb")
