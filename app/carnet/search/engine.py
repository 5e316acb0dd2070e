"""Running a query over the index: the full set of matches with sets, the top N with BM25.

Whoosh's matchers walk postings one Python call at a time, twice per ranked search when
the total is wanted. Here each term's postings are read once per segment (Whoosh segments
never change once written) and kept in a bounded cache; a query is then set algebra over
them, in C, and only the matching documents are scored. A phrase reads the positions of
its words only in the documents that hold them all.

Ranking is Okapi BM25 as Whoosh computes it (``B`` 0.75, ``K1`` 1.2), summed over the
positive terms of the query, with each term's boost (title words carry theirs in the
indexed weight).
"""

from __future__ import annotations

import heapq
import math
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

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


#: A document's catalog ids: event, session, speakers, illustrators, tags.
Facets = tuple[int, int, tuple[int, ...], tuple[int, ...], tuple[int, ...]]
FACET_NAMES = ("event", "session", "speaker", "illustrator", "tag")
_NO_FACETS: Facets = (0, 0, (), (), ())


def _parse_facets(value: bytes) -> Facets:
    """``Document.facet_keys``' bytes back into ids (0 for none)."""
    parts = value.decode("ascii").split(";") if value else []
    if len(parts) != 5:
        return _NO_FACETS

    def many(text: str) -> tuple[int, ...]:
        return tuple(int(x) for x in text.split(",")) if text else ()

    return (int(parts[0] or 0), int(parts[1] or 0), many(parts[2]), many(parts[3]), many(parts[4]))


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
        self._facets: dict[str, list[Facets]] = {}
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

    def facets(self, leaf: Any, segment: Segment) -> list[Facets]:
        """Each document's catalog ids by facet (read from the column on first use)."""
        with self._lock:
            found = self._facets.get(segment.key)
        if found is None:
            found = [_parse_facets(value) for value in leaf.column_reader("facets")]
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

    def postings(self, leaf: _Leaf, field: str, text: str) -> tuple[array[int], array[float]]:
        """Document numbers and weights of a term in a segment."""
        key = (leaf.segment.key, field, text)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        ids: array[int] = array("I")
        weights: array[float] = array("f")
        if (field, text) in leaf.reader:
            matcher = leaf.reader.postings(field, text)
            add_id, add_weight = ids.append, weights.append
            while matcher.is_active():
                add_id(matcher.id())
                add_weight(matcher.weight())
                matcher.next()
        with self._lock:
            if key not in self._postings:
                self._postings[key] = (ids, weights)
                self._size += len(ids)
                while self._size > self._limit and len(self._postings) > 1:
                    _, (old, _w) = self._postings.popitem(last=False)
                    self._size -= len(old)
        return ids, weights

    def phrase(self, leaf: _Leaf, q: wq.Phrase, candidates: set[int]) -> frozenset[int]:
        """The candidates (documents holding every word) where the words make the phrase."""
        key = (leaf.segment.key, repr(q))
        with self._lock:
            found = self._phrases.get(key)
        if found is None:
            found = frozenset(_phrase_docs(leaf.reader, q, sorted(candidates)))
            with self._lock:
                self._phrases[key] = found
                while len(self._phrases) > PHRASE_CACHE:
                    self._phrases.popitem(last=False)
        return found


def _phrase_docs(reader: Any, q: wq.Phrase, candidates: list[int]) -> list[int]:
    """Which ``candidates`` hold the words of ``q`` in order, each within ``slop`` of the last.

    Positions are decoded only for the candidates (``skip_to`` jumps whole posting blocks
    when they are few), which is much cheaper than Whoosh's span matching.
    """
    if not candidates:
        return []
    words = [str(w) for w in q.words]
    positions: dict[str, dict[int, list[int]]] = {}
    for word in dict.fromkeys(words):
        by_doc: dict[int, list[int]] = {}
        if (q.fieldname, word) not in reader:
            return []
        matcher = reader.postings(q.fieldname, word)
        if len(candidates) * 8 < reader.doc_frequency(q.fieldname, word):
            for doc in candidates:  # few candidates: jump to each
                if not matcher.is_active():
                    break
                matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    by_doc[doc] = matcher.value_as("positions")
        else:  # many: one pass over the postings is cheaper than a jump per candidate
            wanted = set(candidates)
            while matcher.is_active():
                if matcher.id() in wanted:
                    by_doc[matcher.id()] = matcher.value_as("positions")
                matcher.next()
        positions[word] = by_doc
    slop = max(1, int(q.slop))
    found = []
    for doc in candidates:
        reachable = set(positions[words[0]].get(doc, ()))
        for word in words[1:]:
            following = positions[word].get(doc, ())
            reachable = {p for p in following if any(0 < p - r <= slop for r in reachable)}
            if not reachable:
                break
        if reachable:
            found.append(doc)
    return found


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
            words = [wq.Term(q.fieldname, w) for w in q.words]
            candidates = set(self._match(wq.And(words), leaf)) if words else set()
            candidates -= leaf.deleted
            return self._cache.phrase(leaf, q, candidates)
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
            items.update(ids[d] for d in docs)
        items.discard(0)
        return items

    def facet_counts(
        self, matched: list[tuple[_Leaf, set[int]]], hidden: set[int] | None = None
    ) -> dict[str, dict[int, int]]:
        """For each facet, how many matching items carry each catalog id."""
        event: dict[int, int] = {}
        session: dict[int, int] = {}
        speaker: dict[int, int] = {}
        illustrator: dict[int, int] = {}
        tag: dict[int, int] = {}
        for leaf, docs in matched:
            rows = self._cache.facets(leaf.reader, leaf.segment)
            ids = leaf.segment.ids
            for doc in docs:
                if hidden and ids[doc] in hidden:
                    continue
                e, s, speakers, illustrators, tags = rows[doc]
                if e:
                    event[e] = event.get(e, 0) + 1
                if s:
                    session[s] = session.get(s, 0) + 1
                for key in speakers:
                    speaker[key] = speaker.get(key, 0) + 1
                for key in illustrators:
                    illustrator[key] = illustrator.get(key, 0) + 1
                for key in tags:
                    tag[key] = tag.get(key, 0) + 1
        return dict(zip(FACET_NAMES, (event, session, speaker, illustrator, tag), strict=True))

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
                if field == "text":
                    for doc, tf in zip(ids, weights, strict=True):
                        if doc in docs:
                            scores[doc] = get(doc, 0.0) + factor * tf / (tf + norms[doc])
                else:
                    for doc, tf in zip(ids, weights, strict=True):
                        if doc in docs:
                            scores[doc] = get(doc, 0.0) + factor * tf / (tf + K1)
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
