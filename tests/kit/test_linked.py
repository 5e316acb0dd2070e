"""Open metadata of a drawing's page: the capture time's offset, and the addresses that
only a kit given a base address (``--base-url``) carries."""

from __future__ import annotations

import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from carnet.kit.linked import captured_moment
from tests.kit.conftest import Exporter
from tests.kit.test_alt_lang import _item

PARIS = ZoneInfo("Europe/Paris")


def test_capture_time_keeps_the_camera_offset_else_takes_the_event_time_zone() -> None:
    camera = _item(captured_at="2016-09-29T10:10:00", capture_offset="-04:00")
    assert captured_moment(camera, PARIS).isoformat() == "2016-09-29T10:10:00-04:00"  # type: ignore[union-attr]
    plain = _item(captured_at="2016-12-01T10:10:00")
    assert captured_moment(plain, PARIS).isoformat() == "2016-12-01T10:10:00+01:00"  # type: ignore[union-attr]
    assert captured_moment(_item(captured_at="not a date"), PARIS) is None
    assert captured_moment(_item(captured_at="2016-12-01T10:10:00", capture_offset="x"), PARIS)


def _json_ld(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found
    doc = json.loads(found.group(1))
    assert isinstance(doc, dict)
    return doc


def test_addresses_only_with_a_base(export: Exporter, tmp_path: Path) -> None:
    kit = export(tmp_path / "with", base_url="https://example.org/forum")
    page = (kit / "data/items/1.html").read_text("utf-8")
    doc = _json_ld(page)
    assert doc["url"] == "https://example.org/forum/data/items/1.html"
    assert str(doc["image"]).startswith("https://example.org/forum/data/")
    cite = re.search(r'<p class="cite">([^<]+)</p>', page)
    assert cite and cite.group(1).endswith(". https://example.org/forum/data/items/1.html")
    plain = export(tmp_path / "without")
    for path in (plain / "data").rglob("*.html"):
        assert "example.org" not in path.read_text("utf-8")
    assert "url" not in _json_ld((plain / "data/items/1.html").read_text("utf-8"))


def test_items_json_has_a_version_session_ids_and_the_whole_programme(
    export: Exporter, tmp_path: Path
) -> None:
    kit = export(tmp_path / "kit")
    data = json.loads((kit / "data/items.json").read_text("utf-8"))
    assert data["schema_version"] == 2
    by_title = {r["title"]: r for r in data["items"]}
    sessions = {s["title"]: s for s in data["sessions"]}
    assert set(sessions) == {"Les communs et la société", "Atelier sans intervenant"}
    communs = sessions["Les communs et la société"]
    assert by_title["La société des communs"]["session_id"] == communs["id"]
    assert by_title["Sans session"]["session_id"] == ""
    assert communs["start"] == "2016-09-29T10:00:00+02:00"
    assert communs["speakers"] == ["Aïcha Benali"] and len(communs["items"]) == 3
    assert sessions["Atelier sans intervenant"]["items"] == []  # no drawing, still there
    # The capture time with its offset (the event's time zone: the photos carry none).
    assert by_title["La société des communs"]["captured_at"] == "2016-09-29T10:10:00+02:00"


def test_programme_ics_reads_back_as_the_programme(export: Exporter, tmp_path: Path) -> None:
    from icalendar import Calendar

    from carnet.programme.icsreader import read_ics_text

    kit = export(tmp_path / "kit")
    raw = (kit / "data/programme.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = Calendar.from_ical(raw)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 2
    stamps = {e.decoded("DTSTAMP") for e in events}
    assert len(stamps) == 1 and next(iter(stamps)).year > 2000  # the last change
    programme = read_ics_text(raw.decode("utf-8"), PARIS)
    read = {s.title: s for s in programme.sessions}
    communs = read["Les communs et la société"]
    assert communs.start.astimezone(PARIS).isoformat() == "2016-09-29T10:00:00+02:00"
    assert communs.room == "Salle A" and communs.track == "Communs"
    assert communs.speakers == ["Aïcha Benali"]
    assert read["Atelier sans intervenant"].speakers == []
    assert b"URL:" not in raw
    home = (kit / "data/index.html").read_text("utf-8")
    assert '<a href="programme.ics" download="programme.ics"' in home
    with_base = export(tmp_path / "with", base_url="https://example.org/forum")
    assert (
        b"URL:https://example.org/forum/data/sessions/"
        in (with_base / "data/programme.ics").read_bytes()
    )


def test_ics_text_escapes_and_folds() -> None:
    from carnet.kit.ics import _escape, _fold

    assert _escape("a;b,c\\d\ne\x00") == "a\\;b\\,c\\\\d\\ne"
    folded = _fold("SUMMARY:" + "é" * 80)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80 + "\r\n"


BASE = "https://example.org/forum"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_base_url_writes_a_sitemap_a_feed_canonical_links_and_previews(
    export: Exporter, tmp_path: Path
) -> None:
    from defusedxml import ElementTree as SafeET

    kit = export(tmp_path / "kit", base_url=BASE)
    data = kit / "data"
    urlset = SafeET.fromstring((data / "sitemap.xml").read_bytes())
    assert urlset.tag == f"{SITEMAP_NS}urlset"
    urls = urlset.findall(f"{SITEMAP_NS}url")
    locs = {u.findtext(f"{SITEMAP_NS}loc") for u in urls}
    pages = {f"{BASE}/data/{p.relative_to(data).as_posix()}" for p in data.rglob("*.html")}
    assert locs == pages
    lastmods = {u.findtext(f"{SITEMAP_NS}lastmod") for u in urls}
    assert len(lastmods) == 1 and re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lastmods.pop() or ""
    )

    feed = SafeET.fromstring((data / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM_NS}feed" and feed.findtext(f"{ATOM_NS}title") == "Forum de test"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", feed.findtext(f"{ATOM_NS}updated") or ""
    )
    entries = feed.findall(f"{ATOM_NS}entry")
    assert len(entries) == 4  # the published drawings, not the draft
    ids = {e.findtext(f"{ATOM_NS}id") for e in entries}
    assert f"{BASE}/data/items/1.html" in ids
    first = next(e for e in entries if e.findtext(f"{ATOM_NS}id") == f"{BASE}/data/items/1.html")
    assert first.findtext(f"{ATOM_NS}title") == "La société des communs"
    assert first.findtext(f"{ATOM_NS}author/{ATOM_NS}name") == "Margaux Lefèvre"
    image = first.find(f"{ATOM_NS}link[@rel='enclosure']")
    assert image is not None and image.get("href", "").startswith(f"{BASE}/data/")
    hostile = next(e for e in entries if e.findtext(f"{ATOM_NS}id", "").endswith("/3.html"))
    assert "<script>alert(1)</script>" in (hostile.findtext(f"{ATOM_NS}summary") or "")

    page = (data / "items/1.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{BASE}/data/items/1.html">' in page
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', page)
    assert og_image and og_image.group(1).startswith(f"{BASE}/data/")
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert '<meta property="og:title" content="La société des communs">' in page
    home = (data / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{BASE}/data/index.html">' in home

    # Exported again without a base: none of it is left behind.
    export(kit)
    assert not (data / "sitemap.xml").exists() and not (data / "feed.xml").exists()
    assert "canonical" not in (data / "items/1.html").read_text("utf-8")


def test_feed_leaves_out_what_xml_cannot_hold() -> None:
    from carnet.kit.web import _clean

    assert _clean("a\x00b\x1bc\ufffed\td") == "abcd\td"


def test_web_files_are_the_same_bytes_from_two_exports(export: Exporter, tmp_path: Path) -> None:
    first = export(tmp_path / "a", base_url=BASE) / "data"
    second = export(tmp_path / "b", base_url=BASE) / "data"
    for rel in ("sitemap.xml", "feed.xml", "programme.ics", "items.json", "items/1.html"):
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
