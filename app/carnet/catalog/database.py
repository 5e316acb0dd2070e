"""The SQLite catalog connection: WAL, foreign keys, one ``transaction()`` for all writes."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from carnet.errors import ArchiveCorrupt
from carnet.messages import Text

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]

#: SQLite's errors when the WAL index (``-shm``) cannot be made or grown (a full disk).
_NO_WAL_INDEX = {"SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_SHMMAP"}

#: Ids per ``IN (?, ?, …)`` list: well under SQLite's limit on a statement's parameters.
IN_CHUNK = 900


def chunked(ids: Sequence[int], size: int = IN_CHUNK) -> Iterator[list[int]]:
    """``ids`` in lists of at most ``size``, for queries over many items."""
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


@contextmanager
def _corruption_is_reported(path: Path) -> Iterator[None]:
    """Turn SQLite's "malformed" errors into ``ArchiveCorrupt`` naming the catalog."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if type(exc) is sqlite3.DatabaseError:  # not a constraint or locking error
            raise ArchiveCorrupt(
                Text(
                    "the catalog {path} is damaged ({error}); restore it from a backup "
                    "(an earlier copy may be next to it as catalog.sqlite.before-vN)",
                    path=str(path),
                    error=str(exc),
                )
            ) from exc
        raise


class Database:
    """One connection to an archive's catalog.

    The connection runs in autocommit mode and every write goes through ``transaction()``,
    which takes SQLite's write lock up front (``BEGIN IMMEDIATE``) so a transaction never
    fails half-way on a lock upgrade. WAL lets readers in other processes go on while a
    writer works. Nested ``transaction()`` calls join the outer one.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        try:
            if readonly:
                uri = f"{path.resolve().as_uri()}?mode=ro"
                self.conn = sqlite3.connect(
                    uri, uri=True, isolation_level=None, check_same_thread=False
                )
                self.conn = _readable_on_read_only_media(self.conn, path)
            else:
                self.conn = sqlite3.connect(
                    str(path), isolation_level=None, check_same_thread=False
                )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable in WAL mode up to the last checkpointed transaction and
                # never corrupts; FULL makes each commit survive a power cut too.
                self.conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            raise ArchiveCorrupt(
                Text("cannot open the catalog {path}: {error}", path=str(path), error=str(exc))
            ) from exc
        self._depth = 0
        self._lock = threading.RLock()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the body in one transaction: committed when it ends, rolled back on error."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                raise
            else:
                self._depth = 0
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        with self._lock, _corruption_is_reported(self.path):
            return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        with self._lock, _corruption_is_reported(self.path):
            row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
            return row

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement; writes must be inside ``transaction()``."""
        with self._lock:
            return self.conn.execute(sql, params)

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty when sound)."""
        try:
            rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return [f"the catalog cannot be read: {exc}"]
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        for row in self.query("PRAGMA foreign_key_check"):
            problems.append(f"dangling reference in {row[0]} row {row[1]} to {row[2]}")
        return problems


def _readable_on_read_only_media(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """``conn``, or a connection that can read the catalog where ``conn`` cannot.

    A WAL catalog opened read-only still needs its WAL index, the ``-shm`` file, made at
    the first read when no other connection has it open. On read-only media (a DVD, a
    write-protected stick, a backup mounted read-only) it cannot be made, and SQLite says
    "unable to open database file"; on a full disk it cannot be sized ("disk I/O error").
    Either way no other process has the catalog open (it would have made the index), and
    with no ``-wal`` file next to it (or an empty one) every change is in the catalog
    itself: it is then opened as ``immutable``, which needs neither file, so a full disk or
    read-only media never makes a healthy catalog look damaged. A ``-wal`` with content (a
    copy taken while Carnet was writing) holds changes that immutable would not see: that
    case stays an error.
    """
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # the first read opens the WAL index
        return conn
    except sqlite3.OperationalError as exc:
        folder = path.parent
        wal = folder / f"{path.name}-wal"
        no_index = getattr(exc, "sqlite_errorname", "") in _NO_WAL_INDEX
        if (os.access(folder, os.W_OK) and not no_index) or (
            wal.exists() and wal.stat().st_size > 0
        ):
            raise
    conn.close()
    log.info("%s: no WAL index can be made here, opened as immutable", path)
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
