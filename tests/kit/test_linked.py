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
