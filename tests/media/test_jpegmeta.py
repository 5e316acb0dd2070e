"""The credit written into a downloaded drawing: read back by Carnet's own reader (the one
an import uses) and by a plain XML parser; the camera's metadata gone; pixels untouched."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PIL import Image, ImageChops

from carnet.media.jpegmeta import Credit, NotAJpeg, strip_metadata, with_credit, xmp_packet
from carnet.media.metadata import read_metadata
from tests.imaging import make_jpeg

CREDIT = Credit(
    title="La société des communs",
    creators=("Margaux Lefèvre", "Ana"),
    caption="Une société qui prend soin de ses communs.",
    rights="Margaux Lefèvre · Forum, 2016 · CC BY-SA 4.0",
    licence_url="https://creativecommons.org/licenses/by-sa/4.0/",
)
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
}


def xmp_of(data: bytes) -> ElementTree.Element:  # type: ignore[name-defined]
    start = data.index(b"<x:xmpmeta")
    end = data.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    return ElementTree.fromstring(data[start:end])


def test_credit_is_read_back_by_the_import_reader(tmp_path: Path) -> None:
    src = make_jpeg(
        tmp_path / "o.jpg",
        gps=(48.85, 2.35, 35.0),
        xmp={"title": "camera title", "description": "old"},
        iptc={"caption": "old caption"},
    )
    out = tmp_path / "d.jpg"
    out.write_bytes(with_credit(src.read_bytes(), CREDIT))
    found = read_metadata(out, "jpeg")
    assert found.title == CREDIT.title
    assert found.caption == CREDIT.caption
    assert found.gps_lat is None and found.camera_model is None and found.captured_at is None
    root = xmp_of(out.read_bytes())
    creators = [li.text for li in root.iterfind(".//dc:creator/rdf:Seq/rdf:li", NS)]
    assert creators == ["Margaux Lefèvre", "Ana"]
    rights = root.find(".//dc:rights/rdf:Alt/rdf:li", NS)
    assert rights is not None and rights.text == CREDIT.rights
    description = root.find(".//rdf:Description", NS)
    assert description is not None
    statement = description.get(f"{{{NS['xmpRights']}}}WebStatement")
    assert statement == CREDIT.licence_url
    assert description.get(f"{{{NS['xmpRights']}}}Marked") == "True"
    # IPTC-IIM in UTF-8: by-line and copyright notice.
    data = out.read_bytes()
    assert b"\x1c\x01\x5a\x00\x03\x1b%G" in data
    assert "Margaux Lefèvre".encode() in data[data.index(b"Photoshop 3.0") :]


def test_pixels_and_colour_profile_are_untouched(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "o.jpg", (300, 200))
    with Image.open(src) as original:
        profiled = io.BytesIO()
        original.save(profiled, "JPEG", quality=90, icc_profile=b"\x00" * 128 + b"acsp" * 8)
    data = profiled.getvalue()
    credited = with_credit(data, CREDIT)
    a, b = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(credited))
    assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None
    assert b.info.get("icc_profile") == a.info.get("icc_profile")
    # The scan data is the same bytes: nothing was compressed again.
    assert credited.endswith(data[data.index(b"\xff\xda") :])


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    hostile = '</rdf:li></rdf:Alt><x:evil/>&amp; <?xpacket end="w"?>\x00\x07 ]]> 🎨'
    credit = Credit(title=hostile, creators=(hostile,), caption=hostile, rights=hostile)
    src = make_jpeg(tmp_path / "o.jpg")
    out = tmp_path / "d.jpg"
    out.write_bytes(with_credit(src.read_bytes(), credit))
    root = xmp_of(out.read_bytes())
    assert root.find(".//x:evil", {"x": "adobe:ns:meta/"}) is None
    title = root.find(".//dc:title/rdf:Alt/rdf:li", NS)
    assert title is not None and title.text == hostile.replace("\x00", "").replace("\x07", "")
    assert read_metadata(out, "jpeg").caption is not None


def test_a_very_long_caption_is_shortened_to_fit_one_segment() -> None:
    credit = Credit(title="t", caption="&<é" * 60_000, creators=("x" * 5000,) * 50)
    packet = xmp_packet(credit)
    assert len(packet) < 65_500
    ElementTree.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", packet))


def test_strip_metadata_drops_exif_xmp_iptc_and_comments(tmp_path: Path) -> None:
    src = make_jpeg(
        tmp_path / "o.jpg", gps=(1.0, 2.0, 3.0), xmp={"title": "x"}, iptc={"caption": "y"}
    )
    stripped = strip_metadata(src.read_bytes())
    assert b"Exif" not in stripped and b"http://ns.adobe.com/xap" not in stripped
    assert b"Photoshop 3.0" not in stripped
    with Image.open(io.BytesIO(stripped)) as image:
        image.load()


@pytest.mark.parametrize(
    "data", [b"", b"GIF89a", b"\xff\xd8\xff\xe1\xff\xff", b"\xff\xd8\xff\xe0\x00\x10JFIF"]
)
def test_not_a_jpeg_is_refused(data: bytes) -> None:
    with pytest.raises(NotAJpeg):
        with_credit(data, CREDIT)
