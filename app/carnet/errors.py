"""The small hierarchy of errors the core raises.

Foreign exceptions (``OSError``, Pillow, ``sqlite3``) are translated into these where they
enter the core, so the command line and the desktop app each turn them into words in one
place.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from carnet.messages import Text


class CarnetError(Exception):
    """Base of every error Carnet reports to a user."""


class ArchiveNotFound(CarnetError):
    """The path is not a Carnet archive (or does not exist)."""


class ArchiveExists(CarnetError):
    """``carnet init`` was asked to create an archive where something already is."""


class ArchiveLocked(CarnetError):
    """Another live process holds the archive's writer lock."""

    def __init__(self, path: Path, pid: int | None, host: str | None, since: str | None) -> None:
        self.path = path
        self.pid = pid
        self.host = host
        self.since = since
        super().__init__(
            Text(
                "archive in use by {who}{where}{when}: {path}",
                who=Text("PID {pid}", pid=pid) if pid is not None else Text("another process"),
                where=Text(" on {host}", host=host) if host else "",
                when=Text(" since {since}", since=since) if since else "",
                path=str(path),
            )
        )


class CatalogMissing(ArchiveNotFound):
    """The folder is an archive whose catalog is gone: refused, never given an empty one."""


class ArchiveCorrupt(CarnetError):
    """The catalog cannot be read as a Carnet catalog."""


class DiskFull(CarnetError):
    """A write failed for want of space (``ENOSPC``, SQLite's ``SQLITE_FULL``).

    Nothing is damaged: the write was refused whole. Its message says which disk is full, so
    that a full disk is never mistaken for a damaged catalog.
    """


class NotFound(CarnetError):
    """A named event, session, item or person does not exist."""


class InvalidValue(CarnetError):
    """A value given by the user is not acceptable (bad licence, bad offset, …)."""


class ImportRejected(CarnetError):
    """One file cannot be imported; the rest of the batch goes on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(Text("{path}: {reason}", path=str(path), reason=reason))


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, with its line number when it has one."""

    line: int | None
    reason: str

    def __str__(self) -> str:
        return self.text()

    def text(self) -> str:
        """The problem as one line (a ``Text`` the desktop app can translate)."""
        if self.line is None:
            return self.reason
        return Text("line {line}: {reason}", line=self.line, reason=self.reason)


class ProgrammeError(CarnetError):
    """A programme file is refused as a whole; ``problems`` says why, line by line."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        more = Text("… and {count} more", count=len(problems) - 50) if len(problems) > 50 else None
        super().__init__(
            Text(
                "{path}: programme refused, nothing imported\n{problems}",
                path=str(path),
                problems=[p.text() for p in problems[:50]] + ([more] if more else []),
            )
        )


class Cancelled(CarnetError):
    """A long operation was cancelled by the user."""


class ExportFailed(CarnetError):
    """The archive kit could not be written (output folder refused, unreadable file…)."""


class OcrUnavailable(CarnetError):
    """Reading the lettering needs the OCR engine (rapidocr, onnxruntime), and this
    installation lacks it (a platform without onnxruntime, a partial install)."""

    def __init__(self) -> None:
        super().__init__(
            Text(
                "reading the lettering needs the OCR engine (rapidocr and onnxruntime),"
                " which is missing from this installation: reinstall Carnet"
            )
        )


class ReadOnlyMedia(CarnetError):
    """A write was refused: the media is read-only (``EROFS``: a DVD, a write-protected
    stick, a backup mounted read-only), or the file or folder cannot be written."""


def write_error(error: OSError, path: Path | str) -> CarnetError | None:
    """What a failed write under ``path`` means for a user, or None when it means nothing
    more than the system's own message (the caller then reports that).

    A full disk (or quota) is ``DiskFull`` and read-only media ``ReadOnlyMedia``, each in
    one sentence naming ``path``: the command stops there, and what it had not finished
    writing is left as it was (writes are atomic).
    """
    number = error.errno
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(
            Text(
                "the disk holding {path} is full: free some space and run the command again",
                path=str(path),
            )
        )
    if number == errno.EROFS:
        return ReadOnlyMedia(
            Text("{path} is on read-only media: nothing can be written there", path=str(path))
        )
    if number in (errno.EACCES, errno.EPERM):
        return ReadOnlyMedia(
            Text(
                "{path} cannot be written ({error}): check its permissions, or whether "
                "the media is write-protected",
                path=str(path),
                error=error.strerror or str(error),
            )
        )
    return None
