"""``carnet export``: structure, determinism, incremental writes, bag, metadata, bad input."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from html import unescape
from pathlib import Path

import bagit
import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import list_items, update_items
from carnet.cli.kit import add_export
from carnet.errors import CarnetError, ExportFailed, NotFound
from carnet.kit import ExportOptions, export_kit
from carnet.kit.model import slugify, unique_slugs
from carnet.kit.writer import STATE_NAME, check_relpath
from tests.kit.conftest import HOSTILE, SLUG, Exporter, build_archive


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with the SHA-256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def kit(archive_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "kit"
    with Archive.open(archive_path, readonly=True) as archive:
        export_kit(archive, SLUG, out, ExportOptions(originals=True))
    return out


def test_kit_has_every_page_and_only_published_items(kit: Path) -> None:
    site = kit / "data"
    for rel in (
        "index.html",
        "search.html",
        "about.html",
        "items.csv",
        "items.json",
        "assets/kit.css",
        "assets/kit.js",
        "assets/search.js",
        "search/index.js",
        "speakers/aicha-benali.html",
        "illustrators/margaux-lefevre.html",
        "tags/theme-communs.html",
        "tags/theme.html",
    ):
        assert (site / rel).is_file(), rel
    assert len(list((site / "sessions").glob("*.html"))) == 2
    items = sorted(p.name for p in (site / "items").glob("*.html"))
    assert items == ["1.html", "2.html", "3.html", "4.html"]  # item 5 is not published
    everything = "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    assert "Brouillon non publié" not in everything
    assert "secret" not in (site / "items.json").read_text("utf-8")
    assert (site / "originals").is_dir()
    home = (site / "index.html").read_text("utf-8")
    assert "Les communs et la société" in home and "Plénière" in home  # programme, no track
    session = (site / "sessions/2.html").read_text("utf-8")
    assert "Aucun intervenant indiqué." in session  # a session with no speakers


def test_item_page_has_credit_licence_images_and_neighbours(kit: Path) -> None:
    page = (kit / "data/items/1.html").read_text("utf-8")
    assert 'rel="license"' in page and "Creative Commons Attribution-ShareAlike 4.0" in page
    assert "Margaux Lefèvre · Forum de test, 2016" in page
    assert 'loading="lazy"' not in page.split('class="large"')[1].split("</figure>")[0]
    img = re.search(r'<img src="([^"]+)" srcset="([^"]+)"[^>]*width="(\d+)" height="(\d+)"', page)
    assert img, "the large image has src, srcset, width and height"
    assert (kit / "data/items" / img.group(1)).resolve().is_file()
    assert 'alt="La société des communs — Les communs et la société" lang="fr"' in page
    assert 'aria-describedby="caption transcription"' in page
    assert 'rel="next" href="../items/2.html"' in page
    assert 'download="img-0.jpg"' in page
    session = (kit / "data/sessions/1.html").read_text("utf-8")
    assert 'loading="lazy"' in session and 'width="384" height="288"' in session


def test_pages_escape_hostile_text_and_have_a_strict_csp(kit: Path) -> None:
    for page in (kit / "data").rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert 'href="javascript:' not in html, page
        assert "default-src 'none'" in unescape(html), page
        scripts = re.findall(r"<script[^>]*>", html)
        # Scripts come from the kit's files; the one inline script is JSON-LD, data only.
        code = [s for s in scripts if s != '<script type="application/ld+json">']
        assert all(re.fullmatch(r'<script src="[^":]+">', s) for s in code), scripts
        for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            assert "<" not in data and isinstance(json.loads(data), dict), page
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert not link.startswith(("/", "file:", "//")), (page, link)
            if "://" in link:
                assert link.startswith("https://creativecommons.org/"), link
    hostile = (kit / "data/items/3.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "Très long" in hostile and "javascript:alert(3)" in hostile


def test_no_file_name_escapes_the_kit(kit: Path) -> None:
    for path in kit.rglob("*"):
        assert path.resolve().is_relative_to(kit.resolve())
        # Commas only in IIIF tile names (``0,0,512,512``), as the writer allows.
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.,_-]*", path.name), path
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("..") == "x" and slugify("") == "x" and slugify("🎨") == "x"
    assert unique_slugs(["Élise", "elise"], "p") == {"elise": "elise", "Élise": "elise-2"}
    for bad in ("../x", "/etc/passwd", "a/../b", ".hidden", "a//b", ""):
        with pytest.raises(ExportFailed):
            check_relpath(bad)


def test_bag_is_valid_and_describes_the_event(kit: Path) -> None:
    bag = bagit.Bag(str(kit))
    bag.validate()
    info = (kit / "bag-info.txt").read_text("utf-8")
    assert "External-Identifier: forum-test" in info
    assert "Bag-Software-Agent: Carnet" in info
    assert re.search(r"Bagging-Date: \d{4}-\d\d-\d\d", info)
    (kit / "data/about.html").write_text("tampered", encoding="utf-8")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(kit)).validate()


def test_metadata_files_hold_every_field(kit: Path) -> None:
    data = json.loads((kit / "data/items.json").read_text("utf-8"))
    assert data["event"]["slug"] == SLUG
    first = data["items"][0]
    assert first["title"] == "La société des communs"
    assert first["session"] == "Les communs et la société"
    assert first["speakers"] == ["Aïcha Benali"] and first["illustrators"] == ["Margaux Lefèvre"]
    assert first["tags"] == ["sujet/société", "thème/communs"]
    assert first["licence"] == "CC-BY-SA-4.0"
    preview = kit / "data" / first["preview"]
    assert hashlib.sha256(preview.read_bytes()).hexdigest() == first["preview_sha256"]
    original = kit / "data" / first["original"]
    assert hashlib.sha256(original.read_bytes()).hexdigest() == first["original_sha256"]
    rows = list(csv.DictReader(io.StringIO((kit / "data/items.csv").read_text("utf-8-sig"))))
    assert [r["id"] for r in rows] == [str(i["id"]) for i in data["items"]]
    assert rows[0]["tags"] == "sujet/société; thème/communs"
    assert rows[3]["caption"] == "javascript:alert(3)"
    assert all(not r["title"].startswith(("=", "+", "@")) for r in rows)


def test_search_data_is_folded_by_the_desktop_analysis(kit: Path) -> None:
    index = (kit / "data/search/index.js").read_text("utf-8")
    assert index.startswith("window.CarnetSearchIndex = ")
    data = json.loads(index.split(" = ", 1)[1].rstrip(";\n"))
    stems = (kit / f"data/search/s-{data['stems']['so']}.js").read_text("utf-8")
    assert '"societ":[' in stems  # the French stem of "société", then its postings
    words = (kit / f"data/search/w-{data['words']['s']}.js").read_text("utf-8")
    assert '"societe":3' in words  # the folded word, and how many items it finds
    assert "société" not in stems + words


def test_export_is_deterministic(export: Exporter, tmp_path: Path) -> None:
    first = export(tmp_path / "a" / "kit", zip=True)
    second = export(tmp_path / "b" / "kit", zip=True)
    assert tree(first) == tree(second)
    assert (tmp_path / "a/kit.zip").read_bytes() == (tmp_path / "b/kit.zip").read_bytes()
    names = zipfile.ZipFile(tmp_path / "a/kit.zip").namelist()
    assert names == sorted(names) and "kit/data/index.html" in names


def test_reexport_writes_only_what_changed(tmp_path: Path) -> None:
    path = build_archive(tmp_path)
    out = tmp_path / "kit"
    with Archive.open(path, readonly=True) as archive:
        full = export_kit(archive, SLUG, out)
        again = export_kit(archive, SLUG, out)
    assert full.written == full.files and again.written == 0 and again.removed == 0
    before = tree(out)
    with Archive.open(path) as archive:
        item = list_items(archive.db)[1]
        update_items(archive.db, [item.id], caption="Une légende corrigée")
    with Archive.open(path, readonly=True) as archive:
        changed = export_kit(archive, SLUG, out)
    after = tree(out)
    rewritten = sorted(k for k in after if before.get(k) != after[k])
    assert "data/items/2.html" in rewritten and "data/items.json" in rewritten
    assert not any(k.startswith("data/images/") for k in rewritten)
    assert changed.written == len(rewritten) - 1 < 20  # the state file is not counted
    assert "corrigée" in (out / "data/items/2.html").read_text("utf-8")
    bagit.Bag(str(out)).validate()
    # Unpublishing an item removes its page and images, and nothing else.
    with Archive.open(path) as archive:
        update_items(archive.db, [item.id], published=False)
    with Archive.open(path, readonly=True) as archive:
        gone = export_kit(archive, SLUG, out)
    removed = set(after) - set(tree(out))
    assert {"data/items/2.html", f"data/images/p/{item.hash}.jpg"} <= removed
    search_shards = ("data/search/s-", "data/search/w-")
    its_zoom = (f"data/tiles/{item.hash}-", "data/downloads/cartes-libres.jpg")
    assert all(
        r.startswith(("data/items/2", "data/images/", *its_zoom, *search_shards)) for r in removed
    )
    assert any(r.startswith(its_zoom[0]) for r in removed) and its_zoom[1] in removed
    assert gone.removed == len(removed)
    bagit.Bag(str(out)).validate()


def test_output_folder_with_other_files_is_refused_unless_forced(
    export: Exporter, tmp_path: Path
) -> None:
    out = tmp_path / "kit"
    (out / "data").mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "data" / "photo.jpg").write_bytes(b"not ours")
    with pytest.raises(ExportFailed, match="--force"):
        export(out)
    assert sorted(p.name for p in out.rglob("*")) == ["data", "notes.txt", "photo.jpg"]
    export(out, force=True)
    assert (out / "notes.txt").read_text("utf-8") == "mine"
    assert (out / "data/photo.jpg").read_bytes() == b"not ours"
    bagit.Bag(str(out)).validate()  # kept payload files are listed in the manifest
    # A later export (even one that removes stale files) never deletes them.
    state = json.loads((out / STATE_NAME).read_text("utf-8"))
    assert "notes.txt" not in state["files"] and "data/photo.jpg" not in state["files"]
    export(out, force=True)
    assert (out / "notes.txt").exists() and (out / "data/photo.jpg").exists()


def test_output_must_be_outside_the_archive_and_not_a_link(
    export: Exporter, archive_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(ExportFailed, match="inside the archive"):
        export(archive_path / "kit")
    with pytest.raises(ExportFailed):
        export(archive_path.parent)
    out = export(tmp_path / "kit")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(out / "data/sessions")
    (out / "data/sessions").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ExportFailed, match="symbolic link"):
        export(out)
    assert list(outside.iterdir()) == []


def test_missing_derived_files_are_regenerated_or_reported(tmp_path: Path) -> None:
    path = build_archive(tmp_path)
    with Archive.open(path) as archive:
        first, second = list_items(archive.db)[:2]
        archive.paths.preview(first.hash).unlink()
        archive.paths.thumbnail(second.hash).unlink()
        archive.paths.preview(second.hash).unlink()
        original = archive.paths.original(second.hash, "jpg")
        original.chmod(0o644)
        original.unlink()
    with Archive.open(path, readonly=True) as archive:
        summary = export_kit(archive, SLUG, tmp_path / "kit")
    assert summary.regenerated == [first.id]
    assert any(f"item {second.id}" in p for p in summary.problems)
    page = (tmp_path / "kit/data/items/1.html").read_text("utf-8")
    assert f"images/p/{first.hash}.jpg" in page
    assert (tmp_path / f"kit/data/images/p/{first.hash}.jpg").is_file()
    broken = (tmp_path / "kit/data/items/2.html").read_text("utf-8")
    assert "<img" not in broken.split("<main")[1].split("</main>")[0] and "pas disponible" in broken
    for html in (tmp_path / "kit/data").rglob("*.html"):
        for src in re.findall(r'<img src="([^"]+)"', html.read_text("utf-8")):
            assert (html.parent / src).resolve().is_file(), (html, src)


def test_event_without_items_and_english_pages(tmp_path: Path) -> None:
    path = tmp_path / "Empty.carnet"
    with Archive.create(path) as archive:
        add_event(archive.db, slug="empty", name="Empty day", timezone="UTC", language="en")
    with Archive.open(path, readonly=True) as archive:
        summary = export_kit(archive, "empty", tmp_path / "kit", ExportOptions(language="en"))
        with pytest.raises(NotFound):
            export_kit(archive, "nope", tmp_path / "other")
    assert summary.items == 0
    home = (tmp_path / "kit/data/index.html").read_text("utf-8")
    assert 'lang="en"' in home and "No drawing of this event has been published yet." in home
    assert (tmp_path / "kit/data/search/index.js").is_file()
    bagit.Bag(str(tmp_path / "kit")).validate()


def test_command_line(
    archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    add_export(parser.add_subparsers())
    out = tmp_path / "kit"
    args = parser.parse_args(
        ["export", str(archive_path), "--event", SLUG, str(out), "--lang", "en", "--zip"]
    )
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert "4 drawings" in printed and "kit.zip" in printed
    assert 'lang="en"' in (out / "data/index.html").read_text("utf-8")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x", encoding="utf-8")
    args = parser.parse_args(["export", str(archive_path), "--event", SLUG, str(tmp_path / "busy")])
    with pytest.raises(CarnetError):
        args.func(args)


def test_hostile_text_cannot_break_the_search_data(kit: Path) -> None:
    for path in (kit / "data/search").glob("d*.js"):
        text = path.read_text("utf-8")
        assert text.startswith("CarnetSearch.docs(") and text.endswith(");\n")
        json.loads(text[len("CarnetSearch.docs(") : -3].split(",", 1)[1])
    assert HOSTILE[0] in (kit / "data/search/d0.js").read_text("utf-8")  # as JSON data


def test_bag_is_dated_by_the_catalogs_last_change_not_the_clock(tmp_path: Path) -> None:
    path = build_archive(tmp_path)
    with Archive.open(path) as archive, archive.db.transaction() as conn:
        # 2016-10-02 12:00 UTC, as if the last edit had been made then
        conn.execute("UPDATE meta SET value = 1475409600 WHERE key = 'changed_at'")
    with Archive.open(path, readonly=True) as archive:
        export_kit(archive, SLUG, tmp_path / "kit")
    assert "Bagging-Date: 2016-10-02" in (tmp_path / "kit" / "bag-info.txt").read_text()


def test_a_cancelled_export_is_completed_by_the_next_one(tmp_path: Path) -> None:
    import threading

    from carnet.errors import Cancelled

    path = build_archive(tmp_path)
    out = tmp_path / "kit"
    cancel = threading.Event()

    def stop_after_first_item(done: int, total: int) -> None:
        if done == 1:
            cancel.set()

    with Archive.open(path, readonly=True) as archive:
        with pytest.raises(Cancelled):
            export_kit(archive, SLUG, out, progress=stop_after_first_item, cancel=cancel)
        assert (out / STATE_NAME).is_file()  # what was written is known as the kit's
        completed = export_kit(archive, SLUG, out)  # no --force needed
        fresh = export_kit(archive, SLUG, tmp_path / "fresh")
    assert completed.foreign == []
    assert tree(out) == tree(tmp_path / "fresh") and completed.files == fresh.files
    bagit.Bag(str(out)).validate()
