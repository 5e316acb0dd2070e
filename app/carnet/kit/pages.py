"""The kit's HTML pages, rendered from Jinja2 templates with autoescaping on.

Every page is rendered into memory and returned with its path inside the site, so the
writer can compare it with what is already on disk and rewrite only what changed. Links
are relative (``root`` is ``""`` or ``"../"``), so the site works from any folder.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import jinja2
from markupsafe import Markup, escape

from carnet.kit.linked import citation, dublin_core, json_ld, json_ld_script, page_url
from carnet.kit.model import KitData, KitItem
from carnet.kit.resources import kit_resources, strings
from carnet.licences import Licence
from carnet.media.tiles import TILE

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; object-src 'none'"
)
#: How many drawings the home page shows as its cover mosaic.
COVER_SIZE = 12


class Texts:
    """The page texts of one language, with French or English plural and date forms."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.data = strings(language)

    def __call__(self, key: str, **values: object) -> str:
        text = self.data.get(key, key)
        if not isinstance(text, str):
            raise KeyError(key)
        return text.format(**values) if values else text

    def plural(self, key: str, n: int) -> str:
        forms = self.data[key]
        one = n <= 1 if self.language == "fr" else n == 1
        return str(forms["one" if one else "other"]).format(n=n)

    def long_date(self, day: date) -> str:
        return str(self.data["date_format"]).format(
            weekday=self.data["weekdays"][day.weekday()],
            day=day.day,
            month=self.data["months"][day.month - 1],
            year=day.year,
        )

    def short_date(self, day: date) -> str:
        return str(self.data["short_date_format"]).format(
            day=day.day, month=self.data["months"][day.month - 1], year=day.year
        )

    def date_range(self, start: str | None, end: str | None) -> str:
        if not start:
            return ""
        first = date.fromisoformat(start)
        last = date.fromisoformat(end) if end else first
        if last == first:
            return self.short_date(first)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{self.short_date(last)}"
        return f"{self.short_date(first)} – {self.short_date(last)}"


def _paragraphs(text: str | None) -> Markup:
    """User text as paragraphs: escaped, blank lines split paragraphs, newlines kept."""
    if not text:
        return Markup("")
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("").join(
        Markup("<p>") + Markup("<br>").join(escape(line) for line in b.split("\n")) + Markup("</p>")
        for b in blocks
    )


def _size(n: int, language: str) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            text = f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
            if language == "fr":
                text = text.replace(".", ",").replace("B", "o")
            return text
        value /= 1000
    return str(n)


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(kit_resources() / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["paragraphs"] = _paragraphs
    return env


def credit_line(k: KitItem, kit: KitData, texts: Texts) -> str:
    """``Illustrator · Event, year · Licence``: what a reuser writes under the drawing."""
    parts = [", ".join(p.name for p in k.illustrators)] if k.illustrators else []
    year = (kit.event.start_date or "")[:4]
    parts.append(f"{kit.event.name}{', ' + year if year and year not in kit.event.name else ''}")
    if k.licence is not None:
        parts.append(k.licence.name)
    return " · ".join(parts)


def render_pages(
    kit: KitData,
    language: str,
    version: str,
    *,
    download_names: dict[int, str] | None = None,
    base: str | None = None,
    up: str | None = None,
) -> dict[str, bytes]:
    """Every page of the site, by path inside the site (``index.html``, ``items/3.html``…).

    ``up`` is the collection's home page from the site's root (``../index.html``) when
    the event's site is part of a collection kit: every page links back to it.
    """
    env = make_environment()
    texts = Texts(language)
    event_licence = next((k.licence for k in kit.items if k.licence), None)
    tz = kit.event.tz

    def hm(value: datetime) -> str:
        return value.astimezone(tz).strftime("%H:%M")

    common: dict[str, Any] = {
        "kit": kit,
        "site_name": kit.event.name,
        "site_place": kit.event.place,
        "collection": False,
        "up": up,
        "lang": language,
        "t": texts,
        "plural": texts.plural,
        "long_date": texts.long_date,
        "short_date": texts.short_date,
        "hm": hm,
        "csp": CSP,
        "version": version,
        "event_licence": event_licence,
        "dates": texts.date_range(kit.event.start_date, kit.event.end_date),
        "tile_size": TILE,
        # The event's language on every caption, title and transcription, so a French
        # drawing in an English kit is read with a French voice (WCAG 3.1.2).
        "clang": Markup(' lang="{}"').format(kit.event.language),
        # Set only with a base address (--base-url): canonical links and preview tags.
        "canonical": None,
        "share_title": None,
        "share_image": None,
        "share_alt": "",
        "share_size": (0, 0),
        "share_description": None,
    }
    pages: dict[str, bytes] = {}

    def render(name: str, path: str, kind: str, **extra: Any) -> None:
        root = "../" * path.count("/")
        if base:
            extra = {"canonical": page_url(base, path), **_share(extra, kit, base), **extra}
        html = env.get_template(name).render(common, root=root, page_kind=kind, **extra)
        pages[path] = html.encode("utf-8")

    render(
        "home.html",
        "index.html",
        "home",
        cover=_cover(kit),
        loose=[k for k in kit.items if k.session is None],
    )
    for s in kit.sessions:
        render("session.html", s.url, "session", s=s)
    for person in (*kit.speakers, *kit.illustrators):
        render("person.html", person.url, "person", person=person)
    for tag in kit.tags:
        render("tag.html", tag.url, "tag", tag=tag)
    names = download_names or {}
    for k in kit.items:
        render(
            "item.html",
            k.url,
            "item",
            k=k,
            credit=credit_line(k, kit, texts),
            captured=_captured(k, texts),
            download_name=names.get(k.id, ""),
            original_size=_size(k.item.size, language),
            download_size=_size(k.download_bytes, language),
            described=_described(k),
            linked=json_ld_script(json_ld(k, kit, base)),
            dublin_core=dublin_core(k, kit),
            citation=citation(k, kit, language, base),
        )
    counts: Counter[Licence] = Counter(k.licence for k in kit.items if k.licence)
    licences = sorted(counts.items(), key=lambda kv: kv[0].code)
    render(
        "about.html",
        "about.html",
        "about",
        licences=licences,
        made_date=texts.short_date(date.fromisoformat(kit.last_change)) if kit.last_change else "—",
    )
    render("search.html", "search.html", "search", search_strings=_search_strings(texts))
    return pages


def render_root(kit: KitData | str, language: str) -> bytes:
    """The bag's top-level ``index.html``: a link (and redirect) into ``data/``; ``kit``
    is the event's kit, or a collection's name."""
    env = make_environment()
    name = kit if isinstance(kit, str) else kit.event.name
    html = env.get_template("root.html").render(
        site_name=name, lang=language, t=Texts(language), csp=CSP
    )
    return html.encode("utf-8")


@dataclass
class CollectionEvent:
    """An event as the collection's home lists it: paths from the collection's root."""

    kit: KitData
    folder: str  # the event's folder (its slug), ``forum-2024``

    @property
    def url(self) -> str:
        return f"{self.folder}/index.html"

    @property
    def cover(self) -> KitItem | None:
        cover = self.kit.cover
        return cover if cover is not None and cover.thumb else None


def render_collection(
    name: str,
    events: list[CollectionEvent],
    language: str,
    version: str,
    *,
    base: str | None = None,
    iiif: str | None = None,
) -> dict[str, bytes]:
    """The collection kit's own pages: its home (every event, newest first, with its
    dates, place, cover drawing and number of drawings) and the search across them.
    ``iiif`` is the address of the IIIF collection, linked from the home's head."""
    env = make_environment()
    texts = Texts(language)
    listed = [
        {
            "url": e.url,
            "name": e.kit.event.name,
            "language": e.kit.event.language,
            "dates": texts.date_range(e.kit.event.start_date, e.kit.event.end_date),
            "place": e.kit.event.place or "",
            "count": len(e.kit.items),
            "cover": f"{e.folder}/{e.cover.thumb}" if e.cover else None,
            "cover_size": e.cover.thumb_size if e.cover else (0, 0),
        }
        for e in reversed(events)
    ]
    common: dict[str, Any] = {
        "site_name": name,
        "site_place": None,
        "collection": True,
        "up": None,
        "lang": language,
        "t": texts,
        "plural": texts.plural,
        "csp": CSP,
        "version": version,
        "event_licence": None,
        "clang": Markup(""),
        "canonical": None,
        "share_title": None,
        "share_image": None,
        "share_alt": "",
        "share_size": (0, 0),
        "share_description": None,
        "root": "",
    }
    pages: dict[str, bytes] = {}
    own: list[tuple[str, str, str, dict[str, Any]]] = [
        ("collection.html", "index.html", "collection", {"events": listed, "iiif": iiif}),
        ("search.html", "search.html", "search", {"search_strings": _search_strings(texts)}),
    ]
    for template, path, kind, extra in own:
        if base:
            extra = {**extra, "canonical": page_url(base, path), "share_title": name}
        html = env.get_template(template).render(common, page_kind=kind, **extra)
        pages[path] = html.encode("utf-8")
    return pages


def _search_strings(texts: Texts) -> str:
    """The texts the search script shows, as JSON for its form's ``data-strings``."""
    strings = {
        key: texts.data[key]
        for key in sorted(texts.data)
        if key.startswith("search_")
        or key in ("drawings", "session", "speaker", "illustrator", "tag", "event")
    }
    return json.dumps(strings, ensure_ascii=False, sort_keys=True)


def _cover(kit: KitData) -> list[KitItem]:
    """A mosaic spread over the whole event: the event's cover drawing first, then evenly
    spaced drawings that have an image."""
    first = [kit.cover] if kit.cover is not None and kit.cover.thumb else []
    with_image = [k for k in kit.items if k.thumb and k not in first]
    room = COVER_SIZE - len(first)
    if len(with_image) <= room:
        return first + with_image
    step = len(with_image) / room
    return first + [with_image[int(i * step)] for i in range(room)]


def _share(extra: dict[str, Any], kit: KitData, base: str) -> dict[str, Any]:
    """The preview tags (OpenGraph, Twitter) of a page: its title, a drawing's absolute
    image address and alt text, a short description."""
    k: KitItem | None = extra.get("k")
    shown: KitItem | None
    if k is not None:
        shown = k
        title = k.label
        description = k.item.caption
    else:
        s = extra.get("s")
        pool = s.items if s is not None else extra.get("cover") or kit.items
        shown = next((i for i in pool if i.preview), None)
        title = s.title if s is not None else kit.event.name
        description = s.session.description if s is not None else None
    out: dict[str, Any] = {"share_title": title}
    if shown is not None and shown.preview:
        out["share_image"] = page_url(base, shown.preview)
        out["share_alt"] = shown.alt
        out["share_size"] = shown.preview_size
    if description:
        flat = " ".join(description.split())
        out["share_description"] = flat if len(flat) <= 200 else flat[:199] + "…"
    return out


def _described(k: KitItem) -> str:
    """The ids of the item page's long description (caption, transcription), for the
    drawing's ``aria-describedby``: the alt text stays short and the long text is not
    repeated in it."""
    ids = [
        name
        for name, text in (("caption", k.item.caption), ("transcription", k.item.transcription))
        if text
    ]
    return " ".join(ids)


def _captured(k: KitItem, texts: Texts) -> str:
    value = k.item.captured_at
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return ""
    return f"{texts.long_date(moment.date())}, {moment:%H:%M}"


Renderer = Callable[[KitData, str, str], dict[str, bytes]]
