"""Previews and thumbnails: the derived images Carnet shows instead of the originals.

Each original is decoded once. The preview (long edge ≤ :data:`PREVIEW_EDGE`) is what the
viewer and the kit show; the thumbnail (long edge ≤ :data:`THUMBNAIL_EDGE`) is what the grid
paints, and is made from the preview rather than from a second decode. Both are upright
(EXIF orientation and any user rotation applied), plain sRGB JPEG without metadata, so that
no viewer rotates them a second time. Both are derived data: they can always be rebuilt.

They travel with the archive, so the ones in an archive someone handed over are whatever
its maker put under those names. Nothing decodes one before ``derived_size`` or
``read_derived`` has read its header with the limits of an import and found it to be what
Carnet writes; one that is not counts as missing, and is made again from the original where
the caller knows how (``carnet check --repair``, the kit).

Each carries, in a JPEG comment, the fingerprint of the corrections it was made with
(:func:`fingerprint`): the file says itself which correction it shows, and it gets that
name with its pixels in one rename, so a process killed between the catalog's write of a
correction and the new files' rename leaves a file that says it is out of date
(:meth:`DerivedHeader.shows`), which ``carnet check``, the kit and the viewer see.
"""

from __future__ import annotations

import io
import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image, ImageCms

from carnet.errors import ImportRejected
from carnet.fsutil import atomic_writer, open_regular
from carnet.media.corrections import (
    NO_CORRECTIONS,
    Corrections,
    apply_corrections,
    corrected_size,
)
from carnet.media.heif import register_heif
from carnet.media.metadata import MAX_PIXELS, open_image
from carnet.messages import Text

# register_heif is re-exported for callers that only derive images (rebuilds, checks).
__all__ = [
    "PREVIEW_EDGE",
    "THUMBNAIL_EDGE",
    "DerivedHeader",
    "corrected_image",
    "decode_upright",
    "derived_header",
    "derived_size",
    "fingerprint",
    "header_of_derived",
    "make_derivatives",
    "read_current",
    "read_derived",
    "read_derived_header",
    "register_heif",
    "thumbnail_bytes",
]

logger = logging.getLogger(__name__)

THUMBNAIL_EDGE = 384
PREVIEW_EDGE = 2048
_JPEG_QUALITY = 85
_RESAMPLE = Image.Resampling.LANCZOS
_REDUCING_GAP = 3.0  # shrink by whole factors first: much faster, no visible difference
_WHITE = (255, 255, 255)

# The transposition that makes stored pixels upright, for each EXIF orientation.
_ORIENTATION_FIX: dict[int, Image.Transpose | None] = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# User rotations are clockwise; Pillow's ROTATE_* turn counter-clockwise.
_ROTATION: dict[int, Image.Transpose | None] = {
    0: None,
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}
_ORIENTATION_TAG = 0x0112
_LABELS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "webp": "WebP", "heic": "HEIC"}


def make_derivatives(
    src: Path,
    fmt: str,
    orientation: int,
    thumbnail: Path,
    preview: Path,
    corrections: Corrections = NO_CORRECTIONS,
) -> tuple[int, int]:
    """Write the preview and thumbnail JPEGs of ``src`` and return its upright full size.

    ``orientation`` is the EXIF orientation from :func:`~carnet.media.metadata.read_metadata`
    (values outside 1..8 count as 1). It is not applied twice where the decoder already
    did: for HEIC (libheif applies the container's rotation) and for TIFF when Pillow turned
    the pixels by their orientation tag while loading (recent versions do). ``corrections``
    are the user's (rotation, crop, perspective; see :func:`corrected_image`). Each file is
    written to a temporary name in its folder, synced and renamed, so a crash never leaves
    half an image under the real name, and a corrected preview replaces the old one whole.

    Returns ``(width, height)`` of the full-size original once upright (EXIF orientation
    applied, corrections not). Raises
    :class:`ImportRejected` when the pixels cannot be decoded (truncated or damaged data, an
    image too large); ``OSError`` from writing the outputs is not the file's fault and
    propagates unchanged.
    """
    image, size = corrected_image(src, fmt, orientation, corrections, PREVIEW_EDGE)
    small = _thumbnail_of(image)

    made_with = fingerprint(corrections).encode("ascii")
    _write_jpeg(image, preview, made_with)
    _write_jpeg(small, thumbnail, made_with)
    return size


def _thumbnail_of(preview: Image.Image) -> Image.Image:
    """The thumbnail made from a preview: shrunk by a whole factor first down to twice the
    thumbnail's size (half of Lanczos's time over the whole preview, and no visible
    difference at 384 px), then fitted."""
    return _fit(preview, THUMBNAIL_EDGE, reducing_gap=2.0)


def thumbnail_bytes(
    src: Path, fmt: str, orientation: int, corrections: Corrections = NO_CORRECTIONS
) -> bytes:
    """The JPEG bytes of the thumbnail :func:`make_derivatives` would write for ``src``
    with ``corrections`` (the same pixels, the same fingerprint), made in memory and
    written nowhere: what a window shows in place of a thumbnail file made with other
    corrections (it may be read-only). Raises :class:`ImportRejected` when the original
    cannot be decoded, ``OSError`` when it cannot be read."""
    image, _size = corrected_image(src, fmt, orientation, corrections, PREVIEW_EDGE)
    out = io.BytesIO()
    _thumbnail_of(image).save(
        out, "JPEG", quality=_JPEG_QUALITY, comment=fingerprint(corrections).encode("ascii")
    )
    return out.getvalue()


#: What starts the JPEG comment that names the corrections a derived file was made with.
_FINGERPRINT_PREFIX = "carnet-corrections:"


def fingerprint(corrections: Corrections) -> str:
    """The text a derived file made with ``corrections`` carries in its JPEG comment:
    ``carnet-corrections:`` and their digest (``none`` for no correction)."""
    return _FINGERPRINT_PREFIX + (corrections.digest() or "none")


def corrected_image(
    src: Path,
    fmt: str,
    orientation: int,
    corrections: Corrections = NO_CORRECTIONS,
    edge: int = PREVIEW_EDGE,
) -> tuple[Image.Image, tuple[int, int]]:
    """Decode ``src`` upright with the user's ``corrections`` applied, long edge ≤ ``edge``.

    The one way previews, thumbnails, the kit, the booklet and ``carnet check --repair``
    see an item. The original is decoded once, at the smallest size that still gives
    ``edge`` pixels once the corrections are applied (a tight crop decodes more of it),
    then warped, turned and cropped (:func:`~carnet.media.corrections.apply_corrections`)
    and fitted. Returns the image and the upright full size of the original (corrections
    not applied). Raises :class:`ImportRejected` when the pixels cannot be decoded.
    """
    quarter = corrections.quarter_turn
    if quarter is not None:
        image, (width, height) = decode_upright(src, fmt, orientation, quarter, edge)
        return image, ((height, width) if quarter in (90, 270) else (width, height))
    with open_image(src, fmt) as header:
        stored = header.size
    # The decoded size that covers ``edge`` after the corrections, from the original's
    # long side (the same whichever way it is turned).
    upright = stored if orientation not in (5, 6, 7, 8) or fmt == "heic" else stored[::-1]
    wanted = corrected_size(upright, corrections)
    scale = min(1.0, edge / max(wanted))
    decode_edge = max(1, math.ceil(max(stored) * scale))
    image, size = decode_upright(src, fmt, orientation, 0, decode_edge)
    try:
        corrected = apply_corrections(image, corrections, image.width / size[0])
    except MemoryError as error:
        raise ImportRejected(src, Text("cannot decode image: not enough memory")) from error
    return _fit(corrected, edge), size


def decode_upright(
    src: Path, fmt: str, orientation: int, rotation: int = 0, edge: int = PREVIEW_EDGE
) -> tuple[Image.Image, tuple[int, int]]:
    """Decode ``src`` once into an upright sRGB image whose long edge is at most ``edge``.

    The EXIF ``orientation`` and the user's clockwise ``rotation`` are applied as
    :func:`make_derivatives` describes; small images are never enlarged. Returns the image
    and the upright full size of the original. This is what previews and the printed
    booklet share: the same decoding limits (:data:`~carnet.media.metadata.MAX_PIXELS`),
    the same colour handling, the same corrections. Raises :class:`ImportRejected` when the
    pixels cannot be decoded.
    """
    if rotation not in _ROTATION:
        raise ValueError(f"rotation must be 0, 90, 180 or 270, not {rotation!r}")
    if orientation not in _ORIENTATION_FIX or fmt == "heic":
        orientation = 1

    image, (width, height), turned_by_decoder = _decode_preview(src, fmt, edge)
    if turned_by_decoder:
        orientation = 1
    for step in (_ORIENTATION_FIX[orientation], _ROTATION[rotation]):
        if step is not None:
            image = image.transpose(step)

    turned = (orientation >= 5) != (rotation in (90, 270))
    return image, ((height, width) if turned else (width, height))


def _decode_preview(
    src: Path, fmt: str, edge: int = PREVIEW_EDGE
) -> tuple[Image.Image, tuple[int, int], bool]:
    """Decode ``src`` once into an RGB image whose long edge is at most ``edge``.

    Also returns the full size as the decoder delivers it, and whether the decoder has
    already applied the file's orientation tag (recent Pillow does so for TIFF, and then
    reports the turned size from the start).

    A JPEG goes through libvips first (:func:`_decode_vips`): several times faster at
    preview size; anything libvips does not take the way Carnet wants it falls back here.
    """
    if fmt == "jpeg":
        fast = _decode_vips(src, edge)
        if fast is not None:
            return fast[0], fast[1], False
    with open_image(src, fmt) as image:
        full_size = image.size
        tags = getattr(image, "tag_v2", None)
        had_orientation = tags is not None and _ORIENTATION_TAG in tags
        try:
            if fmt == "jpeg":
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the
                # preview: far less work and memory for big photos.
                target = _fit_size(full_size, edge)
                if target != full_size:
                    image.draft("RGB", target)
            image.load()
            result = _to_rgb(_fit(_normalise_mode(image), edge), image.info)
            if result is image:  # closing the file would take the pixels with it
                result = image.copy()
            turned = had_orientation and _ORIENTATION_TAG not in getattr(image, "tag_v2", {})
        except MemoryError as error:
            raise ImportRejected(src, Text("cannot decode image: not enough memory")) from error
        except Exception as error:  # decoders of damaged files raise anything; see reason
            logger.debug("%s: decoding failed", src, exc_info=True)
            raise ImportRejected(src, _decode_reason(error, fmt)) from error
    return result, full_size, turned


def _vips() -> Any:
    """The ``pyvips`` module, or None where libvips cannot be loaded (then Pillow does all)."""
    global _PYVIPS
    if _PYVIPS is False:
        try:
            import pyvips

            pyvips.cache_set_max(0)  # each file is decoded once: a cache only holds memory
            _PYVIPS = pyvips
        except (ImportError, OSError) as error:
            logger.info("libvips not available, decoding with Pillow only: %s", error)
            _PYVIPS = None
    return _PYVIPS


_PYVIPS: Any = False


def _decode_vips(src: Path, edge: int) -> tuple[Image.Image, tuple[int, int]] | None:
    """A JPEG decoded by libvips's shrink-on-load thumbnail to fit ``edge``, as an RGB
    Pillow image, with the stored full size; None when libvips is missing or the file is
    not a plain RGB or grey JPEG it decodes cleanly (the Pillow path then decides, and
    gives the reason when the file is damaged).

    The EXIF orientation is not applied here (the caller applies the catalog's), and an
    embedded colour profile is converted to sRGB, as :func:`_to_srgb` does. The pixels are
    within a grey level of Pillow's Lanczos resize (``tests/media/test_derive.py``).
    """
    pyvips = _vips()
    if pyvips is None:
        return None
    try:
        with open_regular(src) as handle:
            data = handle.read()
        header = pyvips.Image.new_from_buffer(data, "", access="sequential")
        width, height, bands = header.width, header.height, header.bands
        if width * height > MAX_PIXELS or bands not in (1, 3) or header.format != "uchar":
            return None
        if header.interpretation not in ("srgb", "b-w", "rgb"):
            return None
        # The very size the Pillow path gives (``carnet check`` expects it to the pixel).
        target = _fit_size((width, height), edge)
        options: dict[str, Any] = {"size": "force", "no_rotate": True, "height": target[1]}
        if header.get_typeof("icc-profile-data"):
            options["export_profile"] = "srgb"
        thumb = pyvips.Image.thumbnail_buffer(
            data, target[0], option_string="fail_on=truncated", **options
        )
        if thumb.bands == 1:
            thumb = thumb.colourspace("srgb")
        if thumb.bands != 3 or thumb.format != "uchar":
            return None
        pixels = thumb.write_to_memory()
    except (pyvips.Error, OSError) as error:
        logger.debug("%s: libvips did not decode it (%s); trying Pillow", src, error)
        return None
    image = Image.frombuffer("RGB", (thumb.width, thumb.height), pixels, "raw", "RGB", 0, 1)
    return image, (width, height)


def _decode_reason(error: Exception, fmt: str) -> Text:
    """A user-facing sentence for a decoding failure."""
    message = " ".join(str(error).split())
    lowered = message.lower()
    label = _LABELS.get(fmt, fmt.upper())
    truncated = isinstance(error, EOFError) or any(
        hint in lowered for hint in ("truncated", "end of file", "unexpected end")
    )
    if truncated:
        return Text("truncated {format}: image data ends early", format=label)
    if "broken data stream" in lowered:  # Pillow's word for a decoder's data error
        return Text("cannot decode image: damaged {format} data", format=label)
    if not message:
        message = type(error).__name__
    if len(message) > 120:
        message = message[:119] + "…"
    return Text("cannot decode image: {error}", error=message)


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Bring any Pillow mode to L, RGB, RGBA or CMYK, which resize and colour-manage well.

    16-bit and floating-point greyscale (scans, TIFF exports) are scaled to 8 bits; palettes,
    1-bit and premultiplied modes are expanded; transparency is kept for the flattening step.
    """
    mode = image.mode
    if "transparency" in image.info and mode in ("L", "RGB", "P"):
        return image.convert("RGBA")
    if mode in ("L", "RGB", "RGBA", "CMYK"):
        return image
    if mode in ("1", "P"):
        return image.convert("L" if mode == "1" else "RGB")
    if mode in ("LA", "La", "PA", "RGBa"):
        return image.convert("RGBA")
    if mode.startswith("I;16"):
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode in ("I", "F"):
        return _scale_to_l(image)
    return image.convert("RGB")  # RGBX, YCbCr, HSV…; a mode Pillow cannot convert raises


def _scale_to_l(image: Image.Image) -> Image.Image:
    """32-bit integer or float greyscale to 8 bits, keeping 8- and 16-bit ranges as such."""
    low, high = image.getextrema()
    assert isinstance(low, int | float) and isinstance(high, int | float)
    if image.mode == "F" and low >= 0 and high <= 1:
        scale, offset = 255.0, 0.0
    elif low >= 0 and high <= 255:
        scale, offset = 1.0, 0.0
    elif low >= 0 and high <= 65535:
        scale, offset = 1 / 256, 0.0
    else:
        span = (high - low) or 1
        scale, offset = 255 / span, -low * 255 / span
    return image.point(lambda v: v * scale + offset).convert("L")


def _to_rgb(image: Image.Image, info: Mapping[Any, Any]) -> Image.Image:
    """Convert a normalised image to sRGB, flattening transparency on white."""
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, _WHITE)
        background.paste(image, mask=image.getchannel("A"))
        image = background
    profile = info.get("icc_profile")
    if isinstance(profile, bytes) and profile and image.mode in ("RGB", "CMYK"):
        managed = _to_srgb(image, profile)
        if managed is not None:
            return managed
    return image if image.mode == "RGB" else image.convert("RGB")


_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image | None:
    """Apply the embedded colour profile (phone Display P3, print CMYK…) toward sRGB.

    Returns None when the profile is sRGB already or cannot be used; the pixels are then
    taken as they are, which is what most viewers would show anyway.
    """
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode == "RGB" and "srgb" in ImageCms.getProfileDescription(source).lower():
            return None
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as error:
        logger.debug("colour profile ignored: %s", error)
        return None


def _fit_size(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """``size`` scaled so its long edge is at most ``edge`` (never enlarged)."""
    width, height = size
    longest = max(width, height)
    if longest <= edge:
        return size
    scale = edge / longest
    return max(1, math.ceil(width * scale - 0.5)), max(1, math.ceil(height * scale - 0.5))


def _fit(image: Image.Image, edge: int, reducing_gap: float = _REDUCING_GAP) -> Image.Image:
    """``image`` shrunk so its long edge is at most ``edge``; small images are left alone."""
    size = _fit_size(image.size, edge)
    if size == image.size:
        return image
    return image.resize(size, _RESAMPLE, reducing_gap=reducing_gap)


def _write_jpeg(image: Image.Image, destination: Path, comment: bytes) -> None:
    """Save ``image`` as JPEG at ``destination`` atomically (temp file, fsync, rename),
    with ``comment`` (its corrections' fingerprint) as its JPEG comment."""
    with atomic_writer(destination) as handle:
        image.save(handle, "JPEG", quality=_JPEG_QUALITY, comment=comment)


def _max_bytes(edge: int) -> int:
    """The most a derived file of long edge ``edge`` may weigh: its pixels uncompressed,
    and some room (Carnet's own weigh a tenth of that)."""
    return edge * edge * 3 + 65_536


@dataclass(frozen=True)
class DerivedHeader:
    """What the header of a derived file Carnet could have written says."""

    size: tuple[int, int]
    #: The fingerprint of the corrections it was made with (:func:`fingerprint`); None
    #: for a file without one (made before Carnet wrote them, or by someone else).
    made_with: str | None

    def shows(self, corrections: Corrections) -> bool:
        """Whether the file was made with ``corrections``. One without a fingerprint
        counts for no correction or a quarter turn only: what Carnet made before it wrote
        fingerprints (a quarter turn's size tells the rest); a crop, an angle or a
        perspective must be named."""
        if self.made_with is None:
            return corrections.empty or corrections.quarter_turn is not None
        return self.made_with == fingerprint(corrections)


def derived_size(path: Path, edge: int) -> tuple[int, int] | None:
    """The size of the preview or thumbnail at ``path`` if it is one Carnet could have
    written, else None (missing, or not to be trusted).

    ``edge`` is :data:`PREVIEW_EDGE` or :data:`THUMBNAIL_EDGE`. Only the header is read, as
    an import reads a file before decoding it: a regular file (never a FIFO or a device),
    Pillow's JPEG reader only, and then it must be what Carnet writes — a plain RGB JPEG no
    longer than ``edge`` on either side and no heavier than such an image uncompressed. The
    pixels are not decoded; whoever decodes them next is bounded by those figures.
    """
    header = derived_header(path, edge)
    return None if header is None else header.size


def derived_header(path: Path, edge: int) -> DerivedHeader | None:
    """The header of the preview or thumbnail at ``path`` (its size and the corrections
    it was made with), read as :func:`derived_size` reads it; None when that refuses it."""
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > _max_bytes(edge):
                return None
            return _derived_header(handle, edge)
    except OSError:
        return None


def header_of_derived(data: bytes, edge: int) -> DerivedHeader | None:
    """The header of derived bytes :func:`read_derived` returned (or None)."""
    return _derived_header(io.BytesIO(data), edge)


def read_derived(path: Path, edge: int) -> bytes | None:
    """The bytes of the preview or thumbnail at ``path`` when ``derived_size`` accepts
    them, else None: what the caller then decodes is exactly what was checked."""
    found = read_derived_header(path, edge)
    return None if found is None else found[0]


def read_derived_header(path: Path, edge: int) -> tuple[bytes, DerivedHeader] | None:
    """What :func:`read_derived` returns, with the header it read from those bytes (the
    corrections they were made with), in one open and one parse."""
    limit = _max_bytes(edge)
    try:
        with open_regular(path) as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    if len(data) > limit:
        return None
    header = _derived_header(io.BytesIO(data), edge)
    return None if header is None else (data, header)


def read_current(path: Path, edge: int, corrections: Corrections) -> bytes | None:
    """The bytes of the preview or thumbnail at ``path`` when :func:`read_derived` accepts
    them and they were made with ``corrections`` (:meth:`DerivedHeader.shows`), else None:
    one left by a correction killed before its files were rewritten is not the drawing as
    the catalog has it. The file is opened once; its header is read from the bytes."""
    found = read_derived_header(path, edge)
    return found[0] if found is not None and found[1].shows(corrections) else None


def _derived_header(handle: BinaryIO, edge: int) -> DerivedHeader | None:
    try:
        with Image.open(handle, formats=("JPEG",)) as image:
            # Not MPO (Pillow's name for a JPEG with more pictures in it), not CMYK or grey.
            if image.format != "JPEG" or image.mode != "RGB":
                return None
            width, height = image.size
            comment = image.info.get("comment")
    except Exception:  # a plugin reading a hostile header can raise anything
        return None
    if not (0 < width <= edge and 0 < height <= edge):
        return None
    made_with = None
    if isinstance(comment, bytes) and comment.startswith(_FINGERPRINT_PREFIX.encode()):
        made_with = comment[:80].decode("ascii", "replace")
    return DerivedHeader((width, height), made_with)
