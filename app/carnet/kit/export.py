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

``export_collection`` (``carnet export ARCHIVE --all OUT``) writes every event of the
archive as one site: each event's site in ``data/<slug>/``, with a home listing the
events and a search across them (``docs/kit.md``, "A collection kit").

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
import os
import stat
import tempfile
import threading
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from carnet import carnet_version
from carnet.catalog.archive import Archive
from carnet.catalog.events import list_events
from carnet.catalog.fields import ITEM_FIELDS, Section
from carnet.errors import Cancelled, CarnetError, ExportFailed, write_error
from carnet.fsutil import TEMP_PREFIX
from carnet.kit.deepzoom import DeepZoom
from carnet.kit.ics import programme_ics
from carnet.kit.iiif import COLLECTION, EVENT_MANIFEST, EventManifest, collection_file
from carnet.kit.linked import captured_moment
from carnet.kit.model import KitData, KitItem, load_kit_data, slugify
from carnet.kit.pages import CollectionEvent, render_collection, render_pages, render_root
from carnet.kit.resources import kit_resources
from carnet.kit.searchdata import (
    Link,
    SearchEntry,
    SearchEvent,
    build_search_files,
    entry_for,
    page_links,
    search_event,
)
from carnet.kit.web import atom_feed, collection_feed, sitemap
from carnet.kit.writer import (
    JOURNAL_NAME,
    KitWriter,
    NotAsExpected,
    check_relpath,
    is_temporary,
    open_no_link,
    sha256_file,
)
from carnet.media.corrections import NO_CORRECTIONS, Corrections
from carnet.media.derive import (
    PREVIEW_EDGE,
    THUMBNAIL_EDGE,
    derived_header,
    derived_size,
    make_derivatives,
    read_derived,
)
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
    #: Everything the user should read, failures included, in the order found.
    problems: list[str] = field(default_factory=list)
    #: The problems that mean the kit is not all it should be, or the archive lost
    #: something: an original left out or damaged, a drawing shown without its image.
    failures: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    zip_path: Path | None = None

    @property
    def ok(self) -> bool:
        """False when something was left out or found damaged (the CLI then exits 1)."""
        return not self.failures

    def fail(self, text: str) -> None:
        self.problems.append(text)
        self.failures.append(text)


@dataclass
class _Export:
    """One export under way: what an event's site is written with and into."""

    archive: Archive
    writer: KitWriter
    summary: ExportSummary
    options: ExportOptions
    #: Says ``n`` drawings of the event are done (raises ``Cancelled`` once cancelled).
    step: Callable[[int], None]


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
    _check_language(language)
    writer = KitWriter(out, force=options.force)
    remove_zip_leftovers(out)
    summary = ExportSummary(out=out, language=language, items=len(kit.items))
    summary.foreign = writer.stats.foreign
    total = len(kit.items) + 1

    def step(done: int) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(Text("export cancelled; run it again to complete the kit"))
        if progress is not None:
            progress(done, total)

    try:
        _write_kit(_Export(archive, writer, summary, options, step), kit, language)
    except BaseException:
        # Cancelled, a full disk, a crash in a template: what was written is the kit's.
        writer.save_state(interrupted=True)
        raise
    if progress is not None:
        progress(total, total)
    return _sum_up(summary, writer, options, kit.last_change)


def _check_language(language: str) -> None:
    if language not in ("fr", "en"):
        raise ExportFailed(
            Text("unknown kit language {language!r}: use fr or en", language=language)
        )


def _sum_up(
    summary: ExportSummary, writer: KitWriter, options: ExportOptions, last_change: str
) -> ExportSummary:
    """Count what the export wrote into ``summary``; zip the kit when asked."""
    stats = writer.stats
    summary.files = len(writer.entries)
    summary.written, summary.unchanged, summary.removed = (
        stats.written,
        stats.unchanged,
        stats.removed,
    )
    summary.bytes = sum(e.size for e in writer.entries.values())
    if options.zip:
        summary.zip_path = write_zip(summary.out, last_change)
    return summary


def _write_kit(run: _Export, kit: KitData, language: str) -> None:
    """Images, pages, search data, metadata and the bag, in that order."""
    writer = run.writer
    site, pages = _event_site(run, kit, language)
    base = site_address(run.options.base_url)
    if base:
        site["sitemap.xml"] = sitemap(kit, base, sorted(pages))
        site["feed.xml"] = atom_feed(kit, base, language)
    for rel in sorted(site):
        writer.write_bytes(f"{PAYLOAD}/{rel}", site[rel])
    writer.write_bytes("index.html", render_root(kit, language))

    _write_bag(writer, carnet_version(), _bag_info(kit))
    writer.remove_stale()
    writer.save_state()


def site_address(base: str | None, folder: str = "") -> str | None:
    """The address of a site's root from the kit's (``--base-url``): its ``data/``
    folder, or an event's folder inside it in a collection kit."""
    if not base:
        return None
    return f"{base}/{PAYLOAD}/{folder}" if folder else f"{base}/{PAYLOAD}"


def _event_site(
    run: _Export, kit: KitData, language: str, folder: str = ""
) -> tuple[dict[str, bytes], list[str]]:
    """Write an event's images, and return the rest of its site by path inside it, with
    the list of its pages. ``folder`` is the event's folder in a collection kit (its
    pages then link back to the collection's home), "" for an event's kit."""
    archive, writer, summary, options = run.archive, run.writer, run.summary, run.options
    payload = f"{PAYLOAD}/{folder}" if folder else PAYLOAD
    # A drawing left without its deep zoom or its download is a partial failure (exit 1),
    # said once per drawing.
    zoom = DeepZoom(archive, kit, writer, language, summary.fail, payload)
    with tempfile.TemporaryDirectory(prefix="carnet-kit-") as scratch:
        for n, k in enumerate(kit.items):
            run.step(n)
            before = len(summary.failures)
            _export_images(archive, k, writer, Path(scratch), options, summary, payload)
            # tiles and full-resolution download
            zoom.export(k, Path(scratch), said=len(summary.failures) > before)
    run.step(len(kit.items))

    base = site_address(options.base_url, folder)
    download_names = {k.id: _download_name(k) for k in kit.items if k.original}
    pages = render_pages(
        kit,
        language,
        carnet_version(),
        download_names=download_names,
        base=base,
        up="../index.html" if folder else None,
    )
    summary.pages += len(pages)
    site: dict[str, bytes] = dict(pages)
    entries = (entry_for(k, with_ocr=options.with_ocr) for k in kit.items)
    site.update(build_search_files(entries, language, page_links(kit), [search_event(kit)]))
    site.update(_static_files())
    site.update(zoom.iiif_files(base))  # ids at the event's site: ``{base}/data[/<folder>]``
    site["items.csv"], site["items.json"] = _metadata_files(kit, writer, payload)
    site["programme.ics"] = programme_ics(kit, base)
    return site, sorted(pages)


#: Event folders a collection kit cannot use as they are: its own files are there.
_RESERVED_FOLDERS = frozenset({"assets", "search", "iiif"})


def event_folder(slug: str) -> str:
    """The folder of an event in a collection kit: its slug (``forum-2024``)."""
    return f"{slug}-event" if slug in _RESERVED_FOLDERS else slug


def export_collection(
    archive: Archive,
    out: Path,
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ExportSummary:
    """Write the collection kit of the archive into ``out``: one site for every event.

    ```
    OUT/data/
      index.html, search.html    the events (newest first) and the search across them
      search/                    the search data of every event together
      items.json                 the collection's index: each event and its files
      sitemap.xml, feed.xml      with a base address, for the whole collection
      iiif/collection.json       with a base address: the IIIF collection of the events'
                                 manifests (each event's are in its folder's iiif/)
      assets/
      <slug>/                    each event's site, as its own kit has it
    ```

    Each event's pages, search, ``items.csv`` and ``items.json`` are those of its own kit
    (its first search loads no more than there); the collection's search stems each
    event's words in that event's language. Refusals and cancelling as ``export_kit``;
    an archive without any event is refused.
    """
    options = options or ExportOptions()
    out = Path(out)
    _refuse_inside_archive(archive, out)
    events = list_events(archive.db)
    if not events:
        raise ExportFailed(Text("the archive has no event to export"))
    kits = [load_kit_data(archive.db, e.slug) for e in events]
    language = options.language or kits[-1].event.language  # the latest event's
    _check_language(language)
    writer = KitWriter(out, force=options.force)
    remove_zip_leftovers(out)
    summary = ExportSummary(out=out, language=language, items=sum(len(k.items) for k in kits))
    summary.foreign = writer.stats.foreign
    total = summary.items + len(kits)
    done = 0

    def step(n: int) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(Text("export cancelled; run it again to complete the kit"))
        if progress is not None:
            progress(done + n, total)

    name = collection_name(archive)
    run = _Export(archive, writer, summary, options, step)
    try:
        folders = [event_folder(kit.event.slug) for kit in kits]
        site: dict[str, bytes] = {}
        pages: list[str] = []
        manifests: list[EventManifest] = []  # the events whose drawings zoom (IIIF)
        for kit, folder in zip(kits, folders, strict=True):
            own, own_pages = _event_site(run, kit, options.language or kit.event.language, folder)
            for rel in sorted(own):  # written now: one event's files in memory at a time
                writer.write_bytes(f"{PAYLOAD}/{folder}/{rel}", own[rel])
            if EVENT_MANIFEST in own:
                manifests.append(_event_manifest(kit, folder, options))
            pages += [f"{folder}/{rel}" for rel in own_pages]
            done += len(kit.items) + 1
        collection = [
            CollectionEvent(kit, folder) for kit, folder in zip(kits, folders, strict=True)
        ]
        base = site_address(options.base_url)
        iiif = None
        if base and manifests:
            iiif = f"{base}/{COLLECTION}"
            site[COLLECTION] = collection_file(
                base, name, language, reversed(manifests), page="index.html"
            )  # newest first, as the home lists them
        home = render_collection(name, collection, language, carnet_version(), base=base, iiif=iiif)
        summary.pages += len(home)
        site.update(home)
        pages += list(home)
        site.update(_collection_search(collection, language, options))
        site.update(_static_files())
        site["items.json"] = _collection_index(collection)
        if base:
            site["sitemap.xml"] = sitemap(kits[-1], base, sorted(pages))
            feeds = [
                (kit, site_address(options.base_url, f) or "")
                for kit, f in zip(kits, folders, strict=True)
            ]
            site["feed.xml"] = collection_feed(name, feeds, base, language)
        for rel in sorted(site):
            writer.write_bytes(f"{PAYLOAD}/{rel}", site[rel])
        writer.write_bytes("index.html", render_root(name, language))
        _write_bag(writer, carnet_version(), _collection_bag_info(name, kits))
        writer.remove_stale()
        writer.save_state()
    except BaseException:
        writer.save_state(interrupted=True)
        raise
    if progress is not None:
        progress(total, total)
    return _sum_up(summary, writer, options, kits[-1].last_change)


def _event_manifest(kit: KitData, folder: str, options: ExportOptions) -> EventManifest:
    """How the collection's IIIF collection lists an event's manifest: with the label
    the manifest gives itself, and its cover's thumbnail."""
    cover = CollectionEvent(kit, folder).cover
    return EventManifest(
        folder=folder,
        label=kit.event.name,
        language=options.language or kit.event.language,
        thumb=cover.thumb if cover else None,
        thumb_size=cover.thumb_size if cover else (0, 0),
    )


def collection_name(archive: Archive) -> str:
    """The collection kit's title: the archive's folder name (``Forum.carnet`` → Forum)."""
    name = archive.root.name
    return name.removesuffix(".carnet") or name


def _collection_search(
    collection: list[CollectionEvent], language: str, options: ExportOptions
) -> dict[str, bytes]:
    """The search across every event: one index where each event's words are stemmed in
    its language, its results saying their event (``searchdata.py``)."""
    entries: list[SearchEntry] = []
    extra: list[Link] = []
    events: list[SearchEvent] = []
    for n, e in enumerate(collection):
        prefix = f"{e.folder}/"
        lang = e.kit.event.language
        entries += [
            entry_for(k, with_ocr=options.with_ocr, prefix=prefix, event=n, language=lang)
            for k in e.kit.items
        ]
        extra += page_links(e.kit, prefix, n)
        events.append(search_event(e.kit, e.url))
    return build_search_files(entries, language, extra, events)


#: The layout of a collection kit's ``items.json``: an index of its events.
COLLECTION_JSON_VERSION = 1


def _collection_index(collection: list[CollectionEvent]) -> bytes:
    """The collection's ``items.json``: each event with its folder and its own files
    (``items.csv``, ``items.json``, ``programme.ics``), which hold its drawings."""
    document = {
        "collection_schema_version": COLLECTION_JSON_VERSION,
        "schema_version": ITEMS_JSON_VERSION,
        "events": [
            {
                "slug": e.kit.event.slug,
                "name": e.kit.event.name,
                "place": e.kit.event.place,
                "start_date": e.kit.event.start_date,
                "end_date": e.kit.event.end_date,
                "timezone": e.kit.event.timezone,
                "language": e.kit.event.language,
                "drawings": len(e.kit.items),
                "folder": e.folder,
                "home": e.url,
                "items_csv": f"{e.folder}/items.csv",
                "items_json": f"{e.folder}/items.json",
                "programme": f"{e.folder}/programme.ics",
            }
            for e in collection
        ],
    }
    body = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    return body.encode("utf-8")


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


def _complete(data: bytes, edge: int) -> bool:
    """Whether a derived JPEG is whole: as ``carnet check`` looks at them, a thumbnail is
    decoded to its last pixel, a preview must end with the end-of-image marker that a file
    cut short lacks (decoding every preview would double the time of a first export).

    Only files about to be copied into the kit are looked at; one an earlier export copied
    (and checked) costs nothing.
    """
    if edge > THUMBNAIL_EDGE:
        # Inside JPEG data a 0xFF byte is followed by 0x00 or a restart marker: FF D9 at
        # the end can only be the real end.
        return data.endswith(b"\xff\xd9")
    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as image:
            image.load()
    except Exception:  # a decoder reading damaged data can raise anything
        return False
    return True


_Derived = tuple[str, Path, int, str]  # kit path, archive path, long edge, source


def _archive_derived(
    archive: Archive,
    writer: KitWriter,
    wanted: list[_Derived],
    payload: str = PAYLOAD,
    corrections: Corrections = NO_CORRECTIONS,
) -> list[tuple[tuple[int, int], bytes | None]] | None:
    """The size, and the bytes to copy, of each of the archive's derived files in ``wanted``.

    None when any of them cannot be used as it is: missing, a link, not a JPEG Carnet could
    have written (``derived_header``), made with other ``corrections`` than the item's (a
    correction killed before its files were rewritten), or not whole (``_complete``). The
    bytes are None when the kit already holds the file from the same source (an earlier
    export checked them).
    """
    found: list[tuple[tuple[int, int], bytes | None]] = []
    for rel, src, edge, source in wanted:
        if _archive_file_state(archive, src) is not None:
            return None
        header = derived_header(src, edge)
        if header is None or not header.shows(corrections):
            return None
        size = header.size
        if writer.holds(f"{payload}/{rel}", source):
            found.append((size, None))
            continue
        data = read_derived(src, edge)  # what is checked is what is copied
        if data is None or not _complete(data, edge):
            return None
        found.append((size, data))
    return found


def _export_images(
    archive: Archive,
    k: KitItem,
    writer: KitWriter,
    scratch: Path,
    options: ExportOptions,
    summary: ExportSummary,
    payload: str = PAYLOAD,
) -> None:
    """Copy the item's thumbnail and preview (and original) into the kit (into the
    ``payload`` folder: ``data``, or an event's folder in a collection kit).

    A preview or thumbnail that is missing or damaged (see ``_archive_derived``) is made
    again from the original, as an import makes it, when the original is sound; an
    original is checked before it is used or copied (see ``_export_original``).
    """
    item = k.item
    digest = item.hash
    paths = archive.paths
    thumb_rel, preview_rel = f"images/t/{digest}.jpg", f"images/p/{digest}.jpg"
    original = paths.original(digest, k.extension)
    damage = _original_state(archive, original, item.size)
    # The corrections are part of the source: correcting a drawing rewrites its derived
    # files under the same names ("0": none, as before corrections had a digest).
    corrected = item.corrections.digest() or "0"
    wanted: list[_Derived] = [
        (thumb_rel, paths.thumbnail(digest), THUMBNAIL_EDGE, f"thumbnail:{digest}:{corrected}"),
        (preview_rel, paths.preview(digest), PREVIEW_EDGE, f"preview:{digest}:{corrected}"),
    ]
    found = _archive_derived(archive, writer, wanted, payload, item.corrections)
    if found is not None:
        for (rel, _src, _edge, source), (_size, data) in zip(wanted, found, strict=True):
            if data is None:
                writer.known(f"{payload}/{rel}", source)
            else:
                writer.write_bytes(f"{payload}/{rel}", data, source)
        thumb_size, preview_size = found[0][0], found[1][0]
    else:
        regenerated = f"regenerated:{digest}:{corrected}"
        rels = (f"{payload}/{thumb_rel}", f"{payload}/{preview_rel}")
        if all(writer.holds(rel, regenerated) for rel in rels):  # made by an earlier export
            for rel in rels:
                writer.known(rel, regenerated)
        elif not _regenerate(k, original, damage, writer, scratch, summary, regenerated, payload):
            _export_original(k, original, damage, writer, options, summary, payload)
            return
        summary.regenerated.append(k.id)
        thumb_size = _image_size(writer.target(f"{payload}/{thumb_rel}"), THUMBNAIL_EDGE)
        preview_size = _image_size(writer.target(f"{payload}/{preview_rel}"), PREVIEW_EDGE)
    k.thumb, k.preview = thumb_rel, preview_rel
    k.thumb_size, k.preview_size = thumb_size, preview_size
    _export_original(k, original, damage, writer, options, summary, payload)


def _regenerate(
    k: KitItem,
    original: Path,
    damage: Text | None,
    writer: KitWriter,
    scratch: Path,
    summary: ExportSummary,
    source: str,
    payload: str = PAYLOAD,
) -> bool:
    """Make the item's thumbnail and preview from its original, into the kit.

    The original is first copied into ``scratch`` and checked against the catalog's
    checksum as it is: images are never made from an original that is not the drawing.
    False (with a failure said) when that cannot be done; the item is then shown without
    image.
    """
    item = k.item
    copy = scratch / f"{item.hash}.{k.extension}"
    if damage is None:
        try:
            _copy_checked(original, copy, item.hash, item.size)
        except NotAsExpected:
            damage = _ALTERED
        except OSError as exc:
            damage = Text("cannot be read: {error}", error=exc.strerror or str(exc))
    if damage is not None:
        summary.fail(
            Text(
                "item {id}: its preview and thumbnail are missing or damaged, and its original"
                " {state}: shown without image",
                id=k.id,
                state=damage,
            )
        )
        return False
    thumb, preview = scratch / f"{item.hash}-t.jpg", scratch / f"{item.hash}-p.jpg"
    try:
        make_derivatives(copy, item.format, item.orientation, thumb, preview, item.corrections)
    except (CarnetError, OSError) as exc:
        summary.fail(
            Text("item {id}: images cannot be regenerated: {error}", id=k.id, error=message_of(exc))
        )
        return False
    finally:
        copy.unlink(missing_ok=True)
    writer.copy_file(f"{payload}/images/t/{item.hash}.jpg", thumb, source)
    writer.copy_file(f"{payload}/images/p/{item.hash}.jpg", preview, source)
    return True


def _export_original(
    k: KitItem,
    original: Path,
    damage: Text | None,
    writer: KitWriter,
    options: ExportOptions,
    summary: ExportSummary,
    payload: str = PAYLOAD,
) -> None:
    """Copy the original into the kit (``--originals``), and say when it is not sound.

    An original enters the kit only if its bytes have the checksum the catalog recorded
    (checked as they are copied); the kit's ``original_sha256`` is then true of the file
    shipped. One the kit already holds from an earlier export was checked then and is not
    read again. Without ``--originals`` the original is not read at all (that would read
    every original at every export): it is only looked at — there, a regular file of the
    size the catalog recorded — and ``carnet check`` compares the checksums.
    """
    item = k.item
    rel = f"originals/{item.hash}.{k.extension}"
    source = f"original:{item.hash}"
    kept = options.originals and writer.known(f"{payload}/{rel}", source) is not None
    if options.originals and not kept and damage is None:
        try:
            writer.copy_file(f"{payload}/{rel}", original, source, sha256=item.hash, size=item.size)
            kept = True
        except NotAsExpected:
            damage = _ALTERED
    if kept:
        k.original = rel
    if damage is None:
        return
    if not options.originals:
        consequence = Text("run “carnet check” on the archive")
    elif kept:
        consequence = Text("the kit keeps the copy an earlier export checked")
    else:
        consequence = Text("it is not in the kit")
    summary.fail(
        Text(
            "item {id}: the original in the archive {state}; {consequence}",
            id=k.id,
            state=damage,
            consequence=consequence,
        )
    )


_ALTERED = Text("has been altered (its checksum is not the one the catalog recorded)")


def _archive_file_state(archive: Archive, path: Path) -> Text | None:
    """None if ``path`` is a regular file inside the archive, else what it is instead."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return Text("is missing")
    except OSError as exc:
        return Text("cannot be read: {error}", error=exc.strerror or str(exc))
    if stat.S_ISLNK(found.st_mode):
        return Text("is a symbolic link, not a file")
    if not stat.S_ISREG(found.st_mode):
        return Text("is not a regular file")
    try:
        inside = path.resolve().is_relative_to(archive.root.resolve())
    except OSError:
        inside = False
    return None if inside else Text("lies outside the archive (one of its folders is a link)")


def _original_state(archive: Archive, path: Path, size: int) -> Text | None:
    """What is wrong with an original, as far as looking at it tells (None: nothing).

    Cheap: no byte is read. A missing, linked, empty or resized original is found here;
    altered bytes of the same size are found when the original is read (copied into the
    kit, or used to make images again).
    """
    state = _archive_file_state(archive, path)
    if state is not None:
        return state
    found = path.stat().st_size
    if found == size:
        return None
    if found == 0:
        return Text("is empty")
    return Text(
        "does not have the size the catalog recorded ({size} bytes instead of {expected})",
        size=found,
        expected=size,
    )


def _copy_checked(src: Path, dest: Path, sha256: str, size: int) -> None:
    """Copy ``src`` (a regular file, not a link) to ``dest``, or ``NotAsExpected`` if its
    bytes do not have that checksum and size (then ``dest`` is not left behind)."""
    digest = hashlib.sha256()
    count = 0
    with open_no_link(src) as inp, open(dest, "wb") as out:
        for block in iter(lambda: inp.read(1 << 20), b""):
            digest.update(block)
            count += len(block)
            out.write(block)
    if digest.hexdigest() != sha256 or count != size:
        dest.unlink(missing_ok=True)
        raise NotAsExpected(digest.hexdigest(), count)


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
    "session_id",
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


#: The version of ``items.json``'s layout: 2 added ``schema_version``, the items'
#: ``session_id``, ``sessions`` (the whole programme, sessions without drawings included)
#: and capture times with their offset.
ITEMS_JSON_VERSION = 2


def _metadata_files(kit: KitData, writer: KitWriter, payload: str = PAYLOAD) -> tuple[bytes, bytes]:
    """``items.csv`` and ``items.json``: every exported field of every exported item."""
    records: list[dict[str, object]] = []
    for k in kit.items:
        it = k.item
        s = k.session.session if k.session else None
        moment = captured_moment(it, kit.event.tz)

        def sha(rel: str | None) -> str:
            entry = writer.entries.get(f"{payload}/{rel}") if rel else None
            return entry.sha256 if entry else ""

        records.append(
            {
                "id": it.id,
                **_field_values(k, "about"),
                "session": s.title if s else "",
                "session_id": s.id if s else "",
                "session_start": s.start.isoformat() if s else "",
                "session_end": s.end.isoformat() if s else "",
                "track": (s.track or "") if s else "",
                "room": (s.room or "") if s else "",
                "speakers": list(it.speakers),
                "illustrators": list(it.illustrators),
                "tags": list(it.tags),
                **_field_values(k, "rights"),
                "captured_at": moment.isoformat() if moment else "",
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
        out.writerow({key: _csv_cell(value) for key, value in record.items()})
    event = kit.event
    tz = event.tz
    sessions = [
        {
            "id": ks.id,
            "title": ks.session.title,
            "start": ks.session.start.astimezone(tz).isoformat(),
            "end": ks.session.end.astimezone(tz).isoformat(),
            "track": ks.session.track or "",
            "room": ks.session.room or "",
            "description": ks.session.description or "",
            "speakers": list(ks.session.speakers),
            "page": ks.url,
            "items": [k.id for k in ks.items],
        }
        for ks in kit.sessions
    ]
    document = {
        "schema_version": ITEMS_JSON_VERSION,
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
        "sessions": sessions,
    }
    body = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    # A UTF-8 BOM so spreadsheet programs read the accents right.
    return ("\ufeff" + text.getvalue()).encode("utf-8"), body.encode("utf-8")


def _csv_cell(value: object) -> object:
    """One cell of ``items.csv``: a list joined with "; ", text neutralised (``_csv_safe``),
    a number as it is."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return _csv_safe("; ".join(map(str, value)))  # the cell as a whole is what is read
    if isinstance(value, bool | int | float):
        return value
    return _csv_safe(str(value))


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), and the
#: full-width forms some of them read the same (their NFKC form is one of these).
_FORMULA_START = frozenset("=+-@")
_CONTROL_START = frozenset("\t\r\n")


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas in a text cell: a quote before ``=HYPERLINK(…)``.

    As OWASP says, a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'``, which spreadsheets hide and read as "this is text"; a line
    feed too. Also caught: those signs after leading spaces, no-break spaces or invisible
    format characters (spreadsheets skip spaces before a formula), and their full-width
    forms (＝ ＋ － ＠). Every text cell goes through here, whatever it holds: titles,
    captions, names, tags, file names, values read from a photo's XMP or IPTC.
    """
    if not text:
        return text
    if text[0] in _CONTROL_START:
        return "'" + text
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        if unicodedata.normalize("NFKC", char)[:1] in _FORMULA_START:
            return "'" + text
        break
    return text


# ---------------------------------------------------------------- bag and zip


def _bag_info(kit: KitData) -> list[tuple[str, str]]:
    """What ``bag-info.txt`` says of an event's kit (its size is added when written)."""
    event = kit.event
    info = [
        ("Bagging-Date", kit.last_change or "1970-01-01"),
        ("External-Identifier", event.slug),
        ("External-Description", _one_line(event.name)),
        ("Carnet-Event", _one_line(event.name)),
        ("Carnet-Catalog-Change", str(kit.change_seq)),
    ]
    if event.place:
        info.append(("Carnet-Place", _one_line(event.place)))
    return info


def _collection_bag_info(name: str, kits: list[KitData]) -> list[tuple[str, str]]:
    """What ``bag-info.txt`` says of a collection kit: every event, in order."""
    latest = kits[-1]
    return [
        ("Bagging-Date", latest.last_change or "1970-01-01"),
        ("External-Identifier", "collection"),
        ("External-Description", _one_line(name)),
        *(("Carnet-Event", _one_line(kit.event.name)) for kit in kits),
        ("Carnet-Catalog-Change", str(latest.change_seq)),
    ]


def _write_bag(writer: KitWriter, version_text: str, described: list[tuple[str, str]]) -> None:
    """The BagIt tag files: declaration, description, payload and tag manifests.

    The payload manifest lists what Carnet wrote under ``data/`` — and, deliberately, the
    files a user kept there with ``--force``: BagIt wants every file of the payload in the
    manifest (a bag that leaves one out does not validate), and deleting someone's file
    to keep the bag pure would lose it. So a stranger's file inside ``data/`` is part of
    the payload, checksummed as it is, and named in the export's summary; outside ``data/``
    it stays outside the bag. Carnet's own leftovers (the temporary files and journal of
    an interrupted export) are never a stranger's: they are gone before this runs.
    """
    payload: dict[str, tuple[str, int]] = {
        rel: (e.sha256, e.size) for rel, e in writer.entries.items() if rel.startswith("data/")
    }
    for rel in writer.stats.foreign:  # files the user asked (--force) to keep in the bag
        if rel.startswith("data/") and not is_temporary(rel.rsplit("/", 1)[-1]):
            path = writer.out / rel
            if path.is_file() and not path.is_symlink():
                payload[rel] = (sha256_file(path), path.stat().st_size)
    manifest = "".join(f"{payload[rel][0]}  {_bag_path(rel)}\n" for rel in sorted(payload))
    oxum = f"{sum(size for _, size in payload.values())}.{len(payload)}"
    # The order of bag-info.txt's lines as before the collection kit: same bytes.
    place = [line for line in described if line[0] == "Carnet-Place"]
    info_lines = [
        ("Bag-Software-Agent", f"Carnet {version_text}"),
        *(line for line in described if line[0] != "Carnet-Place"),
        ("Payload-Oxum", oxum),
        *place,
    ]
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
        if p.is_file()
        and not p.is_symlink()
        and not p.name.startswith(TEMP_PREFIX)
        and p.name != JOURNAL_NAME
    )
    remove_zip_leftovers(out)
    tmp = target.with_name(f"{TEMP_PREFIX}{target.name}")
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


def remove_zip_leftovers(out: Path) -> None:
    """Delete the temporary zip a killed export left next to the kit (``.tmp-OUT.zip``)."""
    with contextlib.suppress(OSError):
        leftover = out.with_name(f"{TEMP_PREFIX}{out.name}.zip")
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink()


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
