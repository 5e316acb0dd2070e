"""The SQLite catalog connection: WAL, foreign keys, one ``transaction()`` for all writes."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from carnet.errors import ArchiveCorrupt, ArchiveLocked, CarnetError, DiskFull
from carnet.messages import Text

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]

#: SQLite's errors when the WAL index (``-shm``) cannot be made or grown (a full disk).
_NO_WAL_INDEX = {"SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_SHMMAP"}

#: Ids per ``IN (?, ?, …)`` list: well under SQLite's limit on a statement's parameters.
IN_CHUNK = 900

# SQLite's primary result codes (the low byte of an extended code such as IOERR_SHORT_READ).
_BUSY, _LOCKED, _IOERR, _CORRUPT, _FULL, _NOTADB = 5, 6, 10, 11, 13, 26
# What SQLite says when the code is not at hand (an error raised by a test's shim).
_HINTS = (
    ("database or disk is full", _FULL),
    ("malformed", _CORRUPT),
    ("file is not a database", _NOTADB),
    ("disk i/o error", _IOERR),
    ("database is locked", _BUSY),
)


def chunked(ids: Sequence[int], size: int = IN_CHUNK) -> Iterator[list[int]]:
    """``ids`` in lists of at most ``size``, for queries over many items."""
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()
    return next((value for hint, value in _HINTS if hint in text), None)


def catalog_error(exc: sqlite3.Error, path: Path) -> CarnetError | None:
    """What a SQLite error on the catalog at ``path`` means for a user, as a ``CarnetError``.

    None for the errors that are Carnet's own bugs (constraints, misuse), which must keep
    their traceback. A full disk is ``DiskFull``, never "damaged": SQLite fails the same
    way when it cannot write its temporary files, and the catalog is then as it was.
    A WAL removed or cut short while another process had the catalog open makes every
    other opener fail with a disk I/O error until that process closes it.
    """
    if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
        return None
    code = _primary_code(exc)
    error = str(exc)
    if code == _FULL:
        return DiskFull(
            Text(
                "the disk holding {path} is full, or the one holding the temporary folder "
                "{temp}: free some space and run the command again (the catalog is not "
                "damaged: the change was refused whole)",
                path=str(path),
                temp=tempfile.gettempdir(),
            )
        )
    if code in (_BUSY, _LOCKED):
        return ArchiveLocked(path.parent, None, None, None)
    if code == _IOERR:
        return ArchiveCorrupt(
            Text(
                "the catalog {path} cannot be read ({error}). If another program has this "
                "archive open, close it and run the command again: its catalog.sqlite-wal may "
                "have been removed or cut short while it was open. Then run: carnet check "
                "{folder}",
                path=str(path),
                error=error,
                folder=str(path.parent),
            )
        )
    if isinstance(exc, sqlite3.OperationalError) and error.startswith("no such "):
        # A table or column this Carnet expects: a catalog of another version, read
        # without being migrated (read-only), or one that lost part of its structure.
        return ArchiveCorrupt(
            Text(
                "the catalog {path} lacks part of what this version of Carnet reads ({error}): "
                "it may come from another version of Carnet. Open it once where it can be "
                "written (carnet check --repair {folder}) to bring it up to date; if this "
                "stays, restore it from a backup",
                path=str(path),
                error=error,
                folder=str(path.parent),
            )
        )
    if code in (_CORRUPT, _NOTADB):
        return ArchiveCorrupt(
            Text(
                "the catalog {path} is damaged ({error}); nothing was changed. {advice}",
                path=str(path),
                error=error,
                advice=restore_advice(path, damaged=True),
            )
        )
    if isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError:
        return ArchiveCorrupt(
            Text("cannot open the catalog {path}: {error}", path=str(path), error=error)
        )
    return None


def restore_advice(catalog: Path, *, damaged: bool) -> Text:
    """How to put a catalog back from a backup (the README's procedure), for ``catalog``.

    What must leave the folder first is named: a damaged catalog (kept, never deleted), and
    the ``-wal``/``-shm`` files of a lost one, which SQLite would otherwise replay onto the
    restored copy. Without a backup, the copy taken before the last upgrade, or the
    originals themselves, are what is left.
    """
    folder = catalog.parent
    aside = [catalog] if damaged else []
    aside += [
        p for p in (folder / f"{catalog.name}-wal", folder / f"{catalog.name}-shm") if p.exists()
    ]
    if aside:
        restore = Text(
            "To restore it, move {files} out of {folder}, copy {catalog} from your backup "
            "into it and run: carnet check --repair {folder}",
            files=", ".join(p.name for p in aside),
            folder=str(folder),
            catalog=catalog.name,
        )
    else:
        restore = Text(
            "To restore it, copy {catalog} from your backup into {folder} and run: "
            "carnet check --repair {folder}",
            folder=str(folder),
            catalog=catalog.name,
        )
    copies = sorted(
        folder.glob(f"{catalog.name}.before-v*"),
        key=lambda p: (len(p.name), p.name),  # before-v10 after before-v9
    )
    if copies:
        fallback = Text(
            "Without a backup, {copy} is the catalog as it was before Carnet last upgraded "
            "it: use it as {catalog} the same way.",
            copy=copies[-1].name,
            catalog=catalog.name,
        )
    else:
        fallback = Text(
            "Without a backup, make a new archive with carnet init and import {originals} "
            "into it: the drawings come back, their descriptions do not.",
            originals=str(folder / "originals"),
        )
    return Text("{restore}. {fallback}", restore=restore, fallback=fallback)


@contextmanager
def _reported(path: Path) -> Iterator[None]:
    """Turn SQLite's errors on the catalog into the ``CarnetError`` they mean (above)."""
    try:
        yield
    except sqlite3.Error as exc:
        translated = catalog_error(exc, path)
        if translated is None:
            raise
        raise translated from exc


class Database:
    """One connection to an archive's catalog.

    The connection runs in autocommit mode and every write goes through ``transaction()``,
    which takes SQLite's write lock up front (``BEGIN IMMEDIATE``) so a transaction never
    fails half-way on a lock upgrade. WAL lets readers in other processes go on while a
    writer works. Nested ``transaction()`` calls join the outer one.
    """

    def __init__(self, path: Path, *, readonly: bool = False, create: bool = True) -> None:
        """Connect to the catalog at ``path``.

        ``create=False`` (how ``Archive.open`` connects) never makes a file: a catalog that
        is not there is an error, not a new empty one. Read-only connections never create.
        """
        self.path = path
        self.readonly = readonly
        with _reported(path):
            if readonly or not create:
                uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
                self.conn = sqlite3.connect(
                    uri, uri=True, isolation_level=None, check_same_thread=False
                )
            else:
                self.conn = sqlite3.connect(
                    str(path), isolation_level=None, check_same_thread=False
                )
            try:
                if readonly:
                    self.conn = _readable_on_read_only_media(self.conn, path)
                self.conn.row_factory = sqlite3.Row
                self.conn.execute("PRAGMA busy_timeout = 10000")
                self.conn.execute("PRAGMA foreign_keys = ON")
                if readonly:
                    # A catalog read-only may be anyone's (a merge's source, a stick from
                    # someone else): its views and triggers may call harmless functions only.
                    self.conn.execute("PRAGMA trusted_schema = OFF")
                if not readonly:
                    self.conn.execute("PRAGMA journal_mode = WAL")
                    # NORMAL is durable in WAL mode up to the last checkpointed transaction
                    # and never corrupts; FULL makes each commit survive a power cut too.
                    self.conn.execute("PRAGMA synchronous = FULL")
            except BaseException:
                self.conn.close()
                raise
        self._depth = 0
        self._lock = threading.RLock()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the body in one transaction: committed when it ends, rolled back on error.

        SQLite's errors (from the body's statements too) come out as the ``CarnetError``
        they mean, after the rollback: a full disk as ``DiskFull``, a damaged catalog as
        ``ArchiveCorrupt``.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            with _reported(self.path):
                self.conn.execute("BEGIN IMMEDIATE")
                self._depth = 1
                try:
                    yield self.conn
                except BaseException:
                    self._depth = 0
                    self._rollback()
                    raise
                self._depth = 0
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise

    def _rollback(self) -> None:
        """Roll back what is still open; SQLite may have rolled back by itself already."""
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        with self._lock, _reported(self.path):
            return self.conn.execute(sql, params).fetchall()

    def first_column(self, sql: str, params: Params = ()) -> list[Any]:
        """The first column of every row, read one row at a time: no row objects are held
        at once (the 100,000 ids of a refresh took 15 MB at their peak as fetched rows,
        where the list of them takes 4)."""
        with self._lock, _reported(self.path):
            cursor = self.conn.execute(sql, params)
            cursor.row_factory = None  # plain tuples, each freed as the next is read
            return [row[0] for row in cursor]

    def query_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        with self._lock, _reported(self.path):
            row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
            return row

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement; writes must be inside ``transaction()``.

        SQLite's errors come out as they are: the caller (a read transaction's ``BEGIN`` and
        ``COMMIT`` in the search index) handles them.
        """
        with self._lock:
            return self.conn.execute(sql, params)

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty when sound).

        Only damage is a problem here: a full disk (SQLite sorts indexes in temporary files
        to check them) or a busy catalog raise their own ``CarnetError`` instead, so that a
        sound catalog is never called damaged.
        """
        try:
            with self._lock:
                rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.Error as exc:
            if _primary_code(exc) in (_CORRUPT, _NOTADB):
                return [f"the catalog cannot be read: {exc}"]
            translated = catalog_error(exc, self.path)
            if translated is None:
                raise
            raise translated from exc
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
