"""Atomic file writes: a temporary name in the same folder, fsync, rename.

A reader (or a crash) never sees half a file under its final name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"


@contextlib.contextmanager
def atomic_writer(dest: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it is fsynced and renamed to ``dest``.

    The temporary file lives next to ``dest`` (same file system, so the rename is atomic)
    under a ``.tmp-`` name that ``remove_stale_temporaries`` recognises after a crash.
    ``durable=False`` skips the fsyncs, for files that are cheap to write again (the kit):
    a reader still never sees half a file, but a power cut may leave the old one.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}-{dest.name}")
    # os.open rather than mkstemp: the file gets the usual permissions (umask), not 0600.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(dest.parent)


def atomic_write_bytes(dest: Path, data: bytes) -> None:
    with atomic_writer(dest) as handle:
        handle.write(data)


def atomic_copy(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` atomically (content only, read-only permissions)."""
    with atomic_writer(dest) as out, open(src, "rb") as inp:
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
