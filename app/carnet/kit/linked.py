"""Open metadata on a drawing's page: schema.org JSON-LD, Dublin Core ``<meta>`` and the
"cite this drawing" line, from the same facts the page shows.

No absolute address into the kit is written unless the export is given a base address
(``--base-url``): a kit opened from a USB stick has none, and a made-up one would be wrong.
Links to licences are addresses outside the kit, and fine.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from carnet.catalog.items import Item
from carnet.kit.model import KitData, KitItem, KitPerson

SCHEMA = "https://schema.org"


def captured_moment(item: Item, tz: ZoneInfo) -> datetime | None:
    """When the drawing was captured, with its offset: the one the camera recorded, else
    the event's time zone at that moment. None when unknown or unreadable."""
    if not item.captured_at:
        return None
    try:
        moment = datetime.fromisoformat(item.captured_at)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return moment
    if item.capture_offset:
        try:
            return datetime.fromisoformat(item.captured_at + item.capture_offset)
        except ValueError:
            pass
    return moment.replace(tzinfo=tz)


def page_url(base: str | None, rel: str) -> str | None:
    """The absolute address of ``rel`` (a path inside the site), only with a base: ``base``
    is the site's address (``export.site_address``: the kit's ``data/`` folder, or an
    event's folder inside it in a collection kit)."""
    return f"{base}/{rel}" if base else None


def _person(p: KitPerson) -> dict[str, object]:
    return {"@type": "Person", "name": p.name}


def json_ld(k: KitItem, kit: KitData, base: str | None) -> dict[str, object]:
    """The drawing as a schema.org ``VisualArtwork`` about its session's ``Event``."""
    event = kit.event
    doc: dict[str, object] = {
        "@context": SCHEMA,
        "@type": "VisualArtwork",
        "name": k.label,
        "inLanguage": event.language,
        "artform": "graphic recording",
    }
    if k.item.caption:
        doc["description"] = k.item.caption
    if k.item.transcription:
        doc["text"] = k.item.transcription
    if k.illustrators:
        doc["creator"] = [_person(p) for p in k.illustrators]
    moment = captured_moment(k.item, event.tz)
    if moment is not None:
        doc["dateCreated"] = moment.isoformat()
    if k.licence is not None:
        doc["license"] = k.licence.url or k.licence.name
    if k.item.rights:
        doc["copyrightNotice"] = k.item.rights
    if k.tags:
        doc["keywords"] = [t.label for t in k.tags]
    whole: dict[str, object] = {"@type": "Event", "name": event.name}
    if event.start_date:
        whole["startDate"] = event.start_date
    if event.end_date:
        whole["endDate"] = event.end_date
    if event.place:
        whole["location"] = {"@type": "Place", "name": event.place}
    if k.session is not None:
        s = k.session.session
        about: dict[str, object] = {
            "@type": "Event",
            "name": s.title,
            "startDate": s.start.astimezone(event.tz).isoformat(),
            "endDate": s.end.astimezone(event.tz).isoformat(),
            "superEvent": whole,
        }
        if s.room:
            about["location"] = {"@type": "Place", "name": s.room}
        speakers = k.session.speakers or k.speakers
        if speakers:
            about["performer"] = [_person(p) for p in speakers]
        doc["about"] = about
    else:
        doc["about"] = whole
    if k.speakers:
        doc["mentions"] = [_person(p) for p in k.speakers]
    url = page_url(base, k.url)
    if url:
        doc["url"] = url
        if k.preview:
            doc["image"] = page_url(base, k.preview)
    return doc


def json_ld_script(doc: dict[str, object]) -> Markup:
    """``doc`` as the body of a ``<script type="application/ld+json">``: ``<``, ``>`` and
    ``&`` escaped, so no caption can close the script element or open another."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # escaped above for a script data block


def dublin_core(k: KitItem, kit: KitData) -> list[tuple[str, str]]:
    """Dublin Core ``<meta name content>`` pairs for the drawing's page."""
    event = kit.event
    pairs = [("DC.title", k.label), ("DC.type", "Image"), ("DC.language", event.language)]
    pairs += [("DC.creator", p.name) for p in k.illustrators]
    moment = captured_moment(k.item, event.tz)
    if moment is not None:
        pairs.append(("DC.date", moment.date().isoformat()))
    if k.item.caption:
        pairs.append(("DC.description", " ".join(k.item.caption.split())))
    pairs += [("DC.subject", t.label) for t in k.tags]
    pairs += [("DC.contributor", p.name) for p in k.speakers]
    pairs.append(("DC.relation", k.session.title if k.session else event.name))
    pairs.append(("DC.coverage", event.place or event.name))
    if k.licence is not None:
        pairs.append(("DC.rights", k.licence.url or k.licence.name))
    elif k.item.rights:
        pairs.append(("DC.rights", k.item.rights))
    return pairs


def citation(k: KitItem, kit: KitData, language: str, base: str | None) -> str:
    """ "Cite this drawing": creator, title, event, date, licence, and the page's address
    when the kit has one."""
    event = kit.event
    parts = []
    if k.illustrators:
        parts.append(", ".join(p.name for p in k.illustrators))
    parts.append(f"« {k.label} »" if language == "fr" else f"“{k.label}”")
    where = k.session.title + ", " + event.name if k.session else event.name
    parts.append(where)
    moment = captured_moment(k.item, event.tz)
    if moment is not None:
        parts.append(moment.date().isoformat())
    elif event.start_date:
        parts.append(event.start_date)
    if k.licence is not None:
        parts.append(k.licence.name)
    text = ". ".join(p.rstrip(". ") for p in parts) + "."
    url = page_url(base, k.url)
    return f"{text} {url}" if url else text
