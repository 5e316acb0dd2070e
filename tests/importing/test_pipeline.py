"""The import pipeline, end to end, on fixture images made here."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.events import add_event
from carnet.catalog.items import list_items
from carnet.errors import DiskFull
from carnet.importing import pipeline
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.media.formats import EXTENSIONS
from tests.catalog.faults import full_disk
from tests.imaging import (
    make_bomb_png,
    make_garbage_exif_jpeg,
    make_heic,
    make_jpeg,
    make_png,
    make_tiff,
    make_truncated_jpeg,
    make_webp,
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


# ---------------------------------------------------------------- nothing left behind


def _cut(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def _undecodable(folder: Path) -> dict[str, Path]:
    """Files whose header reads well (they pass the read stage) but whose pixels do not."""
    folder.mkdir(parents=True, exist_ok=True)
    jpeg_scan = make_jpeg(folder / "scrambled.jpg", (400, 300), color=(5, 90, 200)).read_bytes()
    start = jpeg_scan.find(b"\xff\xda") + 20
    scrambled = jpeg_scan[:start] + bytes(range(256)) * 40 + b"\xff\xd9"
    (folder / "scrambled.jpg").write_bytes(scrambled)
    tiff = make_tiff(folder / "strips.tif", (300, 200), compression="tiff_lzw")
    tiff_data = bytearray(tiff.read_bytes())
    tiff.write_bytes(bytes(tiff_data[: len(tiff_data) // 3]))
    return {
        "truncated.jpg": make_truncated_jpeg(folder / "truncated.jpg", (500, 400)),
        "cut early.jpg": make_truncated_jpeg(folder / "cut early.jpg", (500, 400), keep=0.05),
        "scrambled.jpg": folder / "scrambled.jpg",
        "cut.png": _cut(make_png(folder / "cut.png", (400, 300)), 0.6),
        "cut.webp": _cut(make_webp(folder / "cut.webp", (400, 300)), 0.5),
        "strips.tif": tiff,
        "cut.heic": _cut(make_heic(folder / "cut.heic", (400, 300)), 0.7),
        "bomb.png": make_bomb_png(folder / "bomb.png"),
    }


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rejected_file_leaves_nothing_in_the_archive(tmp_path: Path, jobs: int) -> None:
    bad = _undecodable(tmp_path / "in")
    good = _photos(tmp_path / "in" / "good", 2)
    with Archive.create(tmp_path / f"j{jobs}.carnet") as archive:
        summary = import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=jobs))
        rejected = {Path(p).name for p, _ in summary.rejected}
        assert summary.imported + len(rejected) == len(bad) + len(good)
        # The clearly damaged ones are refused; whatever a lenient decoder accepted is an
        # item, and nothing else: no original, preview, thumbnail or temporary is left.
        assert {"truncated.jpg", "cut early.jpg", "cut.png", "bomb.png"} <= rejected
        items = list_items(archive.db)
        paths = archive.paths
        assert _files_under(paths.originals) == {
            paths.original(i.hash, EXTENSIONS[i.format]) for i in items
        }
        assert _files_under(paths.previews) == {paths.preview(i.hash) for i in items}
        assert _files_under(paths.thumbnails) == {paths.thumbnail(i.hash) for i in items}
        report = check_archive(archive)
        assert report.ok and report.notes == [], (report.problems, report.notes)
        # Refused files whose content is known are in the log with their hash, so that
        # check could name them if anything of theirs were ever left.
        logged = dict(
            archive.db.query("SELECT path, hash FROM import_log WHERE outcome = 'rejected'")
        )
        assert logged[str(bad["truncated.jpg"])] is not None


def test_a_full_disk_stops_the_import_and_leaves_nothing_half_done(
    archive: Archive, tmp_path: Path
) -> None:
    _photos(tmp_path / "in", 3)
    for full in (archive.paths.originals, archive.paths.previews, archive.paths.thumbnails):
        with full_disk(full), pytest.raises(DiskFull) as info:
            import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=1))
        assert "is full" in str(info.value)
        for folder in (archive.paths.originals, archive.paths.previews, archive.paths.thumbnails):
            assert _files_under(folder) == set(), full
        assert archive.db.scalar("SELECT count(*) FROM items") == 0
    summary = import_paths(archive, [tmp_path / "in"], ImportOptions(jobs=1))
    assert summary.imported == 3
    assert check_archive(archive).ok


def test_an_original_left_by_an_interrupted_import_is_used_as_it_is(
    archive: Archive, tmp_path: Path
) -> None:
    (photo,) = _photos(tmp_path / "in", 1)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    stored = archive.paths.original(digest, "jpg")
    stored.parent.mkdir(parents=True)
    stored.write_bytes(photo.read_bytes())
    inode = stored.stat().st_ino
    summary = import_paths(archive, [photo], ImportOptions(jobs=1))
    assert summary.imported == 1
    assert stored.stat().st_ino == inode  # not copied again
    assert check_archive(archive).ok
