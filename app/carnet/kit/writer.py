"""Writing the kit's files: safe names, only what changed, a record of what was written.

The writer keeps a state file (``carnet-kit.json``) listing every file it wrote with its
checksum and size, and where a copied file came from. The next export compares against it:
a file whose bytes (or source) did not change is left alone, a file no longer produced is
removed — and only files the state lists are ever removed, so whatever else a user put in
the folder survives. The state holds no clock time, so it is as deterministic as the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from carnet.errors import ExportFailed, write_error
from carnet.fsutil import atomic_writer, open_regular
from carnet.messages import Text

log = logging.getLogger(__name__)

STATE_NAME = "carnet-kit.json"
STATE_FORMAT = 1
# A comma too: IIIF tiles are named by their region and size (``0,512,512,512/512,512``).
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.,_-]*$")


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


@dataclass
class Entry:
    sha256: str
    size: int
    source: str = ""

    def to_json(self) -> list[object]:
        return [self.sha256, self.size, self.source]


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    written_bytes: int = 0
    foreign: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class KitWriter:
    """Writes files under ``out`` and remembers them; see the module docstring."""

    def __init__(self, out: Path, *, force: bool = False) -> None:
        self.out = out
        self.root = out.resolve() if out.exists() else out.absolute()
        self.previous: dict[str, Entry] = {}
        self.entries: dict[str, Entry] = {}
        self.stats = WriteStats()
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
        foreign = sorted(
            rel for rel in self._existing_files() if rel not in self.previous and rel != STATE_NAME
        )
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

    def _existing_files(self) -> list[str]:
        found: list[str] = []
        root = os.fspath(self.out)
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            # Strings, not Paths: deep zoom gives a kit thousands of folders (IIIF tile names).
            base = folder[len(root) :].lstrip(os.sep).replace(os.sep, "/")
            prefix = f"{base}/" if base else ""
            for name in files:
                found.append(prefix + name)
        return found

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

    def _unchanged(self, rel: str, dest: Path, sha: str | None, source: str) -> Entry | None:
        old = self.previous.get(rel)
        if old is None or (sha is not None and old.sha256 != sha) or old.source != source:
            return None
        try:
            if dest.stat().st_size != old.size:
                return None
        except OSError:
            return None
        return old

    def write_bytes(self, rel: str, data: bytes) -> Entry:
        """Write ``data`` at ``rel`` unless the same bytes are already there."""
        dest = self._target(rel)
        sha = hashlib.sha256(data).hexdigest()
        entry = self._unchanged(rel, dest, sha, "")
        if entry is None:
            _write_atomic(dest, data)
            entry = Entry(sha, len(data))
            self.stats.written += 1
            self.stats.written_bytes += len(data)
        else:
            self.stats.unchanged += 1
        self.entries[rel] = entry
        return entry

    def copy_file(self, rel: str, src: Path, source: str) -> Entry:
        """Copy ``src`` to ``rel`` unless the file from the same ``source`` is there already.

        ``source`` names the content (an archive hash and a kind): the same source always
        means the same bytes, so an unchanged one costs a ``stat`` and no read.
        """
        dest = self._target(rel)
        entry = self._unchanged(rel, dest, None, source)
        if entry is None:
            try:
                sha = sha256_file(src)
                size = src.stat().st_size
                same = dest.is_file() and dest.stat().st_size == size
                if not (same and sha256_file(dest) == sha):
                    _copy_atomic(src, dest)
                    self.stats.written += 1
                    self.stats.written_bytes += size
                else:
                    self.stats.unchanged += 1
            except OSError as exc:
                raise ExportFailed(
                    Text(
                        "cannot copy {path} into the kit: {error}",
                        path=str(src),
                        error=_reason(exc),
                    )
                ) from exc
            entry = Entry(sha, size, source)
        else:
            self.stats.unchanged += 1
        self.entries[rel] = entry
        return entry

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
        """Delete the files the previous export wrote and this one did not."""
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

    def save_state(self, *, interrupted: bool = False) -> None:
        """Write the state file listing this export's files.

        After an ``interrupted`` export the kit owns what it wrote now and what earlier
        exports wrote, so the next export recognises all of it as its own and completes it.
        """
        files = {**self.previous, **self.entries} if interrupted else self.entries
        data = {
            "format": STATE_FORMAT,
            "files": {rel: files[rel].to_json() for rel in sorted(files)},
        }
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0)
        _write_atomic(self.out / STATE_NAME, (text + "\n").encode())


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


def _copy_atomic(src: Path, dest: Path) -> None:
    with atomic_writer(dest, durable=False) as out, open_regular(src) as inp:
        shutil.copyfileobj(inp, out, length=1 << 20)
