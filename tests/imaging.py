"""Fixture images for tests, built with Pillow (and by hand where Pillow refuses to lie).

Every builder writes one file into the folder of ``path``, creating it, and returns ``path``.
Sizes are *stored* pixel sizes, as the file header says: a JPEG made with ``size=(400, 300)``
and ``orientation=6`` is shown upright as 300×400.

With ``pattern=True`` the *upright* picture (as it should be displayed) has a dark block in
its top-left corner on a plain background; the stored pixels are that picture turned by the
inverse of the EXIF orientation, as a camera would store them. :func:`dark_corner` tells
where the block ended up, which checks that orientation handling gives upright results.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageStat

RGB = tuple[int, int, int]
MARKER: RGB = (15, 15, 15)
DEFAULT_COLOR: RGB = (200, 80, 40)

# Stored = upright.transpose(_TO_STORED[orientation]) undoes what a viewer will apply.
_TO_STORED: dict[int, Image.Transpose | None] = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


# --------------------------------------------------------------------------------------
# Pixels


def pattern_image(
    size: tuple[int, int],
    *,
    mode: str = "RGB",
    color: RGB = DEFAULT_COLOR,
    orientation: int | None = None,
    pattern: bool = True,
) -> Image.Image:
    """Stored pixels of a picture whose upright view has a dark top-left block.

    ``size`` is the stored size; for orientations 5–8 the upright picture is its transpose.
    The block covers a quarter of each side of the upright picture.
    """
    width, height = size
    turned = orientation in (5, 6, 7, 8)
    upright_size = (height, width) if turned else (width, height)
    upright = Image.new("RGB", upright_size, color)
    if pattern:
        uw, uh = upright_size
        ImageDraw.Draw(upright).rectangle((0, 0, max(0, uw // 4 - 1), max(0, uh // 4 - 1)), MARKER)
    step = _TO_STORED.get(orientation or 1)
    stored = upright.transpose(step) if step is not None else upright
    assert stored.size == (width, height)
    return stored if mode == "RGB" else stored.convert(mode)


def dark_corner(image: Image.Image | Path) -> str | None:
    """Which corner holds the dark marker: ``"top-left"``, ``"top-right"``, ``"bottom-left"``,
    ``"bottom-right"``, or None when no corner, or more than one, is dark."""
    if isinstance(image, Path):
        with Image.open(image) as opened:
            picture = opened.convert("L")
    else:
        picture = image.convert("L")
    width, height = picture.size
    pw, ph = max(1, width // 10), max(1, height // 10)
    boxes = {
        "top-left": (1, 1, 1 + pw, 1 + ph),
        "top-right": (width - 1 - pw, 1, width - 1, 1 + ph),
        "bottom-left": (1, height - 1 - ph, 1 + pw, height - 1),
        "bottom-right": (width - 1 - pw, height - 1 - ph, width - 1, height - 1),
    }
    dark = []
    for name, box in boxes.items():
        if ImageStat.Stat(picture.crop(box)).mean[0] < 50:
            dark.append(name)
    return dark[0] if len(dark) == 1 else None


# --------------------------------------------------------------------------------------
# Metadata blocks


def exif_for(
    *,
    captured_at: str | None = None,
    offset: str | None = None,
    make: str | None = None,
    model: str | None = None,
    orientation: int | None = None,
    gps: Sequence[float] | None = None,
    digitized_at: str | None = None,
    modified_at: str | None = None,
) -> Image.Exif:
    """A Pillow ``Exif`` with the usual tags set (DateTimeOriginal lives in the Exif IFD).

    ``gps`` is ``(latitude, longitude)`` or ``(latitude, longitude, altitude)`` in signed
    decimal degrees and metres; it is stored the EXIF way, as unsigned DMS plus references.
    """
    exif = Image.Exif()
    if make is not None:
        exif[0x010F] = make
    if model is not None:
        exif[0x0110] = model
    if orientation is not None:
        exif[0x0112] = orientation
    if modified_at is not None:
        exif[0x0132] = modified_at
    if captured_at is not None or offset is not None or digitized_at is not None:
        sub = exif.get_ifd(0x8769)
        if captured_at is not None:
            sub[0x9003] = captured_at
        if digitized_at is not None:
            sub[0x9004] = digitized_at
        if offset is not None:
            sub[0x9011] = offset
    if gps is not None:
        lat, lon = gps[0], gps[1]
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[0x0000] = b"\x02\x03\x00\x00"
        gps_ifd[0x0001] = "N" if lat >= 0 else "S"
        gps_ifd[0x0002] = _dms(abs(lat))
        gps_ifd[0x0003] = "E" if lon >= 0 else "W"
        gps_ifd[0x0004] = _dms(abs(lon))
        if len(gps) > 2:
            gps_ifd[0x0005] = b"\x01" if gps[2] < 0 else b"\x00"
            gps_ifd[0x0006] = abs(gps[2])
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    total = round(value * 3600, 4)  # in seconds of arc, so rounding never gives 60"
    degrees, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return (float(degrees), float(minutes), round(seconds, 4))


def xmp_packet(
    *,
    title: str | None = None,
    description: str | None = None,
    subject: Iterable[str] = (),
    orientation: int | None = None,
    extra: str = "",
) -> bytes:
    """A real XMP packet (x:xmpmeta / rdf:RDF) with Dublin Core title, description, subject."""
    parts = []
    if title is not None:
        parts.append(
            "<dc:title><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{escape(title)}</rdf:li>'
            "</rdf:Alt></dc:title>"
        )
    if description is not None:
        parts.append(
            "<dc:description><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{escape(description)}</rdf:li>'
            "</rdf:Alt></dc:description>"
        )
    subjects = list(subject)
    if subjects:
        items = "".join(f"<rdf:li>{escape(s)}</rdf:li>" for s in subjects)
        parts.append(f"<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>")
    if orientation is not None:
        parts.append(f"<tiff:Orientation>{orientation}</tiff:Orientation>")
    body = "".join(parts) + extra
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:tiff="http://ns.adobe.com/tiff/1.0/">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>\n" + " " * 200 + '\n<?xpacket end="w"?>'
    )
    return text.encode("utf-8")


def _xmp_from(spec: Mapping[str, Any] | bytes) -> bytes:
    if isinstance(spec, bytes):
        return spec
    return xmp_packet(
        title=spec.get("title"),
        description=spec.get("description", spec.get("caption")),
        subject=spec.get("subject", spec.get("keywords", ())),
        orientation=spec.get("orientation"),
    )


def iptc_block(
    *,
    title: str | None = None,
    caption: str | None = None,
    keywords: Iterable[str] = (),
    charset: str = "utf-8",
) -> bytes:
    """IPTC-IIM datasets: 1:90 (UTF-8 marker, only for ``charset="utf-8"``), 2:05 object name,
    2:25 keywords, 2:120 caption. Other charsets encode the text without any marker, like
    pre-Unicode tools did."""

    def dataset(record: int, number: int, value: bytes) -> bytes:
        return bytes([0x1C, record, number]) + struct.pack(">H", len(value)) + value

    out = bytearray()
    if charset == "utf-8":
        out += dataset(1, 90, b"\x1b%G")
    out += dataset(2, 0, b"\x00\x04")  # record version, as real writers put first
    if title is not None:
        out += dataset(2, 5, title.encode(charset))
    for keyword in keywords:
        out += dataset(2, 25, keyword.encode(charset))
    if caption is not None:
        out += dataset(2, 120, caption.encode(charset))
    return bytes(out)


def photoshop_irb(resources: Mapping[int, bytes]) -> bytes:
    """Photoshop image resource blocks (``8BIM``, id, empty name, size, data, padding)."""
    out = bytearray()
    for resource, data in resources.items():
        out += b"8BIM" + struct.pack(">H", resource) + b"\x00\x00"
        out += struct.pack(">I", len(data)) + data
        if len(data) % 2:
            out += b"\x00"
    return bytes(out)


def _iptc_from(spec: Mapping[str, Any] | bytes) -> bytes:
    if isinstance(spec, bytes):
        return spec
    return iptc_block(
        title=spec.get("title", spec.get("object_name")),
        caption=spec.get("caption", spec.get("description")),
        keywords=spec.get("keywords", spec.get("subject", ())),
        charset=spec.get("charset", "utf-8"),
    )


# --------------------------------------------------------------------------------------
# JPEG


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    """One JPEG marker segment (``FF xx``, big-endian length including itself, payload)."""
    if len(payload) + 2 > 0xFFFF:
        raise ValueError("JPEG segment payload too large")
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def insert_jpeg_segments(jpeg: bytes, segments: Iterable[bytes]) -> bytes:
    """``jpeg`` with ``segments`` inserted after SOI and the existing APPn segments."""
    assert jpeg[:2] == b"\xff\xd8", "not a JPEG"
    pos = 2
    while jpeg[pos] == 0xFF and 0xE0 <= jpeg[pos + 1] <= 0xEF:
        pos += 2 + struct.unpack(">H", jpeg[pos + 2 : pos + 4])[0]
    return jpeg[:pos] + b"".join(segments) + jpeg[pos:]


def make_jpeg(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    color: RGB = DEFAULT_COLOR,
    captured_at: str | None = "2016:09:29 10:45:00",
    offset: str | None = None,
    make: str | None = "Apple",
    model: str | None = "iPhone 13",
    orientation: int | None = None,
    gps: Sequence[float] | None = None,
    xmp: Mapping[str, Any] | bytes | None = None,
    iptc: Mapping[str, Any] | bytes | None = None,
    quality: int = 90,
    pattern: bool = True,
    mode: str = "RGB",
    exif_bytes: bytes | None = None,
    icc_profile: bytes | None = None,
    digitized_at: str | None = None,
    modified_at: str | None = None,
) -> Path:
    """A JPEG photo with EXIF (and optionally XMP in APP1, IPTC in APP13).

    ``xmp`` is a dict (``title``, ``description``, ``subject`` list) or a raw packet;
    ``iptc`` is a dict (``title``, ``caption``, ``keywords`` list, ``charset``) or raw IIM
    bytes; ``exif_bytes`` replaces the EXIF block by a raw TIFF structure (see
    :func:`build_tiff_ifds`); ``mode`` may be ``"L"`` or ``"CMYK"``.
    """
    image = pattern_image(size, mode=mode, color=color, orientation=orientation, pattern=pattern)
    options: dict[str, Any] = {"quality": quality}
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    if exif_bytes is None:
        exif = exif_for(
            captured_at=captured_at,
            offset=offset,
            make=make,
            model=model,
            orientation=orientation,
            gps=gps,
            digitized_at=digitized_at,
            modified_at=modified_at,
        )
        if len(exif) or exif.get_ifd(0x8769) or exif.get_ifd(0x8825):
            options["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    segments = []
    if exif_bytes is not None:
        segments.append(jpeg_segment(0xE1, b"Exif\x00\x00" + exif_bytes))
    if xmp is not None:
        packet = _xmp_from(xmp)
        segments.append(jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet))
    if iptc is not None:
        irb = photoshop_irb({0x0404: _iptc_from(iptc)})
        segments.append(jpeg_segment(0xED, b"Photoshop 3.0\x00" + irb))
    if segments:
        data = insert_jpeg_segments(data, segments)
    return _write(path, data)


def make_truncated_jpeg(
    path: Path, size: tuple[int, int] = (640, 480), *, keep: float = 0.5
) -> Path:
    """A JPEG cut off in the middle of its compressed data (no end-of-image marker)."""
    data = make_jpeg(path, size, quality=95).read_bytes()
    start_of_scan = data.find(b"\xff\xda")
    assert start_of_scan > 0
    cut = start_of_scan + int((len(data) - start_of_scan) * keep)
    return _write(path, data[:cut])


# --------------------------------------------------------------------------------------
# A hand-made TIFF/EXIF structure, for values Pillow would refuse to write

# (tag, type, count, data). Data up to 4 bytes is stored in the entry; longer data goes to
# the data area. ``count`` may lie about ``data``: that is the point.
Entry = tuple[int, int, int, bytes]
ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 2, 3, 4, 5, 7


def ascii_entry(tag: int, text: str | bytes) -> Entry:
    raw = (text.encode("latin-1") if isinstance(text, str) else text) + b"\x00"
    return (tag, ASCII, len(raw), raw)


def short_entry(tag: int, *values: int) -> Entry:
    return (tag, SHORT, len(values), struct.pack(f"<{len(values)}H", *values))


def rational_entry(tag: int, *pairs: tuple[int, int]) -> Entry:
    flat = [n for pair in pairs for n in pair]
    return (tag, RATIONAL, len(pairs), struct.pack(f"<{len(flat)}I", *flat))


def build_tiff_ifds(
    ifd0: Sequence[Entry],
    exif: Sequence[Entry] = (),
    gps: Sequence[Entry] = (),
    *,
    claimed_ifd1_entries: int | None = None,
    ifd1_filler: bytes = b"",
) -> bytes:
    """A little-endian TIFF structure (as in an EXIF APP1) with IFD0, Exif IFD and GPS IFD.

    Pointers to the Exif and GPS IFDs are added to IFD0. With ``claimed_ifd1_entries``, IFD0
    links to a next IFD whose entry count says that many but which holds only
    ``ifd1_filler``.
    """
    ifd0 = list(ifd0)
    # Placeholders, fixed below once offsets are known.
    if exif:
        ifd0.append((0x8769, LONG, 1, b"\x00\x00\x00\x00"))
    if gps:
        ifd0.append((0x8825, LONG, 1, b"\x00\x00\x00\x00"))
    ifd0.sort(key=lambda e: e[0])

    def ifd_size(entries: Sequence[Entry]) -> int:
        return 2 + 12 * len(entries) + 4

    def data_size(entries: Sequence[Entry]) -> int:
        return sum(len(d) + (len(d) & 1) for _, _, _, d in entries if len(d) > 4)

    offset_ifd0 = 8
    offset_exif = offset_ifd0 + ifd_size(ifd0) + data_size(ifd0)
    offset_gps = offset_exif + (ifd_size(exif) + data_size(exif) if exif else 0)
    offset_ifd1 = offset_gps + (ifd_size(gps) + data_size(gps) if gps else 0)

    fixed = []
    for tag, kind, count, data in ifd0:
        if tag == 0x8769 and exif:
            data = struct.pack("<I", offset_exif)
        elif tag == 0x8825 and gps:
            data = struct.pack("<I", offset_gps)
        fixed.append((tag, kind, count, data))

    def ifd(entries: Sequence[Entry], start: int, next_ifd: int) -> bytes:
        head = bytearray(struct.pack("<H", len(entries)))
        area = bytearray()
        area_start = start + ifd_size(entries)
        for tag, kind, count, data in entries:
            head += struct.pack("<HHI", tag, kind, count)
            if len(data) <= 4:
                head += data.ljust(4, b"\x00")
            else:
                head += struct.pack("<I", area_start + len(area))
                area += data + (b"\x00" if len(data) & 1 else b"")
        head += struct.pack("<I", next_ifd)
        return bytes(head + area)

    next_of_ifd0 = offset_ifd1 if claimed_ifd1_entries is not None else 0
    out = bytearray(b"II*\x00" + struct.pack("<I", offset_ifd0))
    out += ifd(fixed, offset_ifd0, next_of_ifd0)
    if exif:
        out += ifd(exif, offset_exif, 0)
    if gps:
        out += ifd(gps, offset_gps, 0)
    if claimed_ifd1_entries is not None:
        out += struct.pack("<H", claimed_ifd1_entries) + ifd1_filler
    return bytes(out)


def make_tiny_tiff(path: Path, extra: Sequence[Entry] = (), exif: Sequence[Entry] = ()) -> Path:
    """A 1×1 grey TIFF built by hand, whose IFD0 also holds the ``extra`` entries (which
    may lie about their counts) and, optionally, an Exif IFD."""

    def build(strip_offset: int) -> bytes:
        entries = [
            (0x0100, LONG, 1, struct.pack("<I", 1)),
            (0x0101, LONG, 1, struct.pack("<I", 1)),
            short_entry(0x0102, 8),
            short_entry(0x0103, 1),
            short_entry(0x0106, 1),
            (0x0111, LONG, 1, struct.pack("<I", strip_offset)),
            short_entry(0x0115, 1),
            (0x0116, LONG, 1, struct.pack("<I", 1)),
            (0x0117, LONG, 1, struct.pack("<I", 1)),
            *extra,
        ]
        return build_tiff_ifds(entries, exif)

    structure = build(0)
    return _write(path, build(len(structure)) + b"\x80")


def garbage_exif() -> bytes:
    """EXIF as broken cameras and tools write it: placeholder dates, padded and NUL-filled
    strings, an impossible orientation, GPS with a bad reference and zero denominators, a
    string whose count claims 2 GB, and a next IFD claiming 65,535 entries."""
    ifd0 = [
        ascii_entry(0x010F, "  Canon\x00\x00  "),
        ascii_entry(0x0110, "\x00\x00\x00\x00"),
        # ImageDescription claiming 0x7FFFFFFF characters
        (0x010E, ASCII, 0x7FFFFFFF, b"a lie, told at length".ljust(24, b"\x00")),
        short_entry(0x0112, 9),
        ascii_entry(0x0132, "    :  :     :  :  "),
    ]
    exif = [
        ascii_entry(0x9003, "0000:00:00 00:00:00"),
        ascii_entry(0x9004, "2016:13:45 25:61:00"),
        ascii_entry(0x9011, "+99:99"),
        # A rational array claiming a billion entries
        (0x829A, RATIONAL, 1_000_000_000, struct.pack("<II", 1, 0)),
    ]
    gps = [
        ascii_entry(0x0001, "X"),
        rational_entry(0x0002, (200, 1), (0, 1), (0, 1)),
        ascii_entry(0x0003, "E"),
        rational_entry(0x0004, (2, 0), (30, 0), (0, 0)),
        short_entry(0x0005, 0),
        rational_entry(0x0006, (1, 0)),
    ]
    filler = struct.pack("<HHII", 0x010F, ASCII, 0xFFFFFFFF, 8) * 40
    return build_tiff_ifds(ifd0, exif, gps, claimed_ifd1_entries=0xFFFF, ifd1_filler=filler)


def make_garbage_exif_jpeg(path: Path, size: tuple[int, int] = (320, 240)) -> Path:
    """A decodable JPEG whose EXIF is garbage (see :func:`garbage_exif`)."""
    return make_jpeg(path, size, exif_bytes=garbage_exif())


# --------------------------------------------------------------------------------------
# Other formats


def make_png(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    mode: str = "RGB",
    color: RGB = DEFAULT_COLOR,
    pattern: bool = True,
    transparent: bool = False,
    captured_at: str | None = None,
    xmp: Mapping[str, Any] | bytes | None = None,
) -> Path:
    """A PNG in any mode Pillow writes: RGB, RGBA, L, LA, P, 1, I;16 (16-bit grey, see
    :func:`_sixteen_bit`).

    With ``transparent=True`` the right half is fully transparent (alpha modes), or the
    palette entry / grey value of the background is declared transparent (P, L, RGB).
    ``captured_at`` goes into an ``eXIf`` chunk, ``xmp`` into an ``iTXt`` chunk.
    """
    options: dict[str, Any] = {}
    if mode == "I;16":
        image = _sixteen_bit(pattern_image(size, color=color, pattern=pattern))
    else:
        base = pattern_image(size, color=color, pattern=pattern)
        if mode in ("RGBA", "LA"):
            base = base.convert("RGBA")
            if transparent:
                alpha = Image.new("L", size, 255)
                ImageDraw.Draw(alpha).rectangle((size[0] // 2, 0, size[0], size[1]), 0)
                base.putalpha(alpha)
            image = base.convert(mode)
        elif mode == "P":
            image = base.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
            if transparent:
                options["transparency"] = image.getpixel((size[0] - 1, size[1] - 1))
        else:
            image = base.convert(mode)
            if transparent and mode == "L":
                options["transparency"] = image.getpixel((size[0] - 1, size[1] - 1))
            elif transparent and mode == "RGB":
                options["transparency"] = color
    if captured_at is not None:
        options["exif"] = exif_for(captured_at=captured_at, make="Scanner Co")
    if xmp is not None:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", _xmp_from(xmp).decode("utf-8"))
        options["pnginfo"] = info
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG", **options)
    return path


def make_tiff(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    mode: str = "RGB",
    color: RGB = DEFAULT_COLOR,
    pattern: bool = True,
    orientation: int | None = None,
    captured_at: str | None = None,
    make: str | None = None,
    model: str | None = None,
    compression: str | None = None,
    iptc: Mapping[str, Any] | bytes | None = None,
    xmp: Mapping[str, Any] | bytes | None = None,
) -> Path:
    """A TIFF (scanner style) in RGB, RGBA, CMYK, L, LA, P, 1 or I;16, with optional EXIF
    orientation/date/camera, IPTC (tag 33723) and XMP (tag 700)."""
    stored = pattern_image(size, color=color, orientation=orientation, pattern=pattern)
    if mode == "I;16":
        image = _sixteen_bit(stored)
    else:
        image = stored.convert(mode) if mode != "P" else stored.convert("P", colors=16)
    # Pillow writes the tags of an Exif object into the TIFF's own IFD (and the Exif IFD).
    exif = exif_for(captured_at=captured_at, make=make, model=model, orientation=orientation)
    if exif.get_ifd(0x8769):
        exif[0x8769] = dict(exif.get_ifd(0x8769))  # the TIFF writer only sees top-level keys
    if iptc is not None:
        exif[33723] = _iptc_from(iptc)
    if xmp is not None:
        exif[700] = _xmp_from(xmp)
    options: dict[str, Any] = {"exif": exif}
    if compression is not None:
        options["compression"] = compression
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "TIFF", **options)
    return path


def make_webp(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    mode: str = "RGB",
    color: RGB = DEFAULT_COLOR,
    pattern: bool = True,
    captured_at: str | None = None,
    make: str | None = None,
    orientation: int | None = None,
    lossless: bool = False,
    xmp: Mapping[str, Any] | bytes | None = None,
) -> Path:
    """A WebP (RGB or RGBA) with optional EXIF and XMP chunks."""
    image = pattern_image(size, color=color, orientation=orientation, pattern=pattern)
    if mode == "RGBA":
        image = image.convert("RGBA")
        alpha = Image.new("L", size, 255)
        ImageDraw.Draw(alpha).rectangle((size[0] // 2, 0, size[0], size[1]), 0)
        image.putalpha(alpha)
    options: dict[str, Any] = {"lossless": lossless, "quality": 90}
    exif = exif_for(captured_at=captured_at, make=make, orientation=orientation)
    if len(exif) or exif.get_ifd(0x8769):
        options["exif"] = exif.tobytes()
    if xmp is not None:
        options["xmp"] = _xmp_from(xmp)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "WEBP", **options)
    return path


def make_heic(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    color: RGB = DEFAULT_COLOR,
    pattern: bool = True,
    captured_at: str | None = "2016:09:29 10:45:00",
    offset: str | None = None,
    make: str | None = "Apple",
    model: str | None = "iPhone 13",
    orientation: int | None = None,
    gps: Sequence[float] | None = None,
    xmp: Mapping[str, Any] | bytes | None = None,
    quality: int = 60,
) -> Path:
    """A HEIC encoded by libheif (through pillow_heif), as a phone would save it.

    ``size`` is the stored size. With an orientation, pillow_heif writes the matching
    ``irot``/``imir`` transform, which decoders apply: the decoded picture is upright.
    """
    from carnet.media.heif import register_heif

    register_heif()
    image = pattern_image(size, color=color, orientation=orientation, pattern=pattern)
    exif = exif_for(
        captured_at=captured_at,
        offset=offset,
        make=make,
        model=model,
        orientation=orientation,
        gps=gps,
    )
    options: dict[str, Any] = {"quality": quality}
    if len(exif) or exif.get_ifd(0x8769) or exif.get_ifd(0x8825):
        options["exif"] = exif.tobytes()
    if xmp is not None:
        options["xmp"] = _xmp_from(xmp)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "HEIF", **options)
    return path


def _sixteen_bit(image: Image.Image) -> Image.Image:
    """16-bit grey (``I;16``) with the grey levels of ``image`` times 257 (full 16-bit range:
    8-bit level ``v`` becomes ``v * 257``, so 255 is 65535)."""
    return image.convert("L").convert("I").point(lambda v: v * 257).convert("I;16")


def rgb_icc_profile(
    description: str = "Carnet test RGB",
    *,
    gamma: float = 2.2,
    primaries: Sequence[Sequence[float]] = (
        (0.6097, 0.3111, 0.0195),  # Adobe RGB (1998) red, adapted to D50
        (0.2053, 0.6257, 0.0609),
        (0.1492, 0.0632, 0.7446),
    ),
) -> bytes:
    """A minimal ICC v2 RGB display profile (matrix and gamma), built by hand.

    The default is close to Adobe RGB: a wider gamut than sRGB, so the same pixel values
    mean other colours, which is what a colour-managed preview must correct.
    """

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(values: Sequence[float]) -> bytes:
        return b"XYZ \x00\x00\x00\x00" + b"".join(s15(v) for v in values)

    text = description.encode("ascii") + b"\x00"
    desc = (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(text))
        + text
        + b"\x00" * 8  # no Unicode description
        + b"\x00" * 3  # no ScriptCode description
        + b"\x00" * 67
    )
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00\x00"
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", xyz(primaries[0])),
        (b"gXYZ", xyz(primaries[1])),
        (b"bXYZ", xyz(primaries[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\x00\x00\x00\x00" + b"No copyright\x00"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = bytearray(struct.pack(">I", len(tags)))
    body = bytearray()
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\x00" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\x00" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 24
        + struct.pack(">I", 0)  # perceptual intent
        + s15(0.9642)
        + s15(1.0)
        + s15(0.8249)
    )
    header += b"\x00" * (128 - len(header))
    return bytes(header + table + body)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def make_bomb_png(path: Path, size: tuple[int, int] = (100_000, 100_000)) -> Path:
    """A tiny PNG whose header claims a huge size (a decompression bomb), with valid CRCs."""
    width, height = size
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 1024, 9)
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
    return _write(path, data + png_chunk(b"IEND", b""))


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
