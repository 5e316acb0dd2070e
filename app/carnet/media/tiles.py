"""Deep-zoom tiles: the corrected drawing at full resolution, cut into static IIIF tiles.

A tile set is what a viewer needs to zoom a drawing to its last pixel without a server:
IIIF Image API 3 *level 0* tiles (``{x},{y},{w},{h}/{sw},{sh}/0/default.jpg`` and, for the
smallest level, ``full/{sw},{sh}/0/default.jpg``) written by libvips' ``dzsave``, and the
corrected image as one JPEG (the full-resolution download). Both are made from the
original with the item's corrections (EXIF orientation and the user's rotation) and are
plain sRGB JPEG without metadata, so that the same original and corrections always give
the same bytes.

Tiles are derived data: made on first need (an export, a deep zoom), never at import, and
kept in a folder named by the original's hash and a digest of the corrections
(:func:`correction_key`), so that a new correction gives a new folder. A tile set in an
archive someone else handed over is not trusted: its file names are computed here from its
size (:func:`tile_names`), never listed from the folder, and each file is checked as a
preview is (a plain RGB JPEG no larger than a tile) before anything copies it
(:func:`checked_tile_set`); one that fails is made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyvips
from PIL import Image

from carnet.errors import ImportRejected
from carnet.fsutil import open_regular
from carnet.media import derive
from carnet.media.corrections import Corrections
from carnet.media.derive import decode_upright
from carnet.media.jpegmeta import NotAJpeg, strip_metadata
from carnet.media.metadata import MAX_PIXELS
from carnet.messages import Text

log = logging.getLogger(__name__)

#: Tile edge in pixels: 512 keeps a 12 MP photo to about sixty files.
TILE = 512
TILE_QUALITY = 85
DOWNLOAD_QUALITY = 90
#: Bumped when the way tiles are made changes (new folders, old ones unused).
TILES_VERSION = 1
DOWNLOAD_NAME = "corrected.jpg"
STATE_NAME = "carnet-tiles.json"
#: The whole image at full size, in IIIF's canonical form (see :func:`tile_names`).
FULL_MAX = "full/max/0/default.jpg"
IIIF_FOLDER = "iiif"

# Unfuzzed loaders (matrix, FITS, ImageMagick…) are refused: originals come from anyone.
with contextlib.suppress(AttributeError):
    pyvips.block_untrusted_set(True)

_LOADERS = {"jpeg": "jpegload", "png": "pngload", "tiff": "tiffload", "webp": "webpload"}


def correction_key(orientation: int, rotation: int, corrections: object = None) -> str:
    """A digest of everything that turns an original into the corrected image.

    ``corrections`` is any JSON-able description of further corrections (a crop, a
    perspective); None when there are none. The same inputs always give the same key.
    """
    text = json.dumps(
        [TILES_VERSION, TILE, orientation if 1 <= orientation <= 8 else 1, rotation, corrections],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def tile_set_key(orientation: int, corrections: Corrections) -> str:
    """The :func:`correction_key` of an item's tile set: its quarter turn alone when that
    is all its corrections are, else every correction (a crop, a perspective, an angle)."""
    quarter = corrections.quarter_turn
    if quarter is not None:
        return correction_key(orientation, quarter % 360, None)
    return correction_key(orientation, 0, corrections.to_dict())


def is_tile_set_name(name: str) -> bool:
    """Whether ``name`` is a tile set folder's: ``<sha256 of the original>-<key>``."""
    digest, dash, key = name.partition("-")
    return bool(dash) and _hex(digest, 64) and _hex(key, 16)


def _hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdef" for c in text)


def remove_tile_set(folder: Path) -> None:
    """Take away a tile set (derived data): a link is removed, never followed; a folder is
    renamed aside first, so no half-removed set keeps the name a reader would take."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.is_dir():
        aside = folder.with_name(f".tmp-{secrets.token_hex(6)}-{folder.name}")
        folder.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)


def remove_superseded(folder: Path) -> list[Path]:
    """Remove the other tile sets of the same original beside ``folder`` (made under
    corrections it no longer has), and return them: a new correction leaves one set."""
    digest = folder.name.partition("-")[0]
    removed = []
    with contextlib.suppress(FileNotFoundError):
        for other in sorted(folder.parent.iterdir()):
            name = other.name
            if name == folder.name or not is_tile_set_name(name) or not name.startswith(digest):
                continue
            try:
                remove_tile_set(other)
            except OSError as exc:  # derived data: the next check says it
                log.info("superseded tile set %s left: %s", other, exc)
                continue
            removed.append(other)
    return removed


def scale_factors(width: int, height: int, tile: int = TILE) -> list[int]:
    """The levels' scale factors, 1 first, down to the first level that fits one tile."""
    factors = [1]
    while math.ceil(width / factors[-1]) > tile or math.ceil(height / factors[-1]) > tile:
        factors.append(factors[-1] * 2)
    return factors


def tile_names(width: int, height: int, tile: int = TILE) -> list[str]:
    """Every tile file of a ``width`` × ``height`` image, as ``dzsave(layout="iiif3")``
    names them (a test checks that it does): the viewer, the checks and the copy all use
    this list, never a listing of the folder.

    An image that fits one tile also has :data:`FULL_MAX`, a copy of its one tile: its
    ``info.json`` lets a level-0 client ask for the whole image at full size, whose
    canonical address is ``full/max`` (OpenSeadragon, hence Mirador, asks for it), where
    ``dzsave`` writes only ``full/{w},{h}``."""
    names: list[str] = []
    factors = scale_factors(width, height, tile)
    for s in factors[:-1]:
        span = tile * s
        for y in range(0, height, span):
            for x in range(0, width, span):
                names.append(tile_name(width, height, s, x, y, tile))
    names.append(tile_name(width, height, factors[-1], 0, 0, tile))
    if factors == [1]:
        names.append(FULL_MAX)
    return sorted(names)


def tile_name(width: int, height: int, factor: int, x: int, y: int, tile: int = TILE) -> str:
    """The file of one tile of a ``width`` × ``height`` image: the one of the level
    ``factor`` (one of :func:`scale_factors`) whose top-left corner is ``(x, y)`` in
    full-size pixels, a multiple of ``tile × factor``. The smallest level is one tile."""
    if math.ceil(width / factor) <= tile and math.ceil(height / factor) <= tile:
        return f"full/{math.ceil(width / factor)},{math.ceil(height / factor)}/0/default.jpg"
    span = tile * factor
    w, h = min(span, width - x), min(span, height - y)
    return f"{x},{y},{w},{h}/{math.ceil(w / factor)},{math.ceil(h / factor)}/0/default.jpg"


@dataclass(frozen=True)
class TileSet:
    """A finished tile set: its folder, and the corrected image's size."""

    folder: Path
    width: int
    height: int

    @property
    def tiles(self) -> Path:
        return self.folder / IIIF_FOLDER

    @property
    def download(self) -> Path:
        return self.folder / DOWNLOAD_NAME

    def names(self) -> list[str]:
        return tile_names(self.width, self.height)

    @property
    def factors(self) -> list[int]:
        return scale_factors(self.width, self.height)


def corrected_image(
    src: Path, fmt: str, orientation: int, rotation: int = 0, *, sequential: bool = False
) -> pyvips.Image:
    """The original ``src`` decoded at full size, upright, rotated and in 8-bit sRGB.

    HEIC goes through Pillow (libheif, as the previews do); the other formats through
    libvips' own loader for that format only, after the header says the image holds no
    more than :data:`~carnet.media.metadata.MAX_PIXELS`. ``sequential`` reads the file
    top to bottom once (enough when nothing turns it). Raises ``ImportRejected`` when the
    pixels cannot be decoded.
    """
    if fmt == "heic" or fmt not in _LOADERS:
        pil, _size = decode_upright(src, fmt, orientation, rotation, edge=1 << 30)
        return _from_pillow(pil)
    try:
        return _srgb(_upright(_load(src, fmt, sequential), orientation, rotation))
    except pyvips.Error as exc:
        raise ImportRejected(src, _vips_reason(exc)) from exc


def _load(src: Path, fmt: str, sequential: bool) -> pyvips.Image:
    with open_regular(src):  # a FIFO or a device is refused, never waited on
        pass
    loader = getattr(pyvips.Image, _LOADERS[fmt])
    access = "sequential" if sequential else "random"
    image = loader(str(src), access=access, fail_on="error")
    if image.width * image.height > MAX_PIXELS:
        raise ImportRejected(
            src, Text("image too large: {w}×{h} pixels", w=image.width, h=image.height)
        )
    return image


def _vips_reason(exc: pyvips.Error) -> Text:
    message = " ".join(str(exc).split())
    return Text("cannot decode image: {error}", error=message[:200])


def make_tiles(
    src: Path,
    fmt: str,
    orientation: int,
    rotation: int,
    folder: Path,
    corrections: Any = None,
) -> TileSet:
    """Decode the original ``src``, correct it, and write its tile set into ``folder``.

    A JPEG that nothing turns is read once, top to bottom, straight into the tiles, and its
    download is the original's own bytes without their metadata (no second compression);
    anything else is decoded once into memory and written twice. ``corrections`` other
    than a quarter turn (a crop, a perspective, an angle) are applied by the image engine
    the previews use (``derive.corrected_image``), at full size.
    """
    plain = fmt == "jpeg" and not 2 <= orientation <= 8 and rotation == 0
    try:
        if corrections is not None:
            pil, _size = derive.corrected_image(src, fmt, orientation, corrections, 1 << 30)
            return make_tile_set(_from_pillow(pil), folder)
        if plain:
            loaded = _load(src, fmt, sequential=True)
            if loaded.bands == 3 and loaded.interpretation == "srgb":
                with open_regular(src) as handle:
                    download = strip_metadata(handle.read())
                return make_tile_set(_srgb(loaded), folder, download)
        image = corrected_image(src, fmt, orientation, rotation)
        return make_tile_set(image.copy_memory(), folder)
    except pyvips.Error as exc:
        raise ImportRejected(src, _vips_reason(exc)) from exc
    except MemoryError as exc:  # a huge drawing: this one has no tiles, the others do
        raise ImportRejected(src, Text("cannot decode image: not enough memory")) from exc
    except NotAJpeg as exc:
        raise ImportRejected(src, Text("cannot decode image: {error}", error=str(exc))) from exc


def _from_pillow(image: Image.Image) -> pyvips.Image:
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return pyvips.Image.new_from_memory(rgb.tobytes(), rgb.width, rgb.height, 3, "uchar")


# How to make stored pixels upright for each EXIF orientation, as derive.py's Pillow
# transpositions do (a test compares the two).
def _upright(image: pyvips.Image, orientation: int, rotation: int) -> pyvips.Image:
    if orientation == 2:
        image = image.fliphor()
    elif orientation == 3:
        image = image.rot("d180")
    elif orientation == 4:
        image = image.flipver()
    elif orientation == 5:
        image = image.rot("d90").fliphor()
    elif orientation == 6:
        image = image.rot("d90")
    elif orientation == 7:
        image = image.rot("d270").fliphor()
    elif orientation == 8:
        image = image.rot("d270")
    turns = {0: None, 90: "d90", 180: "d180", 270: "d270"}
    if rotation not in turns:
        raise ValueError(f"rotation must be 0, 90, 180 or 270, not {rotation!r}")
    turn = turns[rotation]
    return image if turn is None else image.rot(turn)


def _srgb(image: pyvips.Image) -> pyvips.Image:
    """8-bit sRGB, three bands, transparency flattened on white, colour profile applied."""
    if image.get_typeof("icc-profile-data") != 0:
        try:
            image = image.icc_transform("srgb", embedded=True, intent="perceptual")
        except pyvips.Error as exc:
            log.debug("colour profile ignored: %s", exc)
    if image.hasalpha():
        image = image.flatten(background=[255] * (image.bands - 1))
    if image.interpretation not in ("srgb",) or image.format != "uchar":
        image = image.colourspace("srgb")
    if image.bands > 3:
        image = image.extract_band(0, n=3)
    if image.format != "uchar":
        image = image.cast("uchar")
    return image


def make_tile_set(image: pyvips.Image, folder: Path, download: bytes | None = None) -> TileSet:
    """Write the tiles and the full-resolution JPEG of ``image`` into the new ``folder``.

    ``download`` is that JPEG's bytes when the caller has them already; else ``image`` is
    encoded (then it should be in memory: it is read twice).

    The folder is made under a temporary name beside it and renamed when complete, so a
    folder under its real name is always a finished tile set; if another process finished
    the same set first, its folder is kept and this one dropped.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = folder.with_name(f".tmp-{secrets.token_hex(6)}-{folder.name}")
    work.mkdir()
    try:
        width, height = image.width, image.height
        if download is None:
            image.jpegsave(str(work / DOWNLOAD_NAME), Q=DOWNLOAD_QUALITY, keep="none")
        else:
            (work / DOWNLOAD_NAME).write_bytes(download)
        image.dzsave(
            str(work / IIIF_FOLDER),
            layout="iiif3",
            tile_size=TILE,
            overlap=0,
            suffix=f".jpg[Q={TILE_QUALITY},keep=none]",
            keep="none",
        )
        if scale_factors(width, height) == [1]:
            max_file = work / IIIF_FOLDER / FULL_MAX
            max_file.parent.mkdir(parents=True)
            shutil.copyfile(work / IIIF_FOLDER / tile_name(width, height, 1, 0, 0), max_file)
        # Ours names the kit's address; the properties hold the time they were written.
        for extra in ("info.json", "vips-properties.xml"):
            for place in (work, work / IIIF_FOLDER):
                with contextlib.suppress(FileNotFoundError):
                    (place / extra).unlink()
        state = {"version": TILES_VERSION, "tile": TILE, "width": width, "height": height}
        (work / STATE_NAME).write_text(json.dumps(state, sort_keys=True) + "\n", "utf-8")
        try:
            os.rename(work, folder)
        except OSError:
            if not folder.is_dir():
                raise
            shutil.rmtree(work, ignore_errors=True)  # someone else finished it first
            found = checked_tile_set(folder)
            if found is not None:
                return found
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return TileSet(folder, width, height)


def checked_tile_set(folder: Path) -> TileSet | None:
    """The tile set in ``folder`` if it is complete and as Carnet writes it, else None.

    Nothing is decoded: its state file is read (small, numbers in range), every file
    :func:`tile_names` expects must be a regular file holding a plain RGB JPEG header no
    larger than a tile, and the download one no larger than the image.
    """
    try:
        if folder.is_symlink() or not folder.is_dir():
            return None
        with open_regular(folder / STATE_NAME) as handle:
            state = json.loads(handle.read(4096))
        width, height = int(state["width"]), int(state["height"])
        if state.get("version") != TILES_VERSION or state.get("tile") != TILE:
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not (width > 0 and height > 0 and width * height <= MAX_PIXELS):
        return None
    tiles = TileSet(folder, width, height)
    if _jpeg_size(tiles.download, width * height * 4 + 65_536) != (width, height):
        return None
    for name in tiles.names():
        size = _jpeg_size(tiles.tiles / name, TILE * TILE * 3 + 65_536)
        if size is None or size[0] > TILE or size[1] > TILE:
            return None
    return tiles


def _jpeg_size(path: Path, max_bytes: int) -> tuple[int, int] | None:
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                return None
            with Image.open(handle, formats=("JPEG",)) as image:
                if image.format != "JPEG" or image.mode != "RGB":
                    return None
                width, height = image.size
                return width, height
    except Exception:  # a hostile header can make a plugin raise anything
        return None
