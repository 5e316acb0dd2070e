"""File → Merge in the window: does the window stall during the dry run, the merge, its
cancel, its undo and its redo?

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_merge_gui.py [-n 1000 5000]

For each N it builds (once, cached in ``--workdir``) an organiser's archive of N drawings
and an illustrator's of N, half of them the same photos: the organiser captioned the
shared half one way, the illustrator another (N/2 conflicts), the illustrator tagged and
credited everything ("Inès", the organiser's archive knowing "Ines": a person to merge),
and shares its event as a contribution package with the originals (N/2 new drawings,
small JPEGs: the stalls are the window's, not the decoder's). Then, in the real window,
on a fresh copy of the organiser's archive, a 10 ms QTimer on the GUI thread records the
longest gap between its ticks while:

* the dry run: Look, then scrolling the new drawings (their pictures load) and the
  conflicts from top to bottom, and Take theirs for all;
* a merge cancelled once a fifth of the originals are in;
* the merge, with its progress, until the grid shows the new drawings;
* Edit → Undo, until the grid shows the archive as before; then Edit → Redo.

It prints each phase's longest stall and its ratio to the 50 ms budget (over about 50 ms
the window visibly freezes), the most processor time the GUI thread itself took between two
ticks (the window's own work, whatever the load), with the load average before each N and
how late a 10 ms tick in a separate process was meanwhile (the machine's share). ``--why``
also says where the GUI thread and the workers were during the stalls.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "app"))

from PIL import Image  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from carnet.catalog.archive import Archive  # noqa: E402
from carnet.catalog.events import add_event  # noqa: E402
from carnet.catalog.items import add_people, add_tags, list_items, update_items  # noqa: E402
from carnet.importing.pipeline import ImportOptions, import_paths  # noqa: E402
from carnet.merge.package import write_package  # noqa: E402

BUDGET = 50.0


def photos(folder: Path, count: int, first: int) -> Path:
    """``count`` small JPEGs, each its own content (noise seeded by its number)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        path = folder / f"IMG_{n:05d}.jpg"
        if not path.exists():
            rng = random.Random(n)
            small = Image.frombytes("RGB", (32, 24), rng.randbytes(32 * 24 * 3))
            small.resize((256, 192), Image.Resampling.BILINEAR).save(path, quality=80)
    return folder


def build(work: Path, n: int) -> tuple[Path, Path]:
    """The organiser's archive and the illustrator's package (see the module's docstring)."""
    organiser, package = work / "organiser.carnet", work / "package"
    if organiser.exists() and package.exists():
        return organiser, package
    shutil.rmtree(organiser, ignore_errors=True)
    shutil.rmtree(package, ignore_errors=True)
    half = n // 2
    shared = photos(work / "shared", half, 0)
    mine = photos(work / "mine", n - half, 100_000)
    theirs = photos(work / "theirs", n - half, 200_000)
    illustrator = work / "illustrator.carnet"
    shutil.rmtree(illustrator, ignore_errors=True)
    with Archive.create(illustrator) as archive:
        add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        import_paths(archive, [shared, theirs], ImportOptions(event="forum", jobs=2))
        items = list_items(archive.db)
        with archive.db.transaction() as conn:
            for item in items:
                update_items(archive.db, [item.id], caption=f"Inès's board {item.original_name}")
            add_tags(conn, [i.id for i in items], ["theme/communs"])
            add_people(conn, [i.id for i in items], ["Inès"], "illustrator")
        write_package(archive, package, event="forum", illustrator="Inès")
    with Archive.create(organiser) as archive:
        add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        import_paths(archive, [shared, mine], ImportOptions(event="forum", jobs=2))
        items = list_items(archive.db)
        with archive.db.transaction() as conn:
            for item in items:
                update_items(archive.db, [item.id], caption=f"Board {item.original_name}")
            add_people(conn, [items[0].id], ["Ines"], "illustrator")
    shutil.rmtree(illustrator)
    return organiser, package


#: The same 10 ms tick in a process of its own, sharing nothing with the window but the
#: machine: how late it is woken is the machine's doing (the other programs on the cores).
_TICKER = """
import sys, threading, time
worst = [0.0]
def ticks():
    last = time.perf_counter()
    while True:
        time.sleep(0.01)
        now = time.perf_counter()
        worst[0], last = max(worst[0], (now - last - 0.01) * 1000), now
threading.Thread(target=ticks, daemon=True).start()
for line in sys.stdin:
    print(worst[0], flush=True)
    worst[0] = 0.0
"""


class Watchdog:
    """A 10 ms timer on the GUI thread; ``worst`` is the longest gap past its interval.

    With ``why``, a thread looks every 5 ms and, while a tick is over 35 ms late, notes
    where in Carnet's code the GUI thread and the workers are (printed at the end).
    """

    def __init__(self, why: bool) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = self.clock.elapsed()
        self.worst = 0.0
        # The GUI thread's own processor time between two ticks: what of a stall is the
        # window's work, whatever the machine's load (the rest is waiting: for a core, the
        # interpreter's lock, a lock of the catalog).
        self.last_cpu = time.thread_time()
        self.worst_busy = 0.0
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.ticker = subprocess.Popen(
            [sys.executable, "-c", _TICKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.where: collections.Counter[str] = collections.Counter()
        if why:
            gui = threading.get_ident()
            threading.Thread(target=self._look, args=(gui,), daemon=True).start()

    def _tick(self) -> None:
        now, cpu = self.clock.elapsed(), time.thread_time()
        self.worst = max(self.worst, float(now - self.last - 10))
        self.worst_busy = max(self.worst_busy, (cpu - self.last_cpu) * 1000)
        self.last, self.last_cpu = now, cpu

    def _look(self, gui: int) -> None:
        while True:
            time.sleep(0.005)
            if self.clock.elapsed() - self.last < 35:
                continue
            frames = sys._current_frames()
            for ident, frame in frames.items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)
                ours = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack
                        if "carnet" in f.filename or "bench" in f.filename]  # fmt: skip
                if ours:
                    who = "GUI" if ident == gui else "worker"
                    self.where[f"{who}: " + " < ".join(reversed(ours[-3:]))] += 1

    def phase(self) -> tuple[float, float, float]:
        """The worst stall since the last call, the most processor time the GUI thread
        took between two ticks, and the separate process's worst lateness meanwhile; then
        start again."""
        worst, busy = self.worst, self.worst_busy
        self.worst = self.worst_busy = 0.0
        self.last, self.last_cpu = self.clock.elapsed(), time.thread_time()
        assert self.ticker.stdin is not None and self.ticker.stdout is not None
        self.ticker.stdin.write("\n")
        self.ticker.stdin.flush()
        apart = float(self.ticker.stdout.readline())
        return worst, busy, apart

    def close(self) -> None:
        self.timer.stop()
        self.ticker.kill()
        self.ticker.wait()
        for where, count in self.where.most_common(14):
            print(f"    stalled {count * 5:5} ms in {where}")


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(condition: Callable[[], bool], timeout: float = 1800.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        wait(5)


def scroll_through(view: object) -> None:
    """Scroll a view from top to bottom as a user drags its bar, painting on the way."""
    bar = view.verticalScrollBar()  # type: ignore[attr-defined]
    step = max(1, bar.maximum() // 200)
    for value in range(0, bar.maximum() + step, step):
        bar.setValue(value)
        wait(2)


def measure(organiser: Path, package: Path, work: Path, n: int, why: bool) -> None:
    from carnet.ui.app import CarnetApp
    from carnet.ui.merge_dialog import MergeDialog

    copy = work / "copy.carnet"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(organiser, copy)
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    carnet = CarnetApp(settings)
    carnet.open_archive(copy)
    window = carnet.window
    assert window is not None
    window.resize(1380, 860)
    window.show()
    controller = window.controller
    wait(3000)  # the search process starts and indexes the archive meanwhile
    count = len(window.model.ids)
    dog = Watchdog(why)
    figures: list[tuple[str, tuple[float, float, float]]] = []

    def look() -> MergeDialog:
        dialog = MergeDialog(controller, package, parent=window)
        dialog.resize(900, 640)
        dialog.show()
        dialog.look_button.click()
        until(lambda: dialog.pages.currentIndex() == 1)
        return dialog

    dog.phase()
    dialog = look()
    scroll_through(dialog.new_view)
    until(lambda: dialog.pictures.idle)
    dialog.tabs.setCurrentIndex(1)
    scroll_through(dialog.conflict_view)
    dialog.all_theirs.click()
    wait(100)
    figures.append(("dry run and review", dog.phase()))
    news, conflicts = dialog.new_model.rowCount(), dialog.conflicts.rowCount()

    dialog.merge_button.click()
    bar = dialog.progress_page.bar
    until(lambda: bar.maximum() > 1 and bar.value() >= bar.maximum() // 5)
    dialog.cancel()
    until(lambda: dialog.pages.currentIndex() == 3)
    assert "cancelled" in dialog.summary_label.text(), dialog.summary_label.text()
    figures.append(("merge cancelled at 20 %", dog.phase()))
    dialog.close()

    dialog = look()
    dialog.all_theirs.click()
    dog.phase()
    started = time.perf_counter()
    dialog.merge_button.click()
    until(lambda: dialog.summary is not None)
    until(lambda: len(window.model.ids) == count + news)
    merged = time.perf_counter() - started
    figures.append((f"merge with progress ({merged:.0f} s)", dog.phase()))
    command = dialog.command
    assert command is not None
    dialog.close()

    started = time.perf_counter()
    window.undo()
    until(lambda: not command.merged and not command.running)
    until(lambda: len(window.model.ids) == count)
    figures.append((f"undo ({time.perf_counter() - started:.1f} s)", dog.phase()))
    started = time.perf_counter()
    window.redo()
    until(lambda: command.merged and not command.running)
    until(lambda: len(window.model.ids) == count + news)
    figures.append((f"redo ({time.perf_counter() - started:.0f} s)", dog.phase()))

    print(f"{n:,} drawings each side: {news:,} new, {conflicts:,} conflicts")
    for name, (worst, busy, apart) in figures:
        print(
            f"  {name:30} longest stall {worst:5.0f} ms ({worst / BUDGET:4.2f} × 50 ms),"
            f" of it the GUI thread's own work ≤ {busy:3.0f} ms ({busy / BUDGET:4.2f});"
            f" a separate process's tick late by up to {apart:.0f} ms"
        )
    dog.close()
    carnet.close_archive()
    shutil.rmtree(copy, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--why", action="store_true", help="say where the GUI thread stalls")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/carnet-bench-merge-gui"))
    args = parser.parse_args(argv)
    QApplication.instance() or QApplication([])
    for n in args.n:
        work = args.workdir / str(n)
        work.mkdir(parents=True, exist_ok=True)
        organiser, package = build(work, n)
        print(f"load average before {n:,}: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        measure(organiser, package, work, n, args.why)
    return 0


if __name__ == "__main__":
    sys.exit(main())
