"""What a merge leaves beside the archive: the originals of one that stopped before its
catalog transaction, and the copy of the catalog an undoable one keeps.

``apply_plan`` stores the source's originals (with their previews) before it writes the
catalog: a merge cancelled or refused in between leaves files no item uses. They harm
nothing (``carnet check`` reports them), but the desktop app promises that a cancelled
merge leaves the archive as it was, so it removes them — only those that were not there
before the merge started and that the catalog still does not know.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.items import known_hashes
from carnet.media.formats import EXTENSIONS
from carnet.merge.apply import UNDO_NAME, MergeUndo
from carnet.merge.plan import MergePlan

log = logging.getLogger(__name__)


def originals_to_store(archive: Archive, plan: MergePlan) -> list[tuple[str, str]]:
    """The (hash, format) of the plan's new items whose original the archive lacks now."""
    paths = archive.paths
    return [
        (i.hash, i.format)
        for i in plan.new_items
        if not paths.original(i.hash, EXTENSIONS[i.format]).exists()
    ]


def remove_unused(archive: Archive, stored: list[tuple[str, str]]) -> int:
    """Remove the original, preview and thumbnail of each (hash, format) in ``stored`` that
    no item of the catalog uses; returns how many originals went."""
    used = known_hashes(archive.db)
    paths = archive.paths
    removed = 0
    for digest, fmt in stored:
        if digest in used:
            continue
        original = paths.original(digest, EXTENSIONS[fmt])
        for path in (original, paths.preview(digest), paths.thumbnail(digest)):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                log.warning("cannot remove %s: %s", path, exc)
                continue
            removed += path == original
    return removed


def keep_apart(undo: MergeUndo) -> MergeUndo:
    """Give the copy of the catalog an undoable merge kept a name of its own.

    ``apply_plan`` always writes it under one name, so a second merge would overwrite the
    first's, and undoing both (the desktop app's Edit stack) would fail at the first.
    """
    target = undo.backup.with_name(f"{undo.backup.name}-{uuid.uuid4().hex[:12]}")
    os.replace(undo.backup, target)
    return MergeUndo(target, list(undo.added))


def remove_backup(undo: MergeUndo) -> None:
    """Remove the copy of the catalog once undone, with the ``-wal`` and ``-shm`` files that
    reading it (a catalog in WAL mode) left beside it (``undo_merge`` removes the copy)."""
    for suffix in ("", "-wal", "-shm"):
        undo.backup.with_name(undo.backup.name + suffix).unlink(missing_ok=True)


def remove_stale_backups(archive: Archive, keep: set[Path]) -> int:
    """Remove the copies of the catalog merges kept for an undo nobody can ask for any
    more (their step left the Edit stack, or the window closed), all but ``keep``;
    returns how many went. Only the archive's writer may call it."""
    removed = 0
    kept = {path.name for path in keep}
    for path in archive.root.glob(UNDO_NAME + "*"):
        main = path.name.removesuffix("-wal").removesuffix("-shm")
        if main in kept:
            continue
        try:
            path.unlink()
        except OSError as exc:
            log.warning("cannot remove %s: %s", path, exc)
            continue
        removed += path.name == main
    return removed
