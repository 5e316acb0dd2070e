"""Desktop grid benchmark (offscreen): archives of 10,000 and 100,000 items.

Prints the time to the first painted thumbnails, the longest event-loop stall while the
grid scrolls from top to bottom (a 5 ms QTimer heartbeat), and peak memory. Targets: first
thumbnails under 1 s at 10,000 items, no stall over 50 ms, under 400 MB at 100,000.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui.py [COUNTS...]
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from carnet.catalog.archive import Archive


def build(root: Path, count: int) -> None:
    """An archive of ``count`` items sharing 50 real thumbnails (rows inserted by SQL)."""
    with Archive.create(root) as archive:
        hashes = [f"{i:064x}" for i in range(count)]
        for i, digest in enumerate(hashes[:50]):
            path = archive.paths.thumbnail(digest)
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (384, 288), (i * 5 % 255, 120, 90)).save(path, quality=80)
        with archive.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO items (hash, original_name, original_path, format, size,"
                " imported_at, captured_at, title) VALUES (?, ?, '/x', 'jpeg', 1, '2016', ?, ?)",
                (
                    (h, f"d{i}.jpg", f"2016-09-29T{i % 24:02d}:{i % 60:02d}:00", f"Dessin {i}")
                    for i, h in enumerate(hashes)
                ),
            )


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def measure(app: QApplication, root: Path, count: int) -> None:
    from carnet.ui.app import CarnetApp

    settings = QSettings(str(root.parent / f"s{count}.ini"), QSettings.Format.IniFormat)
    carnet = CarnetApp(settings)
    started = time.perf_counter()
    carnet.open_archive(root)
    window = carnet.window
    assert window is not None
    window.resize(1380, 860)
    thumbnails = window.controller.thumbnails
    while len(thumbnails) == 0:
        window.grid.viewport().repaint()
        wait(5)
    first = time.perf_counter() - started
    worst = 0.0
    last = time.perf_counter()

    def beat() -> None:
        nonlocal worst, last
        now = time.perf_counter()
        worst = max(worst, now - last)
        last = now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    bar = window.grid.verticalScrollBar()
    step = max(1, bar.maximum() // 400)
    for value in range(0, bar.maximum() + step, step):
        bar.setValue(value)
        wait(1)
    heartbeat.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{count:>7,} items: first thumbnails {first * 1000:6.0f} ms, longest stall "
        f"{worst * 1000:5.1f} ms, cached rows {window.model.cached_rows}, peak {peak:.0f} MB"
    )
    carnet.close_archive()


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="carnet-bench-ui-"))
    try:
        for count in counts:
            root = tmp / f"B{count}.carnet"
            build(root, count)
            measure(app, root, count)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
