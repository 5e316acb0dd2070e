"""An export killed at any moment is finished by the next one, byte for byte; ``--force``
tells Carnet's own files from a stranger's.

``carnet export`` runs in a real process, killed with SIGKILL at a seeded random moment
(no handler runs, no state is saved); the same export then runs again without ``--force``,
and its folder must hold exactly the files, folders and bytes of a clean export into an
empty folder, and validate as a BagIt bag. ``CARNET_KILL_SEED=<seed>`` replays a seed; the
seed is in every assertion's message.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import bagit
import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.items import add_tags, list_items, update_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit import ExportOptions, ExportSummary, export_kit
from carnet.kit.writer import JOURNAL_NAME, STATE_NAME
from tests.imaging import make_jpeg
from tests.kit.conftest import SLUG, build_archive

CARNET = [sys.executable, "-m", "carnet"]
EXTRA_PHOTOS = 30
SEEDS = (
    [int(os.environ["CARNET_KILL_SEED"])] if "CARNET_KILL_SEED" in os.environ else [11, 23, 37, 41]
)


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An archive with 34 published drawings, and a copy changed the way people edit."""
    root = tmp_path_factory.mktemp("kill")
    path = build_archive(root)
    photos = [
        make_jpeg(
            root / "more" / f"IMG_{n:03d}.jpg",
            (800, 600),
            color=(n * 7 % 255, 90, 200 - n * 5),
            captured_at=f"2016:09:29 14:{n:02d}:00",
        )
        for n in range(EXTRA_PHOTOS)
    ]
    with Archive.open(path) as archive:
        import_paths(archive, photos, ImportOptions(event=SLUG, illustrator="Léo Garcia", jobs=2))
        ids = [it.id for it in list_items(archive.db) if not it.published]
        update_items(archive.db, ids[1:], published=True)  # the first stays a draft
        with archive.db.transaction() as conn:
            add_tags(conn, ids[::3], ["atelier/fresque"])
    changed = root / "Changed.carnet"
    shutil.copytree(path, changed)
    with Archive.open(changed) as archive:
        items = list_items(archive.db)
        update_items(archive.db, [items[1].id], caption="Une légende corrigée")
        update_items(archive.db, [items[6].id], published=False)
        update_items(archive.db, [items[5].id], published=True)
        with archive.db.transaction() as conn:
            add_tags(conn, [items[7].id], ["nouveau/thème"])
    return path, changed


def contents(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``root``, as ``diff -r`` sees them."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        assert not path.is_symlink(), rel
        found[rel] = None if path.is_dir() else path.read_bytes()
    return found


def assert_same_tree(got: Path, expected: Path, seed: int) -> None:
    mine, clean = contents(got), contents(expected)
    extra, missing = sorted(set(mine) - set(clean)), sorted(set(clean) - set(mine))
    assert not extra and not missing, f"seed {seed}: extra {extra[:5]}, missing {missing[:5]}"
    differ = sorted(rel for rel in mine if mine[rel] != clean[rel])
    assert not differ, f"seed {seed}: different bytes in {differ[:5]}"


def run(archive: Path, out: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CARNET, "export", str(archive), "--event", SLUG, str(out), *options],
        capture_output=True,
        check=False,
    )


def _start(archive: Path, out: Path, *options: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CARNET, "export", str(archive), "--event", SLUG, str(out), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_writing(process: subprocess.Popen[bytes], out: Path, existed: bool) -> None:
    """Until the export starts writing: its folder appears (a new kit) or its first file
    in it changes (an existing one), or the process ends."""
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")} if existed else {}
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if existed:
            try:
                now = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
            except OSError:  # a file went while it was looked at: writing has begun
                return
            if now != before:
                return
        elif out.exists():
            return
        time.sleep(0.001)


def writing_time(archive: Path, out: Path, *options: str) -> float:
    """Export into ``out`` (it must succeed) and return how long it spent writing."""
    existed = out.exists()
    process = _start(archive, out, *options)
    _wait_for_writing(process, out, existed)
    began = time.monotonic()
    assert process.wait() == 0
    return time.monotonic() - began


def kill_at_random(
    archive: Path, out: Path, rng: random.Random, span: float, *options: str
) -> float:
    """Start the export and SIGKILL it at a random moment of its writing; the moment.

    Most of a short export is Python starting: the moment is drawn over ``span``, the
    time a whole export spends writing, from when it starts to write.
    """
    process = _start(archive, out, *options)
    _wait_for_writing(process, out, out.exists())
    delay = rng.uniform(0, span)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return delay


def assert_finished_kit(out: Path, seed: int) -> None:
    assert not (out / JOURNAL_NAME).exists(), f"seed {seed}: journal left"
    leftovers = [p.name for p in out.parent.rglob(".tmp-*")]
    assert leftovers == [], f"seed {seed}: {leftovers}"
    try:
        bagit.Bag(str(out)).validate()
    except bagit.BagValidationError as exc:
        raise AssertionError(f"seed {seed}: {exc}") from exc


@pytest.mark.parametrize("seed", SEEDS)
def test_a_killed_first_export_is_finished_by_the_next(
    archives: tuple[Path, Path], tmp_path: Path, seed: int
) -> None:
    archive, _changed = archives
    rng = random.Random(seed)
    clean = tmp_path / "clean" / "kit"
    span = writing_time(archive, clean, "--zip")
    out = tmp_path / "out" / "kit"
    moments = [kill_at_random(archive, out, rng, span, "--zip") for _ in range(rng.randint(1, 2))]

    finished = run(archive, out, "--zip")  # no --force

    assert finished.returncode == 0, f"seed {seed}, kills at {moments}: {finished.stderr!r}"
    assert_same_tree(out, clean, seed)
    assert_finished_kit(out, seed)
    assert (out.parent / "kit.zip").read_bytes() == (clean.parent / "kit.zip").read_bytes()


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_a_killed_incremental_export_is_finished_by_the_next(
    archives: tuple[Path, Path], tmp_path: Path, seed: int
) -> None:
    archive, changed = archives
    rng = random.Random(seed)
    clean = tmp_path / "clean" / "kit"
    assert run(changed, clean, "--originals").returncode == 0
    out = tmp_path / "out" / "kit"
    # The first export writes everything; the incremental one about half as much.
    span = writing_time(archive, out, "--originals") / 2
    kills = rng.randint(1, 2)
    moments = [kill_at_random(changed, out, rng, span, "--originals") for _ in range(kills)]

    finished = run(changed, out, "--originals")

    assert finished.returncode == 0, f"seed {seed}, kills at {moments}: {finished.stderr!r}"
    assert_same_tree(out, clean, seed)
    assert_finished_kit(out, seed)


# ---------------------------------------------------------------- --force


def export(archive: Path, out: Path, **options: object) -> ExportSummary:
    with Archive.open(archive, readonly=True) as opened:
        return export_kit(opened, SLUG, out, ExportOptions(**options))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("small"))


def test_leftovers_of_a_killed_export_are_carnets_not_a_strangers(
    small: Path, tmp_path: Path
) -> None:
    """What a kill leaves — temporaries, a journal, files no state lists — needs no --force."""
    clean = tmp_path / "clean"
    export(small, clean)
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    (out / STATE_NAME).unlink()  # killed before the state was written
    journal = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name != STATE_NAME
    )
    (out / JOURNAL_NAME).write_text("\n".join(journal) + "\n" + "data/ite", encoding="utf-8")
    (out / "data/items/.tmp-0123456789ab-1.html").write_text("half", encoding="utf-8")
    (out / ".tmp-a1b2c3d4e5f6-carnet-kit.json").write_text("{", encoding="utf-8")
    (out / "data/items/1.html").write_text("cut sho", encoding="utf-8")
    (tmp_path / ".tmp-out.zip").write_bytes(b"PK half a zip")

    summary = export(small, out)

    assert summary.foreign == []
    assert contents(out) == contents(clean)
    assert not (tmp_path / ".tmp-out.zip").exists()
    bagit.Bag(str(out)).validate()


def test_force_keeps_and_reports_strangers_files_and_removes_only_carnets(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kit"
    out.mkdir()
    strangers = {
        "notes.txt": b"mine",
        "CNAME": b"kit.example.org",
        ".htaccess": b"Options -Indexes",
        "data/programme.pdf": b"%PDF- the printed programme",
        "data/items/.tmp-notours.html": b"a stranger's file, despite its name",
        "data/.DS_Store": b"finder",
    }
    for rel, data in strangers.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    with pytest.raises(Exception, match="--force"):
        export(small, out)

    summary = export(small, out, force=True)

    assert sorted(summary.foreign) == sorted(strangers)
    for rel, data in strangers.items():
        assert (out / rel).read_bytes() == data, rel
    state = json.loads((out / STATE_NAME).read_text("utf-8"))["files"]
    assert not set(strangers) & set(state)
    manifest = (out / "manifest-sha256.txt").read_text("utf-8")
    # Inside data/ a stranger's file is payload (BagIt lists every payload file), outside
    # it is not in the bag at all.
    assert "data/programme.pdf" in manifest and "data/.DS_Store" in manifest
    assert "notes.txt" not in manifest and "CNAME" not in manifest
    bagit.Bag(str(out)).validate()

    # Carnet's files of an earlier export are Carnet's: an unpublished drawing's page goes,
    # the strangers' files stay, and no --force is needed for the kit Carnet knows.
    with Archive.open(small) as archive:
        first = next(it for it in list_items(archive.db) if it.published)
        update_items(archive.db, [first.id], published=False)
    try:
        again = export(small, out, force=True)
        assert not (out / f"data/items/{first.id}.html").exists()
        assert again.removed > 0
        for rel, data in strangers.items():
            assert (out / rel).read_bytes() == data, rel
        bagit.Bag(str(out)).validate()
    finally:
        with Archive.open(small) as archive:
            update_items(archive.db, [first.id], published=True)


def test_force_never_writes_over_a_strangers_file(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "kit"
    (out / "data").mkdir(parents=True)
    (out / "data/about.html").write_text("my own about page", encoding="utf-8")

    with pytest.raises(Exception, match="not written by Carnet"):
        export(small, out, force=True)

    assert (out / "data/about.html").read_text("utf-8") == "my own about page"
    (out / "data/about.html").rename(tmp_path / "about.html")
    export(small, out)  # what the refused export wrote is Carnet's: no --force needed
    bagit.Bag(str(out)).validate()


def test_an_empty_folder_a_killed_export_made_is_gone_after_the_next(
    archives: tuple[Path, Path], tmp_path: Path
) -> None:
    """The one moment a random kill rarely hits: a tile set's folder made, nothing in it
    yet. The next export leaves no such empty folder, so the kit is a clean one."""
    _, changed = archives
    clean, out = tmp_path / "clean", tmp_path / "out"
    assert run(changed, clean).returncode == 0
    assert run(changed, out).returncode == 0
    leftovers = [out / "data" / "tiles" / "0123abcd-ffff", out / "data" / "images" / "zz"]
    for folder in leftovers:
        folder.mkdir(parents=True)
    assert run(changed, out).returncode == 0
    assert not any(folder.exists() for folder in leftovers)
    assert_same_tree(out, clean, seed=0)
