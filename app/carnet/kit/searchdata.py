"""The kit's search data: small ``<script src>`` files a page can load from ``file://``.

Words are analysed by the desktop search's own analysis (``carnet.search.analysis``): each
word of an item is folded (case, accents, ligatures), its French elision removed, stop
words dropped. The kit ships, per folded word, its stem in the event's language and the
items it occurs in. The query side (``assets/search.js``) folds what the visitor types the
same way, takes every word that *starts with* each typed word (prefix search) and widens
that to the words sharing their stem, then keeps the items that match every typed word.

Words are sharded by their first letters: a query loads only the shard of each of its
words (``search/t-<key>.js``), and then only the chunks of item descriptions it shows
(``search/d<n>.js``, ``CHUNK`` items each), so a 10,000-item kit answers its first query
with a few dozen kilobytes instead of megabytes. A shard that grows past ``SHARD_LIMIT``
is split one letter further.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from carnet.kit.model import KitItem
from carnet.search import analysis

#: Item descriptions per ``d<n>.js`` file.
CHUNK = 32
#: A word shard larger than this (bytes of JSON) is split on one more letter.
SHARD_LIMIT = 24_000
#: Shards are never keyed on more letters than this.
MAX_KEY = 6
#: Characters of caption and transcription shipped for snippets.
SNIPPET_TEXT = 500

Postings = dict[int, int]  # item index → weight (title words weigh more)


@dataclass
class SearchEntry:
    """One item as the search sees it: its weighted texts and what a result shows."""

    url: str
    thumb: str
    thumb_size: tuple[int, int]
    title: str
    text: str
    session: str
    weighted: list[tuple[int, str]]


def entry_for(k: KitItem) -> SearchEntry:
    """The search entry of a kit item (paths relative to the site root)."""
    body = " ".join(t for t in (k.item.caption, k.item.transcription) if t)
    body = " ".join(body.split())
    people = [*k.item.speakers, *k.item.illustrators]
    session = k.session.session if k.session else None
    weighted: list[tuple[int, str]] = [
        (3, k.item.title or ""),
        (1, k.item.caption or ""),
        (1, k.item.transcription or ""),
        (2, " ".join(people)),
        (2, " ".join(t.replace("/", " ") for t in k.item.tags)),
    ]
    if session is not None:
        weighted.append((1, " ".join(x for x in (session.title, session.track, session.room) if x)))
    return SearchEntry(
        url=k.url,
        thumb=k.thumb or "",
        thumb_size=k.thumb_size,
        title=k.label,
        text=body[:SNIPPET_TEXT],
        session=session.title if session else "",
        weighted=weighted,
    )


def _js(call: str, *args: object) -> bytes:
    payload = ", ".join(
        json.dumps(a, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for a in args
    )
    return f"{call}({payload});\n".encode()


def _encode_postings(postings: Postings) -> list[int]:
    """Postings as deltas of ``index * 4 + weight`` (weight capped at 3): small integers."""
    out: list[int] = []
    previous = 0
    for index in sorted(postings):
        value = index * 4 + min(postings[index], 3)
        out.append(value - previous)
        previous = value
    return out


def _assign(
    words: dict[str, list[object]], length: int, shards: dict[str, dict[str, list[object]]]
) -> set[str]:
    """Group ``words`` into shards keyed on their first ``length`` letters; returns splits."""
    groups: dict[str, dict[str, list[object]]] = {}
    for word, value in words.items():
        groups.setdefault(word[:length], {})[word] = value
    split: set[str] = set()
    for key, group in groups.items():
        size = len(json.dumps(group, ensure_ascii=False, separators=(",", ":")).encode())
        longer = {w: v for w, v in group.items() if len(w) > length}
        if size > SHARD_LIMIT and length < MAX_KEY and longer:
            split.add(key)
            exact = {w: v for w, v in group.items() if len(w) <= length}
            if exact:
                shards[key] = exact
            split |= _assign(longer, length + 1, shards)
        else:
            shards[key] = group
    return split


def build_search_files(entries: Iterable[SearchEntry], language: str) -> dict[str, bytes]:
    """The search files by path inside the site: ``search/index.js`` and its shards."""
    entries = list(entries)
    lang = analysis.language_of(language)
    postings: dict[str, Postings] = {}
    for position, entry in enumerate(entries):
        for weight, text in entry.weighted:
            if not text:
                continue
            for word in analysis.terms(text, None):
                found = postings.setdefault(word, {})
                if found.get(position, 0) < weight:
                    found[position] = weight
    words: dict[str, list[object]] = {
        word: [analysis.stem(word, lang), _encode_postings(postings[word])]
        for word in sorted(postings)
    }
    shards: dict[str, dict[str, list[object]]] = {}
    split = _assign(words, 2, shards)
    files: dict[str, bytes] = {}
    names = {key: shard_name(key) for key in sorted(shards)}
    for key, name in names.items():
        files[f"search/t-{name}.js"] = _js("CarnetSearch.shard", name, shards[key])
    for number in range(0, (len(entries) + CHUNK - 1) // CHUNK):
        chunk = entries[number * CHUNK : (number + 1) * CHUNK]
        rows = [
            [e.url, e.thumb, e.thumb_size[0], e.thumb_size[1], e.title, e.text, e.session]
            for e in chunk
        ]
        files[f"search/d{number}.js"] = _js("CarnetSearch.docs", number, rows)
    index = {
        "language": lang,
        "count": len(entries),
        "chunk": CHUNK,
        "shards": names,
        "split": sorted(split),
        "stop": sorted(analysis.STOP_WORDS),
        "elisions": sorted(analysis.ELISIONS),
    }
    files["search/index.js"] = (
        "window.CarnetSearchIndex = "
        + json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        + ";\n"
    ).encode()
    return files


def shard_name(key: str) -> str:
    """A file-name-safe, stable name for a shard key (its hex UTF-8 when not plain ASCII).

    Named by key rather than by number, so that a word appearing or vanishing does not
    rename every other shard (which would make an incremental export rewrite them all).
    """
    if key.isascii() and key.isalnum() and (key.islower() or key.isdigit()):
        return key
    return "x" + key.encode("utf-8").hex()


def shard_key(word: str, index: dict[str, object]) -> list[str]:
    """The shard keys a query word loads (the same walk as ``search.js``); for the bench."""
    split = set(index["split"])  # type: ignore[call-overload]
    shards: dict[str, int] = index["shards"]  # type: ignore[assignment]
    key = word[:2]
    while key in split and len(word) > len(key):
        key = word[: len(key) + 1]
    if key in split:
        return sorted(k for k in shards if k.startswith(key))
    return [key] if key in shards else []
