"""`carnet check`: fixity of originals, derived files, repair."""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.corrections import correct_items
from carnet.catalog.items import list_items, update_items
from carnet.cli import main
from carnet.errors import DiskFull
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.media.corrections import Corrections
from carnet.media.derive import make_derivatives
from carnet.media.formats import EXTENSIONS
from tests.catalog.faults import full_disk, run_carnet, sqlite_full
from tests.imaging import (
    make_heic,
    make_jpeg,
    make_png,
    make_tiff,
    make_truncated_jpeg,
    make_webp,
)


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    arch = Archive.create(tmp_path / "c.carnet")
    for n in range(3):
        make_jpeg(
            tmp_path / "in" / f"{n}.jpg",
            (200, 150),
            color=(n * 80, 10, 10),
            orientation=6 if n == 0 else None,
        )
    import_paths(arch, [tmp_path / "in"], ImportOptions(jobs=1))
    yield arch
    arch.close()


def test_a_sound_archive_passes(archive: Archive) -> None:
    report = check_archive(archive)
    assert report.ok and report.items_checked == 3 and not report.repaired


def test_missing_derived_files_are_found_and_regenerated(archive: Archive) -> None:
    first = list_items(archive.db)[0]
    preview = archive.paths.preview(first.hash)
    upright = preview.read_bytes()
    preview.unlink()
    archive.paths.thumbnail(first.hash).unlink()
    report = check_archive(archive)
    assert not report.ok
    assert any("previews and thumbnails missing" in p for p in report.problems)
    repaired = check_archive(archive, repair=True)
    assert repaired.ok and len(repaired.repaired) == 1
    assert preview.read_bytes() == upright  # same orientation as at import
    assert check_archive(archive).ok


def test_altered_or_missing_original_is_reported_never_repaired(archive: Archive) -> None:
    items = list_items(archive.db)
    altered = archive.paths.original(items[0].hash, "jpg")
    os.chmod(altered, 0o644)
    altered.write_bytes(altered.read_bytes() + b"tampered")
    missing = archive.paths.original(items[1].hash, "jpg")
    missing.unlink()
    archive.paths.preview(items[1].hash).unlink()
    report = check_archive(archive, repair=True)
    assert not report.ok
    text = "\n".join(report.problems)
    assert "original altered (checksum differs)" in text
    assert "original missing" in text
    assert "cannot regenerate without the original" in text
    assert altered.read_bytes().endswith(b"tampered")  # left for the user to look at


def test_leftover_temporary_files_are_removed_by_repair(archive: Archive) -> None:
    leftover = archive.paths.originals / "ab" / ".tmp-0123456789ab-x.jpg"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"half a file")
    report = check_archive(archive, repair=True)
    assert not leftover.exists()
    assert any("temporary" in r for r in report.repaired)


def test_corrupt_catalog_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "x.carnet"
    Archive.create(root).close()
    data = bytearray((root / "catalog.sqlite").read_bytes())
    data[4096:40960] = b"\xff" * (40960 - 4096)  # damage pages 2 to 10
    (root / "catalog.sqlite").write_bytes(bytes(data))
    code = main(["check", str(root)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "the catalog cannot be read" in out or "is damaged" in err
    assert "Traceback" not in err


def test_check_command_exit_status(archive: Archive, capsys: pytest.CaptureFixture[str]) -> None:
    root = archive.root
    archive.close()
    assert main(["check", str(root)]) == 0
    assert "3 items checked: OK" in capsys.readouterr().out
    with Archive.open(root) as arch:
        digest = list_items(arch.db)[0].hash
        arch.paths.thumbnail(digest).unlink()
    assert main(["check", str(root)]) == 1
    assert "thumbnails missing (carnet check --repair)" in capsys.readouterr().out
    assert main(["check", str(root), "--repair"]) == 0


# ---------------------------------------------------------------- damaged derived files


def _jpeg_bytes(size: tuple[int, int], color: tuple[int, int, int] = (9, 9, 9)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def _bomb_jpeg() -> bytes:
    """A valid small JPEG whose frame header claims 65,000 × 65,000 pixels."""
    data = bytearray(_jpeg_bytes((64, 48)))
    sof = data.find(b"\xff\xc0")
    assert sof > 0
    data[sof + 5 : sof + 9] = (65000).to_bytes(2, "big") + (65000).to_bytes(2, "big")
    return bytes(data)


def _damage(path: Path, kind: str) -> None:
    data = path.read_bytes()
    path.unlink()  # derived files are written read-write, but be sure
    if kind == "a FIFO":
        os.mkfifo(path)
        return
    if kind == "a link to another file":
        elsewhere = path.parent.parent.parent / "elsewhere.txt"
        elsewhere.write_text("not a picture")
        path.symlink_to(elsewhere)
        return
    damaged = {
        "truncated": lambda: data[: len(data) // 2],
        "cut before its end marker": lambda: data[:-2],
        "zero bytes": lambda: b"",
        "a PNG": lambda: _png_bytes(),
        "random bytes": lambda: random.Random(7).randbytes(len(data)),
        "a bomb header": _bomb_jpeg,
        "the wrong size": lambda: _jpeg_bytes((100, 100)),
        "turned the wrong way": lambda: _jpeg_bytes(Image.open(io.BytesIO(data)).size[::-1]),
        "far too large": lambda: _jpeg_bytes((4000, 10)),
    }[kind]()
    path.write_bytes(damaged)


def _png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (384, 288), (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


DAMAGE = [
    "truncated",
    "cut before its end marker",
    "zero bytes",
    "a PNG",
    "random bytes",
    "a bomb header",
    "the wrong size",
    "turned the wrong way",
    "far too large",
    "a FIFO",
    "a link to another file",
]


@pytest.mark.parametrize("kind", DAMAGE)
@pytest.mark.parametrize("which", ["preview", "thumbnail"])
def test_damaged_derived_files_are_found_and_rebuilt(
    archive: Archive, which: str, kind: str
) -> None:
    item = list_items(archive.db)[1]
    path = getattr(archive.paths, which)(item.hash)
    good_size = Image.open(path).size
    _damage(path, kind)
    report = check_archive(archive)
    assert not report.ok
    (problem,) = report.problems
    assert problem.startswith(f"item {item.id} (") and f"{which} damaged (" in problem, problem
    assert problem.endswith("(carnet check --repair)")
    repaired = check_archive(archive, repair=True)
    assert repaired.ok, repaired.problems
    assert len(repaired.repaired) == 1
    assert f"item {item.id} (" in repaired.repaired[0]
    assert f"regenerated the {which} (damaged: " in repaired.repaired[0]
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == good_size
        image.load()
    assert check_archive(archive).ok


def test_sound_derived_files_of_every_kind_pass(tmp_path: Path) -> None:
    """No false alarm: formats, EXIF orientations, user rotations, sizes that JPEG's scaled
    decoding rounds, images smaller than a thumbnail."""
    folder = tmp_path / "in"
    for orientation in (1, 3, 5, 6, 8):
        make_jpeg(folder / f"o{orientation}.jpg", (641, 479), orientation=orientation)
    make_jpeg(folder / "big.jpg", (4101, 3077), color=(30, 60, 90))
    make_jpeg(folder / "narrow.jpg", (5000, 37), color=(90, 60, 30))
    make_jpeg(folder / "tiny.jpg", (5, 3), color=(1, 60, 30))
    make_png(folder / "scan.png", (333, 2222))
    make_tiff(folder / "scan.tif", (500, 301), orientation=6)
    make_webp(folder / "tablet.webp", (800, 600))
    make_heic(folder / "phone.heic", (640, 480), orientation=6)
    with Archive.create(tmp_path / "kinds.carnet") as archive:
        summary = import_paths(archive, [folder], ImportOptions(jobs=1))
        assert summary.imported == 12, summary.rejected
        report = check_archive(archive)
        assert report.ok, report.problems
        # Turned by the user, as the desktop app does it: the catalog, then the files.
        items = list_items(archive.db)
        for item, rotation in zip(items, (90, 180, 270, 90), strict=False):
            update_items(archive.db, [item.id], rotation=rotation)
            make_derivatives(
                archive.paths.original(item.hash, EXTENSIONS[item.format]),
                item.format,
                item.orientation,
                archive.paths.thumbnail(item.hash),
                archive.paths.preview(item.hash),
                Corrections(rotate=rotation),
            )
        report = check_archive(archive)
        assert report.ok, report.problems


def test_a_rotation_whose_files_were_not_rewritten_is_repaired(archive: Archive) -> None:
    """The window was killed between turning an item and rewriting its files."""
    item = list_items(archive.db)[2]
    update_items(archive.db, [item.id], rotation=90)
    report = check_archive(archive)
    assert len(report.problems) == 1 and "preview out of date" in report.problems[0]
    assert check_archive(archive, repair=True).ok
    assert Image.open(archive.paths.preview(item.hash)).size == (150, 200)


def _without_fingerprint(path: Path) -> None:
    """``path`` saved again as Carnet wrote derived files before they named their
    corrections (no JPEG comment)."""
    with Image.open(path) as image:
        image.load()
        image.info.pop("comment", None)
        image.save(path, "JPEG", quality=85)


def test_a_crop_whose_files_were_not_rewritten_is_out_of_date(archive: Archive) -> None:
    """Same size, other pixels: only the fingerprint in the file tells."""
    item = list_items(archive.db)[2]
    correct_items(archive, [item.id], lambda _: Corrections(crop=(0, 0, 0.5, 0.5)))
    preview = archive.paths.preview(item.hash)
    made = preview.read_bytes()
    assert check_archive(archive).ok
    # The catalog says another quarter of the drawing; the files still show the first.
    update_items(archive.db, [item.id], corrections=Corrections(crop=(0.5, 0.5, 0.5, 0.5)))
    (problem,) = check_archive(archive).problems
    assert problem == (
        f"item {item.id} ({item.original_name}): preview out of date; thumbnail out of date"
        " (carnet check --repair)"
    )
    report = check_archive(archive, repair=True)
    assert report.ok
    assert report.repaired == [
        f"item {item.id} ({item.original_name}): regenerated the preview (out of date)"
        " and the thumbnail (out of date)"
    ]
    assert check_archive(archive).ok
    assert preview.read_bytes() != made
    assert Image.open(preview).size == Image.open(io.BytesIO(made)).size


def test_derived_files_from_before_fingerprints(archive: Archive) -> None:
    """A file without a fingerprint counts for no correction or a quarter turn (what Carnet
    made before it wrote them; a quarter turn's size still tells), never for a crop."""
    first, second, third = list_items(archive.db)
    for item in (first, second, third):
        _without_fingerprint(archive.paths.preview(item.hash))
        _without_fingerprint(archive.paths.thumbnail(item.hash))
    assert check_archive(archive).ok
    update_items(archive.db, [second.id], rotation=90)
    update_items(archive.db, [third.id], corrections=Corrections(crop=(0, 0, 0.5, 1)))
    problems = check_archive(archive).problems
    assert len(problems) == 2
    assert problems[0].startswith(f"item {second.id} ") and "instead of" in problems[0]
    assert problems[1].startswith(f"item {third.id} ") and "preview out of date" in problems[1]
    assert check_archive(archive, repair=True).ok


# ---------------------------------------------------------------- a full disk


def test_a_full_disk_during_the_catalog_check_is_not_called_damage(archive: Archive) -> None:
    archive.close()
    with sqlite_full("PRAGMA integrity_check"), Archive.open(archive.root) as reopened:
        report = check_archive(reopened)
    assert report.items_checked == 3
    (problem,) = report.problems
    assert problem.startswith("catalog not checked: the disk holding")
    assert "is full" in problem and "not damaged" in problem
    for word in ("corrupt", "cannot be read", "malformed"):
        assert word not in problem
    with Archive.open(archive.root) as reopened:
        assert check_archive(reopened).ok  # nothing was harmed


def test_a_full_disk_when_repair_writes_a_thumbnail(archive: Archive) -> None:
    items = list_items(archive.db)
    for item in items:
        archive.paths.thumbnail(item.hash).unlink()
    originals = {p: p.read_bytes() for p in archive.paths.originals.rglob("*.jpg")}
    with full_disk(archive.paths.thumbnails):
        report = check_archive(archive, repair=True)
    assert report.repaired == []
    first, *rest = report.problems
    assert "cannot regenerate (thumbnails missing)" in first
    assert f"the disk holding {archive.paths.thumbnails}" in first and "is full" in first
    assert "nothing more was repaired" in first
    assert all(p.endswith("thumbnails missing (carnet check --repair)") for p in rest), rest
    assert len(rest) == 2  # the other two were not tried, and said so
    assert {p: p.read_bytes() for p in originals} == originals
    assert not list(archive.paths.thumbnails.rglob(".tmp-*"))
    # Space freed: the same repair completes.
    assert check_archive(archive, repair=True).ok
    assert check_archive(archive).ok


def test_a_full_disk_when_repair_writes_the_catalog(archive: Archive) -> None:
    with archive.db.transaction() as conn:
        conn.execute("UPDATE import_batches SET status = 'running'")
    archive.close()
    with sqlite_full("UPDATE import_batches"), Archive.open(archive.root) as reopened:
        with pytest.raises(DiskFull) as info:
            check_archive(reopened, repair=True)
        assert "is full" in str(info.value) and "not damaged" in str(info.value)
        assert reopened.db.scalar("SELECT status FROM import_batches") == "running"
    with Archive.open(archive.root) as reopened:
        assert check_archive(reopened, repair=True).ok


def test_check_on_a_full_disk_from_the_command_line(archive: Archive) -> None:
    root = archive.root
    digest = list_items(archive.db)[0].hash
    archive.close()
    done = run_carnet("check", root, sqlite_full="PRAGMA integrity_check")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert "problem: catalog not checked: the disk holding" in done.stdout
    assert "is damaged" not in done.stdout + done.stderr
    Path(root / "thumbnails" / digest[:2] / f"{digest}.jpg").unlink()
    done = run_carnet("check", root, "--repair", full_disk=root / "thumbnails")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert "is full" in done.stdout and "is damaged" not in done.stdout + done.stderr
    with Archive.open(root) as arch, arch.db.transaction() as conn:
        conn.execute("UPDATE import_batches SET status = 'running'")
    done = run_carnet("check", root, "--repair", sqlite_full="UPDATE import_batches")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("carnet: the disk holding") and "is full" in line
    done = run_carnet("check", root, "--repair")
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- files no item uses


def _stray(archive: Archive, source: Path, fmt: str = "jpg") -> Path:
    """Put ``source`` into ``originals/`` under its content address, as an older Carnet or
    a killed import left it."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    path = archive.paths.original(digest, fmt)
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(source, path)
    return path


def test_stray_originals_are_told_apart_and_moved_to_the_trash_folder(
    archive: Archive, tmp_path: Path
) -> None:
    # Rejected at import: the import log knows the file and why.
    bad = make_truncated_jpeg(tmp_path / "bad" / "cut.jpg", (300, 200))
    summary = import_paths(archive, [bad], ImportOptions(jobs=1))
    assert len(summary.rejected) == 1
    assert not [p for p in archive.paths.originals.rglob("*") if p.is_file()][3:]
    rejected = _stray(archive, bad)  # what an older Carnet left behind
    # Interrupted: stored, then the import was killed before the catalog heard of it.
    late = make_jpeg(tmp_path / "late" / "late.jpg", (210, 140), color=(0, 200, 0))
    interrupted = _stray(archive, late)
    # Gone: an item removed while its file stayed (a crash while the trash was emptied).
    gone_item = list_items(archive.db)[0]
    gone = archive.paths.original(gone_item.hash, "jpg")
    with archive.db.transaction() as conn:
        conn.execute("DELETE FROM items WHERE id = ?", (gone_item.id,))
    archive.paths.preview(gone_item.hash).unlink()
    # Foreign: not named by Carnet.
    (archive.paths.originals / "notes.txt").write_text("mine")
    foreign = archive.paths.originals / "notes.txt"
    contents = {p: p.read_bytes() for p in (rejected, interrupted, gone, foreign)}

    report = check_archive(archive)
    assert report.ok, report.problems  # nothing is wrong with what the archive holds
    notes = "\n".join(report.notes)
    trash = archive.root / "trash"
    assert f"1 file(s) in originals/ left by files rejected at import ({bad}: truncated" in notes
    assert "no item uses them: carnet check --repair moves them to " + str(trash) in notes
    assert (
        "1 file(s) in originals/ left by an interrupted import; importing the same files "
        "again completes that import" in notes
    )
    assert "1 file(s) in originals/ of items that are no longer in the catalog" in notes
    assert "1 file(s) in originals/ that Carnet did not put there" in notes
    assert "nothing is deleted" in notes

    repaired = check_archive(archive, repair=True)
    assert repaired.ok, repaired.problems
    moved = "\n".join(repaired.repaired)
    assert f"moved to {trash}: 1 file(s) from originals/ left by files rejected" in moved
    assert rejected.name in moved and interrupted.name in moved and gone.name in moved
    assert "notes.txt" in moved
    for path, data in contents.items():
        assert not path.exists()
        kept = trash / path.relative_to(archive.root)
        assert kept.read_bytes() == data  # moved, never deleted
    after = check_archive(archive)
    assert after.ok
    assert [n for n in after.notes if "originals/" in n] == []
    assert any(f"4 file(s) in {trash}" in n for n in after.notes)

    # The same stray again: the one in the trash folder is kept, the newcomer numbered.
    again = _stray(archive, bad)
    assert check_archive(archive, repair=True).ok
    numbered = trash / again.relative_to(archive.root)
    assert numbered.with_name(f"{again.stem}-1{again.suffix}").read_bytes() == bad.read_bytes()
    assert numbered.read_bytes() == bad.read_bytes()


def test_the_advice_for_an_interrupted_import_works(archive: Archive, tmp_path: Path) -> None:
    late = make_jpeg(tmp_path / "late" / "late.jpg", (210, 140), color=(0, 200, 0))
    stray = _stray(archive, late)
    assert any("interrupted import" in n for n in check_archive(archive).notes)
    summary = import_paths(archive, [late], ImportOptions(jobs=1))
    assert summary.imported == 1
    report = check_archive(archive)
    assert report.ok and not [n for n in report.notes if "originals/" in n]
    assert stray.exists()  # the stored copy was used, not copied again
    assert archive.db.scalar("SELECT count(*) FROM items") == 4


def test_check_notes_unfinished_temporaries(archive: Archive) -> None:
    leftover = archive.paths.previews / "ab" / ".tmp-0123456789ab-x.jpg"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"half a file")
    report = check_archive(archive)
    assert report.ok
    assert any("1 unfinished temporary file(s)" in n for n in report.notes)
    assert leftover.exists()
    check_archive(archive, repair=True)
    assert not leftover.exists()


def test_check_notes_are_printed_by_the_command_line(archive: Archive, tmp_path: Path) -> None:
    late = make_jpeg(tmp_path / "late" / "late.jpg", (210, 140), color=(0, 200, 0))
    stray = _stray(archive, late)
    root = archive.root
    archive.close()
    done = subprocess.run(
        [sys.executable, "-m", "carnet", "check", str(root)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "note: 1 file(s) in originals/ left by an interrupted import" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "carnet", "check", str(root), "--repair"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"repaired: moved to {root / 'trash'}: 1 file(s)" in done.stdout
    assert (root / "trash" / stray.relative_to(root)).exists()
