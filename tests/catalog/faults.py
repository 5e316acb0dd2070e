"""Fault injection for tests: a full disk, for Python's writes and for SQLite's.

Tests run as root, so permissions prove nothing; these shims make the very calls Carnet
uses fail the way a full disk makes them fail, on any system:

* ``full_disk(under)``: opening a file for writing below ``under`` (``os.open`` and
  ``open``, which every write in Carnet goes through) raises ``ENOSPC``;
* ``sqlite_full(prefix)``: a catalog statement starting with ``prefix`` fails with
  SQLite's own ``SQLITE_FULL`` error (taken from a real one), as it does when SQLite
  cannot grow the catalog or write its temporary files.

``run_carnet(args, full_disk=…, sqlite_full=…)`` runs ``python -m carnet`` in a child
process with the shims installed, for tests of what the command line prints.
"""

from __future__ import annotations

import builtins
import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[2]


def sqlite_full_error() -> sqlite3.OperationalError:
    """A genuine ``SQLITE_FULL`` error, with SQLite's code and message."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (x)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as exc:
        assert exc.sqlite_errorcode == 13  # SQLITE_FULL
        return exc
    finally:
        conn.close()
    raise AssertionError("SQLite did not fail")


def _enospc(path: object) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def _below(path: Any, under: Path) -> bool:
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(under)
    except (TypeError, ValueError, OSError):
        return False


def install_full_disk(under: Path) -> Callable[[], None]:
    """Make writes below ``under`` fail with ``ENOSPC``; returns how to undo it."""
    under = under.resolve()
    real_os_open, real_open = os.open, builtins.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & writing and _below(path, under):
            raise _enospc(path)
        return real_os_open(path, flags, *args, **kwargs)

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int) and set(mode) & set("wax+") and _below(file, under):
            raise _enospc(file)
        return real_open(file, mode, *args, **kwargs)

    os.open = os_open  # type: ignore[assignment]
    builtins.open = open_

    def undo() -> None:
        os.open = real_os_open
        builtins.open = real_open

    return undo


def install_sqlite_full(prefix: str) -> Callable[[], None]:
    """Make catalog statements starting with ``prefix`` fail with ``SQLITE_FULL``."""
    error = sqlite_full_error()
    real_connect = sqlite3.connect

    class FullConnection(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.lstrip().upper().startswith(prefix.upper()):
                raise error
            return super().execute(sql, *args)

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", FullConnection)
        return real_connect(*args, **kwargs)

    sqlite3.connect = connect  # type: ignore[assignment]

    def undo() -> None:
        sqlite3.connect = real_connect

    return undo


@contextmanager
def full_disk(under: Path) -> Iterator[None]:
    undo = install_full_disk(under)
    try:
        yield
    finally:
        undo()


@contextmanager
def sqlite_full(prefix: str) -> Iterator[None]:
    undo = install_sqlite_full(prefix)
    try:
        yield
    finally:
        undo()


_RUNNER = """
import runpy, sys
from pathlib import Path
sys.path.insert(0, {repository!r})
from tests.catalog import faults
if {full_disk!r}:
    faults.install_full_disk(Path({full_disk!r}))
if {sqlite_full!r}:
    faults.install_sqlite_full({sqlite_full!r})
sys.argv = ["carnet", *sys.argv[1:]]
runpy.run_module("carnet", run_name="__main__", alter_sys=True)
"""


def run_carnet(
    *args: object, full_disk: Path | None = None, sqlite_full: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m carnet ARGS`` in a child process, with the shims asked for."""
    code = _RUNNER.format(
        repository=str(REPOSITORY),
        full_disk=str(full_disk) if full_disk else "",
        sqlite_full=sqlite_full or "",
    )
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )
