"""The search bar's view of ``carnet.search``: one small adapter, so the UI has one seam.

``SearchAdapter.query`` returns everything the window needs in one plain object: the
matching ids (to filter the grid), snippets for the hits, facet counts for the sidebar and
a message when the query cannot be read. It runs on the task pool, never on the GUI thread:
the first query or sync may build the whole index (seconds at 100,000 items), so a call
from the GUI thread is a bug and raises ``RuntimeError`` instead of freezing the window.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from carnet.catalog.archive import Archive
from carnet.errors import CarnetError

log = logging.getLogger(__name__)

#: How many ranked hits carry a snippet (the tooltip of their grid cell).
SNIPPETS = 200


@dataclass
class SearchOutcome:
    query: str
    ids: set[int] = field(default_factory=set)
    total: int = 0
    snippets: dict[int, str] = field(default_factory=dict)
    #: facet name → [(value, label, count)]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    error: str | None = None
    suggestion: str | None = None


def _refuse_gui_thread(what: str) -> None:
    # The application (and its GUI thread) lives on the main thread.
    if threading.current_thread() is threading.main_thread():
        raise RuntimeError(f"search {what} on the GUI thread: run it on the task pool")


class SearchAdapter:
    """Wraps ``carnet.search.SearchIndex`` for the desktop app (thread-safe, lazy)."""

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        self._index: object | None = None
        self.available = True
        try:
            from carnet.search import SearchIndex

            self._index = SearchIndex(archive)
        except Exception as exc:  # the search package failing to load must not stop the app
            log.warning("search is unavailable: %s", exc)
            self.available = False

    def sync(self, cancel: threading.Event | None = None) -> int:
        """Bring the index in step with the catalog (building it the first time)."""
        _refuse_gui_thread("index sync")
        if self._index is None:
            return 0
        if not self._archive.writable:  # another process keeps the index; read what it has
            return int(self._index.sync(None, cancel))  # type: ignore[attr-defined]
        # Indexing in a child process: done here, it would hold the interpreter lock in long
        # stretches and stall the window (see carnet.search.index.sync_in_subprocess).
        from carnet.search.index import sync_in_subprocess

        count = sync_in_subprocess(self._archive.root, cancel)
        self._index.reload()  # type: ignore[attr-defined]
        return count

    def query(self, text: str) -> SearchOutcome:
        _refuse_gui_thread("query")
        outcome = SearchOutcome(query=text)
        if self._index is None:
            outcome.error = "search is unavailable"
            return outcome
        try:
            results = self._index.search(text, limit=SNIPPETS, facets=True)  # type: ignore[attr-defined]
            outcome.ids = set(self._index.matching_ids(text))  # type: ignore[attr-defined]
        except CarnetError as exc:
            outcome.error = str(exc)
            return outcome
        outcome.total = results.total
        outcome.suggestion = results.suggestion
        outcome.snippets = {h.id: h.snippet_html for h in results.hits if h.snippet_html}
        outcome.facets = {
            name: [(v.value, v.label, v.count) for v in values]
            for name, values in results.facets.items()
        }
        return outcome

    def close(self) -> None:
        if self._index is not None:
            self._index.close()  # type: ignore[attr-defined]
