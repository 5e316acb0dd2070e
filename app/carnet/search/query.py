"""From what a user types to a Whoosh query on the index fields.

Three steps:

1. ``clean``: control and invisible characters dropped, typographic quotes made plain, a
   length limit, field names recognised in English and French (``intervenant:`` is
   ``speaker:``). An unknown name followed by a value (``speeker:ostrom``) is an error
   that lists the fields; any other colon is plain text (``10:30``, ``https://…``).
2. Whoosh's own query parser, over a *parse schema* of the fields a user names, which
   folds words but never stems them: AND by default, ``OR``/``OU``, ``NOT``/``SAUF``,
   phrases, ``prefix*``, ``fuzzy~``, ranges, groups, boosts.
3. ``_Converter`` maps that tree onto the index: a word without a field becomes an OR of
   its stem in each language's title (boosted) and text fields; prefixes, wildcards and
   fuzzy terms go to the unstemmed ``exact`` field (through a stemmer ``numériq*`` would
   find nothing); dates and the published flag are read here with our own messages.

What cannot be searched never reaches Whoosh as a traceback: it becomes a ``QueryError``
with a sentence for the user, or a literal search.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from whoosh import query as wq
from whoosh.qparser import (
    EveryPlugin,
    FieldsPlugin,
    FuzzyTermPlugin,
    GroupPlugin,
    OperatorsPlugin,
    PhrasePlugin,
    QueryParser,
    RangePlugin,
    WildcardPlugin,
)
from whoosh.qparser.plugins import BoostPlugin

from carnet.messages import Text
from carnet.search.analysis import (
    KEY_PREFIXES,
    LANGUAGES,
    fold,
    normalize_word,
    stem,
)
from carnet.search.errors import QueryError
from carnet.search.schema import ANY, FIELD_ALIASES, FIELD_HELP, FLAG_FIELDS, parse_schema

#: Longest query accepted (a pasted page is refused with a message, not searched).
MAX_QUERY = 1000
#: Fewest literal characters in a prefix or wildcard (``a*`` would expand to thousands of
#: words and match nearly everything).
MIN_PATTERN = 2
MAX_FUZZY = 2
#: Most words a prefix, wildcard or fuzzy term may stand for.
MAX_EXPANSION = 2000

_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‟": '"'})
_PROTECTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\{[^}]*\}')
_FIELD = re.compile(r"(?<![^\s(])([^\W\d_]\w*):")
_MARK = "\x00"  # stands for a field's colon while stray colons are blanked
_FORMATS = {"jpg": "jpeg", "jpeg": "jpeg", "tif": "tiff", "heif": "heic"}
_FUZZY_DEFAULT = re.compile(r"(\w{5,})~(?![\d.~])")
_TRUE = frozenset("1 t true yes y oui o vrai".split())  # noqa: SIM905
_FALSE = frozenset("0 f false no n non faux".split())  # noqa: SIM905


def clean(text: str) -> str:
    """The query as the parser will read it, or ``QueryError`` when there is nothing to read."""
    if len(text) > MAX_QUERY:
        raise QueryError(
            Text(
                "the query is too long ({length} characters; at most {most})",
                length=f"{len(text):,}",
                most=f"{MAX_QUERY:,}",
            )
        )
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
        if unicodedata.category(ch) != "Cf"
    )
    text = unicodedata.normalize("NFC", text.translate(_QUOTES)).strip()
    if not text:
        raise QueryError(Text("the query is empty"))
    # A bare "~" forgives one typo in a short word, two in a longer one (as Lucene does).
    text = _FUZZY_DEFAULT.sub(r"\1~2", text)
    return _fields(text)


def _fields(text: str) -> str:
    """Canonical field names; colons that are not a field's become spaces."""
    protected = _spans(text)
    pieces: list[str] = []
    last = 0
    for match in _FIELD.finditer(text):
        if match.start() < last or _inside(match.start(), protected):
            continue
        name = match.group(1)
        rest = text[match.end() :]
        canonical = FIELD_ALIASES.get(fold(name))
        if canonical is None:
            if not rest or rest[0].isspace() or rest.startswith("//"):
                continue  # "Note: …", "https://…": plain text
            raise QueryError(
                Text(
                    "unknown field {name!r}; the fields are {fields} "
                    '(to search the words themselves, put them in quotes: "{name} …")',
                    name=name,
                    fields=FIELD_HELP,
                )
            )
        pieces.append(text[last : match.start()])
        pieces.append(canonical + _MARK)
        last = match.end()
        # "speaker: ostrom" means speaker:ostrom.
        while last < len(text) and text[last] in " \t":
            last += 1
    pieces.append(text[last:])
    joined = "".join(pieces)
    protected = _spans(joined)
    return "".join(
        " " if ch == ":" and not _inside(i, protected) else ch for i, ch in enumerate(joined)
    ).replace(_MARK, ":")


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def make_parser() -> QueryParser:
    """Whoosh's parser over the parse schema, with the syntax Carnet documents."""
    return QueryParser(
        ANY,
        parse_schema(),
        plugins=[
            FieldsPlugin(),
            WildcardPlugin(),
            PhrasePlugin(),
            RangePlugin(),
            GroupPlugin(),
            OperatorsPlugin(
                And=r"(?<=\s)(AND|ET)(?=\s)",
                Or=r"(?<=\s)(OR|OU)(?=\s)",
                Not=r"(^|(?<=(\s|[()])))(NOT|SAUF)(?=\s)",
                AndNot=r"(?<=\s)ANDNOT(?=\s)",
                AndMaybe=r"(?<=\s)ANDMAYBE(?=\s)",
            ),
            BoostPlugin(),
            EveryPlugin(),
            FuzzyTermPlugin(),
        ],
    )


#: Named fields whose words are marked in a result's snippet as free words are: the
#: machine-read text, which a result shows when its words matched only there.
MARKED_FIELDS = frozenset({"ocr_text"})


@dataclass
class Highlight:
    """What to mark in a text shown for a result: the positive words of the query."""

    words: set[str] = field(default_factory=set)
    stems: dict[str, set[str]] = field(default_factory=lambda: {x: set() for x in LANGUAGES})
    prefixes: list[str] = field(default_factory=list)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    fuzzy: list[tuple[str, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.prefixes or self.patterns or self.fuzzy)


@dataclass(frozen=True)
class Word:
    """A plain word of the query, where it was typed (for "did you mean")."""

    field: str
    text: str
    start: int
    end: int


@dataclass
class ParsedQuery:
    text: str
    query: wq.Query
    words: list[Word]
    highlight: Highlight


def parse(parser: QueryParser, text: str) -> ParsedQuery:
    """Read a query typed by a user; ``QueryError`` says what is wrong with it."""
    cleaned = clean(text)
    try:
        tree = parser.parse(cleaned)
    except Exception as exc:  # Whoosh raises bare Exceptions on some input.
        raise QueryError(Text("cannot read the query: {error}", error=str(exc))) from None
    converter = _Converter()
    converted = converter.convert(tree, positive=True)
    if converted is None:
        raise QueryError(
            Text(
                "nothing to search for: the query holds only very common words "
                "(le, la, de, the, of…) or operators; add a more specific word"
            )
        )
    return ParsedQuery(cleaned, converted, converter.words, converter.highlight)


def _day_bounds(text: str) -> tuple[str, str]:
    """The first and last day of a date as typed: a year, a month or a day."""
    value = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
        try:
            day = datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
        return day, day
    if re.fullmatch(r"\d{4}-\d{1,2}", value):
        year, month = (int(x) for x in value.split("-"))
        if 1 <= month <= 12 and year >= 1:
            last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if re.fullmatch(r"\d{4}", value) and int(value) >= 1:
        return f"{value}-01-01", f"{value}-12-31"
    raise QueryError(
        Text(
            "cannot read the date {date!r}: write 2016-09-29, 29/09/2016, 2016-09 or 2016 "
            "(a range: date:[2016-09-29 TO 2016-09-30])",
            date=text,
        )
    )


class _Converter:
    """Maps the parse tree onto the index fields and notes what to highlight."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.highlight = Highlight()

    def convert(self, q: wq.Query, *, positive: bool) -> wq.Query | None:
        error = getattr(q, "error", None)
        if error is not None:
            raise QueryError(Text("cannot read the query: {error}", error=str(error)))
        if isinstance(q, wq.Not):
            inner = self.convert(q.query, positive=not positive)
            return None if inner is None else wq.Not(inner, boost=q.boost)
        if isinstance(q, wq.BinaryQuery):
            a = self.convert(q.a, positive=positive)
            b = self.convert(q.b, positive=not positive if isinstance(q, wq.AndNot) else positive)
            if a is None:
                # "le ANDNOT x": nothing left to require, only something to exclude.
                return (wq.Not(b) if b else None) if isinstance(q, wq.AndNot) else b
            if b is None:
                return a
            return q.__class__(a, b)
        if isinstance(q, wq.CompoundQuery):
            subs = [s for s in (self.convert(x, positive=positive) for x in q.subqueries) if s]
            if not subs:
                return None
            if len(subs) == 1:
                return subs[0]
            return q.__class__(subs, boost=q.boost)
        if isinstance(q, wq.Every):
            if q.fieldname == "date":
                raise QueryError(_NO_DATE)
            raise QueryError(_lone_star())
        if isinstance(q, type(wq.NullQuery)):
            return None
        fieldname = q.field()
        if fieldname == "date":
            return self._date(q)
        if fieldname in FLAG_FIELDS or fieldname == "format":
            return self._flag(q, fieldname)
        if isinstance(q, wq.Phrase):
            return self._phrase(q, fieldname, positive)
        if isinstance(q, wq.FuzzyTerm):
            return self._fuzzy(q, fieldname, positive)
        if isinstance(q, (wq.Prefix, wq.Wildcard)):
            return self._pattern(q, fieldname, positive)
        if isinstance(q, wq.TermRange):
            target, mark = _unstemmed(fieldname)
            start = None if q.start is None else mark + normalize_word(q.start)
            end = None if q.end is None else mark + normalize_word(q.end)
            if start is None and end is None:
                raise QueryError(Text("a range needs at least one end: [a TO m]"))
            return wq.TermRange(target, start, end, q.startexcl, q.endexcl, boost=q.boost)
        if isinstance(q, wq.Term):
            return self._term(q, fieldname, positive)
        raise QueryError(Text("cannot search for {query}", query=str(q)))

    def _term(self, q: wq.Term, fieldname: str, positive: bool) -> wq.Query:
        text = str(q.text)
        start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
        if positive and isinstance(start, int) and isinstance(end, int):
            self.words.append(Word(fieldname, text, start, end))
        if fieldname != ANY:
            if positive and fieldname in MARKED_FIELDS:
                self.highlight.words.add(text)
            return wq.Term("kw", KEY_PREFIXES[fieldname] + text, boost=q.boost)
        if positive:
            self.highlight.words.add(text)
        stems: dict[str, None] = {}
        for language in LANGUAGES:
            stemmed = stem(text, language)
            stems[stemmed] = None
            if positive:
                self.highlight.stems[language].add(stemmed)
        if len(stems) == 1:
            return wq.Term("text", next(iter(stems)), boost=q.boost)
        return wq.Or([wq.Term("text", s) for s in stems], boost=q.boost)

    def _phrase(self, q: wq.Phrase, fieldname: str, positive: bool) -> wq.Query | None:
        words = [str(w) for w in q.words if w]
        if not words:
            return None
        if len(words) == 1:
            return self._term(wq.Term(fieldname, words[0], boost=q.boost), fieldname, positive)
        if fieldname != ANY:
            if positive and fieldname in MARKED_FIELDS:
                self.highlight.words.update(words)
            prefix = KEY_PREFIXES[fieldname]
            return wq.Phrase("kw", [prefix + w for w in words], slop=q.slop, boost=q.boost)
        phrases: dict[tuple[str, ...], None] = {}
        for language in LANGUAGES:
            stems = tuple(stem(w, language) for w in words)
            phrases[stems] = None
            if positive:
                self.highlight.words.update(words)
                self.highlight.stems[language].update(stems)
        subs = [wq.Phrase("text", list(p), slop=q.slop) for p in phrases]
        return subs[0] if len(subs) == 1 else wq.Or(subs, boost=q.boost)

    def _pattern(self, q: wq.PatternQuery, fieldname: str, positive: bool) -> wq.Query:
        text = str(q.text)
        literal = text.replace("*", "").replace("?", "")
        if len(literal) < MIN_PATTERN:
            if not literal:
                raise QueryError(_lone_star())
            raise QueryError(
                Text(
                    "{word!r} is too short to expand: put at least {least} letters "
                    "before * (numéri*)",
                    word=text,
                    least=MIN_PATTERN,
                )
            )
        target, mark = _unstemmed(fieldname)
        if isinstance(q, wq.Prefix):
            if positive and fieldname == ANY:
                self.highlight.prefixes.append(text)
            return wq.Prefix(target, mark + text, boost=q.boost)
        if positive and fieldname == ANY:
            self.highlight.patterns.append(re.compile(fnmatch.translate(text)))
        return wq.Wildcard(target, mark + text, boost=q.boost)

    def _fuzzy(self, q: wq.FuzzyTerm, fieldname: str, positive: bool) -> wq.Query:
        text = str(q.text)
        maxdist = max(1, min(int(q.maxdist), MAX_FUZZY))
        if len(text) < 3:
            raise QueryError(
                Text("{word!r}~ is too short for a fuzzy search (3 letters at least)", word=text)
            )
        target, mark = _unstemmed(fieldname)
        if positive and fieldname == ANY:
            self.highlight.fuzzy.append((text, maxdist))
        # Typos rarely touch the first letter; keeping it makes fuzzy terms fast.
        return wq.FuzzyTerm(
            target,
            mark + text,
            boost=q.boost,
            maxdist=maxdist,
            prefixlength=len(mark) + max(1, q.prefixlength),
        )

    def _date(self, q: wq.Query) -> wq.Query:
        prefix = KEY_PREFIXES["date"]
        if isinstance(q, wq.TermRange):
            start = _day_bounds(q.start)[0] if q.start else None
            end = _day_bounds(q.end)[1] if q.end else None
            if start is None and end is None:
                raise QueryError(_NO_DATE)
            if start and end and end < start:
                raise QueryError(
                    Text(
                        "the date range ends before it starts ({start} > {end})",
                        start=q.start,
                        end=q.end,
                    )
                )
            return wq.TermRange(
                "kw",
                prefix + (start or ""),
                prefix + (end or "9999-12-31"),
                False,
                False,
                boost=q.boost,
            )
        if isinstance(q, wq.Term) and not isinstance(q, wq.MultiTerm):
            first, last = _day_bounds(str(q.text))
            if first == last:
                return wq.Term("kw", prefix + first, boost=q.boost)
            return wq.TermRange("kw", prefix + first, prefix + last, False, False, boost=q.boost)
        raise QueryError(
            Text(
                "dates are searched as date:2016-09-29, date:2016-09, date:2016 or "
                "date:[2016-09-29 TO 2016-09-30]"
            )
        )

    def _flag(self, q: wq.Query, fieldname: str) -> wq.Query:
        if not isinstance(q, wq.Term) or isinstance(q, wq.MultiTerm):
            raise QueryError(Text("{field}: takes one value (e.g. {field}:yes)", field=fieldname))
        value = fold(str(q.text))
        if fieldname == "format":
            value = _FORMATS.get(value, value)
        elif value in _TRUE:
            value = "yes"
        elif value in _FALSE:
            value = "no"
        else:
            raise QueryError(Text("published: is yes or no (oui/non), not {value!r}", value=q.text))
        return wq.Term("kw", KEY_PREFIXES[fieldname] + value, boost=q.boost)


_NO_DATE = Text("a date range needs at least one date: date:[2016-09-29 TO]")


def _lone_star() -> Text:
    return Text(
        "a lone * (or an empty range) would match everything; put at least "
        "{least} letters before * (numéri*)",
        least=MIN_PATTERN,
    )


def _unstemmed(fieldname: str) -> tuple[str, str]:
    """The index field and term prefix of a query field's unstemmed words.

    For free text that is the vocabulary (``exact``), which ``expand`` turns into stems.
    """
    if fieldname == ANY:
        return "exact", ""
    return "kw", KEY_PREFIXES[fieldname]


def expand(q: wq.Query, reader: Any) -> wq.Query:
    """The query to run on ``reader``: vocabulary lookups replaced by the stems they find.

    A prefix, wildcard, fuzzy term or range over free text names words of the vocabulary;
    each word found is searched through its stem in each language. Over a keyword field
    it becomes the terms it names. What is left is terms, phrases and their combinations.
    """

    def walk(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.MultiTerm):
            return _stems_of(node, reader) if node.field() == "exact" else _terms_of(node, reader)
        if node.is_leaf():
            return node
        result: wq.Query = node.apply(walk)
        return result

    return walk(q)


def _words_of(node: wq.MultiTerm, reader: Any) -> list[str]:
    words: list[str] = []
    for _field, btext in node.expanded_terms(reader):
        words.append(btext.decode("utf-8") if isinstance(btext, bytes) else str(btext))
        if len(words) > MAX_EXPANSION:
            raise QueryError(
                Text(
                    "{pattern} stands for more than {most} different words; "
                    "type a few more letters",
                    pattern=_typed(node),
                    most=f"{MAX_EXPANSION:,}",
                )
            )
    return words


def _stems_of(node: wq.MultiTerm, reader: Any) -> wq.Query:
    words = _words_of(node, reader)
    stems = sorted({stem(w, language) for w in words for language in LANGUAGES})
    return _any_of("text", stems, node.boost)


def _terms_of(node: wq.MultiTerm, reader: Any) -> wq.Query:
    return _any_of(node.field(), sorted(set(_words_of(node, reader))), node.boost)


def _any_of(fieldname: str, texts: list[str], boost: float) -> wq.Query:
    if not texts:
        return wq.NullQuery
    if len(texts) == 1:
        return wq.Term(fieldname, texts[0], boost=boost)
    return wq.Or([wq.Term(fieldname, t) for t in texts], boost=boost)


def _typed(node: wq.MultiTerm) -> str:
    if isinstance(node, wq.Prefix):
        return f"{node.text}*"
    if isinstance(node, wq.FuzzyTerm):
        return f"{node.text}~"
    return str(getattr(node, "text", node))


def query_fields(q: wq.Query) -> set[str]:
    """The index fields a converted query reads (for tests and diagnostics)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        name = node.field() if hasattr(node, "field") else None
        if name:
            found.add(name)
        for child in node.children():
            walk(child)

    walk(q)
    return found


__all__ = [
    "MAX_QUERY",
    "Highlight",
    "ParsedQuery",
    "Word",
    "clean",
    "expand",
    "make_parser",
    "parse",
    "query_fields",
]
