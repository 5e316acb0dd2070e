"""Reading the lettering of many items: worker processes, a time limit per image.

Each worker process loads the engine once and reads one image at a time; the parent hands
out the items, keeps what comes back in the catalog as it comes, and watches the clock. A
worker that takes longer than the time limit over one image (or crashes on it) is killed
and replaced: that image gets a reason, and the batch goes on. Nothing a worker does is
half-written: the parent stores a reading only once the whole of it has arrived.

What is read is the item's preview (2048 px, upright, with the user's corrections: rotated,
cropped, straightened, as ``media/derive.py`` makes it): the size the engine works at,
decoded in a tenth of the original's time. A preview missing, not as Carnet writes it, or
made with other corrections than the item's (a correction killed before its files were
rewritten: its lettering may be upside down, or cut off) is made again in memory from the
original, with the import's decoding limits (turned upright and corrected).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from PIL import Image

from carnet.catalog.archive import Archive, ArchivePaths
from carnet.catalog.readings import ReadTarget, items_to_read, store_reading
from carnet.errors import Cancelled, CarnetError, ImportRejected, OcrUnavailable
from carnet.media.derive import PREVIEW_EDGE, corrected_image, read_current
from carnet.media.formats import EXTENSIONS
from carnet.messages import Text
from carnet.ocr.engine import Reader, Reading, available, forbid_network
from carnet.processes import exit_with_parent, process_context

log = logging.getLogger(__name__)

#: How long one image may take, in seconds, before its worker is killed and replaced.
TIME_LIMIT = 60.0
#: How long a worker may take to load the engine before the batch gives up on it.
START_LIMIT = 180.0
#: Workers that die before they are ready, in a row, before the engine is taken as broken.
START_FAILURES = 3
#: How often the parent looks at the cancel flag and the clock, in seconds.
TICK = 0.1
#: How much lower the workers' CPU priority is than the caller's (``os.nice``).
NICENESS = 10

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ReadOutcome:
    """What became of one item: a reading (maybe empty: no lettering), or a reason."""

    item_id: int
    reading: Reading | None = None
    reason: Text | None = None


@dataclass
class TranscribeReport:
    """The outcome of ``transcribe``: items read (with text, without), and failures."""

    read: list[int] = field(default_factory=list)
    empty: list[int] = field(default_factory=list)
    failed: list[tuple[int, Text]] = field(default_factory=list)


def load_image(paths: ArchivePaths, target: ReadTarget) -> Image.Image:
    """The upright image to read, corrected as the catalog has it: the preview when it
    was made with the item's corrections, else the original decoded as one.

    Raises ``ImportRejected`` with the reason when neither can be decoded.
    """
    data = read_current(paths.preview(target.hash), PREVIEW_EDGE, target.corrections)
    if data is not None:
        try:
            with Image.open(io.BytesIO(data), formats=("JPEG",)) as image:
                image.load()
                converted: Image.Image = image.convert("RGB")
                return converted
        except Exception:  # checked header, damaged body: decode the original instead
            log.info("preview of item %d unreadable; decoding the original", target.id)
    original = paths.original(target.hash, EXTENSIONS.get(target.format, target.format))
    upright, _size = corrected_image(
        original, target.format, target.orientation, target.corrections, PREVIEW_EDGE
    )
    return upright


def read_one(reader: Reader, paths: ArchivePaths, target: ReadTarget) -> ReadOutcome:
    """Read one item in this process; a bad image gives a reason, never an exception."""
    try:
        image = load_image(paths, target)
    except ImportRejected as error:
        return ReadOutcome(target.id, reason=Text("{reason}", reason=error.reason))
    except (OSError, ValueError) as error:
        return ReadOutcome(target.id, reason=Text("cannot open its image: {error}", error=error))
    try:
        return ReadOutcome(target.id, reading=reader.read(image))
    except Exception as error:  # the engine on an image it does not expect
        log.warning("item %d: the engine failed: %r", target.id, error)
        reason = Text("the engine could not read it: {error}", error=error)
        return ReadOutcome(target.id, reason=reason)


def _worker(conn: Connection, paths: ArchivePaths, threads: int) -> None:
    """A worker process: load the engine, then read what the parent sends until None."""
    exit_with_parent()
    # Ctrl-C in a terminal reaches the whole process group: the parent cancels the batch
    # and ends its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Below the window's priority, as the search process is: the reading takes every core
    # it is given, and must not make the window wait for one.
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    forbid_network()
    try:
        reader = Reader(threads)
    except Exception as error:
        conn.send(("failed", str(error)))
        return
    conn.send(("ready", None))
    while True:
        target = conn.recv()
        if target is None:
            return
        conn.send(("done", read_one(reader, paths, target)))


@dataclass
class _Slot:
    conn: Connection
    process: Any
    ready: bool = False
    target: ReadTarget | None = None
    deadline: float = 0.0


class _Pool:
    def __init__(self, paths: ArchivePaths, size: int) -> None:
        self.paths = paths
        self.context = process_context()
        self.slots = [self._start() for _ in range(size)]
        self.start_failures = 0

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker, args=(child, self.paths, 1), name="carnet-ocr", daemon=True
        )
        process.start()
        child.close()
        return _Slot(parent, process, deadline=time.monotonic() + START_LIMIT)

    def replace(self, slot: _Slot) -> _Slot:
        self.kill(slot)
        fresh = self._start()
        self.slots[self.slots.index(slot)] = fresh
        return fresh

    @staticmethod
    def kill(slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()

    def close(self) -> None:
        for slot in self.slots:
            if slot.process.is_alive() and slot.ready and slot.target is None:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
                slot.process.join(1)
            self.kill(slot)


def read_targets(
    paths: ArchivePaths,
    targets: Sequence[ReadTarget],
    *,
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[ReadOutcome]:
    """Read ``targets`` on worker processes; yields each outcome as it arrives.

    ``workers`` defaults to the number of cores. Raises ``OcrUnavailable`` when the engine
    is not installed, ``Cancelled`` when ``cancel`` is set (outcomes already yielded stand).
    """
    if not available():
        raise OcrUnavailable()
    total = len(targets)
    if not total:
        return
    size = max(1, min(workers or os.cpu_count() or 1, total))
    pending = deque(targets)
    done = 0
    if progress:
        progress(0, total)
    pool = _Pool(paths, size)
    try:
        while pending or any(s.target is not None for s in pool.slots):
            if cancel is not None and cancel.is_set():
                raise Cancelled(Text("reading cancelled"))
            now = time.monotonic()
            for slot in pool.slots:
                if slot.ready and slot.target is None and pending:
                    slot.target = pending.popleft()
                    slot.deadline = now + time_limit
                    slot.conn.send(slot.target)
            handles: list[Any] = [s.conn for s in pool.slots] + [
                s.process.sentinel for s in pool.slots
            ]
            wait(handles, timeout=TICK)
            for slot in list(pool.slots):
                outcome = _tend(pool, slot, time_limit)
                if outcome is not None:
                    done += 1
                    yield outcome
                    if progress:
                        progress(done, total)
    finally:
        pool.close()


def _tend(pool: _Pool, slot: _Slot, time_limit: float) -> ReadOutcome | None:
    """Take a worker's message, or deal with its death or its overrun."""
    message: tuple[str, Any] | None = None
    try:
        if slot.conn.poll():
            message = slot.conn.recv()
    except (EOFError, OSError):
        message = None
    if message is not None:
        kind, value = message
        if kind == "ready":
            slot.ready = True
            pool.start_failures = 0
        elif kind == "failed":
            raise CarnetError(Text("the OCR engine could not start: {error}", error=value))
        elif kind == "done" and slot.target is not None:
            slot.target = None
            assert isinstance(value, ReadOutcome)
            return value
        return None
    target = slot.target
    if not slot.process.is_alive():
        if target is None:  # died while loading the engine
            pool.start_failures += 1
            if pool.start_failures >= START_FAILURES:
                raise CarnetError(Text("the OCR engine could not start"))
        pool.replace(slot)
        if target is not None:
            return ReadOutcome(target.id, reason=Text("the reader stopped on this image"))
        return None
    if time.monotonic() > slot.deadline:
        pool.replace(slot)
        if target is None:
            raise CarnetError(Text("the OCR engine could not start"))
        return ReadOutcome(
            target.id,
            reason=Text("reading took longer than {seconds} s", seconds=f"{time_limit:g}"),
        )
    return None


def transcribe(
    archive: Archive,
    ids: Sequence[int] = (),
    *,
    event_id: int | None = None,
    every: bool = False,
    redo: bool = False,
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> TranscribeReport:
    """Read the lettering of the chosen items and keep it in the catalog as it comes.

    The items are those of ``ids``, of the event ``event_id``, or ``every`` live one;
    without ``redo`` an item already read is skipped. A failure is reported with its
    reason and never stops the batch; on cancel, what was read is kept.
    """
    if not available():
        raise OcrUnavailable()
    targets = items_to_read(archive.db, ids, event_id=event_id, every=every, redo=redo)
    report = TranscribeReport()
    for outcome in read_targets(
        archive.paths,
        targets,
        workers=workers,
        time_limit=time_limit,
        progress=progress,
        cancel=cancel,
    ):
        if outcome.reading is None:
            report.failed.append((outcome.item_id, outcome.reason or Text("unreadable")))
            continue
        reading = outcome.reading
        store_reading(archive.db, outcome.item_id, reading.text, reading.engine, reading.confidence)
        (report.read if reading.lines else report.empty).append(outcome.item_id)
    return report
