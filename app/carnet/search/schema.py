"""The fields of the search index, and the field names a user may type in a query.

One document per item, in two analysed fields beside its id:

``id``, ``length``, ``facets``
    columns only (no postings): the item id of each document, the number of words of its
    text (for BM25), and the catalog ids of its event, session, speakers, illustrators
    and tags (for facet counts);
``text``
    the stems, in the item's language, of every word a user may search without naming a
    field — title (weighing more), caption, transcription, session, speakers,
    illustrators, tags;
``kw``
    names and labels for field queries (``sp:ostrom``, ``se:communs``), tags with their
    ancestors (``tag:theme``, ``tag:theme/communs``), the day (``day:2016-09-29``), the
    format, the event's slug and the published flag.

And a few *vocabulary* documents (``id`` 0, ``kind:vocabulary``), whose ``exact`` field
lists each unstemmed word of the archive once: a prefix, a wildcard, a fuzzy term or a
spelling suggestion is looked up there, then searched as the stems of the words found
(through the stemmer ``numériq*`` would find nothing). Indexing each word once per archive
instead of once per item is what keeps indexing fast. Words only ever get added to the
vocabulary between rebuilds, so it may name a word no item holds any more: its stems then
simply match nothing.

Nothing is stored: what a result shows comes from the catalog, the source of truth. Few
fields matter for speed: Whoosh spends its time per field and per posting, not per word.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, KEYWORD, TEXT, FieldType, Schema
from whoosh.formats import Positions

from carnet.catalog.fields import searched_fields
from carnet.search.analysis import (
    WORD_KEYS,
    KeywordAnalyzer,
    TagQueryAnalyzer,
    TextAnalyzer,
    WordAnalyzer,
)

#: Bump whenever the schema or the analysis changes: an index written with another version
#: is rebuilt from the catalog when it is opened.
_VERSION = 3


def _version() -> str:
    """``_VERSION`` and a digest of how the item's fields are searched: declaring a searched
    field, or searching one differently, rebuilds the index by itself."""
    declared = repr([(f.name, f.kind, f.search) for f in searched_fields()])
    return f"{_VERSION}-{hashlib.sha256(declared.encode('utf-8')).hexdigest()[:8]}"


SCHEMA_VERSION = _version()

#: Names users type for the fields of a query (English and French, folded).
FIELD_ALIASES: dict[str, str] = {
    "speaker": "speaker",
    "speakers": "speaker",
    "intervenant": "speaker",
    "intervenante": "speaker",
    "intervenants": "speaker",
    "illustrator": "illustrator",
    "illustrateur": "illustrator",
    "illustratrice": "illustrator",
    "tag": "tag",
    "tags": "tag",
    "session": "session",
    "seance": "session",
    "track": "track",
    "parcours": "track",
    "room": "room",
    "salle": "room",
    "event": "event",
    "evenement": "event",
    "date": "date",
    "format": "format",
}
# And the item's declared fields a query may name (``catalog/fields.py``).
FIELD_ALIASES.update(
    {name: f.name for f in searched_fields() if f.search for name in f.search.names}
)

#: The fields as the documentation lists them, French name after.
FIELD_HELP = ", ".join(
    [
        "speaker/intervenant, illustrator/illustrateur, tag, session, track/parcours, "
        "room/salle, event/evenement, date",
        *("/".join(f.search.names) for f in searched_fields() if f.search and f.search.names),
        "format",
    ]
)

#: The declared flags (``published:yes``), read as yes or no.
FLAG_FIELDS = frozenset(f.name for f in searched_fields() if f.kind == "bool")

#: The text searched when no field is named; parsed under this pseudo-field.
ANY = "any"


# Whoosh's own layout of a posting value: the frequency as a big-endian uint first (what
# ``Positions.decode_frequency`` reads), then the positions.
_UINT = struct.Struct("!I")
# Most terms occur once in an item, early: their encoded positions are shared constants.
_SINGLE = [_UINT.pack(1) + b"\x01" + bytes((pos,)) for pos in range(256)]
#: The size of an encoded value holding one position below 256 (in its last byte); no
#: other value has this size.
SINGLE_SIZE = len(_SINGLE[0])


class PackedPositions(Positions):  # type: ignore[misc]
    """Whoosh's ``Positions`` format, gathered and written faster.

    Terms come from the analyzer's ``positions`` in one pass (no Token per word), and the
    position deltas are packed bytes instead of a pickle: the same information, read back
    by ``decode_positions`` for phrase queries.
    """

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        collect = getattr(analyzer, "positions", None)
        if collect is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for text, (poslist, weight) in collect(value).items():
            yield text, len(poslist), weight * boost, encode(poslist)

    def encode(self, poslist: list[int]) -> bytes:
        if len(poslist) == 1 and poslist[0] < 256:
            return _SINGLE[poslist[0]]
        deltas = []
        previous = 0
        for pos in poslist:
            deltas.append(pos - previous)
            previous = pos
        if max(deltas) < 256:
            return _UINT.pack(len(deltas)) + b"\x01" + bytes(deltas)
        return _UINT.pack(len(deltas)) + b"\x02" + struct.pack(f"<{len(deltas)}I", *deltas)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        if len(valuestring) == SINGLE_SIZE:  # one small position (most terms)
            return [valuestring[-1]]
        kind = valuestring[_UINT.size]
        body = valuestring[_UINT.size + 1 :]
        if kind == 1:
            return list(accumulate(body))
        return list(accumulate(struct.unpack(f"<{len(body) // 4}I", body)))


def _text(analyzer: Any) -> TEXT:
    field = TEXT(analyzer=analyzer, phrase=True)
    field.format = PackedPositions()
    return field


def index_schema() -> Schema:
    """The schema of the index on disk."""
    return Schema(
        id=COLUMN(NumericColumn("I")),
        length=COLUMN(NumericColumn("H")),
        facets=COLUMN(VarBytesColumn()),
        text=_text(TextAnalyzer()),
        kw=_text(KeywordAnalyzer()),
        exact=KEYWORD(),
    )


def parse_schema() -> Schema:
    """The schema the query parser sees: the fields a user names, unstemmed.

    The parser turns words into folded terms with it; ``carnet.search.query`` then maps
    each onto the index (stems per language, ``=`` words, prefixed keywords). Dates, the
    format and the published flag are kept as typed and read there, with our own messages.
    """
    raw = IDTokenizer() | LowercaseFilter()
    fields: dict[str, FieldType] = {
        ANY: TEXT(analyzer=WordAnalyzer(), phrase=True, multitoken_query="phrase"),
        "tag": TEXT(analyzer=TagQueryAnalyzer(), phrase=True),
        "date": TEXT(analyzer=raw, phrase=False),
        "format": TEXT(analyzer=raw, phrase=False),
    }
    for name in FLAG_FIELDS:
        fields[name] = TEXT(analyzer=raw, phrase=False)
    for name in WORD_KEYS:
        fields[name] = TEXT(analyzer=WordAnalyzer(), phrase=True, multitoken_query="phrase")
    return Schema(**fields)
