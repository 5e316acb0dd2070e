"""Posting blocks: ours read by Whoosh, Whoosh's read by us, the fast paths like the slow."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.codec import default_codec

from carnet.search import postings
from carnet.search.analysis import encode_text
from carnet.search.postings import CarnetCodec, read_positions, read_postings
from carnet.search.schema import index_schema

WORDS = ["ville", "confiance", "commun", "société", "vélo", "jardin", "école", "réseau", "outil"]


def _build(folder: Path, codec: Any) -> Any:
    """400 documents (several posting blocks per frequent word), a few deleted."""
    rng = random.Random(7)
    folder.mkdir()
    ix = windex.create_in(str(folder), index_schema())
    writer = ix.writer(codec=codec)
    for n in range(400):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 300 if n % 50 == 0 else 12))]
        text = encode_text("fr", None, [" ".join(words)])
        writer.add_document(id=n + 1, length=len(words), text=text)
    writer.commit()
    writer = ix.writer(codec=codec)
    for docnum in (0, 3, 200, 399):
        writer.delete_document(docnum)
    writer.commit(merge=False)
    return ix


def _public(reader: Any, term: str) -> tuple[list[int], list[float], dict[int, list[int]]]:
    """What Whoosh's matcher API gives (deleted documents left out)."""
    matcher = reader.postings("text", term)
    ids, weights, positions = [], [], {}
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        positions[matcher.id()] = matcher.value_as("positions")
        matcher.next()
    return ids, weights, positions


@pytest.mark.parametrize("codec", [CarnetCodec(), default_codec()], ids=["ours", "whoosh"])
@pytest.mark.parametrize("fast", [True, False], ids=["blocks", "public"])
def test_postings_and_positions_read_as_whoosh_reads_them(
    tmp_path: Path, codec: Any, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not fast:
        monkeypatch.setattr(postings, "_blocks_readable", lambda matcher: False)
    ix = _build(tmp_path / "ix", codec)
    with ix.reader() as reader:
        assert reader.has_deletions()
        terms = [t.decode() for t in reader.lexicon("text")]
        assert any(reader.doc_frequency("text", t) > 128 for t in terms)  # blocks of 128
        decode = reader.schema["text"].format.decoder("positions")
        for term in terms:
            ids, weights, positions = _public(reader, term)
            values: dict[int, bytes] = {}
            got_ids, got_weights = read_postings(reader, "text", term, values=values)
            # Blocks read whole keep the deleted documents (the engine leaves them out).
            if fast:
                assert len(got_ids) == len(got_weights) == reader.doc_frequency("text", term)
            live = [i for i, doc in enumerate(got_ids) if not reader.is_deleted(doc)]
            assert [got_ids[i] for i in live] == ids
            assert [got_weights[i] for i in live] == pytest.approx(weights)
            assert {d: decode(v) for d, v in values.items() if d in positions} == positions
            # Every seventh document, and documents without the term.
            candidates = ids[::7] + [d for d in range(400) if d not in set(got_ids)][:5]
            some = read_positions(reader, "text", term, sorted(candidates))
            assert {doc: decode(v) for doc, v in some.items()} == {
                doc: positions[doc] for doc in ids[::7]
            }
            assert read_positions(reader, "text", term, []) == {}


def test_whoosh_reads_our_blocks(tmp_path: Path) -> None:
    ours = _build(tmp_path / "ours", CarnetCodec())
    theirs = _build(tmp_path / "theirs", default_codec())
    with ours.searcher() as a, theirs.searcher() as b:
        for word in ("ville", "confianc", "jardin"):
            found_a = [(hit.docnum, round(hit.score, 4)) for hit in a.find("text", word)]
            found_b = [(hit.docnum, round(hit.score, 4)) for hit in b.find("text", word)]
            assert found_a == found_b
            assert found_a
        phrase = "ville confianc"
        assert {h.docnum for h in a.find("text", f'"{phrase}"', limit=None)} == {
            h.docnum for h in b.find("text", f'"{phrase}"', limit=None)
        }


def test_a_block_that_cannot_be_read_falls_back_to_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = _build(tmp_path / "ix", CarnetCodec())
    with ix.reader() as reader:
        term = max(
            (t.decode() for t in reader.lexicon("text")),
            key=lambda t: reader.doc_frequency("text", t),
        )
        monkeypatch.setattr(postings, "_block_ids", lambda matcher: [])  # a changed Whoosh
        assert list(read_postings(reader, "text", term)[0]) == _public(reader, term)[0]


@pytest.mark.parametrize(
    "odd", [None, b"7;1", b"1;2;3;4;5;6"], ids=["well-formed", "short", "long"]
)
def test_facet_columns_cut_every_document(odd: bytes | None) -> None:
    from carnet.search.engine import _facet_columns

    values = [b"2;7;5,9;3;", b"", b";;;;1,2,3", b"4;;;;"]
    expected = [
        (b"2", b"", b"", b"4"),
        (b"7", b"", b"", b""),
        (b"5,9", b"", b"", b""),
        (b"3", b"", b"", b""),
        (b"", b"", b"1,2,3", b""),
    ]
    if odd is not None:  # a value not of five parts (none is written) counts as none
        values.append(odd)
        expected = [(*column, b"") for column in expected]
    assert [tuple(c) for c in _facet_columns(values)] == expected
