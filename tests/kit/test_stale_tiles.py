"""Tile sets of superseded corrections do not stay forever: a new set of a drawing
removes its older ones, and ``carnet check`` sees the stale sets (superseded, of items that
are gone, left unfinished) that ``check --repair`` removes, keeping the current ones."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.check import UNFINISHED_TILES_AGE, check_archive
from carnet.catalog.corrections import correct_items
from carnet.catalog.items import list_items
from carnet.kit.deepzoom import tile_key
from carnet.media.corrections import Corrections
from carnet.media.tiles import checked_tile_set
from tests.kit.conftest import build_archive
from tests.kit.test_deepzoom import export_own


def tile_sets(archive: Path) -> list[Path]:
    return sorted(p for p in (archive / "tiles").glob("*/*") if not p.name.startswith("."))


def test_a_new_correction_removes_the_drawings_old_tile_set(tmp_path: Path) -> None:
    archive_path = build_archive(tmp_path / "own")
    export_own(archive_path, tmp_path / "kit")
    before = tile_sets(archive_path)
    assert len(before) == 4
    with Archive.open(archive_path) as archive:
        first = list_items(archive.db)[0]
        correct_items(archive, [first.id], lambda _item: Corrections(rotate=90.0))
        first = list_items(archive.db)[0]
        current = archive.paths.tile_set(first.hash, tile_key(first))
    summary = export_own(archive_path, tmp_path / "kit")
    assert summary.ok
    after = tile_sets(archive_path)
    assert current in after and len(after) == 4  # the old set of the first drawing is gone
    assert [p for p in before if first.hash not in p.name] == [
        p for p in after if first.hash not in p.name
    ]  # the other drawings' sets are untouched
    assert checked_tile_set(current) is not None


def test_check_sees_stale_tile_sets_and_repair_removes_them(tmp_path: Path) -> None:
    archive_path = build_archive(tmp_path / "own")
    export_own(archive_path, tmp_path / "kit")
    sets = tile_sets(archive_path)
    with Archive.open(archive_path) as archive:
        first = list_items(archive.db)[0]
        current = archive.paths.tile_set(first.hash, tile_key(first))
        # A correction changed and nothing made its new tiles yet: the old set is stale.
        correct_items(archive, [first.id], lambda _item: Corrections(rotate=2.5))
        # A set of an original no item uses, and two unfinished ones (one being made now).
        gone = archive.paths.tile_set("0" * 64, "1" * 16)
        shutil.copytree(current, gone)
        left = current.with_name(f".tmp-abcdef012345-{current.name}")
        shutil.copytree(current, left)
        old = time.time() - 2 * UNFINISHED_TILES_AGE
        os.utime(left, (old, old))
        busy = current.with_name(f".tmp-0123456789ab-{current.name}")
        shutil.copytree(current, busy)
        foreign = current.parent / "notes.txt"  # not named like a tile set: not ours
        foreign.write_text("keep me")

        report = check_archive(archive)
        assert report.ok, report.problems
        notes = [n for n in report.notes if "tile set(s)" in n]
        assert len(notes) == 1 and notes[0].startswith("3 tile set(s) in tiles/"), report.notes
        assert current.is_dir() and gone.is_dir() and left.is_dir()  # only seen

        repaired = check_archive(archive, repair=True)
        assert "removed 3 stale tile set(s) from tiles/" in repaired.repaired
        assert not current.exists() and not gone.exists() and not left.exists()
        assert busy.is_dir() and foreign.read_text() == "keep me"
        assert tile_sets(archive_path) == sorted(set(sets) - {current} | {foreign})
        assert not gone.parent.exists() or not any(gone.parent.iterdir())
        again = check_archive(archive)
        assert not [n for n in again.notes if "tile set(s)" in n]
