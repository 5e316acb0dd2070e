"""The search index of an archive: a Whoosh index kept in step with the catalog.

The index is a cache. It lives in ``ARCHIVE/index/``::

    index/state.json        {"format": "carnet-search", "version": 1, "dir": "v1-3fa2c1d0",
                             "seq": 1234}
    index/v1-3fa2c1d0/      the Whoosh index itself

``seq`` is the catalog's ``change_seq`` the index reflects. It is written (atomically)
*after* each Whoosh commit, so a crash between the catalog commit and the index commit, or
between the index commit and the state file, only makes the next ``sync`` index a few
items again. A rebuild writes a new folder and switches ``state.json`` to it in one rename:
a reader never sees a half-built index, and a rebuild that dies leaves the old one in use.
The index is rebuilt from the catalog when the state file is missing or of another schema
version, when Whoosh cannot open the folder, when a probe read fails, or when the catalog's
counter went backwards (a catalog restored from a backup).

Writers: one process holds the archive's writer lock, and within it ``SearchIndex``
serialises its own writes; Whoosh's ``WRITELOCK`` (an ``flock`` the OS releases when its
holder dies) is never deleted by hand. Readers keep one searcher, refreshed after each
commit; a search never waits for a writer: when another thread is indexing, it searches
the last committed state and says so (``stale``).

A read-only archive (no writer lock) is never written to. If its index is usable but
behind, it is searched as it is, with trashed and deleted items hidden and the results
marked ``stale``; if it is missing, unreadable or of another version, a private copy is
built in a temporary folder, kept in step while it lives, and deleted by ``close()``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.index import FileIndex
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher

from carnet.catalog.archive import Archive
from carnet.errors import Cancelled, NotFound
from carnet.fsutil import atomic_write_bytes
from carnet.search import documents
from carnet.search.errors import IndexUnavailable, QueryError
from carnet.search.highlight import highlight
from carnet.search.query import ParsedQuery, Word, expand, make_parser, parse
from carnet.search.results import FacetValue, SearchHit, SearchResults
from carnet.search.analysis import (
    KEY_PREFIXES,
    LANGUAGES,
    WORD_KEYS,
    encode_keywords,
    stem,
    vocabulary,
)
from carnet.search.schema import ANY, SCHEMA_VERSION, index_schema

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

STATE_NAME = "state.json"
STATE_FORMAT = "carnet-search"
#: Above this many changed items a sync finds their documents by scanning the id column
#: of each segment once, instead of one term lookup per item.
_SCAN_DELETES = 200
#: How long a writer waits for Whoosh's lock (held only by this process's other threads).
_WRITER_TIMEOUT = 30.0
#: Facet values listed per facet.
FACET_LIMIT = 20
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class _State:
    directory: str
    seq: int


class _Segments:
    """Item ids by document number for each segment, cached while the segment lives.

    Segments never change once written (deletions are kept aside), so the id column of
    a segment is read once; mapping a full result set to item ids is then a list lookup.
    """

    def __init__(self) -> None:
        self._ids: dict[str, list[int]] = {}

    def ids(self, leaf: Any) -> list[int]:
        key = leaf.segment().segment_id()
        found = self._ids.get(key)
        if found is None:
            column = leaf.column_reader("id", translate=True)
            found = [int(x) for x in column]
            self._ids[key] = found
        return found

    def keep(self, leaves: Iterable[Any]) -> None:
        current = {leaf.segment().segment_id() for leaf in leaves}
        for key in list(self._ids):
            if key not in current:
                del self._ids[key]


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    return [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())


class SearchIndex:
    """Full-text search over one archive, through an index kept in step with its catalog.

    Nothing happens when it is made: the index is opened (and built or caught up when
    needed) on the first ``search``, ``matching_ids`` or ``sync``. The commands that
    change items call ``sync()`` after their write; ``rebuild()`` starts from scratch.
    Safe to share between threads; ``close()`` when done.
    """

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        self._db = archive.db
        self._root = archive.paths.index
        self._writable = archive.writable
        self._schema = index_schema()
        self._write_lock = threading.RLock()
        self._read_lock = threading.RLock()
        self._parser: QueryParser | None = None
        self._ix: FileIndex | None = None
        self._searcher: Searcher | None = None
        self._directory: Path | None = None
        self._seen = 0
        self._segments = _Segments()
        self._temp: tempfile.TemporaryDirectory[str] | None = None

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
        with self._write_lock, self._read_lock:
            self._close_index()
            if self._temp is not None:
                with contextlib.suppress(OSError):
                    self._temp.cleanup()
                self._temp = None

    def _close_index(self) -> None:
        if self._searcher is not None:
            with contextlib.suppress(Exception):
                self._searcher.close()
        if self._ix is not None:
            with contextlib.suppress(Exception):
                self._ix.close()
        self._searcher = None
        self._ix = None
        self._directory = None

    @property
    def is_temporary(self) -> bool:
        """True when this read-only archive is searched through a private temporary copy."""
        return self._temp is not None

    @property
    def _owned(self) -> bool:
        """Whether this object may write the index it has open."""
        return self._writable or self._temp is not None

    # ------------------------------------------------------------------ state file

    def _state_path(self) -> Path:
        return self._root / STATE_NAME

    def _read_state(self) -> _State | None:
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
            or not isinstance(data.get("dir"), str)
            or not isinstance(data.get("seq"), int)
            or "/" in data["dir"]
            or "\\" in data["dir"]
            or data["dir"].startswith(".")
        ):
            log.info("search index of another version; it will be rebuilt")
            return None
        return _State(data["dir"], data["seq"])

    def _write_state(self, state: _State) -> None:
        payload = {
            "format": STATE_FORMAT,
            "version": SCHEMA_VERSION,
            "dir": state.directory,
            "seq": state.seq,
        }
        atomic_write_bytes(self._state_path(), json.dumps(payload).encode("utf-8"))

    # ------------------------------------------------------------------ opening

    def _ensure_open(self) -> None:
        if self._ix is not None:
            return
        with self._write_lock:
            if self._ix is not None:
                return
            state = self._read_state()
            if state is not None:
                path = self._root / state.directory
                try:
                    ix = windex.open_dir(str(path), schema=self._schema)
                    self._install(ix, path, state.seq)
                    return
                except Exception as exc:  # Whoosh raises many kinds; all mean "rebuild".
                    log.warning("search index unreadable (%s); rebuilding it", exc)
                    self._close_index()
            self._rebuild_locked(None, None)

    def _install(self, ix: FileIndex, path: Path, seq: int) -> None:
        searcher = ix.searcher()
        try:
            self._probe(searcher)
        except BaseException:
            searcher.close()
            raise
        with self._read_lock:
            old = self._searcher
            self._ix, self._searcher, self._directory, self._seen = ix, searcher, path, seq
            if old is not None:
                with contextlib.suppress(Exception):
                    old.close()

    def _probe(self, searcher: Searcher) -> None:
        """Read a little of every file of the index; raises when something is broken."""
        reader = searcher.reader()
        leaves = [leaf for leaf, _ in _leaves(reader)]
        for leaf in leaves:
            ids = self._segments.ids(leaf)
            if len(ids) != leaf.doc_count_all():
                raise IndexUnavailable("the id column does not match the documents")
        self._segments.keep(leaves)
        for fieldname in ("text", "kw", "exact"):
            for term in reader.lexicon(fieldname):
                list(reader.postings(fieldname, term).all_ids())
                break

    # ------------------------------------------------------------------ writing

    def rebuild(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> int:
        """Index every item from scratch (``carnet reindex``); returns how many.

        The new index is written beside the old one, which stays in use until the new
        one is complete; cancelling (``Cancelled``) leaves the old one as it was.
        """
        with self._write_lock:
            return self._rebuild_locked(progress, cancel)

    def _rebuild_locked(self, progress: Progress | None, cancel: threading.Event | None) -> int:
        if self._writable:
            parent = self._root
        else:
            if self._temp is None:
                self._temp = tempfile.TemporaryDirectory(prefix="carnet-search-")
            parent = Path(self._temp.name)
        path = parent / f"v{SCHEMA_VERSION}-{secrets.token_hex(4)}"
        target = documents.change_seq(self._db)
        ids = documents.all_item_ids(self._db)
        try:
            path.mkdir(parents=True)
            ix = windex.create_in(str(path), self._schema)
        except OSError as exc:
            raise IndexUnavailable(f"cannot create the search index in {path}: {exc}") from exc
        try:
            writer = ix.writer(limitmb=256)
            try:
                count = self._add(writer, ids, progress, cancel)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
        except BaseException as exc:
            with contextlib.suppress(Exception):
                ix.close()
            shutil.rmtree(path, ignore_errors=True)
            if isinstance(exc, OSError):
                raise IndexUnavailable(f"cannot write the search index: {exc}") from exc
            raise
        if self._writable:
            self._write_state(_State(path.name, target))
        self._install(ix, path, target)
        self._remove_other_versions(parent, path.name)
        log.info("search index rebuilt: %d items", count)
        return count

    def _remove_other_versions(self, parent: Path, keep: str) -> None:
        # Another process may still read an old folder: on POSIX its open files live on
        # until it closes them; elsewhere the removal fails and is retried next time.
        for child in parent.iterdir():
            if child.is_dir() and child.name.startswith("v") and child.name != keep:
                shutil.rmtree(child, ignore_errors=True)

    def _add(
        self,
        writer: Any,
        ids: list[int],
        progress: Progress | None,
        cancel: threading.Event | None,
        known: Callable[[str], bool] | None = None,
    ) -> int:
        """Add the documents of ``ids``, and a vocabulary document per chunk for the words
        the index does not know yet (``known`` says which it does)."""
        done = added = 0
        total = len(ids)
        seen: set[str] = set()
        vocabulary_fields = {"id": 0, "kw": encode_keywords({"kind": ["vocabulary"]})}
        if progress:
            progress(0, total)
        for chunk in documents.fetch_documents(self._db, ids):
            if cancel is not None and cancel.is_set():
                raise Cancelled("indexing cancelled; the search index was left as it was")
            words: set[str] = set()
            for doc in chunk:
                fields = doc.fields()
                writer.add_document(**fields)
                words |= vocabulary(fields["text"])
            words -= seen
            seen |= words
            if known is not None:
                words = {w for w in words if not known(w)}
            if words:
                writer.add_document(exact=" ".join(sorted(words)), **vocabulary_fields)
            added += len(chunk)
            done = min(total, done + documents.CHUNK)
            if progress:
                progress(done, total)
        if progress and done < total:
            progress(total, total)
        return added

    def sync(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> int:
        """Bring the index up to the catalog; returns how many items were reindexed.

        Cheap when nothing changed (one query). On a read-only archive whose index is on
        disk this does nothing: the archive's writer keeps it in step.
        """
        self._ensure_open()
        with self._write_lock:
            return self._sync_locked(progress, cancel)

    def _sync_locked(self, progress: Progress | None, cancel: threading.Event | None) -> int:
        if not self._owned or self._ix is None:
            return 0
        target = documents.change_seq(self._db)
        if target == self._seen:
            return 0
        if target < self._seen:
            log.warning("the catalog's change counter went backwards; rebuilding the index")
            return self._rebuild_locked(progress, cancel)
        ids = documents.changed_since(self._db, self._seen)
        try:
            writer = self._ix.writer(timeout=_WRITER_TIMEOUT)
        except Exception as exc:
            raise IndexUnavailable(f"cannot write the search index: {exc}") from exc
        try:
            self._delete(writer, ids)
            reader = self._searcher.reader() if self._searcher is not None else None
            count = self._add(
                writer,
                ids,
                progress,
                cancel,
                known=(lambda w: ("exact", w) in reader) if reader is not None else None,
            )
            writer.commit()
        except BaseException as exc:
            with contextlib.suppress(Exception):
                writer.cancel()
            if isinstance(exc, OSError):
                raise IndexUnavailable(f"cannot write the search index: {exc}") from exc
            raise
        if self._writable and self._directory is not None:
            self._write_state(_State(self._directory.name, target))
        self._seen = target
        self._refresh()
        return count

    def _delete(self, writer: Any, ids: list[int]) -> None:
        if len(ids) <= _SCAN_DELETES:
            for item_id in ids:
                writer.delete_by_term("id", item_id)
            return
        wanted = set(ids)
        reader = writer.reader()
        try:
            for leaf, offset in _leaves(reader):
                for docnum, item_id in enumerate(self._segments.ids(leaf)):
                    if item_id in wanted:
                        writer.delete_document(offset + docnum)
        finally:
            reader.close()

    def _refresh(self) -> None:
        with self._read_lock:
            if self._searcher is None:
                return
            self._searcher = self._searcher.refresh()
            self._segments.keep(leaf for leaf, _ in _leaves(self._searcher.reader()))

    # ------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _reading(self) -> Iterator[tuple[Searcher, set[int] | None]]:
        """The searcher, caught up first when possible, and the ids to hide if stale."""
        self._ensure_open()
        gone: set[int] | None = None
        seq = documents.change_seq(self._db)
        if seq != self._seen and self._owned and self._write_lock.acquire(blocking=False):
            try:
                self._sync_locked(None, None)
            finally:
                self._write_lock.release()
        if seq != self._seen:
            if seq < self._seen:
                gone = set()
            else:
                changed = documents.changed_since(self._db, self._seen)
                gone = documents.gone_among(self._db, changed)
        with self._read_lock:
            if self._searcher is None:
                raise IndexUnavailable("the search index is closed")
            yield self._searcher, gone

    def _parse(self, text: str) -> ParsedQuery:
        if self._parser is None:
            self._parser = make_parser()
        return parse(self._parser, text)

    def _event_filter(self, q: wq.Query, event: str | None) -> wq.Query:
        if event is None:
            return q
        if documents.event_id(self._db, event) is None:
            raise NotFound(f"no event {event!r}")
        return wq.And([q, wq.Term("kw", KEY_PREFIXES["slug"] + event)])

    def _doc_ids(self, searcher: Searcher, q: wq.Query) -> list[int]:
        """Item ids of every document matching ``q`` (an expanded query), unscored."""
        found: list[int] = []
        for sub, _offset in searcher.leaf_searchers():
            ids = self._segments.ids(sub.reader())
            found.extend(map(ids.__getitem__, q.docs(sub)))
        if found and min(found) == 0:  # vocabulary documents
            found = [i for i in found if i]
        return found

    def matching_ids(self, query: str, *, event: str | None = None) -> set[int]:
        """Every item matching ``query``, unscored (to filter the desktop grid)."""
        parsed = self._parse(query)
        q = self._event_filter(parsed.query, event)
        with self._reading() as (searcher, gone):
            found = set(self._doc_ids(searcher, expand(q, searcher.reader())))
        return found - gone if gone else found

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        facets: bool = False,
        event: str | None = None,
    ) -> SearchResults:
        """The best ``limit`` items for ``query``, with snippets, and facet counts if asked.

        Raises ``QueryError`` for a query that cannot be read (with a message for the
        user) and ``NotFound`` for an unknown event.
        """
        if limit < 1 or limit > MAX_LIMIT:
            raise QueryError(f"the number of results is between 1 and {MAX_LIMIT:,}")
        parsed = self._parse(query)
        q = self._event_filter(parsed.query, event)
        with self._reading() as (searcher, gone):
            q = expand(q, searcher.reader())
            extra = len(gone) if gone else 0
            results = searcher.search(q, limit=limit + extra)
            ranked: list[tuple[int, float]] = []
            leaf_list = _leaves(searcher.reader())
            for docnum, score in ((r.docnum, r.score) for r in results):
                ranked.append((self._item_id(leaf_list, docnum), float(score or 0.0)))
            if facets or results.scored_length() >= limit + extra:
                all_ids: list[int] | None = self._doc_ids(searcher, q)
            else:
                all_ids = None
            suggestion = None
            if not ranked:
                suggestion = self._suggest(searcher, parsed, event)
        ranked = [(i, s) for i, s in ranked if i]
        if gone:
            ranked = [(i, s) for i, s in ranked if i not in gone]
            if all_ids is not None:
                all_ids = [i for i in all_ids if i not in gone]
        total = len(all_ids) if all_ids is not None else len(ranked)
        hits = self._hits(ranked[:limit], parsed)
        facet_values: dict[str, list[FacetValue]] = {}
        if facets and all_ids:
            counts = documents.facet_counts(self._db, all_ids, limit=FACET_LIMIT)
            facet_values = {
                name: [FacetValue(v, label, n) for v, label, n in values]
                for name, values in counts.items()
            }
        elif facets:
            facet_values = {name: [] for name in documents.FACETS}
        return SearchResults(
            query=query,
            total=total,
            hits=hits,
            facets=facet_values,
            suggestion=suggestion,
            stale=gone is not None,
        )

    def _item_id(self, leaf_list: list[tuple[Any, int]], docnum: int) -> int:
        for leaf, offset in reversed(leaf_list):
            if docnum >= offset:
                return self._segments.ids(leaf)[docnum - offset]
        raise IndexUnavailable(f"document {docnum} is not in the index")

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
        corrected = expand(corrected, reader)
        for sub, _offset in searcher.leaf_searchers():
            for _docnum in corrected.docs(sub):
                return text
        return None


def _stem_frequency(reader: Any, word: str) -> int:
    """In how many items a word occurs, through its stems (the largest count)."""
    return max(reader.doc_frequency("text", stem(word, lang)) for lang in LANGUAGES)


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
