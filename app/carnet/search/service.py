"""The search index in a process of its own, for the desktop app.

Whoosh is pure Python: building, opening (``SearchIndex`` probes every segment) and
searching an index hold the interpreter lock in long stretches. In the desktop app's
process each of those stretches makes the GUI thread wait for the lock between two paint
calls, and the grid stutters (36–72 ms stalls measured at 10,000 items while an index was
reopened). ``SearchService`` keeps the whole ``SearchIndex`` in a child process instead:
the window's process only sends a query and receives plain answers.

The child opens the archive read-only (the desktop app's process keeps the writer lock)
and keeps the archive's index in the user's cache, as every ``SearchIndex`` does, whether
the window writes the archive or only reads it. It answers each request on a thread of
its own, so a search is answered from the last committed index while a sync is still
running, as ``SearchIndex`` does in one process. It runs at a lower CPU priority than the
window. If it dies, the requests waiting on it fail with ``IndexUnavailable`` and the next
request starts a new one.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import pickle
import threading
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from carnet.cache import cache_root
from carnet.errors import Cancelled, CarnetError
from carnet.messages import Text, message_of
from carnet.processes import process_context
from carnet.search.errors import INDEX_CLOSED, INDEXING_CANCELLED, IndexUnavailable

log = logging.getLogger(__name__)

#: How many ranked hits carry a snippet (the tooltip of their grid cell).
SNIPPETS = 200
#: Added to the child's niceness: searching and indexing yield the CPU to the window.
NICENESS = 10


@dataclass
class SearchOutcome:
    """Everything the window needs from one query, in plain values."""

    query: str
    ids: set[int] = field(default_factory=set)
    total: int = 0
    snippets: dict[int, str] = field(default_factory=dict)
    #: The hits whose words matched only in their machine-read text (``SearchHit.ocr_only``).
    machine_read: set[int] = field(default_factory=set)
    #: facet name → [(value, label, count)]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    error: str | None = None
    suggestion: str | None = None


def outcome_of(index: Any, text: str) -> SearchOutcome:
    """Run ``text`` on a ``SearchIndex``: ids, snippets, facets, or the reason it failed."""
    outcome = SearchOutcome(query=text)
    try:
        results = index.search(text, limit=SNIPPETS, facets=True)
        outcome.ids = set(index.matching_ids(text))
    except CarnetError as exc:
        outcome.error = message_of(exc)
        return outcome
    outcome.total = results.total
    outcome.suggestion = results.suggestion
    outcome.snippets = {h.id: h.snippet_html for h in results.hits if h.snippet_html}
    outcome.machine_read = {h.id for h in results.hits if h.ocr_only}
    outcome.facets = {
        name: [(v.value, v.label, v.count) for v in values]
        for name, values in results.facets.items()
    }
    return outcome


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else an equivalent that does."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        if isinstance(exc, CarnetError):
            return CarnetError(str(exc))
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _serve(conn: Connection, root: str, cache: str) -> None:
    """The child: answer ``(id, method, args)`` requests until ``close`` or end of pipe."""
    with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(NICENESS)  # first: even the imports below yield to the window
    from carnet.catalog.archive import Archive
    from carnet.search.index import SearchIndex

    archive = Archive.open(Path(root), readonly=True)
    index = SearchIndex(archive, cache=Path(cache))
    send_lock = threading.Lock()
    cancels: dict[int, threading.Event] = {}
    workers: list[threading.Thread] = []

    def answer(request: int, method: str, args: tuple[Any, ...]) -> None:
        try:
            if method == "sync":
                reply: tuple[int, bool, Any] = (request, True, index.sync(None, cancels[request]))
            elif method == "query":
                reply = (request, True, outcome_of(index, *args))
            else:
                raise ValueError(f"unknown request {method!r}")
        except BaseException as exc:
            if not isinstance(exc, CarnetError):
                log.error("search service: %s failed\n%s", method, traceback.format_exc())
            reply = (request, False, _portable(exc))
        finally:
            cancels.pop(request, None)
        with send_lock, contextlib.suppress(OSError):
            conn.send(reply)

    try:
        while True:
            try:
                request, method, args = conn.recv()
            except (EOFError, OSError):
                break
            if method == "close":
                break
            if method == "cancel":
                event = cancels.get(args[0])
                if event is not None:
                    event.set()
                continue
            cancels[request] = threading.Event()
            worker = threading.Thread(
                target=answer, args=(request, method, args), name=f"carnet-search-{method}"
            )
            workers = [w for w in workers if w.is_alive()]
            workers.append(worker)
            worker.start()
    finally:
        for event in list(cancels.values()):
            event.set()
        for worker in workers:
            worker.join(timeout=10)
        index.close()
        archive.close()
        conn.close()


class _Pending:
    def __init__(self, owner: Connection) -> None:
        self.owner = owner  # the pipe of the child that owes the answer
        self.done = threading.Event()
        self.ok = False
        self.value: Any = None


class SearchService:
    """A ``SearchIndex`` of the archive at ``root``, kept in a child process.

    Thread-safe; every call blocks until the child answers, so call from a worker thread,
    never from the GUI thread. The child starts on the first call.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        # Resolved here: a child started by the fork server has the server's environment.
        self._cache = cache_root()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def start(self) -> None:
        """Start the child now rather than on the first request (it takes a moment)."""
        with self._lock:
            self._start()

    def sync(self, cancel: threading.Event | None = None) -> int:
        """Bring the index in step with the catalog; returns how many items it indexed.

        Setting ``cancel`` asks the child to stop; the call then raises ``Cancelled``.
        """
        return int(self._call("sync", (), cancel))

    def query(self, text: str) -> SearchOutcome:
        outcome = self._call("query", (text,), None)
        assert isinstance(outcome, SearchOutcome)
        return outcome

    def close(self) -> None:
        """Stop the child (it closes the index first); waits a few seconds at most."""
        with self._lock:
            self._closed = True
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send((0, "close", ()))
        if process is not None:
            process.join(timeout=10)
            if process.is_alive():
                log.warning("the search process did not stop; terminating it")
                process.terminate()
                process.join(timeout=5)
        if conn is not None:
            conn.close()

    # ------------------------------------------------------------------ internals

    def _start(self) -> Connection:
        """The pipe to a running child, started when needed (called under ``_lock``)."""
        if self._closed:
            raise IndexUnavailable(INDEX_CLOSED)
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        context = process_context()
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(theirs, str(self._root), str(self._cache)),
            name="carnet-search",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._process, self._conn = process, ours
        reader = threading.Thread(
            target=self._read, args=(ours,), name="carnet-search-replies", daemon=True
        )
        reader.start()
        return ours

    def _read(self, conn: Connection) -> None:
        """Hand each reply to its caller; when the child goes, fail what it still owed."""
        while True:
            try:
                request, ok, value = conn.recv()
            except (EOFError, OSError):
                break
            except Exception as exc:  # an answer that cannot be unpickled
                log.error("unreadable answer from the search process: %r", exc)
                break
            with self._lock:
                pending = self._pending.pop(request, None)
            if pending is not None:
                pending.ok, pending.value = ok, value
                pending.done.set()
        with self._lock:
            if self._conn is conn:
                self._process = self._conn = None
            lost = {k: p for k, p in self._pending.items() if p.owner is conn}
            for key in lost:
                del self._pending[key]
        for pending in lost.values():
            pending.ok, pending.value = False, IndexUnavailable(Text("the search process stopped"))
            pending.done.set()

    def _call(self, method: str, args: tuple[Any, ...], cancel: threading.Event | None) -> Any:
        if cancel is not None and cancel.is_set():
            raise Cancelled(INDEXING_CANCELLED)
        with self._lock:
            conn = self._start()
            request = next(self._ids)
            pending = self._pending[request] = _Pending(conn)
            try:
                conn.send((request, method, args))
            except OSError as exc:
                del self._pending[request]
                raise IndexUnavailable(
                    Text("the search process stopped: {error}", error=str(exc))
                ) from exc
        asked_to_stop = False
        while not pending.done.wait(0.05):
            if cancel is not None and cancel.is_set() and not asked_to_stop:
                asked_to_stop = True
                with self._lock, contextlib.suppress(OSError):
                    conn.send((0, "cancel", (request,)))
        if not pending.ok:
            raise pending.value
        return pending.value
