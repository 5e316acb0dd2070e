"""The search index of an archive: a Whoosh index kept in step with the catalog.

The index is a cache, and it lives outside the archive, in the user's cache folder
(``carnet.cache``)::

    CACHE/index/<archive id>-<hash of the archive's path>/
        state.json      {"format": "carnet-search", "version": 1, "dir": "v1-3fa2c1d0",
                         "archive": "<archive id>", "lineage": "<lineage id>", "seq": 1234}
        lock            taken by whoever writes this index, across processes
        v1-3fa2c1d0/    the Whoosh index itself

Whoosh's files hold pickles (the table of contents, the segment list, posting blocks):
reading them runs whatever code they name. So an index is only ever read from a folder
this user's Carnet wrote on this machine, never from an archive — an archive travels
between people, and an ``index/`` an older Carnet left inside one is never looked at. The
cache folder must belong to this user and be writable by nobody else (checked at every
open); when it is not, or when the catalog has no id (an archive from an older Carnet,
opened read-only), a private index is built in a temporary folder, kept in step while it
lives and deleted by ``close()``.

``seq`` is the catalog's ``change_seq`` the index reflects, and ``lineage`` the catalog's
lineage then (``catalog/identity.py``). The folder is named by the archive's id and its
path, so two copies of an archive on one machine keep an index each; the state is taken
for valid only if the catalog's lineages cover it, so a copy put in the place of another
after both changed, or a catalog restored from a backup, is never searched through an
index of something else: it is rebuilt. The state is written (atomically) *after* each
Whoosh commit, so a crash between the catalog commit and the index commit, or between the
index commit and the state file, only makes the next ``sync`` index a few items again
(deleting an item's documents and adding them again is idempotent). A rebuild writes a
new folder and switches ``state.json`` to it in one rename: a reader never sees a
half-built index, and a rebuild that dies leaves the old one in use. The index is rebuilt
from the catalog when the state file is missing, of another schema version or not valid
for the catalog, when Whoosh cannot open the folder, when a probe read fails, or when it
fails in use.

Writers: any process that searches the archive keeps its index — the archive's writer,
and a read-only window or a DVD's reader as well, so a second window gets a lasting index
too. They take turns through ``lock`` (an ``flock`` the OS releases when its holder dies)
and read the state again once they hold it, so a rebuild or a sync by one is taken up by
the other. Within a process, ``SearchIndex`` serialises its own writes; Whoosh's
``WRITELOCK`` (an ``flock`` too) is never deleted by hand. Readers share one searcher,
replaced after each commit. A search never waits for a writer: when another thread or
process is indexing, it searches the last committed state, with trashed and deleted items
hidden, and says so (``stale``).

The catalog is read through the index's own read-only connections, never through the
archive's: building or syncing is pure Python for seconds at a time, and the desktop app's
own catalog queries must not wait for it (WAL lets a reader go on while the writer
writes). A sync or rebuild reads in one read transaction, so the documents it indexes and
the ``change_seq`` it records are of the same committed state; searches read outside any
transaction, so they always see the last commit.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from whoosh import index as windex
from whoosh import query as wq
from whoosh.index import FileIndex
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher

from carnet.cache import private_folder
from carnet.catalog import identity, indexing
from carnet.catalog.archive import Archive
from carnet.catalog.database import Database
from carnet.errors import Cancelled, CarnetError, NotFound
from carnet.fsutil import atomic_write_bytes
from carnet.messages import Text
from carnet.search import documents
from carnet.search.analysis import (
    KEY_PREFIXES,
    LANGUAGES,
    WORD_KEYS,
    encode_keywords,
    stem,
    vocabulary,
)
from carnet.search.engine import Cache, Run
from carnet.search.errors import INDEX_CLOSED, INDEXING_CANCELLED, IndexUnavailable, QueryError
from carnet.search.highlight import highlight
from carnet.search.postings import CarnetCodec
from carnet.search.query import ParsedQuery, Word, expand, make_parser, parse
from carnet.search.results import FacetValue, SearchHit, SearchResults
from carnet.search.schema import ANY, SCHEMA_VERSION, index_schema

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_T = TypeVar("_T")

#: The indexes' folder in the user's cache (``carnet.cache``).
CACHE_FOLDER = "index"
STATE_NAME = "state.json"
LOCK_NAME = "lock"
STATE_FORMAT = "carnet-search"
#: The name of a Whoosh folder: the schema version and eight random hex digits.
_FOLDER_NAME = re.compile(rf"v{re.escape(SCHEMA_VERSION)}-[0-9a-f]{{8}}")
#: Documents per Whoosh commit (one segment each) when many items are (re)indexed: Whoosh
#: then sorts each batch in memory instead of spilling to disk and merging.
BATCH = 10_000
#: Up to this many changed items, their documents are found by a search of the id column
#: per item; beyond, by one pass over it.
_SCAN_DELETES = 200
#: How long a writer waits for Whoosh's lock (ours is taken first: it is never contended).
_WRITER_TIMEOUT = 30.0
#: How often a writer waiting for another process's turn looks again (and at ``cancel``).
_LOCK_POLL = 0.05
#: Facet values listed per facet.
FACET_LIMIT = 20
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class _State:
    """What an index reflects: its folder, the catalog's ``change_seq`` and lineage then
    (None for a temporary index of a catalog without identity)."""

    directory: str
    seq: int
    lineage: str | None


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    """The segment readers under ``reader`` (none for an index with no document yet)."""
    leaves = [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())
    return [(leaf, offset) for leaf, offset in leaves if leaf.segment() is not None]


def index_folder(archive_id: str, root: Path, cache: Path | None = None) -> Path:
    """The folder of the index of the archive ``archive_id`` at ``root`` in the user's
    cache (``cache``, by default ``carnet.cache.cache_root()``), made when missing;
    ``OSError`` when the cache cannot hold it. Two copies of an archive on one machine
    have one each."""
    where = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
    return private_folder(CACHE_FOLDER, f"{archive_id}-{where}", root=cache)


class _FolderLock:
    """An ``flock`` on a cache index's ``lock`` file: one writer at a time, across
    processes; the OS releases it when its holder dies.

    Taken again by the thread that holds it, it only counts (callers hold the index's
    write lock around it, which keeps other threads out).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, *, wait: bool, cancel: threading.Event | None) -> bool:
        """Take the lock; with ``wait`` False, False at once when another holds it."""
        if self._fd is not None:
            self._depth += 1
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise IndexUnavailable(_cannot_write(exc)) from exc
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not wait:
                        os.close(fd)
                        return False
                if cancel is not None and cancel.is_set():
                    raise Cancelled(INDEXING_CANCELLED)
                time.sleep(_LOCK_POLL)
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._depth = fd, 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            os.close(self._fd)  # closing the file releases the flock
            self._fd = None


class SearchIndex:
    """Full-text search over one archive, through an index kept in step with its catalog.

    Nothing happens when it is made: the index is opened (and built or caught up when
    needed) on the first ``search``, ``matching_ids`` or ``sync``. The commands that
    change items call ``sync()`` after their write; ``rebuild()`` starts from scratch.
    Safe to share between threads; ``close()`` when done. The archive may be open
    read-only: the index is in the user's cache, never in the archive.
    """

    def __init__(self, archive: Archive, *, cache: Path | None = None) -> None:
        """``cache`` is the user's cache folder, ``carnet.cache.cache_root()`` by default
        (a child process gets it from its parent: its environment may be older)."""
        self._archive_root = archive.root
        self._cache_root = cache
        self._catalog_path = archive.paths.catalog
        # Two read-only connections: one for searches (autocommit: always the last commit)
        # and one for syncs and rebuilds (used under ``_write_lock``, one read transaction
        # each), so a long build never holds a search's connection either. Opened on first
        # use, closed by ``close()``.
        self._connections_lock = threading.Lock()
        self._search_db: Database | None = None
        self._sync_db: Database | None = None
        # Where the index is: chosen on first use (it needs the catalog's id).
        self._root: Path | None = None
        self._archive_id: str | None = None
        self._folder_lock: _FolderLock | None = None
        self._temp: tempfile.TemporaryDirectory[str] | None = None
        self._schema = index_schema()
        self._write_lock = threading.RLock()
        self._read_lock = threading.RLock()
        self._parser: QueryParser | None = None
        self._ix: FileIndex | None = None
        self._searcher: Searcher | None = None
        self._directory: Path | None = None
        self._seen = 0
        self._lineage: str | None = None
        self._cache = Cache()
        self._gone: tuple[int, int, set[int]] | None = None
        self._warming: threading.Thread | None = None
        self._warm_stop = threading.Event()

    # ------------------------------------------------------------------ life cycle

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the searcher and, for a temporary index, delete it."""
        self._stop_warming()  # not under the read lock: the warm-up takes it
        with self._write_lock, self._read_lock:
            self._close_index()
            if self._temp is not None:
                with contextlib.suppress(OSError):
                    self._temp.cleanup()
                self._temp = self._root = None  # used again, it looks for its folder again
            with self._connections_lock:
                for db in (self._search_db, self._sync_db):
                    if db is not None:
                        with contextlib.suppress(sqlite3.Error):
                            db.close()
                self._search_db = self._sync_db = None

    def _close_index(self) -> None:
        with self._read_lock:  # never under a search's feet
            if self._searcher is not None:
                with contextlib.suppress(Exception):
                    self._searcher.close()
            if self._ix is not None:
                with contextlib.suppress(Exception):
                    self._ix.close()
            self._searcher = None
            self._ix = None
            self._directory = None

    def _start_warming(self) -> None:
        """Read in a background thread what the first searches would otherwise wait for.

        Called under the read lock. The thread takes that lock one segment at a time (a
        search waits a few milliseconds at most); what it has not read yet, a search reads
        itself. It stops when the searcher it warms is replaced or closed.
        """
        searcher = self._searcher
        if searcher is None or (self._warming is not None and self._warming.is_alive()):
            return
        self._warm_stop.clear()

        def go_on() -> bool:
            return not self._warm_stop.is_set() and self._searcher is searcher

        def warm() -> None:
            try:
                self._cache.warm(searcher, self._read_lock, go_on)
            except Exception as exc:  # never fatal: a search reads what it needs itself
                log.debug("search index warm-up stopped: %r", exc)

        self._warming = threading.Thread(target=warm, name="carnet-search-warm-up", daemon=True)
        self._warming.start()

    def _stop_warming(self) -> None:
        self._warm_stop.set()
        thread = self._warming
        if thread is not None:
            thread.join()

    @property
    def is_temporary(self) -> bool:
        """True when the index is a private temporary copy, not the one in the user's cache
        (the catalog has no id, or the cache folder cannot be used)."""
        return self._temp is not None

    @property
    def folder(self) -> Path | None:
        """The folder holding the index once it was first used (None before)."""
        return self._root

    # ------------------------------------------------------------------ catalog

    @property
    def _db(self) -> Database:
        """The connection searches read the catalog through (never the archive's own)."""
        with self._connections_lock:
            if self._search_db is None:
                self._search_db = Database(self._catalog_path, readonly=True)
            return self._search_db

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[Database]:
        """The sync connection, in one read transaction for the body (under ``_write_lock``).

        Each sync or rebuild starts a new transaction, so it sees every change the
        archive's writer committed before it; a nested call (a sync that turns into a
        rebuild) joins the transaction already open.
        """
        with self._connections_lock:
            if self._sync_db is None:
                self._sync_db = Database(self._catalog_path, readonly=True)
            db = self._sync_db
        with indexing.read_snapshot(db):
            yield db

    def _now(self, db: Database) -> tuple[int, str | None]:
        """The catalog's ``change_seq`` and, for an index in the cache, its lineage now (in
        the caller's transaction): one query, asked before each sync."""
        stamp = identity.current(db) if self._folder_lock is not None else None
        if stamp is None:
            return identity.change_seq(db), None
        return stamp.seq, stamp.lineage

    # ------------------------------------------------------------------ where it lives

    def _locate(self, db: Database) -> Path:
        """The folder of the index, chosen once: the user's cache, else a temporary one."""
        if self._root is not None:
            return self._root
        archive_id = identity.archive_id(db)
        if archive_id is not None:
            try:
                self._root = index_folder(archive_id, self._archive_root, self._cache_root)
            except (OSError, ValueError) as exc:
                log.warning(
                    "the cache cannot hold the search index (%s); using a temporary one", exc
                )
            else:
                self._archive_id = archive_id
                self._folder_lock = _FolderLock(self._root / LOCK_NAME)
                return self._root
        else:
            log.info("the catalog has no id (made by an older Carnet); temporary search index")
        self._temp = tempfile.TemporaryDirectory(prefix="carnet-search-")
        self._root = Path(self._temp.name)
        return self._root

    @contextlib.contextmanager
    def _turn(self, *, wait: bool, cancel: threading.Event | None = None) -> Iterator[bool]:
        """This process's turn to write the index (under ``_write_lock``): yields False when
        ``wait`` is False and another process has it. A temporary index is ours alone."""
        lock = self._folder_lock
        if lock is None:
            yield True
            return
        if not lock.acquire(wait=wait, cancel=cancel):
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    # ------------------------------------------------------------------ state file

    def _state_path(self) -> Path:
        assert self._root is not None
        return self._root / STATE_NAME

    def _read_state(self, db: Database) -> _State | None:
        """The state file, if it names an index that is valid for this catalog now."""
        if self._folder_lock is None:  # a temporary index keeps its state in memory
            return None
        try:
            data = json.loads(self._state_path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("search index state unreadable (%s); the index will be rebuilt", exc)
            return None
        if (
            not isinstance(data, dict)
            or data.get("format") != STATE_FORMAT
            or data.get("version") != SCHEMA_VERSION
            or data.get("archive") != self._archive_id
            or not isinstance(data.get("dir"), str)
            or not _FOLDER_NAME.fullmatch(data["dir"])
            or not isinstance(data.get("seq"), int)
            or not isinstance(data.get("lineage"), str)
        ):
            log.info("search index missing or of another version; it will be rebuilt")
            return None
        state = _State(data["dir"], data["seq"], data["lineage"])
        if not identity.covers(db, identity.Stamp(data["lineage"], state.seq)):
            log.info("the search index is of another copy or state of the catalog; rebuilding")
            return None
        return state

    def _write_state(self, state: _State) -> None:
        if self._folder_lock is None:
            return
        payload = {
            "format": STATE_FORMAT,
            "version": SCHEMA_VERSION,
            "dir": state.directory,
            "archive": self._archive_id,
            "lineage": state.lineage,
            "seq": state.seq,
        }
        try:
            atomic_write_bytes(self._state_path(), json.dumps(payload).encode("utf-8"))
        except OSError as exc:
            raise IndexUnavailable(
                Text("cannot write {path}: {error}", path=str(self._state_path()), error=str(exc))
            ) from exc

    # ------------------------------------------------------------------ opening

    def _ensure_open(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> None:
        if self._ix is not None:
            return
        with self._write_lock:
            if self._ix is not None:
                return
            # What the state names is opened without waiting for a writer; only when
            # there is nothing usable does this process wait for its turn to build.
            with self._snapshot() as db:
                self._locate(db)
                if self._open_state(db) is not None:
                    return
            with self._turn(wait=True, cancel=cancel), self._snapshot() as db:
                if self._open_state(db) is None:  # another process built it meanwhile?
                    self._rebuild_from(db, progress, cancel)

    def _open_state(self, db: Database) -> _State | None:
        """Open the index the state file names, if it is valid; its state when it is open."""
        state = self._read_state(db)
        if state is None:
            return None
        assert self._root is not None
        path = self._root / state.directory
        try:
            ix = windex.open_dir(str(path), schema=self._schema)
            self._install(ix, path, state)
        except Exception as exc:  # Whoosh raises many kinds; all mean "rebuild".
            log.warning("search index unreadable (%s); rebuilding it", exc)
            self._close_index()
            return None
        return state

    def _install(self, ix: FileIndex, path: Path, state: _State) -> None:
        searcher = ix.searcher()
        try:
            self._probe(searcher)
        except BaseException:
            searcher.close()
            raise
        with self._read_lock:
            old = self._searcher
            self._ix, self._searcher, self._directory = ix, searcher, path
            self._seen, self._lineage = state.seq, state.lineage
            self._gone = None
            if old is not None:
                with contextlib.suppress(Exception):
                    old.close()
            self._start_warming()

    def _probe(self, searcher: Searcher) -> None:
        """Read a little of every file of the index; raises when something is broken."""
        reader = searcher.reader()
        leaves = [leaf for leaf, _ in _leaves(reader)]
        for leaf in leaves:
            segment = self._cache.segment(leaf)
            if not len(segment.ids) == len(segment.lengths) == leaf.doc_count_all():
                raise IndexUnavailable(Text("the id column does not match the documents"))
        self._cache.keep(self._cache.segment(leaf).key for leaf in leaves)
        for fieldname in ("text", "kw", "exact"):
            for term in reader.lexicon(fieldname):
                list(reader.postings(fieldname, term).all_ids())
                break

    def _refresh(self) -> None:
        """Point the searcher at the last commit.

        A new searcher, not ``Searcher.refresh()``: Whoosh 2.7's refresh reuses the
        readers of segments that still exist with their *old* deletions (an updated item
        would be found twice) and keeps segments merged away.
        """
        with self._read_lock:
            if self._searcher is None or self._ix is None or self._searcher.up_to_date():
                return
            old, self._searcher = self._searcher, self._ix.searcher()
            with contextlib.suppress(Exception):
                old.close()
            self._cache.keep(
                self._cache.segment(leaf).key for leaf, _ in _leaves(self._searcher.reader())
            )
            self._start_warming()

    # ------------------------------------------------------------------ writing

    def rebuild(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> int:
        """Index every item from scratch (``carnet reindex``); returns how many.

        The new index is written beside the old one, which stays in use until the new one
        is complete; cancelling (``Cancelled``) leaves the old one as it was.
        """
        with self._write_lock:
            return self._rebuild_locked(progress, cancel)

    def _rebuild_locked(self, progress: Progress | None, cancel: threading.Event | None) -> int:
        with self._snapshot() as db:
            self._locate(db)
        with self._turn(wait=True, cancel=cancel), self._snapshot() as db:
            return self._rebuild_from(db, progress, cancel)

    def _rebuild_from(
        self, db: Database, progress: Progress | None, cancel: threading.Event | None
    ) -> int:
        parent = self._locate(db)
        path = parent / f"v{SCHEMA_VERSION}-{secrets.token_hex(4)}"
        seq, lineage = self._now(db)
        ids = indexing.all_item_ids(db)
        try:
            path.mkdir(parents=True)
            ix = windex.create_in(str(path), self._schema)
        except OSError as exc:
            raise IndexUnavailable(
                Text(
                    "cannot create the search index in {path}: {error}",
                    path=str(path),
                    error=str(exc),
                )
            ) from exc
        try:
            count = self._write(ix, db, ids, rebuilding=True, progress=progress, cancel=cancel)
        except BaseException as exc:
            with contextlib.suppress(Exception):
                ix.close()
            shutil.rmtree(path, ignore_errors=True)
            if isinstance(exc, OSError):
                raise IndexUnavailable(_cannot_write(exc)) from exc
            raise
        state = _State(path.name, seq, lineage)
        self._write_state(state)
        self._install(ix, path, state)
        self._remove_other_versions(parent, path.name)
        log.info("search index rebuilt: %d items", count)
        return count

    def _remove_other_versions(self, parent: Path, keep: str) -> None:
        # Another process may still read an old folder: on POSIX its open files live on
        # until it closes them; elsewhere the removal fails and is retried next time.
        for child in parent.iterdir():
            if child.is_dir() and child.name.startswith("v") and child.name != keep:
                shutil.rmtree(child, ignore_errors=True)

    def _write(
        self,
        ix: FileIndex,
        db: Database,
        ids: list[int],
        *,
        rebuilding: bool,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> int:
        """(Re)index the items ``ids``: their old documents go, their new ones come.

        Documents are written ``BATCH`` at a time, one Whoosh commit (one segment) per
        batch. Each chunk of documents also adds a vocabulary document for the words the
        index does not know yet. A sync whose batches are interrupted half-way is simply
        redone by the next one.
        """
        total = len(ids)
        done = added = 0
        seen: set[str] = set()
        before: Searcher | None = None
        if not rebuilding:
            self._refresh()
            before = self._searcher
        marker = {"id": 0, "length": 0, "kw": encode_keywords({"kind": ["vocabulary"]})}
        if progress:
            progress(0, total)
        for start in range(0, total, BATCH):
            batch = ids[start : start + BATCH]
            try:
                writer = ix.writer(limitmb=256, timeout=_WRITER_TIMEOUT, codec=CarnetCodec())
            except Exception as exc:
                raise IndexUnavailable(_cannot_write(exc)) from exc
            try:
                if before is not None and start == 0:
                    self._delete(writer, before, ids)
                for chunk in documents.fetch_documents(db, batch):
                    if cancel is not None and cancel.is_set():
                        raise Cancelled(INDEXING_CANCELLED)
                    words: set[str] = set()
                    for doc in chunk:
                        fields = doc.fields()
                        found, length = vocabulary(fields["text"])
                        writer.add_document(length=min(length, 65535), **fields)
                        words |= found
                    words -= seen
                    seen |= words
                    if before is not None and words:
                        with self._read_lock:
                            reader = before.reader()
                            words = {w for w in words if ("exact", w) not in reader}
                    if words:
                        writer.add_document(exact=" ".join(sorted(words)), **marker)
                    added += len(chunk)
                    done = min(total, done + documents.CHUNK)
                    if progress:
                        progress(done, total)
                # A rebuild keeps its batches as segments; a sync lets Whoosh merge the
                # small segments that single edits leave behind.
                writer.commit(merge=not rebuilding)
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.cancel()
                raise
        if progress and done < total:
            progress(total, total)
        return added

    def _delete(self, writer: Any, searcher: Searcher, ids: list[int]) -> None:
        """Delete the documents of the items ``ids``, found through the id columns.

        ``searcher`` is at the last commit, so it sees the writer's segments in the same
        order: its document numbers are the writer's (a reader of the writer's own would
        cost opening every segment again).
        """
        wanted = set(ids)
        with self._read_lock:
            leaves = [
                (self._cache.segment(leaf).ids, offset)
                for leaf, offset in _leaves(searcher.reader())
            ]
        for column, offset in leaves:
            if len(wanted) <= _SCAN_DELETES:
                for item_id in wanted:
                    start = 0
                    while True:
                        try:
                            docnum = column.index(item_id, start)
                        except ValueError:
                            break
                        writer.delete_document(offset + docnum)
                        start = docnum + 1
            else:
                for docnum, item_id in enumerate(column):
                    if item_id in wanted:
                        writer.delete_document(offset + docnum)

    def sync(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> int:
        """Bring the index up to the catalog; returns how many items were reindexed.

        Cheap when nothing changed (one query). Builds the index first when there is none
        (``progress`` then reports the build). When another process is writing the index,
        waits for it, then catches up from where it left the index.
        """
        self._ensure_open(progress, cancel)
        with self._write_lock:
            return self._sync_locked(progress, cancel, wait=True)

    def _sync_locked(
        self, progress: Progress | None, cancel: threading.Event | None, *, wait: bool
    ) -> int:
        """``sync`` under ``_write_lock``; with ``wait`` False, 0 at once when another
        process is writing the index."""
        if self._ix is None:
            return 0
        with self._snapshot() as db:
            if self._now(db) == (self._seen, self._lineage):
                return 0
        with self._turn(wait=wait, cancel=cancel) as ours:
            if not ours:
                return 0
            with self._snapshot() as db:
                return self._sync_from(db, progress, cancel)

    def _sync_from(
        self, db: Database, progress: Progress | None, cancel: threading.Event | None
    ) -> int:
        seq, lineage = self._now(db)
        on_disk = None
        if self._folder_lock is not None:
            # Another process may have synced or rebuilt the index since this one looked,
            # or the catalog may no longer be the one the index was made from.
            on_disk = self._read_state(db)
            directory = self._directory.name if self._directory is not None else None
            if on_disk is None or on_disk.directory != directory:
                self._close_index()
                on_disk = self._open_state(db)
                if on_disk is None:
                    return self._rebuild_from(db, progress, cancel)
            elif (on_disk.seq, on_disk.lineage) != (self._seen, self._lineage):
                self._seen, self._lineage, self._gone = on_disk.seq, on_disk.lineage, None
        if seq < self._seen:
            log.warning("the catalog's change counter went backwards; rebuilding the index")
            return self._rebuild_from(db, progress, cancel)
        if self._ix is None or self._directory is None:
            return 0
        count = 0
        if seq != self._seen:
            ids = indexing.changed_since(db, self._seen)
            try:
                count = self._write(
                    self._ix, db, ids, rebuilding=False, progress=progress, cancel=cancel
                )
            except OSError as exc:
                raise IndexUnavailable(_cannot_write(exc)) from exc
        state = _State(self._directory.name, seq, lineage)
        if state != on_disk:
            self._write_state(state)
        self._seen, self._lineage = seq, lineage
        self._refresh()
        return count

    # ------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _reading(self) -> Iterator[tuple[Searcher, set[int] | None]]:
        """The searcher, caught up first when possible, and the ids to hide if stale."""
        self._ensure_open()
        seq = identity.change_seq(self._db)
        if seq != self._seen and self._write_lock.acquire(blocking=False):
            try:
                self._sync_locked(None, None, wait=False)
            finally:
                self._write_lock.release()
        gone = None if seq == self._seen else self._gone_since(seq)
        with self._read_lock:
            if self._searcher is None:
                raise IndexUnavailable(INDEX_CLOSED)
            yield self._searcher, gone

    def _gone_since(self, seq: int) -> set[int]:
        """Items trashed or deleted since the index last saw the catalog (to hide them)."""
        seen = self._seen
        if self._gone is not None and self._gone[:2] == (seen, seq):
            return self._gone[2]
        gone = (
            indexing.gone_among(self._db, indexing.changed_since(self._db, seen))
            if seq > seen
            else set()
        )
        self._gone = (seen, seq, gone)
        return gone

    def _guarded(self, work: Callable[[], _T]) -> _T:
        """Run a search; if the index itself fails (Whoosh never checksums its files), build
        it again from the catalog and run the search once more."""
        try:
            return work()
        except (CarnetError, KeyboardInterrupt):
            raise
        except Exception as exc:
            log.warning("the search index failed (%r); rebuilding it from the catalog", exc)
            with self._write_lock:
                self._close_index()
                try:
                    self._rebuild_locked(None, None)
                except OSError as error:
                    raise IndexUnavailable(
                        Text("cannot rebuild the search index: {error}", error=str(error))
                    ) from exc
            return work()

    def _parse(self, text: str) -> ParsedQuery:
        if self._parser is None:
            self._parser = make_parser()
        return parse(self._parser, text)

    def _event_filter(self, q: wq.Query, event: str | None) -> wq.Query:
        if event is None:
            return q
        if indexing.event_id(self._db, event) is None:
            raise NotFound(Text("no event {slug!r}", slug=event))
        return wq.And([q, wq.Term("kw", KEY_PREFIXES["slug"] + event)])

    def matching_ids(self, query: str, *, event: str | None = None) -> set[int]:
        """Every item matching ``query``, unscored (to filter the desktop grid).

        Raises ``QueryError`` for a query that cannot be read and ``NotFound`` for an
        unknown event.
        """
        parsed = self._parse(query)
        q = self._event_filter(parsed.query, event)

        def run_query() -> set[int]:
            with self._reading() as (searcher, gone):
                run = Run(searcher, self._cache)
                found = run.item_ids(run.matches(expand(q, searcher.reader())))
            return found - gone if gone else found

        return self._guarded(run_query)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        facets: bool = False,
        event: str | None = None,
    ) -> SearchResults:
        """The best ``limit`` items for ``query``, with snippets, and facet counts if asked.

        ``total`` is exact. Raises ``QueryError`` for a query that cannot be read (with a
        message for the user) and ``NotFound`` for an unknown event.
        """
        if limit < 1 or limit > MAX_LIMIT:
            raise QueryError(
                Text("the number of results is between 1 and {most}", most=f"{MAX_LIMIT:,}")
            )
        parsed = self._parse(query)
        q = self._event_filter(parsed.query, event)

        def run_query() -> tuple[
            set[int], list[tuple[int, float]], dict[str, dict[int, int]], str | None, bool
        ]:
            with self._reading() as (searcher, gone):
                expanded = expand(q, searcher.reader())
                run = Run(searcher, self._cache)
                matched = run.matches(expanded)
                items = run.item_ids(matched)
                if gone:
                    items -= gone
                ranked = run.top(expanded, matched, limit + (len(gone) if gone else 0))
                counts = run.facet_counts(matched, gone) if facets else {}
                suggestion = None if items else self._suggest(searcher, parsed, event)
            if gone:
                ranked = [(i, s) for i, s in ranked if i not in gone]
            return items, ranked, counts, suggestion, gone is not None

        items, ranked, counts, suggestion, stale = self._guarded(run_query)
        hits = self._hits(ranked[:limit], parsed)
        facet_values: dict[str, list[FacetValue]] = {}
        if facets:
            named = documents.facet_labels(self._db, counts, limit=FACET_LIMIT)
            facet_values = {
                name: [FacetValue(v, label, n) for v, label, n in values]
                for name, values in named.items()
            }
        return SearchResults(
            query=query,
            total=len(items),
            hits=hits,
            facets=facet_values,
            suggestion=suggestion,
            stale=stale,
        )

    def _hits(self, ranked: list[tuple[int, float]], parsed: ParsedQuery) -> list[SearchHit]:
        rows = documents.hit_rows(self._db, [i for i, _ in ranked])
        hits: list[SearchHit] = []
        for item_id, score in ranked:
            row = rows.get(item_id)
            if row is None:  # trashed or deleted since the index last saw it
                continue
            title = row.title or row.original_name
            title_html, _ = highlight(title, parsed.highlight, row.language, width=None)
            best = ("", -1)
            for text in (row.caption, row.transcription):
                snippet, count = highlight(text, parsed.highlight, row.language)
                if snippet and count > best[1]:
                    best = (snippet, count)
            # Words found only in what the machine read: say so, and show them there.
            ocr_only = False
            if row.ocr_text and best[1] <= 0:
                ocr_snippet, ocr_count = highlight(row.ocr_text, parsed.highlight, row.language)
                person = (title, row.alt_text, row.session)
                if ocr_count and not any(
                    highlight(t, parsed.highlight, row.language)[1] for t in person if t
                ):
                    ocr_only = True
                    best = (ocr_snippet, ocr_count)
            hits.append(
                SearchHit(
                    id=item_id,
                    score=round(score, 4),
                    title=title,
                    title_html=title_html,
                    snippet_html=best[0],
                    event=row.event,
                    session=row.session,
                    captured_at=row.captured_at,
                    published=row.published,
                    ocr_only=ocr_only,
                )
            )
        return hits

    # ------------------------------------------------------------------ suggestions

    def _suggest(self, searcher: Searcher, parsed: ParsedQuery, event: str | None) -> str | None:
        """A corrected query when some words are in no item and a close spelling is."""
        reader = searcher.reader()
        replacements: list[tuple[Word, str]] = []
        for word in parsed.words:
            if word.field == ANY:
                if _stem_frequency(reader, word.text):
                    continue
                better = _closest_word(reader, word.text)
            elif word.field in WORD_KEYS:
                prefix = KEY_PREFIXES[word.field]
                if reader.doc_frequency("kw", prefix + word.text):
                    continue
                better = _closest_keyword(reader, prefix, word.text)
            else:
                continue
            if better is not None:
                replacements.append((word, better))
        if not replacements:
            return None
        text = parsed.text
        for word, better in sorted(replacements, key=lambda r: r[0].start, reverse=True):
            text = text[: word.start] + better + text[word.end :]
        try:
            corrected = self._event_filter(self._parse(text).query, event)
        except QueryError:
            return None
        run = Run(searcher, self._cache)
        return text if run.item_ids(run.matches(expand(corrected, reader))) else None


def _stem_frequency(reader: Any, word: str) -> int:
    """In how many items a word occurs, through its stems (the largest count)."""
    return max(int(reader.doc_frequency("text", stem(word, lang))) for lang in LANGUAGES)


def _closest_word(reader: Any, word: str) -> str | None:
    """The most frequent vocabulary word at the smallest edit distance from ``word``."""
    if len(word) < 3:
        return None
    for maxdist in (1, 2):
        best: tuple[int, str] | None = None
        for candidate in reader.terms_within("exact", word, maxdist, prefix=1):
            if candidate == word:
                continue
            frequency = _stem_frequency(reader, candidate)
            if frequency and (best is None or (-frequency, candidate) < best):
                best = (-frequency, candidate)
        if best is not None:
            return best[1]
    return None


def _closest_keyword(reader: Any, prefix: str, word: str) -> str | None:
    """The most frequent name word of a field at the smallest edit distance."""
    if len(word) < 3:
        return None
    for maxdist in (1, 2):
        best: tuple[int, str] | None = None
        for candidate in reader.terms_within("kw", prefix + word, maxdist, prefix=len(prefix) + 1):
            if not candidate.startswith(prefix) or candidate == prefix + word:
                continue
            key = (-reader.doc_frequency("kw", candidate), candidate)
            if best is None or key < best:
                best = key
        if best is not None:
            return best[1][len(prefix) :]
    return None


def _cannot_write(exc: BaseException) -> Text:
    return Text("cannot write the search index: {error}", error=str(exc))
