"""Thumbnails for the grid: decoded on a thread pool, kept in a bounded LRU of pixmaps.

The delegate asks ``pixmap(hash)``; a miss queues a load and returns None (the delegate
paints a placeholder). Loads run newest-request-first, so what is on screen after a fast
scroll comes before what scrolled past, and the queue is capped so a fling from top to
bottom of 100,000 items never piles up work. A loaded image comes back through a queued
signal and ``image_loaded(hash)`` tells the model which one index to repaint.

Each image remembers the stamp (modification time and size) its file had when it was read:
a read-only window, told the stamps its writer's files have now (``ui/follow.py``), reloads
only the images whose file changed since (``refresh``), showing the old one meanwhile.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from carnet.catalog.archive import ArchivePaths
from carnet.media.derive import THUMBNAIL_EDGE, read_derived

#: Longest edge of a decoded grid thumbnail (the grid's largest cell size).
EDGE = 320

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


class _LoaderSignals(QObject):
    loaded = Signal(str, QImage, object)


class _ImageLoader(QRunnable):
    def __init__(
        self, digest: str, path: str, limit: int, edge: int | None, signals: _LoaderSignals
    ) -> None:
        super().__init__()
        self.digest, self.path, self.limit, self.edge = digest, path, limit, edge
        self.signals = signals

    def run(self) -> None:
        # The stamp before the bytes: a file replaced in between is read again next time.
        stamp = file_stamp(Path(self.path))
        # Only a JPEG as Carnet writes them is decoded (the archive may be anyone's).
        data = read_derived(Path(self.path), self.limit)
        if data is None:
            self.signals.loaded.emit(self.digest, QImage(), stamp)  # shown as missing
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
        self.signals.loaded.emit(self.digest, image, stamp)


class ImageCache(QObject):
    """A bounded cache of pixmaps of derived JPEGs by key, filled in the background.

    ``locate`` gives the file of a key; ``limit`` is the long edge the file may have
    (``read_derived`` refuses anything else); ``edge``, when given, is the size it is
    decoded at. The grid's thumbnails and the viewer's deep-zoom tiles are two of them.
    """

    image_loaded = Signal(str)

    def __init__(
        self,
        locate: Callable[[str], Path],
        limit: int,
        *,
        edge: int | None = None,
        capacity: int = 1200,
        queue_limit: int = 400,
        workers: int = 2,
        pool: QThreadPool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.locate, self.limit, self.edge = locate, limit, edge
        self.capacity = capacity
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
        self._signals = _LoaderSignals()
        self._signals.loaded.connect(self._on_loader_loaded, Qt.ConnectionType.QueuedConnection)

    def __len__(self) -> int:
        return len(self._cache)

    @property
    def idle(self) -> bool:
        return not self._queue and not self._running

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
        self._cache.pop(digest, None)
        self._missing.discard(digest)
        self._stamps.pop(digest, None)
        self._stale.discard(digest)

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
            loader = _ImageLoader(digest, path, self.limit, self.edge, self._signals)
            loader.setAutoDelete(False)
            self._running[digest] = loader
            self.pool.start(loader)

    def _on_loader_loaded(self, digest: str, image: QImage, stamp: Stamp) -> None:
        self._running.pop(digest, None)
        self._stale.discard(digest)
        self._stamps[digest] = stamp
        if image.isNull():
            self._cache.pop(digest, None)
            self._missing.add(digest)
        else:
            self._cache[digest] = QPixmap.fromImage(image)
            while len(self._cache) > self.capacity:
                gone, _ = self._cache.popitem(last=False)
                self._stamps.pop(gone, None)
                self._stale.discard(gone)
        self._start_more()
        self.image_loaded.emit(digest)


class ThumbnailCache(ImageCache):
    """The grid's thumbnails by item hash."""

    def __init__(
        self, paths: ArchivePaths, *, pool: QThreadPool | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(paths.thumbnail, THUMBNAIL_EDGE, edge=EDGE, pool=pool, parent=parent)
        self.paths = paths
