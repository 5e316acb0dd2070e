"""Deep zoom in the exported kit: tiles, downloads, IIIF files, and what an export does
again (nothing for the tiles after a caption change; new tiles after a correction)."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
import pyvips
from iiif_prezi3 import Manifest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.items import list_items, update_items
from carnet.cli.kit import add_export
from carnet.errors import InvalidValue
from carnet.kit import ExportOptions, export_kit
from carnet.kit.deepzoom import download_names
from carnet.kit.iiif import base_url
from carnet.kit.model import load_kit_data
from carnet.media import tiles as tiles_module
from carnet.media.metadata import read_metadata
from carnet.media.tiles import TileSet, checked_tile_set, tile_names
from tests.kit.conftest import HOSTILE, SLUG, Exporter, build_archive

BASE = "https://archives.example.org/forum"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tile_folders(kit: Path) -> list[Path]:
    return sorted((kit / "data" / "tiles").iterdir())


def test_every_published_drawing_has_its_tiles_listed_in_the_bag(
    export: Exporter, tmp_path: Path
) -> None:
    kit = export(tmp_path / "kit")
    folders = tile_folders(kit)
    assert len(folders) == 4  # the four published drawings, not the draft
    for folder in folders:
        written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        assert written == tile_names(480, 360)
    manifest = (kit / "manifest-sha256.txt").read_text()
    for folder in folders:
        rel = (folder / tile_names(480, 360)[0]).relative_to(kit).as_posix()
        digest = hashlib.sha256((kit / rel).read_bytes()).hexdigest()
        assert f"{digest}  {rel}\n" in manifest
    bagit.Bag(str(kit)).validate()
    # Without --base-url there are no IIIF files: their ids could not be absolute.
    assert not (kit / "data" / "iiif").exists()
    assert not list((kit / "data" / "tiles").rglob("info.json"))
    page = (kit / "data" / "items" / "1.html").read_text()
    assert "data-zoom" in page and 'data-full-width="480"' in page
    assert "assets/vendor/openseadragon-6.1.1/openseadragon.min.js" in page
    assert (kit / "data" / "assets" / "vendor" / "openseadragon-6.1.1" / "LICENSE.txt").is_file()


def test_two_exports_give_the_same_bytes(export: Exporter, tmp_path: Path) -> None:
    a = export(tmp_path / "a", base_url=BASE)
    b = export(tmp_path / "b", base_url=BASE)
    assert tree(a) == tree(b)


def test_the_full_resolution_download_carries_the_credit(
    export: Exporter, tmp_path: Path, archive_path: Path
) -> None:
    kit = export(tmp_path / "kit", originals=True)
    page = (kit / "data" / "items" / "1.html").read_text()
    assert 'href="../downloads/la-societe-des-communs.jpg"' in page
    assert 'download="la-societe-des-communs.jpg"' in page
    download = kit / "data" / "downloads" / "la-societe-des-communs.jpg"
    found = read_metadata(download, "jpeg")
    assert found.title == "La société des communs"
    assert found.caption == "Une société qui prend soin de ses communs."
    assert found.captured_at is None and found.camera_model is None  # the camera's is gone
    data = download.read_bytes()
    assert "Margaux Lefèvre".encode() in data
    assert b"https://creativecommons.org/licenses/by-sa/4.0/" in data
    with Image.open(download) as image:
        assert image.size == (480, 360)
    # The original shipped with --originals is untouched, with the checksum items.csv gives.
    rows = list(csv.DictReader(io.StringIO((kit / "data" / "items.csv").read_text("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "1")
    original = kit / "data" / row["original"]
    assert hashlib.sha256(original.read_bytes()).hexdigest() == row["original_sha256"]
    # Hostile titles make plain names.
    names = sorted(p.name for p in (kit / "data" / "downloads").iterdir())
    assert names == [
        "cartes-libres.jpg",
        "la-societe-des-communs.jpg",
        "sans-session.jpg",
        "script-alert-1-script.jpg",
    ]
    assert HOSTILE[0] not in page


def test_download_names_are_unique_and_stable(archive_path: Path) -> None:
    with Archive.open(archive_path, readonly=True) as archive:
        kit = load_kit_data(archive.db, SLUG)
    for k in kit.items:
        k.item.title = "Même titre"
    names = download_names(kit)
    ids = sorted(names)
    assert names[ids[0]] == "meme-titre.jpg"
    assert [names[i] for i in ids[1:]] == [f"meme-titre-{i}.jpg" for i in ids[1:]]
    kit.items[0].item.title = "../../etc/passwd"
    assert download_names(kit)[kit.items[0].id] == "etc-passwd.jpg"


@pytest.fixture
def own_archive(tmp_path: Path) -> Path:
    """An archive of the test's own, to change."""
    return build_archive(tmp_path / "own")


def export_own(archive: Path, out: Path, **options: object):  # type: ignore[no-untyped-def]
    with Archive.open(archive, readonly=True) as opened:
        return export_kit(opened, SLUG, out, ExportOptions(**options))  # type: ignore[arg-type]


def test_a_caption_change_re_tiles_nothing(own_archive: Path, tmp_path: Path) -> None:
    assert not (own_archive / "tiles").exists()  # an import makes no tiles: an export does
    kit = tmp_path / "kit"
    export_own(own_archive, kit)
    tiles_before = {
        p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (kit / "data" / "tiles").rglob("*.jpg")
    }
    downloads = kit / "data" / "downloads"
    untouched = downloads / "cartes-libres.jpg"
    untouched_stat = untouched.stat().st_mtime_ns
    archive_tiles = sorted((own_archive / "tiles").rglob("*"))
    with Archive.open(own_archive) as archive:
        first = list_items(archive.db)[0]
        update_items(archive.db, [first.id], caption="Une nouvelle légende.")
    summary = export_own(own_archive, kit)
    assert summary.problems == []
    after = {
        p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (kit / "data" / "tiles").rglob("*.jpg")
    }
    assert after == tiles_before  # not one tile written again
    assert sorted((own_archive / "tiles").rglob("*")) == archive_tiles  # nor made again
    assert untouched.stat().st_mtime_ns == untouched_stat
    caption = read_metadata(downloads / "la-societe-des-communs.jpg", "jpeg").caption
    assert caption == "Une nouvelle légende."
    assert summary.written < 20  # the pages, search and metadata files that show the caption


def test_a_correction_gives_new_tiles_and_drops_the_old(own_archive: Path, tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    export_own(own_archive, kit)
    before = set(tile_folders(kit))
    with Archive.open(own_archive) as archive:
        first = list_items(archive.db)[0]
        update_items(archive.db, [first.id], rotation=90)
    summary = export_own(own_archive, kit)
    after = set(tile_folders(kit))
    assert len(before - after) == 1 and len(after - before) == 1
    (new,) = after - before
    assert sorted(
        p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()
    ) == tile_names(360, 480)
    assert summary.removed >= len(tile_names(480, 360))
    with Image.open(kit / "data" / "downloads" / "la-societe-des-communs.jpg") as image:
        assert image.size == (360, 480)


def test_tiles_someone_else_left_in_the_archive_are_made_again(
    own_archive: Path, tmp_path: Path
) -> None:
    export_own(own_archive, tmp_path / "first")
    for tile in (own_archive / "tiles").rglob("default.jpg"):
        tile.write_bytes(b"<html>not a tile</html>")
    kit = tmp_path / "kit"
    summary = export_own(own_archive, kit)
    assert summary.problems == []
    for tile in (kit / "data" / "tiles").rglob("default.jpg"):
        with Image.open(tile) as image:
            assert image.format == "JPEG"
    sets = sorted(p for p in (own_archive / "tiles").glob("*/*") if not p.name.startswith("."))
    assert len(sets) == 4 and all(checked_tile_set(p) is not None for p in sets)  # replaced


def test_a_linked_tiles_folder_is_neither_read_nor_written(
    own_archive: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    export_own(own_archive, tmp_path / "first")
    (own_archive / "tiles").rename(elsewhere)  # sound tiles, but behind a link now
    (own_archive / "tiles").symlink_to(elsewhere)
    planted = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 0, 0)).save(planted, "JPEG")
    for tile in elsewhere.rglob("default.jpg"):  # valid tiles, of another picture
        tile.write_bytes(planted.getvalue())
    before = tree(elsewhere)
    summary = export_own(own_archive, tmp_path / "kit")
    assert summary.problems == []
    assert len(tile_folders(tmp_path / "kit")) == 4
    copied = [t.read_bytes() for t in (tmp_path / "kit" / "data" / "tiles").rglob("*.jpg")]
    assert copied and planted.getvalue() not in copied
    assert tree(elsewhere) == before


def test_an_archive_where_tiles_cannot_be_kept_still_gets_its_kit(
    own_archive: Path, tmp_path: Path
) -> None:
    shutil.rmtree(own_archive / "tiles", ignore_errors=True)
    (own_archive / "tiles").write_text("a file where the folder would be")
    summary = export_own(own_archive, tmp_path / "kit")
    assert summary.problems == []
    assert len(tile_folders(tmp_path / "kit")) == 4
    assert (own_archive / "tiles").read_text() == "a file where the folder would be"


def test_base_url_writes_iiif_files_that_validate(export: Exporter, tmp_path: Path) -> None:
    kit = export(tmp_path / "kit", base_url=BASE)
    iiif = kit / "data" / "iiif"
    files = sorted(p.relative_to(iiif).as_posix() for p in iiif.rglob("*.json"))
    assert files == [
        "event.json",
        "items/1.json",
        "items/2.json",
        "items/3.json",
        "items/4.json",
        "sessions/1.json",
    ]
    for path in iiif.rglob("*.json"):
        data = json.loads(path.read_text())
        Manifest(**data)  # raises on anything the Presentation 3 models refuse
        assert data["id"] == f"{BASE}/data/iiif/{path.relative_to(iiif).as_posix()}"
    event = json.loads((iiif / "event.json").read_text())
    assert len(event["items"]) == 4
    assert [r["label"]["fr"] for r in event["structures"]] == [["Les communs et la société"]]
    item = json.loads((iiif / "items" / "1.json").read_text())
    assert item["rights"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    body = item["items"][0]["items"][0]["items"][0]["body"]
    assert body["id"] == f"{BASE}/data/downloads/la-societe-des-communs.jpg"
    service = body["service"][0]["id"]
    assert service.startswith(f"{BASE}/data/tiles/")
    info_path = kit / service.removeprefix(f"{BASE}/")
    info = json.loads((info_path / "info.json").read_text())
    assert info["id"] == service and info["profile"] == "level0"
    assert info["width"] == 480 and info["tiles"][0]["scaleFactors"] == [1]
    assert (info_path / "full" / "480,360" / "0" / "default.jpg").is_file()
    hostile = json.loads((iiif / "items" / "3.json").read_text())
    assert hostile["label"]["fr"] == [HOSTILE[0]]  # JSON text, never markup
    bagit.Bag(str(kit)).validate()


def test_an_invalid_manifest_is_refused_by_the_check() -> None:
    """The check above can fail: a relative id is refused."""
    with pytest.raises(ValueError):
        Manifest(**{"id": "items/1.json", "type": "Manifest", "label": {"en": ["x"]}})


@pytest.mark.parametrize(
    "text", ["ftp://x.org/kit", "archives.example.org", "https://", "https://x.org/?a=1", ""]
)
def test_a_base_url_must_be_an_absolute_web_address(text: str) -> None:
    with pytest.raises(InvalidValue):
        base_url(text)


def test_base_url_keeps_its_path_without_the_last_slash() -> None:
    assert base_url("https://x.org/kits/forum/") == "https://x.org/kits/forum"


def test_the_command_line_takes_base_url(archive_path: Path, tmp_path: Path) -> None:
    run = [sys.executable, "-m", "carnet", "export", str(archive_path), "--event", SLUG]
    bad = subprocess.run([*run, str(tmp_path / "k"), "--base-url", "ftp://x"], capture_output=True)
    assert bad.returncode == 1 and len(bad.stderr.decode().strip().splitlines()) == 1
    assert not (tmp_path / "k").exists()
    good = subprocess.run([*run, str(tmp_path / "k"), "--base-url", BASE], capture_output=True)
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "k" / "data" / "iiif" / "event.json").is_file()


def test_a_damaged_download_in_the_archive_is_made_again_on_a_caption_change(
    own_archive: Path, tmp_path: Path
) -> None:
    kit = tmp_path / "kit"
    export_own(own_archive, kit)
    for full in (own_archive / "tiles").rglob("corrected.jpg"):
        full.write_bytes(b"\xff\xd8 not a JPEG any more")
    with Archive.open(own_archive) as archive:
        first = list_items(archive.db)[0]
        update_items(archive.db, [first.id], caption="Encore une légende.")
    summary = export_own(own_archive, kit)
    assert summary.problems == []
    download = kit / "data" / "downloads" / "la-societe-des-communs.jpg"
    assert read_metadata(download, "jpeg").caption == "Encore une légende."
    with Image.open(download) as image:
        assert image.size == (480, 360)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (pyvips.Error("vips_dzsave: unable to write tile", "disk on fire"), "unable to write"),
        (MemoryError(), "not enough memory"),
    ],
)
def test_a_drawing_whose_tiles_cannot_be_made_is_named_and_the_export_exits_1(
    own_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], error: Exception, said: str,
) -> None:  # fmt: skip
    with Archive.open(own_archive, readonly=True) as archive:
        first = list_items(archive.db)[0]
    make_tile_set = tiles_module.make_tile_set

    def failing(image: pyvips.Image, folder: Path, download: bytes | None = None) -> TileSet:
        if first.hash in folder.name:
            raise error
        return make_tile_set(image, folder, download)

    monkeypatch.setattr(tiles_module, "make_tile_set", failing)
    parser = argparse.ArgumentParser()
    add_export(parser.add_subparsers())
    args = parser.parse_args(["export", str(own_archive), "--event", SLUG, str(tmp_path / "k")])
    assert args.func(args) == 1
    printed = capsys.readouterr()
    told = [line for line in printed.err.splitlines() if line.startswith("problem:")]
    assert len(told) == 1, printed.err
    assert told[0].startswith(f"problem: item {first.id}: no deep zoom, its tiles cannot be made")
    assert said in told[0]
    assert str(tmp_path) not in told[0]  # the scratch copy's path says nothing to a user
    assert "Kit written" in printed.out
    assert len(tile_folders(tmp_path / "k")) == 3  # the others have their deep zoom
