"""What a merge that stopped before its catalog transaction leaves behind, and removing it.

``apply_plan`` stores the source's originals (with their previews) before it writes the
catalog: a merge cancelled or refused in between leaves files no item uses. They harm
nothing (``carnet check`` reports them), but the desktop app promises that a cancelled
merge leaves the archive as it was, so it removes them — only those that were not there
before the merge started and that the catalog still does not know.
"""

from __future__ import annotations

import logging

from carnet.catalog.archive import Archive
from carnet.catalog.items import known_hashes
from carnet.media.formats import EXTENSIONS
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
