"""The archive's trash: nothing is deleted without passing through it.

Moving an item to the trash only stamps ``items.trashed_at``; every list, the grid, matching
and search leave trashed items out, and restoring clears the stamp. Emptying the trash is
the one place where items really go: their rows, then their files (original, preview,
thumbnail), in that order, so a crash half-way leaves at worst an orphan file that
``carnet check`` reports, never an item without its original.

Files that no item uses (what a crash or an older Carnet left in ``originals/``) are not
deleted either: ``carnet check --repair`` moves them into the archive's ``trash/`` folder,
where the user decides.
"""

from __future__ import annotations

import errno
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from carnet.catalog.archive import TRASH, Archive
from carnet.catalog.database import Database, chunked
from carnet.media.formats import EXTENSIONS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmptiedTrash:
    """What emptying the trash removed: item rows, and files (some may have been missing)."""

    items: int
    files: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def trash_items(db: Database, item_ids: Sequence[int]) -> list[int]:
    """Move items to the trash; returns the ids that were not in it already (for undo)."""
    return _set_trashed(db, item_ids, _now())


def restore_items(db: Database, item_ids: Sequence[int]) -> list[int]:
    """Take items out of the trash; returns the ids that were in it."""
    return _set_trashed(db, item_ids, None)


def _set_trashed(db: Database, item_ids: Sequence[int], stamp: str | None) -> list[int]:
    """Set ``trashed_at`` to ``stamp`` on the items not in that state yet; returns their ids."""
    changed: list[int] = []
    not_yet = "trashed_at IS NULL" if stamp is not None else "trashed_at IS NOT NULL"
    with db.transaction() as conn:
        for chunk in chunked(item_ids):
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT id FROM items WHERE {not_yet} AND id IN ({marks})", chunk
            ).fetchall()
            ids = [int(r[0]) for r in rows]
            conn.executemany(
                "UPDATE items SET trashed_at = ? WHERE id = ?", [(stamp, i) for i in ids]
            )
            changed.extend(ids)
    return changed


def trashed_ids(db: Database) -> list[int]:
    """The items in the trash, most recently trashed first."""
    rows = db.query(
        "SELECT id FROM items WHERE trashed_at IS NOT NULL ORDER BY trashed_at DESC, id"
    )
    return [int(r[0]) for r in rows]


def trash_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM items WHERE trashed_at IS NOT NULL"))


def empty_trash(archive: Archive) -> EmptiedTrash:
    """Delete the items in the trash for good: their catalog rows, then their files."""
    db, paths = archive.db, archive.paths
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT id, hash, format FROM items WHERE trashed_at IS NOT NULL"
        ).fetchall()
        conn.execute("DELETE FROM items WHERE trashed_at IS NOT NULL")
    removed = 0
    for row in rows:
        digest, fmt = str(row["hash"]), str(row["format"])
        for path in (
            paths.original(digest, EXTENSIONS.get(fmt, fmt)),
            paths.preview(digest),
            paths.thumbnail(digest),
        ):
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("could not remove %s from the emptied trash: %s", path, exc)
    return EmptiedTrash(items=len(rows), files=removed)


def move_to_trash_folder(
    archive: Archive, files: Sequence[Path]
) -> tuple[list[Path], list[tuple[Path, OSError]]]:
    """Move files of the archive into its ``trash/`` folder; returns what moved, what failed.

    Each keeps its place below the archive (``originals/ab/…`` goes to
    ``trash/originals/ab/…``), and a file already there is never replaced: the newcomer
    gets a numbered name. A full disk stops the moves (the next would fail the same way).
    """
    moved: list[Path] = []
    failed: list[tuple[Path, OSError]] = []
    for path in files:
        target = archive.root / TRASH / path.relative_to(archive.root)
        number = 1
        while target.exists() or target.is_symlink():
            target = target.with_name(f"{path.stem}-{number}{path.suffix}")
            number += 1
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
        except OSError as exc:
            log.warning("could not move %s to the trash folder: %s", path, exc)
            failed.append((path, exc))
            if exc.errno == errno.ENOSPC:
                break
            continue
        moved.append(path)
    return moved, failed
