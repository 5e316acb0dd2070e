"""Reading size, EXIF, GPS, XMP and IPTC, including from files that lie."""

from __future__ import annotations

import struct
import tracemalloc
from pathlib import Path

import exifread
import pytest
from PIL import Image, ImageFile

from carnet.errors import ImportRejected
from carnet.media import metadata
from carnet.media.metadata import (
    MAX_PIXELS,
    Metadata,
    parse_exif_datetime,
    parse_utc_offset,
    read_metadata,
)
from tests.imaging import (
    ASCII,
    RATIONAL,
    Entry,
    ascii_entry,
    build_tiff_ifds,
    make_bomb_png,
    make_garbage_exif_jpeg,
    make_heic,
    make_jpeg,
    make_png,
    make_tiff,
    make_tiny_tiff,
    make_truncated_jpeg,
    make_webp,
    rational_entry,
    short_entry,
    xmp_packet,
)


def _rejected(path: Path, fmt: str) -> str:
    with pytest.raises(ImportRejected) as caught:
        read_metadata(path, fmt)
    return caught.value.reason


# --------------------------------------------------------------------------------------
# EXIF basics


def test_plain_phone_jpeg(tmp_path: Path) -> None:
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", (640, 480)), "jpeg")
    assert meta == Metadata(
        width=640,
        height=480,
        captured_at="2016-09-29T10:45:00",
        camera_make="Apple",
        camera_model="iPhone 13",
    )


def test_no_exif_at_all(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "bare.jpg", (50, 40), captured_at=None, make=None, model=None)
    assert read_metadata(path, "jpeg") == Metadata(width=50, height=40)


def test_offset_time_original(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", offset="+02:00")
    meta = read_metadata(path, "jpeg")
    assert (meta.captured_at, meta.offset, meta.warnings) == ("2016-09-29T10:45:00", "+02:00", [])


def test_invalid_offset_is_dropped_with_a_warning(tmp_path: Path) -> None:
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", offset="+25:00"), "jpeg")
    assert meta.captured_at == "2016-09-29T10:45:00"
    assert meta.offset is None
    assert meta.warnings == ["EXIF: time offset '+25:00' is not valid"]


def test_blank_offset_is_silently_absent(tmp_path: Path) -> None:
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", offset="   :  "), "jpeg")
    assert (meta.offset, meta.warnings) == (None, [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+02:00", "+02:00"),
        ("-05:30", "-05:30"),
        ("+0200", "+02:00"),
        ("+14:00", "+14:00"),
        ("+14:30", None),
        ("+02:60", None),
        ("02:00", None),
        ("", None),
        ("+02:00\x00", "+02:00"),
    ],
)
def test_parse_utc_offset(raw: str, expected: str | None) -> None:
    assert parse_utc_offset(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016:09:29 10:45:00", "2016-09-29T10:45:00"),
        ("2016:09:29 10:45:00\x00", "2016-09-29T10:45:00"),
        ("2016-09-29 10:45:00", "2016-09-29T10:45:00"),
        ("2016:09:29 10:45", "2016-09-29T10:45:00"),
        ("2016:09:29", "2016-09-29T00:00:00"),
        ("2016:02:29 10:45:00", "2016-02-29T10:45:00"),
        ("0000:00:00 00:00:00", None),
        ("    :  :     :  :  ", None),
        ("", None),
        ("2015:02:29 10:45:00", None),
        ("2016:13:01 10:45:00", None),
        ("2016:09:29 24:00:00", None),
        ("1850:01:01 00:00:00", None),
        ("2150:01:01 00:00:00", None),
        ("yesterday", None),
    ],
)
def test_parse_exif_datetime(raw: str, expected: str | None) -> None:
    assert parse_exif_datetime(raw) == expected


def test_date_falls_back_to_digitized_then_to_datetime(tmp_path: Path) -> None:
    digitized = make_jpeg(tmp_path / "d.jpg", captured_at=None, digitized_at="2016:09:29 11:00:00")
    modified = make_jpeg(tmp_path / "m.jpg", captured_at=None, modified_at="2016:09:30 08:00:00")
    assert read_metadata(digitized, "jpeg").captured_at == "2016-09-29T11:00:00"
    assert read_metadata(modified, "jpeg").captured_at == "2016-09-30T08:00:00"


def test_garbage_original_date_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = make_jpeg(
        tmp_path / "a.jpg",
        captured_at="0000:00:00 00:00:00",
        modified_at="2016:09:30 08:00:00",
    )
    meta = read_metadata(path, "jpeg")
    assert meta.captured_at == "2016-09-30T08:00:00"
    assert meta.warnings == [
        "EXIF: DateTimeOriginal '0000:00:00 00:00:00' is not a valid date, ignored"
    ]


def test_orientation_is_read_and_size_is_the_stored_one(tmp_path: Path) -> None:
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", (400, 300), orientation=6), "jpeg")
    assert (meta.width, meta.height, meta.orientation) == (400, 300, 6)


def test_invalid_orientation_counts_as_upright(tmp_path: Path) -> None:
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", orientation=9), "jpeg")
    assert meta.orientation == 1
    assert meta.warnings == ["EXIF: orientation 9 is not valid, assumed upright"]


def test_strings_lose_nuls_and_padding(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", make="  NIKON CORPORATION\x00\x00", model="\x00 \x00")
    meta = read_metadata(path, "jpeg")
    assert (meta.camera_make, meta.camera_model) == ("NIKON CORPORATION", None)


# --------------------------------------------------------------------------------------
# GPS


@pytest.mark.parametrize(
    "position",
    [
        (48.8566, 2.3522, 35.0),  # Paris
        (-33.8688, 151.2093, 58.0),  # Sydney: south
        (40.7128, -74.006, 10.0),  # New York: west
        (-22.9068, -43.1729, 2.5),  # Rio: south and west
        (31.5, 35.5, -430.5),  # Dead Sea shore: below sea level
    ],
)
def test_gps_becomes_signed_decimal_degrees(
    tmp_path: Path, position: tuple[float, float, float]
) -> None:
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", gps=position), "jpeg")
    assert meta.gps_lat == pytest.approx(position[0], abs=1e-6)
    assert meta.gps_lon == pytest.approx(position[1], abs=1e-6)
    assert meta.gps_alt == pytest.approx(position[2], abs=0.01)
    assert meta.warnings == []


def test_gps_zero_zero_means_no_fix(tmp_path: Path) -> None:
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", gps=(0.0, 0.0)), "jpeg")
    assert (meta.gps_lat, meta.gps_lon, meta.warnings) == (None, None, [])


def _jpeg_with_gps(tmp_path: Path, gps_entries: list[Entry]) -> Path:
    raw = build_tiff_ifds([ascii_entry(0x010F, "Garmin")], gps=gps_entries)
    return make_jpeg(tmp_path / "gps.jpg", exif_bytes=raw)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # latitude 95°: out of range
        (
            [
                ascii_entry(1, "N"),
                rational_entry(2, (95, 1), (0, 1), (0, 1)),
                ascii_entry(3, "E"),
                rational_entry(4, (2, 1), (0, 1), (0, 1)),
            ],
            "GPS: position is not valid, ignored",
        ),
        # zero denominators
        (
            [
                ascii_entry(1, "N"),
                rational_entry(2, (48, 0), (51, 0), (0, 0)),
                ascii_entry(3, "E"),
                rational_entry(4, (2, 1), (21, 1), (0, 1)),
            ],
            "GPS: position is not valid, ignored",
        ),
        # 75 minutes
        (
            [
                ascii_entry(1, "S"),
                rational_entry(2, (10, 1), (75, 1), (0, 1)),
                ascii_entry(3, "W"),
                rational_entry(4, (2, 1), (21, 1), (0, 1)),
            ],
            "GPS: position is not valid, ignored",
        ),
        # no reference: the sign is unknown
        (
            [
                rational_entry(2, (48, 1), (51, 1), (0, 1)),
                rational_entry(4, (2, 1), (21, 1), (0, 1)),
            ],
            "GPS: position is not valid, ignored",
        ),
    ],
)
def test_absurd_gps_is_dropped_with_a_warning(
    tmp_path: Path, entries: list[Entry], expected: str
) -> None:
    meta = read_metadata(_jpeg_with_gps(tmp_path, entries), "jpeg")
    assert (meta.gps_lat, meta.gps_lon) == (None, None)
    assert meta.warnings == [expected]
    assert meta.camera_make == "Garmin"


def test_absurd_altitude_is_dropped_alone(tmp_path: Path) -> None:
    entries = [
        ascii_entry(1, "N"),
        rational_entry(2, (48, 1), (30, 1), (0, 1)),
        ascii_entry(3, "E"),
        rational_entry(4, (2, 1), (15, 1), (0, 1)),
        rational_entry(6, (9_000_000, 1)),
    ]
    meta = read_metadata(_jpeg_with_gps(tmp_path, entries), "jpeg")
    assert (meta.gps_lat, meta.gps_lon, meta.gps_alt) == (48.5, 2.25, None)
    assert meta.warnings == ["GPS: altitude is not valid, ignored"]


# --------------------------------------------------------------------------------------
# Hostile EXIF


def test_garbage_exif_never_stops_the_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = read_metadata(make_garbage_exif_jpeg(tmp_path / "g.jpg"), "jpeg")
    assert (meta.width, meta.height) == (320, 240)
    assert meta.captured_at is None and meta.offset is None
    assert meta.camera_make == "Canon" and meta.camera_model is None
    assert meta.orientation == 1
    assert (meta.gps_lat, meta.gps_lon, meta.gps_alt) == (None, None, None)
    assert "EXIF: DateTimeOriginal '0000:00:00 00:00:00' is not a valid date, ignored" in (
        meta.warnings
    )
    assert "GPS: position is not valid, ignored" in meta.warnings
    assert "EXIF: orientation 9 is not valid, assumed upright" in meta.warnings
    # nothing printed, by us or by exifread
    assert capsys.readouterr() == ("", "")


def test_ifd_claiming_65535_entries_is_read(tmp_path: Path) -> None:
    path = make_garbage_exif_jpeg(tmp_path / "g.jpg")
    meta = read_metadata(path, "jpeg")
    assert meta.camera_make == "Canon"


def test_tags_claiming_gigabytes_allocate_nothing(tmp_path: Path) -> None:
    hostile = [
        (0x010E, ASCII, 0x7FFFFFFF, b"a lie, told at length".ljust(24, b"\x00")),
        ascii_entry(0x010F, "Epson"),
        (0x0131, ASCII, 0xFFFFFFFF, b"another".ljust(8, b"\x00")),
        (0x829A, RATIONAL, 1_000_000_000, struct.pack("<II", 1, 3)),
    ]
    path = make_tiny_tiff(tmp_path / "t.tif", extra=hostile, exif=hostile[-1:])
    refused: ImportRejected | None = None
    tracemalloc.start()
    try:
        try:
            meta = read_metadata(path, "tiff")
        except ImportRejected as exc:
            refused = exc
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024
    if refused is not None:
        # Some Pillow releases (12.0) refuse such a header outright: a reason, no allocation.
        assert "header" in str(refused.reason), refused
    else:
        assert (meta.width, meta.height, meta.camera_make) == (1, 1, "Epson")


def test_exif_demanding_millions_of_reads_is_abandoned(tmp_path: Path) -> None:
    # 5,000 entries of 999 rationals each, all inside the block: about ten million reads
    # for a naive parser.
    many = [(0x9000 + i, RATIONAL, 999, b"\x01\x00\x00\x00") for i in range(5000)]
    raw = build_tiff_ifds([ascii_entry(0x010F, "Hostile")], exif=many)
    path = make_jpeg(tmp_path / "h.jpg", exif_bytes=raw)
    meta = read_metadata(path, "jpeg")
    assert meta.warnings == ["EXIF: too large or looping, read only in part"]
    assert (meta.width, meta.height, meta.camera_make) == (640, 480, "Hostile")


def test_exifread_failure_falls_back_to_pillow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_jpeg(tmp_path / "a.jpg", orientation=3, gps=(45.0, 5.0))

    def broken(*args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError("exifread gave up")

    monkeypatch.setattr(exifread, "process_file", broken)
    meta = read_metadata(path, "jpeg")
    assert (meta.captured_at, meta.camera_model, meta.orientation) == (
        "2016-09-29T10:45:00",
        "iPhone 13",
        3,
    )
    assert (meta.gps_lat, meta.gps_lon) == (45.0, 5.0)
    assert meta.warnings == []


def test_both_exif_readers_failing_gives_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_jpeg(tmp_path / "a.jpg", xmp={"title": "Still here"})

    def broken(*args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError("exifread gave up")

    def broken_pillow(self: Image.Image) -> Image.Exif:
        raise SyntaxError("pillow gave up")

    monkeypatch.setattr(exifread, "process_file", broken)
    monkeypatch.setattr(Image.Image, "getexif", broken_pillow)
    meta = read_metadata(path, "jpeg")
    assert meta.warnings == ["EXIF: cannot be read (exifread gave up)"]
    assert meta.captured_at is None
    assert meta.title == "Still here"


# --------------------------------------------------------------------------------------
# XMP and IPTC


def test_xmp_title_description_subject(tmp_path: Path) -> None:
    path = make_jpeg(
        tmp_path / "a.jpg",
        xmp={
            "title": "La ville en communs",
            "description": "Fresque de la plénière d'ouverture",
            "subject": ["communs", "ville", "communs"],
        },
    )
    meta = read_metadata(path, "jpeg")
    assert meta.title == "La ville en communs"
    assert meta.caption == "Fresque de la plénière d'ouverture"
    assert meta.keywords == ["communs", "ville"]
    assert meta.warnings == []


def test_xmp_lang_alt_prefers_x_default(tmp_path: Path) -> None:
    packet = xmp_packet(
        extra=(
            "<dc:title><rdf:Alt>"
            '<rdf:li xml:lang="en">City commons</rdf:li>'
            '<rdf:li xml:lang="x-default">Ville en communs</rdf:li>'
            "</rdf:Alt></dc:title>"
        )
    )
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", xmp=packet), "jpeg")
    assert meta.title == "Ville en communs"


def test_utf8_accents_in_xmp_and_iptc(tmp_path: Path) -> None:
    caption = "Société, écologie et « démocratie » — Noël à Zürich 🌱"
    xmp = make_jpeg(tmp_path / "x.jpg", xmp={"description": caption})
    iptc = make_jpeg(tmp_path / "i.jpg", iptc={"caption": caption, "keywords": ["éco"]})
    assert read_metadata(xmp, "jpeg").caption == caption
    meta = read_metadata(iptc, "jpeg")
    assert (meta.caption, meta.keywords) == (caption, ["éco"])


def test_iptc_caption_title_keywords(tmp_path: Path) -> None:
    path = make_jpeg(
        tmp_path / "a.jpg",
        iptc={"title": "Atelier 3", "caption": "Démocratie locale", "keywords": ["a", "b"]},
    )
    meta = read_metadata(path, "jpeg")
    assert (meta.title, meta.caption, meta.keywords) == (
        "Atelier 3",
        "Démocratie locale",
        ["a", "b"],
    )


def test_iptc_without_charset_in_windows_1252(tmp_path: Path) -> None:
    path = make_jpeg(
        tmp_path / "a.jpg",
        iptc={"caption": "Café des élus – débat", "keywords": ["société"], "charset": "cp1252"},
    )
    meta = read_metadata(path, "jpeg")
    assert (meta.caption, meta.keywords) == ("Café des élus – débat", ["société"])


def test_xmp_wins_and_keywords_merge_in_order(tmp_path: Path) -> None:
    path = make_jpeg(
        tmp_path / "a.jpg",
        xmp={"title": "Titre XMP", "subject": ["ville", "communs"]},
        iptc={"title": "Titre IPTC", "caption": "Légende IPTC", "keywords": ["communs", "eau"]},
    )
    meta = read_metadata(path, "jpeg")
    assert meta.title == "Titre XMP"
    assert meta.caption == "Légende IPTC"  # XMP had none
    assert meta.keywords == ["ville", "communs", "eau"]


def test_malformed_xmp_gives_one_warning_and_keeps_the_rest(tmp_path: Path) -> None:
    packet = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><unclosed></x:xmpmeta>'
    path = make_jpeg(tmp_path / "a.jpg", xmp=packet, iptc={"caption": "IPTC survives"})
    meta = read_metadata(path, "jpeg")
    assert len(meta.warnings) == 1 and meta.warnings[0].startswith("XMP: cannot be read (")
    assert meta.caption == "IPTC survives"
    assert meta.captured_at == "2016-09-29T10:45:00"


def test_xmp_entities_are_refused(tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>'
    )
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", xmp=bomb), "jpeg")
    assert meta.title is None
    assert len(meta.warnings) == 1 and meta.warnings[0].startswith("XMP: cannot be read (")


def test_xmp_orientation_is_used_when_exif_has_none(tmp_path: Path) -> None:
    path = make_png(tmp_path / "a.png", (60, 40), xmp={"orientation": 8, "title": "PNG"})
    meta = read_metadata(path, "png")
    assert (meta.orientation, meta.title) == (8, "PNG")


def test_very_long_text_is_capped(tmp_path: Path) -> None:
    long_caption = "é" * 30_000
    path = make_png(tmp_path / "a.png", (60, 40), xmp={"description": long_caption})
    caption = read_metadata(path, "png").caption
    assert caption is not None and len(caption) == 20_000


# --------------------------------------------------------------------------------------
# Other formats


def test_heic_from_libheif(tmp_path: Path) -> None:
    path = make_heic(
        tmp_path / "a.heic", (400, 300), orientation=6, offset="+01:00", gps=(45.75, 4.85)
    )
    meta = read_metadata(path, "heic")
    # The decoder applies the container rotation: the size is the displayed one and the
    # orientation is already taken care of.
    assert (meta.width, meta.height, meta.orientation) == (300, 400, 1)
    assert (meta.captured_at, meta.offset) == ("2016-09-29T10:45:00", "+01:00")
    assert (meta.camera_make, meta.camera_model) == ("Apple", "iPhone 13")
    assert (meta.gps_lat, meta.gps_lon) == pytest.approx((45.75, 4.85))
    assert meta.warnings == []


def test_png_exif_and_xmp_without_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_png(
        tmp_path / "a.png", (60, 40), captured_at="2020:01:02 03:04:05", xmp={"title": "Scan"}
    )
    bare = make_png(tmp_path / "b.png", (60, 40))

    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    meta = read_metadata(path, "png")
    assert (meta.captured_at, meta.camera_make, meta.title) == (
        "2020-01-02T03:04:05",
        "Scanner Co",
        "Scan",
    )
    assert read_metadata(bare, "png") == Metadata(width=60, height=40)


def test_webp_exif_and_xmp(tmp_path: Path) -> None:
    path = make_webp(
        tmp_path / "a.webp",
        (60, 40),
        captured_at="2021:06:01 12:00:00",
        make="Google",
        xmp={"title": "Tablette"},
    )
    meta = read_metadata(path, "webp")
    assert (meta.width, meta.height, meta.captured_at, meta.camera_make, meta.title) == (
        60,
        40,
        "2021-06-01T12:00:00",
        "Google",
        "Tablette",
    )


def test_tiff_exif_iptc_xmp_and_stored_size(tmp_path: Path) -> None:
    path = make_tiff(
        tmp_path / "scan.tif",
        (400, 300),
        orientation=6,
        captured_at="2019:05:05 10:00:00",
        make="Epson",
        iptc={"caption": "Légende du scan", "keywords": ["archive"]},
        xmp={"title": "Scan 12"},
    )
    meta = read_metadata(path, "tiff")
    assert (meta.width, meta.height, meta.orientation) == (400, 300, 6)
    assert (meta.captured_at, meta.camera_make) == ("2019-05-05T10:00:00", "Epson")
    assert (meta.title, meta.caption, meta.keywords) == ("Scan 12", "Légende du scan", ["archive"])


def test_truncated_jpeg_header_is_still_readable(tmp_path: Path) -> None:
    meta = read_metadata(make_truncated_jpeg(tmp_path / "t.jpg", (320, 200)), "jpeg")
    assert (meta.width, meta.height) == (320, 200)


# --------------------------------------------------------------------------------------
# Refusals


def test_decompression_bomb_is_refused_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_bomb_png(tmp_path / "bomb.png")
    assert path.stat().st_size < 200

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(Image.Image, "load", no_decoding)
    assert _rejected(path, "png") == ("image is 100000×100000 pixels, over the 150-megapixel limit")


def test_our_own_pixel_limit_applies_below_pillows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_jpeg(tmp_path / "a.jpg", (640, 480))
    assert MAX_PIXELS == 150_000_000
    monkeypatch.setattr(metadata, "MAX_PIXELS", 300_000)
    assert _rejected(path, "jpeg") == "image is 640×480 pixels, over the 0.3-megapixel limit"


def test_bomb_between_the_two_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 160 MP: Pillow only warns, our 150 MP limit refuses.
    path = make_bomb_png(tmp_path / "b.png", (16_000, 10_000))

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert _rejected(path, "png") == "image is 16000×10000 pixels, over the 150-megapixel limit"


def test_header_pillow_cannot_parse(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"\xff" * 30)
    reason = _rejected(path, "png")
    assert reason.startswith("cannot read the image header: ")


def test_missing_file(tmp_path: Path) -> None:
    assert _rejected(tmp_path / "gone.jpg", "jpeg") == "cannot read: No such file or directory"


def test_unknown_format_name_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        read_metadata(make_jpeg(tmp_path / "a.jpg"), "gif")


def test_exif_tags_with_type_lies_do_not_crash(tmp_path: Path) -> None:
    raw = build_tiff_ifds(
        [
            (0x010F, 7, 3, b"\xff\xfe\x00"),  # Make as UNDEFINED bytes
            short_entry(0x0110, 5),  # Model as a number
            ascii_entry(0x0112, "six"),  # Orientation as text
        ],
        exif=[short_entry(0x9003, 2016)],  # DateTimeOriginal as a number
    )
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", exif_bytes=raw), "jpeg")
    assert (meta.camera_make, meta.camera_model, meta.captured_at) == (None, None, None)
    assert meta.orientation == 1


_IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"


def test_xmp_alt_text_is_read_from_iptc_core(tmp_path: Path) -> None:
    packet = xmp_packet(
        title="Ville en communs",
        extra=(
            f'<Iptc4xmpCore:AltTextAccessibility xmlns:Iptc4xmpCore="{_IPTC_CORE}"><rdf:Alt>'
            '<rdf:li xml:lang="en">A board: four words around a tree</rdf:li>'
            '<rdf:li xml:lang="x-default">\n Une planche : quatre mots autour d’un arbre </rdf:li>'
            "</rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
        ),
    )
    meta = read_metadata(make_jpeg(tmp_path / "a.jpg", xmp=packet), "jpeg")
    assert meta.alt_text == "Une planche : quatre mots autour d’un arbre"
    assert meta.title == "Ville en communs"
    assert meta.warnings == []


def test_xmp_alt_text_in_the_short_form_and_without_x_default(tmp_path: Path) -> None:
    found = metadata.parse_xmp(
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
        b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description'
        b' xmlns:Iptc4xmpCore="' + _IPTC_CORE.encode() + b'"'
        b' Iptc4xmpCore:AltTextAccessibility="Un arbre dessin\xc3\xa9"/></rdf:RDF></x:xmpmeta>'
    )
    assert found.alt_text == "Un arbre dessiné"
    packet = xmp_packet(
        extra=(
            f'<Iptc4xmpCore:AltTextAccessibility xmlns:Iptc4xmpCore="{_IPTC_CORE}"><rdf:Alt>'
            '<rdf:li xml:lang="de"></rdf:li><rdf:li xml:lang="en">A tree</rdf:li>'
            "</rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
        )
    )
    assert read_metadata(make_jpeg(tmp_path / "b.jpg", xmp=packet), "jpeg").alt_text == "A tree"


def test_no_alt_text_without_xmp_even_with_an_iptc_caption(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "i.jpg", iptc={"caption": "Démocratie locale"})
    meta = read_metadata(path, "jpeg")
    assert meta.caption == "Démocratie locale"
    assert meta.alt_text is None
    plain = read_metadata(make_jpeg(tmp_path / "x.jpg", xmp={"title": "Sans alt"}), "jpeg")
    assert plain.alt_text is None


def _with_serial(path: Path, tags: dict[tuple[int | None, int], str]) -> Path:
    """A JPEG whose EXIF holds these tags ((None, tag): IFD0; (0x8769, tag): Exif IFD)."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 13"
    for (ifd, tag), value in tags.items():
        (exif if ifd is None else exif.get_ifd(ifd))[tag] = value
    Image.new("RGB", (64, 48), (200, 90, 40)).save(path, "JPEG", exif=exif)
    return path


@pytest.mark.parametrize(
    ("tags", "serial"),
    [
        ({(0x8769, 0xA431): "F2LXK01"}, "F2LXK01"),  # BodySerialNumber
        ({(None, 0xC62F): "1234567"}, "1234567"),  # CameraSerialNumber (DNG, IFD0)
        ({(0x8769, 0xA431): "0000000"}, None),  # a blank serial is none
        ({}, None),
    ],
)
def test_the_camera_serial_number_is_read(
    tmp_path: Path, tags: dict[tuple[int | None, int], str], serial: str | None
) -> None:
    meta = read_metadata(_with_serial(tmp_path / "a.jpg", tags), "jpeg")
    assert meta.camera_serial == serial
    assert meta.camera_model == "iPhone 13"
