"""The import pipeline, end to end, on fixture images made here."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.events import add_event
from carnet.catalog.items import list_items
from carnet.importing import pipeline
from carnet.importing.pipeline import ImportOptions, import_paths
from tests.imaging import (
    make_bomb_png,
    make_garbage_exif_jpeg,
    make_heic,
    make_jpeg,
    make_png,
    make_truncated_jpeg,
)


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    arch = Archive.create(tmp_path / "test.carnet")
    yield arch
    arch.close()


def _photos(folder: Path, count: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        make_jpeg(
            folder / f"IMG_{n:04d}.jpg",
            (320 + n, 240),
            color=(40 * n, 90, 160),
            captured_at=f"2016:09:29 10:{10 + n:02d}:00",
        )
        for n in range(count)
    ]


def test_import_folder_stores_originals_and_derived_files(archive: Archive, tmp_path: Path) -> None:
    files = _photos(tmp_path / "in", 3)
    make_png(tmp_path / "in" / "sub" / "scan.png", (200, 300))
    before = {p: p.read_bytes() for p in files}
    summary = import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=1))
    assert (summary.imported, summary.duplicates, summary.rejected) == (4, 0, [])
    items = list_items(archive.db)
    assert len(items) == 4
    for item in items:
        ext = "png" if item.format == "png" else "jpg"
        original = archive.paths.original(item.hash, ext)
        assert original.parent.name == item.hash[:2]
        assert original.exists()
        assert archive.paths.preview(item.hash).exists()
        with Image.open(archive.paths.thumbnail(item.hash)) as thumb:
            assert max(thumb.size) <= 384
    # the user's files are untouched
    assert all(p.read_bytes() == data for p, data in before.items())
    assert {i.captured_at for i in items if i.format == "jpeg"} == {
        "2016-09-29T10:10:00",
        "2016-09-29T10:11:00",
        "2016-09-29T10:12:00",
    }


def test_reimport_is_a_no_op(archive: Archive, tmp_path: Path) -> None:
    _photos(tmp_path / "in", 2)
    import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=1))
    seq = archive.change_seq()
    again = import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=1))
    assert (again.imported, again.duplicates) == (0, 2)
    assert archive.db.scalar("SELECT count(*) FROM items") == 2
    assert archive.change_seq() == seq


def test_same_file_twice_in_one_batch_is_one_item(archive: Archive, tmp_path: Path) -> None:
    (a,) = _photos(tmp_path / "in", 1)
    copy = tmp_path / "in" / "copy of IMG.jpg"
    copy.write_bytes(a.read_bytes())
    summary = import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=2))
    assert (summary.imported, summary.duplicates) == (1, 1)


def test_parallel_import_gives_the_same_catalog(tmp_path: Path) -> None:
    _photos(tmp_path / "in", 6)
    results = []
    for jobs in (1, 2):
        with Archive.create(tmp_path / f"j{jobs}.carnet") as arch:
            summary = import_paths(arch, [tmp_path / "in"], ImportOptions(jobs=jobs))
            assert summary.imported == 6
            results.append(sorted((i.hash, i.captured_at) for i in list_items(arch.db)))
    assert results[0] == results[1]


def test_bad_inputs_are_rejected_with_reasons_and_the_rest_imports(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = make_jpeg(folder / "good photo été.jpg", (300, 200))
    (folder / "empty.jpg").write_bytes(b"")
    make_truncated_jpeg(folder / "truncated.jpg")
    (folder / "notes.jpg").write_text("these are my notes, not a photo\n")
    png_as_jpg = make_png(folder / "really a png.jpg", (120, 80))
    make_bomb_png(folder / "bomb.png")
    garbage = make_garbage_exif_jpeg(folder / "garbage-exif.jpg")
    unreadable = make_jpeg(folder / "locked.jpg", (100, 100), color=(1, 2, 3))
    newline = make_jpeg(folder / "line\nbreak.jpg", (100, 90), color=(9, 9, 9))
    raw_name = os.fsencode(folder) + b"/caf\xe9-latin1.jpg"
    make_jpeg(Path(os.fsdecode(raw_name)), (90, 90), color=(20, 200, 20))
    (folder / "loop").mkdir()
    os.symlink(folder, folder / "loop" / "back-to-parent")
    os.symlink("self.jpg", folder / "self.jpg")

    real_open = pipeline.open_source

    def deny(path: Path) -> int:
        if path.name == "locked.jpg":
            raise PermissionError(13, "Permission denied")
        return real_open(path)

    monkeypatch.setattr(pipeline, "open_source", deny)
    summary = import_paths(archive, [folder], ImportOptions(jobs=1))

    reasons = dict(summary.rejected)
    by_name = {Path(p).name: r for p, r in reasons.items()}
    assert by_name == {
        "empty.jpg": "empty file (0 bytes)",
        "truncated.jpg": by_name["truncated.jpg"],
        "notes.jpg": by_name["notes.jpg"],
        "bomb.png": by_name["bomb.png"],
        "locked.jpg": "cannot read: Permission denied",
        "self.jpg": "cannot read: Too many levels of symbolic links",
    }
    assert "truncated" in by_name["truncated.jpg"].lower()
    assert "not" in by_name["notes.jpg"] and "text" in by_name["notes.jpg"]
    assert "pixels" in by_name["bomb.png"]
    assert all("\n" not in r for r in reasons.values())
    assert summary.imported == 5
    items = {i.original_name: i for i in list_items(archive.db)}
    assert items["really a png.jpg"].format == "png"
    assert archive.paths.original(items["really a png.jpg"].hash, "png").exists()
    assert items["garbage-exif.jpg"].captured_at is None
    assert "line\\nbreak.jpg" in items
    assert "caf\\xe9-latin1.jpg" in items
    assert good.name in items
    assert garbage.exists() and newline.exists() and unreadable.exists() and png_as_jpg.exists()
    # the import log holds every file with its outcome
    outcomes = dict(archive.db.query("SELECT outcome, count(*) FROM import_log GROUP BY outcome"))
    assert outcomes == {"imported": 5, "rejected": 6}
    report = check_archive(archive)
    assert report.ok, report.problems


def test_xmp_and_iptc_descriptions_are_kept(archive: Archive, tmp_path: Path) -> None:
    make_jpeg(
        tmp_path / "xmp.jpg",
        xmp={
            "title": "La ville en communs",
            "description": "Tableau de la plénière",
            "subject": ["communs", "ville"],
        },
    )
    make_jpeg(
        tmp_path / "iptc.jpg",
        color=(1, 1, 250),
        iptc={"caption": "Démocratie locale", "keywords": ["démocratie", "théme/local"]},
    )
    import_paths(archive, [tmp_path / "xmp.jpg", tmp_path / "iptc.jpg"], ImportOptions(jobs=1))
    items = {i.original_name: i for i in list_items(archive.db)}
    assert items["xmp.jpg"].title == "La ville en communs"
    assert items["xmp.jpg"].caption == "Tableau de la plénière"
    assert items["xmp.jpg"].tags == ["communs", "ville"]
    assert items["iptc.jpg"].caption == "Démocratie locale"
    assert "démocratie" in items["iptc.jpg"].tags
    assert "théme/local" in items["iptc.jpg"].tags
    assert archive.db.scalar("SELECT count(*) FROM tags WHERE path = 'théme'") == 1


def test_event_and_illustrator_are_recorded(archive: Archive, tmp_path: Path) -> None:
    add_event(
        archive.db, slug="forum", name="Forum", timezone="Europe/Paris", licence="cc-by-sa-4.0"
    )
    _photos(tmp_path / "in", 2)
    make_heic(tmp_path / "in" / "phone.heic", (400, 300))
    summary = import_paths(
        archive, [tmp_path / "in"], ImportOptions(event="forum", illustrator="Léa Martin")
    )
    assert summary.imported == 3, summary.rejected
    items = list_items(archive.db)
    assert {i.event for i in items} == {"forum"}
    assert {tuple(i.illustrators) for i in items} == {("Léa Martin",)}
    assert {i.licence for i in items} == {"CC-BY-SA-4.0"}
    assert "heic" in {i.format for i in items}
    role = archive.db.scalar(
        "SELECT role FROM event_people JOIN people ON people.id = person_id WHERE name = ?",
        ("Léa Martin",),
    )
    assert role == "illustrator"


def test_cancel_stops_the_batch_and_keeps_the_catalog_consistent(
    archive: Archive, tmp_path: Path
) -> None:
    _photos(tmp_path / "in", 6)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 2:
            cancel.set()

    summary = import_paths(
        archive, [tmp_path / "in"], ImportOptions(jobs=1), progress=progress, cancel=cancel
    )
    assert summary.cancelled
    assert summary.imported == 2
    assert archive.db.scalar("SELECT status FROM import_batches") == "cancelled"
    assert check_archive(archive).ok
    rest = import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=1))
    assert (rest.imported, rest.duplicates) == (4, 2)


def test_missing_path_is_reported(archive: Archive, tmp_path: Path) -> None:
    summary = import_paths(archive, [tmp_path / "nowhere"], ImportOptions(jobs=1))
    assert summary.rejected == [
        (str(tmp_path / "nowhere"), "cannot read: No such file or directory")
    ]
