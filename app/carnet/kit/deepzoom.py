"""Deep zoom in the kit: each drawing's tiles and its full-resolution download.

For every exported drawing with a sound original, the kit gets

* ``tiles/<hash>-<key>/…``: the IIIF level-0 tiles of the corrected image
  (``media/tiles.py``), which the kit's viewer (``assets/zoom.js`` over OpenSeadragon)
  loads as plain ``<img>`` files, so deep zoom works from ``file://``;
* ``downloads/<slug of the title>.jpg``: the corrected image at full resolution, with its
  creator, licence and caption written into it as XMP and IPTC (``media/jpegmeta.py``).

Tiles are made on first need, in the archive's ``tiles/`` folder when it can be written
(else in the export's scratch folder), and copied into the kit; they are recognised by
their source (original hash and corrections key), so a later export costs a ``stat`` per
tile, and a caption change rewrites only that drawing's download. A tile set found in the
archive is checked before it is copied (``checked_tile_set``) and made again when it is
not what Carnet writes.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from carnet.catalog.archive import Archive
from carnet.catalog.items import Item
from carnet.errors import CarnetError, ExportFailed, ImportRejected
from carnet.fsutil import open_regular
from carnet.kit.iiif import IIIFWriter
from carnet.kit.model import KitData, KitItem, slugify
from carnet.kit.pages import Texts, credit_line
from carnet.kit.writer import KitWriter, open_no_link
from carnet.media.formats import EXTENSIONS
from carnet.media.jpegmeta import Credit, NotAJpeg, with_credit
from carnet.media.tiles import (
    STATE_NAME,
    TileSet,
    checked_tile_set,
    make_tiles,
    remove_superseded,
    remove_tile_set,
    tile_names,
    tile_set_key,
)
from carnet.messages import Text, message_of

log = logging.getLogger(__name__)

#: Public-domain licences: the download is then not "rights marked".
_UNMARKED = {"CC0-1.0", "PDM-1.0"}


class DeepZoom:
    """The deep-zoom step of one export: tiles and downloads per item, then IIIF files."""

    def __init__(
        self,
        archive: Archive,
        kit: KitData,
        writer: KitWriter,
        language: str,
        report: Callable[[str], None],
        payload: str = "data",
    ) -> None:
        self.archive, self.kit, self.writer = archive, kit, writer
        self.language, self.report, self.payload = language, report, payload
        texts = Texts(language)
        self.credits = {k.id: credit_line(k, kit, texts) for k in kit.items}
        self.names = download_names(kit)

    def export(self, k: KitItem, scratch: Path, *, said: bool = False) -> None:
        """The item's tiles and download (after its preview: see ``export_deep_zoom``).
        ``said``: a failure of the item was reported already (a damaged original), which
        says why these are missing too; a failure here is then not said again."""
        credit = credit_for(k, self.credits[k.id])
        report = (lambda _text: None) if said else self.report
        export_deep_zoom(
            self.archive, k, self.writer, scratch, self.payload, self.names[k.id], credit,
            report,
        )  # fmt: skip

    def iiif_files(self, site: str | None) -> dict[str, bytes]:
        """The IIIF files, by path inside the event's site; none without an address.

        ``site`` is the address of the site's root (``export.site_address``: the kit's
        ``{base}/data``, or the event's folder in a collection kit)."""
        if not site:
            return {}
        return IIIFWriter(self.kit, self.language, site, self.credits).files()


def corrections_of(item: Item) -> tuple[int, Any]:
    """The item's quarter turn, and its other corrections (crop, perspective, an angle)
    as the image engine takes them, None when a quarter turn is all there is."""
    corrections = getattr(item, "corrections", None)
    quarter = None if corrections is None else corrections.quarter_turn
    if corrections is None or quarter is not None:
        return int(quarter if quarter is not None else item.rotation) % 360, None
    return 0, corrections


def tile_key(item: Item) -> str:
    """The corrections key of an item's tiles (orientation, rotation, corrections)."""
    return tile_set_key(item.orientation, item.corrections)


def download_names(kit: KitData) -> dict[int, str]:
    """A file name for each item's download: a slug of its title, unique in the kit.

    Taken in id order so that the same catalog gives the same names; a clash gets the
    item's id (``harvest.jpg``, ``harvest-12.jpg``), which no later item can take from it.
    """
    names: dict[int, str] = {}
    taken: set[str] = set()
    for k in sorted(kit.items, key=lambda k: k.id):
        base = slugify(k.item.title or "", f"drawing-{k.id}")
        name = base if base not in taken else f"{base}-{k.id}"
        taken.add(name)
        names[k.id] = f"{name}.jpg"
    return names


def credit_for(k: KitItem, credit_line: str) -> Credit:
    """What the download says about itself: title, creators, caption, licence and credit."""
    licence = k.licence
    rights = credit_line
    if licence is not None and licence.url and licence.url not in rights:
        rights = f"{rights} · {licence.url}"
    return Credit(
        title=k.label,
        creators=tuple(p.name for p in k.illustrators),
        caption=k.item.caption or "",
        rights=rights,
        licence_url=(licence.url or "") if licence else "",
        marked=licence is None or licence.code not in _UNMARKED,
    )


def export_deep_zoom(
    archive: Archive,
    k: KitItem,
    writer: KitWriter,
    scratch: Path,
    payload: str,
    download_name: str,
    credit: Credit,
    report: Callable[[str], None],
) -> None:
    """Put the item's tiles and download into the kit and record them on ``k``.

    Only for an item whose images are in the kit (``k.preview``): one whose original is
    missing or damaged has already been reported and gets no deep zoom. ``report`` says a
    tile set that cannot be made (the drawing keeps its preview).
    """
    if k.preview is None:
        return
    item = k.item
    key = tile_key(item)
    folder = archive.paths.tile_set(item.hash, key)
    site = f"tiles/{item.hash}-{key}"
    source = f"tiles:{item.hash}:{key}"
    size = _recorded_size(folder)
    tiles: TileSet | None = None
    names = tile_names(*size) if size else []
    if not (names and all(writer.holds(f"{payload}/{site}/{n}", source) for n in names)):
        try:
            tiles = tile_set(archive, item, scratch)
        except (CarnetError, OSError) as exc:
            report(
                Text(
                    "item {id}: no deep zoom, its tiles cannot be made: {error}",
                    id=k.id,
                    error=_reason(exc),
                )
            )
            return
        size = (tiles.width, tiles.height)
        names = tiles.names()
    for name in names:
        rel = f"{payload}/{site}/{name}"
        if tiles is None:
            writer.known(rel, source)
        else:
            writer.copy_file(rel, tiles.tiles / name, source)
    k.tiles, k.full_size = site, (size[0], size[1]) if size else (0, 0)

    # The download: same pixels, the credit as it is now (a caption change rewrites it).
    packet = json.dumps(
        [credit.title, list(credit.creators), credit.caption, credit.rights, credit.licence_url,
         credit.marked],
        ensure_ascii=False,
    )  # fmt: skip
    stamp = hashlib.sha256(packet.encode()).hexdigest()[:16]
    rel = f"{payload}/downloads/{download_name}"
    dl_source = f"download:{item.hash}:{key}:{stamp}"
    entry = writer.known(rel, dl_source)
    if entry is None:
        try:
            if tiles is None:
                tiles = tile_set(archive, item, scratch)
            with open_regular(tiles.download) as handle:
                data = with_credit(handle.read(), credit)
        except (CarnetError, OSError, NotAJpeg) as exc:
            error = _reason(exc)
            report(Text("item {id}: no full-resolution download: {error}", id=k.id, error=error))
            return
        entry = writer.write_bytes(rel, data, dl_source)
    k.download, k.download_bytes = f"downloads/{download_name}", entry.size


def _reason(exc: BaseException) -> str:
    """Why a drawing's tiles or download failed, without the scratch copy's path."""
    return exc.reason if isinstance(exc, ImportRejected) else message_of(exc)


def _recorded_size(folder: Path) -> tuple[int, int] | None:
    """The size a tile set's state file records (None when there is none to read).

    Only used to name the tiles the kit already holds from the same source: nothing is
    copied on its word.
    """
    try:
        with open_regular(folder / STATE_NAME) as handle:
            state = json.loads(handle.read(4096))
        width, height = int(state["width"]), int(state["height"])
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not (0 < width <= 1 << 20 and 0 < height <= 1 << 20):
        return None
    return width, height


def tile_set(archive: Archive, item: Item, scratch: Path) -> TileSet:
    """The item's tile set (its corrections as they are) from the archive when sound,
    else made now from the original: the kit's export and the desktop app's viewer both
    come here.

    Made in the archive's ``tiles/`` when it can be written there (the next export, or the
    viewer, finds it), replacing a set that is not sound; else in ``scratch``. Nothing is
    read or written through a link in ``tiles/``. The original is first copied to
    ``scratch`` and checked against the catalog's checksum: tiles are never made from
    bytes that are not the drawing. Touches files only (no catalog): it runs on any thread.
    """
    folder = archive.paths.tile_set(item.hash, tile_key(item))
    inside = _inside_archive(archive, folder)
    found = checked_tile_set(folder) if inside else None
    if found is not None:
        return found
    extension = EXTENSIONS.get(item.format, "bin")
    original = archive.paths.original(item.hash, extension)
    copy = scratch / f"{item.hash}-zoom.{extension}"
    _copy_checked(original, copy, item.hash, item.size)
    turn, corrections = corrections_of(item)
    try:
        try:
            if not inside:
                raise FileExistsError(folder)
            remove_tile_set(folder)  # one that is not sound
            made = make_tiles(copy, item.format, item.orientation, turn, folder, corrections)
            # The sets of the drawing's earlier corrections are no use any more.
            remove_superseded(folder)
            return made
        except OSError as exc:
            log.info("tiles of %s made outside the archive: %s", item.hash, exc)
            return make_tiles(
                copy, item.format, item.orientation, turn, scratch / folder.name, corrections
            )
    finally:
        copy.unlink(missing_ok=True)


def _inside_archive(archive: Archive, folder: Path) -> bool:
    """Whether ``folder`` lies in the archive's ``tiles/`` without a link on the way."""
    tiles = archive.paths.tiles
    if tiles.is_symlink() or folder.parent.is_symlink():
        return False
    try:
        return folder.parent.resolve().is_relative_to(archive.root.resolve())
    except OSError:
        return False


def _copy_checked(src: Path, dest: Path, sha256: str, size: int) -> None:
    digest = hashlib.sha256()
    count = 0
    with open_no_link(src) as inp, open(dest, "wb") as out:
        for block in iter(lambda: inp.read(1 << 20), b""):
            digest.update(block)
            count += len(block)
            out.write(block)
    if digest.hexdigest() != sha256 or count != size:
        dest.unlink(missing_ok=True)
        raise ExportFailed(Text("the original's checksum is not the one the catalog recorded"))
