"""Desktop grid benchmark (offscreen): archives of 10,000 and 100,000 items.

Prints the time to the first painted thumbnails, the longest event-loop stall while the
grid scrolls from top to bottom (a 5 ms QTimer heartbeat), and peak memory. Targets: first
thumbnails under 1 s at 10,000 items, no stall over 50 ms, under 400 MB at 100,000.

Two more stalls are measured in the same window, each with its ratio to the 50 ms target:
opening the match review over the 1,000 unsettled drawings of an event (the other items
belong to another event) and filling it (every thumbnail shown, the table scrolled to
its end); and a drop of 500 drawings from the grid onto a session in the sidebar, then
its undo, until the grid, the sidebar and the inspector show each.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from carnet.catalog.archive import Archive

#: The stall target, and the sizes of the review and of the drop.
BUDGET_MS = 50.0
REVIEWED = 1_000
DROPPED = 500


def build(root: Path, count: int) -> None:
    """An archive of ``count`` items sharing 50 real thumbnails (rows inserted by SQL).

    The last ``REVIEWED`` items belong to a two-day forum of 40 sessions (some at the same
    time, some hours with none) with no session yet, each with a thumbnail of its own; the
    others belong to another event, so that the match review lists those 1,000 only."""
    with Archive.create(root) as archive:
        hashes = [f"{i:064x}" for i in range(count)]
        images = []
        for i in range(50):
            path = root.parent / f"thumb{i}.jpg"
            Image.new("RGB", (384, 288), (i * 5 % 255, 120, 90)).save(path, quality=80)
            images.append(path.read_bytes())
        reviewed = count - REVIEWED
        for i, digest in enumerate(hashes):
            if 50 <= i < reviewed:
                continue
            path = archive.paths.thumbnail(digest)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(images[i % 50])
        with archive.db.transaction() as conn:
            conn.execute(
                "INSERT INTO events (id, slug, name, start_date, end_date, timezone)"
                " VALUES (1, 'forum', 'Forum', '2016-09-29', '2016-09-30', 'Europe/Paris'),"
                " (2, 'other', 'Other', '2016-10-01', '2016-10-01', 'Europe/Paris')"
            )
            sessions = []
            for n in range(40):
                day, slot = divmod(n, 20)
                hour, room = 9 + slot // 2, slot % 2  # two rooms at once, 9:00 to 18:00
                if hour in (12, 13):
                    continue  # lunch: drawings then match no session
                start = f"2016-09-{29 + day}T{hour:02d}:00:00+02:00"
                end = f"2016-09-{29 + day}T{hour:02d}:{50 if room else 40}:00+02:00"
                sessions.append((f"Session {n}", f"Salle {room}", f"Parcours {room}", start, end))
            conn.executemany(
                "INSERT INTO sessions (event_id, title, room, track, start, end)"
                " VALUES (1, ?, ?, ?, ?, ?)",
                sessions,
            )
            conn.executemany(
                "INSERT INTO items (hash, original_name, original_path, format, size,"
                " imported_at, captured_at, title, event_id)"
                " VALUES (?, ?, '/x', 'jpeg', 1, '2016', ?, ?, ?)",
                (
                    (
                        h,
                        f"d{i}.jpg",
                        f"2016-09-{29 + i % 2}T{9 + i % 10:02d}:{i * 7 % 60:02d}:00"
                        if i >= reviewed
                        else f"2016-09-29T{i % 24:02d}:{i % 60:02d}:00",
                        f"Dessin {i}",
                        1 if i >= reviewed else 2,
                    )
                    for i, h in enumerate(hashes)
                ),
            )


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def progress(text: str) -> None:
    """Where the bench is, on stderr (a run takes minutes)."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def wait_until(done: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window never got there")
        wait(2)


class Stalls:
    """The longest gap between two turns of the event loop (a 2 ms timer's beats)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.last = time.perf_counter()
        self.timer = QTimer(interval=2)
        self.timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def __enter__(self) -> Stalls:
        self.worst, self.last = 0.0, time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._beat()
        self.timer.stop()


def later(action: Callable[[], object]) -> None:
    """Run ``action`` from the event loop (as a click would), and let the loop turn."""
    QTimer.singleShot(0, action)
    wait(5)


def settled(window: Any) -> bool:
    """Nothing of the window's is still being written (a batch on a worker), nor read
    after it (the sidebar's counts and the grid's ids, the inspector's summary)."""
    refresher = getattr(window, "refresher", None)
    return not (
        getattr(window.controller, "busy", False)
        or (refresher is not None and refresher.pending)
        or getattr(window.inspector, "summarising", False)
    )


def cache_memory(cache: Any) -> str:
    """How many pixmaps the grid's thumbnail cache holds, and the memory they take."""
    pixmaps = list(cache._cache.values())
    size = sum(p.width() * p.height() * max(p.depth(), 8) // 8 for p in pixmaps)
    return f"{len(pixmaps)} thumbnails, {size / 2**20:.0f} MB"


def measure_review(window: Any) -> tuple[float, int]:
    """Open the match review of the forum and fill it: (longest stall, drawings listed)."""
    from carnet.ui.programme import MatchReviewDialog

    dialogs: list[Any] = []
    with Stalls() as stalls:
        later(lambda: dialogs.append(MatchReviewDialog(window.controller, 1, window)))
        later(lambda: dialogs[0].show())
        dialog = dialogs[0]
        cache = dialog.model.thumbnails  # the review's icons (or the grid's cache)
        table = dialog.table
        bar = table.verticalScrollBar()
        wait_until(lambda: not dialog.loading and dialog.model.rowCount() > 0)
        step = max(1, bar.pageStep())
        value = 0
        while True:
            # Every thumbnail on show loaded before the next page, as a reviewer reads.
            first = table.rowAt(0)
            last = table.rowAt(table.viewport().height() - 1)
            last = dialog.model.rowCount() - 1 if last < 0 else last
            rows = range(max(first, 0), last + 1)
            wait_until(
                lambda rows=rows: all(
                    cache.cached(dialog.model.rows[r]["hash"]) is not None
                    or cache.is_missing(dialog.model.rows[r]["hash"])
                    for r in rows
                )
            )
            if value >= bar.maximum():
                break
            value = min(bar.maximum(), value + step)
            bar.setValue(value)
            wait(5)
        drawings = len({r["item_id"] for r in dialog.model.rows})
        later(dialog.close)
    dialog.deleteLater()
    return stalls.worst, drawings


def measure_drop(window: Any) -> tuple[float, float, int]:
    """Drop ``DROPPED`` drawings of the grid on a session of the sidebar, then undo it:
    (longest stall of the drop, of the undo, drawings dropped)."""
    from PySide6.QtCore import QModelIndex, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from carnet.catalog.browse import ItemFilter
    from carnet.ui.models import Roles

    model, sidebar = window.sidebar_model, window.sidebar
    target = QModelIndex()
    stack = [QModelIndex()]
    while stack and not target.isValid():
        parent = stack.pop()
        for n in range(model.rowCount(parent)):
            index = model.index(n, 0, parent)
            action = index.data(Roles.Filter)
            if isinstance(action, ItemFilter) and action.kind == "session":
                target = index
                break
            stack.append(index)
    assert target.isValid(), "no session in the sidebar"
    sidebar.scrollTo(target)
    ids = window.model.ids[:DROPPED]  # the first in the grid, of no session
    window.select_ids(ids)
    mime = window.model.mimeData(window.grid.selectionModel().selectedIndexes())
    pos = sidebar.visualRect(target).center()
    copy, left, none = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    viewport = sidebar.viewport()
    stack_before = window.controller.undo_stack.index()

    def drag() -> None:
        app = QApplication.instance()
        assert app is not None
        app.sendEvent(viewport, QDragEnterEvent(pos, copy, mime, left, none))
        app.sendEvent(viewport, QDragMoveEvent(pos, copy, mime, left, none))

    def drop() -> None:
        app = QApplication.instance()
        assert app is not None
        app.sendEvent(viewport, QDropEvent(QPointF(pos), copy, mime, left, none))

    with Stalls() as dropping:
        later(drag)
        later(drop)
        wait_until(lambda: window.controller.undo_stack.index() == stack_before + 1)
        wait_until(lambda: settled(window))
        wait(300)  # the sidebar, the grid and the inspector follow
    with Stalls() as undoing:
        later(window.undo_action.trigger)
        wait_until(lambda: window.controller.undo_stack.index() == stack_before)
        wait_until(lambda: settled(window))
        wait(300)
    return dropping.worst, undoing.worst, len(ids)


def ratio(seconds: float) -> str:
    return f"{seconds * 1000:6.1f} ms ({seconds * 1000 / BUDGET_MS:4.2f} of {BUDGET_MS:.0f} ms)"


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
    progress("scrolling")
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
    grid_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    grid_cache = cache_memory(thumbnails)
    progress("match review")
    review, drawings = measure_review(window)
    review_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    progress("drop and undo")
    dropped, undone, moved = measure_drop(window)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = search_peak(window.controller.search.process_id)
    print(
        f"{count:>7,} items: first thumbnails {first * 1000:6.0f} ms "
        f"({first:.2f} of 1 s), longest stall "
        f"{scroll * 1000:5.1f} ms top to bottom, {worst * 1000:5.1f} ms while indexing "
        f"({synced[0] - started:.0f} s) and after ({max(scroll, worst) * 1000 / BUDGET_MS:.2f} "
        f"of {BUDGET_MS:.0f} ms); cached rows {window.model.cached_rows}, "
        f"peak {grid_peak:.0f} MB after the grid ({grid_peak / 400:.2f} of 400 MB), "
        f"{peak:.0f} MB after all ({peak / 400:.2f}; search process {child})"
    )
    print(
        f"         match review of {drawings:,} drawings, opened and filled: "
        f"longest stall {ratio(review)}; peak {review_peak:.0f} MB after it"
    )
    print(f"         drop of {moved} drawings on a session: longest stall {ratio(dropped)}")
    print(f"         its undo: longest stall {ratio(undone)}")
    print(
        f"         thumbnail cache after the grid: {grid_cache}; after all: "
        f"{cache_memory(thumbnails)}"
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
            progress(f"building {count:,} items")
            build(root, count)
            measure(app, root, count)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
