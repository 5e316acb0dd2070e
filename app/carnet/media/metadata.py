"""What a photo of a drawing says about itself: size, capture time, camera, place, captions.

Reading metadata must never stop an import. Files come from phones, scanners, tablets and
tools that write broken or absurd EXIF (zero dates, impossible coordinates, IFDs claiming
thousands of entries), so each kind of metadata (EXIF, GPS, XMP, IPTC) is read inside its own
``try``: a block that cannot be read adds one line to :attr:`Metadata.warnings` and the rest
goes on. Only a file whose image header cannot be read at all, or which is too large to
decode safely, is refused with :class:`ImportRejected`.

EXIF is read with ``exifread`` (as the product brief asks), through a guarded file object
that bounds how much it may read, so a hostile file cannot make it hang or allocate
gigabytes. Where ``exifread`` fails or finds nothing (some HEIC written by libheif, PNG,
WebP), Pillow's own EXIF parser is the fallback.
"""

from __future__ import annotations

import io
import logging
import math
import numbers
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar, cast

from PIL import Image, ImageFile, UnidentifiedImageError

from carnet.errors import ImportRejected
from carnet.fsutil import open_regular
from carnet.media.formats import FORMATS, PILLOW_FORMATS
from carnet.media.heif import register_heif
from carnet.messages import Text

__all__ = ["MAX_PIXELS", "Metadata", "open_image", "read_metadata", "register_heif"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# exifread logs every oddity of every file at WARNING level; the few that matter to a user
# end up in Metadata.warnings instead.
logging.getLogger("exifread").setLevel(logging.CRITICAL)


def _quiet_pillow() -> None:
    """Keep Pillow's warnings about the files we read off stderr.

    Pillow warns above 89 megapixels (and refuses above 179); Carnet applies its own limit,
    MAX_PIXELS, before any decoding, so that warning is noise. Pillow's EXIF parser also
    warns about each broken tag it skips; damaged blocks are reported once, in
    Metadata.warnings. Installed at import and again before each open, because test runners
    and applications may reset the warning filters in between; adding a filter that is
    already there only moves it to the front.
    """
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.TiffImagePlugin")


_quiet_pillow()

MAX_PIXELS: int = 150_000_000
"""Largest image (width × height) Carnet decodes. A 150-megapixel RGB image already needs
450 MB of memory; anything bigger is far more likely a decompression bomb than a drawing."""


@dataclass
class Metadata:
    """What :func:`read_metadata` found in one file.

    ``width`` and ``height`` are the stored pixel size, before ``orientation`` is applied
    (for HEIC, whose decoder applies the container's rotation, the displayed size, and
    ``orientation`` is 1).
    ``captured_at`` is the camera's wall-clock time (``YYYY-MM-DDTHH:MM:SS``), without time
    zone: cameras rarely know theirs, and session matching corrects per-camera offsets.
    ``offset`` is the UTC offset the camera recorded (``+02:00``), when it did.
    """

    width: int
    height: int
    captured_at: str | None = None
    offset: str | None = None
    camera_make: str | None = None
    camera_model: str | None = None
    camera_serial: str | None = None
    orientation: int = 1
    gps_lat: float | None = None
    gps_lon: float | None = None
    gps_alt: float | None = None
    title: str | None = None
    caption: str | None = None
    alt_text: str | None = None
    keywords: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Opening the header


@contextmanager
def open_image(path: Path, fmt: str) -> Iterator[ImageFile.ImageFile]:
    """Open ``path`` with Pillow, reading its header only, and refuse it if too large.

    A context manager: the image (and the file under it) is closed on exit. ``fmt`` (from
    :func:`~carnet.media.formats.detect_format`) restricts which Pillow plugin may open the
    file. Images over :data:`MAX_PIXELS` are refused here, before any pixel is decoded.
    Raises :class:`ImportRejected` when the file or its header cannot be read.

    Pillow gets a file object rather than a path: with a path it may memory-map raw TIFF
    strips, and that path mis-shapes uncompressed CMYK TIFFs whose orientation tag turns them.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    if fmt == "heic":
        register_heif()
    _quiet_pillow()
    try:
        handle = open_regular(path)  # closed by the with-block below
    except OSError as error:
        raise ImportRejected(
            path, Text("cannot read: {error}", error=error.strerror or str(error))
        ) from error
    with handle, _open_header(path, handle, PILLOW_FORMATS[fmt]) as image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ImportRejected(
                path, Text("image has no pixels ({width}×{height})", width=width, height=height)
            )
        if width * height > MAX_PIXELS:
            raise ImportRejected(path, _too_big_reason((width, height)))
        yield image


def _open_header(path: Path, handle: IO[bytes], names: tuple[str, ...]) -> ImageFile.ImageFile:
    """``Image.open`` restricted to ``names``, with its errors turned into reasons."""
    try:
        return Image.open(handle, formats=names)
    except Image.DecompressionBombError as error:
        probe = _probe_header(path, names)
        size = probe if isinstance(probe, tuple) else None
        raise ImportRejected(path, _too_big_reason(size)) from error
    except UnidentifiedImageError as error:
        # Pillow hides why its plugin refused the header; ask the plugin again to say why.
        probe = _probe_header(path, names)
        detail = probe if isinstance(probe, str) else Text("damaged or unrecognised header")
        raise ImportRejected(path, _header_reason(detail)) from error
    except OSError as error:
        if error.strerror:
            raise ImportRejected(
                path, Text("cannot read: {error}", error=error.strerror)
            ) from error
        raise ImportRejected(path, _header_reason(_short(error))) from error
    except Exception as error:  # a plugin parsing a hostile header can raise anything
        raise ImportRejected(path, _header_reason(_short(error))) from error


def _header_reason(detail: str) -> Text:
    return Text("cannot read the image header: {detail}", detail=detail)


def _too_big_reason(size: tuple[int, int] | None) -> Text:
    limit = f"{MAX_PIXELS / 1_000_000:g}"
    if size is None:
        return Text("image is over the {limit}-megapixel limit", limit=limit)
    return Text(
        "image is {width}×{height} pixels, over the {limit}-megapixel limit",
        width=size[0],
        height=size[1],
        limit=limit,
    )


def _probe_header(path: Path, names: Iterable[str]) -> tuple[int, int] | str:
    """The size the format plugin reads from the header, or its error message.

    Only used to explain a refusal: ``Image.open`` raises before telling the size of a
    decompression bomb, and swallows the reason a header could not be parsed.
    """
    Image.init()
    message: str = Text("damaged or unrecognised header")
    for name in names:
        entry = Image.OPEN.get(name)
        if entry is None:
            continue
        factory = entry[0]
        try:
            with open_regular(path) as handle:
                probed = factory(handle, str(path))
                return probed.size
        except Exception as error:
            message = _short(error)
    return message


def _short(error: BaseException, limit: int = 120) -> str:
    """One line from an exception, for a reason or a warning."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------
# Reading


def read_metadata(path: Path, fmt: str) -> Metadata:
    """Read the size and the EXIF, GPS, XMP and IPTC metadata of an image file.

    Only the header is parsed; pixels are never decoded. Raises :class:`ImportRejected`
    when the header cannot be read or the image is over :data:`MAX_PIXELS`. Every other
    problem becomes a line in :attr:`Metadata.warnings` and leaves the field empty.

    For HEIC, ``orientation`` is always 1: the HEIF container's own rotation and mirroring
    (``irot``/``imir``) are applied by the decoder, and the EXIF tag, which only mirrors
    them, must not be applied a second time. ``width``/``height`` are then the displayed size.
    """
    with open_image(path, fmt) as image:
        width, height = _stored_size(image)
        meta = Metadata(width=width, height=height)
        tags = _read_exif(path, image, fmt, meta.warnings)
        _guarded(meta.warnings, "EXIF", lambda: _apply_exif(meta, tags))
        _guarded(meta.warnings, "GPS", lambda: _apply_gps(meta, tags))
        xmp = _guarded(meta.warnings, "XMP", lambda: _read_xmp(image))
        iptc = _guarded(meta.warnings, "IPTC", lambda: _read_iptc(image))

    title = caption = None
    keywords: list[str] = []
    if xmp is not None:
        title, caption = xmp.title, xmp.caption
        meta.alt_text = xmp.alt_text  # IPTC-IIM has no alt text: XMP only
        keywords.extend(xmp.keywords)
        if not tags.get(_ORIENTATION) and xmp.orientation is not None:
            meta.orientation = xmp.orientation if 1 <= xmp.orientation <= 8 else 1
    if iptc is not None:
        title = title or iptc.title
        caption = caption or iptc.caption
        keywords.extend(iptc.keywords)
    meta.title, meta.caption = title, caption
    meta.keywords = _dedupe(keywords)[:_MAX_KEYWORDS]
    if fmt == "heic":
        meta.orientation = 1
    return meta


def _stored_size(image: ImageFile.ImageFile) -> tuple[int, int]:
    """The size of the pixels as stored. Recent Pillow reports a TIFF's size already turned
    by its orientation tag (it turns the pixels on load); the TIFF tags keep the stored size."""
    tags = getattr(image, "tag_v2", None)
    if tags is not None:
        width, height = tags.get(256), tags.get(257)
        if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
            return width, height
    return image.size


def _guarded(warnings_: list[str], kind: str, read: Callable[[], T]) -> T | None:
    """Run one metadata reader; a failure becomes a warning line instead of an error."""
    try:
        return read()
    except Exception as error:
        logger.debug("%s block unreadable", kind, exc_info=True)
        warnings_.append(f"{kind}: cannot be read ({_short(error)})")
        return None


# --------------------------------------------------------------------------------------
# EXIF: exifread first, Pillow as the fallback

# Tags are keyed by (IFD, tag id) so both readers fill the same dictionary.
Tags = dict[tuple[str, int], Any]
_IFD0, _EXIF, _GPS = "Image", "EXIF", "GPS"
_MAKE, _MODEL, _ORIENTATION, _DATETIME = (
    (_IFD0, 0x010F),
    (_IFD0, 0x0110),
    (_IFD0, 0x0112),
    (_IFD0, 0x0132),
)
_DATE_ORIGINAL, _DATE_DIGITIZED = (_EXIF, 0x9003), (_EXIF, 0x9004)
# The device's serial number: EXIF 2.3's BodySerialNumber, else the older
# CameraSerialNumber some makers wrote in IFD0 (the key of the device's clock offset).
_SERIALS = ((_EXIF, 0xA431), (_IFD0, 0xC62F), (_EXIF, 0xC62F))
_OFFSET, _OFFSET_ORIGINAL, _OFFSET_DIGITIZED = (_EXIF, 0x9010), (_EXIF, 0x9011), (_EXIF, 0x9012)

# Budgets for the guarded file exifread reads from. A well-formed EXIF block costs a few
# thousand calls (a 65,535-entry IFD of junk, a few hundred thousand); a hostile one
# (65,535 entries of 999 rationals each, IFDs pointing at each other) would cost hundreds of
# millions. 300,000 calls take about a second.
_MAX_EXIF_CALLS = 300_000
_MAX_EXIF_READ = 1 << 20


class _GuardedReader:
    """A read-only file wrapper for exifread that bounds the cost of a hostile EXIF block.

    Each read is capped at the bytes left in the file (so a tag claiming a 4 GB string cannot
    make Python allocate 4 GB) and at 1 MiB. After too many calls the file seems to end:
    exifread then stops quickly and returns what it had read so far, which keeps IFD0 when
    only a later IFD (a thumbnail's, say) is hostile.
    """

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self._handle = handle
        self._size = size
        self.calls = 0
        self.exhausted = False

    def _spend(self) -> bool:
        self.calls += 1
        if self.calls > _MAX_EXIF_CALLS:
            self.exhausted = True
        return not self.exhausted

    def read(self, n: int | None = -1) -> bytes:
        if not self._spend():
            return b""
        left = max(0, self._size - self._handle.tell())
        wanted = left if n is None or n < 0 else min(n, left)
        return self._handle.read(min(wanted, _MAX_EXIF_READ))

    def seek(self, offset: int, whence: int = 0) -> int:
        if not self._spend():
            return self._handle.tell()
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()


def _read_exif(path: Path, image: ImageFile.ImageFile, fmt: str, warnings_: list[str]) -> Tags:
    """EXIF tags of IFD0, the Exif IFD and the GPS IFD, from exifread or else from Pillow."""
    tags: Tags = {}
    exifread_error: Exception | None = None
    try:
        tags, exhausted = _exif_with_exifread(path, fmt)
        if exhausted:
            # Pillow would grind through the same hostile structure: keep what we have.
            logger.debug("%s: EXIF read stopped after %d calls", path, _MAX_EXIF_CALLS)
            warnings_.append("EXIF: too large or looping, read only in part")
            return tags
    except Exception as error:
        exifread_error = error
        logger.debug("%s: exifread failed: %r", path, error)
    if tags:
        return tags
    try:
        tags = _exif_with_pillow(image, fmt)
    except Exception as error:
        logger.debug("%s: Pillow EXIF failed", path, exc_info=True)
        warnings_.append(f"EXIF: cannot be read ({_short(exifread_error or error)})")
        return {}
    if not tags and exifread_error is not None:
        warnings_.append(f"EXIF: cannot be read ({_short(exifread_error)})")
    return tags


def _exif_with_exifread(path: Path, fmt: str) -> tuple[Tags, bool]:
    """Tags read by exifread, and whether the read was cut short by the guard."""
    import exifread  # imported late: it is only needed here

    tags: Tags = {}
    with open_regular(path) as handle:
        source: IO[bytes] = handle
        if fmt == "jpeg":
            # EXIF lives in the segments before the compressed data: hand exifread only
            # those, so offsets that point past the EXIF block find nothing to chew on.
            source = io.BytesIO(_jpeg_header(handle))
        size = source.seek(0, 2)
        source.seek(0)
        guard = _GuardedReader(source, size)
        found = exifread.process_file(
            cast("BinaryIO", guard), details=False, extract_thumbnail=False
        )
    for key, tag in found.items():
        ifd = key.split(" ", 1)[0]
        if ifd in (_IFD0, _EXIF, _GPS) and hasattr(tag, "tag") and hasattr(tag, "values"):
            tags[(ifd, int(tag.tag))] = tag.values
    return tags, guard.exhausted


_MAX_JPEG_HEADER = 4 << 20


def _jpeg_header(handle: IO[bytes]) -> bytes:
    """The bytes of a JPEG from its start up to the start-of-scan marker (all the
    metadata segments, none of the compressed image), at most 4 MiB."""
    data = bytearray(handle.read(2))
    while len(data) < _MAX_JPEG_HEADER:
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            break
        if marker[1] == 0xFF:  # fill byte: markers may be padded with 0xFF
            handle.seek(-1, 1)
            continue
        if marker[1] == 0xDA or 0xD0 <= marker[1] <= 0xD9:  # scan, restart or end markers
            data += marker
            break
        raw_length = handle.read(2)
        if len(raw_length) < 2:
            break
        length = int.from_bytes(raw_length, "big")
        data += marker + raw_length + handle.read(max(0, length - 2))
    return bytes(data)


def _exif_with_pillow(image: ImageFile.ImageFile, fmt: str) -> Tags:
    # PNG's getexif() decodes the whole image to look for an eXIf chunk after the pixels;
    # the base implementation only looks at what the header already gave.
    exif = Image.Image.getexif(image) if fmt == "png" else image.getexif()
    tags: Tags = {}
    for tag, value in exif.items():
        tags[(_IFD0, int(tag))] = value
    for ifd_name, pointer in ((_EXIF, 0x8769), (_GPS, 0x8825)):
        for tag, value in exif.get_ifd(pointer).items():
            tags[(ifd_name, int(tag))] = value
    return tags


def _apply_exif(meta: Metadata, tags: Tags) -> None:
    """Capture time, its UTC offset, camera and orientation from EXIF tags."""
    meta.camera_make = _clean(_text(tags.get(_MAKE)), _MAX_SHORT)
    meta.camera_model = _clean(_text(tags.get(_MODEL)), _MAX_SHORT)
    for serial_tag in _SERIALS:
        serial = _clean(_text(tags.get(serial_tag)), _SERIAL_MAX)
        if serial and serial.strip(" 0\x00"):  # a blank or all-zero serial is none
            meta.camera_serial = serial
            break

    raw_orientation = tags.get(_ORIENTATION)
    if raw_orientation is not None:
        value = _first_int(raw_orientation)
        if value is not None and 1 <= value <= 8:
            meta.orientation = value
        else:
            shown = "is not a number" if value is None else f"{value} is not valid"
            meta.warnings.append(f"EXIF: orientation {shown}, assumed upright")

    for date_tag, offset_tags, name in (
        (_DATE_ORIGINAL, (_OFFSET_ORIGINAL, _OFFSET), "DateTimeOriginal"),
        (_DATE_DIGITIZED, (_OFFSET_DIGITIZED, _OFFSET_ORIGINAL, _OFFSET), "DateTimeDigitized"),
        (_DATETIME, (_OFFSET, _OFFSET_ORIGINAL), "DateTime"),
    ):
        raw = _text(tags.get(date_tag))
        if raw is None:
            continue
        parsed = parse_exif_datetime(raw)
        if parsed is None:
            shown = raw.replace("\x00", "").strip()[:40]
            meta.warnings.append(f"EXIF: {name} '{shown}' is not a valid date, ignored")
            continue
        meta.captured_at = parsed
        for offset_tag in offset_tags:
            raw_offset = _text(tags.get(offset_tag))
            if raw_offset is None or not raw_offset.strip(" \x00:"):
                continue  # absent, or left blank by a camera that does not know
            offset = parse_utc_offset(raw_offset)
            if offset is None:
                meta.warnings.append(f"EXIF: time offset '{raw_offset[:20]}' is not valid")
                continue
            meta.offset = offset
            break
        break


_DATE_RE = re.compile(
    r"^\s*(\d{4})[:\-./](\d{1,2})[:\-./](\d{1,2})(?:[ T]+(\d{1,2})[:.](\d{1,2})(?:[:.](\d{1,2}))?)?"
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def parse_exif_datetime(raw: str) -> str | None:
    """``YYYY-MM-DDTHH:MM:SS`` from an EXIF date (``2016:09:29 10:45:00``), or None.

    Also accepts the dashes, slashes and missing seconds some tools write. Placeholders
    (``0000:00:00 00:00:00``, blanks), impossible dates and years outside 1900–2100 are None.
    """
    match = _DATE_RE.match(raw.replace("\x00", ""))
    if match is None:
        return None
    year, month, day = (int(g) for g in match.group(1, 2, 3))
    hour, minute, second = (int(g) if g else 0 for g in match.group(4, 5, 6))
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%S")


_OFFSET_RE = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$")


def parse_utc_offset(raw: str) -> str | None:
    """``+02:00`` from an EXIF OffsetTime value, or None when it is not a real UTC offset."""
    match = _OFFSET_RE.match(raw.replace("\x00", ""))
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3))
    if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
        return None
    return f"{sign}{hours:02d}:{minutes:02d}"


def _apply_gps(meta: Metadata, tags: Tags) -> None:
    """Signed decimal latitude, longitude and altitude; absurd values are dropped."""
    raw_lat, raw_lon = tags.get((_GPS, 2)), tags.get((_GPS, 4))
    if raw_lat is not None or raw_lon is not None:
        lat = _degrees(raw_lat, _text(tags.get((_GPS, 1))), "NS")
        lon = _degrees(raw_lon, _text(tags.get((_GPS, 3))), "EW")
        if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
            meta.warnings.append("GPS: position is not valid, ignored")
        elif lat == 0 and lon == 0:
            logger.debug("GPS position 0,0 ignored (a receiver without a fix)")
        else:
            meta.gps_lat, meta.gps_lon = round(lat, 7), round(lon, 7)

    raw_alt = tags.get((_GPS, 6))
    if raw_alt is not None:
        alt = _number(raw_alt)
        if alt is None or alt < 0 or alt > 100_000:
            meta.warnings.append("GPS: altitude is not valid, ignored")
        else:
            below_sea = _first_int(tags.get((_GPS, 5))) == 1
            meta.gps_alt = round(-alt if below_sea else alt, 2)


def _degrees(value: Any, ref: str | None, hemispheres: str) -> float | None:
    """Decimal degrees from EXIF degrees/minutes/seconds and an N/S or E/W reference."""
    parts = list(value) if isinstance(value, list | tuple) else [value]
    if not 1 <= len(parts) <= 3:
        return None
    numbers_ = [_number(part) for part in parts]
    if any(n is None or n < 0 for n in numbers_):
        return None
    degrees, minutes, seconds = ([n for n in numbers_ if n is not None] + [0.0, 0.0])[:3]
    if minutes > 60 or seconds > 60:  # 60 itself happens, from rounding in the camera
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    sign = (ref or "").replace("\x00", "").strip().upper()[:1]
    if sign == hemispheres[1]:
        return -decimal
    if sign == hemispheres[0]:
        return decimal
    return None  # without its reference, the sign of a coordinate is a guess


def _number(value: Any) -> float | None:
    """A finite float from an EXIF number (rational with possibly zero denominator, int,
    float, or a one-element sequence of those), else None."""
    if isinstance(value, list | tuple):
        return _number(value[0]) if len(value) == 1 else None
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Rational):
        if value.denominator == 0:
            return None
        result = int(value.numerator) / int(value.denominator)
    elif isinstance(value, numbers.Real):
        result = float(value)
    else:
        return None
    return result if math.isfinite(result) else None


def _first_int(value: Any) -> int | None:
    """The first integer of an EXIF short (exifread gives a list, Pillow an int or bytes)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value[0] if value else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, numbers.Rational) and value.denominator == 1:
        return int(value.numerator)
    return None


def _text(value: Any) -> str | None:
    """An EXIF ASCII value as text (exifread leaves undecodable bytes as bytes)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1")
    if isinstance(value, str):
        return value
    return None


# --------------------------------------------------------------------------------------
# XMP


@dataclass
class _Described:
    """Title, caption and keywords from one metadata block (XMP or IPTC); alt text (XMP)."""

    title: str | None = None
    caption: str | None = None
    alt_text: str | None = None
    keywords: list[str] = field(default_factory=list)
    orientation: int | None = None


_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_TIFF_NS = "{http://ns.adobe.com/tiff/1.0/}"
#: IPTC Core's alt text (2021): a language alternative, like dc:title.
_ALT_TEXT = "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}AltTextAccessibility"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MAX_XMP = 4 << 20


def _read_xmp(image: ImageFile.ImageFile) -> _Described | None:
    """dc:title, dc:description and dc:subject from the image's XMP packet, if it has one."""
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not packet:
        return None
    return parse_xmp(packet.encode("utf-8") if isinstance(packet, str) else bytes(packet))


def parse_xmp(packet: bytes) -> _Described:
    """Parse an XMP packet with entity expansion and external references refused."""
    from defusedxml import ElementTree  # imported late: only files with XMP need it

    if len(packet) > _MAX_XMP:
        raise ValueError(f"packet of {len(packet)} bytes is too large")
    if packet.startswith((b"\xff\xfe", b"\xfe\xff")):
        packet = packet.decode("utf-16").encode("utf-8")
    packet = _trim_xmp(packet)
    root = ElementTree.fromstring(packet)

    found = _Described()
    for element in root.iter():
        if element.tag == f"{_RDF}Description":
            # The short form puts simple properties in attributes.
            for name, value in element.attrib.items():
                if name == f"{_DC}title" and found.title is None:
                    found.title = _clean(value, _MAX_SHORT)
                elif name == f"{_DC}description" and found.caption is None:
                    found.caption = _clean(value, _MAX_TEXT)
                elif name == _ALT_TEXT and found.alt_text is None:
                    found.alt_text = _clean(value, _MAX_SHORT)
                elif name == f"{_TIFF_NS}Orientation" and found.orientation is None:
                    found.orientation = _int_or_none(value)
        elif element.tag == f"{_DC}title" and found.title is None:
            found.title = _clean(_lang_alt(element), _MAX_SHORT)
        elif element.tag == f"{_DC}description" and found.caption is None:
            found.caption = _clean(_lang_alt(element), _MAX_TEXT)
        elif element.tag == _ALT_TEXT and found.alt_text is None:
            found.alt_text = _clean(_lang_alt(element), _MAX_SHORT)
        elif element.tag == f"{_DC}subject":
            items = [li.text or "" for li in element.iter(f"{_RDF}li")]
            if not items and element.text:
                items = element.text.split(",")
            found.keywords.extend(k for k in (_clean(i, _MAX_SHORT) for i in items) if k)
        elif element.tag == f"{_TIFF_NS}Orientation" and found.orientation is None:
            found.orientation = _int_or_none(element.text)
    return found


def _trim_xmp(packet: bytes) -> bytes:
    """Cut the packet down to its XML element, dropping padding and trailing junk."""
    for opening, closing in (
        (b"<x:xmpmeta", b"</x:xmpmeta>"),
        (b"<x:xapmeta", b"</x:xapmeta>"),
        (b"<rdf:RDF", b"</rdf:RDF>"),
    ):
        start, end = packet.find(opening), packet.rfind(closing)
        if start >= 0 and end > start:
            return packet[start : end + len(closing)]
    return packet.strip(b"\x00 \t\r\n")


def _lang_alt(element: Any) -> str | None:
    """The x-default entry of an rdf:Alt (else its first entry), or the element's own text."""
    entries = list(element.iter(f"{_RDF}li"))
    for entry in entries:
        if entry.get(_XML_LANG, "").lower() == "x-default" and entry.text:
            return str(entry.text)
    for entry in entries:
        if entry.text and entry.text.strip():
            return str(entry.text)
    text = element.text
    return str(text) if text and text.strip() else None


def _int_or_none(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


# --------------------------------------------------------------------------------------
# IPTC (IIM), as Photoshop and older cataloguing tools write it

_IPTC_TITLE, _IPTC_KEYWORDS, _IPTC_CAPTION, _IPTC_CHARSET = (2, 5), (2, 25), (2, 120), (1, 90)
_MAX_DATASETS = 10_000


def _read_iptc(image: ImageFile.ImageFile) -> _Described | None:
    """Title, caption and keywords from the IPTC block of a JPEG or TIFF, if it has one."""
    data: bytes | None = None
    photoshop = image.info.get("photoshop")  # JPEG: APP13 resources, parsed by Pillow
    if isinstance(photoshop, dict):
        data = photoshop.get(0x0404)
    tag_v2 = getattr(image, "tag_v2", None)
    if data is None and tag_v2 is not None:  # TIFF
        # Photoshop tags the IPTC block as 4-byte integers; the raw bytes are what we need
        # (Pillow's own getiptcinfo reads them the same way).
        raw = getattr(tag_v2, "_tagdata", {}).get(33723)
        if isinstance(raw, bytes):
            data = raw
        else:
            resources = tag_v2.get(34377)
            if isinstance(resources, bytes | tuple):
                data = _photoshop_resource(bytes(resources), 0x0404)
    if not data:
        return None
    return parse_iptc(bytes(data))


def _photoshop_resource(blob: bytes, wanted: int) -> bytes | None:
    """One resource (e.g. 0x0404, IPTC) from a Photoshop image-resource block (8BIM …)."""
    pos = 0
    while blob[pos : pos + 4] == b"8BIM" and pos + 12 <= len(blob):
        resource = int.from_bytes(blob[pos + 4 : pos + 6], "big")
        name_length = blob[pos + 6]
        pos += 7 + name_length
        pos += pos & 1  # the Pascal name is padded to an even length
        size = int.from_bytes(blob[pos : pos + 4], "big")
        pos += 4
        if resource == wanted:
            return blob[pos : pos + size]
        pos += size + (size & 1)
    return None


def parse_iptc(data: bytes) -> _Described:
    """Decode an IPTC-IIM block: 2:05 object name, 2:120 caption, 2:25 keywords.

    Text is UTF-8 when record 1:90 says so (or when it decodes as UTF-8); older files are
    in Windows-1252.
    """
    datasets: list[tuple[tuple[int, int], bytes]] = []
    pos = 0
    while pos + 5 <= len(data) and data[pos] == 0x1C and len(datasets) < _MAX_DATASETS:
        key = (data[pos + 1], data[pos + 2])
        size = int.from_bytes(data[pos + 3 : pos + 5], "big")
        pos += 5
        if size & 0x8000:  # extended dataset: the low bits give the length of the length
            length_size = size & 0x7FFF
            if length_size > 4:
                break
            size = int.from_bytes(data[pos : pos + length_size], "big")
            pos += length_size
        datasets.append((key, data[pos : pos + size]))
        pos += size

    utf8 = any(key == _IPTC_CHARSET and b"\x1b%G" in value for key, value in datasets)

    def decode(value: bytes) -> str:
        if utf8:
            return value.decode("utf-8", errors="replace")
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("cp1252", errors="replace")

    found = _Described()
    for key, value in datasets:
        if key == _IPTC_TITLE and found.title is None:
            found.title = _clean(decode(value), _MAX_SHORT)
        elif key == _IPTC_CAPTION and found.caption is None:
            found.caption = _clean(decode(value), _MAX_TEXT)
        elif key == _IPTC_KEYWORDS and (keyword := _clean(decode(value), _MAX_SHORT)):
            found.keywords.append(keyword)
    return found


# --------------------------------------------------------------------------------------
# Text

_MAX_SHORT = 1_000
_SERIAL_MAX = 100
_MAX_TEXT = 20_000
_MAX_KEYWORDS = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: str | None, limit: int) -> str | None:
    """Text as a user should see it: NFC, no NULs or control characters, no padding."""
    if value is None:
        return None
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value.replace("\r\n", "\n"))).strip()
    return text[:limit] or None


def _dedupe(values: Iterable[str]) -> list[str]:
    """Values without repeats, in their first order."""
    return list(dict.fromkeys(values))
