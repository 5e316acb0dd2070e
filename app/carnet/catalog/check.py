"""``carnet check``: is the archive whole? Catalog integrity, fixity of originals, derived files.

Only derived data is ever repaired; an original that is missing or altered is reported,
never "fixed", since the archive cannot know what the right bytes were. Files in
``originals/`` that no item uses are told apart by what the import log knows of them (a
file rejected at import, an import that was interrupted, an item that is gone) and
``--repair`` moves them into the archive's ``trash/`` folder, saying which: it never
deletes them. Tile sets in ``tiles/`` that no item's corrections give any more (superseded,
of an item that is gone, left unfinished) are derived data: ``--repair`` removes them.

Derived files are checked without trusting them: each must first pass what an import
demands of a file (``media.derive.derived_size``: a regular file, a plain RGB JPEG no
larger than it should be), then be of the size the item's original gives; every byte of a
thumbnail is decoded (at a reduced scale: it is cheap), a preview must end where a JPEG
ends (a truncated one does not). A full decode of every preview would make ``check``
several times slower for little more (``bench/bench_check.py``). Each must also say, in
its header, that it was made with the item's corrections as the catalog holds them
(``DerivedHeader.shows``): one left by a correction that was killed before its new files
were in place is "out of date", and ``--repair`` makes it again.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import math
import os
import stat
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from io import BufferedReader
from pathlib import Path
from typing import Any, cast

from PIL import Image, UnidentifiedImageError

from carnet.catalog.archive import TRASH, Archive
from carnet.catalog.database import Database
from carnet.catalog.migrations import current_version, migrate
from carnet.catalog.trash import move_to_trash_folder
from carnet.errors import DiskFull, ImportRejected, ReadOnlyMedia
from carnet.fsutil import TEMP_PREFIX, open_regular, remove_stale_temporaries
from carnet.media.corrections import Corrections, read_corrections
from carnet.media.derive import (
    PREVIEW_EDGE,
    THUMBNAIL_EDGE,
    derived_header,
    make_derivatives,
    read_derived,
)
from carnet.media.formats import EXTENSIONS
from carnet.media.tiles import is_tile_set_name, remove_tile_set, tile_set_key
from carnet.messages import message_of

log = logging.getLogger(__name__)

#: Pixels a derived file may be off from the size computed from its item: JPEG's scaled
#: decoding rounds the drafted size, and the preview is fitted from that.
SIZE_SLACK = 2
#: Examples named in a note or a repair line, at most.
EXAMPLES = 5


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
    """Check an archive; with ``repair``, rebuild its derived files and move the files no
    item uses to its ``trash/`` folder. Never raises for what it finds (that is the report);
    a full disk or a catalog SQLite cannot read still raise their ``CarnetError``."""
    report = CheckReport()
    db, paths = archive.db, archive.paths
    writer = None if archive.writable else archive.writer()
    if writer:
        report.notes.append(
            f"another Carnet (PID {writer.get('pid', '?')}) is writing this archive: what it "
            "has not finished yet may show below as left by an interrupted import"
        )
    try:
        for problem in db.integrity_problems() + _schema_problems(db):
            report.problems.append(f"catalog: {problem}")
    except DiskFull as exc:  # not a damaged catalog: say what it is and check the rest
        report.problems.append(f"catalog not checked: {message_of(exc)}")
    _temporaries(archive, repair, report)
    rows = db.query(
        f"SELECT id, hash, format, orientation, {_corrections_column(db)} AS corrections,"
        " width, height, original_name FROM items"
    )
    repairing = repair
    used: set[Path] = set()
    for n, row in enumerate(rows, 1):
        digest, fmt = row["hash"], row["format"]
        label = f"item {row['id']} ({row['original_name']})"
        original = paths.original(digest, EXTENSIONS.get(fmt, fmt))
        used.add(original)
        original_ok = _check_original(original, digest, label, report)
        bad = _derived_problems(archive, row)
        if bad:
            what = _describe(bad)
            if repairing and original_ok:
                repairing = _regenerate(archive, row, original, label, bad, report)
            elif repair and repairing:
                report.problems.append(f"{label}: {what}, cannot regenerate without the original")
            else:
                report.problems.append(f"{label}: {what} (carnet check --repair)")
        report.items_checked = n
        if progress:
            progress(n, len(rows))
    _stray_originals(archive, used, repair, report)
    _stale_tile_sets(archive, rows, repair, report)
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
    _trash_note(archive, report)
    return report


def _schema_problems(db: Database) -> list[str]:
    """Tables and columns the catalog lacks, against a new catalog at its own version (a
    catalog opened read-only may be older than this Carnet: that is not a problem)."""
    reference = Database(Path(":memory:"))
    try:
        migrate(reference, target=current_version(db), backup=False)
        expected = _tables(reference)
    finally:
        reference.close()
    actual = _tables(db)
    problems = []
    for table, columns in expected.items():
        if table not in actual:
            problems.append(f"the table {table} is missing")
        else:
            problems += [
                f"the column {table}.{c} is missing" for c in sorted(columns - actual[table])
            ]
    return problems


def _tables(db: Database) -> dict[str, set[str]]:
    names = [
        str(r[0])
        for r in db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: {str(r[0]) for r in db.query("SELECT name FROM pragma_table_info(?)", (name,))}
        for name in names
    }


def _corrections_column(db: Database) -> str:
    """The items' corrections, also from a catalog opened read-only at an older schema
    (not migrated: on read-only media, or a full disk), whose quarter turns are still in
    ``rotation``: such a catalog is older, not damaged."""
    columns = {str(r[1]) for r in db.query("PRAGMA table_info(items)")}
    if "corrections" in columns:
        return "corrections"
    if "rotation" in columns:
        return "CASE WHEN rotation IN (90, 180, 270) THEN json_object('rotate', rotation) END"
    return "NULL"


# ---------------------------------------------------------------- originals


def _check_original(original: Path, digest: str, label: str, report: CheckReport) -> bool:
    """Fixity: the original is there and its bytes still have the checksum it is named by."""
    try:
        with open_regular(original) as handle:
            # A buffered reader (os.fdopen's), whatever the annotation says.
            actual = hashlib.file_digest(cast(BufferedReader, handle), "sha256").hexdigest()
    except FileNotFoundError:
        report.problems.append(f"{label}: original missing: {original}")
        return False
    except OSError as exc:
        report.problems.append(
            f"{label}: original cannot be read: {original}: {exc.strerror or exc}"
        )
        return False
    if actual != digest:
        report.problems.append(f"{label}: original altered (checksum differs)")
        return False
    return True


# ---------------------------------------------------------------- derived files


@dataclass(frozen=True)
class _Bad:
    """One derived file that is not as it should be."""

    folder: str  # 'previews' or 'thumbnails', as the archive names them
    reason: str | None  # None: missing; OUT_OF_DATE: made with other corrections


def _derived_problems(archive: Archive, row: Any) -> list[_Bad]:
    digest = row["hash"]
    corrections = read_corrections(row["corrections"], item_id=row["id"])
    preview_size = _expected_preview(row)
    thumbnail_size = None if preview_size is None else fit_size(preview_size, THUMBNAIL_EDGE)
    bad = []
    for folder, path, expected, decode in (
        ("previews", archive.paths.preview(digest), preview_size, False),
        ("thumbnails", archive.paths.thumbnail(digest), thumbnail_size, True),
    ):
        edge = PREVIEW_EDGE if folder == "previews" else THUMBNAIL_EDGE
        damage = derived_damage(path, expected, edge=edge, decode=decode, corrections=corrections)
        if damage is not None:
            bad.append(_Bad(folder, None if damage == MISSING else damage))
    return bad


def _describe(bad: Sequence[_Bad]) -> str:
    """``previews and thumbnails missing``, ``thumbnail damaged (truncated)``…"""
    missing = [b.folder for b in bad if b.reason is None]
    parts = [f"{' and '.join(missing)} missing"] if missing else []
    parts += [f"{b.folder[:-1]} {OUT_OF_DATE}" for b in bad if b.reason == OUT_OF_DATE]
    parts += [
        f"{b.folder[:-1]} damaged ({b.reason})"
        for b in bad
        if b.reason is not None and b.reason != OUT_OF_DATE
    ]
    return "; ".join(parts)


def _regenerated(bad: Sequence[_Bad]) -> str:
    """``previews and thumbnails``, ``the thumbnail (damaged: truncated)``…"""
    missing = [b.folder for b in bad if b.reason is None]
    parts = [" and ".join(missing)] if missing else []
    parts += [f"the {b.folder[:-1]} ({OUT_OF_DATE})" for b in bad if b.reason == OUT_OF_DATE]
    parts += [
        f"the {b.folder[:-1]} (damaged: {b.reason})"
        for b in bad
        if b.reason is not None and b.reason != OUT_OF_DATE
    ]
    return " and ".join(parts)


def _regenerate(
    archive: Archive, row: Any, original: Path, label: str, bad: Sequence[_Bad], report: CheckReport
) -> bool:
    """Rewrite both derived files of ``row``; False when repairs must stop (disk full…)."""
    digest, what = row["hash"], _describe(bad)
    try:
        make_derivatives(
            original,
            row["format"],
            row["orientation"],
            archive.paths.thumbnail(digest),
            archive.paths.preview(digest),
            read_corrections(row["corrections"], item_id=row["id"]),
        )
    except ImportRejected as exc:
        report.problems.append(f"{label}: cannot regenerate ({what}): {exc.reason}")
        return True
    except MemoryError:
        report.problems.append(f"{label}: cannot regenerate ({what}): not enough memory")
        return True
    except (DiskFull, ReadOnlyMedia) as exc:  # the next file would fail the same way
        report.problems.append(
            f"{label}: cannot regenerate ({what}): {message_of(exc)}; nothing more was repaired"
        )
        return False
    except OSError as exc:  # this file's place (a folder in the way, an I/O error)
        report.problems.append(f"{label}: cannot regenerate ({what}): {exc.strerror or exc}")
        return True
    report.repaired.append(f"{label}: regenerated {_regenerated(bad)}")
    return True


def _write_error(archive: Archive, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return (
            f"the disk holding {archive.root} is full; free some space and run "
            "carnet check --repair again"
        )
    return str(exc.strerror or exc)


MISSING = "missing"
#: A derived file made with other corrections than the item's (a correction killed
#: between the catalog's write and the new files' rename).
OUT_OF_DATE = "out of date"


def derived_damage(
    path: Path,
    expected: tuple[int, int] | None,
    *,
    edge: int,
    decode: bool,
    corrections: Corrections | None = None,
) -> str | None:
    """What is wrong with the derived JPEG at ``path``, or None when it is sound.

    ``MISSING`` when there is no file. The file must first pass what an import would
    demand of it (``media.derive.derived_size``: a regular file, a plain RGB JPEG no
    larger than ``edge`` and no heavier than its pixels), header only, so a crafted header
    claiming a huge size is never acted on; then be of the ``expected`` size, give or take
    :data:`SIZE_SLACK`. With ``decode`` every byte of it is decoded (at a reduced scale,
    which is cheap); otherwise it must at least end with the JPEG end-of-image marker,
    which a truncated file lacks. With ``corrections``, a file whose header does not say
    it was made with them is :data:`OUT_OF_DATE`.
    """
    header = derived_header(path, edge)
    if header is None:
        return _refused(path, edge)
    if corrections is not None and not header.shows(corrections):
        return OUT_OF_DATE
    size = header.size
    width, height = size
    if expected is not None and not _close(size, expected):
        return f"{width}×{height} pixels instead of {expected[0]}×{expected[1]}"
    try:
        if not decode:
            return None if _ends_as_jpeg(path) else "truncated"
        data = read_derived(path, edge)  # what is decoded is what was checked
        if data is None:
            return _refused(path, edge)
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as image:
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except FileNotFoundError:
        return MISSING
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        text = " ".join(str(exc).split()).lower()
        return "truncated" if "truncated" in text else f"does not decode: {text[:80]}"
    return None


def _refused(path: Path, edge: int) -> str:
    """Why ``derived_size`` refused ``path``, in a few words (only bad files come here)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return MISSING
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):  # never opened: a FIFO would be waited on
        return "not a regular file"
    if info.st_size == 0:
        return "empty file"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_regular(path) as handle, Image.open(handle, formats=("JPEG",)) as image:
                width, height = image.size
                if width > edge or height > edge or width < 1 or height < 1:
                    return f"{width}×{height} pixels, larger than a {edge}-pixel derived file"
                if image.mode != "RGB" or image.format != "JPEG":
                    return f"a {image.format} image in {image.mode}, not the RGB JPEG Carnet writes"
    except UnidentifiedImageError:
        return _not_a_jpeg(path)
    except Image.DecompressionBombError:
        return "claims a size far too large"
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        return f"unreadable: {' '.join(str(exc).split())[:80]}"
    return f"{info.st_size} bytes, far heavier than a {edge}-pixel derived file"


def _ends_as_jpeg(path: Path) -> bool:
    with open_regular(path) as handle:
        handle.seek(-2, os.SEEK_END)
        return handle.read(2) == b"\xff\xd9"


def _not_a_jpeg(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if head.startswith(b"\x89PNG"):
        return "a PNG image, not a JPEG"
    if head.startswith(b"\xff\xd8"):
        return "unreadable JPEG header"
    return "not a JPEG image"


def _close(actual: tuple[int, int], expected: tuple[int, int]) -> bool:
    return all(abs(a - e) <= SIZE_SLACK for a, e in zip(actual, expected, strict=True))


def fit_size(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """``size`` scaled so its long edge is at most ``edge``, as derived files are made."""
    width, height = size
    longest = max(width, height)
    if longest <= edge:
        return size
    scale = edge / longest
    return max(1, math.ceil(width * scale - 0.5)), max(1, math.ceil(height * scale - 0.5))


def _expected_preview(row: Any) -> tuple[int, int] | None:
    """The preview's size from the item's: upright (orientation, then a quarter turn),
    fitted; None for other corrections, whose size is the warp's to the pixel."""
    width, height = row["width"], row["height"]
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        return None
    orientation = row["orientation"] if row["format"] != "heic" else 1
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    turn = read_corrections(row["corrections"], item_id=row["id"]).quarter_turn
    if turn is None:
        return None
    if turn in (90, 270):
        width, height = height, width
    return fit_size((width, height), PREVIEW_EDGE)


# ---------------------------------------------------------------- leftovers


def _temporaries(archive: Archive, repair: bool, report: CheckReport) -> None:
    """Half-written files a killed import or repair left (``.tmp-*``): removed by repair."""
    folders = (archive.paths.originals, archive.paths.previews, archive.paths.thumbnails)
    if repair:
        removed = sum(remove_stale_temporaries(folder) for folder in folders)
        if removed:
            report.repaired.append(f"removed {removed} unfinished temporary file(s)")
        return
    found = sum(1 for folder in folders for _ in folder.rglob(f"{TEMP_PREFIX}*"))
    if found:
        report.notes.append(
            f"{found} unfinished temporary file(s) left by an interrupted import or repair "
            "(carnet check --repair removes them)"
        )


#: Why a file in ``originals/`` is there though no item uses it, and what a user can do.
_STRAY_KINDS: dict[str, str] = {
    "rejected": "left by files rejected at import",
    "interrupted": "left by an interrupted import",
    "removed": "of items that are no longer in the catalog",
    "foreign": "that Carnet did not put there",
}


def _stray_originals(archive: Archive, used: set[Path], repair: bool, report: CheckReport) -> None:
    """Files in ``originals/`` that no item uses, by kind; repair moves them to ``trash/``."""
    strays = [
        p for p in _files(archive.paths.originals) if p not in used and not p.name.startswith(".")
    ]
    if not strays:
        return
    kinds = _stray_kinds(archive, strays)
    trash = archive.root / TRASH
    for kind, text in _STRAY_KINDS.items():
        files = [p for p in strays if kinds[p][0] == kind]
        if not files:
            continue
        details = ""
        if kind == "rejected":
            examples = "; ".join(f"{kinds[p][1]}: {kinds[p][2]}" for p in files[:EXAMPLES])
            details = f" ({examples}{'; …' if len(files) > EXAMPLES else ''})"
        if not repair:
            advice = _STRAY_ADVICE.get(kind, "carnet check --repair moves them")
            report.notes.append(
                f"{len(files)} file(s) in originals/ {text}{details}; {advice} to {trash} "
                "(nothing is deleted)"
            )
            continue
        moved, failed = move_to_trash_folder(archive, files)
        if moved:
            names = ", ".join(p.name for p in moved[:EXAMPLES])
            more = f" and {len(moved) - EXAMPLES} more" if len(moved) > EXAMPLES else ""
            report.repaired.append(
                f"moved to {trash}: {len(moved)} file(s) from originals/ {text}{details}, "
                f"which no item uses: {names}{more}"
            )
        for path, error in failed:
            report.problems.append(
                f"{path}: no item uses it, and it cannot be moved: {_write_error(archive, error)}"
            )


_STRAY_ADVICE = {
    "interrupted": "importing the same files again completes that import; otherwise "
    "carnet check --repair moves them",
    "rejected": "no item uses them: carnet check --repair moves them",
}


def _files(folder: Path) -> Iterable[Path]:
    """Every file under ``folder`` (symbolic links are not followed)."""
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            yield Path(top) / name


def _stray_kinds(archive: Archive, strays: Sequence[Path]) -> dict[Path, tuple[str, str, str]]:
    """For each stray file: its kind and, from the import log, the path and reason it had."""
    by_hash = {p.stem: p for p in strays if _is_digest(p.stem) and p.parent.name == p.stem[:2]}
    last: dict[str, tuple[str, str, str]] = {}
    if by_hash:
        for row in archive.db.query(
            "SELECT hash, outcome, path, reason FROM import_log WHERE hash IS NOT NULL ORDER BY id"
        ):
            if row["hash"] in by_hash:
                last[row["hash"]] = (str(row["outcome"]), str(row["path"]), str(row["reason"]))
    kinds: dict[Path, tuple[str, str, str]] = {}
    for path in strays:
        entry = last.get(path.stem) if by_hash.get(path.stem) == path else None
        if by_hash.get(path.stem) != path:
            kinds[path] = ("foreign", "", "")
        elif entry is None:
            kinds[path] = ("interrupted", "", "")
        elif entry[0] == "rejected":
            kinds[path] = ("rejected", entry[1], entry[2])
        else:
            kinds[path] = ("removed", entry[1], "")
    return kinds


def _is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


#: An unfinished tile set (``.tmp-*``) younger than this may be one an export or the
#: viewer is making now (they write tiles into an archive opened read-only).
UNFINISHED_TILES_AGE = 3600.0


def _stale_tile_sets(
    archive: Archive, rows: Sequence[Any], repair: bool, report: CheckReport
) -> None:
    """Tile sets in ``tiles/`` that no item's corrections give (a correction changed, the
    item is gone) or that a killed process left unfinished; repair removes them (derived
    data, made again on need). What is not named like a tile set is left alone, and no
    link is followed."""
    tiles = archive.paths.tiles
    if tiles.is_symlink() or not tiles.is_dir():
        return
    wanted = {
        archive.paths.tile_set(
            row["hash"],
            tile_set_key(
                row["orientation"], read_corrections(row["corrections"], item_id=row["id"])
            ),
        )
        for row in rows
    }
    now = time.time()
    stale = []
    for shard in sorted(tiles.iterdir()):
        if shard.is_symlink() or not shard.is_dir() or len(shard.name) != 2:
            continue
        for entry in sorted(shard.iterdir()):
            name = entry.name
            if name.startswith(TEMP_PREFIX):
                try:
                    old = now - entry.lstat().st_mtime > UNFINISHED_TILES_AGE
                except OSError:
                    continue
                if old and is_tile_set_name(name.split("-", 2)[-1]):
                    stale.append(entry)
            elif is_tile_set_name(name) and name.startswith(shard.name) and entry not in wanted:
                stale.append(entry)
    if not stale:
        return
    if not repair:
        report.notes.append(
            f"{len(stale)} tile set(s) in tiles/ of superseded corrections, of items no longer "
            "in the catalog or left unfinished (carnet check --repair removes them: they are "
            "derived data)"
        )
        return
    removed = 0
    for entry in stale:
        try:
            remove_tile_set(entry)
            removed += 1
        except OSError as exc:
            report.problems.append(
                f"{entry}: a stale tile set that cannot be removed: {_write_error(archive, exc)}"
            )
    if removed:
        report.repaired.append(f"removed {removed} stale tile set(s) from tiles/")


def _trash_note(archive: Archive, report: CheckReport) -> None:
    trash = archive.root / TRASH
    count = sum(1 for _ in _files(trash)) if trash.is_dir() else 0
    if count:
        report.notes.append(
            f"{count} file(s) in {trash}, moved there by carnet check --repair because no item "
            "used them; delete that folder once you no longer need them"
        )
