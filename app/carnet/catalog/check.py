"""``carnet check``: is the archive whole? Catalog integrity, fixity of originals, derived files.

Only derived data is ever repaired; an original that is missing or altered is reported,
never "fixed", since the archive cannot know what the right bytes were.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from carnet.catalog.archive import Archive
from carnet.errors import ImportRejected
from carnet.fsutil import open_regular, remove_stale_temporaries
from carnet.media.corrections import read_corrections
from carnet.media.derive import make_derivatives
from carnet.media.formats import EXTENSIONS

log = logging.getLogger(__name__)


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)  # what is wrong now
    repaired: list[str] = field(default_factory=list)  # what --repair fixed
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong
    items_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_archive(
    archive: Archive, *, repair: bool = False, progress: Callable[[int, int], None] | None = None
) -> CheckReport:
    """Check (and with ``repair`` rebuild the derived files of) an archive."""
    report = CheckReport()
    db, paths = archive.db, archive.paths
    for problem in db.integrity_problems():
        report.problems.append(f"catalog: {problem}")
    if repair:
        removed = sum(
            remove_stale_temporaries(folder)
            for folder in (paths.originals, paths.previews, paths.thumbnails)
        )
        if removed:
            report.repaired.append(f"removed {removed} unfinished temporary file(s)")
    rows = db.query("SELECT id, hash, format, orientation, corrections, original_name FROM items")
    known: set[str] = set()
    for n, row in enumerate(rows, 1):
        digest, fmt = row["hash"], row["format"]
        known.add(digest)
        label = f"item {row['id']} ({row['original_name']})"
        original = paths.original(digest, EXTENSIONS.get(fmt, fmt))
        original_ok = True
        if not original.exists():
            report.problems.append(f"{label}: original missing: {original}")
            original_ok = False
        else:
            with open_regular(original) as handle:
                actual = hashlib.file_digest(handle, "sha256").hexdigest()
            if actual != digest:
                report.problems.append(f"{label}: original altered (checksum differs)")
                original_ok = False
        preview, thumbnail = paths.preview(digest), paths.thumbnail(digest)
        missing = [p.parent.parent.name for p in (preview, thumbnail) if not p.exists()]
        if missing:
            what = " and ".join(missing)
            if repair and original_ok:
                try:
                    make_derivatives(
                        original,
                        fmt,
                        row["orientation"],
                        thumbnail,
                        preview,
                        read_corrections(row["corrections"], item_id=row["id"]),
                    )
                    report.repaired.append(f"{label}: regenerated {what}")
                except ImportRejected as exc:
                    report.problems.append(f"{label}: cannot regenerate {what}: {exc.reason}")
            elif repair:
                report.problems.append(
                    f"{label}: {what} missing, cannot regenerate without the original"
                )
            else:
                report.problems.append(f"{label}: {what} missing (carnet check --repair)")
        report.items_checked = n
        if progress:
            progress(n, len(rows))
    orphans = [
        p for p in paths.originals.glob("*/*") if not p.name.startswith(".") and p.stem not in known
    ]
    if orphans:
        report.notes.append(
            f"{len(orphans)} original(s) not in the catalog, left by an interrupted import; "
            "importing the same files again completes it"
        )
    running = db.query("SELECT id, started_at FROM import_batches WHERE status = 'running'")
    if running and archive.writable:
        if repair:
            with db.transaction() as conn:
                conn.execute(
                    "UPDATE import_batches SET status = 'interrupted' WHERE status = 'running'"
                )
            report.repaired.append(f"marked {len(running)} interrupted import batch(es)")
        else:
            report.notes.append(
                f"{len(running)} import batch(es) did not finish (interrupted or running)"
            )
    return report
