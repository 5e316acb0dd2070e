"""Credit that travels with a JPEG: XMP and IPTC-IIM segments written into its header.

The kit's full-resolution download carries its creator, licence and caption in the file
itself, where photo managers, image search and the IPTC "credit line" readers look: an
XMP packet (``dc:creator``, ``dc:title``, ``dc:description``, ``dc:rights``,
``xmpRights:WebStatement``, ``xmpRights:Marked``) and the same in IPTC-IIM (by-line, object
name, caption, copyright notice), in UTF-8. The pixels are never re-encoded: segments are
spliced into the JPEG's header, and the camera's EXIF (GPS, serial numbers), XMP and IPTC
are dropped first (:func:`strip_metadata`), so only what the archive says leaves with it.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

_SOI = b"\xff\xd8"
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
_PHOTOSHOP = b"Photoshop 3.0\x00"
#: Segments dropped from a JPEG before it leaves: EXIF and XMP (APP1), IPTC (APP13),
#: comments. JFIF (APP0), the colour profile (APP2) and Adobe's colour transform (APP14)
#: stay: the pixels need them.
_DROPPED = {0xE1, 0xED, 0xFE}
_MAX_SEGMENT = 65_533  # a segment's length field counts itself (2 bytes) in 16 bits


class NotAJpeg(ValueError):
    """The bytes are not a JPEG whose header can be walked."""


@dataclass
class Credit:
    """What a downloaded drawing says about itself."""

    title: str = ""
    creators: Sequence[str] = field(default_factory=tuple)
    caption: str = ""
    rights: str = ""  # the credit line and the licence, in words
    licence_url: str = ""
    marked: bool = True  # False for public domain (CC0, PDM)


def _segments(data: bytes) -> tuple[list[tuple[int, bytes]], int]:
    """The header segments (marker, whole segment bytes) and where the scan data starts."""
    if not data.startswith(_SOI):
        raise NotAJpeg("no start of image")
    pos = 2
    found: list[tuple[int, bytes]] = []
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise NotAJpeg(f"no marker at byte {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            return found, pos
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > len(data):
            raise NotAJpeg(f"segment overruns the file at byte {pos}")
        found.append((marker, data[pos : pos + 2 + length]))
        pos += 2 + length
    raise NotAJpeg("no start of scan")


def strip_metadata(data: bytes) -> bytes:
    """``data`` without its EXIF, XMP, IPTC and comments; pixels and colour profile kept."""
    segments, scan = _segments(data)
    kept = b"".join(seg for marker, seg in segments if marker not in _DROPPED)
    return _SOI + kept + data[scan:]


def with_credit(data: bytes, credit: Credit) -> bytes:
    """``data`` stripped (:func:`strip_metadata`) with ``credit`` written as XMP and IPTC."""
    segments, scan = _segments(data)
    kept = [(m, seg) for m, seg in segments if m not in _DROPPED]
    # After JFIF (APP0) if there is one, as readers expect; before everything else.
    head = [seg for m, seg in kept[:1] if m == 0xE0]
    rest = [seg for m, seg in kept[len(head) :]]
    added = [_segment(0xE1, _XMP_HEADER + xmp_packet(credit)), _segment(0xED, _iim(credit))]
    return _SOI + b"".join(head + added + rest) + data[scan:]


def _segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > _MAX_SEGMENT:
        raise ValueError("metadata segment too long")
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


# Room left for the XMP text in one APP1 segment, whatever the rest of the packet holds.
_XMP_TEXT_BUDGET = 40_000


def _clip(text: str, limit: int) -> str:
    """``text`` no longer than ``limit`` UTF-8 bytes, cut between characters."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[:limit].decode("utf-8", "ignore").rstrip() + "…"


def _xml_text(text: str) -> str:
    """Text safe in XML 1.0: characters XML cannot hold are dropped, the rest escaped."""
    allowed = "".join(
        ch for ch in text if ch in "\t\n\r" or (" " <= ch <= "\ud7ff") or (ch >= "\ue000")
    )
    return escape(allowed.replace("\ufffe", "").replace("\uffff", ""))


def _alt(tag: str, text: str) -> str:
    value = _xml_text(text)
    return f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{value}</rdf:li></rdf:Alt></{tag}>'


def xmp_packet(credit: Credit) -> bytes:
    """The XMP packet of ``credit`` (RDF/XML, UTF-8), small enough for one APP1 segment:
    a caption too long for it is shortened."""
    budget = _XMP_TEXT_BUDGET
    while True:
        packet = _xmp(credit, budget)
        if len(packet) + len(_XMP_HEADER) <= _MAX_SEGMENT or budget < 100:
            return packet
        budget //= 2


def _xmp(credit: Credit, budget: int) -> bytes:
    caption = _clip(credit.caption, budget)
    parts: list[str] = []
    if credit.title:
        parts.append(_alt("dc:title", _clip(credit.title, min(budget, 2000))))
    if credit.creators:
        names = [_xml_text(_clip(n, min(budget, 500))) for n in credit.creators[:20]]
        items = "".join(f"<rdf:li>{name}</rdf:li>" for name in names)
        parts.append(f"<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>")
    if caption:
        parts.append(_alt("dc:description", caption))
    if credit.rights:
        parts.append(_alt("dc:rights", _clip(credit.rights, min(budget, 2000))))
    attributes = ""
    if credit.licence_url:
        attributes += f" xmpRights:WebStatement={quoteattr(_xml_text(credit.licence_url))}"
    attributes += f' xmpRights:Marked="{"True" if credit.marked else "False"}"'
    body = "".join(parts)
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        f"{attributes}>{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return text.encode("utf-8")


def _iim(credit: Credit) -> bytes:
    """An IPTC-IIM block (UTF-8) in a Photoshop image resource, for APP13."""

    def record(number: int, dataset: int, value: bytes) -> bytes:
        return struct.pack(">BBBH", 0x1C, number, dataset, len(value)) + value

    def text(value: str, limit: int) -> bytes:
        return _clip(value, limit).encode("utf-8")

    records = [record(1, 90, b"\x1b%G"), record(2, 0, b"\x00\x04")]  # UTF-8; version 4
    if credit.title:
        records.append(record(2, 5, text(credit.title, 64)))
    for name in list(credit.creators)[:8]:
        records.append(record(2, 80, text(name, 32)))
    if credit.rights:
        records.append(record(2, 116, text(credit.rights, 128)))
    if credit.caption:
        records.append(record(2, 120, text(credit.caption, 2000)))
    iim = b"".join(records)
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    return _PHOTOSHOP + resource + iim
