"""Thumbnails for the grid: decoded on a thread pool, kept in a bounded LRU of pixmaps.

The delegate asks ``pixmap(hash)``; a miss queues a load and returns None (the delegate
paints a placeholder). Loads run newest-request-first, so what is on screen after a fast
scroll comes before what scrolled past, and the queue is capped so a fling from top to
bottom of 100,000 items never piles up work. A loaded image comes back through a queued
signal and ``image_loaded(hash)`` tells the model which one index to repaint.

Each image remembers the stamp (modification time and size) its file had when it was read:
a read-only window, told the stamps its writer's files have now (``ui/follow.py``), reloads
only the images whose file changed since (``refresh``), showing the old one meanwhile.

A thumbnail names the corrections it was made with (``media.derive.fingerprint``); one
left by a correction killed before its files were rewritten names others. The grid's loader
(``ThumbnailCache``) looks the item up by hash on the worker, on a read-only connection of
its own, and compares: the file is opened once and its header read from its bytes
(``read_derived_header``); when it is out of date, a thumbnail is made from the original in
memory, on the same worker (``media.derive.thumbnail_bytes``), and nothing is written. The cache
says so once per drawing (``stale_seen``): a writable window has the file made again
through the core (``ArchiveController.rederive``). ``recheck`` reads again the thumbnails
of items whose corrections another Carnet changed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from carnet.catalog.archive import ArchivePaths
from carnet.catalog.database import Database
from carnet.catalog.items import Item, item_by_hash
from carnet.errors import CarnetError
from carnet.media.derive import (
    THUMBNAIL_EDGE,
    DerivedHeader,
    read_derived_header,
    thumbnail_bytes,
)
from carnet.media.formats import EXTENSIONS

log = logging.getLogger(__name__)

#: Longest edge of a decoded grid thumbnail (the grid's largest cell size).
EDGE = 320

#: The least memory the grid's thumbnails may take, in bytes, whatever the window's size.
MIN_BUDGET = 48 * 2**20
#: Screenfuls of thumbnails the grid keeps: the one on show, and about one each way.
SCREENS = 3


def budget_for(width: int, height: int, cell: int) -> int:
    """The memory (bytes) the grid's thumbnails may take in a view of ``width`` by
    ``height`` pixels with cells of ``cell`` pixels: ``SCREENS`` screenfuls of cells, each
    a pixmap of up to ``EDGE`` pixels square (32 bits a pixel), and ``MIN_BUDGET`` at
    least. Small cells show more thumbnails, so they get more."""
    cell = max(cell, 1)
    cells = (width // cell + 2) * (height // cell + 2)  # part-shown rows and columns too
    return max(MIN_BUDGET, SCREENS * cells * EDGE * EDGE * 4)


def pixmap_bytes(pixmap: QPixmap) -> int:
    """The memory ``pixmap``'s pixels take."""
    return pixmap.width() * pixmap.height() * max(pixmap.depth(), 8) // 8


#: A file's modification time (ns) and size, or None when there is no such file.
Stamp = tuple[int, int] | None


def file_stamp(path: Path) -> Stamp:
    """What tells one version of a derived file from the next: rewritten (to a temporary
    name, then renamed), it has another modification time or size."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


#: What a check on the worker says of a key's file: the item it belongs to, and whether
#: the file was made with other corrections than the item's (None: no item known).
Verdict = tuple[int, bool] | None
#: Run on the worker with a key, the bytes of its file (as Carnet writes them) and their
#: header: the bytes to decode instead (None: shown as missing), and its verdict.
Check = Callable[[str, bytes, DerivedHeader], tuple[bytes | None, Verdict]]


class _LoaderSignals(QObject):
    loaded = Signal(str, QImage, object, object)


class _ImageLoader(QRunnable):
    def __init__(
        self,
        digest: str,
        path: str,
        limit: int,
        edge: int | None,
        signals: _LoaderSignals,
        check: Check | None = None,
    ) -> None:
        super().__init__()
        self.digest, self.path, self.limit, self.edge = digest, path, limit, edge
        self.signals, self.check = signals, check

    def run(self) -> None:
        # The stamp before the bytes: a file replaced in between is read again next time.
        stamp = file_stamp(Path(self.path))
        # Only a JPEG as Carnet writes them is decoded (the archive may be anyone's).
        found = read_derived_header(Path(self.path), self.limit)
        data = None if found is None else found[0]
        verdict: Verdict = None
        if found is not None and self.check is not None:
            data, verdict = self.check(self.digest, *found)
        if data is None:
            self.signals.loaded.emit(self.digest, QImage(), stamp, verdict)  # shown as missing
            return
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        reader = QImageReader(buffer, QByteArray(b"jpeg"))
        size = reader.size()
        if self.edge and size.isValid() and max(size.width(), size.height()) > self.edge:
            reader.setScaledSize(
                size.scaled(QSize(self.edge, self.edge), Qt.AspectRatioMode.KeepAspectRatio)
            )
        image = reader.read()  # a null image when the file is unreadable
        self.signals.loaded.emit(self.digest, image, stamp, verdict)


class ImageCache(QObject):
    """A bounded cache of pixmaps of derived JPEGs by key, filled in the background.

    ``locate`` gives the file of a key; ``limit`` is the long edge the file may have
    (``read_derived`` refuses anything else); ``edge``, when given, is the size it is
    decoded at; ``check``, when given, runs on the worker over the file's bytes (the
    grid's thumbnails: made with the item's corrections?). The grid's thumbnails and the
    viewer's deep-zoom tiles are two of them.

    It keeps at most ``capacity`` pixmaps and, when ``budget`` is given, at most that many
    bytes of them (the least recently shown go first): a thousand thumbnails of 320
    pixels take 300 MB, where the grid needs a few screenfuls.
    """

    image_loaded = Signal(str)
    #: A file made with other corrections than its item's was seen (its item's id; once
    #: per key): what was shown instead was made from the original.
    stale_seen = Signal(int)

    def __init__(
        self,
        locate: Callable[[str], Path],
        limit: int,
        *,
        edge: int | None = None,
        capacity: int = 1200,
        budget: int | None = None,
        queue_limit: int = 400,
        workers: int = 2,
        pool: QThreadPool | None = None,
        check: Check | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.locate, self.limit, self.edge = locate, limit, edge
        self.check = check
        self.capacity = capacity
        self.budget = budget
        #: The bytes the cached pixmaps take.
        self.bytes = 0
        self.queue_limit = queue_limit
        self.workers = workers
        self.pool = pool or QThreadPool.globalInstance()
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._queue: OrderedDict[str, None] = OrderedDict()
        # The runnables are kept alive here until they report: a Python QRunnable with no
        # reference left may be collected before the pool runs it.
        self._running: dict[str, _ImageLoader] = {}
        self._missing: set[str] = set()
        #: The stamp of the file each cached (or missing) image was read from.
        self._stamps: dict[str, Stamp] = {}
        #: Cached images whose file changed since: shown until their new version is read.
        self._stale: set[str] = set()
        #: The item of each cached key, as its check found it (for ``recheck``).
        self._item_ids: dict[str, int] = {}
        #: Keys whose out-of-date file was reported (``stale_seen``), once each.
        self._reported: set[str] = set()
        self._signals = _LoaderSignals()
        self._signals.loaded.connect(self._on_loader_loaded, Qt.ConnectionType.QueuedConnection)

    def __len__(self) -> int:
        return len(self._cache)

    @property
    def idle(self) -> bool:
        return not self._queue and not self._running

    def set_budget(self, budget: int | None) -> None:
        """Keep at most ``budget`` bytes of pixmaps (None: only ``capacity`` counts)."""
        self.budget = budget
        self._trim()

    def _trim(self) -> None:
        """Drop the least recently shown pixmaps over ``capacity`` or ``budget`` (the
        newest stays, whatever its size)."""
        budget = self.budget
        while len(self._cache) > self.capacity or (
            budget is not None and self.bytes > budget and len(self._cache) > 1
        ):
            gone, pixmap = self._cache.popitem(last=False)
            self.bytes -= pixmap_bytes(pixmap)
            self._stamps.pop(gone, None)
            self._stale.discard(gone)
            self._item_ids.pop(gone, None)

    def _forget(self, digest: str) -> None:
        pixmap = self._cache.pop(digest, None)
        if pixmap is not None:
            self.bytes -= pixmap_bytes(pixmap)

    def cached(self, digest: str) -> QPixmap | None:
        """The pixmap of ``digest`` if it is loaded; nothing is queued."""
        return self._cache.get(digest)

    def pixmap(self, digest: str) -> QPixmap | None:
        """The cached pixmap of ``digest``, or None after queueing its load."""
        found = self._cache.get(digest)
        if found is not None:
            self._cache.move_to_end(digest)
            if digest in self._stale:
                self._request(digest)
            return found
        if digest not in self._missing:
            self._request(digest)
        return None

    def is_missing(self, digest: str) -> bool:
        return digest in self._missing

    def invalidate(self, digest: str) -> None:
        """Forget a thumbnail (after a rotation rewrote it); the next paint reloads it."""
        self._forget(digest)
        self._missing.discard(digest)
        self._stamps.pop(digest, None)
        self._stale.discard(digest)
        self._item_ids.pop(digest, None)

    def recheck(self, item_ids: Iterable[int]) -> list[str]:
        """Read again, when next asked for, the cached images of ``item_ids`` (the old one
        shows meanwhile): another Carnet changed them, maybe their corrections, and a
        writer killed before it rewrote the file leaves it as it was (``refresh`` would
        see no change). Tells the views to repaint those; returns their keys."""
        wanted = set(item_ids)
        outdated = [
            digest
            for digest, item_id in self._item_ids.items()
            if item_id in wanted and digest in self._cache
        ]
        self._stale.update(outdated)
        for digest in outdated:
            self.image_loaded.emit(digest)
        return outdated

    def refresh(self, stamps: Mapping[str, Stamp]) -> list[str]:
        """Compare the stamps files have now with those the images were read from: an
        image whose file changed is read again when next asked for (the old one shows
        meanwhile), a missing one is looked for again. Tells the views to repaint those
        (``image_loaded``); returns their keys."""
        outdated = []
        for digest, stamp in stamps.items():
            known = digest in self._cache or digest in self._missing
            if not known or self._stamps.get(digest) == stamp:
                continue
            if digest in self._cache:
                self._stale.add(digest)
            self._missing.discard(digest)
            outdated.append(digest)
        for digest in outdated:
            self.image_loaded.emit(digest)
        return outdated

    def clear_queue(self) -> None:
        self._queue.clear()

    def _request(self, digest: str) -> None:
        if digest in self._running:
            return
        self._queue[digest] = None
        self._queue.move_to_end(digest)
        while len(self._queue) > self.queue_limit:
            self._queue.popitem(last=False)  # the oldest request scrolled out of view
        self._start_more()

    def _start_more(self) -> None:
        while self._queue and len(self._running) < self.workers:
            digest, _ = self._queue.popitem(last=True)
            path = str(self.locate(digest))
            loader = _ImageLoader(digest, path, self.limit, self.edge, self._signals, self.check)
            loader.setAutoDelete(False)
            self._running[digest] = loader
            self.pool.start(loader)

    def _on_loader_loaded(self, digest: str, image: QImage, stamp: Stamp, verdict: Verdict) -> None:
        self._running.pop(digest, None)
        self._stale.discard(digest)
        self._stamps[digest] = stamp
        if image.isNull():
            self._forget(digest)
            self._item_ids.pop(digest, None)
            self._missing.add(digest)
        else:
            self._forget(digest)  # an older version of it, read again
            pixmap = QPixmap.fromImage(image)
            self._cache[digest] = pixmap
            self.bytes += pixmap_bytes(pixmap)
            if verdict is not None:
                self._item_ids[digest] = verdict[0]
            self._trim()
        if verdict is not None and verdict[1] and digest not in self._reported:
            self._reported.add(digest)
            self.stale_seen.emit(verdict[0])
        self._start_more()
        self.image_loaded.emit(digest)


class ItemsByHash:
    """Items by hash, on a read-only connection to the catalog of the cache's own, opened
    when first needed: the loaders run on the pool and never share the window's (a batch
    edit writing on it would hold them). One lookup at a time; ``close`` waits for it."""

    def __init__(self, catalog: Path) -> None:
        self._path = catalog
        self._db: Database | None = None
        self._lock = threading.Lock()
        self._closed = False

    def __call__(self, digest: str) -> Item | None:
        with self._lock:
            if self._closed:
                return None
            if self._db is None:
                self._db = Database(self._path, readonly=True)
            return item_by_hash(self._db, digest)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            db, self._db = self._db, None
            if db is not None:
                db.close()


def current_thumbnail(
    paths: ArchivePaths,
    item_of: Callable[[str], Item | None],
    digest: str,
    data: bytes,
    header: DerivedHeader,
) -> tuple[bytes | None, Verdict]:
    """On a worker: the thumbnail bytes to show for ``digest`` given its file's ``data``
    and their ``header`` (as ``read_derived_header`` read and checked them, in one open):
    those, when made with the item's corrections (or when no item is known), else a
    thumbnail made now from the original, in memory (None when the original cannot be
    decoded: shown as missing, never as another correction's)."""
    try:
        item = item_of(digest)
    except Exception as error:  # a closed or unreadable catalog: show the file as it is
        log.info("thumbnail %s: item not looked up (%s)", digest[:12], error)
        return data, None
    if item is None:
        return data, None
    if header.shows(item.corrections):
        return data, (item.id, False)
    original = paths.original(item.hash, EXTENSIONS.get(item.format, item.format))
    try:
        made = thumbnail_bytes(original, item.format, item.orientation, item.corrections)
    except (CarnetError, OSError) as error:
        log.info("item %s: no thumbnail from the original (%s)", item.id, error)
        return None, (item.id, True)
    return made, (item.id, True)


class ThumbnailCache(ImageCache):
    """The grid's thumbnails by item hash, each checked against its item's corrections
    (``current_thumbnail``); ``item_of`` looks an item up by hash on a worker (by default
    on a connection of the cache's own to ``paths.catalog``)."""

    def __init__(
        self,
        paths: ArchivePaths,
        *,
        item_of: Callable[[str], Item | None] | None = None,
        pool: QThreadPool | None = None,
        parent: QObject | None = None,
    ) -> None:
        lookup = ItemsByHash(paths.catalog) if item_of is None else None
        found = item_of or lookup
        assert found is not None

        def check(digest: str, data: bytes, header: DerivedHeader) -> tuple[bytes | None, Verdict]:
            return current_thumbnail(paths, found, digest, data, header)

        super().__init__(
            paths.thumbnail,
            THUMBNAIL_EDGE,
            edge=EDGE,
            budget=MIN_BUDGET,  # until the window says how much it shows (``budget_for``)
            pool=pool,
            check=check,
            parent=parent,
        )
        self.paths = paths
        self._lookup = lookup
        if lookup is not None:
            # Not a method of ``self``: the wrapper may be gone when Qt deletes the object.
            self.destroyed.connect(lookup.close)

    def icons(self, edge: int, *, capacity: int, parent: QObject | None = None) -> ImageCache:
        """Another cache of the same thumbnails, decoded at ``edge`` and checked the same
        way (the match review's icons)."""
        return ImageCache(
            self.paths.thumbnail,
            THUMBNAIL_EDGE,
            edge=edge,
            capacity=capacity,
            pool=self.pool,
            check=self.check,
            parent=parent,
        )

    def close(self) -> None:
        """Close the cache's connection to the catalog (loaders still running show their
        files as they are)."""
        if self._lookup is not None:
            self._lookup.close()
