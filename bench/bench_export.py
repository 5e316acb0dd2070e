"""Benchmark of ``carnet export`` against ``sigal build`` of the same photos.

Makes N phone-like photos (default 100, 3000×2250 JPEG), imports them into a fresh archive
(not timed), then times, in the same run:

* the full kit export (first export into an empty folder);
* the incremental re-export after one caption change;
* ``sigal build`` of the same photos with comparable sizes (2048 px images, 384 px
  thumbnails), sigal being the nearest established static gallery generator;

and prints both and the ratio. It then builds the search data of a synthetic
10,000-item kit and measures how many bytes of search data its first answer loads.

Targets (issue 5): export ≤ 0.25 × sigal, incremental < 2 s, first answer < 1 MB.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_export.py [N]
"""

from __future__ import annotations

import json
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
from carnet.kit.searchdata import CHUNK, SearchEntry, build_search_files, shard_key
from carnet.search.analysis import terms

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


def search_first_answer_bytes(count: int = 10_000) -> tuple[int, int, int]:
    """(total search bytes, bytes the first answer loads, words) of a synthetic kit."""
    rng = random.Random(11)
    syllables = "ba be bi co da de di fa fe ga la le li lo ma me mi na ne no pa pe po ra re ri sa"
    parts = syllables.split()
    vocabulary = sorted(
        {"".join(rng.choice(parts) for _ in range(rng.randint(2, 4))) for _ in range(12_000)}
    )
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    entries = []
    for n in range(count):
        words = rng.choices(vocabulary, weights, k=60)
        if n % 50 == 0:
            words.append("société")
        text = " ".join(words)
        entries.append(
            SearchEntry(
                url=f"items/{n}.html",
                thumb=f"images/t/{n:064x}.jpg",
                thumb_size=(384, 288),
                title=" ".join(words[:5]),
                text=text[:500],
                session="Session " + rng.choice(vocabulary),
                weighted=[(3, " ".join(words[:5])), (1, text)],
            )
        )
    files = build_search_files(entries, "fr")
    total = sum(len(v) for v in files.values())
    index_js = files["search/index.js"]
    index = json.loads(index_js.decode().split(" = ", 1)[1].rstrip(";\n"))
    worst = 0
    for query in ("societe", "ba", "ma", "pa"):
        loaded = len(index_js)
        hits: set[int] = set()
        for word in terms(query):
            for key in shard_key(word, index):
                shard = files[f"search/t-{index['shards'][key]}.js"]
                loaded += len(shard)
                data = json.loads(shard.decode().split(",", 1)[1].rsplit(");", 1)[0])
                for w, (_, deltas) in data.items():
                    if w.startswith(word):
                        value = 0
                        for d in deltas:
                            value += d
                            hits.add(value >> 2)
        first = sorted(hits)[:20]
        for chunk in sorted({i // CHUNK for i in first}):
            loaded += len(files[f"search/d{chunk}.js"])
        worst = max(worst, loaded)
    return total, worst, len(vocabulary)


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
    total, first, words = search_first_answer_bytes()
    print(
        f"10,000-item search data: {total / 1e6:.1f} MB in all ({words} distinct words);"
        f" first answer loads {first / 1e3:.0f} KB   (target < 1 MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
