"""The import pipeline: explicit stages over one ``ImportTask`` per file.

    scan → read → dedup → store → derive → catalog

``scan`` walks the given paths; ``read`` hashes the file, detects its format from its
content and reads its metadata; ``dedup`` drops what the archive (or this batch) already
has; ``store`` copies the original next to its place in ``originals/`` under a temporary
name; ``derive`` writes the preview and the thumbnail from that copy, and only then is the
copy renamed to its content-addressed name; ``catalog`` adds the item and logs the outcome.
``read``, ``store`` and ``derive`` run in worker processes, the rest in the caller's
process, which alone touches the catalog. Workers end themselves if that process dies.

The order makes a killed import harmless: an original is complete before it is named, the
item row is written only after its original and derived files exist, so no item ever points
at a missing file, and running the same import again completes it (stored originals and
derived files are found by their hash and not redone, unless a derived file names other
corrections than a new item's: those are made again). A file rejected on the way (its
pixels do not decode) leaves nothing behind: its copy never gets a name in ``originals/``
and the derived files it got are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from carnet.catalog.archive import Archive, ArchivePaths
from carnet.catalog.events import get_event
from carnet.catalog.fields import ITEM_FIELDS
from carnet.catalog.imports import finish_batch, log_file, start_batch
from carnet.catalog.items import NewItem, insert_item, known_hashes
from carnet.errors import CarnetError, DiskFull, ImportRejected, ReadOnlyMedia, write_error
from carnet.fsutil import TEMP_PREFIX, NotRegularFile, fsync_dir, open_regular_fd
from carnet.media.corrections import NO_CORRECTIONS
from carnet.media.derive import PREVIEW_EDGE, THUMBNAIL_EDGE, derived_header, make_derivatives
from carnet.media.formats import EXTENSIONS, detect_format
from carnet.media.metadata import Metadata, read_metadata
from carnet.messages import Text
from carnet.processes import exit_with_parent, process_context

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def display_path(path: Path | str) -> str:
    """A path as a one-line, printable, UTF-8-safe string (for messages and the catalog).

    File names may hold bytes that are not UTF-8 (kept by Python as surrogates) or
    newlines; neither may reach a terminal or the catalog as they are.
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


@dataclass
class ImportTask:
    """One file going through the pipeline; each stage fills in its part."""

    path: Path
    size: int = 0
    hash: str | None = None
    format: str | None = None
    metadata: Metadata | None = None
    stage: str = "scanned"  # the last stage done: 'scanned' | 'read' | 'unique' | 'derived'
    outcome: str | None = None  # 'imported' | 'duplicate' | 'rejected'
    reason: str | None = None
    item_id: int | None = None

    @property
    def display(self) -> str:
        return display_path(self.path)

    def reject(self, reason: str) -> ImportTask:
        self.outcome = "rejected"
        self.reason = reason
        return self


@dataclass
class ImportOptions:
    event: str | None = None
    illustrator: str | None = None
    jobs: int = 0  # 0: one worker per core


@dataclass
class ImportSummary:
    batch_id: int
    total: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    item_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.cancelled


# ---------------------------------------------------------------- scan


def scan(paths: Iterable[Path]) -> Iterator[ImportTask]:
    """Every file under ``paths`` (folders walked recursively, symlink loops cut).

    Hidden files found inside folders (``.DS_Store``, macOS ``._`` forks) are skipped; a
    path named on the command line is always tried. Unreadable folders, paths that do
    not exist and what is not a regular file (a FIFO, a socket, a device, named directly
    or found in a folder) come out as rejected tasks so the user hears of them.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        root = Path(root)
        try:
            info = root.stat()
        except OSError as exc:
            yield ImportTask(root).reject(_os_reason(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(root, seen_dirs)
        else:
            yield _file_task(root, info.st_mode)


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[ImportTask]:
    try:
        info = folder.stat()
    except OSError as exc:
        yield ImportTask(folder).reject(_os_reason(exc))
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return  # a symlink loop or a folder reached twice
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield ImportTask(folder).reject(Text("cannot read folder: {error}", error=_os_error(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError as exc:
            yield ImportTask(path).reject(_os_reason(exc))
            continue
        if is_dir:
            yield from _walk(path, seen)
        else:
            try:
                mode = entry.stat(follow_symlinks=True).st_mode
            except OSError as exc:  # dangling symlink, loop of file links
                yield ImportTask(path).reject(_os_reason(exc))
                continue
            yield _file_task(path, mode)


def _file_task(path: Path, mode: int) -> ImportTask:
    """A file to read, or already rejected when it is not a regular file (never opened)."""
    if stat.S_ISREG(mode):
        return ImportTask(path)
    return ImportTask(path).reject(_os_reason(NotRegularFile(path, mode)))


def _os_reason(exc: OSError) -> str:
    return Text("cannot read: {error}", error=_os_error(exc))


def _os_error(exc: OSError) -> str:
    return exc.strerror or str(exc)


# ---------------------------------------------------------------- read


def open_source(path: Path) -> int:
    """Open a file to import, read-only (a seam for tests of unreadable files).

    Only a regular file: a FIFO put in its place since the scan is refused, not waited on.
    """
    return open_regular_fd(path)


def read(task: ImportTask) -> ImportTask:
    """Hash the file, detect its format from its content, read its metadata."""
    if task.outcome:
        return task
    try:
        fd = open_source(task.path)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return task.reject(Text("not a regular file"))
            digest = hashlib.file_digest(handle, "sha256")
            task.size = handle.tell()
    except OSError as exc:
        return task.reject(_os_reason(exc))
    if task.size == 0:
        return task.reject(Text("empty file (0 bytes)"))
    task.hash = digest.hexdigest()
    try:
        task.format = detect_format(task.path)
        task.metadata = read_metadata(task.path, task.format)
    except ImportRejected as exc:
        return task.reject(exc.reason)
    except Exception as exc:  # a reader bug must not stop the batch
        log.exception("reading %s failed", task.display)
        return task.reject(Text("cannot read metadata: {error}", error=str(exc)))
    task.stage = "read"
    return task


# ---------------------------------------------------------------- store and derive


def store_and_derive(task: ImportTask, paths: ArchivePaths) -> ImportTask:
    """Copy the original in and write its preview and thumbnail; a rejected file leaves nothing.

    The copy is made under a temporary name next to its final one (:func:`staging_path`),
    the derived files are made from it, and only a file whose pixels decode is renamed to
    its content-addressed name. An original already there (an interrupted import stored
    it) is used as it is, and derived files already there are kept when they say they were
    made with no correction, which a new item has (:func:`_current`); any other (one that a
    trash purge killed midway left of a rotated drawing, one from another tool) is made
    again. A full disk or read-only media is not the file's fault: it stops the whole import.
    """
    assert task.hash and task.format and task.metadata
    original = paths.original(task.hash, EXTENSIONS[task.format])
    preview, thumbnail = paths.preview(task.hash), paths.thumbnail(task.hash)
    made = [
        p
        for p, edge in ((preview, PREVIEW_EDGE), (thumbnail, THUMBNAIL_EDGE))
        if not _current(p, edge)
    ]
    staged = None if original.exists() else staging_path(paths, task.hash, task.format)
    reason: str | None = None
    try:
        if staged is not None:
            _copy_staged(task.path, staged)
        if made:
            make_derivatives(
                staged or original, task.format, task.metadata.orientation, thumbnail, preview
            )
        if staged is not None:
            _name_original(staged, original)
            staged = None
    except ImportRejected as exc:
        reason = exc.reason
    except (DiskFull, ReadOnlyMedia):
        _remove(made)
        raise  # not this file's fault: the whole import stops, in one sentence
    except MemoryError:
        reason = Text("image too large to decode in memory")
    except OSError as exc:  # a write into the archive failing otherwise (an I/O error)
        reason = Text("cannot copy into the archive: {error}", error=_os_error(exc))
    except Exception as exc:
        log.exception("deriving %s failed", task.display)
        reason = Text("cannot decode image: {error}", error=str(exc))
    finally:
        if staged is not None:
            _remove([staged])
    if reason is not None:
        _remove(made)
        return task.reject(reason)
    task.stage = "derived"
    return task


def _current(path: Path, edge: int) -> bool:
    """Whether the derived file at ``path`` can be kept for a new item (no corrections).

    The check the viewer and the kit make (:meth:`DerivedHeader.shows`), and one more: the
    file must name its corrections. ``shows`` lets a file without a fingerprint pass for
    an uncorrected drawing, so that archives made before fingerprints keep their files; at
    import nothing is lost by making such a file again, and it may be another tool's.
    """
    header = derived_header(path, edge)
    return header is not None and header.made_with is not None and header.shows(NO_CORRECTIONS)


def staging_path(paths: ArchivePaths, digest: str, fmt: str) -> Path:
    """Where the copy of an original waits until its pixels are known to decode.

    A ``.tmp-`` name, which ``carnet check --repair`` removes if a killed worker left it;
    the same for one hash every time, so the importer can remove it after a crash.
    """
    original = paths.original(digest, EXTENSIONS[fmt])
    return original.with_name(f"{TEMP_PREFIX}import-{original.name}")


def _copy_staged(src: Path, staged: Path) -> None:
    """Copy ``src`` to ``staged``, synced to disk.

    What cannot be read is the file's problem (``ImportRejected``); what cannot be written
    is the archive's (``DiskFull``, ``ReadOnlyMedia``, or the ``OSError`` itself).
    """
    try:
        fd = open_source(src)
    except OSError as exc:
        raise ImportRejected(src, _os_reason(exc)) from exc
    with os.fdopen(fd, "rb") as source:
        try:
            staged.parent.mkdir(parents=True, exist_ok=True)
            # Unbuffered: a failed write is seen here, never again when the file closes.
            out = open(staged, "wb", buffering=0)  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise _archive_error(exc, staged) from exc
        with out:
            while True:
                try:
                    chunk = source.read(1 << 20)
                except OSError as exc:
                    raise ImportRejected(src, _os_reason(exc)) from exc
                if not chunk:
                    break
                try:
                    view = memoryview(chunk)
                    while view:
                        view = view[out.write(view) or 0 :]
                except OSError as exc:
                    raise _archive_error(exc, staged) from exc
            try:
                os.fsync(out.fileno())
            except OSError as exc:
                raise _archive_error(exc, staged) from exc


def _archive_error(exc: OSError, path: Path) -> Exception:
    translated: CarnetError | None = write_error(exc, path.parent)
    return translated if translated is not None else exc


def _name_original(staged: Path, original: Path) -> None:
    """Give the staged copy its content-addressed name, read-only, durably."""
    with contextlib.suppress(OSError):
        os.chmod(staged, 0o444)
    os.replace(staged, original)
    fsync_dir(original.parent)


def _leftovers(paths: ArchivePaths, task: ImportTask) -> list[Path]:
    """The temporaries a worker killed while storing ``task`` may have left: its staged
    copy, and the half-written preview and thumbnail (``.tmp-…-<hash>.jpg``)."""
    if not (task.hash and task.format) or task.stage == "derived":
        return []
    derived = (paths.preview(task.hash), paths.thumbnail(task.hash))
    return [staging_path(paths, task.hash, task.format)] + [
        p for d in derived for p in d.parent.glob(f"{TEMP_PREFIX}*-{d.name}")
    ]


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


# ---------------------------------------------------------------- the importer


class Importer:
    """Runs the stages over a batch; reusable from the command line and the desktop app.

    ``progress(done, total)`` is called from the caller's thread after each file;
    setting ``cancel`` stops the batch after the files already in flight.
    """

    def __init__(
        self,
        archive: Archive,
        options: ImportOptions | None = None,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.archive = archive
        self.options = options or ImportOptions()
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self._event_id: int | None = None
        self._licence: str | None = None

    def run(self, paths: Iterable[Path]) -> ImportSummary:
        if self.options.event:
            event = get_event(self.archive.db, self.options.event)
            self._event_id, self._licence = event.id, event.licence
        tasks = list(scan(paths))
        summary = ImportSummary(batch_id=self._start_batch(), total=len(tasks))
        self._known = known_hashes(self.archive.db)
        self._pending: list[ImportTask] = []
        self._last_flush = time.monotonic()
        self._done = 0
        jobs = self.options.jobs or os.cpu_count() or 1
        try:
            if jobs <= 1 or len(tasks) <= 1:
                self._run_inline(tasks, summary)
            else:
                self._run_pool(tasks, summary, jobs)
        finally:
            self._flush(summary)
        summary.cancelled = self.cancel.is_set() and self._done < summary.total
        self._finish_batch(summary)
        return summary

    # -- drivers

    def _next_stage(self, task: ImportTask) -> Callable[[ImportTask], ImportTask] | None:
        """The worker stage a task needs next (running ``dedup`` here on the way)."""
        if task.outcome:
            return None
        if task.stage == "scanned":
            return read
        if task.stage == "read":
            if not self._dedup(task):
                return None
            task.stage = "unique"
        if task.stage == "unique":
            return partial(store_and_derive, paths=self.archive.paths)
        return None

    def _run_inline(self, tasks: list[ImportTask], summary: ImportSummary) -> None:
        for task in tasks:
            if self.cancel.is_set():
                break
            while (stage := self._next_stage(task)) is not None:
                task = stage(task)
            self._finish(task, summary)

    def _run_pool(self, tasks: list[ImportTask], summary: ImportSummary, jobs: int) -> None:
        """Run the worker stages on a process pool.

        If a worker dies (a decoder crashing on a damaged file, the kernel killing it), the
        files it may have been working on are run again one at a time in a pool of their
        own, so the culprit alone is rejected and the batch goes on.
        """
        pending = deque(tasks)
        while pending and not self.cancel.is_set():
            suspects = self._pool_pass(pending, summary, jobs)
            for task in suspects:
                _remove(_leftovers(self.archive.paths, task))  # of the killed workers
                self._run_alone(task, summary)

    def _pool_pass(
        self, pending: deque[ImportTask], summary: ImportSummary, jobs: int
    ) -> list[ImportTask]:
        """Run ``pending`` to the end; returns the tasks in flight if the pool broke."""
        flight: dict[Future[ImportTask], ImportTask] = {}
        limit = jobs * 3
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=process_context(), initializer=exit_with_parent
        ) as pool:
            try:
                while True:
                    while pending and len(flight) < limit and not self.cancel.is_set():
                        self._submit(pool, flight, pending.popleft(), summary)
                    if not flight:
                        return []
                    done, _ = wait(flight, timeout=0.5, return_when=FIRST_COMPLETED)
                    for future in done:
                        result = future.result()
                        del flight[future]
                        self._submit(pool, flight, result, summary)
            except BrokenProcessPool:
                log.warning("a worker process died; retrying %d file(s) one by one", len(flight))
                return list(flight.values())

    def _submit(
        self,
        pool: ProcessPoolExecutor,
        flight: dict[Future[ImportTask], ImportTask],
        task: ImportTask,
        summary: ImportSummary,
    ) -> None:
        stage = self._next_stage(task)
        if stage is None:
            self._finish(task, summary)
        else:
            flight[pool.submit(stage, task)] = task

    def _run_alone(self, task: ImportTask, summary: ImportSummary) -> None:
        with ProcessPoolExecutor(
            max_workers=1, mp_context=process_context(), initializer=exit_with_parent
        ) as pool:
            try:
                while (stage := self._next_stage(task)) is not None:
                    task = pool.submit(stage, task).result()
            except BrokenProcessPool:
                task.reject(Text("the image decoder crashed on this file"))
                _remove(_leftovers(self.archive.paths, task))
        self._finish(task, summary)

    # -- stages that run here

    def _dedup(self, task: ImportTask) -> bool:
        """False (and the task marked duplicate or rejected) when nothing is left to do."""
        if task.outcome:
            return False
        assert task.hash
        if task.hash in self._known:
            task.outcome = "duplicate"
            task.reason = Text("already in the archive")
            return False
        self._known.add(task.hash)
        return True

    def _finish(self, task: ImportTask, summary: ImportSummary) -> None:
        if task.outcome is None:
            task.outcome = "imported"
        if task.outcome == "rejected" and task.hash:
            # The hash was reserved by dedup; a failed file may be retried later.
            self._known.discard(task.hash)
        self._pending.append(task)
        self._done += 1
        if self.progress:
            self.progress(self._done, summary.total)
        self._maybe_flush(summary)

    def _maybe_flush(self, summary: ImportSummary) -> None:
        if len(self._pending) >= 64 or (
            self._pending and time.monotonic() - self._last_flush > 1.0
        ):
            self._flush(summary)

    def _flush(self, summary: ImportSummary) -> None:
        """The catalog stage: items and log lines of finished files, in one transaction."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        with self.archive.db.transaction() as conn:
            for task in pending:
                if task.outcome == "imported":
                    task.item_id = insert_item(conn, self._new_item(task))
                    summary.imported += 1
                    summary.item_ids.append(task.item_id)
                elif task.outcome == "duplicate":
                    summary.duplicates += 1
                else:
                    summary.rejected.append((task.display, task.reason or Text("unknown error")))
                log_file(
                    conn,
                    summary.batch_id,
                    task.display,
                    task.outcome,
                    reason=task.reason,
                    digest=task.hash,
                    item_id=task.item_id,
                )
        self._last_flush = time.monotonic()

    def _new_item(self, task: ImportTask) -> NewItem:
        meta = task.metadata
        assert meta is not None and task.hash and task.format
        return NewItem(
            hash=task.hash,
            original_name=display_path(task.path.name),
            original_path=display_path(task.path.absolute()),
            format=task.format,
            size=task.size,
            width=meta.width,
            height=meta.height,
            captured_at=meta.captured_at,
            capture_offset=meta.offset,
            camera_make=meta.camera_make,
            camera_model=meta.camera_model,
            camera_serial=meta.camera_serial,
            orientation=meta.orientation,
            gps_lat=meta.gps_lat,
            gps_lon=meta.gps_lon,
            gps_alt=meta.gps_alt,
            keywords=list(meta.keywords),
            event_id=self._event_id,
            licence=self._licence,
            illustrator=self.options.illustrator,
            # The descriptive fields the file's metadata may hold (title, caption…).
            **{f.name: getattr(meta, f.name) for f in ITEM_FIELDS if f.imported},
        )

    def _start_batch(self) -> int:
        return start_batch(
            self.archive.db, event_id=self._event_id, illustrator=self.options.illustrator
        )

    def _finish_batch(self, summary: ImportSummary) -> None:
        finish_batch(self.archive.db, summary.batch_id, cancelled=summary.cancelled)


def import_paths(
    archive: Archive,
    paths: Iterable[Path],
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportSummary:
    """Import files and folders into ``archive`` (see ``Importer``)."""
    return Importer(archive, options, progress=progress, cancel=cancel).run(paths)
