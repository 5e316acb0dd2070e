"""The fields of the search index, and the field names a user may type in a query.

One document per item. The text an organiser searches without naming a field goes into
two stemmed fields per language (``title_xx`` weighs more than ``text_xx``, which holds
everything, title included) and once more, unstemmed, into ``exact`` for prefixes, fuzzy
terms and spelling suggestions. Names and labels (speakers, illustrators, session, track,
room, event, tags) also get a field of their own for field queries. Nothing is stored but
the item id: what a result shows comes from the catalog, which is the source of truth.
"""

from __future__ import annotations

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import BOOLEAN, DATETIME, ID, NUMERIC, TEXT, FieldType, Schema

from carnet.search.analysis import LANGUAGES, TagAnalyzer, WordAnalyzer

#: Bump whenever the schema or the analysis changes: an index written with another version
#: is rebuilt from the catalog when it is opened.
SCHEMA_VERSION = 1

#: Fields a query may name, with the names users type for them (English and French).
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
    "published": "published",
    "publie": "published",
    "format": "format",
}

#: The fields as documented (``carnet search --help``, error messages), French name after.
FIELD_HELP = (
    "speaker/intervenant, illustrator/illustrateur, tag, session, track/parcours, "
    "room/salle, event/evenement, date, published/publie, format"
)

#: Query fields holding names and labels: indexed folded but not stemmed.
NAME_FIELDS = ("speaker", "illustrator", "session", "track", "room", "event")

#: The text searched when no field is named; parsed under this pseudo-field.
ANY = "any"

#: Weight of a match in the title against one in the rest of the text.
TITLE_BOOST = 2.5


def title_field(language: str) -> str:
    return f"title_{language}"


def text_field(language: str) -> str:
    return f"text_{language}"


def index_schema() -> Schema:
    """The schema of the index on disk."""
    fields: dict[str, FieldType] = {
        "id": NUMERIC(int, bits=64, stored=True, unique=True, sortable=True, signed=False),
        "exact": TEXT(analyzer=WordAnalyzer(None), phrase=False),
        "tag": TEXT(analyzer=TagAnalyzer(), phrase=False),
        "date": DATETIME(),
        "published": BOOLEAN(),
        "format": ID(),
        "slug": ID(),  # the event's slug, exactly: the ``event=`` filter
    }
    for language in LANGUAGES:
        fields[title_field(language)] = TEXT(analyzer=WordAnalyzer(language), phrase=False)
        fields[text_field(language)] = TEXT(analyzer=WordAnalyzer(language), phrase=True)
    for name in NAME_FIELDS:
        fields[name] = TEXT(analyzer=WordAnalyzer(None), phrase=True)
    return Schema(**fields)


def parse_schema() -> Schema:
    """The schema the query parser sees: the fields a user names, unstemmed.

    The parser turns words into folded terms with it; ``carnet.search.query`` then maps
    each term onto the index fields (stemmed per language, or ``exact`` for prefixes).
    Dates and the published flag are kept as typed and interpreted there, with our own
    error messages.
    """
    raw = IDTokenizer() | LowercaseFilter()
    fields: dict[str, FieldType] = {
        ANY: TEXT(analyzer=WordAnalyzer(None), phrase=True, multitoken_query="phrase"),
        "tag": TEXT(analyzer=TagAnalyzer(), phrase=True),
        "date": TEXT(analyzer=raw, phrase=False),
        "published": TEXT(analyzer=raw, phrase=False),
        "format": TEXT(analyzer=raw, phrase=False),
    }
    for name in NAME_FIELDS:
        fields[name] = TEXT(analyzer=WordAnalyzer(None), phrase=True, multitoken_query="phrase")
    return Schema(**fields)
