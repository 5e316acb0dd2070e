"""Text analysis for the search index: words, folding, elisions, one stop list, stemming.

Every text that reaches the index or a query goes through the same steps, in this order:

1. NFC normalisation of the whole text (a caption pasted from macOS may carry decomposed
   accents, which the word pattern would otherwise cut in two);
2. words: runs of letters and digits, an inner apostrophe kept (``l'intelligence``);
3. ``casefold`` then accent folding (``Société`` → ``societe``, ``Œuvre`` → ``oeuvre``);
4. French elisions removed (``l'``, ``d'``, ``qu'``, ``n'``, ``jusqu'``…) and the English
   possessive ``'s``;
5. one stop list, already folded, for every field and both languages;
6. for stemmed fields only, the Snowball stemmer of the item's language.

Folding comes *before* stemming: Snowball's French rules look at accented vowels, so a word
typed without accents would otherwise stem differently from the same word written with
them. The stop list is shared because a word dropped in one field and kept in another
turns an AND query into one that cannot match. Our own folding replaces Whoosh's
``CharsetFilter(accent_map)``, which has a reported ``TypeError`` on some input.

Each step is memoised per distinct word (a vocabulary is small next to a text), which is
what makes indexing fast: most tokens cost one dictionary lookup. For the same reason an
item is handed to Whoosh as two analysed values only — its text (stems) and its keywords
(names, tags, dates, flags, each behind a prefix) — instead of a dozen small fields, each
of which costs Whoosh its own pass; and the unstemmed words are not indexed per item at
all but once per archive (``vocabulary``), since prefixes, fuzzy terms and suggestions
only need to know which words exist.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stemmer_for_language

from carnet.catalog.fields import ITEM_FIELDS

#: Languages with a stemmer (the ``language`` of an event).
LANGUAGES = ("fr", "en")
#: The language of items that belong to no event.
DEFAULT_LANGUAGE = "fr"

#: Separators of the values handed to the index (see ``encode_text`` and
#: ``encode_keywords``). Catalog text never holds them: ``_plain`` removes them first.
LANGUAGE_END = "\x1d"
TITLE_END = "\x1e"
VALUE_SEPARATOR = "\x1f"
LOW_START = "\x1c"
_SEPARATORS = re.compile(f"[{LANGUAGE_END}{TITLE_END}{VALUE_SEPARATOR}{LOW_START}]")
#: Positions jump by this much between two values, so a phrase never spans two of them.
VALUE_GAP = 16

#: How much more a word of the title counts than a word of the caption.
TITLE_BOOST = 2.5
#: And how much a word the machine read (``Search.low``) counts: less than a caption's, so
#: a drawing a person described ranks above one whose lettering only the machine read.
LOW_BOOST = 0.4

#: The keyword field holds names, labels, tags, dates and flags, each behind its prefix.
KEY_PREFIXES = {
    "speaker": "sp:",
    "illustrator": "il:",
    "session": "se:",
    "track": "tr:",
    "room": "ro:",
    "event": "ev:",
    "tag": "tag:",
    "format": "fmt:",
    "slug": "slug:",
    "date": "day:",
    "kind": "kind:",
}
# And the item's declared fields that a query may name (``published:``, see catalog/fields).
KEY_PREFIXES.update({f.name: f.search.key for f in ITEM_FIELDS if f.search and f.search.names})
#: Keyword fields whose values are cut into words (the others are one term each).
WORD_KEYS = (
    "speaker",
    "illustrator",
    "session",
    "track",
    "room",
    "event",
    *(f.name for f in ITEM_FIELDS if f.search and f.search.names and f.kind != "bool"),
)

#: Longer "words" are not words (hashes, base64, URLs run together) and are skipped.
MAX_WORD = 64

WORD = re.compile(r"\w+(?:['’]\w+)*")

#: French elided articles, pronouns and conjunctions, as the first part of ``x'word``
#: (public: the archive kit's search in the browser removes the same ones).
ELISIONS = frozenset(
    "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()  # noqa: SIM905
)

#: One stop list, folded, for both languages and every field: the most frequent function
#: words only. Content words that happen to be auxiliaries ("été" is also summer, "est"
#: also east) are kept.
STOP_WORDS = frozenset(
    """
    le la les un une des du de au aux et ou en a ce ces cet cette se sa son ses
    qui que qu dont il ils elle elles on nous vous je tu y ne pas par pour sur dans avec
    sans l d j m n s t c leur leurs lui mais donc car ni

    the an and or of to in on at by for with is are was were be been this that these
    those as from its into than then
    """.split()  # noqa: SIM905
)

_EXTRA_FOLDS = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        "ŀ": "l",
        "’": "'",
        "ʼ": "'",
    }
)


def fold(text: str) -> str:
    """Lower-case ``text`` and remove its accents: ``'Œuvre Société'`` → ``'oeuvre societe'``.

    Compatibility forms are flattened too (ligatures, full-width letters, superscripts).
    Never raises, whatever the input.
    """
    text = text.casefold()
    if text.isascii():
        return text
    text = text.translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return folded if folded.isascii() else folded.casefold()


def nfc(text: str) -> str:
    """``text`` in composed form (what the word pattern expects)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _elide(word: str) -> str:
    if "'" not in word:
        return word
    parts = [p for p in word.split("'") if p]
    while len(parts) > 1 and parts[0] in ELISIONS:
        parts = parts[1:]
    if len(parts) > 1 and parts[-1] == "s":
        parts = parts[:-1]
    return "'".join(parts)


def normalize_word(text: str) -> str:
    """One word as the unstemmed terms hold it (folded, elisions removed)."""
    return _elide(fold(nfc(text.strip())))


def _plain(text: str) -> str:
    if _SEPARATORS.search(text):
        text = _SEPARATORS.sub(" ", text)
    return nfc(text)


class _Words:
    """Memo tables of one language: ``raw word → folded word`` and ``folded → stem``.

    They hold no archive state, only facts about words that are the same everywhere, so
    one table per language serves every index of the process.
    """

    LIMIT = 300_000

    def __init__(self, language: str | None) -> None:
        self._stemmer: Callable[[str], str] | None = (
            stemmer_for_language(language) if language else None
        )
        self._folded: dict[str, str] = {}
        self._stems: dict[str, str] = {}
        self._terms: dict[str, str] = {}

    def folded(self, raw: str) -> str:
        """The unstemmed term of a raw word; ``''`` for a stop word or a non-word."""
        found = self._folded.get(raw)
        if found is None:
            word = _elide(fold(raw))
            found = "" if not word or word in STOP_WORDS or len(word) > MAX_WORD else word
            if len(self._folded) > self.LIMIT:
                self._folded.clear()
            self._folded[raw] = found
        return found

    def stem(self, folded: str) -> str:
        """The stem of a folded word (the word itself without a stemmer)."""
        if self._stemmer is None:
            return folded
        found = self._stems.get(folded)
        if found is None:
            found = self._stemmer(folded) or folded
            if len(self._stems) > self.LIMIT:
                self._stems.clear()
            self._stems[folded] = found
        return found

    def term(self, raw: str) -> str:
        """The stem of a raw word, or ``''`` for a stop word."""
        found = self._terms.get(raw)
        if found is None:
            word = self.folded(raw)
            found = self.stem(word) if word else ""
            if len(self._terms) > self.LIMIT:
                self._terms.clear()
            self._terms[raw] = found
        return found


_WORDS: dict[str | None, _Words] = {}


def _words(language: str | None) -> _Words:
    table = _WORDS.get(language)
    if table is None:
        table = _WORDS[language] = _Words(language)
    return table


def language_of(code: str | None) -> str:
    """The stemming language for an event's language code (``None`` → the default)."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def stem(word: str, language: str) -> str:
    """The stem of a folded word in ``language`` ('fr' or 'en')."""
    return _words(language).stem(word)


def terms(text: str, language: str | None = None) -> list[str]:
    """The terms of ``text`` in order, stop words removed, stemmed when a language is given."""
    table = _words(language)
    out = []
    for match in WORD.finditer(nfc(text)):
        word = table.folded(match.group())
        if word:
            out.append(table.stem(word))
    return out


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, folded word)`` for each word of an NFC text, stop words included."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), _elide(fold(match.group()))


def vocabulary(text: str) -> tuple[set[str], int]:
    """The unstemmed words of a ``text`` value (``encode_text``'s), stop words left out,
    and how many words it has (its length for BM25, as ``TextAnalyzer`` counts them)."""
    folded = _words(None).folded
    _, _, body = text.partition(LANGUAGE_END)
    words = [w for w in map(folded, WORD.findall(body or text)) if w]
    return set(words), len(words)


def tag_terms(path: str) -> list[str]:
    """What a tag path is found by: itself, its ancestors, its parts and their words.

    ``'Thème/Vivre ensemble'`` → ``theme``, ``theme/vivre ensemble``, ``vivre ensemble``,
    ``vivre``, ``ensemble`` — so ``tag:theme`` also finds everything under ``theme/``.
    """
    parts = [" ".join(fold(nfc(p)).split()) for p in path.split("/")]
    parts = [p for p in parts if p]
    found: dict[str, None] = {}
    for depth in range(1, len(parts) + 1):
        found["/".join(parts[:depth])] = None
    for part in parts:
        found[part] = None
        for word in part.split():
            found[word] = None
    return list(found)


def tag_query_term(text: str) -> str:
    """A tag as typed in a query (``tag:"Thème / Communs"``) → its indexed form."""
    parts = [" ".join(fold(nfc(p)).split()) for p in text.split("/")]
    return "/".join(p for p in parts if p)


# ---------------------------------------------------------------- values for the index


def encode_text(
    language: str, title: str | None, parts: list[str | None], low: Sequence[str | None] = ()
) -> str:
    """The value of an item's ``text`` field: its language, its title, the rest, then what
    weighs less (``low``: machine-read text)."""
    rest = VALUE_SEPARATOR.join(_plain(p) for p in parts if p)
    lesser = VALUE_SEPARATOR.join(_plain(p) for p in low if p)
    tail = f"{LOW_START}{lesser}" if lesser else ""
    return f"{language}{LANGUAGE_END}{_plain(title or '')}{TITLE_END}{rest}{tail}"


def encode_keywords(values: dict[str, list[str]]) -> str:
    """The value of an item's ``kw`` field from ``{"speaker": [names…], "tag": […]…}``."""
    return TITLE_END.join(
        f"{key}{LANGUAGE_END}{VALUE_SEPARATOR.join(_plain(v) for v in items)}"
        for key, items in values.items()
        if key in KEY_PREFIXES and items
    )


class _Analyzer(Tokenizer):  # type: ignore[misc]
    """Shared plumbing: equality by class and settings (Whoosh compares analyzers)."""

    def _key(self) -> tuple[object, ...]:
        return (type(self),)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Analyzer) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())


Postings = dict[str, tuple[list[int], float]]


class _IndexAnalyzer(_Analyzer):
    """An analyzer of values written for the index (never used on queries).

    ``positions`` gives each term's positions and summed weight in one pass, without a
    Token per word: it is what ``PackedPositions`` calls. ``__call__`` offers the same
    terms as the Token stream any Whoosh code expects.
    """

    def positions(self, value: str) -> Postings:
        raise NotImplementedError

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.stopped = False
        found = sorted(
            (pos, text, weight / len(poses))
            for text, (poses, weight) in self.positions(value).items()
            for pos in poses
        )
        for pos, text, boost in found:
            token.text = text
            token.boost = boost
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = token.endchar = start_char
            yield token


class TextAnalyzer(_IndexAnalyzer):
    """The ``text`` field: the stem of each word in the item's language.

    The value is ``encode_text``'s: the item's language picks the stemmer, and title words
    weigh ``TITLE_BOOST`` (a weight Whoosh sums into the term frequency, so BM25 ranks a
    match in the title above one in the caption), machine-read words ``LOW_BOOST``. Stop
    words take no position, exactly as in queries, so phrases line up.
    """

    def positions(self, value: str) -> Postings:
        language, _, body = value.partition(LANGUAGE_END)
        if not body and language not in LANGUAGES:
            language, body = DEFAULT_LANGUAGE, value
        title, _, rest = body.rpartition(TITLE_END)
        rest, _, lesser = rest.partition(LOW_START)
        term = _words(language_of(language)).term
        found: Postings = {}
        get = found.get
        pos = 0
        for boost, text in ((TITLE_BOOST, title), (1.0, rest), (LOW_BOOST, lesser)):
            for part in text.split(VALUE_SEPARATOR):
                for raw in WORD.findall(part):
                    stemmed = term(raw)
                    if not stemmed:
                        continue
                    entry = get(stemmed)
                    if entry is None:
                        found[stemmed] = ([pos], boost)
                    else:
                        entry[0].append(pos)
                        found[stemmed] = (entry[0], entry[1] + boost)
                    pos += 1
                pos += VALUE_GAP
        return found


class KeywordAnalyzer(_IndexAnalyzer):
    """The ``kw`` field: ``encode_keywords``'s value as prefixed terms (``sp:ostrom``)."""

    def positions(self, value: str) -> Postings:
        folded = _words(None).folded
        found: Postings = {}
        pos = 0
        for record in value.split(TITLE_END):
            key, _, items = record.partition(LANGUAGE_END)
            prefix = KEY_PREFIXES.get(key)
            if prefix is None:
                continue
            for item in items.split(VALUE_SEPARATOR):
                if key in WORD_KEYS:
                    texts = [w for w in map(folded, WORD.findall(item)) if w]
                elif key == "tag":
                    texts = tag_terms(item)
                else:
                    texts = [item.strip().lower()]
                for text in texts:
                    term = prefix + text
                    entry = found.get(term)
                    if entry is None:
                        found[term] = ([pos], 1.0)
                    else:
                        entry[0].append(pos)
                        found[term] = (entry[0], entry[1] + 1.0)
                    pos += 1
                pos += VALUE_GAP
        return found


class WordAnalyzer(_Analyzer):
    """Query words of the parse schema: folded, elisions removed, stop words dropped.

    With ``tokenize=False`` (Whoosh's way to ask for a prefix, wildcard or fuzzy term's
    text) the whole value is folded as one word and never stopped.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        token.stopped = False
        if not tokenize:
            token.original = token.text = normalize_word(value)
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        folded = _words(None).folded
        pos = start_pos
        for match in WORD.finditer(nfc(value)):
            word = folded(match.group())
            if not word:
                if removestops:
                    continue
                token.stopped = True
                token.text = _elide(fold(match.group()))
            else:
                token.stopped = False
                token.text = word
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token


class TagQueryAnalyzer(_Analyzer):
    """A tag as typed in a query: the whole text is one tag path."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        token.stopped = False
        token.text = tag_query_term(value) if tokenize else normalize_word(value)
        if not token.text:
            return
        if positions:
            token.pos = start_pos
        if chars:
            token.startchar, token.endchar = start_char, start_char + len(value)
        yield token
