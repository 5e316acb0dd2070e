"""The kit's search data holds the machine-read text only with ``export --with-ocr``."""

from __future__ import annotations

from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import update_items
from carnet.catalog.readings import store_reading
from carnet.cli.main import main
from tests.ocr.drawings import add_item, lettering, png_bytes


def _texts(folder: Path) -> str:
    return "".join(p.read_text("utf-8") for p in sorted(folder.rglob("*.js")))


def test_machine_read_words_reach_the_kits_search_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "A.carnet"
    with Archive.create(root) as archive:
        event = add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        item_id = add_item(archive, png_bytes(lettering([], size=(200, 100))), "a.png")
        update_items(archive.db, [item_id], title="Bourse", published=True, event_id=event.id)
        store_reading(archive.db, item_id, "ZORGLUBEK GRAINOTHÈQUE", "engine", 0.9)
    plain, with_ocr = tmp_path / "plain", tmp_path / "with-ocr"
    assert main(["export", str(root), "--event", "forum", str(plain)]) == 0
    assert main(["export", str(root), "--event", "forum", str(with_ocr), "--with-ocr"]) == 0
    capsys.readouterr()
    assert "bours" in _texts(plain / "data" / "search")  # the title is searched
    assert "zorglubek" not in _texts(plain / "data" / "search")
    assert "zorglubek" in _texts(with_ocr / "data" / "search")
    # Never in the kit's metadata files: a person has not checked it.
    for kit in (plain, with_ocr):
        assert "ZORGLUBEK" not in (kit / "data" / "items.json").read_text("utf-8")
