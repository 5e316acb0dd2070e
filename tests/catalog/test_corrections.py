"""Corrections in the catalog: set, refused, read from a foreign archive, kept by
``check --repair``, exported by the kit, and ``carnet item correct``."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.corrections import correct_items, current_preview, propose_corners, rederive
from carnet.catalog.events import add_event
from carnet.catalog.items import get_item, list_items, update_items
from carnet.cli import main
from carnet.errors import InvalidValue
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit.export import export_kit
from carnet.media.corrections import NO_CORRECTIONS, Corrections
from tests.media.test_corrections import _photo  # the generated board photos


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    photos = tmp_path / "photos"
    photos.mkdir()
    board, truth = _photo(21, 9.0, 0.15)
    board.save(photos / "board.jpg", "JPEG", quality=92)
    rng = np.random.default_rng(3)
    noise = Image.fromarray(rng.integers(0, 255, (600, 800, 3)).astype(np.uint8), "RGB")
    noise.save(photos / "noise.jpg", "JPEG", quality=90)
    (tmp_path / "truth.json").write_text(json.dumps(truth.tolist()))
    archive = Archive.create(tmp_path / "A.carnet")
    add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
    import_paths(archive, [photos], ImportOptions(event="forum", jobs=1))
    ids = [item.id for item in list_items(archive.db)]
    update_items(archive.db, ids, published=True)
    return archive


def _by_name(archive: Archive, name: str) -> int:
    return next(i.id for i in list_items(archive.db) if i.original_name == name)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_found_corners_are_those_of_the_board(archive: Archive, tmp_path: Path) -> None:
    item = get_item(archive.db, _by_name(archive, "board.jpg"))
    truth = json.loads((tmp_path / "truth.json").read_text())
    found = propose_corners(archive, item)
    assert found is not None
    diagonal = math.hypot(1600, 1200)
    assert max(math.dist(f, t) for f, t in zip(found, truth, strict=True)) <= 0.02 * diagonal


def test_correcting_rewrites_the_derived_files_never_the_original(archive: Archive) -> None:
    item = get_item(archive.db, _by_name(archive, "board.jpg"))
    original = archive.paths.original(item.hash, "jpg")
    before = _sha(original)
    assert Image.open(archive.paths.preview(item.hash)).size == (1600, 1200)
    corners = propose_corners(archive, item)
    assert corners is not None
    old = correct_items(archive, [item.id], lambda _: Corrections(corners=corners))
    assert old == {item.id: NO_CORRECTIONS}
    assert get_item(archive.db, item.id).corrections.corners == corners
    preview = Image.open(archive.paths.preview(item.hash))
    assert preview.size[0] < 1200 and abs(preview.size[0] / preview.size[1] - 1000 / 700) < 0.1
    assert _sha(original) == before
    assert check_archive(archive).ok


def test_a_change_that_fails_leaves_everything_as_it_was(archive: Archive) -> None:
    ids = [i.id for i in list_items(archive.db)]
    previews = {i: _sha(archive.paths.preview(get_item(archive.db, i).hash)) for i in ids}

    def change(item: object) -> Corrections:
        raise InvalidValue("no board")

    with pytest.raises(InvalidValue):
        correct_items(archive, ids, change)
    with pytest.raises(InvalidValue):
        update_items(archive.db, ids, corrections='{"crop": [0.9, 0, 0.5, 1]}')
    for i in ids:
        assert get_item(archive.db, i).corrections == NO_CORRECTIONS
        assert _sha(archive.paths.preview(get_item(archive.db, i).hash)) == previews[i]


def test_a_foreign_value_counts_as_none_with_a_warning(
    archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    item_id = _by_name(archive, "board.jpg")
    with archive.db.transaction() as conn:
        conn.execute("UPDATE items SET corrections = '{\"rotate\": [1' WHERE id = ?", (item_id,))
    with caplog.at_level(logging.WARNING):
        assert get_item(archive.db, item_id).corrections == NO_CORRECTIONS
        assert check_archive(archive, repair=True).ok
    assert f"item {item_id}: corrections ignored" in caplog.text


def test_check_repair_makes_derived_files_with_the_corrections(archive: Archive) -> None:
    item_id = _by_name(archive, "board.jpg")
    correct_items(archive, [item_id], lambda _: Corrections(rotate=90, crop=(0, 0, 0.5, 1)))
    digest = get_item(archive.db, item_id).hash
    made = _sha(archive.paths.preview(digest))
    archive.paths.preview(digest).unlink()
    archive.paths.thumbnail(digest).unlink()
    report = check_archive(archive, repair=True)
    assert report.ok and report.repaired
    assert Image.open(archive.paths.preview(digest)).size == (600, 1600)
    assert _sha(archive.paths.preview(digest)) == made  # deterministic


def test_the_kit_sees_a_new_correction(archive: Archive, tmp_path: Path) -> None:
    item = get_item(archive.db, _by_name(archive, "board.jpg"))
    out = tmp_path / "kit"
    export_kit(archive, "forum", out)
    kit_preview = out / "data" / "images" / "p" / f"{item.hash}.jpg"
    assert Image.open(kit_preview).size == (1600, 1200)
    correct_items(archive, [item.id], lambda _: Corrections(rotate=90))
    export_kit(archive, "forum", out)  # incremental: the same names, new bytes
    assert Image.open(kit_preview).size == (1200, 1600)


def test_the_rotation_of_update_items_keeps_the_other_corrections(archive: Archive) -> None:
    item_id = _by_name(archive, "board.jpg")
    corners = ((100.0, 100.0), (1500.0, 120.0), (1480.0, 1100.0), (90.0, 1080.0))
    update_items(archive.db, [item_id], corrections=Corrections(rotate=2.5, corners=corners))
    update_items(archive.db, [item_id], rotation=180)
    assert get_item(archive.db, item_id).corrections == Corrections(rotate=180, corners=corners)
    with pytest.raises(InvalidValue):
        update_items(archive.db, [item_id], rotation=45)


# ---------------------------------------------------------------- carnet item correct


def test_item_correct_auto_rotate_crop_and_reset(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    board, noise = _by_name(archive, "board.jpg"), _by_name(archive, "noise.jpg")
    path = str(archive.root)
    archive.close()
    assert main(["item", "correct", path, str(board), "--auto"]) == 0
    assert f"Item {board}: perspective from corners" in capsys.readouterr().out
    assert main(["item", "show", path, str(board)]) == 0
    assert "Corrections: perspective from corners" in " ".join(capsys.readouterr().out.split())
    assert main(["item", "correct", path, str(board), str(noise), "--rotate", "-90"]) == 0
    assert main(["item", "correct", path, str(noise), "--crop", "0.1,0.1,0.5,0.5"]) == 0
    with Archive.open(Path(path)) as reopened:
        first, second = get_item(reopened.db, board), get_item(reopened.db, noise)
        assert first.corrections.corners is not None and first.corrections.rotate == 270.0
        assert second.corrections == Corrections(rotate=270.0, crop=(0.1, 0.1, 0.5, 0.5))
        assert Image.open(reopened.paths.preview(second.hash)).size == (300, 400)
    assert main(["item", "correct", path, str(board), str(noise), "--reset"]) == 0
    with Archive.open(Path(path)) as reopened:
        assert all(i.corrections == NO_CORRECTIONS for i in list_items(reopened.db))
        assert Image.open(reopened.paths.preview(second.hash)).size == (800, 600)


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--corners", "1,2,3"], "8 numbers"),
        (["--corners", "0,0,10,10,10,0,0,10"], "convex quadrilateral"),
        (["--crop", "0.5,0.5,0.9,0.9"], "fractions of the image"),
        (["--rotate", "nan"], "degrees"),
        (["--reset", "--rotate", "5"], "give it alone"),
        ([], "say what to correct"),
        (["--auto"], "no board found"),
    ],
)
def test_item_correct_refuses_in_one_line_and_changes_nothing(
    archive: Archive, capsys: pytest.CaptureFixture[str], arguments: list[str], words: str
) -> None:
    noise = _by_name(archive, "noise.jpg")
    path = str(archive.root)
    preview = archive.paths.preview(get_item(archive.db, noise).hash)
    before = _sha(preview)
    archive.close()
    status: int | str | None
    try:
        status = main(["item", "correct", path, str(noise), *arguments])
    except SystemExit as exit_:  # refused by the parser
        status = exit_.code
    assert status == 1
    error = capsys.readouterr().err.strip()
    assert words in error and "\n" not in error
    with Archive.open(Path(path)) as reopened:
        assert get_item(reopened.db, noise).corrections == NO_CORRECTIONS
    assert _sha(preview) == before


def test_a_new_angle_carries_the_crop_along(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    noise = _by_name(archive, "noise.jpg")  # 800×600
    path = str(archive.root)
    archive.close()
    assert main(["item", "correct", path, str(noise), "--crop", "0.1,0.2,0.5,0.3"]) == 0
    assert main(["item", "correct", path, str(noise), "--rotate", "90"]) == 0
    with Archive.open(Path(path)) as reopened:
        item = get_item(reopened.db, noise)
        # The same part of the drawing, turned with it: 400×180 pixels become 180×400.
        assert item.corrections == Corrections(rotate=90.0, crop=(0.5, 0.1, 0.3, 0.5))
        assert Image.open(reopened.paths.preview(item.hash)).size == (180, 400)
    # A crop given with the angle is the crop of the new image, as given.
    assert (
        main(["item", "correct", path, str(noise), "--rotate", "0", "--crop", "0,0,0.5,0.5"]) == 0
    )
    with Archive.open(Path(path)) as reopened:
        assert get_item(reopened.db, noise).corrections == Corrections(crop=(0, 0, 0.5, 0.5))
    capsys.readouterr()


def test_the_viewer_never_gets_a_preview_of_another_correction(archive: Archive) -> None:
    item = get_item(archive.db, _by_name(archive, "noise.jpg"))
    preview = archive.paths.preview(item.hash)
    assert current_preview(archive, item) == preview.read_bytes()
    # Stored, and killed before its files were rewritten: the archive's preview is stale.
    update_items(archive.db, [item.id], corrections=Corrections(crop=(0.5, 0.5, 0.5, 0.5)))
    item = get_item(archive.db, item.id)
    stale = preview.read_bytes()
    shown = current_preview(archive, item)
    assert shown is not None and shown != stale
    assert preview.read_bytes() == stale  # nothing written by looking
    rederive(archive, [item])
    fresh = Image.open(preview)
    assert fresh.size == (400, 300)
    # The pixels of the preview that rederiving writes (it only adds its fingerprint).
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(shown))), np.asarray(fresh))
    assert current_preview(archive, item) == preview.read_bytes() != stale


def test_the_kit_never_ships_a_preview_of_another_correction(
    archive: Archive, tmp_path: Path
) -> None:
    item = get_item(archive.db, _by_name(archive, "noise.jpg"))
    correct_items(archive, [item.id], lambda _: Corrections(crop=(0, 0, 0.5, 0.5)))
    stale = archive.paths.preview(item.hash).read_bytes()
    # Stored, and killed before the files were rewritten: the same size, another part.
    update_items(archive.db, [item.id], corrections=Corrections(crop=(0.5, 0.5, 0.5, 0.5)))
    out = tmp_path / "kit"
    summary = export_kit(archive, "forum", out)
    assert summary.regenerated == [item.id]
    shipped = (out / "data" / "images" / "p" / f"{item.hash}.jpg").read_bytes()
    assert shipped != stale
    rederive(archive, [get_item(archive.db, item.id)])
    assert shipped == archive.paths.preview(item.hash).read_bytes()  # a fresh derivation
