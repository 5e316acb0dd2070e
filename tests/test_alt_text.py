"""An item's alt text, end to end: read from XMP on import, set from the command line,
searched as ``alt:``, shipped in the kit's metadata files and as its image's alt."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import get_item, list_items, update_items
from carnet.catalog.migrations import MIGRATIONS
from carnet.cli.main import main
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.search import SearchIndex
from tests.imaging import make_jpeg, xmp_packet

ALT = (
    '<Iptc4xmpCore:AltTextAccessibility xmlns:Iptc4xmpCore="'
    'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"><rdf:Alt>'
    '<rdf:li xml:lang="x-default">Un arbre dessiné au feutre, quatre racines</rdf:li>'
    "</rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
)


def test_alt_text_from_import_to_kit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from carnet.kit import ExportOptions, export_kit

    with_alt = make_jpeg(tmp_path / "in" / "a.jpg", xmp=xmp_packet(title="Arbre", extra=ALT))
    without = make_jpeg(tmp_path / "in" / "b.jpg", (320, 240), color=(40, 120, 200))
    root = tmp_path / "Forum.carnet"
    with Archive.create(root) as archive:
        add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        import_paths(archive, [with_alt, without], ImportOptions(event="forum", jobs=1))
        by_name = {i.original_name: i for i in list_items(archive.db)}
        first, second = by_name["a.jpg"].id, by_name["b.jpg"].id
        assert by_name["a.jpg"].alt_text == "Un arbre dessiné au feutre, quatre racines"
        assert by_name["b.jpg"].alt_text is None
        update_items(archive.db, [first, second], published=True)
        update_items(archive.db, [second], title="Quatre racines")

    assert (
        main(["item", "set", str(root), str(second), "--alt", " Une carte\x00 des communs "]) == 0
    )
    assert main(["item", "set", str(root), str(second), "--alt", "x" * 100_001]) != 0
    assert "longer than" in capsys.readouterr().err
    with Archive.open(root) as archive:
        assert get_item(archive.db, second).alt_text == "Une carte des communs"
        with SearchIndex(archive) as index:
            assert index.matching_ids("alt:communs") == {second}
            # alt: reads the alt text only (the second item has "racines" in its title)...
            assert index.matching_ids("alt:racines") == {first}
            # ...and a word without a field is looked for there too.
            assert index.matching_ids("racines") == {first, second}
            assert index.matching_ids("feutre") == {first}
        export_kit(archive, "forum", tmp_path / "kit", ExportOptions())

    data = tmp_path / "kit" / "data"
    rows = list(csv.DictReader(io.StringIO((data / "items.csv").read_text("utf-8-sig"))))
    assert {r["id"]: r["alt_text"] for r in rows} == {
        str(first): "Un arbre dessiné au feutre, quatre racines",
        str(second): "Une carte des communs",
    }
    header = next(csv.reader(io.StringIO((data / "items.csv").read_text("utf-8-sig"))))
    assert header.index("alt_text") == header.index("transcription") + 1
    records = json.loads((data / "items.json").read_text("utf-8"))["items"]
    assert {r["alt_text"] for r in records} == {
        "Un arbre dessiné au feutre, quatre racines",
        "Une carte des communs",
    }
    page = (data / "items" / f"{first}.html").read_text("utf-8")
    assert re.search(r'<img [^>]*alt="Un arbre dessiné au feutre, quatre racines"', page)


def test_an_archive_not_yet_migrated_reads_without_alt_text(tmp_path: Path) -> None:
    """Read-only media, or an archive from an older Carnet opened read-only: the catalog is
    not migrated, and the alt text reads as empty everywhere instead of failing."""
    from carnet.kit import ExportOptions, export_kit

    number = next(m.number for m in MIGRATIONS if m.name == "alt text of items")
    root = tmp_path / "Old.carnet"
    photo = make_jpeg(tmp_path / "in" / "a.jpg", xmp=xmp_packet(title="Arbre", extra=ALT))
    with Archive.create(root) as archive:
        add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        import_paths(archive, [photo], ImportOptions(event="forum", jobs=1))
        update_items(archive.db, [list_items(archive.db)[0].id], published=True)
    # The catalog as the Carnet before the migration left it.
    conn = sqlite3.connect(root / "catalog.sqlite")
    with conn:
        conn.execute("ALTER TABLE items DROP COLUMN alt_text")
        conn.execute("DELETE FROM migrations WHERE number >= ?", (number,))
    conn.close()
    with Archive.open(root, readonly=True) as archive:
        (item,) = list_items(archive.db)
        assert item.title == "Arbre" and item.alt_text is None
        with SearchIndex(archive) as index:
            assert index.matching_ids("arbre") == {item.id}
            assert index.matching_ids("alt:arbre") == set()
        export_kit(archive, "forum", tmp_path / "kit", ExportOptions())
    (record,) = json.loads((tmp_path / "kit/data/items.json").read_text("utf-8"))["items"]
    assert record["alt_text"] == "" and record["title"] == "Arbre"
    with Archive.open(root) as archive:  # opened for writing, it is migrated
        assert get_item(archive.db, item.id).alt_text is None
        update_items(archive.db, [item.id], alt_text="Un arbre")
        assert get_item(archive.db, item.id).alt_text == "Un arbre"
