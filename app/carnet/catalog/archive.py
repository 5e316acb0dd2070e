"""The archive: one folder holding the catalog, the originals and what is derived from them.

```
Name.carnet/
  catalog.sqlite        the source of truth (SQLite, WAL)
  originals/ab/<sha256>.<ext>   copies of imported files, content-addressed, never modified
  previews/ab/<sha256>.jpg      derived: 2048 px, orientation applied
  thumbnails/ab/<sha256>.jpg    derived: 384 px
  tiles/ab/<sha256>-<key>/      derived, on first need: deep-zoom tiles and the full-size
                                corrected JPEG, one folder per set of corrections
  lock                  the writer lock
```
Everything but the catalog and the originals can be rebuilt (``carnet check --repair``).
The search index is not in the folder: it lives in the user's cache, keyed by the archive's
id (``catalog/identity.py``, ``search/index.py``), so nothing a copy from someone else
brings is ever unpickled. An ``index/`` folder left by an older Carnet is never read, and
is removed when the archive is opened for writing.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from carnet.catalog.database import Database, catalog_error, restore_advice
from carnet.catalog.identity import start_lineage
from carnet.catalog.lock import WriterLock, current_holder
from carnet.catalog.migrations import current_version, migrate
from carnet.errors import (
    ArchiveCorrupt,
    ArchiveExists,
    ArchiveNotFound,
    CatalogMissing,
    write_error,
)
from carnet.messages import Text

log = logging.getLogger(__name__)

CATALOG_NAME = "catalog.sqlite"
FOLDERS = ("originals", "previews", "thumbnails")
#: Where earlier versions of Carnet kept the search index (Whoosh files, pickles among them).
LEGACY_INDEX = "index"
#: Where ``carnet check --repair`` moves the files no item uses (never deleted).
TRASH = "trash"


def shard(digest: str) -> str:
    """The sub-folder of a content-addressed file: the first two hex digits of its hash."""
    return digest[:2]


class ArchivePaths:
    """Where each file of an archive lives; plain data, safe to send to worker processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.catalog = root / CATALOG_NAME
        self.originals = root / "originals"
        self.previews = root / "previews"
        self.thumbnails = root / "thumbnails"
        #: Deep-zoom tiles, made on first need (``media/tiles.py``); derived, like previews.
        self.tiles = root / "tiles"

    def original(self, digest: str, extension: str) -> Path:
        return self.originals / shard(digest) / f"{digest}.{extension}"

    def preview(self, digest: str) -> Path:
        return self.previews / shard(digest) / f"{digest}.jpg"

    def thumbnail(self, digest: str) -> Path:
        return self.thumbnails / shard(digest) / f"{digest}.jpg"

    def tile_set(self, digest: str, key: str) -> Path:
        """The folder of an original's tiles under one set of corrections (``key``)."""
        return self.tiles / shard(digest) / f"{digest}-{key}"


class Archive:
    """An open archive: its paths, its catalog and, when writable, the writer lock.

    Open it with ``Archive.open`` (or make one with ``Archive.create``) and close it, or use
    it as a context manager. A read-only archive takes no lock and never blocks a writer.
    """

    def __init__(self, paths: ArchivePaths, db: Database, lock: WriterLock | None) -> None:
        self.paths = paths
        self.db = db
        self._lock = lock

    @property
    def root(self) -> Path:
        return self.paths.root

    @property
    def writable(self) -> bool:
        return self._lock is not None

    @classmethod
    def create(cls, path: Path) -> Archive:
        """Make a new, empty archive folder at ``path`` and open it for writing."""
        path = Path(path)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise ArchiveExists(Text("{path} already exists and is not empty", path=str(path)))
        try:
            path.mkdir(parents=True, exist_ok=True)
            for name in FOLDERS:
                (path / name).mkdir(exist_ok=True)
        except OSError as exc:
            raise write_error(exc, path.parent) or ArchiveNotFound(
                Text("cannot create {path}: {error}", path=str(path), error=exc.strerror)
            ) from exc
        return cls._open(path, readonly=False, new=True)

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> Archive:
        """Open an existing archive; for writing, take the writer lock and migrate.

        Only ``create`` (``carnet init``) makes a catalog. A folder without one is refused,
        and so is an archive whose catalog is gone, empty or not a catalog, with how to
        restore it: an empty catalog in its place would hide the loss.
        """
        return cls._open(Path(path), readonly=readonly, new=False)

    @classmethod
    def _open(cls, path: Path, *, readonly: bool, new: bool) -> Archive:
        paths = ArchivePaths(path)
        if not path.is_dir():
            raise ArchiveNotFound(
                Text("{path} is not a Carnet archive (no such folder)", path=str(path))
            )
        if not new:
            _require_catalog(paths)
        lock = None
        if not readonly:
            lock = WriterLock(path)
            lock.acquire()
        try:
            if not new and not readonly:
                # Looked at read-only first: turning a stranger's file to WAL would change it.
                _require_carnet_catalog(Database(paths.catalog, readonly=True))
            db = Database(paths.catalog, readonly=readonly, create=new)
            try:
                if not new and readonly:
                    _require_carnet_catalog(db, close=False)
                if not readonly:
                    for name in FOLDERS:
                        (path / name).mkdir(exist_ok=True)
                    migrate(db)
                    start_lineage(db)
                    _remove_legacy_index(path)
                else:
                    db.scalar("SELECT count(*) FROM items")
            except BaseException:
                db.close()
                raise
        except sqlite3.Error as exc:  # the few calls that reach SQLite directly (backups)
            if lock is not None:
                lock.release()
            translated = catalog_error(exc, paths.catalog)
            raise translated or ArchiveCorrupt(
                Text(
                    "{path} is not a readable catalog: {error}",
                    path=str(paths.catalog),
                    error=str(exc),
                )
            ) from exc
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(paths, db, lock)

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def own_connection(self) -> Iterator[Archive]:
        """This archive through a catalog connection of its own, for a worker thread: a long
        write there (a merge, its undo) never holds the connection the window reads through
        (SQLite lets one user of a connection in at a time). Same writer lock; the
        connection is closed at the end, the lock is not released."""
        db = Database(self.db.path, create=False)
        try:
            yield Archive(self.paths, db, self._lock)
        finally:
            db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def writer(self) -> dict[str, object] | None:
        """Who holds the writer lock (for a read-only window's title), or None."""
        return current_holder(self.root)

    def change_seq(self) -> int:
        """The catalog's change counter (bumped by every change an index must follow)."""
        return int(self.db.scalar("SELECT value FROM meta WHERE key = 'change_seq'"))

    def changed_at(self) -> datetime:
        """When the catalog's items, sessions, people or events last changed (UTC)."""
        value = self.db.scalar("SELECT value FROM meta WHERE key = 'changed_at'")
        return datetime.fromtimestamp(int(value or 0), UTC)


def _remove_legacy_index(root: Path) -> None:
    """Remove the ``index/`` an older Carnet kept in the archive: derived, never read.

    A symbolic link is removed, never followed; whatever cannot be removed stays, unread.
    """
    legacy = root / LEGACY_INDEX
    try:
        if legacy.is_symlink() or legacy.is_file():
            legacy.unlink()
        elif legacy.is_dir():
            shutil.rmtree(legacy)
        else:
            return
    except OSError as exc:
        log.warning("cannot remove the old search index %s: %s", legacy, exc)
        return
    log.info("removed the old search index %s (it is now in the user's cache)", legacy)


def _require_catalog(paths: ArchivePaths) -> None:
    """Refuse, with how to restore it, a catalog that is missing, empty or not a file.

    A folder that never was an archive is simply not one; a folder that holds what an
    archive leaves (its folders, lock, WAL, backups) has lost its catalog.
    """
    catalog = paths.catalog
    try:
        info = catalog.stat()
    except FileNotFoundError:
        if not _has_archive_traces(paths.root):
            raise ArchiveNotFound(_not_an_archive(paths.root)) from None
        raise CatalogMissing(
            Text(
                "the catalog of the archive {path} is missing ({catalog}); nothing was "
                "created in its place. {advice}",
                path=str(paths.root),
                catalog=CATALOG_NAME,
                advice=restore_advice(catalog, damaged=False),
            )
        ) from None
    except OSError as exc:
        raise ArchiveCorrupt(
            Text("cannot open the catalog {path}: {error}", path=str(catalog), error=str(exc))
        ) from exc
    advice = restore_advice(catalog, damaged=True)
    if stat.S_ISDIR(info.st_mode):
        raise ArchiveCorrupt(
            Text(
                "the catalog {path} is a folder, not a file; nothing was changed. {advice}",
                path=str(catalog),
                advice=advice,
            )
        )
    if not stat.S_ISREG(info.st_mode):
        raise ArchiveCorrupt(
            Text(
                "the catalog {path} is not a regular file; nothing was changed. {advice}",
                path=str(catalog),
                advice=advice,
            )
        )
    if info.st_size == 0:  # SQLite would take it for a new, empty database
        raise ArchiveCorrupt(
            Text(
                "the catalog {path} is empty (0 bytes); nothing was changed. {advice}",
                path=str(catalog),
                advice=advice,
            )
        )


def _require_carnet_catalog(db: Database, *, close: bool = True) -> None:
    """Refuse a SQLite file without Carnet's tables (migrating it would fill it with them)."""
    try:
        if current_version(db) == 0:
            raise ArchiveCorrupt(
                Text(
                    "{path} is not a Carnet catalog (it holds none of its tables); "
                    "nothing was changed. {advice}",
                    path=str(db.path),
                    advice=restore_advice(db.path, damaged=True),
                )
            )
    finally:
        if close:
            db.close()


def _has_archive_traces(root: Path) -> bool:
    """Whether ``root`` holds what only an archive leaves: ``originals/``, or files named
    after its catalog (WAL, shared memory, the copies taken before upgrades). Names as
    common as ``lock`` or ``index`` prove nothing."""
    try:
        return (root / "originals").is_dir() or any(
            p.name.startswith(f"{CATALOG_NAME}-") or p.name.startswith(f"{CATALOG_NAME}.before-v")
            for p in root.iterdir()
        )
    except OSError:
        return False


def _not_an_archive(path: Path) -> Text:
    return Text(
        "{path} is not a Carnet archive (no {catalog})", path=str(path), catalog=CATALOG_NAME
    )
