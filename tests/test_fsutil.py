"""Atomic writes: a full disk or read-only media is one sentence, and no temporary is left."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from carnet import fsutil
from carnet.errors import DiskFull, ReadOnlyMedia
from carnet.fsutil import atomic_copy, atomic_write_bytes, atomic_writer


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("number", "error", "said"),
    [
        (errno.ENOSPC, DiskFull, "is full"),
        (getattr(errno, "EDQUOT", errno.ENOSPC), DiskFull, "is full"),
        (errno.EROFS, ReadOnlyMedia, "is on read-only media"),
    ],
)
@pytest.mark.parametrize("where", ["create", "write", "fsync", "rename"])
def test_a_write_that_cannot_be_made_is_one_sentence_and_leaves_nothing(
    number: int,
    error: type[Exception],
    said: str,
    where: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dest = tmp_path / "a.txt"
    dest.write_bytes(b"before")

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(number, os.strerror(number))

    real_open = os.open
    if where == "create":
        monkeypatch.setattr(
            os, "open", lambda p, f, *a: fail() if f & os.O_CREAT else real_open(p, f, *a)
        )
    elif where == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    elif where == "rename":
        monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(error, match=said) as caught, atomic_writer(dest) as handle:
        if where == "write":
            fail()
        handle.write(b"after")
    assert str(tmp_path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert dest.read_bytes() == b"before"
    assert _leftovers(tmp_path) == ["a.txt"]


def test_a_read_refused_while_copying_is_not_called_a_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the source fails with the system's own error, not "cannot be written"."""
    source = tmp_path / "source.jpg"
    source.write_bytes(b"x" * 100)

    def refused(path: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(fsutil, "open_regular", refused)
    with pytest.raises(PermissionError):
        atomic_copy(source, tmp_path / "copy.jpg")
    assert _leftovers(tmp_path) == ["source.jpg"]


def test_a_copy_and_a_write_land_whole(tmp_path: Path) -> None:
    atomic_write_bytes(tmp_path / "a.bin", b"bonjour")
    atomic_copy(tmp_path / "a.bin", tmp_path / "sub" / "b.bin")
    assert (tmp_path / "sub" / "b.bin").read_bytes() == b"bonjour"
    assert not list(tmp_path.rglob(".tmp-*"))
