"""Benchmark of ``carnet export`` against ``sigal build`` of the same photos.

Makes N phone-like photos (default 100, 3000×2250 JPEG), imports them into a fresh archive
(not timed), then times, in the same run:

* the full kit export (first export into an empty folder);
* the incremental re-export after one caption change;
* ``sigal build`` of the same photos with comparable sizes (2048 px images, 384 px
  thumbnails), sigal being the nearest established static gallery generator;

and prints both and the ratio. What the kit's search loads and how fast it answers is
measured in a browser by ``bench/bench_kit_search.py``.

Targets (issue 5): export ≤ 0.25 × sigal, incremental < 2 s.

With ``--tiles`` it measures deep zoom instead (issue 14), over N photos (default 40) of a
phone's size, 4032×3024 JPEG:

* the time to make every tile of every photo, Carnet's way (``media/tiles.py``: decode,
  correct, ``dzsave`` into IIIF level-0 tiles, the full-resolution JPEG) against libvips'
  own ``dzsave`` called directly through pyvips on the same files (target ≤ 1.3×);
* a first export that makes them (with ``--base-url``, so the IIIF files are written too),
  and the re-export after one caption change (target < 2 s);
* the kit's size against the originals' (reported).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_export.py [N]
    .venv/bin/python bench/bench_export.py --tiles [N]
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import list_items, update_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit import ExportOptions, export_kit

SLUG = "bench"


def make_photos(folder: Path, count: int, size: tuple[int, int] = (3000, 2250)) -> list[Path]:
    """Phone-like photos of drawings: big, busy enough that JPEG has real work to do."""
    folder.mkdir(parents=True)
    rng = random.Random(7)
    width, height = size
    base = Image.effect_noise(size, 40).convert("RGB")
    files = []
    for n in range(count):
        image = base.copy()
        draw = ImageDraw.Draw(image)
        for _ in range(60):
            x, y = rng.randrange(width), rng.randrange(height)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + rng.randrange(50, 400), y + rng.randrange(50, 400)), colour)
        image = image.filter(ImageFilter.SMOOTH)
        path = folder / f"IMG_{n:04d}.jpg"
        image.save(path, "JPEG", quality=88)
        files.append(path)
    return files


def run_sigal(photos: Path, out: Path) -> float:
    sigal = Path(sys.executable).with_name("sigal")
    if not sigal.exists():
        raise SystemExit("sigal is not installed: .venv/bin/pip install -e '.[bench]'")
    conf = out.parent / "sigal.conf.py"
    conf.write_text(
        f"source = {str(photos)!r}\ndestination = {str(out)!r}\n"
        "img_size = (2048, 2048)\nthumb_size = (384, 384)\nkeep_orig = False\n"
        "use_orig = False\nwrite_html = True\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    subprocess.run([str(sigal), "build", "-c", str(conf), "--quiet"], check=True)
    return time.perf_counter() - started


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_tiles(count: int) -> int:
    """Deep zoom: tiles against dzsave, first export, re-export, the kit's size."""
    import pyvips

    from carnet.media.tiles import TILE, TILE_QUALITY, make_tiles

    with tempfile.TemporaryDirectory(prefix="carnet-bench-tiles-") as tmp:
        root = Path(tmp)
        print(f"making {count} phone photos (4032×3024 JPEG)…", flush=True)
        photos = make_photos(root / "photos", count, (4032, 3024))
        originals = sum(p.stat().st_size for p in photos)

        def direct(src: Path, out: Path) -> None:
            image = pyvips.Image.new_from_file(str(src), access="sequential")
            image.dzsave(
                str(out),
                layout="iiif3",
                tile_size=TILE,
                overlap=0,
                suffix=f".jpg[Q={TILE_QUALITY},keep=none]",
                keep="none",
            )

        def ours(src: Path, out: Path) -> None:
            make_tiles(src, "jpeg", 1, 0, out)

        def ours_turned(src: Path, out: Path) -> None:
            make_tiles(src, "jpeg", 1, 90, out)  # decoded, turned and encoded again

        runs = (("dzsave", direct), ("carnet", ours), ("turned", ours_turned))
        timings = dict.fromkeys((name for name, _ in runs), 0.0)
        for name, run in runs:
            (root / name).mkdir()
            run(photos[0], root / name / "warm-up")  # libvips' start, the page cache
            shutil.rmtree(root / name / "warm-up")
        for n, src in enumerate(photos):  # interleaved: the same machine state for each
            for name, run in runs:
                started = time.perf_counter()
                run(src, root / name / str(n))
                timings[name] += time.perf_counter() - started
        dz_bytes, our_bytes = folder_bytes(root / "dzsave"), folder_bytes(root / "carnet")
        for name in ("dzsave", "carnet", "turned"):
            shutil.rmtree(root / name)

        path = root / "Bench.carnet"
        with Archive.create(path) as archive:
            add_event(archive.db, slug=SLUG, name="Bench", timezone="UTC", language="fr")
            import_paths(archive, photos, ImportOptions(event=SLUG, illustrator="Bench"))
            ids = [it.id for it in list_items(archive.db)]
            update_items(archive.db, ids, published=True, caption="Une société qui dessine.")
        options = ExportOptions(base_url="https://archives.example.org/bench")
        out = root / "kit"
        with Archive.open(path, readonly=True) as archive:
            started = time.perf_counter()
            summary = export_kit(archive, SLUG, out, options)
            full = time.perf_counter() - started
            started = time.perf_counter()
            export_kit(archive, SLUG, root / "kit2", options)  # tiles already in the archive
            second = time.perf_counter() - started
        with Archive.open(path) as archive:
            update_items(archive.db, [ids[len(ids) // 2]], caption="Une légende corrigée.")
        with Archive.open(path, readonly=True) as archive:
            started = time.perf_counter()
            again = export_kit(archive, SLUG, out, options)
            incremental = time.perf_counter() - started
        kit_bytes = folder_bytes(out)
        tiles_bytes = folder_bytes(out / "data" / "tiles")
        downloads_bytes = folder_bytes(out / "data" / "downloads")

    mb = 1e6
    print(f"dzsave direct (pyvips) {timings['dzsave']:8.2f} s  {dz_bytes / mb:.1f} MB")
    print(
        f"carnet tiles           {timings['carnet']:8.2f} s  {our_bytes / mb:.1f} MB with downloads"
    )
    print(f"ratio carnet / dzsave  {timings['carnet'] / timings['dzsave']:8.3f}   (target ≤ 1.3)")
    print(f"carnet tiles, turned   {timings['turned']:8.2f} s  (turned 90°: decode, turn, encode)")
    print(f"first export           {full:8.2f} s  {summary.files} files (tiles made)")
    print(f"export, tiles kept     {second:8.2f} s  (a new kit from the archive's tiles)")
    print(
        f"incremental re-export  {incremental:8.2f} s  {again.written} files rewritten"
        "   (target < 2 s)"
    )
    print(
        f"kit size               {kit_bytes / mb:8.1f} MB = {kit_bytes / originals:.2f} × the"
        f" originals ({originals / mb:.1f} MB); tiles {tiles_bytes / mb:.1f} MB,"
        f" downloads {downloads_bytes / mb:.1f} MB"
    )
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--tiles"]:
        return bench_tiles(int(sys.argv[2]) if len(sys.argv) > 2 else 40)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory(prefix="carnet-bench-export-") as tmp:
        root = Path(tmp)
        print(f"making {count} phone-like photos (3000×2250)…", flush=True)
        photos = make_photos(root / "photos", count)
        path = root / "Bench.carnet"
        with Archive.create(path) as archive:
            add_event(archive.db, slug=SLUG, name="Bench", timezone="UTC", language="fr")
            import_paths(archive, photos, ImportOptions(event=SLUG, illustrator="Bench"))
            ids = [it.id for it in list_items(archive.db)]
            update_items(archive.db, ids, published=True, caption="Une société qui dessine.")
        out = root / "kit"
        with Archive.open(path, readonly=True) as archive:
            started = time.perf_counter()
            summary = export_kit(archive, SLUG, out, ExportOptions())
            full = time.perf_counter() - started
        with Archive.open(path) as archive:
            update_items(archive.db, [ids[len(ids) // 2]], caption="Une légende corrigée.")
        with Archive.open(path, readonly=True) as archive:
            started = time.perf_counter()
            again = export_kit(archive, SLUG, out, ExportOptions())
            incremental = time.perf_counter() - started
        sigal_time = run_sigal(root / "photos", root / "sigal")
        sigal_bytes = sum(p.stat().st_size for p in (root / "sigal").rglob("*") if p.is_file())
        shutil.rmtree(root / "sigal")
    size = f"{summary.files} files, {summary.bytes / 1e6:.1f} MB"
    print(f"carnet export (full)   {full:8.2f} s  {size}")
    print(f"sigal build            {sigal_time:8.2f} s  {sigal_bytes / 1e6:.1f} MB")
    print(f"ratio export / sigal   {full / sigal_time:8.3f}   (target ≤ 0.25)")
    print(
        f"incremental re-export  {incremental:8.2f} s  {again.written} files rewritten"
        "   (target < 2 s)"
    )
    print("the kit's search in a browser: bench/bench_kit_search.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
