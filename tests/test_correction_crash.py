"""A correction killed between the catalog's write and the new previews' rename is found
by ``carnet check`` and made whole by ``check --repair``.

``carnet item correct --crop …`` and ``--corners …`` run in a real process that SIGKILLs
itself (no handler runs, nothing is flushed) at a seeded moment after the catalog has
committed the new corrections: before the first derived file is renamed into place,
before the n-th fsync of the new files' temporaries, or between the preview's rename and
the thumbnail's. The files left show the old correction at the same size (a crop or a
perspective the old size check could not tell); ``carnet check`` must report them out of
date, ``--repair`` must make them again, and they must then be byte for byte a fresh
derivation from the original with the stored corrections. ``CARNET_KILL_SEED=<seed>``
replays a seed; the seed and the moment are in every assertion's message.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.corrections import correct_items
from carnet.catalog.items import get_item, list_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.media.corrections import Corrections
from carnet.media.derive import make_derivatives
from carnet.media.formats import EXTENSIONS
from tests.imaging import pattern_image

SEEDS = (
    [int(os.environ["CARNET_KILL_SEED"])]
    if "CARNET_KILL_SEED" in os.environ
    else [2, 4, 5, 6, 7, 9]  # between them, every moment of MOMENTS
)

#: Runs ``carnet`` with its arguments, and kills itself at the moment ``argv[1]`` names,
#: counted from the catalog's commit of the new corrections: ``commit`` (right after it),
#: ``fsync:N`` (before the N-th fsync that follows it) or ``rename:N`` (before the N-th
#: rename of a derived file into place: 0 the preview, 1 the thumbnail).
KILLER = r"""
import os, signal, sys
import carnet.catalog.corrections as corrections

kind, _, count = sys.argv[1].partition(":")
count = int(count or 0)
state = {"committed": False, "fsync": 0, "rename": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

store = corrections.set_corrections
def set_corrections(*args, **kwargs):
    store(*args, **kwargs)
    state["committed"] = True
    if kind == "commit":
        die()
corrections.set_corrections = set_corrections

fsync = os.fsync
def killing_fsync(fd):
    if state["committed"] and kind == "fsync":
        if state["fsync"] == count:
            die()
        state["fsync"] += 1
    return fsync(fd)
os.fsync = killing_fsync

replace = os.replace
def killing_replace(src, dst, *args, **kwargs):
    derived = os.path.basename(os.path.dirname(os.path.dirname(os.fspath(dst))))
    if state["committed"] and kind == "rename" and derived in ("previews", "thumbnails"):
        if state["rename"] == count:
            die()
        state["rename"] += 1
    return replace(src, dst, *args, **kwargs)
os.replace = killing_replace

from carnet.cli import main
sys.exit(main(sys.argv[2:]))
"""

#: The moments a seed picks from: every one lies after the catalog's commit and before
#: the thumbnail's rename (the new files are fsynced twice each: the file, its folder).
MOMENTS = ["commit", "rename:0", "rename:1", "fsync:0", "fsync:1", "fsync:2"]


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of two drawings, each already cropped (its files in step)."""
    root = tmp_path_factory.mktemp("correction-crash")
    photos = root / "photos"
    photos.mkdir()
    for n, size in enumerate(((1200, 900), (900, 1200))):
        pattern_image(size, color=(40 + n * 90, 120, 200 - n * 60)).save(
            photos / f"board-{n}.jpg", "JPEG", quality=90
        )
    path = root / "Forum.carnet"
    with Archive.create(path) as archive:
        import_paths(archive, [photos], ImportOptions(jobs=1))
        ids = [item.id for item in list_items(archive.db)]
        correct_items(archive, ids, lambda _: Corrections(crop=(0.0, 0.0, 0.5, 0.5)))
    return path


def carnet(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "carnet", *args], capture_output=True, text=True, check=False
    )


def _correct_killed(archive: Path, moment: str, *args: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, moment, "item", "correct", str(archive), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode


def _arguments(rng: random.Random, kind: str, item_id: int, size: tuple[int, int]) -> list[str]:
    """``--crop`` of the same size elsewhere, or ``--corners`` of about the crop's size."""
    width, height = size
    if kind == "crop":
        x, y = rng.choice([(0.5, 0.0), (0.0, 0.5), (0.5, 0.5), (0.25, 0.25)])
        return [str(item_id), "--crop", f"{x},{y},0.5,0.5"]
    dx, dy = rng.uniform(0.05, 0.3) * width, rng.uniform(0.05, 0.3) * height
    w, h = width / 2, height / 2
    skew = rng.uniform(1, 8)
    corners = [dx, dy, dx + w, dy + skew, dx + w - skew, dy + h, dx + skew, dy + h - skew]
    return [str(item_id), "--corners", ",".join(f"{v:.1f}" for v in corners)]


def _fresh(archive: Path, item_id: int, scratch: Path) -> tuple[bytes, bytes]:
    """The preview and thumbnail a fresh derivation gives the item as the catalog has it."""
    with Archive.open(archive, readonly=True) as opened:
        item = get_item(opened.db, item_id)
        original = opened.paths.original(item.hash, EXTENSIONS.get(item.format, item.format))
        thumb, preview = scratch / "t.jpg", scratch / "p.jpg"
        make_derivatives(original, item.format, item.orientation, thumb, preview, item.corrections)
    return preview.read_bytes(), thumb.read_bytes()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["crop", "corners"])
def test_a_correction_killed_before_its_previews_are_in_place(
    archive_path: Path, tmp_path: Path, kind: str, seed: int
) -> None:
    rng = random.Random(seed)
    archive = tmp_path / "Forum.carnet"
    shutil.copytree(archive_path, archive)
    with Archive.open(archive, readonly=True) as opened:
        item = rng.choice(list_items(opened.db))
        before = item.corrections
        preview_path, thumb_path = (
            opened.paths.preview(item.hash),
            opened.paths.thumbnail(item.hash),
        )
        stale = preview_path.read_bytes(), thumb_path.read_bytes()
        original = opened.paths.original(item.hash, "jpg").read_bytes()
    moment = rng.choice(MOMENTS)
    arguments = _arguments(rng, kind, item.id, (item.width, item.height))
    said = f"seed {seed}: {kind} killed at {moment} ({' '.join(arguments)})"

    assert _correct_killed(archive, moment, *arguments) == -signal.SIGKILL, said

    with Archive.open(archive, readonly=True) as opened:
        after = get_item(opened.db, item.id).corrections
    assert after != before, said  # the catalog committed the new corrections
    assert (getattr(after, kind) is not None) and getattr(after, kind) != getattr(before, kind)
    left = (preview_path.read_bytes(), thumb_path.read_bytes())
    out_of_date = [
        name
        for name, old, now in zip(("preview", "thumbnail"), stale, left, strict=True)
        if old == now
    ]
    assert out_of_date, f"{said}: both files were already rewritten"

    checked = carnet("check", str(archive))
    assert checked.returncode == 1, f"{said}: {checked.stdout}"
    problems = [line for line in checked.stdout.splitlines() if line.startswith("problem:")]
    assert len(problems) == 1, f"{said}: {checked.stdout}"
    for name in out_of_date:
        assert f"{name} out of date" in problems[0], f"{said}: {problems[0]}"
    assert f"item {item.id} " in problems[0], said

    repaired = carnet("check", str(archive), "--repair")
    assert repaired.returncode == 0, f"{said}: {repaired.stdout}{repaired.stderr}"
    assert "out of date" in repaired.stdout, said
    final = carnet("check", str(archive))
    assert final.returncode == 0 and "note:" not in final.stdout, f"{said}: {final.stdout}"

    fresh = _fresh(archive, item.id, tmp_path)
    assert preview_path.read_bytes() == fresh[0], f"{said}: the preview is not a fresh one"
    assert thumb_path.read_bytes() == fresh[1], f"{said}: the thumbnail is not a fresh one"
    with Archive.open(archive, readonly=True) as opened:
        assert opened.paths.original(item.hash, "jpg").read_bytes() == original, said
        assert get_item(opened.db, item.id).corrections == after, said
    assert not list(archive.rglob(".tmp-*")), said
