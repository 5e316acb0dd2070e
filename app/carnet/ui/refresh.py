"""What the window shows after a change, read off the GUI thread in large archives.

After an edit that moves the sidebar's counts, the window reads the counts
(``browse.overview``), the saved searches and the ids of the grid again. At 100,000 items
that is half a second of queries (``bench/bench_ui.py``): ``Refresher`` reads them on a
worker with a connection of its own, right after the commit, and hands the window one
``View`` to show in one cheap update. The latest request wins: a request made while one
is being read reads again once it is done, and only the newest result is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from carnet.catalog.browse import ItemFilter, Overview, item_ids, overview
from carnet.catalog.database import Database
from carnet.catalog.saved_searches import SavedSearch, list_saved_searches
from carnet.ui.tasks import TaskRunner


@dataclass(frozen=True)
class Wanted:
    """What to read: the grid's filter, sort and search results; the sidebar too or not."""

    filter: ItemFilter
    sort: str
    #: The search's results (None: no search), which the grid's ids are cut down to.
    found: Collection[int] | None
    catalog: bool = True


@dataclass
class View:
    """What the window shows, as read for ``wanted``."""

    wanted: Wanted
    ids: list[int]
    counts: Overview | None = None
    saved: list[SavedSearch] | None = None


def read_view(db: Database, wanted: Wanted) -> View:
    """Read what ``wanted`` asks for on ``db`` (any thread that owns ``db``)."""
    ids = item_ids(db, wanted.filter, wanted.sort)
    if wanted.found is not None:
        found = wanted.found if isinstance(wanted.found, set | frozenset) else set(wanted.found)
        ids = [i for i in ids if i in found]
    if not wanted.catalog:
        return View(wanted, ids)
    return View(wanted, ids, overview(db), list_saved_searches(db))


class Refresher(QObject):
    """Reads ``View``s on a worker, one at a time, the latest request winning."""

    #: A view was read for the latest request (a ``View``).
    ready = Signal(object)

    def __init__(self, catalog: Path, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = catalog
        self._tasks = tasks
        self._running = False
        self._next: Wanted | None = None
        #: The read running was overtaken by one made on the GUI thread: its view goes.
        self._dropped = False
        self._running_catalog = False
        self.on_failure: Callable[[BaseException, str], None] | None = None

    @property
    def pending(self) -> bool:
        """A view is being read, or waits to be."""
        return self._running or self._next is not None

    def request(self, wanted: Wanted) -> None:
        """Read ``wanted`` soon; a request still waiting is merged into it (the sidebar
        read again if either asked for it)."""
        if self._next is not None and self._next.catalog and not wanted.catalog:
            wanted = Wanted(wanted.filter, wanted.sort, wanted.found, catalog=True)
        self._next = wanted
        if not self._running:
            self._start()

    def discard(self) -> bool:
        """Forget what is asked and being read (the window reads a newer view itself);
        True if that was to read the sidebar too (the newer one then reads it)."""
        catalog = (self._next is not None and self._next.catalog) or self._running_catalog
        self._next = None
        self._dropped = self._running
        return catalog

    def _start(self) -> None:
        wanted, self._next = self._next, None
        if wanted is None:
            return
        self._running = True
        self._running_catalog = wanted.catalog
        self._dropped = False
        path = self._path

        def work() -> View:
            db = Database(path, readonly=True)
            try:
                return read_view(db, wanted)
            finally:
                db.close()

        self._tasks.run(work, self._on_done, self._on_failed)

    def _on_done(self, view: View) -> None:
        self._running = False
        dropped, self._dropped = self._dropped, False
        if self._next is not None:  # asked again meanwhile: this one is out of date
            if view.wanted.catalog and not dropped and not self._next.catalog:
                nxt = self._next
                self._next = Wanted(nxt.filter, nxt.sort, nxt.found, catalog=True)
            self._start()
        elif not dropped:
            self.ready.emit(view)

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self._running = False
        dropped, self._dropped = self._dropped, False
        if self._next is not None:
            self._start()
        elif not dropped and self.on_failure is not None:
            self.on_failure(exc, details)
