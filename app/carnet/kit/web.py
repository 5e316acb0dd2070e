"""What a kit served on the web carries besides its pages, written only with a base address
(``--base-url``): ``sitemap.xml`` and an Atom feed of the drawings (``feed.xml``), for live
publishing during an event.

Their dates come from the catalog (its last change, an item's import), never the clock, so
two exports of the same catalog give the same bytes. The XML is built with the standard
library, which escapes text; characters XML 1.0 cannot hold are left out, so a hostile
caption cannot make the file unreadable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from carnet.kit.ics import EPOCH
from carnet.kit.linked import page_url
from carnet.kit.model import KitData

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: How many drawings the feed lists, the latest imported first.
FEED_SIZE = 100
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")


def _moment(kit: KitData) -> datetime:
    return (kit.changed or EPOCH).astimezone(UTC)


def sitemap(kit: KitData, base: str, pages: list[str]) -> bytes:
    """``sitemap.xml``: every page of the site, with the catalog's last change."""
    root = ET.Element("urlset", xmlns=SITEMAP)
    lastmod = _moment(kit).strftime("%Y-%m-%dT%H:%M:%SZ")
    for rel in sorted(pages):
        entry = _sub(root, "url")
        _sub(entry, "loc", page_url(base, rel))
        _sub(entry, "lastmod", lastmod)
    return _xml(root)


def _imported(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def atom_feed(kit: KitData, base: str, language: str) -> bytes:
    """``feed.xml``: the drawings, the latest imported first, each linked to its page and
    its image, with its caption, credit and licence. ``base`` is the site's address."""
    return _feed(kit.event.name, [(kit, base)], base, _moment(kit), language)


def collection_feed(name: str, kits: list[tuple[KitData, str]], base: str, language: str) -> bytes:
    """A collection kit's ``feed.xml``: the drawings of every event (each with its
    site's address in ``kits``), the latest imported first."""
    moment = max(_moment(kit) for kit, _ in kits)
    return _feed(name, kits, base, moment, language)


def _feed(
    name: str, kits: list[tuple[KitData, str]], base: str, moment: datetime, language: str
) -> bytes:
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language})
    home = page_url(base, "index.html") or ""
    _sub(feed, "id", home)
    _sub(feed, "title", name)
    _sub(feed, "updated", _stamp(moment))
    _sub(feed, "link", rel="self", href=page_url(base, "feed.xml") or "")
    _sub(feed, "link", rel="alternate", type="text/html", href=home)
    author = _sub(feed, "author")
    _sub(author, "name", name)
    _sub(feed, "generator", "Carnet")
    every = [(k, kit, site) for kit, site in kits for k in kit.items]
    latest = sorted(every, key=lambda x: (_imported(x[0].item.imported_at), x[0].id), reverse=True)
    for k, kit, site in latest[:FEED_SIZE]:
        entry = _sub(feed, "entry")
        entry.set("xml:lang", kit.event.language)
        url = page_url(site, k.url) or ""
        _sub(entry, "id", url)
        _sub(entry, "title", k.label)
        stamp = _stamp(_imported(k.item.imported_at))
        _sub(entry, "published", stamp)
        _sub(entry, "updated", stamp)
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        if k.preview:
            _sub(
                entry,
                "link",
                rel="enclosure",
                type="image/jpeg",
                href=page_url(site, k.preview) or "",
            )
        for person in k.illustrators:
            _sub(_sub(entry, "author"), "name", person.name)
        if k.session is not None:
            _sub(entry, "category", term=k.session.title)
        if k.item.caption:
            _sub(entry, "summary", k.item.caption)
        if k.licence is not None:
            _sub(entry, "rights", k.licence.name)
            if k.licence.url:
                _sub(entry, "link", rel="license", href=k.licence.url)
    return _xml(feed)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
