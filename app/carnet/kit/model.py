"""What a kit shows, read from the catalog once: the event, its sessions, people, tags, items.

Everything here is plain data with the kit's file names already chosen, so the pages, the
search data and the metadata files are all rendered from one consistent picture of the
catalog, and a name chosen for a page is the same wherever it is linked from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from carnet.catalog import covers, identity
from carnet.catalog.database import Database
from carnet.catalog.events import Event, Session, get_event, list_sessions
from carnet.catalog.items import Item, list_items
from carnet.licences import LICENCES, Licence
from carnet.media.formats import EXTENSIONS
from carnet.search.analysis import fold

_UNSAFE = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


def slugify(text: str, fallback: str = "x") -> str:
    """A file-name-safe form of ``text``: ASCII letters, digits and dashes, at most 60.

    Nothing that comes out of it can name a parent folder, a hidden file or an absolute
    path, whatever the input: it is the only way user text becomes part of a file name.
    """
    # The search's folding: ligatures and letters like ø become letters (Lætitia → laetitia).
    plain = fold(text)
    slug = _UNSAFE.sub("-", plain).strip("-")[:MAX_SLUG].strip("-")
    return slug or fallback


def unique_slugs(names: Iterable[str], fallback: str) -> dict[str, str]:
    """A distinct slug for each name (``élise`` and ``Elise`` get ``elise`` and ``elise-2``).

    Names are taken in sorted order so the same set of names always gets the same slugs.
    """
    taken: set[str] = set()
    out: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
        base = slugify(name, fallback)
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        taken.add(slug)
        out[name] = slug
    return out


@dataclass
class KitPerson:
    name: str
    slug: str
    role: str  # "speaker" or "illustrator"
    sessions: list[KitSession] = field(default_factory=list)
    items: list[KitItem] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.role}s/{self.slug}.html"


@dataclass
class KitTag:
    path: str
    slug: str
    items: list[KitItem] = field(default_factory=list)
    children: list[KitTag] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"tags/{self.slug}.html"

    @property
    def label(self) -> str:
        return self.path.replace("/", " › ")


@dataclass
class KitSession:
    session: Session
    day: date
    items: list[KitItem] = field(default_factory=list)
    speakers: list[KitPerson] = field(default_factory=list)
    #: The drawing that stands for the session: the one chosen, else its first (also the
    #: first of ``items``).
    cover: KitItem | None = None

    @property
    def id(self) -> int:
        return self.session.id

    @property
    def title(self) -> str:
        return self.session.title

    @property
    def url(self) -> str:
        return f"sessions/{self.session.id}.html"


@dataclass
class KitItem:
    item: Item
    licence: Licence | None
    session: KitSession | None = None
    speakers: list[KitPerson] = field(default_factory=list)
    illustrators: list[KitPerson] = field(default_factory=list)
    tags: list[KitTag] = field(default_factory=list)
    previous: KitItem | None = None
    next: KitItem | None = None
    # Set by the image step: None when the image could not be had (then no <img> at all).
    thumb: str | None = None
    preview: str | None = None
    thumb_size: tuple[int, int] = (0, 0)
    preview_size: tuple[int, int] = (0, 0)
    original: str | None = None
    # Set by the deep-zoom step (``kit/deepzoom.py``): the tile folder inside the site, the
    # corrected image's full size, and its full-resolution download (None when not made).
    tiles: str | None = None
    full_size: tuple[int, int] = (0, 0)
    download: str | None = None
    download_bytes: int = 0

    @property
    def id(self) -> int:
        return self.item.id

    @property
    def url(self) -> str:
        return f"items/{self.item.id}.html"

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.item.format, "bin")

    @property
    def label(self) -> str:
        """The item's name as a visitor reads it: its title, else its caption's start."""
        for text in (self.item.title, self.item.caption, self.item.transcription):
            if text and text.strip():
                flat = " ".join(text.split())
                return flat if len(flat) <= 120 else flat[:119] + "…"
        return f"#{self.item.id}"

    @property
    def alt(self) -> str:
        """Alt text: the item's own, else a short default of at most ``ALT_MAX`` characters,
        its name (title, else the start of its caption, transcription or the words the
        machine read) and its session's title. The long description (caption,
        transcription) is not repeated here: the page links it with ``aria-describedby``."""
        own = " ".join((self.item.alt_text or "").split())
        if own:
            return own
        name = next(
            (
                " ".join(t.split())
                for t in (
                    self.item.title,
                    self.item.caption,
                    self.item.transcription,
                    self.item.ocr_text,
                )
                if t and t.strip()
            ),
            f"#{self.item.id}",
        )
        parts = [_trim(name, ALT_MAX)]
        if self.session is not None and " ".join(self.session.title.split()):
            parts.append(" ".join(self.session.title.split()))
        return _trim(" — ".join(p.rstrip(_SOFT_END) or p for p in parts), ALT_MAX)


#: The longest default alt text: screen readers read alt text in one go, without pause.
ALT_MAX = 125
# Punctuation that joining would double (a title ending in a full stop, then " — ").
_SOFT_END = " .,;:·—–-"


def _trim(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ``…`` included."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(_SOFT_END) + "…"


@dataclass
class KitData:
    event: Event
    sessions: list[KitSession]
    items: list[KitItem]
    speakers: list[KitPerson]
    illustrators: list[KitPerson]
    tags: list[KitTag]
    last_change: str  # the date of the catalog's last change, YYYY-MM-DD ("" when unknown)
    change_seq: int
    # The moment of the catalog's last change (UTC), for the dates of the feed, the
    # sitemap and the calendar: never the clock, so two exports give the same bytes.
    changed: datetime | None = None
    #: The drawing on the cover: the event's chosen cover while it is among ``items``, else
    #: the first drawing of the first session that has one, else the first drawing.
    cover: KitItem | None = None

    @property
    def days(self) -> list[tuple[date, list[tuple[str, list[KitSession]]]]]:
        """The programme: each day, its tracks (sessions without one under ``""``) in order."""
        out: list[tuple[date, list[tuple[str, list[KitSession]]]]] = []
        by_day: dict[date, dict[str, list[KitSession]]] = {}
        for s in self.sessions:
            by_day.setdefault(s.day, {}).setdefault(s.session.track or "", []).append(s)
        for day in sorted(by_day):
            tracks = by_day[day]
            out.append((day, sorted(tracks.items(), key=lambda kv: (kv[0] != "", kv[0]))))
        return out


def _licence(code: str | None) -> Licence | None:
    for lic in LICENCES:
        if code and lic.code == code:
            return lic
    return None


def load_kit_data(db: Database, slug: str, *, include_unpublished: bool = False) -> KitData:
    """Read the event ``slug`` and its published items into a ``KitData``.

    ``include_unpublished`` takes every item of the event that is not in the trash (the
    printed booklet can be made for the organisers before anything is published).
    """
    event = get_event(db, slug)
    tz = event.tz
    sessions = [KitSession(s, s.start.astimezone(tz).date()) for s in list_sessions(db, event.id)]
    by_session = {s.id: s for s in sessions}
    items = [
        KitItem(it, _licence(it.licence or event.licence))
        for it in list_items(db, event_id=event.id)
        if it.published or include_unpublished
    ]

    speaker_names = {n for s in sessions for n in s.session.speakers}
    speaker_names |= {n for k in items for n in k.item.speakers}
    illustrator_names = {n for k in items for n in k.item.illustrators}
    speakers = {
        n: KitPerson(n, slug, "speaker")
        for n, slug in unique_slugs(speaker_names, "speaker").items()
    }
    illustrators = {
        n: KitPerson(n, slug, "illustrator")
        for n, slug in unique_slugs(illustrator_names, "illustrator").items()
    }
    tag_paths: set[str] = set()
    for k in items:
        for path in k.item.tags:
            parts = path.split("/")
            tag_paths |= {"/".join(parts[:d]) for d in range(1, len(parts) + 1)}
    tags = {p: KitTag(p, s) for p, s in unique_slugs(tag_paths, "tag").items()}
    for path, tag in tags.items():
        if "/" in path:
            tags[path.rsplit("/", 1)[0]].children.append(tag)

    for s in sessions:
        s.speakers = [speakers[n] for n in s.session.speakers]
        for person in s.speakers:
            person.sessions.append(s)
    for k in items:
        k.session = by_session.get(k.item.session_id) if k.item.session_id else None
        if k.session is not None:
            k.session.items.append(k)
        k.speakers = [speakers[n] for n in k.item.speakers]
        k.illustrators = [illustrators[n] for n in k.item.illustrators]
        k.tags = [tags[p] for p in k.item.tags]
        for person in (*k.speakers, *k.illustrators):
            person.items.append(k)
        seen: set[str] = set()
        for path in k.item.tags:
            parts = path.split("/")
            for d in range(1, len(parts) + 1):
                sub = "/".join(parts[:d])
                if sub not in seen:
                    seen.add(sub)
                    tags[sub].items.append(k)

    # A session's drawings in their order (hand-set, then capture time, then id: ``items``
    # is by capture time and the sort is stable), its cover first.
    positions = covers.session_positions(db, event.id)
    named_event, named_sessions = covers.named_covers(db, event.id)
    by_id = {k.id: k for k in items}
    for s in sessions:
        s.items.sort(key=lambda k: (k.id not in positions, positions.get(k.id, 0)))
        named = by_id.get(named_sessions.get(s.id, 0))
        s.cover = named if named is not None and named.session is s else None
        if s.cover is None and s.items:
            s.cover = s.items[0]
        if s.cover is not None:
            s.items.remove(s.cover)
            s.items.insert(0, s.cover)
    # The event's cover: the one chosen, else the first drawing of the first session.
    cover = by_id.get(named_event or 0)
    if cover is None:
        cover = next((s.cover for s in sessions if s.cover is not None), None)
    if cover is None and items:
        cover = items[0]

    # Previous/next run within a session (or among the items of no session).
    groups: dict[int | None, list[KitItem]] = {s.id: s.items for s in sessions}
    groups[None] = [k for k in items if k.session is None]
    for group in groups.values():
        for a, b in itertools.pairwise(group):
            a.next, b.previous = b, a

    # When the catalog last changed, not the clock: the same archive gives the same bytes.
    changed = identity.changed_at(db)
    last = datetime.fromtimestamp(changed, UTC).date().isoformat() if changed else None
    seq = identity.change_seq(db)
    sort_people = sorted(speakers.values(), key=lambda p: (p.name.casefold(), p.name))
    sort_ill = sorted(illustrators.values(), key=lambda p: (p.name.casefold(), p.name))
    return KitData(
        event=event,
        sessions=sessions,
        items=items,
        speakers=sort_people,
        illustrators=sort_ill,
        tags=sorted(tags.values(), key=lambda t: (t.path.casefold(), t.path)),
        last_change=str(last)[:10] if last else "",
        change_seq=seq,
        cover=cover,
        changed=datetime.fromtimestamp(changed, UTC) if changed else None,
    )


def local_time(value: datetime, event: Event) -> datetime:
    return value.astimezone(event.tz)
