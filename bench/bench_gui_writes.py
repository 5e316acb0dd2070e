"""The catalog writes the desktop makes on its GUI thread: do they stall the window?

Usage::

    python bench/bench_gui_writes.py [-n 1000 10000] [--repeat R] [--kb K]

For each N, it builds an archive of N items (catalog rows, plus an original, a preview
and a thumbnail of K kB each: deleting a file costs the same whatever its size on the
usual file systems) in a temporary folder, then times, R times each, and prints the
medians of the calls the window makes, as it makes them (``synchronous=FULL``, so each
commit waits for the disk):

* one undoable edit of one item (``update_items``, the inspector's commit of a field);
* the same edit over every item (a batch edit after Select all);
* moving every item to the trash (``trash_items``, the Delete key over a selection);
* emptying a trash of N items (``empty_trash``: the rows, then 3 N files deleted).

Over about 50 ms the window visibly freezes (a frame is 16 ms; 100 ms feels stuck).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "app"))

from carnet.catalog.archive import Archive  # noqa: E402
from carnet.catalog.items import NewItem, insert_item, update_items  # noqa: E402
from carnet.catalog.trash import empty_trash, trash_items  # noqa: E402


def build(folder: Path, n: int, kb: int) -> tuple[Archive, list[int]]:
    """An archive of ``n`` items with their three files each, open for writing."""
    archive = Archive.create(folder)
    payload = b"\0" * (kb * 1024)
    ids = []
    with archive.db.transaction() as conn:
        for i in range(n):
            digest = hashlib.sha256(f"{folder}/{i}".encode()).hexdigest()
            ids.append(
                insert_item(
                    conn,
                    NewItem(
                        hash=digest,
                        original_name=f"IMG_{i:05}.jpg",
                        original_path=f"/photos/IMG_{i:05}.jpg",
                        format="jpeg",
                        size=len(payload),
                        width=4032,
                        height=3024,
                    ),
                )
            )
            for path in (
                archive.paths.original(digest, "jpg"),
                archive.paths.preview(digest),
                archive.paths.thumbnail(digest),
            ):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(payload)
    return archive, ids


def timed(fn: Callable[..., object], *args: object, **kwargs: object) -> float:
    """How long ``fn(*args, **kwargs)`` takes, in milliseconds."""
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def median_ms(times: Sequence[float]) -> str:
    return f"{statistics.median(times):8.1f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000, 10000], help="item counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement")
    parser.add_argument("--kb", type=int, default=16, help="size of each file, in kB")
    args = parser.parse_args(argv)
    print(f"median of {args.repeat} runs; files of {args.kb} kB; synchronous=FULL")
    for n in args.n:
        one: list[float] = []
        batch: list[float] = []
        trash: list[float] = []
        emptied: list[float] = []
        for run in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="carnet-bench-gui-") as tmp:
                archive, ids = build(Path(tmp) / "Bench.carnet", n, args.kb)
                with archive:
                    db = archive.db
                    one += [timed(update_items, db, [ids[k]], title=f"t{k}") for k in range(5)]
                    batch.append(timed(update_items, db, ids, title=f"b{run}"))
                    trash.append(timed(trash_items, db, ids))
                    emptied.append(timed(empty_trash, archive))
        print(f"N = {n}")
        print(f"  edit one item            {median_ms(one)}")
        print(f"  edit all {n:>6} items     {median_ms(batch)}")
        print(f"  trash all {n:>6} items    {median_ms(trash)}")
        print(f"  empty a trash of {n:>6}   {median_ms(emptied)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
