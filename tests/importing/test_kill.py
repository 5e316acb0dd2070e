"""An import killed at any moment leaves an archive that `carnet check` accepts.

The moments are random but seeded: each test prints its seed, and
``CARNET_KILL_SEED=<seed> pytest tests/importing/test_kill.py`` replays a failure. The
invariants after every kill: the catalog opens, `check` reports no problem (notes only),
running the same import again completes it with no duplicate, and no process of the
killed import is left running for more than a few seconds, whether the whole process
group was killed or only the main process.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.media.formats import EXTENSIONS
from tests.imaging import make_jpeg

CARNET = [sys.executable, "-m", "carnet"]
PHOTOS = 40
#: How long the processes of a killed import may outlive it.
GRACE_SECONDS = 5.0
KILLS = 6  # random moments per way of killing


def _seed(offset: int) -> int:
    base = os.environ.get("CARNET_KILL_SEED")
    seed = int(base) + offset if base else random.SystemRandom().randrange(2**32)
    print(f"CARNET_KILL_SEED={seed}  (replays this moment)")
    return seed


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("photos")
    for n in range(PHOTOS):
        make_jpeg(
            folder / f"IMG_{n:04d}.jpg",
            (1600, 1200),
            color=(n * 6, 100, 200 - n * 4),
            captured_at=f"2016:09:29 11:{n:02d}:00",
        )
    return folder


def _init(root: Path) -> None:
    subprocess.run([*CARNET, "init", str(root)], check=True, capture_output=True)


def _start_import(root: Path, photos: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CARNET, "import", str(root), str(photos), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its session id finds its processes once it is dead
    )


def _stat_fields(pid_dir: Path) -> list[str] | None:
    try:
        return (pid_dir / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _session(sid: int) -> list[str]:
    """The live processes (not zombies) of session ``sid``: ``pid command`` lines."""
    found = []
    for pid_dir in Path("/proc").glob("[0-9]*"):
        fields = _stat_fields(pid_dir)
        if fields is None or fields[0] in ("Z", "X") or int(fields[3]) != sid:
            continue
        try:
            command = (pid_dir / "cmdline").read_bytes().replace(b"\0", b" ")[:120]
        except OSError:
            continue
        found.append(f"{pid_dir.name} {command.decode(errors='replace')}")
    return found


def _assert_all_gone(sid: int, context: str) -> None:
    deadline = time.monotonic() + GRACE_SECONDS
    while (left := _session(sid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"{context}: still running {GRACE_SECONDS} s after the kill: {left}"


def _assert_sound_then_resume(root: Path, photos: Path, context: str) -> None:
    with Archive.open(root) as archive:  # the catalog opens, for writing
        report = check_archive(archive)
        assert report.ok, f"{context}: {report.problems}"
        for digest, fmt in archive.db.query("SELECT hash, format FROM items"):
            assert archive.paths.original(digest, EXTENSIONS[fmt]).exists(), context
    checked = subprocess.run([*CARNET, "check", str(root)], capture_output=True, text=True)
    assert checked.returncode == 0, f"{context}: {checked.stdout}{checked.stderr}"
    assert "problem:" not in checked.stdout and "Traceback" not in checked.stderr, context

    done = subprocess.run(
        [*CARNET, "import", str(root), str(photos)], capture_output=True, text=True
    )
    assert done.returncode == 0, f"{context}: {done.stderr}"
    with Archive.open(root, readonly=True) as archive:
        assert archive.db.scalar("SELECT count(*) FROM items") == PHOTOS, context
        assert archive.db.scalar("SELECT count(DISTINCT hash) FROM items") == PHOTOS, context
        report = check_archive(archive)
        assert report.ok, f"{context}: {report.problems}"
        # Every original the killed import had stored is now an item's.
        assert not [n for n in report.notes if "originals/" in n], f"{context}: {report.notes}"
    final = subprocess.run([*CARNET, "check", str(root)], capture_output=True, text=True)
    assert final.returncode == 0, f"{context}: {final.stdout}"


@pytest.mark.parametrize("moment", range(KILLS))
@pytest.mark.parametrize("victim", ["process group", "main process"])
def test_sigkill_at_a_random_moment_then_check_and_resume(
    photos: Path, tmp_path: Path, victim: str, moment: int
) -> None:
    seed = _seed(moment * 2 + (victim == "main process"))
    # From before the archive is opened to the index update after the last file.
    delay = random.Random(seed).uniform(0.05, 3.0)
    context = f"CARNET_KILL_SEED={seed}: {victim} killed after {delay:.2f} s"
    root = tmp_path / "k.carnet"
    _init(root)
    proc = _start_import(root, photos)
    time.sleep(delay)
    if victim == "main process":
        os.kill(proc.pid, signal.SIGKILL)  # its workers and helpers must end by themselves
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    _assert_all_gone(proc.pid, context)
    _assert_sound_then_resume(root, photos, context)


def test_killing_the_main_process_while_workers_decode_leaves_none_running(
    photos: Path, tmp_path: Path
) -> None:
    """The workers are busy (the moment is chosen once they exist) when their parent dies:
    they, the fork server and the resource tracker are all gone within a few seconds."""
    seed = _seed(101)
    root = tmp_path / "w.carnet"
    _init(root)
    proc = _start_import(root, photos)
    for _ in range(400):
        if len(_session(proc.pid)) >= 4:  # the importer, a fork server, two workers
            break
        time.sleep(0.02)
    else:
        raise AssertionError(f"no worker appeared: {_session(proc.pid)}")
    time.sleep(random.Random(seed).uniform(0.0, 0.8))
    during = _session(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _assert_all_gone(proc.pid, f"CARNET_KILL_SEED={seed} (running then: {during})")
    _assert_sound_then_resume(root, photos, f"CARNET_KILL_SEED={seed}")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid_dir in Path("/proc").glob("[0-9]*"):
        fields = _stat_fields(pid_dir)
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(int(pid_dir.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def test_a_worker_that_dies_does_not_stop_the_batch(photos: Path, tmp_path: Path) -> None:
    root = tmp_path / "w.carnet"
    _init(root)
    proc = subprocess.Popen(
        [*CARNET, "import", str(root), str(photos), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # The workers are the grandchildren (children of the fork server): kill one mid-batch.
    # A worker seen may end before the signal reaches it (a fast batch): take another.
    killed = False
    deadline = time.monotonic() + 60
    time.sleep(0.2)
    while not killed and proc.poll() is None and time.monotonic() < deadline:
        for victim in [p for p in _descendants(proc.pid) if p not in _children(proc.pid)]:
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                continue
            killed = True
            break
        else:
            time.sleep(0.02)
    assert killed, "the import ended before one of its workers could be killed"
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in err
    with Archive.open(root, readonly=True) as archive:
        count = archive.db.scalar("SELECT count(*) FROM items")
        report = check_archive(archive)
    # Every file is imported: the killed worker's files were run again on their own.
    assert proc.returncode == 0, err
    assert count == PHOTOS
    assert f"{PHOTOS} imported" in out
    # What the killed worker was copying is not left behind either.
    assert report.ok and report.notes == [], (report.problems, report.notes)


def _children(pid: int) -> list[int]:
    return [
        int(d.name)
        for d in Path("/proc").glob("[0-9]*")
        if (fields := _stat_fields(d)) is not None and int(fields[1]) == pid
    ]
