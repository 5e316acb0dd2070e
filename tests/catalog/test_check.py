"""`carnet check`: fixity of originals, derived files, repair."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.items import list_items
from carnet.cli import main
from carnet.importing.pipeline import ImportOptions, import_paths
from tests.imaging import make_jpeg


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
    assert "the catalog cannot be read" in out + err


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
