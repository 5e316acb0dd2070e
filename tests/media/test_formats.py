"""Format detection from magic numbers, and the reasons given for files we cannot take."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import IO, Any

import pytest

from carnet.errors import ImportRejected
from carnet.media import formats
from carnet.media.formats import EXTENSIONS, FORMATS, detect_format
from tests.imaging import make_heic, make_jpeg, make_png, make_tiff, make_webp


def _reason(path: Path) -> str:
    with pytest.raises(ImportRejected) as caught:
        detect_format(path)
    assert caught.value.path == path
    return caught.value.reason


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00\x00\x00\x08free" * 4


def test_public_tables_agree() -> None:
    assert FORMATS == ("jpeg", "png", "tiff", "webp", "heic")
    assert set(EXTENSIONS) == set(FORMATS)
    assert EXTENSIONS["jpeg"] == "jpg" and EXTENSIONS["tiff"] == "tif"


def test_each_supported_format_is_detected(tmp_path: Path) -> None:
    assert detect_format(make_jpeg(tmp_path / "a.jpg", (32, 24))) == "jpeg"
    assert detect_format(make_png(tmp_path / "a.png", (32, 24))) == "png"
    assert detect_format(make_tiff(tmp_path / "a.tif", (32, 24))) == "tiff"
    assert detect_format(make_webp(tmp_path / "a.webp", (32, 24))) == "webp"
    assert detect_format(make_heic(tmp_path / "a.heic", (32, 24))) == "heic"


def test_extension_is_ignored(tmp_path: Path) -> None:
    png = make_png(tmp_path / "scan.jpg", (40, 30))
    heic = make_heic(tmp_path / "IMG_0001.JPG", (40, 30))
    jpeg = make_jpeg(tmp_path / "drawing.png", (40, 30))
    assert (detect_format(png), detect_format(heic), detect_format(jpeg)) == (
        "png",
        "heic",
        "jpeg",
    )


def test_big_endian_and_bigtiff_headers_are_tiff(tmp_path: Path) -> None:
    (tmp_path / "mm.tif").write_bytes(b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 40)
    (tmp_path / "big.tif").write_bytes(b"II+\x00\x08\x00\x00\x00" + b"\x00" * 40)
    assert detect_format(tmp_path / "mm.tif") == "tiff"
    assert detect_format(tmp_path / "big.tif") == "tiff"


@pytest.mark.parametrize(
    "brands",
    [
        (b"heic", b"mif1", b"heic"),
        (b"heix", b"mif1"),
        (b"mif1", b"heic", b"miaf"),
        (b"msf1", b"hevc"),
        (b"heim",),
        (b"heis",),
        (b"hevx",),
    ],
)
def test_heif_brands_are_heic(tmp_path: Path, brands: tuple[bytes, ...]) -> None:
    path = tmp_path / "photo.bin"
    path.write_bytes(_ftyp(*brands))
    assert detect_format(path) == "heic"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    assert _reason(path) == "empty file (0 bytes)"


def test_text_named_jpg(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("Programme du forum\nSamedi 10h30 : plénière d'ouverture\n", encoding="utf-8")
    assert _reason(path) == "not a supported image (looks like text)"


def test_text_with_utf8_bom_and_cut_multibyte_character(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    # 63 ASCII bytes then "é": the 64-byte read ends inside the character.
    path.write_bytes(b"\xef\xbb\xbf" + b"x" * 60 + "été".encode())
    assert _reason(path) == "not a supported image (looks like text)"


def test_binary_garbage_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "noise.jpg"
    path.write_bytes(bytes(range(256)) * 4)
    assert _reason(path) == "not a supported image (unknown format)"


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"GIF89a\x10\x00\x10\x00", "GIF"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"PK\x03\x04\x14\x00", "zip archive"),
        (b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00", "BMP"),
        (b"II*\x00\x10\x00\x00\x00CR\x02\x00", "Canon RAW (CR2)"),
        (_ftyp(b"avif", b"mif1", b"miaf"), "AVIF"),
        (_ftyp(b"mif1", b"avif", b"miaf"), "AVIF"),
        (_ftyp(b"qt  ", b"qt  "), "video"),
        (_ftyp(b"isom", b"mp41"), "video"),
    ],
)
def test_other_formats_are_named(tmp_path: Path, head: bytes, what: str) -> None:
    path = tmp_path / "file.jpg"
    path.write_bytes(head + b"\x00\x01\x02" * 20)
    assert _reason(path) == f"not a supported image ({what})"


def test_text_starting_with_bm_is_not_bmp(tmp_path: Path) -> None:
    path = tmp_path / "bm.txt"
    path.write_text("BMW et mobilités douces, table ronde\n", encoding="utf-8")
    assert _reason(path) == "not a supported image (looks like text)"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert _reason(tmp_path / "gone.jpg") == "cannot read: No such file or directory"
    assert _reason(tmp_path) == "cannot read: a folder, not a regular file"


def test_reads_at_most_64_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_jpeg(tmp_path / "a.jpg", (64, 48))
    sizes: list[int] = []
    real_open = open

    class Recorder:
        def __init__(self, handle: IO[bytes]) -> None:
            self.handle = handle

        def __enter__(self) -> Recorder:
            return self

        def __exit__(self, *exc: Any) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            sizes.append(size)
            return self.handle.read(size)

    def recording_open(file: Path) -> Recorder:
        return Recorder(real_open(file, "rb"))

    monkeypatch.setattr(formats, "open_regular", recording_open)
    assert detect_format(path) == "jpeg"
    assert sizes and all(0 <= size <= 64 for size in sizes)
