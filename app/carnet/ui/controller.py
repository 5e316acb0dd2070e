"""One open archive as the window sees it: the archive, its undo stack, tasks and search.

Built by the application for each archive it opens and passed to the widgets that need
it (no global). Edits go through ``push`` so they are validated, applied once, then put on
the ``QUndoStack``; after any change the controller tells the views what moved.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from carnet.catalog.archive import Archive
from carnet.catalog.browse import GridRow, grid_rows, items_by_ids
from carnet.catalog.corrections import rederive
from carnet.catalog.items import Item
from carnet.errors import CarnetError
from carnet.ui.follow import CatalogFollower
from carnet.ui.i18n import say
from carnet.ui.search_adapter import SearchAdapter
from carnet.ui.tasks import TaskRunner
from carnet.ui.thumbnails import ThumbnailCache

if TYPE_CHECKING:  # undo.py imports this module
    from carnet.ui.undo import EditCommand

log = logging.getLogger(__name__)


class ArchiveController(QObject):
    """The open archive plus what every view shares about it."""

    #: Items whose description changed (repaint them, reload the inspector).
    items_changed = Signal(list)
    #: Items were added, trashed or restored, or an edit changed what the sidebar counts
    #: (sessions, people, tags, publication): reload lists and counts, at once.
    catalog_changed = Signal()
    #: A background failure or a refused edit: (message, details).
    error_raised = Signal(str, str)
    #: The search index caught up with the catalog.
    search_synced = Signal()

    def __init__(
        self, archive: Archive, *, holder: str | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.db = archive.db
        #: Who holds the writer lock when this window opened the archive read-only.
        self.holder = holder
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(parent=self)
        self.thumbnails = ThumbnailCache(archive.paths, parent=self)
        self.search = SearchAdapter(archive)
        self._sync_timer = QTimer(self, singleShot=True, interval=400)
        self._sync_timer.timeout.connect(self._on_sync_timer_timeout)
        # Many small changes in a row (an import's files) make one reload, after a pause.
        self._catalog_timer = QTimer(self, singleShot=True, interval=300)
        self._catalog_timer.timeout.connect(self.notify_catalog)
        self._syncing = False
        self._sync_again = False
        self._rederive_waiting: dict[int, Item] = {}
        self._rederiving = False
        #: Read-only because another Carnet writes the archive: its changes are followed.
        self.follower: CatalogFollower | None = None
        if self.readonly and holder is not None:
            self.follower = CatalogFollower(archive, self.tasks, parent=self)
            self.follower.changed.connect(self._on_follower_changed)

    @property
    def readonly(self) -> bool:
        return not self.archive.writable

    # ------------------------------------------------------------------ edits

    def push(self, command: EditCommand) -> bool:
        """Apply ``command`` once (refusing it with a message if it fails), then stack it."""
        if self.readonly:
            self.error_raised.emit(
                self.tr("This archive is open read-only: changes are not possible."), ""
            )
            return False
        try:
            command.apply()
        except CarnetError as exc:
            self.error_raised.emit(say(exc), "")
            return False
        command.applied = True
        self.undo_stack.push(command)
        return True

    def notify_items(self, ids: Sequence[int]) -> None:
        self.items_changed.emit(list(ids))
        self.schedule_search_sync()

    def notify_catalog(self) -> None:
        """Say that lists and counts changed: the views reload them now (after an edit, the
        sidebar and the grid show its effect before the next key press)."""
        self._catalog_timer.stop()
        self.catalog_changed.emit()
        self.schedule_search_sync()

    def notify_catalog_soon(self) -> None:
        """Like ``notify_catalog``, once changes pause (an import reports every file)."""
        self._catalog_timer.start()

    def _on_follower_changed(self, ids: list[int]) -> None:
        """The writer changed the catalog: every view reloads what it shows, as after an
        edit of this window's own (the grid and the inspector keep their selection where
        the items are still shown), and a search on show is asked again."""
        if ids:
            self.items_changed.emit(ids)
        self.notify_catalog()
        self.search_synced.emit()

    # ------------------------------------------------------------------ reading

    def rows(self, ids: Sequence[int]) -> dict[int, GridRow]:
        return grid_rows(self.db, ids)

    def items(self, ids: Sequence[int]) -> list[Item]:
        return items_by_ids(self.db, ids)

    # ------------------------------------------------------------------ derived data

    def rederive(self, ids: Sequence[int]) -> None:
        """Rewrite previews and thumbnails of ``ids`` with the corrections the catalog now
        holds (after a correction or its undo), in the background.

        One batch runs at a time, and a request for an item still waiting replaces the
        earlier one: a quick Apply then Undo could otherwise finish in the wrong order
        (a perspective takes longer than none) and leave the undone preview on disk.
        """
        for item in self.items(ids):
            self._rederive_waiting[item.id] = item
        if not self._rederiving:
            self._rederive_next()

    def _rederive_next(self) -> None:
        items = list(self._rederive_waiting.values())
        self._rederive_waiting.clear()
        self._rederiving = bool(items)
        if not items:
            return
        archive = self.archive

        def work() -> list[Item]:
            rederive(archive, items)  # what `carnet item correct` does after storing
            return items

        def finished(done: list[Item]) -> None:
            for item in done:
                self.thumbnails.invalidate(item.hash)
            self.items_changed.emit([i.id for i in done])
            self._rederive_next()

        def failed(exc: BaseException, details: str) -> None:
            self._on_task_failed(exc, details)
            self._rederive_next()

        self.tasks.run(work, finished, failed)

    def _on_task_failed(self, exc: BaseException, details: str) -> None:
        self.error_raised.emit(say(exc), details)

    # ------------------------------------------------------------------ search index

    def start_search(self) -> None:
        """Start the search process at once, and bring the index in step if this window
        keeps it: when the window opens, before anyone scrolls or types."""
        if self.readonly:
            self.tasks.run(self.search.start)
        else:
            self._sync_timer.stop()
            self._on_sync_timer_timeout()

    def schedule_search_sync(self) -> None:
        if not self.readonly:
            self._sync_timer.start()

    def _on_sync_timer_timeout(self) -> None:
        if self._syncing:
            self._sync_again = True
            return
        self._syncing = True
        search = self.search

        def work(_progress: object, cancel: threading.Event) -> int:
            # Cancellable, so that closing the archive does not wait for a whole build.
            return search.sync(cancel)

        self.tasks.run(work, self._on_sync_done, self._on_sync_failed, with_progress=True)

    def _on_sync_done(self, _count: object) -> None:
        self._syncing = False
        if self._sync_again:
            self._sync_again = False
            self._sync_timer.start()
        self.search_synced.emit()

    def _on_sync_failed(self, exc: BaseException, details: str) -> None:
        self._syncing = False
        log.warning("search index sync failed: %s", exc)

    def close(self) -> None:
        # Views still queued to refresh must not reach a closed catalog.
        self.blockSignals(True)
        self.undo_stack.blockSignals(True)
        self._sync_timer.stop()
        self._catalog_timer.stop()
        self.tasks.close()
        if self.follower is not None:  # after the pool: no look is running any more
            self.follower.close()
        self.thumbnails.clear_queue()
        self.search.close()
        self.archive.close()
