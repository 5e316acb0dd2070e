"""``carnet check`` on a real-sized archive: how long, and what each part costs.

Usage::

    python bench/bench_check.py [-n N] [--workdir DIR] [--repeat R] [--baseline CHECKOUT]

It imports N phone-like photos (those of ``bench_import.py``: 4032×3024 JPEG, 2 to 4 MB)
into an archive once (kept in the work directory between runs), then times, R times each
with the files in the page cache, and prints the medians of:

* ``carnet check ARCHIVE`` as a subprocess, the whole command, and ``check_archive()``
  alone timed inside its process (the command's start loads every command's modules,
  which has nothing to do with the check), wall clock and processor time (alternating with
  the baseline's runs, below, so that a machine busy with something else slows both alike);
* in this process, the parts of a check: reading and hashing every original (fixity),
  and looking at every preview and thumbnail (``derived_damage``: header, size, a full
  decode of thumbnails, the end marker of previews); and, for comparison, what a full
  decode of every preview would add.

With ``--baseline CHECKOUT`` (a checkout or export of another Carnet version, whose
``app/`` is put first on ``PYTHONPATH``) the same command is timed with that version too,
and the ratio this/baseline is printed: what the checks of derived files cost.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "app"))

from PIL import Image  # noqa: E402

from bench_import import ensure_photos  # noqa: E402
from carnet.catalog.archive import Archive  # noqa: E402
from carnet.catalog.check import derived_damage  # noqa: E402
from carnet.media.derive import PREVIEW_EDGE, THUMBNAIL_EDGE  # noqa: E402
from carnet.media.formats import EXTENSIONS  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="number of items (default 1000)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "carnet-bench-check",
        help="where photos and the archive are kept (default: a folder in the temp dir)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument(
        "--baseline", type=Path, help="another Carnet checkout to time `carnet check` with"
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("-n and --repeat must be at least 1")

    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    archive = ensure_archive(workdir, args.n)
    with Archive.open(archive, readonly=True) as opened:
        rows = opened.db.query("SELECT hash, format FROM items")
        originals = [opened.paths.original(h, EXTENSIONS[f]) for h, f in rows]
        previews = [opened.paths.preview(h) for h, _ in rows]
        thumbnails = [opened.paths.thumbnail(h) for h, _ in rows]
    size = sum(p.stat().st_size for p in originals) / 1e6
    print(f"archive: {len(rows)} items, {size:.0f} MB of originals, in {archive}")
    for path in (*originals, *previews, *thumbnails):  # the page cache, for every run
        path.read_bytes()

    # Runs alternate between the two versions, so a busy machine slows both alike; the
    # processor time of the command (user + system) is what the machine's load affects least.
    versions: list[Path | None] = [None] if args.baseline is None else [None, args.baseline]
    runs: dict[Path | None, list[tuple[float, float, float, float]]] = {v: [] for v in versions}
    for _ in range(args.repeat):
        for checkout in versions:
            runs[checkout].append(run_check(archive, checkout))
    for checkout in versions:
        wall, cpu, check_wall, check_cpu = (
            statistics.median(r[i] for r in runs[checkout]) for i in range(4)
        )
        name = "this version" if checkout is None else str(checkout)
        print(f"{name}:")
        print(
            f"  carnet check, the command: {wall:6.2f} s, {len(rows) / wall:5.0f} items/s; "
            f"processor time {cpu:6.2f} s"
        )
        print(
            f"  check_archive() alone:     {check_wall:6.2f} s, "
            f"{len(rows) / check_wall:5.0f} items/s; processor time {check_cpu:6.2f} s"
        )

    fixity = median_seconds(args.repeat, lambda: [sha256(p) for p in originals])
    derived = median_seconds(
        args.repeat,
        lambda: [
            (
                derived_damage(p, None, edge=PREVIEW_EDGE, decode=False),
                derived_damage(t, None, edge=THUMBNAIL_EDGE, decode=True),
            )
            for p, t in zip(previews, thumbnails, strict=True)
        ],
    )
    full = median_seconds(args.repeat, lambda: [decode(p) for p in previews])
    per = 1000 / len(rows)
    print(f"  fixity of the originals:        {fixity:7.2f} s  ({fixity * per:.1f} ms/item)")
    print(f"  previews and thumbnails looked at: {derived:5.2f} s  ({derived * per:.1f} ms/item)")
    print(f"  (a full decode of every preview: {full:5.2f} s more, not done)")
    if args.baseline is not None:
        kinds = (
            "command, time",
            "command, processor time",
            "check_archive(), time",
            "check_archive(), processor time",
        )
        for i, kind in enumerate(kinds):
            this = statistics.median(r[i] for r in runs[None])
            baseline = statistics.median(r[i] for r in runs[args.baseline])
            print(f"ratio this/baseline, {kind}: {this / baseline:.2f}")
    print(f"(medians of {args.repeat} runs, files in the page cache; work directory {workdir})")
    return 0


def ensure_archive(workdir: Path, count: int) -> Path:
    """An archive of ``count`` imported photos, imported once and kept."""
    archive = workdir / f"check-{count}.carnet"
    done = workdir / f"check-{count}.complete"
    if done.exists():
        return archive
    photos = ensure_photos(workdir, count)
    if archive.exists():
        subprocess.run(["rm", "-rf", str(archive)], check=True)
    started = time.perf_counter()
    print(f"importing {count} photos into {archive} (once) …", flush=True)
    carnet = [sys.executable, "-m", "carnet"]
    subprocess.run([*carnet, "init", str(archive)], check=True, env=_env(None))
    subprocess.run([*carnet, "import", str(archive), str(photos)], check=True, env=_env(None))
    done.write_text("")
    print(f"  imported in {time.perf_counter() - started:.0f} s", flush=True)
    return archive


def _env(checkout: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    app = (checkout or HERE.parent) / "app"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app), env.get("PYTHONPATH")]))
    return env


# ``check_archive`` alone, timed inside its process: without the command line's start
# (which loads every command's modules), so that versions compare on the check itself.
_CHECK_ONLY = """
import sys, time
from pathlib import Path
from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
with Archive.open(Path(sys.argv[1]), readonly=True) as archive:
    wall, cpu = time.perf_counter(), time.process_time()
    report = check_archive(archive)
    print(time.perf_counter() - wall, time.process_time() - cpu, report.ok)
"""


def run_check(archive: Path, checkout: Path | None) -> tuple[float, float, float, float]:
    """Seconds of ``carnet check`` (wall clock, processor: user + system), then of
    ``check_archive`` alone (the same two)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "carnet", "check", str(archive)],
        capture_output=True,
        text=True,
        env=_env(checkout),
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"carnet check failed:\n{done.stdout}{done.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    alone = subprocess.run(
        [sys.executable, "-c", _CHECK_ONLY, str(archive)],
        capture_output=True,
        text=True,
        env=_env(checkout),
        check=True,
    )
    check_wall, check_cpu, ok = alone.stdout.split()
    if ok != "True":
        raise SystemExit(f"check_archive found problems:\n{alone.stdout}{alone.stderr}")
    return wall, cpu, float(check_wall), float(check_cpu)


def median_seconds(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def decode(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        image.load()
        return image.size


if __name__ == "__main__":
    raise SystemExit(main())
