"""Snippets: the part of a caption or transcription around the words that matched.

The text comes from the catalog and is HTML-escaped piece by piece *before* the marks are
added, so a caption holding ``<script>`` is shown as text, never interpreted. Words are
recognised the way the index saw them (folded, elisions removed, stemmed in the item's
language), so a query for "numériques" marks "numérique" and "Numerique".
"""

from __future__ import annotations

import html
import re

from carnet.search.analysis import STOP_WORDS, nfc, stem, word_spans
from carnet.search.query import Highlight

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def _within(a: str, b: str, limit: int) -> bool:
    """Whether the edit distance between ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _matches(word: str, spec: Highlight, language: str) -> bool:
    if not word or word in STOP_WORDS:
        return False
    if word in spec.words or stem(word, language) in spec.stems.get(language, ()):
        return True
    if any(word.startswith(p) for p in spec.prefixes):
        return True
    if any(p.match(word) for p in spec.patterns):
        return True
    return any(_within(word, w, d) for w, d in spec.fuzzy)


def _escape(text: str) -> str:
    return html.escape(_SPACES.sub(" ", text), quote=False)


def hits(text: str, spec: Highlight, language: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the matching words of an NFC text."""
    if not spec:
        return []
    return [(s, e) for s, e, word in word_spans(text) if _matches(word, spec, language)]


def highlight(
    text: str | None, spec: Highlight, language: str, *, width: int | None = 220
) -> tuple[str, int]:
    """An HTML snippet of ``text`` with matches in ``<mark>``, and how many words matched.

    With ``width`` None the whole text is kept (titles); otherwise about ``width``
    characters are cut around the densest run of matches, or from the start when nothing
    matches.
    """
    if not text:
        return "", 0
    text = nfc(text)
    spans = hits(text, spec, language)
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        start, end = _window(text, spans, width)
    shown = [(s, e) for s, e in spans if s >= start and e <= end]
    out: list[str] = [ELLIPSIS] if start > 0 else []
    cursor = start
    for s, e in shown:
        out.append(_escape(text[cursor:s]))
        out.append(MARK_OPEN + _escape(text[s:e]) + MARK_CLOSE)
        cursor = e
    out.append(_escape(text[cursor:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return "".join(out).strip(), len(spans)


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """A ``width``-character window holding the most matches, cut between words."""
    best_start = 0
    if spans:
        best = -1
        for i, (s, _e) in enumerate(spans):
            count = sum(1 for t, u in spans[i:] if u <= s + width)
            if count > best:
                best, best_start = count, s
        # Some context before the first match, without cutting a word.
        best_start = max(0, best_start - width // 5)
    if best_start > 0:
        space = text.rfind(" ", 0, best_start + 1)
        best_start = space + 1 if space >= 0 and best_start - space < 30 else best_start
    end = min(len(text), best_start + width)
    if end < len(text):
        space = text.rfind(" ", best_start, end)
        if space > best_start + width // 2:
            end = space
    return best_start, end


def plain(snippet: str) -> str:
    """A snippet without its marks, unescaped (for a terminal)."""
    return html.unescape(snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))
