"""Which image format a file holds, told from its first bytes.

Extensions lie: phones export HEIC named ``.jpg``, tools save PNG as ``.jpeg``, and a folder of
drawings can hold a stray text file named ``scan.jpg``. The importer therefore trusts the
magic numbers only, and refuses anything that is not one of the formats Carnet can decode,
with a reason a user can act on.
"""

from __future__ import annotations

import logging
from pathlib import Path

from carnet.errors import ImportRejected
from carnet.fsutil import open_regular
from carnet.messages import Text

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("jpeg", "png", "tiff", "webp", "heic")
"""The formats Carnet imports, by the short name used everywhere in the core."""

EXTENSIONS: dict[str, str] = {
    "jpeg": "jpg",
    "png": "png",
    "tiff": "tif",
    "webp": "webp",
    "heic": "heic",
}
"""The extension Carnet gives a stored original of each format."""

PILLOW_FORMATS: dict[str, tuple[str, ...]] = {
    "jpeg": ("JPEG", "MPO"),  # multi-picture JPEGs (many cameras and phones) open as MPO
    "png": ("PNG",),
    "tiff": ("TIFF",),
    "webp": ("WEBP",),
    "heic": ("HEIF",),
}
"""Pillow's names for each format: opening with only these keeps Pillow from second-guessing
:func:`detect_format`."""

_HEADER_SIZE = 64

# ISO-BMFF brands of HEIF still images and sequences coded with HEVC, and the generic HEIF
# brands, which AVIF files carry too: an AVIF brand without an HEVC one means AVIF.
_HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_GENERIC_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_VIDEO_BRANDS = frozenset(
    {b"qt  ", b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"3gp4", b"3gp5", b"3g2a"}
)

# Formats we recognise only to say clearly why they are refused.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"8BPS", "Photoshop document"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (b"II*\x00\x10\x00\x00\x00CR", "Canon RAW (CR2)"),
    (b"FUJIFILMCCD-RAW", "Fujifilm RAW (RAF)"),
    (b"IIU\x00", "Panasonic RAW"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
)


def detect_format(path: Path) -> str:
    """Return the format of ``path`` (one of :data:`FORMATS`) from its magic numbers.

    Only the first 64 bytes are read and the extension is never looked at. HEIC/HEIF is an
    ISO-BMFF ``ftyp`` box whose major or compatible brands include an HEVC image brand.
    Raises :class:`ImportRejected` for an empty or unreadable file and for anything else,
    saying what the file looks like when that is known.
    """
    try:
        with open_regular(path) as handle:
            head = handle.read(_HEADER_SIZE)
    except OSError as error:
        raise ImportRejected(
            path, Text("cannot read: {error}", error=error.strerror or str(error))
        ) from error
    if not head:
        raise ImportRejected(path, Text("empty file (0 bytes)"))

    fmt = _format_of(head)
    if fmt is not None:
        return fmt
    what = _describe_unsupported(head)
    logger.debug("%s: refused, %s (first bytes %r)", path, what, head[:16])
    raise ImportRejected(path, Text("not a supported image ({what})", what=what))


def _format_of(head: bytes) -> str | None:
    """The supported format whose signature starts ``head``, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        # TIFF-based camera RAW files (CR2) share the signature; they are told apart below.
        return None if head[8:10] == b"CR" else "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    brands = set(_ftyp_brands(head))
    if brands & _HEVC_BRANDS or (brands & _GENERIC_HEIF_BRANDS and not brands & _AVIF_BRANDS):
        return "heic"
    return None


def _ftyp_brands(head: bytes) -> list[bytes]:
    """Major then compatible brands of a leading ISO-BMFF ``ftyp`` box (as far as we read)."""
    if len(head) < 12 or head[4:8] != b"ftyp":
        return []
    box_size = int.from_bytes(head[0:4], "big")
    end = min(len(head), box_size) if box_size >= 16 else len(head)
    brands = [head[8:12]]
    # bytes 12..16 are the minor version, then 4-byte compatible brands until the box ends
    brands.extend(head[i : i + 4] for i in range(16, end - 3, 4))
    return brands


def _describe_unsupported(head: bytes) -> str:
    """A few words on what a refused file looks like: a known format, text, or unknown."""
    for magic, name in _OTHER_MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00":  # reserved bytes are zero
        return "BMP"
    brands = _ftyp_brands(head)
    if brands:
        if _AVIF_BRANDS.intersection(brands):
            return "AVIF"
        if brands[0] in _VIDEO_BRANDS or b"qt  " in brands:
            return Text("video")
        return Text("unknown format")
    if _looks_like_text(head):
        return Text("looks like text")
    return Text("unknown format")


def _looks_like_text(head: bytes) -> bool:
    """True when the bytes read as UTF-8 (or UTF-16 with a BOM) without control characters."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # The read may have cut a multi-byte character in two: ignore an incomplete tail.
    text = head.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    if len(text.encode("utf-8")) < len(head) - 6:
        return False
    return all(ch.isprintable() or ch in "\t\r\n\f" for ch in text)
