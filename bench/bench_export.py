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

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_export.py [N]
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


def make_photos(folder: Path, count: int) -> list[Path]:
    """Phone-like photos of drawings: big, busy enough that JPEG has real work to do."""
    folder.mkdir(parents=True)
    rng = random.Random(7)
    base = Image.effect_noise((3000, 2250), 40).convert("RGB")
    files = []
    for n in range(count):
        image = base.copy()
        draw = ImageDraw.Draw(image)
        for _ in range(60):
            x, y = rng.randrange(3000), rng.randrange(2250)
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


def main() -> int:
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
