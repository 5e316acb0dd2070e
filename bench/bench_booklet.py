"""Booklet speed and memory: ``carnet booklet`` of 60 and of 1,000 drawings of 1,600×1,200.

Usage::

    python bench/bench_booklet.py [--sizes 60 1000] [--workdir DIR] [--large-print]

For each size it builds (once, cached in the work directory) an archive of that many
published drawings spread over sessions of one event (graphic-recording boards drawn by
``carnet.demo.drawing``, each with its own number lettered on it so every file has its own
hash), then makes the booklet in a child process and prints the wall time, the pages, the
PDF's size and the child's peak resident memory (``resource.getrusage``'s ``ru_maxrss``,
read by the child itself at its end, so each size is measured alone).

Target (issue 16): under 400 MB for 1,000 drawings. The drawings are streamed — decoded
one at a time, kept as JPEG files in a scratch folder and copied into the PDF at the end —
so memory should not grow with the number of drawings.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

SLUG = "bench"
SIZE = (1600, 1200)
PER_SESSION = 25
GENERATOR_VERSION = 1


def build_archive(root: Path, count: int) -> Path:
    """An archive of ``count`` published drawings over sessions of 25 (cached)."""
    from PIL import ImageDraw

    from carnet.catalog.archive import Archive
    from carnet.catalog.events import add_event
    from carnet.catalog.items import list_items, set_session, update_items
    from carnet.demo.drawing import draw_board
    from carnet.importing.pipeline import ImportOptions, import_paths
    from carnet.programme.readers import read_programme
    from carnet.programme.store import import_programme

    path = root / f"bench-{count}-v{GENERATOR_VERSION}.carnet"
    if (path / "catalog.sqlite").is_file():
        return path
    photos = root / f"photos-{count}"
    photos.mkdir(parents=True, exist_ok=True)
    bases = [
        draw_board(f"Session {n}", size=SIZE, seed=n, palette_index=n, quote="Bonjour !")
        for n in range(12)
    ]
    files = []
    for n in range(count):
        image = bases[n % len(bases)].copy()
        ImageDraw.Draw(image).text((40, SIZE[1] - 60), f"n° {n}", fill=(20, 20, 20))
        file = photos / f"board-{n:04d}.jpg"
        if not file.exists():
            image.save(file, "JPEG", quality=90)
        files.append(file)
    sessions = (count + PER_SESSION - 1) // PER_SESSION
    lines = ["titre;date;début;fin;salle;intervenants"]
    for s in range(sessions):
        day, slot = divmod(s, 8)
        lines.append(
            f"Session {s + 1} : un titre de séance assez long pour deux lignes ?;"
            f"{date(2016, 9, 29) + timedelta(days=day):%d/%m/%Y};{8 + slot}:00;{8 + slot}:50;"
            f"Salle {s % 4};"
            f"Intervenante {s}, Intervenant {s + 1}"
        )
    csv = root / f"programme-{count}.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Archive.create(path) as archive:
        db = archive.db
        event = add_event(db, slug=SLUG, name="Forum de mesure", timezone="Europe/Paris",
                          language="fr", place="Rivelonne", start_date=date(2016, 9, 29),
                          licence="CC-BY-SA-4.0")  # fmt: skip
        import_programme(db, event, read_programme(csv, event.timezone))
        import_paths(archive, files, ImportOptions(event=SLUG, illustrator="Inès B.", jobs=2))
        ids = [it.id for it in list_items(db, event_id=event.id)]
        session_ids = [int(r[0]) for r in db.query("SELECT id FROM sessions ORDER BY start")]
        for n, sid in enumerate(session_ids):
            chunk = ids[n * PER_SESSION : (n + 1) * PER_SESSION]
            if chunk:
                set_session(db, chunk, sid)
        for n, item in enumerate(ids):
            update_items(db, [item], title=f"Dessin n° {n} : l'été des communs !",
                         caption="Une légende de deux lignes, avec « guillemets » et des "
                         "accents : société, œuvre, cœur ; vraiment ?")  # fmt: skip
        update_items(db, ids, published=True)
    return path


def child(archive: Path, out: Path, large_print: bool) -> None:
    """Make one booklet and print what it cost, as JSON (run in a process of its own)."""
    import resource

    from carnet.booklet import BookletOptions, make_booklet
    from carnet.catalog.archive import Archive

    started = time.perf_counter()
    with Archive.open(archive, readonly=True) as opened:
        summary = make_booklet(opened, SLUG, out, BookletOptions(large_print=large_print))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "pages": summary.pages,
                      "drawings": summary.drawings, "bytes": summary.bytes}))  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 1000])
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "carnet-bench-booklet"
    )
    parser.add_argument("--large-print", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("ARCHIVE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.large_print)
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"{'drawings':>8} {'pages':>6} {'seconds':>8} {'per drawing':>12} "
          f"{'PDF MB':>7} {'peak MB':>8}")  # fmt: skip
    for count in args.sizes:
        archive = build_archive(args.workdir, count)
        out = args.workdir / f"booklet-{count}.pdf"
        command = [sys.executable, __file__, "--child", str(archive), str(out)]
        if args.large_print:
            command.append("--large-print")
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{result['drawings']:>8} {result['pages']:>6} {result['seconds']:>8.1f} "
            f"{result['seconds'] / result['drawings'] * 1000:>9.0f} ms "
            f"{result['bytes'] / 1e6:>7.1f} {result['peak_mb']:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
