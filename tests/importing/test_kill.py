"""An import killed at any moment leaves an archive that `carnet check` accepts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from tests.imaging import make_jpeg

CARNET = [sys.executable, "-m", "carnet"]


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("photos")
    for n in range(40):
        make_jpeg(
            folder / f"IMG_{n:04d}.jpg",
            (1600, 1200),
            color=(n * 6, 100, 200 - n * 4),
            captured_at=f"2016:09:29 11:{n:02d}:00",
        )
    return folder


@pytest.mark.parametrize("delay", [0.4, 0.9, 1.6, 2.5])
def test_sigkill_during_import_then_check_and_resume(
    photos: Path, tmp_path: Path, delay: float
) -> None:
    root = tmp_path / "k.carnet"
    subprocess.run([*CARNET, "init", str(root)], check=True, capture_output=True)
    proc = subprocess.Popen(
        [*CARNET, "import", str(root), str(photos), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)  # the importer and its workers, all at once
    proc.wait()

    with Archive.open(root) as archive:
        report = check_archive(archive, repair=True)
        assert report.ok, report.problems
        # no item points at a missing original
        for digest, fmt in archive.db.query("SELECT hash, format FROM items"):
            assert archive.paths.original(digest, "jpg").exists(), fmt
        assert check_archive(archive).ok

    done = subprocess.run(
        [*CARNET, "import", str(root), str(photos)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with Archive.open(root, readonly=True) as archive:
        assert archive.db.scalar("SELECT count(*) FROM items") == 40
        assert archive.db.scalar("SELECT count(DISTINCT hash) FROM items") == 40
    final = subprocess.run([*CARNET, "check", str(root)], capture_output=True, text=True)
    assert final.returncode == 0, final.stdout


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def test_a_worker_that_dies_does_not_stop_the_batch(photos: Path, tmp_path: Path) -> None:
    root = tmp_path / "w.carnet"
    subprocess.run([*CARNET, "init", str(root)], check=True, capture_output=True)
    proc = subprocess.Popen(
        [*CARNET, "import", str(root), str(photos), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # The workers are the grandchildren (children of the fork server): kill one mid-batch.
    victim = None
    for _ in range(200):
        workers = [p for p in _descendants(proc.pid) if p not in _children(proc.pid)]
        if workers:
            victim = workers[0]
            break
        time.sleep(0.05)
    assert victim is not None, "no worker process appeared"
    time.sleep(0.5)
    os.kill(victim, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in err
    with Archive.open(root, readonly=True) as archive:
        count = archive.db.scalar("SELECT count(*) FROM items")
    # Every file is imported: the killed worker's files were run again on their own.
    assert proc.returncode == 0, err
    assert count == 40
    assert "40 imported" in out


def _children(pid: int) -> list[int]:
    return [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/stat") if _ppid(p) == pid]


def _ppid(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
