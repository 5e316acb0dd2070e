"""Writing the kit's files: safe names, only what changed, a record of what was written.

The writer keeps a state file (``carnet-kit.json``) listing every file it wrote with its
checksum and size, and where a copied file came from. The next export compares against it:
a file whose bytes (or source) did not change is left alone, a file no longer produced is
removed — and only files Carnet wrote are ever removed, so whatever else a user put in the
folder survives. The state holds no clock time, so it is as deterministic as the rest.

An export may be killed at any moment (a closed laptop, a ``kill -9``), when the state of
the finished export is not written yet. So that the next export still knows every file as
Carnet's, a journal (``carnet-kit.journal``) names each new file before it is written, and
is removed once the state is; the temporary files of atomic writes (``.tmp-<12 hex>-name``)
are Carnet's too and are deleted. Everything else in the folder is a stranger's: kept,
reported, and refused as a reason to write there without ``--force``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from carnet.errors import ExportFailed, write_error
from carnet.fsutil import TEMP_PREFIX, NotRegularFile, atomic_writer, open_regular
from carnet.messages import Text

log = logging.getLogger(__name__)

STATE_NAME = "carnet-kit.json"
JOURNAL_NAME = "carnet-kit.journal"
STATE_FORMAT = 1
# A comma too: IIIF tiles are named by their region and size (``0,512,512,512/512,512``).
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.,_-]*$")
# The temporary name ``atomic_writer`` gives a file: only Carnet makes these.
_TEMPORARY = re.compile(rf"^{re.escape(TEMP_PREFIX)}[0-9a-f]{{12}}-[A-Za-z0-9][A-Za-z0-9._-]*$")
_BLOCK = 1 << 20


def check_relpath(rel: str) -> str:
    """``rel`` if it is a safe path inside the kit, else ``ExportFailed``.

    Every part must be a plain name (letters, digits, dot, dash, underscore, not starting
    with a dot): no parent folder, no absolute path, no hidden file, no separator tricks.
    """
    parts = rel.split("/")
    if not rel or any(not _PART.match(p) or p in (".", "..") for p in parts):
        raise ExportFailed(
            Text("refusing to write {name!r}: not a safe name inside the kit", name=rel)
        )
    return rel


def is_temporary(name: str) -> bool:
    """Whether a file name is that of an atomic write's temporary file (Carnet's)."""
    return _TEMPORARY.match(name) is not None


def is_kit_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a kit, finished or interrupted (no ``--force`` needed)."""
    return (folder / STATE_NAME).is_file() or (folder / JOURNAL_NAME).is_file()


@dataclass
class Entry:
    sha256: str
    size: int
    source: str = ""

    def to_json(self) -> list[object]:
        return [self.sha256, self.size, self.source]


#: What the journal knows of a file: that Carnet wrote it, not what it holds.
_JOURNALLED = Entry("", -1)


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    written_bytes: int = 0
    temporaries: int = 0  # left by an interrupted export, deleted
    foreign: list[str] = field(default_factory=list)


class NotAsExpected(Exception):
    """The file copied did not have the checksum (or size) it was expected to have."""

    def __init__(self, sha256: str, size: int) -> None:
        super().__init__(sha256, size)
        self.sha256 = sha256
        self.size = size


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def open_no_link(path: Path) -> BinaryIO:
    """Open a regular file for reading, refusing a symbolic link (where it points is not
    the file named) and anything that is not a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


class KitWriter:
    """Writes files under ``out`` and remembers them; see the module docstring."""

    def __init__(self, out: Path, *, force: bool = False) -> None:
        self.out = out
        self.root = out.resolve() if out.exists() else out.absolute()
        self.previous: dict[str, Entry] = {}
        self.entries: dict[str, Entry] = {}
        self.stats = WriteStats()
        self._foreign: set[str] = set()
        self._journal: int | None = None  # descriptor, opened at the first new file
        self._journalled: set[str] = set()
        self._prepare(force)

    # ------------------------------------------------------------ the output folder

    def _prepare(self, force: bool) -> None:
        out = self.out
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            raise ExportFailed(Text("{path} exists and is not a folder", path=str(out)))
        if not out.exists():
            try:
                out.mkdir(parents=True)
            except OSError as exc:
                raise write_error(exc, out) or ExportFailed(
                    Text("cannot create {path}: {error}", path=str(out), error=_reason(exc))
                ) from exc
            self.root = out.resolve()
            return
        self.previous = self._read_state()
        for rel in self._read_journal():
            self.previous.setdefault(rel, _JOURNALLED)
            self._journalled.add(rel)
        foreign = []
        for rel in self._existing_files():
            if is_temporary(rel.rsplit("/", 1)[-1]):
                self._remove_temporary(rel)
            elif rel not in self.previous and rel not in (STATE_NAME, JOURNAL_NAME):
                foreign.append(rel)
        if foreign and not force:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            what = Text("a kit with other files") if self.previous else Text("other files")
            raise ExportFailed(
                Text(
                    "{path} already holds {what} ({files}); choose an empty folder, or use --force"
                    " to write the kit there anyway (files Carnet did not write are kept)",
                    path=str(out),
                    what=what,
                    files=shown,
                )
            )
        self.stats.foreign = foreign
        self._foreign = set(foreign)

    def _read_state(self) -> dict[str, Entry]:
        path = self.out / STATE_NAME
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = data["files"] if data.get("format") == STATE_FORMAT else {}
            return {
                check_relpath(rel): Entry(str(v[0]), int(v[1]), str(v[2]))
                for rel, v in files.items()
            }
        except (OSError, ValueError, KeyError, TypeError, IndexError, ExportFailed):
            log.warning("%s: unreadable kit state, every file will be rewritten", path)
            return {}

    def _read_journal(self) -> list[str]:
        """The files an interrupted export was writing (safe names only; the last line may
        have been cut by the interruption)."""
        path = self.out / JOURNAL_NAME
        if path.is_symlink() or not path.is_file():
            return []
        try:
            lines = path.read_bytes().decode("utf-8", "replace").split("\n")
        except OSError:
            return []
        return [rel for rel in lines if rel and _safe(rel)]

    def _existing_files(self) -> list[str]:
        found: list[str] = []
        root = os.fspath(self.out)
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            # Strings, not Paths: deep zoom gives a kit thousands of folders (IIIF tile names).
            base = folder[len(root) :].lstrip(os.sep).replace(os.sep, "/")
            prefix = f"{base}/" if base else ""
            for name in sorted(files):
                found.append(prefix + name)
        return found

    def _remove_temporary(self, rel: str) -> None:
        path = self.out / rel
        if _inside_real(path.parent, self.root):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                self.stats.temporaries += 1

    # ------------------------------------------------------------ writing

    def _target(self, rel: str) -> Path:
        check_relpath(rel)
        dest = self.out / rel
        # Never write through a symlink planted in the kit: it could point anywhere.
        here = self.out
        for part in rel.split("/"):
            here = here / part
            if here.is_symlink():
                raise ExportFailed(
                    Text("refusing to write through the symbolic link {path}", path=str(here))
                )
        if not dest.resolve().is_relative_to(self.root):
            raise ExportFailed(
                Text(
                    "refusing to write {name!r}: it would land outside {path}",
                    name=rel,
                    path=str(self.out),
                )
            )
        return dest

    def _about_to_write(self, rel: str) -> None:
        """Before a file appears under ``rel``: never over a stranger's file, and in the
        journal first unless the state already names it as Carnet's."""
        if rel in self._foreign:
            raise ExportFailed(
                Text(
                    "{path} was not written by Carnet and the kit needs that name: move it"
                    " elsewhere and export again",
                    path=str(self.out / rel),
                )
            )
        if rel in self.previous or rel in self._journalled:
            return
        try:
            if self._journal is None:
                if not (self.out / STATE_NAME).exists():
                    # So that whoever looks for a kit here (the export dialog) finds one
                    # even if this export is killed: its files are in the journal.
                    _write_atomic(self.out / STATE_NAME, _state_text({}))
                self._journal = os.open(
                    self.out / JOURNAL_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666
                )
            os.write(self._journal, f"{rel}\n".encode())
        except OSError as exc:
            raise write_error(exc, self.out) or ExportFailed(
                Text(
                    "cannot write {path}: {error}",
                    path=str(self.out / JOURNAL_NAME),
                    error=_reason(exc),
                )
            ) from exc
        self._journalled.add(rel)

    def _unchanged(self, rel: str, dest: Path, sha: str | None, source: str) -> Entry | None:
        old = self.previous.get(rel)
        if old is None or (sha is not None and old.sha256 != sha) or old.source != source:
            return None
        try:
            found = dest.lstat()  # a link put in the file's place is not the file
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode) or found.st_size != old.size:
            return None
        return old

    def write_bytes(self, rel: str, data: bytes, source: str = "") -> Entry:
        """Write ``data`` at ``rel`` unless the same bytes (from ``source``) are there."""
        dest = self._target(rel)
        sha = hashlib.sha256(data).hexdigest()
        entry = self._unchanged(rel, dest, sha, source)
        if entry is None:
            self._about_to_write(rel)
            _write_atomic(dest, data)
            entry = Entry(sha, len(data), source)
            self.stats.written += 1
            self.stats.written_bytes += len(data)
        else:
            self.stats.unchanged += 1
        self.entries[rel] = entry
        return entry

    def copy_file(
        self, rel: str, src: Path, source: str, *, sha256: str | None = None, size: int = -1
    ) -> Entry:
        """Copy ``src`` to ``rel`` unless the file from the same ``source`` is there already.

        ``source`` names the content (an archive hash and a kind): the same source always
        means the same bytes, so an unchanged one costs a ``stat`` and no read. Otherwise
        the file is read once, checksummed as it is copied; with ``sha256`` (and ``size``)
        the copy is kept only if it has that checksum, else ``NotAsExpected`` is raised
        and nothing is written. ``src`` must be a regular file, not a symbolic link.
        """
        dest = self._target(rel)
        entry = self._unchanged(rel, dest, None, source)
        if entry is not None:
            self.stats.unchanged += 1
            self.entries[rel] = entry
            return entry
        try:
            with open_no_link(src) as inp:
                entry = self._copy_verified(rel, dest, inp, source, sha256, size)
        except OSError as exc:  # a full disk or read-only media arrive as DiskFull, ReadOnlyMedia
            raise ExportFailed(
                Text("cannot copy {path} into the kit: {error}", path=str(src), error=_reason(exc))
            ) from exc
        self.entries[rel] = entry
        return entry

    def _copy_verified(
        self,
        rel: str,
        dest: Path,
        inp: BinaryIO,
        source: str,
        expected: str | None,
        expected_size: int,
    ) -> Entry:
        digest = hashlib.sha256()
        size = 0
        current = None
        if dest.is_file() and not dest.is_symlink():
            # Perhaps the same bytes already (an earlier export, a lost state): read first,
            # write only if they differ.
            with contextlib.suppress(OSError), open_regular(dest) as old:
                same = hashlib.sha256()
                for block in iter(lambda: old.read(_BLOCK), b""):
                    same.update(block)
                current = same.hexdigest()
        self._about_to_write(rel)
        try:
            with atomic_writer(dest, durable=False) as out:
                for block in iter(lambda: inp.read(_BLOCK), b""):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
                sha = digest.hexdigest()
                if (expected is not None and sha != expected) or (
                    expected_size >= 0 and size != expected_size
                ):
                    raise NotAsExpected(sha, size)  # the temporary file is removed
                if sha == current:
                    raise _SameBytes
        except _SameBytes:
            self.stats.unchanged += 1
            return Entry(sha, size, source)
        self.stats.written += 1
        self.stats.written_bytes += size
        return Entry(sha, size, source)

    def holds(self, rel: str, source: str) -> bool:
        """Whether ``rel`` is on disk, unchanged since an export wrote it from ``source``."""
        return self._unchanged(rel, self.out / check_relpath(rel), None, source) is not None

    def known(self, rel: str, source: str) -> Entry | None:
        """The entry of ``rel`` if it is on disk, unchanged, from ``source`` (else None)."""
        entry = self._unchanged(rel, self.out / check_relpath(rel), None, source)
        if entry is not None:
            self.entries[rel] = entry
            self.stats.unchanged += 1
        return entry

    def adopt(self, rel: str, entry: Entry) -> None:
        """Record a file written by other means (a regenerated image) as the kit's."""
        self.entries[rel] = entry

    def target(self, rel: str) -> Path:
        return self._target(rel)

    # ------------------------------------------------------------ finishing

    def remove_stale(self) -> None:
        """Delete the files earlier (or interrupted) exports wrote and this one did not."""
        for rel in sorted(set(self.previous) - set(self.entries)):
            path = self.out / rel
            with contextlib.suppress(FileNotFoundError):
                if not path.is_symlink() and path.is_file():
                    path.unlink()
                    self.stats.removed += 1
            parent = path.parent
            while parent != self.out:
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
        self._prune_empty_folders()

    def _prune_empty_folders(self) -> None:
        """Remove the empty folders left inside the kit's own folders, such as a tile set's
        folder that an export killed just after making it had no time to fill: a clean
        export has none, and the next export must give the same tree. Only the top folders
        this export writes into (``data/tiles``, ``data/images``…) are walked, once each."""
        tops = {"/".join(rel.split("/")[:2]) for rel in self.entries if rel.count("/") >= 2}
        for top in sorted(tops):
            base = self.out / top
            if base.is_symlink() or not base.is_dir():
                continue
            for folder, _dirs, files in os.walk(base, topdown=False):
                if not files and folder != os.fspath(base):
                    with contextlib.suppress(OSError):  # not empty: a subfolder stayed
                        os.rmdir(folder)

    def save_state(self, *, interrupted: bool = False) -> None:
        """Write the state file listing this export's files, then drop the journal.

        After an ``interrupted`` export the kit owns what it wrote now and what earlier
        exports wrote, so the next export recognises all of it as its own and completes it.
        """
        files = self.entries
        if interrupted:
            journalled = dict.fromkeys(self._journalled, _JOURNALLED)
            files = {**self.previous, **journalled, **self.entries}
        _write_atomic(self.out / STATE_NAME, _state_text(files))
        self.close()
        with contextlib.suppress(FileNotFoundError):
            (self.out / JOURNAL_NAME).unlink()

    def close(self) -> None:
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None


class _SameBytes(Exception):
    """The copy has the bytes already at its destination: the temporary is dropped."""


def _state_text(files: dict[str, Entry]) -> bytes:
    data = {
        "format": STATE_FORMAT,
        "files": {rel: files[rel].to_json() for rel in sorted(files)},
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n").encode()


def _safe(rel: str) -> bool:
    try:
        check_relpath(rel)
    except ExportFailed:
        return False
    return True


def _inside_real(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def _write_atomic(dest: Path, data: bytes) -> None:
    # Not durable (no fsync per file): a kit is derived data, and a crash leaves at worst an
    # old file under its name, which the next export's checksum comparison replaces.
    try:
        with atomic_writer(dest, durable=False) as handle:
            handle.write(data)
    except OSError as exc:
        raise write_error(exc, dest.parent) or ExportFailed(
            Text("cannot write {path}: {error}", path=str(dest), error=_reason(exc))
        ) from exc


def _reason(exc: OSError) -> str:
    """What the system says went wrong (its message alone when it has one)."""
    return exc.strerror or str(exc)
