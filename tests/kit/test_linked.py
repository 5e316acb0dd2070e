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
