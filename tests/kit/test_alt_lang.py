"""The kit's default alt text (short: the drawing's name and its session, never the long
description joined in) and the event's language on the texts that are the event's."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carnet.catalog.events import Session
from carnet.catalog.items import Item
from carnet.kit.model import ALT_MAX, KitItem, KitSession
from carnet.media.corrections import Corrections
from tests.kit.conftest import Exporter


def _item(**fields: object) -> Item:
    values: dict[str, object] = {
        "id": 7,
        "hash": "0" * 64,
        "original_name": "a.jpg",
        "original_path": "originals/a.jpg",
        "format": "jpeg",
        "size": 1,
        "width": 1,
        "height": 1,
        "captured_at": None,
        "capture_offset": None,
        "camera_make": None,
        "camera_model": None,
        "orientation": 1,
        "gps_lat": None,
        "gps_lon": None,
        "gps_alt": None,
        "imported_at": "2016-09-29T10:00:00+00:00",
        "title": None,
        "caption": None,
        "transcription": None,
        "alt_text": None,
        "ocr_text": None,
        "licence": None,
        "rights": None,
        "published": True,
        "event_id": 1,
        "session_id": None,
        "session_source": None,
        "corrections": Corrections(),
        "trashed_at": None,
    }
    values.update(fields)
    return Item(**values)  # type: ignore[arg-type]


def _session(title: str) -> KitSession:
    start = datetime(2016, 9, 29, 10, tzinfo=UTC)
    return KitSession(Session(1, 1, title, start, start), date(2016, 9, 29))


def test_default_alt_is_the_title_and_the_session_never_the_long_texts() -> None:
    k = KitItem(
        _item(title="Les communs.", caption="Une légende.", transcription="COMMUNS"),
        None,
        session=_session("Atelier : la ville"),
    )
    assert k.alt == "Les communs — Atelier : la ville"
    assert KitItem(_item(title="Les communs ?"), None).alt == "Les communs ?"


def test_default_alt_is_at_most_125_characters_cut_at_a_word() -> None:
    long_title = "Une très longue fresque " * 20
    k = KitItem(_item(title=long_title, caption="x" * 5000), None, session=_session("S " * 100))
    assert len(k.alt) <= ALT_MAX == 125
    assert k.alt.endswith("fresque…") and "x" not in k.alt
    # Without a title, the start of the caption names the drawing, still short.
    k = KitItem(_item(caption="Une légende. " * 100), None, session=_session("Atelier"))
    assert len(k.alt) <= ALT_MAX and k.alt.startswith("Une légende. Une")


def test_own_alt_text_wins() -> None:
    k = KitItem(_item(title="T", alt_text=" Un  arbre "), None, session=_session("S"))
    assert k.alt == "Un arbre"


@pytest.fixture(scope="module")
def english_kit(archive_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from carnet.catalog.archive import Archive
    from carnet.kit import ExportOptions, export_kit
    from tests.kit.conftest import SLUG

    out = tmp_path_factory.mktemp("english") / "kit"
    with Archive.open(archive_path, readonly=True) as archive:
        export_kit(archive, SLUG, out, ExportOptions(language="en"))
    return out


def test_a_french_event_in_an_english_kit_keeps_french_on_its_texts(english_kit: Path) -> None:
    page = (english_kit / "data/items/1.html").read_text("utf-8")
    assert '<html lang="en">' in page
    assert '<h1 lang="fr">La société des communs</h1>' in page
    assert re.search(r'<div class="text" id="caption" lang="fr">', page)
    assert re.search(r'<div class="text transcription[^"]*" id="transcription" lang="fr">', page)
    assert re.search(r'<img [^>]*alt="La société des communs — [^"]+" lang="fr"', page)
    assert "<h2>Caption</h2>" in page  # the kit's own words stay English
    session = (english_kit / "data/sessions/1.html").read_text("utf-8")
    assert '<h1 lang="fr">Les communs et la société</h1>' in session
    assert '<span class="label" lang="fr">La société des communs</span>' in session
    home = (english_kit / "data/index.html").read_text("utf-8")
    assert '<h1 lang="fr">Forum de test</h1>' in home


def test_an_item_without_long_text_has_no_describedby(export: Exporter, tmp_path: Path) -> None:
    kit = export(tmp_path / "kit")
    described = re.findall(r'aria-describedby="([^"]+)"', (kit / "data/items/2.html").read_text())
    assert described == ["caption"]
