"""Correcting items: the catalog's corrections, and the derived files that follow them.

A correction (rotation, crop, perspective; ``media/corrections.py``) is a parameter of the
item in the catalog; the original is never touched. Setting one rewrites the item's preview
and thumbnail from the original (each atomically: a reader sees the old file or the new
one, never half of one), and the kit, which keys its copies on the corrections' digest,
copies them again at its next export. ``carnet item correct`` and the desktop app's undo
commands both come here.

The catalog is written first, then the files. Each derived file names, in its header, the
corrections it was made with (``media.derive.fingerprint``) and gets that name in the same
rename as its pixels; so a process killed in between leaves files that say they are out of
date: ``carnet check`` reports them, ``--repair`` and the kit make them again, and the
viewer (:func:`current_preview`) shows one made from the original meanwhile.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping, Sequence

from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.browse import items_by_ids
from carnet.catalog.items import Item, set_corrections
from carnet.errors import CarnetError, InvalidValue, NotFound
from carnet.media.corrections import Corrections, Point, carry_crop, detect_corners
from carnet.media.derive import (
    PREVIEW_EDGE,
    corrected_image,
    header_of_derived,
    make_derivatives,
    read_derived,
)
from carnet.media.formats import EXTENSIONS
from carnet.messages import Text

__all__ = [
    "board_corners",
    "correct_items",
    "current_preview",
    "propose_corners",
    "rederive",
    "upright_original",
    "upright_size",
]

logger = logging.getLogger(__name__)

#: The size the corner detection looks at: plenty for corners within a pixel or two of a
#: 2048-px preview, and quick on a 12-megapixel photo.
DETECTION_EDGE = 1600


def propose_corners(archive: Archive, item: Item) -> tuple[Point, Point, Point, Point] | None:
    """The board's corners in ``item``'s upright original (full-size pixels), found
    automatically, or None when no board stands out from its surrounding."""
    return board_corners(*upright_original(archive, item, DETECTION_EDGE))


def upright_original(
    archive: Archive, item: Item, edge: int = DETECTION_EDGE
) -> tuple[Image.Image, tuple[int, int]]:
    """``item``'s original decoded upright (EXIF orientation applied, no correction), long
    edge ≤ ``edge``, and its upright full size: what corners are given in."""
    original = archive.paths.original(item.hash, EXTENSIONS.get(item.format, item.format))
    return corrected_image(original, item.format, item.orientation, Corrections(), edge)


def board_corners(
    image: Image.Image, full_size: tuple[int, int]
) -> tuple[Point, Point, Point, Point] | None:
    """The board's corners found in ``image`` (an upright original at any size, from
    :func:`upright_original`), in pixels of the original at ``full_size``; None when no
    board stands out. The desktop app's correction mode shows the same decode it looks at."""
    found = detect_corners(image)
    if found is None:
        return None
    scale = full_size[0] / image.width
    a, b, c, d = ((round(x * scale, 1), round(y * scale, 1)) for x, y in found)
    return a, b, c, d


def correct_items(
    archive: Archive,
    item_ids: Sequence[int],
    change: Callable[[Item], Corrections],
) -> dict[int, Corrections]:
    """Give each item the corrections ``change`` makes of it, then rewrite its derived files.

    ``change`` is called for every item before anything is written, so one that raises
    (a board not found, a bad value) leaves the catalog and the files as they were. A crop
    ``change`` carries over unchanged while it gives a new angle or new corners is moved
    into the new image (``media.corrections.carry_crop``). Returns the corrections each
    item had before, for an undo.
    """
    items = items_by_ids(archive.db, item_ids)
    known = {item.id for item in items}
    for item_id in item_ids:
        if item_id not in known:
            raise NotFound(Text("no item with id {id}", id=item_id))
    before = {item.id: item.corrections for item in items}
    after = {
        item.id: carry_crop(item.corrections, change(item), upright_size(item)) for item in items
    }
    set_corrections(archive.db, after)
    rederive(archive, [item for item in items if after[item.id] != before[item.id]], after)
    return before


def rederive(
    archive: Archive, items: Sequence[Item], corrections_of: Mapping[int, Corrections] | None = None
) -> None:
    """Rewrite the preview and thumbnail of ``items`` with their corrections (those of
    ``corrections_of`` where given, else the item's own)."""
    paths = archive.paths
    for item in items:
        corrections = (corrections_of or {}).get(item.id, item.corrections)
        make_derivatives(
            paths.original(item.hash, EXTENSIONS.get(item.format, item.format)),
            item.format,
            item.orientation,
            paths.thumbnail(item.hash),
            paths.preview(item.hash),
            corrections,
        )


def upright_size(item: Item) -> tuple[int, int]:
    """``item``'s original at full size once upright (its EXIF orientation applied; libheif
    applies a HEIC's itself): what corners are given in and a crop is carried over in."""
    width, height = max(1, item.width or 1), max(1, item.height or 1)
    if item.format != "heic" and item.orientation in (5, 6, 7, 8):
        return height, width
    return width, height


def current_preview(archive: Archive, item: Item) -> bytes | None:
    """The JPEG bytes of ``item``'s preview as it should look: the archive's when it is
    one Carnet could have written (``read_derived``) made with the item's corrections,
    else one made now from the original (and not written: the archive may be read-only,
    and ``carnet check --repair`` or the next correction writes it); None when neither
    can be had. What the viewer shows, so that it never shows another correction's."""
    path = archive.paths.preview(item.hash)
    data = read_derived(path, PREVIEW_EDGE)
    if data is not None:
        header = header_of_derived(data, PREVIEW_EDGE)
        if header is not None and header.shows(item.corrections):
            return data
    original = archive.paths.original(item.hash, EXTENSIONS.get(item.format, item.format))
    try:
        image, _size = corrected_image(
            original, item.format, item.orientation, item.corrections, PREVIEW_EDGE
        )
    except (CarnetError, OSError) as error:
        logger.info("item %s: no preview (%s)", item.id, error)
        return None
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def no_board(item: Item) -> InvalidValue:
    """The error for an item whose board's corners could not be found."""
    return InvalidValue(
        Text("no board found in item {id}: give its corners with --corners", id=item.id)
    )
