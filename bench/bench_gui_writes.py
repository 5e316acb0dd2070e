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

With ``--gui`` it then opens each archive in the real window (offscreen unless
``QT_QPA_PLATFORM`` says otherwise), selects every item and measures what a user feels:
the longest time the GUI thread's event loop does not turn (a 2 ms timer's longest gap),
from the key press until the grid, the sidebar and the inspector show the result, for a
caption edit, adding a tag, moving to the trash, and the undo and redo of the caption
edit; and the ratio of that stall to the 50 ms budget. "idle" is the same measure over
a second where nothing is asked: what the machine's load alone costs. Beside it, "cpu"
is the GUI thread's own processor time between two turns of the loop, at most: what the
window's code costs, whatever the load (waiting for a core or for the interpreter lock
held by a worker is not in it).

Over about 50 ms the window visibly freezes (a frame is 16 ms; 100 ms feels stuck).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
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
    """An archive of ``n`` items with their three files each (none with ``kb`` 0), open
    for writing."""
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
                ()
                if not kb
                else (
                    archive.paths.original(digest, "jpg"),
                    archive.paths.preview(digest),
                    archive.paths.thumbnail(digest),
                )
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


#: The budget a stall is measured against (a few frames: over it, the window freezes).
BUDGET_MS = 50.0

#: The GUI operations timed with ``--gui``; "idle" does nothing: the longest gap the loop
#: shows anyway on this machine at this load (the floor under the others).
GUI_OPERATIONS = ("idle", "edit", "tag", "trash", "undo", "redo")


def gui_stalls(n: int, repeat: int) -> dict[str, list[tuple[float, float]]]:
    """The longest GUI stall and GUI-thread processor time between two turns of the event
    loop (ms) of each of ``GUI_OPERATIONS`` over ``n`` selected items, run by run."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    qapp = QApplication.instance() or QApplication([])
    stalls: dict[str, list[tuple[float, float]]] = {name: [] for name in GUI_OPERATIONS}
    for run in range(repeat):
        with tempfile.TemporaryDirectory(prefix="carnet-bench-gui-") as tmp:
            for name, stall in _gui_run(Path(tmp), n, f"run {run}").items():
                stalls[name].append(stall)
    del qapp
    return stalls


def _stall_of(action: Callable[[], object], settled: Callable[[], bool]) -> tuple[float, float]:
    """Run ``action`` from the event loop: the longest gap between two turns of the loop
    (a 2 ms timer's ticks) until ``settled`` has held for 0.8 s (the catalog's and the
    search index's timers have fired and their work is over too), and the most processor
    time the GUI thread spent between two turns, in ms."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    cpu: list[float] = []
    loop = QEventLoop()
    quiet = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        cpu.append(time.thread_time())
        if len(ticks) == 1:  # from a turn of the loop, as a key press: its gap is measured
            action()
            return
        if not settled():
            quiet[0] = now
        elif now - quiet[0] > 0.8:
            loop.quit()

    timer = QTimer(interval=2, timerType=Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    wall = max(b - a for a, b in itertools.pairwise(ticks))
    own = max(b - a for a, b in itertools.pairwise(cpu))
    return wall * 1000, own * 1000


def _gui_run(tmp: Path, n: int, caption: str) -> dict[str, tuple[float, float]]:
    from PySide6.QtCore import QSettings

    from carnet.ui.app import CarnetApp
    from carnet.ui.undo import ChangeLabelsCommand, SetFieldCommand

    archive, _ids = build(tmp / "Bench.carnet", n, 0)
    archive.close()
    app = CarnetApp(QSettings(str(tmp / "carnet.ini"), QSettings.Format.IniFormat))
    assert app.open_archive(tmp / "Bench.carnet")
    window, controller = app.window, app.controller
    assert window is not None and controller is not None
    window.show()
    window.grid.selectAll()

    def settled() -> bool:
        return not getattr(controller, "busy", False) and controller.tasks.idle

    _stall_of(lambda: None, settled)  # the search index's first build, out of the way
    selected = window.selected_ids()
    assert len(selected) == n, (len(selected), n)
    stalls = {
        "idle": _stall_of(lambda: None, settled),
        "edit": _stall_of(
            lambda: controller.push(SetFieldCommand(controller, selected, "caption", caption)),
            settled,
        ),
        "undo": _stall_of(window.undo, settled),
        "redo": _stall_of(window.redo, settled),
        "tag": _stall_of(
            lambda: controller.push(ChangeLabelsCommand(controller, selected, ["bench"], [])),
            settled,
        ),
        "trash": _stall_of(window.trash_selection, settled),
    }
    assert controller.undo_stack.count() == 3, controller.undo_stack.count()
    app.close_archive()
    return stalls


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000, 10000], help="item counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement")
    parser.add_argument("--kb", type=int, default=16, help="size of each file, in kB")
    parser.add_argument("--gui", action="store_true", help="also the window's longest stalls")
    parser.add_argument("--gui-only", action="store_true", help="only the window's stalls")
    args = parser.parse_args(argv)
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    if args.gui or args.gui_only:
        print(f"longest GUI stall, median of {args.repeat} runs; budget {BUDGET_MS:.0f} ms")
        for n in args.n:
            stalls = gui_stalls(n, args.repeat)
            print(f"N = {n}")
            for name in GUI_OPERATIONS:
                wall = statistics.median(w for w, _ in stalls[name])
                own = statistics.median(c for _, c in stalls[name])
                print(
                    f"  {name:<6} {wall:8.1f} ms  ×{wall / BUDGET_MS:5.2f} of the budget"
                    f"   cpu {own:7.1f} ms  ×{own / BUDGET_MS:5.2f}"
                )
    if args.gui_only:
        return 0
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
