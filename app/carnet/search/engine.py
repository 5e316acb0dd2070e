"""Running a query over the index: the full set of matches with sets, the top N with BM25.

Whoosh's matchers walk postings one Python call at a time, twice per ranked search when
the total is wanted. Here each term's postings are read once per segment (Whoosh segments
never change once written) and kept in a bounded cache; a query is then set algebra over
them, in C, and only the matching documents are scored. A phrase reads its words' postings
and positions in one pass (``carnet.search.postings``) and compares positions only in the
documents that hold every word.

Ranking is Okapi BM25 as Whoosh computes it (``B`` 0.75, ``K1`` 1.2), summed over the
positive terms of the query, with each term's boost (title words carry theirs in the
indexed weight).
"""

from __future__ import annotations

import heapq
import math
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, mul, truediv
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from carnet.search.postings import read_positions, read_postings
from carnet.search.schema import SINGLE_SIZE, PackedPositions

B = 0.75
K1 = 1.2

#: Postings kept in memory, all terms together (a posting costs 8 bytes).
POSTING_CACHE = 4_000_000
#: Phrase results kept in memory.
PHRASE_CACHE = 512


def load_column(column: Any) -> array[int]:
    """A numeric column of a segment as an array, read in one go when possible.

    Whoosh's public way (iterating the column) costs a file read per document; its
    fixed-width numeric columns are one big-endian array on disk, which ``get_array``
    reads at once. The fast path is checked against the public one and falls back to it.
    """
    try:
        values: array[int] = column._dbfile.get_array(
            column._basepos, column._typecode, column._count
        )
        count = len(column)
        if len(values) == count and all(values[i] == column[i] for i in (0, count - 1)):
            return values
    except Exception:  # any surprise in Whoosh's internals: take the slow path
        pass
    return array("q", list(column))


def load_bytes_column(column: Any) -> list[bytes]:
    """A variable-bytes column of a segment as a list, its data read in one go when possible.

    Whoosh's public way costs a file read per document; the column's values are stored end
    to end, with their lengths in an array. The fast path is checked against the public
    one and falls back to it.
    """
    try:
        lengths = column._lengths
        data = column._dbfile.get(column._basepos, sum(lengths))
        ends = list(accumulate(lengths))
        values = [data[start:end] for start, end in zip([0, *ends], ends, strict=False)]
        count = len(values)
        if count == len(column) and all(values[i] == column[i] for i in (0, count - 1)):
            return values
    except Exception:  # any surprise in Whoosh's internals: take the slow path
        pass
    return list(column)


#: The catalog ids of a segment's documents, one column per facet: ``Document.facet_keys``'
#: bytes split at ``;`` (event, session, then speakers, illustrators and tags, each
#: comma-separated), ``b""`` for none. Kept as bytes: counting them with ``Counter`` (in C)
#: and converting the few distinct values is much cheaper than parsing every document.
FacetColumns = tuple[tuple[bytes, ...], ...]
FACET_NAMES = ("event", "session", "speaker", "illustrator", "tag")
_WIDTH = len(FACET_NAMES)
_NO_FACETS = b";" * (_WIDTH - 1)


def _facet_columns(values: list[bytes]) -> FacetColumns:
    # Documents without facets (vocabulary documents) have an empty value. When every
    # value has its five parts, one join and one split (in C) cut them all.
    values = [value or _NO_FACETS for value in values]
    if values and set(map(bytes.count, values, repeat(b";"))) == {_WIDTH - 1}:
        parts = b";".join(values).split(b";")
        return tuple(tuple(parts[i::_WIDTH]) for i in range(_WIDTH))
    rows = [value.split(b";") for value in values]
    return tuple(zip(*(row if len(row) == _WIDTH else [b""] * _WIDTH for row in rows), strict=True))


@dataclass
class Segment:
    """What a search needs of one segment: item ids and text lengths by document number."""

    key: str
    ids: array[int]
    lengths: array[int]


@dataclass
class _Leaf:
    searcher: Searcher
    reader: Any
    segment: Segment
    deleted: frozenset[int]
    _live: frozenset[int] | None = None

    @property
    def live(self) -> frozenset[int]:
        if self._live is None:
            self._live = frozenset(range(len(self.segment.ids))) - self.deleted
        return self._live


class Cache:
    """Segments' columns and postings, shared by the searches of one index.

    Entries are keyed by segment id, so a commit invalidates nothing that still exists;
    ``keep`` drops the segments merged away.
    """

    def __init__(self, limit: int = POSTING_CACHE) -> None:
        self._lock = threading.Lock()
        self._segments: dict[str, Segment] = {}
        self._postings: OrderedDict[tuple[str, str, str], tuple[array[int], array[float]]] = (
            OrderedDict()
        )
        self._phrases: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self._norms: dict[tuple[str, float], list[float]] = {}
        self._deleted: dict[tuple[str, int], frozenset[int]] = {}
        self._facets: dict[str, FacetColumns] = {}
        # One loader at a time per segment's facets: a search that needs them while the
        # warm-up thread reads them waits for it instead of doing the same work beside it.
        self._facet_loading: dict[str, threading.Lock] = {}
        self._size = 0
        self._limit = limit

    def segment(self, leaf: Any) -> Segment:
        key = str(leaf.segment().segment_id())
        with self._lock:
            found = self._segments.get(key)
        if found is None:
            ids = load_column(leaf.column_reader("id", translate=False))
            lengths = load_column(leaf.column_reader("length", translate=False))
            found = Segment(key, ids, lengths)
            with self._lock:
                self._segments[key] = found
        return found

    def facets(self, leaf: Any, segment: Segment) -> FacetColumns:
        """Each document's catalog ids by facet (read from the column on first use)."""
        with self._lock:
            found = self._facets.get(segment.key)
            if found is not None:
                return found
            loading = self._facet_loading.setdefault(segment.key, threading.Lock())
        with loading:
            with self._lock:
                found = self._facets.get(segment.key)
            if found is None:
                column = leaf.column_reader("facets", translate=False)
                found = _facet_columns(load_bytes_column(column))
                with self._lock:
                    self._facets[segment.key] = found
        return found

    def norms(self, segment: Segment, average: float) -> list[float]:
        """BM25's length normalisation of each document of a segment."""
        key = (segment.key, round(average, 1))
        with self._lock:
            found = self._norms.get(key)
        if found is None:
            found = [K1 * ((1 - B) + B * (n or average) / average) for n in segment.lengths]
            with self._lock:
                self._norms = {k: v for k, v in self._norms.items() if k[0] != segment.key}
                self._norms[key] = found
        return found

    def deleted(self, leaf: Any) -> frozenset[int]:
        """The deleted documents of a segment (they only ever grow: keyed by their count)."""
        key = (str(leaf.segment().segment_id()), leaf.doc_count())
        with self._lock:
            found = self._deleted.get(key)
        if found is None:
            is_deleted = leaf.is_deleted
            found = frozenset(d for d in range(leaf.doc_count_all()) if is_deleted(d))
            with self._lock:
                self._deleted = {k: v for k, v in self._deleted.items() if k[0] != key[0]}
                self._deleted[key] = found
        return found

    def warm(
        self, searcher: Searcher, lock: AbstractContextManager[Any], go_on: Callable[[], bool]
    ) -> None:
        """Read what searches need of each segment of ``searcher`` besides postings: the
        id and length columns, the deleted documents, BM25's norms and the facets.

        Run in a background thread when an index opens (the facets of 100,000 items take
        a hundred milliseconds or more to read), so the first search does not wait for
        them. Each segment is read holding ``lock`` (the index's read lock: Whoosh's
        readers are used by one thread at a time), a few milliseconds each, and only while
        ``go_on()`` says so.
        """
        with lock:
            if not go_on():
                return
            average = searcher.avg_field_length("text", 1.0) or 1.0
            readers = [sub.reader() for sub, _offset in searcher.leaf_searchers()]
        for reader in readers:
            with lock:
                if not go_on():
                    return
                if reader.segment() is None:
                    continue
                segment = self.segment(reader)
                if reader.has_deletions():
                    self.deleted(reader)
                self.norms(segment, average)
                self.facets(reader, segment)

    def clear_postings(self) -> None:
        """Forget every cached posting list (the benchmark's "first search" figures)."""
        with self._lock:
            self._postings.clear()
            self._phrases.clear()
            self._size = 0

    def keep(self, keys: Iterable[str]) -> None:
        current = set(keys)
        with self._lock:
            for key in [k for k in self._segments if k not in current]:
                del self._segments[key]
            for pkey in [k for k in self._postings if k[0] not in current]:
                self._size -= len(self._postings.pop(pkey)[0])
            for fkey in [k for k in self._phrases if k[0] not in current]:
                del self._phrases[fkey]
            self._norms = {k: v for k, v in self._norms.items() if k[0] in current}
            self._deleted = {k: v for k, v in self._deleted.items() if k[0] in current}
            self._facets = {k: v for k, v in self._facets.items() if k in current}
            self._facet_loading = {k: v for k, v in self._facet_loading.items() if k in current}

    def postings(self, leaf: _Leaf, field: str, text: str) -> tuple[array[int], array[float]]:
        """Document numbers and weights of a term in a segment."""
        return self._postings_of(leaf, field, text, None)

    def _postings_of(
        self, leaf: _Leaf, field: str, text: str, values: dict[int, bytes] | None
    ) -> tuple[array[int], array[float]]:
        """``postings``; when they are read from the index (not cached) and ``values`` is
        given, also each document's encoded positions into it."""
        key = (leaf.segment.key, field, text)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        if (field, text) in leaf.reader:
            ids, weights = read_postings(leaf.reader, field, text, values=values)
        else:
            ids, weights = array("I"), array("f")
        with self._lock:
            if key not in self._postings:
                self._postings[key] = (ids, weights)
                self._size += len(ids)
                while self._size > self._limit and len(self._postings) > 1:
                    _, (old, _w) = self._postings.popitem(last=False)
                    self._size -= len(old)
        return ids, weights

    def phrase(self, leaf: _Leaf, q: wq.Phrase) -> frozenset[int]:
        """The documents (deleted ones included) where the words of ``q`` make the phrase."""
        key = (leaf.segment.key, repr(q))
        with self._lock:
            found = self._phrases.get(key)
        if found is not None:
            return found
        # A word whose postings are not cached yet is read once for its documents and
        # their positions; the others' positions are read for the candidates only.
        known: dict[str, dict[int, bytes]] = {}
        candidates: set[int] | None = None
        for word in dict.fromkeys(str(w) for w in q.words):
            values: dict[int, bytes] = {}
            ids = self._postings_of(leaf, q.fieldname, word, values)[0]
            if values:
                known[word] = values
            candidates = set(ids) if candidates is None else candidates.intersection(ids)
            if not candidates:
                break
        found = frozenset(_phrase_docs(leaf.reader, q, sorted(candidates or ()), known))
        with self._lock:
            self._phrases[key] = found
            while len(self._phrases) > PHRASE_CACHE:
                self._phrases.popitem(last=False)
        return found


def _phrase_docs(
    reader: Any, q: wq.Phrase, candidates: list[int], known: dict[str, dict[int, bytes]]
) -> list[int]:
    """Which ``candidates`` hold the words of ``q`` in order, each within ``slop`` of the last.

    ``known`` holds the encoded positions of some words already; the others' are read for
    the candidates still in the running only, from the posting blocks that hold them. Much
    cheaper than Whoosh's span matching.
    """
    words = [str(w) for w in q.words]
    field = q.fieldname
    if not candidates or not words or any((field, w) not in reader for w in words):
        return []
    fmt = reader.schema[field].format
    decode = fmt.decoder("positions")
    slop = max(1, int(q.slop))
    # A value of this size holds one position < 256, in its last byte: the common case of
    # a word once in an item is compared without decoding.
    single = SINGLE_SIZE if isinstance(fmt, PackedPositions) and slop == 1 else -1

    def encoded(word: str, docs: list[int]) -> dict[int, bytes]:
        values = known.get(word)
        return values if values is not None else read_positions(reader, field, word, docs)

    first = encoded(words[0], candidates)
    alive = [doc for doc in candidates if doc in first]
    reached: dict[int, Iterable[int]] = {}
    for n, word in enumerate(words[1:]):
        following = encoded(word, alive)
        after: dict[int, Iterable[int]] = {}
        for doc in alive:
            value = following.get(doc)
            if value is None:
                continue
            if n == 0:
                raw = first[doc]
                if len(value) == single == len(raw):
                    if value[-1] == raw[-1] + 1:
                        after[doc] = (value[-1],)
                    continue
                before: Iterable[int] = decode(raw)
            else:
                before = reached[doc]
            if slop == 1:
                hits = set(decode(value)).intersection([p + 1 for p in before])
            else:
                hits = {p for p in decode(value) if any(0 < p - r <= slop for r in before)}
            if hits:
                after[doc] = hits
        reached = after
        alive = [doc for doc in alive if doc in after]
        if not alive:
            break
    return alive


class Run:
    """One query over one searcher: matches per segment, then scores if asked."""

    def __init__(self, searcher: Searcher, cache: Cache) -> None:
        self._searcher = searcher
        self._cache = cache
        self._leaves: list[_Leaf] = []
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            if reader.segment() is None:  # an index with no document yet
                continue
            deleted = cache.deleted(reader) if reader.has_deletions() else frozenset()
            self._leaves.append(_Leaf(sub, reader, cache.segment(reader), deleted))

    # ---------------------------------------------------------------- matching

    def _match(self, q: wq.Query, leaf: _Leaf) -> frozenset[int] | set[int]:
        if isinstance(q, wq.Term):
            return set(self._cache.postings(leaf, q.fieldname, str(q.text))[0])
        if isinstance(q, wq.Phrase):
            return self._cache.phrase(leaf, q)
        if isinstance(q, wq.Not):
            return leaf.live - self._match(q.query, leaf)
        if isinstance(q, wq.AndNot):
            return set(self._match(q.a, leaf)) - self._match(q.b, leaf)
        if isinstance(q, (wq.AndMaybe, wq.Otherwise)):
            first = self._match(q.a, leaf)
            if isinstance(q, wq.Otherwise) and not first:
                return self._match(q.b, leaf)
            return first
        if isinstance(q, wq.Require):
            return set(self._match(q.a, leaf)) & self._match(q.b, leaf)
        if isinstance(q, wq.And):
            sets = sorted((self._match(s, leaf) for s in q.subqueries), key=len)
            if not sets:
                return set()
            result = set(sets[0])
            for other in sets[1:]:
                if not result:
                    break
                result &= other
            return result
        if isinstance(q, wq.CompoundQuery):  # Or, DisjunctionMax
            result = set()
            for s in q.subqueries:
                result |= self._match(s, leaf)
            return result
        if isinstance(q, type(wq.NullQuery)):
            return set()
        # Anything else (none is produced today): Whoosh's own matcher.
        return set(q.docs(leaf.searcher))

    def matches(self, q: wq.Query) -> list[tuple[_Leaf, set[int]]]:
        """Per segment, the live documents matching ``q``."""
        found = []
        for leaf in self._leaves:
            docs = set(self._match(q, leaf))
            if leaf.deleted:
                docs -= leaf.deleted
            found.append((leaf, docs))
        return found

    @staticmethod
    def item_ids(matched: list[tuple[_Leaf, set[int]]]) -> set[int]:
        """The items of matched documents (vocabulary documents, id 0, left out)."""
        items: set[int] = set()
        for leaf, docs in matched:
            ids = leaf.segment.ids
            items.update(map(ids.__getitem__, docs))
        items.discard(0)
        return items

    def facet_counts(
        self, matched: list[tuple[_Leaf, set[int]]], hidden: set[int] | None = None
    ) -> dict[str, dict[int, int]]:
        """For each facet, how many matching items carry each catalog id."""
        counts: list[Counter[bytes]] = [Counter() for _ in FACET_NAMES]
        for leaf, docs in matched:
            columns = self._cache.facets(leaf.reader, leaf.segment)
            if not columns:  # a segment of vocabulary documents only
                continue
            picked: Iterable[int] = docs
            if hidden:
                ids = leaf.segment.ids
                picked = [doc for doc in docs if ids[doc] not in hidden]
            event, session, *many = columns
            counts[0].update(map(event.__getitem__, picked))
            counts[1].update(map(session.__getitem__, picked))
            for counter, column in zip(counts[2:], many, strict=True):
                # One id or several, comma-separated: join them all and split once.
                counter.update(b",".join(map(column.__getitem__, picked)).split(b","))
        return {
            name: {int(key): n for key, n in found.items() if key}
            for name, found in zip(FACET_NAMES, counts, strict=True)
        }

    # ---------------------------------------------------------------- scoring

    def top(
        self, q: wq.Query, matched: list[tuple[_Leaf, set[int]]], limit: int
    ) -> list[tuple[int, float]]:
        """The ``limit`` best (item id, score) among the matches, best first."""
        terms = _scoring_terms(q)
        searcher = self._searcher
        total_docs = max(1, searcher.doc_count())
        average = searcher.avg_field_length("text", 1.0) or 1.0
        factors = {
            key: boost
            * (math.log(total_docs / ((searcher.doc_frequency(*key) or 1) + 1)) + 1.0)
            * (K1 + 1)
            for key, boost in terms.items()
        }
        best: list[tuple[float, int, int, int]] = []
        for position, (leaf, docs) in enumerate(matched):
            if not docs:
                continue
            norms = self._cache.norms(leaf.segment, average)
            scores: dict[int, float] = {}
            get = scores.get
            for (field, text), factor in factors.items():
                ids, weights = self._cache.postings(leaf, field, text)
                # factor * tf / (tf + norm) for each posting, computed by ``map`` over C
                # functions (a Python loop per posting is what a large result costs).
                lengths = map(norms.__getitem__, ids) if field == "text" else repeat(K1)
                values = map(truediv, map(mul, repeat(factor), weights), map(add, weights, lengths))
                keep = list(map(docs.__contains__, ids))
                pairs = zip(compress(ids, keep), compress(values, keep), strict=True)
                if not scores:
                    scores.update(pairs)
                else:
                    for doc, value in pairs:
                        scores[doc] = get(doc, 0.0) + value
            chosen = heapq.nlargest(limit + 1, scores.items(), key=itemgetter(1))
            if len(chosen) <= limit:  # matches no positive term scores (NOT queries)
                chosen += [(d, 0.0) for d in sorted(docs - scores.keys())[: limit + 1]]
            ids_of = leaf.segment.ids
            for doc, score in chosen:
                item = int(ids_of[doc])
                if not item:  # a vocabulary document
                    continue
                # Ties go to the earlier segment and document: a stable order.
                entry = (score, -position, -doc, item)
                if len(best) < limit:
                    heapq.heappush(best, entry)
                elif entry > best[0]:
                    heapq.heapreplace(best, entry)
        return [(item, round(score, 4)) for score, _p, _d, item in sorted(best, reverse=True)]


def _scoring_terms(q: wq.Query) -> dict[tuple[str, str], float]:
    """The positive terms of a query with their boosts (phrases count by their words)."""
    terms: dict[tuple[str, str], float] = {}

    def walk(node: wq.Query, boost: float, positive: bool) -> None:
        if isinstance(node, wq.Term):
            if positive:
                key = (node.fieldname, str(node.text))
                terms[key] = terms.get(key, 0.0) + boost * node.boost
            return
        if isinstance(node, wq.Phrase):
            if positive:
                for word in node.words:
                    key = (node.fieldname, str(word))
                    terms[key] = terms.get(key, 0.0) + boost * node.boost
            return
        if isinstance(node, wq.Not):
            walk(node.query, boost, not positive)
            return
        if isinstance(node, wq.AndNot):
            walk(node.a, boost, positive)
            walk(node.b, boost, not positive)
            return
        for child in node.children():
            walk(child, boost * getattr(node, "boost", 1.0), positive)

    walk(q, 1.0, True)
    return terms
