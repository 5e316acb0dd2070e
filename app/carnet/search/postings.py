"""Posting lists written and read a block at a time.

Whoosh 2.7 writes a term's postings in blocks of 128: each block is a pickle of (document
number deltas, weights, encoded positions), compressed with zlib. Two things make a search
whose terms are not cached yet (the first search of the day) slow at 100,000 items:

* the pickles are protocol 2, in which every ``array`` becomes a list of Python ints and
  every ``bytes`` value a call to ``codecs.encode`` — unpickling a block costs ~6× what it
  does in protocol 4, and pickling it when indexing as much;
* Whoosh's matcher is walked one posting at a time (``id()``, ``weight()``, ``next()``:
  three Python calls per posting, and a generator to undo the deltas).

``CarnetCodec`` writes the same blocks, in the same layout Whoosh's reader expects, with
protocol 4 and the numbers as arrays. ``read_postings`` and ``read_positions`` take each
block whole from the matcher (``itertools.accumulate`` undoes the deltas in C) and, for a
phrase, load only the blocks that may hold a candidate document: a block's header gives
its last document number, so the others are skipped without being decompressed.

Both read paths rely on the layout of ``W3LeafMatcher``; each checks what it got against
the term's document frequency and falls back to Whoosh's public matcher API otherwise, so
an index written by plain Whoosh, or a Whoosh that changed, still reads correctly.
"""

from __future__ import annotations

import logging
import pickle
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import sub
from typing import Any

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import length_to_byte

log = logging.getLogger(__name__)

#: Protocol 4 pickles arrays and bytes as raw bytes (Python 3.4+).
PROTOCOL = 4


class CarnetCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's own codec, with posting blocks pickled cheaply (see the module doc).

    Segments written with it name this class (Whoosh pickles the codec into its table of
    contents); Whoosh's readers read its blocks unchanged.
    """

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _BlockWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class _BlockWriter(W3PostingsWriter):  # type: ignore[misc]
    """``W3PostingsWriter`` with arrays and protocol 4 instead of tuples and protocol 2."""

    def _mini_ids(self) -> Any:
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return array("I", map(sub, ids, array("I", [0]) + ids[:-1]))

    def _mini_weights(self) -> Any:
        weights = self._weights
        first = weights[0]
        if all(w == first for w in weights):
            return None if first == 1.0 else first
        return array("f", weights)

    def _write_block(self, last: bool = False) -> None:
        # Whoosh's ``W3PostingsWriter._write_block``, but for the pickle protocol.
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, PROTOCOL)
        comp = self._compression if len(databytes) >= 20 else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            PROTOCOL,
        )
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


def _block_matcher(reader: Any, fieldname: str, text: str) -> Any:
    """The term's ``W3LeafMatcher`` at its first block, without Whoosh's filter of deleted
    documents (the engine removes them itself), or None when the postings are not in
    Whoosh 3 blocks."""
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not _blocks_readable(matcher):
        return None
    matcher.reset()  # the filter may have moved it past deleted documents
    return matcher


def _blocks_readable(matcher: Any) -> bool:
    return type(matcher) is W3LeafMatcher and hasattr(matcher, "_data")


def _block_ids(matcher: Any) -> Any:
    """The current block's document numbers (loads the block)."""
    if matcher._data is None:
        matcher._read_data()
    raw = matcher._data[0]
    return raw if matcher._byteids else accumulate(raw)


def read_postings(
    reader: Any, fieldname: str, text: str, *, values: dict[int, bytes] | None = None
) -> tuple[array[int], array[float]]:
    """Document numbers and weights of a term in one segment (deleted documents may be
    included: the engine leaves them out itself).

    With ``values``, also fills it with each document's encoded positions (a phrase then
    reads the blocks once for both). The caller has checked that the term is in the
    segment.
    """
    ids: array[int] = array("I")
    weights: array[float] = array("f")
    matcher = _block_matcher(reader, fieldname, text)
    if matcher is not None:
        try:
            while matcher.is_active():
                block = array("I", _block_ids(matcher))
                ids.extend(block)
                raw = matcher._data[1]
                if raw is None:
                    weights.extend(array("f", [1.0]) * len(block))
                elif isinstance(raw, float):
                    weights.extend(array("f", [raw]) * len(block))
                else:
                    weights.extend(raw)
                if values is not None:
                    values.update(zip(block, matcher._data[2], strict=True))
                matcher._next_block()
            if len(ids) == len(weights) == reader.doc_frequency(fieldname, text):
                return ids, weights
        except Exception as exc:  # a Whoosh whose internals differ: the public way
            log.debug("block read of %s:%r failed (%r)", fieldname, text, exc)
        log.warning("postings of %s:%r read the slow way", fieldname, text)
        ids, weights = array("I"), array("f")
        if values is not None:
            values.clear()
    matcher = reader.postings(fieldname, text)  # Whoosh's way: deleted documents left out
    add_id, add_weight = ids.append, weights.append
    while matcher.is_active():
        add_id(matcher.id())
        add_weight(matcher.weight())
        if values is not None:
            values[matcher.id()] = matcher.value()
        matcher.next()
    return ids, weights


def read_positions(
    reader: Any, fieldname: str, text: str, candidates: Sequence[int]
) -> dict[int, bytes]:
    """The encoded positions of a term in each of the sorted ``candidates`` that holds it
    (deleted documents may be included).

    Only the blocks whose range of document numbers holds a candidate are decompressed.
    """
    found: dict[int, bytes] = {}
    if not candidates:
        return found
    matcher = _block_matcher(reader, fieldname, text)
    if matcher is not None and matcher._fixedsize is None:
        try:
            following = 0  # index of the first candidate after the blocks read so far
            last = len(candidates)
            while matcher.is_active() and following < last:
                top = matcher._maxid
                if candidates[following] <= top:
                    start, following = following, bisect_right(candidates, top, following)
                    values = dict(zip(_block_ids(matcher), matcher._data[2], strict=True))
                    for doc in candidates[start:following]:
                        value = values.get(doc)
                        if value is not None:
                            found[doc] = value
                matcher._next_block()
            return found
        except Exception as exc:  # a Whoosh whose internals differ: the public way
            log.warning("positions of %s:%r read the slow way (%r)", fieldname, text, exc)
            found = {}
    matcher = reader.postings(fieldname, text)  # Whoosh's way: deleted documents left out
    for doc in candidates:
        if not matcher.is_active():
            break
        matcher.skip_to(doc)
        if matcher.is_active() and matcher.id() == doc:
            found[doc] = matcher.value()
    return found
