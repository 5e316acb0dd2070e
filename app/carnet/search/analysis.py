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
what makes indexing fast: most tokens cost one dictionary lookup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stemmer_for_language

#: Languages with a stemmer (the ``language`` of an event).
LANGUAGES = ("fr", "en")
#: The language of items that belong to no event.
DEFAULT_LANGUAGE = "fr"

#: Separates the values of a multi-valued field (speakers, tags…) in the text handed to
#: the index; positions jump by ``VALUE_GAP`` there so a phrase never spans two values.
VALUE_SEPARATOR = "\x1f"
VALUE_GAP = 100

#: Longer "words" are not words (hashes, base64, URLs run together) and are skipped.
MAX_WORD = 64

WORD = re.compile(r"\w+(?:['’]\w+)*")

# French elided articles, pronouns and conjunctions, as the first part of ``x'word``.
_ELISIONS = frozenset(
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
    return folded.casefold() if not folded.isascii() else folded


def nfc(text: str) -> str:
    """``text`` in composed form (what the word pattern expects)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _elide(word: str) -> str:
    if "'" not in word:
        return word
    parts = [p for p in word.split("'") if p]
    while len(parts) > 1 and parts[0] in _ELISIONS:
        parts = parts[1:]
    if len(parts) > 1 and parts[-1] == "s":
        parts = parts[:-1]
    return "'".join(parts)


class _WordCache:
    """Memoised ``raw word → indexed term`` for one stemming language (or none)."""

    LIMIT = 400_000

    def __init__(self, language: str | None) -> None:
        self.language = language
        self._stem: Callable[[str], str] | None = (
            stemmer_for_language(language) if language else None
        )
        self._terms: dict[str, str] = {}
        self._stems: dict[str, str] = {}

    def term(self, raw: str) -> str:
        """The term for a raw word as it appears in a text; ``''`` for a stop word."""
        found = self._terms.get(raw)
        if found is not None:
            return found
        word = _elide(fold(raw))
        if not word or word in STOP_WORDS or len(word) > MAX_WORD:
            result = ""
        elif self._stem is not None:
            result = self.stem(word)
        else:
            result = word
        if len(self._terms) > self.LIMIT:
            self._terms.clear()
        self._terms[raw] = result
        return result

    def stem(self, folded: str) -> str:
        """The stem of an already folded word (the word itself without a stemmer)."""
        if self._stem is None:
            return folded
        found = self._stems.get(folded)
        if found is None:
            # Snowball leaves inner apostrophes alone; stem the last part of "aujourd'hui".
            found = self._stem(folded) or folded
            if len(self._stems) > self.LIMIT:
                self._stems.clear()
            self._stems[folded] = found
        return found


_CACHES: dict[str | None, _WordCache] = {}


def _cache(language: str | None) -> _WordCache:
    # Memo tables of a pure function, shared by every analyzer of a language: they hold
    # no archive state, only "word → term" facts that are the same everywhere.
    cache = _CACHES.get(language)
    if cache is None:
        cache = _CACHES[language] = _WordCache(language)
    return cache


def language_of(code: str | None) -> str:
    """The stemming language for an event language code (``None`` → the default)."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def stem(word: str, language: str) -> str:
    """The stem of a folded word in ``language`` ('fr' or 'en')."""
    return _cache(language).stem(word)


def normalize_word(text: str) -> str:
    """One query word as the unstemmed fields index it (folded, elisions removed)."""
    return _elide(fold(nfc(text.strip())))


def terms(text: str, language: str | None = None) -> list[str]:
    """The terms of ``text`` in order, stop words removed (a helper for tests and snippets)."""
    cache = _cache(language)
    out = []
    for match in WORD.finditer(nfc(text)):
        term = cache.term(match.group())
        if term:
            out.append(term)
    return out


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, folded word)`` for each word of an NFC text, stop words included."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), _elide(fold(match.group()))


class WordAnalyzer(Tokenizer):  # type: ignore[misc]
    """The Whoosh analyzer of the text fields, in one pass per value.

    ``language`` None gives the unstemmed, folded terms (prefixes, fuzzy terms, names,
    spelling suggestions); 'fr' or 'en' adds that language's stemmer. With
    ``tokenize=False`` (Whoosh's way to ask for a prefix or wildcard's text) the whole
    value is folded as one word and never stemmed nor stopped.
    """

    def __init__(self, language: str | None = None) -> None:
        self.language = language

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordAnalyzer) and other.language == self.language

    def __hash__(self) -> int:
        return hash((WordAnalyzer, self.language))

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
        if not tokenize:
            token.original = token.text = normalize_word(value)
            token.stopped = False
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        cache = _cache(self.language)
        term = cache.term
        pos = start_pos
        offset = start_char
        for part in nfc(value).split(VALUE_SEPARATOR):
            for match in WORD.finditer(part):
                raw = match.group()
                text = term(raw)
                if not text:
                    if removestops:
                        continue
                    token.stopped = True
                    token.text = _elide(fold(raw))
                else:
                    token.stopped = False
                    token.text = text
                token.boost = 1.0
                if keeporiginal:
                    token.original = raw
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = offset + match.start()
                    token.endchar = offset + match.end()
                pos += 1
                yield token
            pos += VALUE_GAP
            offset += len(part) + 1


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


class TagAnalyzer(Tokenizer):  # type: ignore[misc]
    """The tag field: each tag (separated by ``VALUE_SEPARATOR``) with its ancestors and
    parts at index time; the whole query text as one tag at query time."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TagAnalyzer)

    def __hash__(self) -> int:
        return hash(TagAnalyzer)

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
        token.boost = 1.0
        if mode == "query":
            texts = [tag_query_term(value)]
        else:
            seen: dict[str, None] = {}
            for path in value.split(VALUE_SEPARATOR):
                for text in tag_terms(path):
                    seen[text] = None
            texts = list(seen)
        for pos, text in enumerate(t for t in texts if t):
            token.text = text
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
