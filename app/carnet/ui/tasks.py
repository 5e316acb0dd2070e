"""Background work: run a function on a ``QThreadPool``, get its result on the GUI thread.

The core takes plain ``progress(done, total)`` callables and ``threading.Event``s for
cancellation; ``TaskRunner.run`` adapts them to Qt signals. Results, errors and progress
reach the GUI thread through queued signals: never through ``processEvents()``.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from carnet.errors import CarnetError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class _TaskSignals(QObject):
    succeeded = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int)


class Task(QRunnable):
    """One function call on the pool. ``cancel`` is the event the function may watch."""

    def __init__(self, fn: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.with_progress = with_progress
        self.cancel = threading.Event()
        self.signals = _TaskSignals()
        self.finished = False

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.fn(self.signals.progressed.emit, self.cancel)
            else:
                result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread, which shows it
            details = "".join(traceback.format_exception(exc))
            self.signals.failed.emit(exc, details)
        else:
            self.signals.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs tasks on a thread pool and keeps them alive until their result is delivered."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._active: set[Task] = set()
        self._closed = False

    @property
    def idle(self) -> bool:
        return not self._active

    def run(
        self,
        fn: Callable[..., Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException, str], None] | None = None,
        *,
        on_progress: Progress | None = None,
        with_progress: bool = False,
    ) -> Task:
        """Run ``fn()`` (or ``fn(progress, cancel)`` with ``with_progress``) in the pool."""
        task = Task(fn, with_progress)
        queued = Qt.ConnectionType.QueuedConnection

        def done(result: Any) -> None:
            self._active.discard(task)
            task.finished = True
            if on_success is not None and not self._closed:
                on_success(result)

        def failed(exc: BaseException, details: str) -> None:
            self._active.discard(task)
            task.finished = True
            if self._closed:  # the archive was closed meanwhile: nobody to tell
                log.debug("background task ended after closing: %s", exc)
                return
            if isinstance(exc, CarnetError):  # expected (refused, cancelled): no traceback
                log.warning("background task failed: %s", exc)
            else:
                log.error("background task failed: %s\n%s", exc, details)
            if on_failure is not None:
                on_failure(exc, details)

        task.signals.succeeded.connect(done, queued)
        task.signals.failed.connect(failed, queued)
        if on_progress is not None:
            task.signals.progressed.connect(on_progress, queued)
        self._active.add(task)
        self.pool.start(task)
        return task

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel.set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (at shutdown only; results are then dropped)."""
        return bool(self.pool.waitForDone(msecs))

    def close(self, msecs: int = 30000) -> bool:
        """Cancel every task, wait for the pool, and drop results still on their way.

        A task's result reaches the GUI thread as a queued signal, which may arrive after
        the archive it was computed for has closed; from now on it is ignored.
        """
        self._closed = True
        self.cancel_all()
        return self.wait(msecs)
