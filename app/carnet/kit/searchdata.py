"""The kit's search data: small ``<script src>`` files a page can load from ``file://``.

The kit finds what ``carnet search`` finds for the same words. An item's text is what the
desktop index puts in its free text (``search/documents.py``): the item's searched fields
(``catalog/fields.py``), its session's title, its speakers (the session's too), its
illustrators and its tags. Words go through the desktop analysis (``search.analysis``):
folded, elisions removed, stop words dropped, stemmed in the event's language. The kit
ships, per *stem*, the items holding it; the browser stems each query word in French and
in English (``assets/stem.js``, a port of the very stemmers Python uses) and keeps the
items holding one of those stems for every word — as the desktop search does.

Files, each loaded only when a query needs it:

- ``search/index.js``: the shard names, the stop list and elisions, and the tables of
  days, sessions, people and tags (names and pages: facets, "why it matched", and the
  sessions and people that are results themselves);
- ``search/s-<key>.js``: stems and their postings, sharded by the stem's first letters
  (a shard over ``SHARD_LIMIT`` bytes is split one letter further);
- ``search/w-<key>.js``: the kit's words by first letter, each with the number of items
  its stems are in: prefix queries (``numériq*``) and "did you mean" look there;
- ``search/d<n>.js``: what a result shows, ``CHUNK`` items per file;
- ``search/f<n>.js``: each item's day, session, illustrators, speakers and tags (indexes
  into the tables), ``FACET_CHUNK`` items per file, for the filters and their counts.

Everything is written in a fixed order with sorted keys: two exports give the same bytes,
and files are named by key, not by number, so a caption change rewrites few of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from carnet.catalog.fields import searched_fields
from carnet.kit.model import KitData, KitItem
from carnet.search import analysis

#: Item descriptions per ``d<n>.js`` file.
CHUNK = 16
#: Items per ``f<n>.js`` facet file.
FACET_CHUNK = 1000
#: A stem shard larger than this (bytes of JSON) is split on one more letter.
SHARD_LIMIT = 24_000
#: Shards are never keyed on more letters than this.
MAX_KEY = 6
#: Characters of caption and transcription shipped for snippets.
SNIPPET_TEXT = 400

Postings = dict[int, int]  # item index → weight (title words weigh more)

_SEARCHED = [f for f in searched_fields() if f.search and f.search.text]
_TITLE_FIELDS = [f.name for f in _SEARCHED if f.search and f.search.title]
_TEXT_FIELDS = [n.name for n in _SEARCHED if n.search and not (n.search.title or n.search.low)]
#: What the machine read (``ocr_text``): in the search data only when asked (``--with-ocr``).
_LOW_FIELDS = [f.name for f in _SEARCHED if f.search and f.search.low]


@dataclass(frozen=True)
class Link:
    """A session, person or tag as the search names it: its label and its page."""

    label: str
    url: str
    kind: str = ""  # "session", "speaker", "illustrator" or "tag"
    #: The event it belongs to (its index in the collection's events; 0 in an event's kit).
    event: int = 0


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
    day: str = ""
    session_link: Link | None = None
    speakers: list[Link] = field(default_factory=list)
    illustrators: list[Link] = field(default_factory=list)
    tags: list[Link] = field(default_factory=list)
    #: The language its words are stemmed in (its event's; "" for the kit's).
    language: str = ""
    #: Its event's index in the collection (0 in an event's kit).
    event: int = 0


@dataclass(frozen=True)
class SearchEvent:
    """An event as the search names it: its name, home page and content language."""

    name: str
    url: str
    language: str


def entry_for(
    k: KitItem, *, with_ocr: bool = False, prefix: str = "", event: int = 0, language: str = ""
) -> SearchEntry:
    """The search entry of a kit item (paths relative to the site root); ``with_ocr``
    adds the words the machine read on it, at the lowest weight.

    In a collection kit, ``prefix`` is the event's folder (``forum-2024/``), ``event`` its
    index among the collection's events and ``language`` its language (the item's words
    are stemmed in it)."""
    body = " ".join(t for t in (k.item.caption, k.item.transcription) if t)
    body = " ".join(body.split())
    session = k.session
    speakers = list(k.speakers)
    if session is not None:
        speakers += [p for p in session.speakers if p not in speakers]
    title = " ".join(getattr(k.item, name) or "" for name in _TITLE_FIELDS)
    weighted: list[tuple[int, str]] = [(3, title)]
    weighted += [(1, getattr(k.item, name) or "") for name in _TEXT_FIELDS]
    weighted += [
        (1, session.title if session else ""),
        (2, " ".join(p.name for p in speakers)),
        (2, " ".join(p.name for p in k.illustrators)),
        (2, " ".join(t.replace("/", " ") for t in k.item.tags)),
    ]
    if with_ocr:
        weighted += [(1, getattr(k.item, name) or "") for name in _LOW_FIELDS]
    day = (k.item.captured_at or "")[:10]
    if not day and session is not None:
        day = session.day.isoformat()
    return SearchEntry(
        url=prefix + k.url,
        thumb=prefix + k.thumb if k.thumb else "",
        thumb_size=k.thumb_size,
        title=k.label,
        text=body[:SNIPPET_TEXT],
        session=session.title if session else "",
        weighted=weighted,
        day=day,
        session_link=(
            Link(session.title, prefix + session.url, "session", event) if session else None
        ),
        speakers=[Link(p.name, prefix + p.url, "speaker", event) for p in speakers],
        illustrators=[Link(p.name, prefix + p.url, "illustrator", event) for p in k.illustrators],
        tags=[Link(t.label, prefix + t.url, "tag", event) for t in k.tags],
        language=language,
        event=event,
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
    words: dict[str, object], length: int, shards: dict[str, dict[str, object]]
) -> set[str]:
    """Group ``words`` into shards keyed on their first ``length`` letters; returns splits."""
    groups: dict[str, dict[str, object]] = {}
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


class _Table:
    """Distinct links in a stable order (by label, then page), each with its index."""

    def __init__(self, links: Iterable[Link]) -> None:
        self.rows = sorted(set(links), key=lambda x: (x.label.casefold(), x.label, x.url))
        self.index = {link: n for n, link in enumerate(self.rows)}

    def __call__(self, links: Sequence[Link]) -> list[int]:
        return sorted({self.index[link] for link in links})


def build_search_files(
    entries: Iterable[SearchEntry],
    language: str,
    extra: Iterable[Link] = (),
    events: Sequence[SearchEvent] = (),
) -> dict[str, bytes]:
    """The search files by path inside the site: ``search/index.js`` and its shards.

    ``language`` is the pages' language (the search's own words); an entry's words are
    stemmed in its own ``language``, else in ``events[0]``'s, else in ``language``.
    ``extra`` names sessions and people that have a page but no published item: they are
    found by name all the same. ``events`` names the events (one for an event's kit,
    every one of the archive for a collection kit): a result says its event and carries
    its language, and with more than one the results can be narrowed by event.
    """
    entries = list(entries)
    lang = analysis.language_of(language)
    default = analysis.language_of(events[0].language) if events else lang
    stems: dict[str, Postings] = {}
    vocabulary: set[str] = set()
    for position, entry in enumerate(entries):
        own = analysis.language_of(entry.language) if entry.language else default
        for weight, text in entry.weighted:
            if not text:
                continue
            for word in analysis.terms(text, None):
                vocabulary.add(word)
                found = stems.setdefault(analysis.stem(word, own), {})
                if found.get(position, 0) < weight:
                    found[position] = weight
    files: dict[str, bytes] = {}

    stem_shards: dict[str, dict[str, object]] = {}
    split = _assign({s: _encode_postings(stems[s]) for s in sorted(stems)}, 2, stem_shards)
    stem_names = {key: shard_name(key) for key in sorted(stem_shards)}
    for key, name in stem_names.items():
        files[f"search/s-{name}.js"] = _js("CarnetSearch.stems", name, stem_shards[key])

    # How many items a word finds (as "did you mean" ranks its candidates, through the
    # word's stems in both languages, like the desktop search's _stem_frequency).
    def frequency(word: str) -> int:
        return max(len(stems.get(analysis.stem(word, other), ())) for other in analysis.LANGUAGES)

    word_shards: dict[str, dict[str, int]] = {}
    for word in sorted(vocabulary):
        word_shards.setdefault(word[0], {})[word] = frequency(word)
    word_names = {key: shard_name(key) for key in sorted(word_shards)}
    for key, name in word_names.items():
        files[f"search/w-{name}.js"] = _js("CarnetSearch.words", name, word_shards[key])

    extra = list(extra)
    days = sorted({e.day for e in entries if e.day})
    day_index = {d: n for n, d in enumerate(days)}
    sessions = _Table(
        [
            *(e.session_link for e in entries if e.session_link),
            *(x for x in extra if x.kind == "session"),
        ]
    )
    people = _Table(
        [
            *(p for e in entries for p in (*e.speakers, *e.illustrators)),
            *(x for x in extra if x.kind in ("speaker", "illustrator")),
        ]
    )
    tags = _Table([t for e in entries for t in e.tags])

    several = len(events) > 1

    def facets(e: SearchEntry) -> list[object]:
        row: list[object] = [
            day_index.get(e.day, -1),
            sessions.index[e.session_link] if e.session_link else -1,
            people(e.illustrators),
            people(e.speakers),
            tags(e.tags),
        ]
        if several:  # an event's kit has one: its rows stay as small as they were
            row.append(e.event)
        return row

    for number in range(0, (len(entries) + FACET_CHUNK - 1) // FACET_CHUNK):
        chunk = entries[number * FACET_CHUNK : (number + 1) * FACET_CHUNK]
        files[f"search/f{number}.js"] = _js("CarnetSearch.facets", number, list(map(facets, chunk)))
    # What a result shows, with its facets: the first page says why each item matched
    # before the facet files (for the filters) are in.
    for number in range(0, (len(entries) + CHUNK - 1) // CHUNK):
        chunk = entries[number * CHUNK : (number + 1) * CHUNK]
        rows = [
            [e.url, e.thumb, e.thumb_size[0], e.thumb_size[1], e.title, e.text, facets(e)]
            for e in chunk
        ]
        files[f"search/d{number}.js"] = _js("CarnetSearch.docs", number, rows)

    index = {
        "language": lang,
        "count": len(entries),
        "chunk": CHUNK,
        "facet_chunk": FACET_CHUNK,
        "stems": stem_names,
        "split": sorted(split),
        "words": word_names,
        "stop": sorted(analysis.STOP_WORDS),
        "elisions": sorted(analysis.ELISIONS),
        "days": days,
        "sessions": [[s.label, s.url, *_event_of(s, several)] for s in sessions.rows],
        "people": [[p.label, p.url, p.kind, *_event_of(p, several)] for p in people.rows],
        "tags": [[t.label, t.url, *_event_of(t, several)] for t in tags.rows],
        # Name, home page and language of each event: a result carries its event's
        # language (``lang``), and in a collection says which event it is from.
        "events": [[e.name, e.url, e.language] for e in events],
    }
    files["search/index.js"] = (
        "window.CarnetSearchIndex = "
        + json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        + ";\n"
    ).encode()
    return files


def _event_of(link: Link, several: bool) -> list[int]:
    """The event index a table row carries in a collection (none in an event's kit)."""
    return [link.event] if several else []


def shard_name(key: str) -> str:
    """A file-name-safe, stable name for a shard key (its hex UTF-8 when not plain ASCII).

    Named by key rather than by number, so that a word appearing or vanishing does not
    rename every other shard (which would make an incremental export rewrite them all).
    """
    if key.isascii() and key.isalnum() and (key.islower() or key.isdigit()):
        return key
    return "x" + key.encode("utf-8").hex()


def shard_keys(stem: str, index: dict[str, object]) -> list[str]:
    """The stem shard keys a query stem loads (the same walk as ``search.js``)."""
    split = set(index["split"])  # type: ignore[call-overload]
    shards: dict[str, str] = index["stems"]  # type: ignore[assignment]
    key = stem[:2]
    while key in split and len(stem) > len(key):
        key = stem[: len(key) + 1]
    return [key] if key in shards else []


def page_links(kit: KitData, prefix: str = "", event: int = 0) -> list[Link]:
    """Every session and person page of a kit, found by name even without a drawing."""
    links = [Link(s.title, prefix + s.url, "session", event) for s in kit.sessions]
    links += [Link(p.name, prefix + p.url, "speaker", event) for p in kit.speakers]
    links += [Link(p.name, prefix + p.url, "illustrator", event) for p in kit.illustrators]
    return links


def search_event(kit: KitData, url: str = "index.html") -> SearchEvent:
    """The search's record of the kit's event (its home page at ``url``)."""
    return SearchEvent(kit.event.name, url, kit.event.language)
