"""A read-only window follows the Carnet that writes its archive.

When another Carnet holds the writer lock, the window opens the archive read-only
(``ui/app.py``); without this, it would go on showing the catalog as it was when it opened.
``CatalogFollower`` notices the writer's commits two ways: a ``QFileSystemWatcher`` on the
catalog, its ``-wal`` and the lock file (at once, where the system reports writes), and a
check every two seconds while the window is on screen (a watcher misses writes to a WAL on
some systems, and over network shares). A check is one cheap look, on the thread pool and
on a connection of its own: SQLite's ``data_version`` (it moves with any other connection's
commit), the items changed since the last look (``item_changes``), and whether the lock is
still held. The GUI thread is told only when something moved.

A correction rewrites an item's thumbnail, before or after the commit that stores it (the
writer's order is not relied on): for a while after an item changed, each look also takes
the stamp of its thumbnail file (``files_seen``), and the thumbnail cache reads again those
whose file changed since it read them. (The viewer needs no such help: it
reads the preview again when the item changes, and never shows one made with other
corrections, ``catalog.corrections.current_preview``.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from carnet.catalog.archive import Archive
from carnet.catalog.browse import grid_rows
from carnet.catalog.database import Database
from carnet.catalog.identity import change_seq, data_version
from carnet.catalog.indexing import changed_since
from carnet.catalog.lock import current_holder
from carnet.errors import CarnetError
from carnet.ui.tasks import TaskRunner
from carnet.ui.thumbnails import Stamp, file_stamp

log = logging.getLogger(__name__)

#: How often the catalog is looked at while the window is on screen (milliseconds).
POLL_MS = 2000
#: How long a burst of file events (one commit writes the WAL several times) is let settle.
SETTLE_MS = 150
#: How long after its change an item's thumbnail file is looked at (seconds): the writer
#: may rewrite it after its commit, a batch of corrections one item after the other.
WATCH_S = 120.0
#: The most items whose thumbnails are looked at (the latest changed; an import's
#: thousands have no old thumbnail to replace).
WATCH_MAX = 2000


@dataclass(frozen=True)
class Look:
    """What one check saw: the catalog's commit counter and change counter, the items
    changed since the previous look, whether a writer holds the archive, and the stamps of
    the thumbnails of the items changed now or lately (by hash)."""

    version: int
    seq: int
    writer: bool
    changed: list[int] = field(default_factory=list)
    thumbnails: dict[str, Stamp] = field(default_factory=dict)
    #: The hashes of the items changed, by id.
    hashes: dict[int, str] = field(default_factory=dict)


class CatalogFollower(QObject):
    """Tells a read-only window when the writer changed the archive, and when it left."""

    #: The catalog changed under the window: the ids of the items that changed (trashed
    #: and deleted ones included; empty when only lists changed, a programme or a search).
    changed = Signal(list)
    #: Whether another Carnet holds the writer lock now (sent when that changes).
    writer_changed = Signal(bool)
    #: The stamps of the thumbnails of items changed now or lately, by hash (sent before
    #: ``changed``, so that an outdated thumbnail is dropped before the views repaint).
    files_seen = Signal(dict)

    def __init__(
        self,
        archive: Archive,
        tasks: TaskRunner,
        *,
        writer: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = archive.root
        self._paths = archive.paths
        self._tasks = tasks
        #: Items whose thumbnail files are looked at: their hash, and until when.
        self._watching: dict[int, tuple[str, float]] = {}
        # A connection of its own: the pool's thread never shares the window's.
        self._db = Database(archive.paths.catalog, readonly=True)
        self._version = data_version(self._db)
        self._seq = archive.change_seq()
        self.writer = writer
        #: Whether the periodic check should run now (the window sets it: while on screen).
        self.wanted: Callable[[], bool] = lambda: True
        #: Checks completed (tests count them instead of waiting on the clock).
        self.checks = 0
        self._checking = False
        self._again = False
        self._closed = False
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._watched = [
            archive.paths.catalog,
            archive.paths.catalog.with_name(archive.paths.catalog.name + "-wal"),
            archive.root / "lock",
        ]
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        # The -wal comes and goes with the writer's connections: the folder says when.
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watch()
        self._timer.start()

    def _watch(self) -> None:
        present = set(self._watcher.files()) | set(self._watcher.directories())
        wanted = [str(p) for p in (*self._watched, self._root) if p.exists()]
        missing = [p for p in wanted if p not in present]
        if missing:
            self._watcher.addPaths(missing)

    def _on_watcher_changed(self, _path: str) -> None:
        self._watch()  # a file replaced or made anew is watched again
        self._settle.start()

    def _on_timer_timeout(self) -> None:
        if self.wanted():
            self.check()

    def check(self) -> None:
        """Look at the catalog now, on the pool (a look already running is followed by
        another one, so that nothing committed meanwhile is missed)."""
        if self._closed:
            return
        if self._checking:
            self._again = True
            return
        self._checking = True
        db, root, version, seq = self._db, self._root, self._version, self._seq
        paths = self._paths
        watched = {digest for digest, _until in self._watching.values()}

        def work() -> Look:
            writer = current_holder(root) is not None
            now = data_version(db)
            changed: list[int] = []
            new_seq = seq
            if now != version:
                # The counter first: an item changed after it is listed now and next time.
                new_seq = change_seq(db)
                changed = changed_since(db, seq) if new_seq != seq else []
            rows = grid_rows(db, changed[-WATCH_MAX:]).values() if changed else []
            hashes = {row.id: row.hash for row in rows}
            thumbnails = {
                digest: file_stamp(paths.thumbnail(digest))
                for digest in watched | set(hashes.values())
            }
            return Look(now, new_seq, writer, changed, thumbnails, hashes)

        self._tasks.run(work, self._on_look, self._on_look_failed)

    def _on_look(self, look: Look) -> None:
        self._checking = False
        self.checks += 1
        if self._closed:
            return
        moved = look.version != self._version
        self._version, self._seq = look.version, look.seq
        self._follow_files(look)
        if look.thumbnails:
            self.files_seen.emit(look.thumbnails)
        if moved:
            self.changed.emit(look.changed)
        if look.writer != self.writer:
            self.writer = look.writer
            self.writer_changed.emit(look.writer)
        if self._again:
            self._again = False
            self.check()

    def _follow_files(self, look: Look) -> None:
        """Watch the thumbnails of the items ``look`` saw changed for a while."""
        now = time.monotonic()
        for item_id, digest in look.hashes.items():
            self._watching[item_id] = (digest, now + WATCH_S)
        # Those past their time had this last look (a window hidden meanwhile looks once
        # more on its return); the latest changed are kept.
        kept = sorted(
            (
                (until, item_id)
                for item_id, (_digest, until) in self._watching.items()
                if until > now
            ),
            reverse=True,
        )[:WATCH_MAX]
        self._watching = {item_id: self._watching[item_id] for _until, item_id in kept}

    def _on_look_failed(self, exc: BaseException, _details: str) -> None:
        # A catalog being rewritten, a share gone: the next look tries again.
        self._checking = False
        self.checks += 1
        if not isinstance(exc, CarnetError):
            log.warning("cannot look at the catalog: %s", exc)

    def close(self) -> None:
        self._closed = True
        self._timer.stop()
        self._settle.stop()
        self._watcher.removePaths(self._watcher.files() + self._watcher.directories())
        self._db.close()
