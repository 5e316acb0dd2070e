"""Merge throughput: ``carnet merge`` of a contribution package against ``carnet import`` of
the same originals into the same archive.

Usage::

    python bench/bench_merge.py [-n N] [--jobs J] [--repeat R] [--size WxH] [--workdir DIR]

It generates 2×N photos (1600×1200 JPEG with EXIF, each with its own content; cached in
the work directory), builds an organiser's archive holding the first N (imported, not
timed) and an illustrator's archive holding the other N with a caption, a tag and a
speaker each, shares that event as a contribution package (timed, reported), then, each
on a fresh copy of the organiser's archive:

* ``carnet import COPY PHOTOS --jobs J`` of the illustrator's N originals;
* ``carnet merge COPY PACKAGE --jobs J``: the same originals, plus every description.

Both are subprocesses of the virtualenv's ``carnet``; their peak memory is polled from
/proc over the whole process tree (``bench_import.TreeSampler``): the largest sum of
resident sizes at one instant and the largest single process. With ``--repeat R`` the pair
runs R times, alternating, and the medians are compared (on a shared machine one run says
little). Each copy shares the organiser's originals and derived files by hard links (both
commands only add files) and is removed once measured, so the disk holds one at a time.
``--size`` makes smaller photos, to see the parts that do not depend on decoding. The goal:
the merge takes no more than 1.2 times the import, and its tree stays under 300 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import TreeSampler

SIZE = (1600, 1200)
BASES = 8


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5000, help="items on each side (5000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs (medians)")
    parser.add_argument("--size", default="1600x1200", help="photo size, WxH (1600x1200)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/carnet-bench-merge"))
    args = parser.parse_args(argv)
    global SIZE
    width, _, height = args.size.partition("x")
    SIZE = (int(width), int(height))
    work: Path = args.workdir
    if SIZE != (1600, 1200):
        work = work / args.size
    work.mkdir(parents=True, exist_ok=True)
    carnet = Path(sys.executable).with_name("carnet")
    mine = photos(work / f"mine-{args.n}", args.n, 0)
    theirs = photos(work / f"theirs-{args.n}", args.n, args.n)

    organiser = work / f"organiser-{args.n}.carnet"
    if not organiser.exists():
        run(carnet, "init", organiser)
        run(carnet, "import", organiser, mine, "--jobs", args.jobs)
    illustrator = work / f"illustrator-{args.n}.carnet"
    if not illustrator.exists():
        run(carnet, "init", illustrator)
        run(carnet, "event", "add", illustrator, "--slug", "forum", "--name", "Forum",
            "--timezone", "Europe/Paris")  # fmt: skip
        run(carnet, "import", illustrator, theirs, "--event", "forum", "--jobs", args.jobs)
        describe(illustrator)
    package = work / "package"
    shutil.rmtree(package, ignore_errors=True)
    started = time.perf_counter()
    run(carnet, "share", illustrator, package, "--event", "forum", "--illustrator", "Inès")
    shared = time.perf_counter() - started

    runs: dict[str, list[tuple[float, int, int]]] = {"import": [], "merge": []}
    for _ in range(args.repeat):
        for name, command in (
            ("import", ["import", "{copy}", theirs, "--jobs", args.jobs]),
            ("merge", ["merge", "{copy}", package, "--jobs", args.jobs]),
        ):
            copy = work / f"copy-{name}.carnet"
            shutil.rmtree(copy, ignore_errors=True)
            linked_copy(organiser, copy)
            argv_ = [str(carnet), *(str(copy) if a == "{copy}" else str(a) for a in command)]
            started = time.perf_counter()
            process = subprocess.Popen(argv_, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            sampler = TreeSampler(process.pid)
            sampler.start()
            out, _ = process.communicate()
            seconds = time.perf_counter() - started
            sampler.stop()
            shutil.rmtree(copy, ignore_errors=True)
            if process.returncode:
                print(out.decode(errors="replace"))
                return 1
            runs[name].append((seconds, sampler.peak_tree, max(sampler.peaks.values(), default=0)))
            print(
                f"{name:6}: {seconds:7.1f} s  "
                + out.decode(errors="replace").strip().splitlines()[-1]
            )
    results = {
        name: (
            statistics.median(r[0] for r in rows),
            max(r[1] for r in rows),
            max(r[2] for r in rows),
        )
        for name, rows in runs.items()
    }
    mb = 1024 * 1024
    print(f"\n{args.n} items on each side, {SIZE[0]}×{SIZE[1]} JPEG, --jobs {args.jobs}")
    print(f"median of {args.repeat} run(s) each, peaks the largest; load: {os.getloadavg()}")
    print(f"share (package with originals): {shared:.1f} s")
    for name, (seconds, tree, largest) in results.items():
        print(
            f"{name:6}: {seconds:7.1f} s  {args.n / seconds:6.1f} items/s"
            f"  peak tree {tree / mb:5.0f} MB  largest process {largest / mb:5.0f} MB"
        )
    ratio = results["merge"][0] / results["import"][0]
    print(f"merge / import: {ratio:.2f} (goal ≤ 1.2); merge peak tree under 300 MB: "
          f"{results['merge'][1] < 300 * mb}")  # fmt: skip
    return 0


def linked_copy(archive: Path, copy: Path) -> None:
    """A copy of ``archive`` whose catalog is its own and whose other files are hard
    links: import and merge only add files, and write derived files by renaming."""

    shared = {archive / name for name in ("originals", "previews", "thumbnails")}

    def link_or_copy(src: str, dst: str) -> object:
        if Path(src).parent.parent not in shared:  # the catalog, the lock: copied
            return shutil.copy2(src, dst)
        try:
            os.link(src, dst)
        except OSError:
            return shutil.copy2(src, dst)
        return dst

    shutil.copytree(archive, copy, copy_function=link_or_copy)


def run(carnet: Path, *args: object) -> None:
    subprocess.run([str(carnet), *map(str, args)], check=True, capture_output=True)


def describe(root: Path) -> None:
    """A caption, a tag and a speaker on every item of the illustrator's archive."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
    from carnet.catalog.archive import Archive
    from carnet.catalog.items import add_people, add_tags, list_items, update_items

    with Archive.open(root) as archive:
        items = list_items(archive.db)
        with archive.db.transaction() as conn:
            for item in items:
                update_items(archive.db, [item.id], caption=f"Board {item.id}: les communs")
            add_tags(conn, [i.id for i in items], ["theme/communs"])
            add_people(conn, [i.id for i in items[::2]], ["Elinor Ostrom"], "speaker")


def photos(folder: Path, count: int, first: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.jpg"))) == count:
        return folder
    bases = [base(k) for k in range(BASES)]
    for n in range(count):
        path = folder / f"IMG_{first + n:05d}.jpg"
        if not path.exists():
            path.write_bytes(with_exif(bases[n % BASES], first + n))
    return folder


def base(k: int) -> bytes:
    rng = random.Random(k)
    small = Image.frombytes(
        "RGB", (SIZE[0] // 8, SIZE[1] // 8), rng.randbytes(SIZE[0] * SIZE[1] * 3 // 64)
    )
    image = small.resize(SIZE, Image.Resampling.BICUBIC)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def with_exif(jpeg: bytes, index: int) -> bytes:
    taken = datetime(2016, 9, 29, 9, 0) + timedelta(seconds=37 * index)
    stamp = f"{taken:%Y:%m:%d %H:%M:%S}"
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[0x0132] = stamp
    details = exif.get_ifd(0x8769)
    details[0x9003] = stamp
    details[0xA420] = f"{index:032x}"
    payload = exif.tobytes()
    segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    return jpeg[:2] + segment + jpeg[2:]


if __name__ == "__main__":
    sys.exit(main())
