"""Import throughput: ``carnet import`` against what one process can do at best.

Usage::

    python bench/bench_import.py [-n N] [--jobs J] [--workdir DIR] [--repeat R]

It generates N phone-like photos (4032×3024 JPEG with EXIF, 2 to 4 MB each; cached in the
work directory between runs), then measures, R times each, and prints the medians of:

* the **floor**: this one process decodes each photo with Pillow (JPEG draft mode toward
  the preview size, as the importer does), saves a 2048-px preview and a 384-px thumbnail
  made from the preview. This is the unavoidable image work, done serially with nothing
  else (no hashing, no copy, no catalog, no fsync).
* the **import**: ``carnet init`` a fresh archive, then ``carnet import ARCHIVE DIR
  --jobs J`` of the same photos, run as a subprocess with the virtualenv's ``carnet``.

* **sigal** (when the ``bench`` extra is installed: ``pip install -e '.[bench]'``): a
  static gallery generator with a plain Pillow pipeline, ``sigal build --ncpu J`` of the same
  photos into 2048-px images and 384-px thumbnails (no HTML theme work to speak of).

The ratio import/floor says what the parallel pipeline buys: on two cores it should be at
least 1.5 (the import does more work per photo than the floor, but on J processes). The
ratio of the import's time to sigal's says what the image engine (libvips's shrink-on-load
for JPEG) buys against a well-made Pillow pipeline: the goal is 0.4 or less, i.e. at least
2.5 times faster than sigal, with the catalog, hashing and crash safety sigal has not.

Peak memory of the import is measured by polling ``/proc`` every 20 ms while it runs, over
its whole process tree (the CLI, the worker processes and any helper such as a fork
server), and reported three ways:

* *peak tree RSS*: the largest sum of the processes' resident sizes seen at one instant,
  i.e. what the machine had to hold at once (sampled: a spike shorter than 20 ms can be
  missed);
* *sum of per-process peaks*: each process's own high-water mark (``VmHWM``) added up, an
  upper bound that does not depend on the sampling (shared pages count once per process);
* *largest process*: the biggest single ``VmHWM``.

``getrusage(RUSAGE_CHILDREN)`` is not used: its ``ru_maxrss`` is the largest single
descendant, not a sum, and it only covers processes their parent waited for, which workers
started through a fork server are not, seen from here.

The photos are made from a few base images (a graphic-recording board drawn by
``carnet.demo.drawing``, enlarged, with sensor-like noise so they compress like real
photos); each file has its own EXIF (capture time, unique image id), so every file has its
own content hash and nothing is skipped as a duplicate.
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
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageChops

PHOTO_SIZE = (4032, 3024)
PREVIEW_EDGE = 2048
THUMBNAIL_EDGE = 384
JPEG_QUALITY = 85  # the importer's preview quality
PHOTO_QUALITY = 90
BASES = 8
GENERATOR_VERSION = 1  # bump when the photos change, so cached ones are not reused
POLL_SECONDS = 0.02


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="number of photos (default 200)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="carnet import --jobs"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "carnet-bench-import",
        help="where photos are cached and archives made (default: a folder in the temp dir)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1 or args.jobs < 1:
        parser.error("-n, --jobs and --repeat must be at least 1")

    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    photos = ensure_photos(workdir, args.n)
    files = sorted(photos.iterdir())
    sizes = [p.stat().st_size for p in files]
    print(
        f"photos: {len(files)} × {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]} JPEG, "
        f"{statistics.mean(sizes) / 1e6:.1f} MB on average, in {photos} "
        f"(ready in {time.perf_counter() - started:.1f} s)"
    )
    for path in files:  # same starting point for both: the photos in the page cache
        path.read_bytes()

    floor_rates = []
    for _ in range(args.repeat):
        seconds = measure_floor(files, workdir / "floor")
        floor_rates.append(len(files) / seconds)
        print(f"  floor run: {seconds:.2f} s, {floor_rates[-1]:.2f} images/s", flush=True)
    floor = statistics.median(floor_rates)

    carnet = Path(sys.executable).parent / "carnet"
    if not carnet.exists():
        print(f"floor (1 process): {floor:.2f} images/s (median of {args.repeat})")
        print(f"no carnet command at {carnet}: import not measured")
        return 0

    runs: list[ImportRun] = []
    for k in range(args.repeat):
        run = measure_import(carnet, photos, workdir / f"bench-{k}.carnet", args.jobs)
        if run.returncode != 0:
            print(f"carnet import failed (exit {run.returncode}):\n{run.output}", file=sys.stderr)
            return 1
        runs.append(run)
        print(
            f"  import run: {run.seconds:.2f} s, {len(files) / run.seconds:.2f} images/s, "
            f"peak tree RSS {run.peak_tree / 2**20:.0f} MiB",
            flush=True,
        )
        shutil.rmtree(workdir / f"bench-{k}.carnet", ignore_errors=True)
    rate = statistics.median(len(files) / run.seconds for run in runs)
    ratio = rate / floor
    sigal_seconds = []
    if shutil.which("sigal", path=str(carnet.parent)) or _has_sigal():
        for _ in range(args.repeat):
            seconds = measure_sigal(carnet.parent, photos, workdir / "sigal", args.jobs)
            sigal_seconds.append(seconds)
            print(f"  sigal run: {seconds:.2f} s, {len(files) / seconds:.2f} images/s", flush=True)

    print()
    print(f"floor (1 process: decode, preview, thumbnail): {floor:6.2f} images/s")
    print(f"carnet import --jobs {args.jobs}:{'':<23}{rate:6.2f} images/s")
    verdict = "ok" if ratio >= 1.5 else "below target"
    print(f"ratio import/floor: {ratio:.2f} (target ≥ 1.5 on 2 cores: {verdict}; {cores()} here)")
    mib = 2**20
    print(
        "peak memory of the import (medians): "
        f"peak tree RSS {statistics.median(r.peak_tree for r in runs) / mib:.0f} MiB; "
        f"sum of per-process peaks {statistics.median(r.sum_of_peaks for r in runs) / mib:.0f} MiB"
        f" over {max(r.processes for r in runs)} processes; "
        f"largest process {statistics.median(r.largest for r in runs) / mib:.0f} MiB"
    )
    if sigal_seconds:
        import_seconds = statistics.median(run.seconds for run in runs)
        sigal = statistics.median(sigal_seconds)
        versus = import_seconds / sigal
        verdict = "ok" if versus <= 0.4 else "below target"
        print(
            f"sigal build --ncpu {args.jobs}:{'':<24}{len(files) / sigal:6.2f} images/s "
            f"({sigal:.2f} s)"
        )
        print(
            f"import time / sigal time: {versus:.2f} ({import_seconds:.2f} s against "
            f"{sigal:.2f} s; {1 / versus:.1f}× faster; target ≤ 0.40: {verdict})"
        )
    else:
        print("sigal is not installed (pip install -e '.[bench]'): not compared")
    print(f"load average when done: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"(medians of {args.repeat} runs; {len(files)} photos; work directory {workdir})")
    return 0


def _has_sigal() -> bool:
    try:
        import sigal  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


SIGAL_SETTINGS = f"""
img_size = ({PREVIEW_EDGE}, {PREVIEW_EDGE})
thumb_size = ({THUMBNAIL_EDGE}, {THUMBNAIL_EDGE})
thumb_fit = False
jpg_options = {{"quality": {JPEG_QUALITY}, "optimize": False, "progressive": False}}
autorotate_images = True
keep_orig = False
copy_exif_data = False
"""


def measure_sigal(bin_dir: Path, photos: Path, out: Path, jobs: int) -> float:
    """Seconds for ``sigal build --ncpu jobs`` of ``photos`` into a fresh ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    settings = out / "sigal.conf.py"
    settings.write_text(SIGAL_SETTINGS)
    sigal = bin_dir / "sigal"
    command = [str(sigal)] if sigal.exists() else [sys.executable, "-m", "sigal"]
    command += ["build", "--quiet", "--ncpu", str(jobs), "-c", str(settings)]
    command += [str(photos), str(out / "site")]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def cores() -> str:
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{count} core{'s' if count != 1 else ''}"


# --- photos --------------------------------------------------------------------------------


def ensure_photos(workdir: Path, count: int) -> Path:
    """A folder holding exactly ``count`` photos, generating the missing ones.

    Photos are generated once into a pool (``photos-v*``) and linked into ``set-N``, so
    runs with different N share files and never regenerate them.
    """
    pool = workdir / f"photos-v{GENERATOR_VERSION}"
    pool.mkdir(exist_ok=True)
    names = [f"IMG_{i + 1:04d}.JPG" for i in range(count)]
    missing = [i for i, name in enumerate(names) if not (pool / name).exists()]
    if missing:
        print(f"generating {len(missing)} photos into {pool} …", flush=True)
        bases = [base_jpeg(k) for k in range(min(BASES, len(missing)))]
        for n, i in enumerate(missing):
            data = with_exif(bases[n % len(bases)], i)
            temporary = pool / f".{names[i]}.part"
            temporary.write_bytes(data)
            temporary.replace(pool / names[i])
    chosen = workdir / f"set-{count}"
    if chosen.exists() and sorted(p.name for p in chosen.iterdir()) == names:
        return chosen
    shutil.rmtree(chosen, ignore_errors=True)
    chosen.mkdir()
    for name in names:
        try:
            os.link(pool / name, chosen / name)
        except OSError:
            shutil.copy2(pool / name, chosen / name)
    return chosen


def base_jpeg(k: int) -> bytes:
    """One base photo: a board, enlarged to phone size, with sensor-like noise."""
    try:
        from carnet.demo.drawing import draw_board
    except ImportError:  # run from a checkout without the package installed
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
        from carnet.demo.drawing import draw_board

    rng = random.Random(f"bench:{k}")
    small = draw_board(
        f"Photo de test {k + 1}",
        size=(PHOTO_SIZE[0] // 4, PHOTO_SIZE[1] // 4),
        seed=1000 + k,
        palette_index=k,
    )
    image = small.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    width, height = PHOTO_SIZE
    raw = Image.frombytes("L", PHOTO_SIZE, rng.randbytes(width * height))
    amplitude = 6
    noise = raw.point([v * (2 * amplitude + 1) // 256 for v in range(256)])
    image = ImageChops.add(image, Image.merge("RGB", (noise, noise, noise)), 1.0, -amplitude)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=PHOTO_QUALITY)
    return out.getvalue()


def with_exif(jpeg: bytes, index: int) -> bytes:
    """``jpeg`` with a phone's EXIF block of its own inserted after the start marker."""
    taken = datetime(2016, 9, 29, 9, 0) + timedelta(seconds=37 * index)
    stamp = f"{taken:%Y:%m:%d %H:%M:%S}"
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[0x0112] = 1
    exif[0x0132] = stamp
    details = exif.get_ifd(0x8769)
    details[0x9003] = stamp
    details[0x9011] = "+02:00"
    details[0xA002], details[0xA003] = PHOTO_SIZE
    details[0xA420] = f"{index:032x}"  # ImageUniqueID
    payload = exif.tobytes()
    segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


# --- the floor -----------------------------------------------------------------------------


def measure_floor(files: Sequence[Path], out: Path) -> float:
    """Seconds for this process to make a preview and a thumbnail of every file."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    for path in files:
        with Image.open(path) as image:
            target = fit_size(image.size, PREVIEW_EDGE)
            image.draft("RGB", target)  # JPEG: decode at 1/2, 1/4… when that still covers it
            image.load()
            preview = image.convert("RGB")
        if preview.size != target:
            preview = preview.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        thumbnail = preview.resize(
            fit_size(preview.size, THUMBNAIL_EDGE), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
        preview.save(out / f"{path.stem}-preview.jpg", "JPEG", quality=JPEG_QUALITY)
        thumbnail.save(out / f"{path.stem}-thumbnail.jpg", "JPEG", quality=JPEG_QUALITY)
    seconds = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def fit_size(size: tuple[int, int], edge: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


# --- the import ----------------------------------------------------------------------------


@dataclass
class ImportRun:
    returncode: int
    seconds: float
    output: str
    peak_tree: int  # bytes
    sum_of_peaks: int  # bytes
    largest: int  # bytes
    processes: int


def measure_import(carnet: Path, photos: Path, archive: Path, jobs: int) -> ImportRun:
    """Init a fresh archive, then time ``carnet import`` of ``photos`` into it."""
    shutil.rmtree(archive, ignore_errors=True)
    subprocess.run([str(carnet), "init", str(archive)], check=True, capture_output=True)
    command = [str(carnet), "import", str(archive), str(photos), "--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sampler = TreeSampler(process.pid)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    return ImportRun(
        process.returncode,
        seconds,
        out.decode("utf-8", "replace"),
        sampler.peak_tree,
        sum(sampler.peaks.values()),
        max(sampler.peaks.values(), default=0),
        len(sampler.peaks),
    )


class TreeSampler:
    """Polls /proc for the resident memory of a process and all its descendants."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_tree = 0
        self.peaks: dict[int, int] = {}  # pid -> VmHWM in bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                rss, hwm = _memory(pid)
                total += rss
                if hwm:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
            self.peak_tree = max(self.peak_tree, total)
            self._stop.wait(POLL_SECONDS)

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            # The command name may hold spaces and parentheses: the ppid follows the last ")".
            ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(parents.get(pid, []))
        return tree


def _memory(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of ``pid`` in bytes; zeros when it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, hwm


if __name__ == "__main__":
    sys.exit(main())
