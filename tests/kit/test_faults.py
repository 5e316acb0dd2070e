"""Damaged archives and the kit: nothing shipped as if it were good, no export stopped halfway.

Each test damages one archive file the way disks, sticks and people do — an original
altered, cut, emptied, replaced by a link, gone; a preview or thumbnail emptied, cut,
replaced by noise, by a PNG, by a header that claims gigapixels — and checks what the kit
then holds, what ``items.csv`` claims about it, and what the export says.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import random
import re
import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.items import Item, list_items, update_items
from carnet.cli.kit import add_export
from carnet.kit import ExportOptions, ExportSummary, export_kit
from carnet.media.derive import PREVIEW_EDGE, THUMBNAIL_EDGE
from tests.kit.conftest import SLUG, build_archive


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One archive built for the module; each test damages its own copy."""
    return build_archive(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def archive_path(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "Test.carnet"
    shutil.copytree(pristine, copy, symlinks=True)
    return copy


def published(path: Path) -> list[Item]:
    with Archive.open(path, readonly=True) as archive:
        return [it for it in list_items(archive.db) if it.published]


def export(path: Path, out: Path, **options: object) -> ExportSummary:
    with Archive.open(path, readonly=True) as archive:
        return export_kit(archive, SLUG, out, ExportOptions(**options))  # type: ignore[arg-type]


def rows(kit: Path) -> dict[str, dict[str, str]]:
    text = (kit / "data/items.csv").read_text("utf-8-sig")
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text))}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_csv_tells_the_truth(kit: Path) -> None:
    """Every checksum items.csv gives for a file in the kit is that file's."""
    for row in rows(kit).values():
        for column, checksum in (
            ("original", "original_sha256"),
            ("preview", "preview_sha256"),
            ("thumbnail", "thumbnail_sha256"),
        ):
            if row[column]:
                assert sha(kit / "data" / row[column]) == row[checksum], (row["id"], column)
            elif column != "original":
                assert row[checksum] == "", (row["id"], column)


def assert_images_exist(kit: Path) -> None:
    for page in (kit / "data").rglob("*.html"):
        for src in re.findall(r'<img src="([^"]+)"', page.read_text("utf-8")):
            image = (page.parent / src).resolve()
            with Image.open(image) as opened:
                opened.load()  # every image a page shows decodes to the end


def original_of(path: Path, item: Item) -> Path:
    with Archive.open(path, readonly=True) as archive:
        return archive.paths.original(item.hash, "jpg")


def derived_of(path: Path, item: Item, kind: str) -> Path:
    with Archive.open(path, readonly=True) as archive:
        return (
            archive.paths.preview(item.hash)
            if kind == "preview"
            else archive.paths.thumbnail(item.hash)
        )


# ---------------------------------------------------------------- originals


def _writable(path: Path) -> Path:
    if path.exists() and not path.is_symlink():
        path.chmod(0o644)
    return path


def altered_same_size(path: Path, outside: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    _writable(path).write_bytes(bytes(data))


def altered_longer(path: Path, outside: Path) -> None:
    _writable(path).write_bytes(path.read_bytes() + b"appended")


def truncated(path: Path, outside: Path) -> None:
    _writable(path).write_bytes(path.read_bytes()[:1000])


def emptied(path: Path, outside: Path) -> None:
    _writable(path).write_bytes(b"")


def removed(path: Path, outside: Path) -> None:
    _writable(path).unlink()


def linked_elsewhere(path: Path, outside: Path) -> None:
    secret = outside / "secret.jpg"
    secret.write_bytes(b"not for publishing")
    _writable(path).unlink()
    path.symlink_to(secret)


def linked_to_an_identical_copy(path: Path, outside: Path) -> None:
    """Even a link to the very same bytes is not the archive's file."""
    copy = outside / "copy.jpg"
    copy.write_bytes(path.read_bytes())
    _writable(path).unlink()
    path.symlink_to(copy)


def folder_linked_elsewhere(path: Path, outside: Path) -> None:
    shard = path.parent
    moved = outside / "shard"
    shutil.copytree(shard, moved)
    for child in shard.iterdir():
        _writable(child)
    shutil.rmtree(shard)
    shard.symlink_to(moved, target_is_directory=True)


def made_a_fifo(path: Path, outside: Path) -> None:
    _writable(path).unlink()
    os.mkfifo(path)


DAMAGE: dict[str, Callable[[Path, Path], None]] = {
    "altered": altered_same_size,
    "altered-longer": altered_longer,
    "truncated": truncated,
    "empty": emptied,
    "missing": removed,
    "symlink": linked_elsewhere,
    "symlink-to-same-bytes": linked_to_an_identical_copy,
    "folder-symlink": folder_linked_elsewhere,
    "fifo": made_a_fifo,
}
# What looking at the file (without reading it) finds: all but a same-size alteration.
SEEN_WITHOUT_READING = set(DAMAGE) - {"altered"}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_original_is_never_shipped_as_good(
    archive_path: Path, tmp_path: Path, damage: str
) -> None:
    first, second = published(archive_path)[:2]
    DAMAGE[damage](original_of(archive_path, first), tmp_path)
    kit = tmp_path / "kit"

    summary = export(archive_path, kit, originals=True)

    assert not summary.ok
    (failure,) = summary.failures
    assert failure.startswith(f"item {first.id}: the original in the archive ")
    assert failure.endswith("it is not in the kit") and failure in summary.problems
    assert not (kit / f"data/originals/{first.hash}.jpg").exists()
    assert (kit / f"data/originals/{second.hash}.jpg").read_bytes() == original_of(
        archive_path, second
    ).read_bytes()
    row = rows(kit)[str(first.id)]
    assert row["original"] == "" and row["original_sha256"] == first.hash  # the catalog's
    # No link to the original (the full-resolution download is derived, like the preview).
    assert "originals/" not in (kit / f"data/items/{first.id}.html").read_text("utf-8")
    assert_csv_tells_the_truth(kit)
    assert_images_exist(kit)  # the previews are sound: the drawing is still shown
    assert len(list((kit / "data/items").glob("*.html"))) == 4
    bagit.Bag(str(kit)).validate()
    assert "secret" not in "".join(p.name for p in kit.rglob("*"))


@pytest.mark.parametrize("damage", sorted(SEEN_WITHOUT_READING))
def test_without_originals_a_damaged_one_is_still_reported(
    archive_path: Path, tmp_path: Path, damage: str
) -> None:
    first = published(archive_path)[0]
    DAMAGE[damage](original_of(archive_path, first), tmp_path)

    summary = export(archive_path, tmp_path / "kit")

    assert not summary.ok
    (failure,) = summary.failures
    assert failure.startswith(f"item {first.id}: the original in the archive ")
    assert "carnet check" in failure
    assert rows(tmp_path / "kit")[str(first.id)]["original"] == ""
    bagit.Bag(str(tmp_path / "kit")).validate()


def test_an_original_altered_after_an_export_keeps_its_checked_copy(
    archive_path: Path, tmp_path: Path
) -> None:
    first = published(archive_path)[0]
    kit = tmp_path / "kit"
    assert export(archive_path, kit, originals=True).ok
    shipped = (kit / f"data/originals/{first.hash}.jpg").read_bytes()
    altered_longer(original_of(archive_path, first), tmp_path)

    summary = export(archive_path, kit, originals=True)

    assert not summary.ok
    assert "the kit keeps the copy an earlier export checked" in summary.failures[0]
    assert (kit / f"data/originals/{first.hash}.jpg").read_bytes() == shipped
    assert hashlib.sha256(shipped).hexdigest() == first.hash
    assert_csv_tells_the_truth(kit)
    bagit.Bag(str(kit)).validate()


def test_the_command_exits_1_when_an_original_is_left_out(
    archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    add_export(parser.add_subparsers())
    command = ["export", str(archive_path), "--event", SLUG, "--originals"]
    args = parser.parse_args([*command, str(tmp_path / "good")])
    assert args.func(args) == 0

    first = published(archive_path)[0]
    altered_same_size(original_of(archive_path, first), tmp_path)
    args = parser.parse_args([*command, str(tmp_path / "bad")])
    assert args.func(args) == 1
    printed = capsys.readouterr()
    assert f"item {first.id}: the original in the archive has been altered" in printed.err
    assert "Kit written" in printed.out  # the rest of the kit is there, and says so


# ---------------------------------------------------------------- previews and thumbnails


def _zero(path: Path) -> None:
    path.write_bytes(b"")


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _noise(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(path.stat().st_size))


def _png(path: Path) -> None:
    with Image.open(path) as image:
        image.load()
        image.save(path, "PNG")


def _huge_header(path: Path) -> None:
    """A header that claims 65,535 × 65,535 pixels (the SOF marker's largest)."""
    data = bytearray(path.read_bytes())
    sof = data.find(b"\xff\xc0")
    assert sof > 0
    data[sof + 5 : sof + 9] = struct.pack(">HH", 0xFFFF, 0xFFFF)
    path.write_bytes(bytes(data))


def _cmyk(path: Path) -> None:
    with Image.open(path) as image:
        image.convert("CMYK").save(path, "JPEG")


def _link_to_a_private_photo(path: Path) -> None:
    """A valid small JPEG, but outside the archive: never published."""
    private = path.parent.parent.parent.parent / "private.jpg"
    Image.new("RGB", (64, 48), (1, 2, 3)).save(private, "JPEG")
    path.unlink()
    path.symlink_to(private)


def _missing(path: Path) -> None:
    path.unlink()


CORRUPT: dict[str, Callable[[Path], None]] = {
    "zero-bytes": _zero,
    "truncated": _cut,
    "random-bytes": _noise,
    "png-under-jpg": _png,
    "huge-header": _huge_header,
    "cmyk": _cmyk,
    "link-outside": _link_to_a_private_photo,
    "missing": _missing,
}


@pytest.mark.parametrize("kind", ["preview", "thumbnail"])
@pytest.mark.parametrize("corruption", sorted(CORRUPT))
def test_a_corrupt_derived_file_is_made_again_from_the_original(
    archive_path: Path, tmp_path: Path, kind: str, corruption: str
) -> None:
    first = published(archive_path)[0]
    target = derived_of(archive_path, first, kind)
    target.chmod(0o644)
    CORRUPT[corruption](target)

    summary = export(archive_path, tmp_path / "kit")

    assert summary.ok and summary.regenerated == [first.id], summary.problems
    kit = tmp_path / "kit"
    for folder, edge in (("p", PREVIEW_EDGE), ("t", THUMBNAIL_EDGE)):
        with Image.open(kit / f"data/images/{folder}/{first.hash}.jpg") as image:
            image.load()
            assert image.format == "JPEG" and image.mode == "RGB"
            assert max(image.size) <= edge
    page = (kit / f"data/items/{first.id}.html").read_text("utf-8")
    assert f"images/p/{first.hash}.jpg" in page
    with Image.open(kit / f"data/images/p/{first.hash}.jpg") as preview:
        assert f'width="{preview.width}" height="{preview.height}"' in page
    assert_images_exist(kit)
    assert_csv_tells_the_truth(kit)
    bagit.Bag(str(kit)).validate()
    assert not (kit / "private.jpg").exists()
    # The next export keeps what it made, without making it again.
    again = export(archive_path, kit)
    assert again.regenerated == [first.id] and again.written == 0


@pytest.mark.parametrize("corruption", ["truncated", "random-bytes", "zero-bytes"])
def test_corrupt_images_and_no_sound_original_show_the_drawing_without_image(
    archive_path: Path, tmp_path: Path, corruption: str
) -> None:
    first, second = published(archive_path)[:2]
    for kind in ("preview", "thumbnail"):
        target = derived_of(archive_path, first, kind)
        target.chmod(0o644)
        CORRUPT[corruption](target)
    altered_same_size(original_of(archive_path, first), tmp_path)  # only reading finds it

    summary = export(archive_path, tmp_path / "kit", originals=True)

    kit = tmp_path / "kit"
    assert not summary.ok and summary.regenerated == []
    assert any(
        f.startswith(f"item {first.id}: its preview and thumbnail are missing or damaged")
        and "has been altered" in f
        for f in summary.failures
    ), summary.failures
    assert not (kit / f"data/images/p/{first.hash}.jpg").exists()
    main = (kit / f"data/items/{first.id}.html").read_text("utf-8").split("<main")[1]
    assert "<img" not in main.split("</main>")[0]
    assert (kit / f"data/images/p/{second.hash}.jpg").is_file()
    assert len(list((kit / "data/items").glob("*.html"))) == 4  # the export went on
    assert_images_exist(kit)
    assert_csv_tells_the_truth(kit)
    bagit.Bag(str(kit)).validate()


def test_a_preview_damaged_after_an_export_is_not_read_again(
    archive_path: Path, tmp_path: Path
) -> None:
    """The kit's copy was checked when it was copied: a re-export costs a stat, no decode."""
    first = published(archive_path)[0]
    kit = tmp_path / "kit"
    export(archive_path, kit)
    shipped = (kit / f"data/images/p/{first.hash}.jpg").read_bytes()
    target = derived_of(archive_path, first, "preview")
    target.chmod(0o644)
    _cut(target)  # the header is intact: only decoding would tell

    summary = export(archive_path, kit)

    assert summary.ok and summary.regenerated == [] and summary.written == 0
    assert (kit / f"data/images/p/{first.hash}.jpg").read_bytes() == shipped


def test_a_turned_drawing_gets_its_turned_preview_in_the_next_export(
    archive_path: Path, tmp_path: Path
) -> None:
    from carnet.media.derive import make_derivatives

    first = published(archive_path)[0]
    kit = tmp_path / "kit"
    export(archive_path, kit)
    with Archive.open(archive_path) as archive:
        update_items(archive.db, [first.id], rotation=90)
        turned = next(it for it in list_items(archive.db) if it.id == first.id)
        paths = archive.paths
        make_derivatives(  # as the desktop app does after a turn
            paths.original(first.hash, "jpg"),
            "jpeg",
            1,
            paths.thumbnail(first.hash),
            paths.preview(first.hash),
            turned.corrections,
        )

    export(archive_path, kit)

    with Image.open(kit / f"data/images/p/{first.hash}.jpg") as preview:
        assert preview.height > preview.width  # 480×360, turned
    page = (kit / f"data/items/{first.id}.html").read_text("utf-8")
    assert f'width="{preview.width}" height="{preview.height}"' in page
    bagit.Bag(str(kit)).validate()
