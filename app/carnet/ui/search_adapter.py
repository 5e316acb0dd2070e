"""The search bar's view of ``carnet.search``: one small adapter, so the UI has one seam.

``SearchAdapter.query`` returns everything the window needs in one plain object: the
matching ids (to filter the grid), snippets for the hits, facet counts for the sidebar and
a message when the query cannot be read. The index itself lives in a child process
(``carnet.search.service``): Whoosh's long stretches of pure Python would otherwise make
the window stutter. Calls block until the child answers (the first sync may build the
whole index, seconds at 100,000 items), so they run on the task pool: a call from the GUI
thread is a bug and raises ``RuntimeError`` instead of freezing the window.
"""

from __future__ import annotations

import logging
import threading

from carnet.catalog.archive import Archive
from carnet.errors import CarnetError
from carnet.messages import message_of
from carnet.search.service import SNIPPETS, SearchOutcome, SearchService

__all__ = ["SNIPPETS", "SearchAdapter", "SearchOutcome"]

log = logging.getLogger(__name__)


def _refuse_gui_thread(what: str) -> None:
    # The application (and its GUI thread) lives on the main thread.
    if threading.current_thread() is threading.main_thread():
        raise RuntimeError(f"search {what} on the GUI thread: run it on the task pool")


class SearchAdapter:
    """Wraps a ``SearchService`` for the desktop app (thread-safe, lazy)."""

    def __init__(self, archive: Archive) -> None:
        self._service = SearchService(archive.root)

    @property
    def process_id(self) -> int | None:
        """The search process's id while it runs."""
        return self._service.pid

    def start(self) -> None:
        """Start the search process (blocks while it starts: call on the task pool)."""
        _refuse_gui_thread("process start")
        self._service.start()

    def sync(self, cancel: threading.Event | None = None) -> int:
        """Bring the index in step with the catalog (building it the first time)."""
        _refuse_gui_thread("index sync")
        return self._service.sync(cancel)

    def query(self, text: str) -> SearchOutcome:
        _refuse_gui_thread("query")
        try:
            return self._service.query(text)
        except CarnetError as exc:  # the search process failed or stopped
            log.warning("search failed: %s", exc)
            return SearchOutcome(query=text, error=message_of(exc))

    def close(self) -> None:
        self._service.close()
