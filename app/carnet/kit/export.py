"""``carnet export``: an event's archive kit, a static site that is also a BagIt bag.

```
OUT/
  index.html                 a link into data/ (and a redirect)
  bagit.txt, bag-info.txt    the bag's declaration and description
  manifest-sha256.txt        a checksum for every file of data/
  tagmanifest-sha256.txt     checksums of the files above
  carnet-kit.json            what Carnet wrote, for the next (incremental) export
  data/                      the site: index.html, sessions/, items/, speakers/, …,
                             images/, search/, assets/, items.csv, items.json
```

The output depends only on the catalog, the derived images and the options — never on the
clock or the order of a directory listing — so the same archive gives the same bytes.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from carnet import carnet_version
from carnet.catalog.archive import Archive
from carnet.catalog.fields import ITEM_FIELDS, Section
from carnet.errors import Cancelled, CarnetError, ExportFailed, write_error
from carnet.kit.deepzoom import DeepZoom
from carnet.kit.model import KitData, KitItem, load_kit_data, slugify
from carnet.kit.pages import render_pages, render_root
from carnet.kit.resources import kit_resources
from carnet.kit.searchdata import build_search_files, entry_for, page_links
from carnet.kit.writer import KitWriter, check_relpath, sha256_file
from carnet.media.derive import PREVIEW_EDGE, THUMBNAIL_EDGE, derived_size, make_derivatives
from carnet.messages import Text, message_of

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
PAYLOAD = "data"
#: Zip entries carry this time when the archive has no import date (the zip epoch).
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass
class ExportOptions:
    language: str | None = None  # None: the event's language
    originals: bool = False
    zip: bool = False
    force: bool = False
    #: The address the kit will be served at (``--base-url``): IIIF manifests and
    #: ``info.json`` files are written only with it (``kit/iiif.py``).
    base_url: str | None = None
    #: Put the machine-read text (``carnet transcribe``) in the search data (``--with-ocr``).
    with_ocr: bool = False


@dataclass
class ExportSummary:
    out: Path
    language: str
    items: int = 0
    pages: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    bytes: int = 0
    regenerated: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    zip_path: Path | None = None


def export_kit(
    archive: Archive,
    slug: str,
    out: Path,
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ExportSummary:
    """Write the kit of the event ``slug`` into ``out`` (see the module docstring).

    Only published items are exported. Raises ``ExportFailed`` when ``out`` cannot be used
    (it holds other files and ``force`` is off, it lies inside the archive, a file cannot
    be written) and ``Cancelled`` when ``cancel`` is set; a cancelled export leaves a kit
    that the next export completes.
    """
    options = options or ExportOptions()
    out = Path(out)
    _refuse_inside_archive(archive, out)
    kit = load_kit_data(archive.db, slug)
    language = options.language or kit.event.language
    if language not in ("fr", "en"):
        raise ExportFailed(
            Text("unknown kit language {language!r}: use fr or en", language=language)
        )
    writer = KitWriter(out, force=options.force)
    summary = ExportSummary(out=out, language=language, items=len(kit.items))
    summary.foreign = writer.stats.foreign
    total = len(kit.items) + 1

    def step(done: int) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(Text("export cancelled; run it again to complete the kit"))
        if progress is not None:
            progress(done, total)

    try:
        _write_kit(archive, kit, writer, summary, options, language, step)
    except BaseException:
        # Cancelled, a full disk, a crash in a template: what was written is the kit's.
        writer.save_state(interrupted=True)
        raise
    if progress is not None:
        progress(total, total)

    stats = writer.stats
    summary.files = len(writer.entries)
    summary.written, summary.unchanged, summary.removed = (
        stats.written,
        stats.unchanged,
        stats.removed,
    )
    summary.bytes = sum(e.size for e in writer.entries.values())
    if options.zip:
        summary.zip_path = write_zip(out, kit.last_change)
    return summary


def _write_kit(
    archive: Archive,
    kit: KitData,
    writer: KitWriter,
    summary: ExportSummary,
    options: ExportOptions,
    language: str,
    step: Callable[[int], None],
) -> None:
    """Images, pages, search data, metadata and the bag, in that order."""
    zoom = DeepZoom(archive, kit, writer, language, summary.problems.append, PAYLOAD)
    with tempfile.TemporaryDirectory(prefix="carnet-kit-") as scratch:
        for n, k in enumerate(kit.items):
            step(n)
            _export_images(archive, k, writer, Path(scratch), options, summary)
            zoom.export(k, Path(scratch))  # tiles and full-resolution download
    step(len(kit.items))

    version_text = carnet_version()
    download_names = {k.id: _download_name(k) for k in kit.items if k.original}
    pages = render_pages(kit, language, version_text, download_names=download_names)
    summary.pages = len(pages)
    site: dict[str, bytes] = dict(pages)
    entries = (entry_for(k, with_ocr=options.with_ocr) for k in kit.items)
    site.update(build_search_files(entries, language, page_links(kit)))
    site.update(_static_files())
    site.update(zoom.iiif_files(options.base_url))
    site["items.csv"], site["items.json"] = _metadata_files(kit, writer)
    for rel in sorted(site):
        writer.write_bytes(f"{PAYLOAD}/{rel}", site[rel])
    writer.write_bytes("index.html", render_root(kit, language))

    _write_bag(kit, writer, version_text)
    writer.remove_stale()
    writer.save_state()


def _refuse_inside_archive(archive: Archive, out: Path) -> None:
    root = archive.root.resolve()
    target = out.resolve()
    if target == root or target.is_relative_to(root) or root.is_relative_to(target):
        raise ExportFailed(
            Text(
                "{path}: the kit cannot be written inside the archive, or around it",
                path=str(out),
            )
        )


# ---------------------------------------------------------------- images


def _image_size(path: Path, edge: int) -> tuple[int, int]:
    """Width and height of a derived JPEG the kit made, from its header."""
    size = derived_size(path, edge)
    if size is None:
        raise ExportFailed(Text("cannot read {path}: {error}", path=str(path), error="not a JPEG"))
    return size


def _export_images(
    archive: Archive,
    k: KitItem,
    writer: KitWriter,
    scratch: Path,
    options: ExportOptions,
    summary: ExportSummary,
) -> None:
    """Copy (or, when missing or not as Carnet writes them, regenerate) the item's thumbnail
    and preview into the kit."""
    digest = k.item.hash
    paths = archive.paths
    thumb_rel = f"images/t/{digest}.jpg"
    preview_rel = f"images/p/{digest}.jpg"
    thumb_src, preview_src = paths.thumbnail(digest), paths.preview(digest)
    original = paths.original(digest, k.extension)
    # The archive's derived files may come from anyone: their headers are checked first.
    thumb_size = derived_size(thumb_src, THUMBNAIL_EDGE)
    preview_size = derived_size(preview_src, PREVIEW_EDGE)
    if thumb_size is None or preview_size is None:
        regenerated = f"regenerated:{digest}:{k.item.corrections.digest() or 0}"
        if not (
            writer.known(f"{PAYLOAD}/{thumb_rel}", regenerated)
            and writer.known(f"{PAYLOAD}/{preview_rel}", regenerated)
        ):
            if not original.is_file():
                summary.problems.append(
                    Text(
                        "item {id}: no preview, no thumbnail and no original; shown without image",
                        id=k.id,
                    )
                )
                return
            thumb_src, preview_src = scratch / f"{digest}-t.jpg", scratch / f"{digest}-p.jpg"
            try:
                make_derivatives(
                    original, k.item.format, k.item.orientation, thumb_src, preview_src,
                    k.item.corrections,
                )  # fmt: skip
            except (CarnetError, OSError) as exc:
                summary.problems.append(
                    Text(
                        "item {id}: images cannot be regenerated: {error}",
                        id=k.id,
                        error=message_of(exc),
                    )
                )
                return
            writer.copy_file(f"{PAYLOAD}/{thumb_rel}", thumb_src, regenerated)
            writer.copy_file(f"{PAYLOAD}/{preview_rel}", preview_src, regenerated)
        summary.regenerated.append(k.id)
        thumb_size = _image_size(writer.target(f"{PAYLOAD}/{thumb_rel}"), THUMBNAIL_EDGE)
        preview_size = _image_size(writer.target(f"{PAYLOAD}/{preview_rel}"), PREVIEW_EDGE)
    else:
        writer.copy_file(f"{PAYLOAD}/{thumb_rel}", thumb_src, f"thumbnail:{digest}")
        writer.copy_file(f"{PAYLOAD}/{preview_rel}", preview_src, f"preview:{digest}")
    k.thumb, k.preview = thumb_rel, preview_rel
    k.thumb_size, k.preview_size = thumb_size, preview_size
    if options.originals:
        if original.is_file():
            rel = f"originals/{digest}.{k.extension}"
            writer.copy_file(f"{PAYLOAD}/{rel}", original, f"original:{digest}")
            k.original = rel
        else:
            summary.problems.append(
                Text("item {id}: the original is missing from the archive", id=k.id)
            )


def _download_name(k: KitItem) -> str:
    stem = k.item.original_name.rsplit(".", 1)[0] if k.item.original_name else ""
    return f"{slugify(stem, f'item-{k.id}')}.{k.extension}"


# ---------------------------------------------------------------- static and metadata files


def _static_files() -> dict[str, bytes]:
    folder = kit_resources() / "static"
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files[f"assets/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return files


def _field_columns(section: Section) -> list[str]:
    """The columns of the item's exported fields of ``section`` (``catalog/fields.py``)."""
    columns: list[str] = []
    for f in ITEM_FIELDS:
        if f.export and f.section == section:
            columns.extend((f.name, f"{f.name}_url") if f.kind == "licence" else (f.name,))
    return columns


def _field_values(k: KitItem, section: Section) -> dict[str, object]:
    """The values of those columns for one item ("" for none)."""
    values: dict[str, object] = {}
    for f in ITEM_FIELDS:
        if not (f.export and f.section == section):
            continue
        if f.kind == "licence":  # the item's own, else the event's
            values[f.name] = k.licence.code if k.licence else ""
            values[f"{f.name}_url"] = (k.licence.url or "") if k.licence else ""
        else:
            value = getattr(k.item, f.name)
            values[f.name] = "" if value is None else value
    return values


#: The columns of ``items.csv``: the item's fields about the drawing, its session, people
#: and tags, then its fields about rights, then its files.
CSV_FIELDS = (
    "id",
    *_field_columns("about"),
    "session",
    "session_start",
    "session_end",
    "track",
    "room",
    "speakers",
    "illustrators",
    "tags",
    *_field_columns("rights"),
    "captured_at",
    "width",
    "height",
    "format",
    "original_name",
    "page",
    "preview",
    "thumbnail",
    "original",
    "original_sha256",
    "preview_sha256",
    "thumbnail_sha256",
)


def _metadata_files(kit: KitData, writer: KitWriter) -> tuple[bytes, bytes]:
    """``items.csv`` and ``items.json``: every exported field of every exported item."""
    records: list[dict[str, object]] = []
    for k in kit.items:
        it = k.item
        s = k.session.session if k.session else None

        def sha(rel: str | None) -> str:
            entry = writer.entries.get(f"{PAYLOAD}/{rel}") if rel else None
            return entry.sha256 if entry else ""

        records.append(
            {
                "id": it.id,
                **_field_values(k, "about"),
                "session": s.title if s else "",
                "session_start": s.start.isoformat() if s else "",
                "session_end": s.end.isoformat() if s else "",
                "track": (s.track or "") if s else "",
                "room": (s.room or "") if s else "",
                "speakers": list(it.speakers),
                "illustrators": list(it.illustrators),
                "tags": list(it.tags),
                **_field_values(k, "rights"),
                "captured_at": it.captured_at or "",
                "width": it.width,
                "height": it.height,
                "format": it.format,
                "original_name": it.original_name,
                "page": k.url,
                "preview": k.preview or "",
                "thumbnail": k.thumb or "",
                "original": k.original or "",
                "original_sha256": it.hash,
                "preview_sha256": sha(k.preview),
                "thumbnail_sha256": sha(k.thumb),
            }
        )
    text = io.StringIO(newline="")
    out = csv.DictWriter(text, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    out.writeheader()
    for record in records:
        out.writerow(
            {
                key: "; ".join(map(str, value))
                if isinstance(value, list)
                else ("" if value is None else _csv_safe(value))
                for key, value in record.items()
            }
        )
    event = kit.event
    document = {
        "event": {
            "slug": event.slug,
            "name": event.name,
            "place": event.place,
            "start_date": event.start_date,
            "end_date": event.end_date,
            "timezone": event.timezone,
            "language": event.language,
        },
        "items": records,
    }
    body = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    # A UTF-8 BOM so spreadsheet programs read the accents right.
    return ("\ufeff" + text.getvalue()).encode("utf-8"), body.encode("utf-8")


def _csv_safe(value: object) -> object:
    """Neutralise spreadsheet formulas in user text (``=HYPERLINK(…)`` and friends)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# ---------------------------------------------------------------- bag and zip


def _write_bag(kit: KitData, writer: KitWriter, version_text: str) -> None:
    """The BagIt tag files: declaration, description, payload and tag manifests."""
    payload: dict[str, tuple[str, int]] = {
        rel: (e.sha256, e.size) for rel, e in writer.entries.items() if rel.startswith("data/")
    }
    for rel in writer.stats.foreign:  # files the user asked (--force) to keep in the bag
        if rel.startswith("data/"):
            path = writer.out / rel
            if path.is_file() and not path.is_symlink():
                payload[rel] = (sha256_file(path), path.stat().st_size)
    manifest = "".join(f"{payload[rel][0]}  {_bag_path(rel)}\n" for rel in sorted(payload))
    oxum = f"{sum(size for _, size in payload.values())}.{len(payload)}"
    event = kit.event
    info_lines = [
        ("Bag-Software-Agent", f"Carnet {version_text}"),
        ("Bagging-Date", kit.last_change or "1970-01-01"),
        ("External-Identifier", event.slug),
        ("External-Description", _one_line(event.name)),
        ("Carnet-Event", _one_line(event.name)),
        ("Carnet-Catalog-Change", str(kit.change_seq)),
        ("Payload-Oxum", oxum),
    ]
    if event.place:
        info_lines.append(("Carnet-Place", _one_line(event.place)))
    info = "".join(f"{key}: {value}\n" for key, value in info_lines)
    tags: dict[str, bytes] = {
        "bagit.txt": b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.txt": info.encode("utf-8"),
        "manifest-sha256.txt": manifest.encode("utf-8"),
    }
    entries = {rel: writer.write_bytes(rel, data) for rel, data in tags.items()}
    entries["index.html"] = writer.entries["index.html"]
    listed = {rel: e.sha256 for rel, e in entries.items()}
    tagmanifest = "".join(f"{listed[rel]}  {rel}\n" for rel in sorted(listed))
    writer.write_bytes("tagmanifest-sha256.txt", tagmanifest.encode("utf-8"))


def _bag_path(rel: str) -> str:
    return rel.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_zip(out: Path, last_change: str) -> Path:
    """``OUT.zip`` next to the kit: sorted entries, fixed times and modes (deterministic)."""
    target = out.with_name(out.name + ".zip")
    when = _ZIP_EPOCH
    if last_change:
        y, m, d = (int(x) for x in last_change.split("-"))
        when = (max(y, 1980), m, d, 0, 0, 0)
    files = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and not p.is_symlink() and not p.name.startswith(".tmp-")
    )
    tmp = target.with_name(f".tmp-{target.name}")
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for rel in files:
                check_relpath(rel)
                info = zipfile.ZipInfo(f"{out.name}/{rel}", date_time=when)
                info.external_attr = 0o644 << 16
                stored = rel.endswith((".jpg", ".jpeg", ".png", ".webp", ".heic", ".tif"))
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                with open(out / rel, "rb") as src, archive.open(info, "w") as dst:
                    while block := src.read(1 << 20):
                        dst.write(block)
        tmp.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise write_error(exc, target.parent) or ExportFailed(
            Text("cannot write {path}: {error}", path=str(target), error=exc.strerror or str(exc))
        ) from exc
    return target


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
