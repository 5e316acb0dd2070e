"""The user's cache folder: what Carnet derives on this machine, outside any archive.

An archive travels between people; the user's cache does not. Carnet keeps there what it
must be able to trust without checking it again — the search index, whose Whoosh files
hold pickles — and treats every file inside an archive as input to check. The folder is
``$CARNET_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/carnet`` (``~/.cache/carnet``) on
Linux, ``~/Library/Caches/Carnet`` on macOS and ``%LOCALAPPDATA%\\Carnet\\Cache`` on
Windows. Everything in it can be deleted at any time: it is made again when needed.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

ENV = "CARNET_CACHE_DIR"


def cache_root() -> Path:
    """Where this user's Carnet keeps its cache (not made here)."""
    override = os.environ.get(ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "Carnet" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "Carnet"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "carnet"


def private_folder(*parts: str, root: Path | None = None) -> Path:
    """``root/parts`` (``root`` is ``cache_root()`` by default), made when missing
    (readable by this user only), and checked.

    What Carnet reads back from there is trusted, so on POSIX every level from the cache
    root down must belong to this user and be writable by nobody else, and the levels
    below the root must be real folders, not links. Raises ``OSError`` otherwise, or when
    a folder cannot be made.
    """
    folder = cache_root() if root is None else root
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_private(folder, folder.stat())
    for part in parts:
        if part in ("", ".", "..") or "/" in part or "\\" in part:
            raise ValueError(f"not a folder name: {part!r}")
        folder = folder / part
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode):
            raise NotADirectoryError(f"{folder} is not a folder")
        _check_private(folder, info)
    return folder


def _check_private(folder: Path, info: os.stat_result) -> None:
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: %LOCALAPPDATA% is the user's own by its permissions
        return
    if info.st_uid != getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(f"{folder} is not private to this user (owner or permissions)")
