"""The descriptive fields of an item, declared once.

An item has technical attributes (its hash, format, size, capture time, camera, place…),
relations (event, session, people, tags) and *descriptive fields*: what a user writes about
the drawing and under which terms it may be shared. Each descriptive field is one column
of ``items`` and one attribute of ``Item`` under the same name, and it is declared here,
once, as beets declares ``Item._fields`` and Anki a note type. Everything else is derived
from ``ITEM_FIELDS``:

- the catalog's row mapping, insert and update SQL and their validation (``items.py``);
- the search: free text, the field names a query may use (``alt:``), the index terms
  (``search/documents.py``, ``search/schema.py``, ``search/analysis.py``);
- the kit's ``items.csv``/``items.json`` columns (``kit/export.py``);
- ``carnet items --json``, ``carnet item show`` and the options of ``carnet item set``;
- the inspector's rows and the text of the undo of an edit (``ui/``);
- on import, which values the metadata reader hands to the catalog (``importing/``).

A standing test (``tests/catalog/test_fields.py``) checks that every declared field shows
up in all of those. ``docs/architecture.md`` ("Adding a field") has the recipe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from carnet.errors import InvalidValue
from carnet.licences import normalise_licence
from carnet.messages import Text

#: Longest text a user may store in a field.
MAX_TEXT = 100_000

#: ``text``: one line (a line edit); ``longtext``: paragraphs (a text box); ``licence``:
#: a code of ``carnet.licences``; ``bool``: a yes/no flag.
Kind = Literal["text", "longtext", "licence", "bool"]

#: Where a field is shown among the item's other data: ``about`` (what the drawing is:
#: before its session, people and tags) or ``rights`` (how it may be shared: after them).
Section = Literal["about", "rights"]


def clean_text(value: str | None) -> str | None:
    """User text as stored: control characters (but newlines and tabs) removed, trimmed."""
    if value is None:
        return None
    cleaned = "".join(
        ch for ch in value if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127)
    ).strip()
    if len(cleaned) > MAX_TEXT:
        raise InvalidValue(Text("text longer than {most} characters", most=f"{MAX_TEXT:,}"))
    return cleaned or None


def clean_licence(value: str | None) -> str | None:
    """A licence code as stored (``cc by-sa`` → ``CC-BY-SA-4.0``), or None."""
    text = clean_text(value)
    return normalise_licence(text) if text else None


def clean_flag(value: object) -> int:
    """A flag as stored: 1 or 0."""
    return 1 if value else 0


_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "text": clean_text,
    "longtext": clean_text,
    "licence": clean_licence,
    "bool": clean_flag,
}


@dataclass(frozen=True)
class Search:
    """How a field is found by the search.

    ``names`` are the field names a query may use, English first then French (``alt:``),
    each folded (no accents, lower case); none means the field is only searched as free
    text. ``key`` is the prefix of its terms in the index's keyword field. ``text`` puts
    its words in the free text (found without naming a field), ``title`` makes them weigh
    as a title's, ``low`` below a caption's (what a machine read, not what a person wrote).
    """

    names: tuple[str, ...] = ()
    key: str = ""
    text: bool = True
    title: bool = False
    #: Its words weigh less than those a person wrote (``LOW_BOOST``): machine-read text.
    low: bool = False


@dataclass(frozen=True)
class Field:
    """One descriptive field of an item (see the module docstring).

    ``name`` is the column, the attribute of ``Item``, the JSON key and the CSV column.
    ``label`` is what a reader sees (translated by the desktop app). ``cli`` is its option
    of ``carnet item set`` (None: not settable there), ``help`` that option's help.
    ``export``: in the kit's ``items.csv``/``items.json``. ``imported``: read from a file's
    metadata on import (``media.metadata.Metadata`` has an attribute of the same name).
    """

    name: str
    kind: Kind
    label: Text
    section: Section = "about"
    editable: bool = True
    cli: str | None = None
    help: str = ""
    search: Search | None = None
    export: bool = True
    imported: bool = False

    def clean(self, value: Any) -> Any:
        """The value as stored, or ``InvalidValue`` saying what is wrong with it."""
        return _CLEANERS[self.kind](value)


ITEM_FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        "text",
        Text("Title"),
        cli="--title",
        search=Search(title=True),
        imported=True,
    ),
    Field(
        "caption",
        "longtext",
        Text("Caption"),
        cli="--caption",
        search=Search(),
        imported=True,
    ),
    Field(
        "transcription",
        "longtext",
        Text("Transcription"),
        cli="--transcription",
        search=Search(),
    ),
    Field(
        "alt_text",
        "text",
        Text("Alt text"),
        cli="--alt",
        help="a short description of the image for people who cannot see it",
        search=Search(names=("alt",), key="alt:"),
        imported=True,  # Iptc4xmpCore:AltTextAccessibility
    ),
    # What the machine read of the lettering (``carnet transcribe``): machine output, so
    # no one sets it by hand (a person's words go in the transcription, where "use as
    # transcription" copies it), and the kit leaves it out unless asked (--with-ocr).
    Field(
        "ocr_text",
        "longtext",
        Text("Machine-read text"),
        editable=False,
        search=Search(names=("ocr", "lu"), key="ocr:", low=True),
        export=False,
    ),
    Field(
        "licence", "licence", Text("Licence"), "rights", cli="--licence", help="e.g. CC-BY-SA-4.0"
    ),
    Field("rights", "text", Text("Rights"), "rights", cli="--rights"),
    Field(
        "published",
        "bool",
        Text("Published in the kit"),
        "rights",
        cli="--published",  # and --unpublished
        search=Search(names=("published", "publie"), key="pub:", text=False),
        export=False,  # every item of a kit is published
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in ITEM_FIELDS}


def searched_fields() -> list[Field]:
    return [f for f in ITEM_FIELDS if f.search is not None]
