"""One open archive as the window sees it: the archive, its undo stack, tasks and search.

Built by the application for each archive it opens and passed to the widgets that need
it (no global). Edits go through ``push`` so they are validated, applied once, then put on
the ``QUndoStack``; after any change the controller tells the views what moved. Undo and
redo go through ``undo`` and ``redo``, which write first and move the stack only once the
write succeeded. A batch edit of many items, its undo and its redo write on a worker
(``busy`` meanwhile, when no other edit, undo or redo may start).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from carnet.catalog.archive import Archive
from carnet.catalog.browse import GridRow, grid_rows, items_by_ids
from carnet.catalog.corrections import rederive
from carnet.catalog.database import Database
from carnet.catalog.items import Item
from carnet.errors import CarnetError
from carnet.merge.leftovers import remove_stale_backups
from carnet.ui.follow import CatalogFollower
from carnet.ui.i18n import say
from carnet.ui.search_adapter import SearchAdapter
from carnet.ui.tasks import TaskRunner
from carnet.ui.thumbnails import ThumbnailCache

if TYPE_CHECKING:  # undo.py imports this module
    from carnet.ui.undo import EditCommand

log = logging.getLogger(__name__)


@dataclass
class _Fresh:
    """A batch's items as its worker read them back once written: ``items`` in the order
    of ``ids`` when all are there (else empty), and each by its id; the look-up table is
    made on the worker too."""

    ids: list[int] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    by_id: dict[int, Item] = field(default_factory=dict)


def _read_back(db: Database, ids: list[int]) -> _Fresh:
    """The items ``ids`` once a batch wrote them (on its worker)."""
    items = items_by_ids(db, ids)
    in_order = len(items) == len(ids) and all(
        item.id == i for item, i in zip(items, ids, strict=True)
    )
    return _Fresh(list(ids), items if in_order else [], {i.id: i for i in items})


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
    #: A batch edit, its undo or its redo started writing on a worker (True) or ended
    #: (False): meanwhile the window shows it and takes no other edit.
    busy_changed = Signal(bool)

    #: Items from which a batch edit, its undo and its redo write on a worker thread:
    #: below, the write and the views' refresh take a frame or two on the GUI thread
    #: (``bench/bench_gui_writes.py --gui``), and the result shows at once.
    WORKER_FROM = 250

    #: The collector's first threshold (new objects between two young collections) while
    #: a batch is written and shown, instead of Python's 700: young collections come
    #: rarely enough that the older generations are seldom walked; the young generation
    #: holds at most this many more objects meanwhile (a few MB).
    BATCH_GC_THRESHOLD = 50_000
    #: How long after a batch is shown the thresholds are put back (ms): the views read
    #: it on workers meanwhile.
    GC_RESTORE_MS = 3000

    def __init__(
        self, archive: Archive, *, holder: str | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.db = archive.db
        #: Who holds the writer lock when this window opened the archive read-only.
        self.holder = holder
        self.undo_stack = QUndoStack(self)
        # A merge on the stack keeps a copy of the catalog for its undo: once the stack is
        # cleared (or the window closes) nothing can ask for it, and it goes.
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
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
        self.worker_from = self.WORKER_FROM
        #: The collector's thresholds before a batch raised them (None when not raised),
        #: put back a while after it is shown (the views' refresh allocates too).
        self._gc_thresholds: tuple[int, int, int] | None = None
        self._gc_timer = QTimer(self, singleShot=True, interval=self.GC_RESTORE_MS)
        self._gc_timer.timeout.connect(self._restore_gc)
        #: The command whose write runs on a worker, if any.
        self._writing: EditCommand | None = None
        #: Its items as the worker read them back once written, which the views' refresh
        #: reads (``items``) while its ``changed`` runs, and only then.
        self._fresh = _Fresh()
        #: Read-only because another Carnet writes the archive: its changes are followed.
        self.follower: CatalogFollower | None = None
        if self.readonly and holder is not None:
            self.follower = CatalogFollower(archive, self.tasks, parent=self)
            self.follower.changed.connect(self._on_follower_changed)
            # The writer's corrections rewrite thumbnails: those cached are read again.
            self.follower.files_seen.connect(self.thumbnails.refresh)

    @property
    def readonly(self) -> bool:
        return not self.archive.writable

    # ------------------------------------------------------------------ edits

    @property
    def busy(self) -> bool:
        """A batch edit, undo or redo is being written on a worker."""
        return self._writing is not None

    def push(self, command: EditCommand) -> bool:
        """Apply ``command`` once (refusing it with a message if it fails), then stack it.

        A batch over ``worker_from`` items or more is written on a worker and stacked once
        it committed (True means started, then); a failure is said in one sentence and
        leaves the stack as it was. Refused while another batch is being written.
        """
        if self.readonly:
            self.error_raised.emit(
                self.tr("This archive is open read-only: changes are not possible."), ""
            )
            return False
        return self._step(command, "do")

    def undo(self) -> bool:
        """Undo the last edit; the stack moves only once its write succeeded."""
        if self.refused_while_busy() or not self.undo_stack.canUndo():
            return False
        command = self.undo_stack.command(self.undo_stack.index() - 1)
        return self._step(command, "undo")

    def redo(self) -> bool:
        """Redo the next edit; the stack moves only once its write succeeded."""
        if self.refused_while_busy() or not self.undo_stack.canRedo():
            return False
        command = self.undo_stack.command(self.undo_stack.index())
        return self._step(command, "redo")

    @property
    def busy_items(self) -> int:
        """How many items the batch being written touches (0 when none is)."""
        return 0 if self._writing is None else max(self._writing.batch_size(), 1)

    def refused_while_busy(self) -> bool:
        """True, with a message, while a batch is being written: nothing else may start."""
        if self._writing is None:
            return False
        self.error_raised.emit(
            self.tr(
                "Carnet is still saving the change to %n item(s): try again once it is done.",
                "",
                self.busy_items,
            ),
            "",
        )
        return True

    def _step(self, command: QUndoCommand, way: str) -> bool:
        """Do (``way`` "do"), undo or redo ``command``: write, then move the stack."""
        from carnet.ui.undo import EditCommand  # undo.py imports this module

        if self.refused_while_busy():
            return False
        if not isinstance(command, EditCommand):  # not one of ours: Qt's stack does it all
            if way == "do":
                self.undo_stack.push(command)
            elif way == "undo":
                self.undo_stack.undo()
            else:
                self.undo_stack.redo()
            return True
        if command.batch_size() >= self.worker_from:
            self._write_on_worker(command, way)
            return True
        try:
            command.revert() if way == "undo" else command.apply()
        except CarnetError as exc:
            self.error_raised.emit(say(exc), "")
            return False
        self._move(command, way)
        return True

    def _move(self, command: EditCommand, way: str) -> None:
        """Put the stack where ``command``'s write (done already) left the catalog."""
        if way == "undo":
            command.reverted = True
            self.undo_stack.undo()
        else:
            command.applied = True
            if way == "do":
                self.undo_stack.push(command)
            else:
                self.undo_stack.redo()

    def _relax_gc(self) -> None:
        """Collect garbage less often while a batch is written, read back and shown: its
        hundreds of thousands of new objects would otherwise set off full collections, each
        walking every object of the process with the interpreter lock held (150 to 500 ms
        at 100,000 items: the window freezes meanwhile)."""
        self._gc_timer.stop()
        if self._gc_thresholds is None:
            first, second, third = gc.get_threshold()
            self._gc_thresholds = (first, second, third)
            gc.set_threshold(max(first, self.BATCH_GC_THRESHOLD), second, third)

    def _restore_gc_soon(self) -> None:
        self._gc_timer.start()

    def _restore_gc(self) -> None:
        if self._gc_thresholds is not None:
            gc.set_threshold(*self._gc_thresholds)
            self._gc_thresholds = None

    def _write_on_worker(self, command: EditCommand, way: str) -> None:
        """Run ``command``'s write on a worker with a connection of its own (one
        transaction: a kill midway leaves the catalog as it was), then move the stack
        and tell the views on the GUI thread."""
        path = self.db.path
        forward = way != "undo"

        def work() -> _Fresh:
            db = Database(path, create=False)
            try:
                command.write(db, forward)
                # The inspector and the viewer read the edited items again: read here,
                # after the commit, rather than on the GUI thread (at 10,000 items,
                # longer than the write itself).
                try:
                    return _read_back(db, command.changed_items())
                except Exception:  # written all the same: the views will read them
                    log.warning("reading back a batch's items failed", exc_info=True)
                    return _Fresh()
            finally:
                db.close()

        def done(fresh: _Fresh) -> None:
            self._writing = None
            self._move(command, way)
            self._fresh = fresh
            try:
                command.changed()
            finally:
                self._fresh = _Fresh()
                self._restore_gc_soon()
                self.busy_changed.emit(False)

        def failed(exc: BaseException, details: str) -> None:
            self._writing = None
            if isinstance(exc, CarnetError):  # a full disk, read-only media: one sentence
                self.error_raised.emit(say(exc), "")
            else:
                self.error_raised.emit(
                    self.tr("The change could not be saved: the catalog is as it was."),
                    details,
                )
            # The views show the catalog as it is: what the inspector had typed goes, and a
            # list that dropped its rows when the push was accepted lists them again.
            if ids := command.changed_items():
                self.notify_items(ids)
            self.notify_catalog()
            self._restore_gc_soon()
            self.busy_changed.emit(False)

        self._writing = command
        self._relax_gc()
        self.busy_changed.emit(True)
        self.tasks.run(work, done, failed)

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
        fresh = self.fresh_items(ids)
        return fresh if fresh is not None else items_by_ids(self.db, ids)

    def fresh_items(self, ids: Sequence[int]) -> list[Item] | None:
        """The items ``ids`` as a batch's worker read them back once written, while the
        views follow that batch (None otherwise: they are to be read)."""
        fresh = self._fresh
        if not fresh.by_id:
            return None
        # The whole batch, as the inspector asks for it: 100,000 look-ups cost 25 ms.
        if fresh.items and len(ids) == len(fresh.ids) and list(ids) == fresh.ids:
            return list(fresh.items)
        if all(i in fresh.by_id for i in ids):  # some of a batch's items, just written
            return [fresh.by_id[i] for i in ids]
        return None

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

    def forget_merge_backups(self) -> None:
        """Remove the copies of the catalog that merges kept for an undo: called once no
        step of the stack can restore one (the stack was cleared, the window closes)."""
        if self.readonly:
            return
        try:
            remove_stale_backups(self.archive, set())
        except OSError as exc:  # derived files: a later merge removes them too
            log.warning("merge backups not removed: %s", exc)

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        if self.undo_stack.count() == 0:
            self.forget_merge_backups()

    def close(self) -> None:
        # Views still queued to refresh must not reach a closed catalog.
        self.blockSignals(True)
        self.undo_stack.blockSignals(True)
        self._sync_timer.stop()
        self._catalog_timer.stop()
        self.tasks.close()
        self._gc_timer.stop()
        self._restore_gc()
        self.forget_merge_backups()
        if self.follower is not None:  # after the pool: no look is running any more
            self.follower.close()
        self.thumbnails.clear_queue()
        self.thumbnails.close()  # its connection to the catalog
        self.search.close()
        self.archive.close()
