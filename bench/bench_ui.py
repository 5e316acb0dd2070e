"""Desktop grid benchmark (offscreen): archives of 10,000 and 100,000 items.

Prints the time to the first painted thumbnails, the longest event-loop stall while the
grid scrolls from top to bottom (a 5 ms QTimer heartbeat), and peak memory. Targets: first
thumbnails under 1 s at 10,000 items, no stall over 50 ms, under 400 MB at 100,000.

The archives have no search index, so the app builds one (in its search process) as it
opens them. After the first scroll the grid goes on scrolling up and down until the index
is built and reopened, and three seconds more: the second stall figure covers that, the
moment the window's process and the search process compete most. Memory is given for the
window's process and for the search process.

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

    synced: list[float] = []
    window.controller.search_synced.connect(lambda: synced.append(time.perf_counter()))
    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    bar = window.grid.verticalScrollBar()
    step = max(1, bar.maximum() // 400)
    for value in range(0, bar.maximum() + step, step):
        bar.setValue(value)
        wait(1)
    scroll = worst
    worst, last = 0.0, time.perf_counter()
    value = 0
    while not synced or time.perf_counter() - synced[0] < 3:
        value = (value + step) % (2 * bar.maximum() or 1)
        bar.setValue(value if value <= bar.maximum() else 2 * bar.maximum() - value)
        wait(1)
    heartbeat.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = search_peak(window.controller.search.process_id)
    print(
        f"{count:>7,} items: first thumbnails {first * 1000:6.0f} ms, longest stall "
        f"{scroll * 1000:5.1f} ms top to bottom, {worst * 1000:5.1f} ms while indexing "
        f"({synced[0] - started:.0f} s) and after; cached rows {window.model.cached_rows}, "
        f"peak {peak:.0f} MB (search process {child})"
    )
    carnet.close_archive()


def search_peak(pid: int | None) -> str:
    """The search process's peak resident memory, from /proc."""
    if pid is None:
        return "not running"
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return f"{int(line.split()[1]) / 1024:.0f} MB"
    except OSError:
        pass
    return "unknown"


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
