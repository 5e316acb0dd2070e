"""IIIF for a hosted kit: ``info.json`` beside each drawing's tiles, and Presentation 3
manifests — one per drawing, one per session, one for the event — and, in a collection
kit, a Presentation 3 collection of the events' manifests (``data/iiif/collection.json``).

IIIF ids must be absolute ``http(s)`` addresses, and a kit opened from ``file://`` has
none, so these files are written only when the export is given ``--base-url``: the address
at which the kit's folder (the one holding ``index.html``, ``bagit.txt`` and ``data/``) is
served. Then the kit, once on any web server, opens in Mirador or the Universal Viewer
(``data/iiif/event.json`` and the others). Without it the kit's own viewer still deep-zooms
from ``file://``: it is given the tiles' sizes in the page and never reads these files.

The JSON is written by hand (a few plain dictionaries, sorted keys: the same kit gives the
same bytes); the tests check it against the ``iiif-prezi3`` models.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from carnet.errors import InvalidValue
from carnet.kit.model import KitData, KitItem
from carnet.media.tiles import TILE, scale_factors
from carnet.messages import Text

PRESENTATION = "http://iiif.io/api/presentation/3/context.json"
IMAGE = "http://iiif.io/api/image/3/context.json"

#: Where an event's manifest lies in its site, and the collection's in the collection kit.
EVENT_MANIFEST = "iiif/event.json"
COLLECTION = "iiif/collection.json"


def base_url(text: str) -> str:
    """``text`` as a base address: absolute ``http``/``https`` with a host, no query or
    fragment, without its trailing slash. Raises ``InvalidValue`` otherwise."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue(Text("{url!r} is not an http:// or https:// address", url=text))
    if parts.query or parts.fragment or any(c.isspace() for c in text.strip()):
        raise InvalidValue(
            Text("{url!r}: a base address has no query, fragment or space", url=text)
        )
    return text.strip().rstrip("/")


def _lang(language: str, text: str) -> dict[str, list[str]]:
    return {language: [text]}


class IIIFWriter:
    """Builds the IIIF files of one event's site, by their paths inside it.

    ``site`` is the address of that site's root: ``{base}/data`` for an event's kit,
    ``{base}/data/<folder>`` for an event in a collection kit (``export.site_address``),
    so that every id is the address of the file written under that name.
    """

    def __init__(self, kit: KitData, language: str, site: str, credits: dict[int, str]) -> None:
        self.kit = kit
        self.language = language
        self.site = site
        self.credits = credits

    def url(self, rel: str) -> str:
        return f"{self.site}/{quote(rel)}"

    def files(self) -> dict[str, bytes]:
        kit = self.kit
        zoomed = [k for k in kit.items if k.tiles]
        out: dict[str, bytes] = {}
        for k in zoomed:
            out[f"{k.tiles}/info.json"] = _dump(self.info(k))
            out[f"iiif/items/{k.id}.json"] = _dump(self.manifest_of_item(k))
        for s in kit.sessions:
            items = [k for k in s.items if k.tiles]
            if items:
                manifest = self._manifest(f"iiif/sessions/{s.id}.json", s.title, items, page=s.url)
                if s.session.description:
                    manifest["summary"] = _lang(self.language, s.session.description)
                out[f"iiif/sessions/{s.id}.json"] = _dump(manifest)
        if zoomed:
            event = self._manifest(EVENT_MANIFEST, kit.event.name, zoomed, page="index.html")
            ranges = [
                {
                    # A fragment of the manifest's address, as a canvas's (not "%23").
                    "id": self.url(EVENT_MANIFEST) + f"#session-{s.id}",
                    "type": "Range",
                    "label": _lang(self.language, s.title),
                    "items": [
                        {"id": self._canvas(k), "type": "Canvas"} for k in s.items if k.tiles
                    ],
                }
                for s in kit.sessions
                if any(k.tiles for k in s.items)
            ]
            if ranges:
                event["structures"] = ranges
            out[EVENT_MANIFEST] = _dump(event)
        return out

    def info(self, k: KitItem) -> dict[str, Any]:
        """The image service of a drawing's tiles (IIIF Image API 3, level 0)."""
        return image_service(self.url(str(k.tiles)), *k.full_size)

    def _canvas(self, k: KitItem) -> str:
        return self.url(f"iiif/items/{k.id}.json") + "#canvas"

    def canvas(self, k: KitItem) -> dict[str, Any]:
        width, height = k.full_size
        canvas_id = self._canvas(k)
        body: dict[str, Any] = {
            "id": self.url(k.download) if k.download else self.url(f"{k.tiles}/full"),
            "type": "Image",
            "format": "image/jpeg",
            "width": width,
            "height": height,
            "service": [
                {"id": self.url(str(k.tiles)), "type": "ImageService3", "profile": "level0"}
            ],
        }
        canvas: dict[str, Any] = {
            "id": canvas_id,
            "type": "Canvas",
            "label": _lang(self.language, k.label),
            "width": width,
            "height": height,
            "items": [
                {
                    "id": f"{canvas_id}/page",
                    "type": "AnnotationPage",
                    "items": [
                        {
                            "id": f"{canvas_id}/page/image",
                            "type": "Annotation",
                            "motivation": "painting",
                            "body": body,
                            "target": canvas_id,
                        }
                    ],
                }
            ],
        }
        if k.thumb:
            canvas["thumbnail"] = [
                {
                    "id": self.url(k.thumb),
                    "type": "Image",
                    "format": "image/jpeg",
                    "width": k.thumb_size[0],
                    "height": k.thumb_size[1],
                }
            ]
        return canvas

    def manifest_of_item(self, k: KitItem) -> dict[str, Any]:
        manifest = self._manifest(f"iiif/items/{k.id}.json", k.label, [k], page=k.url)
        if k.item.caption:
            manifest["summary"] = _lang(self.language, k.item.caption)
        metadata = []
        if k.illustrators:
            names = ", ".join(p.name for p in k.illustrators)
            metadata.append(_pair(self.language, "Illustrator", names))
        if k.speakers:
            metadata.append(_pair(self.language, "Speakers", ", ".join(p.name for p in k.speakers)))
        if k.session:
            metadata.append(_pair(self.language, "Session", k.session.title))
        if k.item.captured_at:
            metadata.append(_pair(self.language, "Date", k.item.captured_at))
        if metadata:
            manifest["metadata"] = metadata
        if k.licence is not None and k.licence.url:
            manifest["rights"] = k.licence.url
        return manifest

    def _manifest(
        self, rel: str, label: str, items: Iterable[KitItem], *, page: str
    ) -> dict[str, Any]:
        items = list(items)
        manifest: dict[str, Any] = {
            "@context": PRESENTATION,
            "id": self.url(rel),
            "type": "Manifest",
            "label": _lang(self.language, label),
            "homepage": [
                {
                    "id": self.url(page),
                    "type": "Text",
                    "label": _lang(self.language, label),
                    "format": "text/html",
                }
            ],
            "items": [self.canvas(k) for k in items],
        }
        credits = sorted({self.credits[k.id] for k in items if self.credits.get(k.id)})
        if credits:
            manifest["requiredStatement"] = _pair(self.language, "Attribution", "; ".join(credits))
        return manifest


@dataclass(frozen=True)
class EventManifest:
    """An event's manifest as the collection lists it.

    ``folder`` is the event's folder in the collection kit; ``label`` and ``language``
    are those of the manifest's own label; ``thumb`` is its cover's thumbnail, a path
    inside the event's folder (None: no thumbnail).
    """

    folder: str
    label: str
    language: str
    thumb: str | None = None
    thumb_size: tuple[int, int] = (0, 0)


def collection_file(
    site: str, name: str, language: str, events: Iterable[EventManifest], *, page: str
) -> bytes:
    """The IIIF Presentation 3 collection of a collection kit: every event's manifest
    (``<folder>/iiif/event.json``), in the order given; ``site`` is the address of the
    collection's ``data/`` and ``page`` its home, a path inside it."""

    def url(rel: str) -> str:
        return f"{site}/{quote(rel)}"

    items: list[dict[str, Any]] = []
    for e in events:
        reference: dict[str, Any] = {
            "id": url(f"{e.folder}/{EVENT_MANIFEST}"),
            "type": "Manifest",
            "label": _lang(e.language, e.label),
        }
        if e.thumb:
            reference["thumbnail"] = [
                {
                    "id": url(f"{e.folder}/{e.thumb}"),
                    "type": "Image",
                    "format": "image/jpeg",
                    "width": e.thumb_size[0],
                    "height": e.thumb_size[1],
                }
            ]
        items.append(reference)
    document: dict[str, Any] = {
        "@context": PRESENTATION,
        "id": url(COLLECTION),
        "type": "Collection",
        "label": _lang(language, name),
        "homepage": [
            {
                "id": url(page),
                "type": "Text",
                "label": _lang(language, name),
                "format": "text/html",
            }
        ],
        "items": items,
    }
    return _dump(document)


def image_service(service_id: str, width: int, height: int) -> dict[str, Any]:
    """The ``info.json`` of a tile set of a ``width`` × ``height`` image (level 0).

    A level-0 client asks only for what it lists: every tile of each scale factor, and
    each size whole (``full/{w},{h}``, or ``full/max`` at full size); the tile set holds
    each of those files (``media/tiles.tile_names``; a test asks for every one)."""
    factors = scale_factors(width, height)
    smallest = factors[-1]
    return {
        "@context": IMAGE,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": width,
        "height": height,
        "sizes": [{"width": math.ceil(width / smallest), "height": math.ceil(height / smallest)}],
        "tiles": [{"width": TILE, "height": TILE, "scaleFactors": factors}],
    }


def _pair(language: str, label: str, value: str) -> dict[str, Any]:
    return {"label": {"en": [label]}, "value": _lang(language, value)}


def _dump(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()
