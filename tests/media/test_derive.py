"""Previews and thumbnails: upright, RGB, right-sized, written atomically, or refused."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile, JpegImagePlugin

from carnet.errors import DiskFull, ImportRejected
from carnet.media import derive
from carnet.media.corrections import Corrections
from carnet.media.derive import PREVIEW_EDGE, THUMBNAIL_EDGE, decode_upright, make_derivatives
from carnet.media.metadata import read_metadata
from tests.imaging import (
    dark_corner,
    exif_for,
    make_bomb_png,
    make_heic,
    make_jpeg,
    make_png,
    make_tiff,
    make_truncated_jpeg,
    make_webp,
    pattern_image,
    png_chunk,
    rgb_icc_profile,
)


def _derive(
    src: Path, fmt: str, out: Path, orientation: int | None = None, rotation: int = 0
) -> tuple[tuple[int, int], Image.Image, Image.Image]:
    """Run make_derivatives (orientation from the file unless given) and open both results."""
    if orientation is None:
        orientation = read_metadata(src, fmt).orientation
    size = make_derivatives(
        src,
        fmt,
        orientation,
        out / "thumbs" / "t.jpg",
        out / "previews" / "p.jpg",
        Corrections(rotate=rotation),
    )
    thumb = Image.open(out / "thumbs" / "t.jpg")
    preview = Image.open(out / "previews" / "p.jpg")
    assert (thumb.format, thumb.mode, preview.format, preview.mode) == ("JPEG", "RGB") * 2
    return size, thumb, preview


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _rejected(src: Path, fmt: str, out: Path) -> str:
    with pytest.raises(ImportRejected) as caught:
        make_derivatives(src, fmt, 1, out / "t.jpg", out / "p.jpg")
    assert caught.value.path == src
    return caught.value.reason


# --------------------------------------------------------------------------------------
# Sizes


def test_small_image_is_never_upscaled(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", (640, 480))
    size, thumb, preview = _derive(src, "jpeg", tmp_path / "out")
    assert size == (640, 480)
    assert preview.size == (640, 480)
    assert thumb.size == (THUMBNAIL_EDGE, 288)
    assert _files(tmp_path / "out") == ["previews/p.jpg", "thumbs/t.jpg"]


def test_large_jpeg_is_drafted_and_shrunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_jpeg(tmp_path / "big.jpg", (6000, 4000), quality=70)
    monkeypatch.setattr(derive, "_PYVIPS", None)  # the Pillow path, as without libvips
    drafts: list[tuple[int, int] | None] = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(
        self: JpegImagePlugin.JpegImageFile, mode: str | None, size: tuple[int, int] | None
    ) -> tuple[str, tuple[int, int, float, float]] | None:
        drafts.append(size)
        return real_draft(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    size, thumb, preview = _derive(src, "jpeg", tmp_path / "out")
    assert size == (6000, 4000)
    assert preview.size == (PREVIEW_EDGE, 1365)
    assert thumb.size == (THUMBNAIL_EDGE, 256)
    assert drafts == [(PREVIEW_EDGE, 1365)]
    assert dark_corner(thumb) == "top-left"


def test_edge_constants() -> None:
    assert (THUMBNAIL_EDGE, PREVIEW_EDGE) == (384, 2048)


def test_preview_is_jpeg_quality_85_without_exif(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", (800, 600), orientation=6)
    make_derivatives(src, "jpeg", 6, tmp_path / "t.jpg", tmp_path / "p.jpg")
    with Image.open(tmp_path / "p.jpg") as preview:
        assert "exif" not in preview.info  # no orientation tag for viewers to apply again
        reference = io.BytesIO()
        preview.convert("RGB").save(reference, "JPEG", quality=85)
        # Same quantisation tables as a quality-85 save.
        assert isinstance(preview, JpegImagePlugin.JpegImageFile)
        with Image.open(reference) as expected:
            assert isinstance(expected, JpegImagePlugin.JpegImageFile)
            assert preview.quantization == expected.quantization


# --------------------------------------------------------------------------------------
# Orientation


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_gives_an_upright_thumbnail(
    tmp_path: Path, orientation: int
) -> None:
    src = make_jpeg(tmp_path / f"o{orientation}.jpg", (400, 300), orientation=orientation)
    meta = read_metadata(src, "jpeg")
    assert meta.orientation == orientation
    size, thumb, preview = _derive(src, "jpeg", tmp_path / "out")
    upright = (400, 300) if orientation <= 4 else (300, 400)
    assert size == upright
    assert preview.size == upright
    assert dark_corner(thumb) == "top-left"
    assert dark_corner(preview) == "top-left"


@pytest.mark.parametrize(
    ("rotation", "corner", "size"),
    [
        (0, "top-left", (300, 400)),
        (90, "top-right", (400, 300)),
        (180, "bottom-right", (300, 400)),
        (270, "bottom-left", (400, 300)),
    ],
)
def test_user_rotation_turns_clockwise_after_orientation(
    tmp_path: Path, rotation: int, corner: str, size: tuple[int, int]
) -> None:
    src = make_jpeg(tmp_path / "a.jpg", (400, 300), orientation=6)
    full, thumb, preview = _derive(src, "jpeg", tmp_path / "out", rotation=rotation)
    assert full == (300, 400)  # the original's upright size: corrections do not change it
    assert preview.size == size
    assert dark_corner(thumb) == corner


def test_bad_rotation_is_a_programming_error(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", (40, 30))
    with pytest.raises(ValueError):
        decode_upright(src, "jpeg", 1, 45)


def test_out_of_range_orientation_counts_as_upright(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", (400, 300))
    size, thumb, _ = _derive(src, "jpeg", tmp_path / "out", orientation=0)
    assert size == (400, 300) and dark_corner(thumb) == "top-left"


@pytest.mark.parametrize("orientation", [3, 6, 8])
@pytest.mark.parametrize("mode", ["RGB", "CMYK", "L", "I;16"])
def test_tiff_orientation_is_applied_once(tmp_path: Path, mode: str, orientation: int) -> None:
    src = make_tiff(tmp_path / "scan.tif", (400, 300), mode=mode, orientation=orientation)
    size, thumb, _ = _derive(src, "tiff", tmp_path / "out")
    assert size == ((400, 300) if orientation == 3 else (300, 400))
    assert dark_corner(thumb) == "top-left"


def test_heic_comes_out_upright_from_its_container_rotation(tmp_path: Path) -> None:
    src = make_heic(tmp_path / "phone.heic", (400, 300), orientation=6)
    size, thumb, preview = _derive(src, "heic", tmp_path / "out")
    assert size == (300, 400) and preview.size == (300, 400)
    assert dark_corner(thumb) == "top-left"
    # An EXIF orientation passed in by mistake is not applied a second time.
    size, thumb, _ = _derive(src, "heic", tmp_path / "again", orientation=6)
    assert size == (300, 400) and dark_corner(thumb) == "top-left"


# --------------------------------------------------------------------------------------
# Modes and formats


def _pixel(image: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    value = image.getpixel(xy)
    assert isinstance(value, tuple)
    return (int(value[0]), int(value[1]), int(value[2]))


def _close(actual: tuple[int, int, int], expected: tuple[int, int, int], tolerance: int) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_transparency_is_flattened_on_white(tmp_path: Path, mode: str) -> None:
    src = make_png(tmp_path / "a.png", (200, 100), mode=mode, transparent=True)
    _, _, preview = _derive(src, "png", tmp_path / "out")
    assert _close(_pixel(preview, (150, 50)), (255, 255, 255), 3)  # transparent half
    assert not _close(_pixel(preview, (80, 50)), (255, 255, 255), 30)  # opaque half
    assert dark_corner(preview) == "top-left"


@pytest.mark.parametrize("mode", ["P", "L", "RGB"])
def test_transparent_colour_key_is_flattened_on_white(tmp_path: Path, mode: str) -> None:
    src = make_png(tmp_path / "a.png", (200, 100), mode=mode, transparent=True)
    _, _, preview = _derive(src, "png", tmp_path / "out")
    assert _close(_pixel(preview, (150, 50)), (255, 255, 255), 3)
    assert dark_corner(preview) == "top-left"


def test_palette_png_keeps_its_colours(tmp_path: Path) -> None:
    src = make_png(tmp_path / "a.png", (200, 100), mode="P", color=(30, 120, 200))
    _, _, preview = _derive(src, "png", tmp_path / "out")
    assert _close(_pixel(preview, (150, 50)), (30, 120, 200), 12)


def test_one_bit_png(tmp_path: Path) -> None:
    src = make_png(tmp_path / "a.png", (200, 100), mode="1", color=(255, 255, 255))
    _, thumb, _ = _derive(src, "png", tmp_path / "out")
    assert dark_corner(thumb) == "top-left"


@pytest.mark.parametrize(("maker", "fmt"), [(make_png, "png"), (make_tiff, "tiff")])
def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path, maker: object, fmt: str) -> None:
    src = maker(tmp_path / f"a.{fmt}", (200, 100), mode="I;16")  # type: ignore[operator]
    with Image.open(src) as original:
        assert original.mode.startswith("I;16")
    _, _, preview = _derive(src, fmt, tmp_path / "out")
    # the background grey of the default colour, about 111 of 255: clipping would give 255
    assert _close(_pixel(preview, (150, 50)), (111, 111, 111), 3)
    assert dark_corner(preview) == "top-left"


def test_cmyk_jpeg_and_tiff(tmp_path: Path) -> None:
    for src, fmt in (
        (make_jpeg(tmp_path / "a.jpg", (200, 100), mode="CMYK", color=(30, 120, 200)), "jpeg"),
        (make_tiff(tmp_path / "a.tif", (200, 100), mode="CMYK", color=(30, 120, 200)), "tiff"),
    ):
        _, thumb, preview = _derive(src, fmt, tmp_path / fmt)
        assert _close(_pixel(preview, (150, 50)), (30, 120, 200), 12)
        assert dark_corner(thumb) == "top-left"


def test_lzw_tiff_with_alpha(tmp_path: Path) -> None:
    src = make_tiff(tmp_path / "a.tif", (200, 100), mode="RGBA", compression="tiff_lzw")
    _, thumb, _ = _derive(src, "tiff", tmp_path / "out")
    assert dark_corner(thumb) == "top-left"


def test_webp(tmp_path: Path) -> None:
    src = make_webp(tmp_path / "a.webp", (300, 200), mode="RGBA")
    size, thumb, preview = _derive(src, "webp", tmp_path / "out")
    assert size == (300, 200)
    assert _close(_pixel(preview, (250, 100)), (255, 255, 255), 3)
    assert dark_corner(thumb) == "top-left"


def test_colour_profile_is_converted_to_srgb(tmp_path: Path) -> None:
    profile = rgb_icc_profile()
    colour = (40, 150, 220)
    src = make_jpeg(tmp_path / "a.jpg", (100, 100), color=colour, icc_profile=profile)
    _, _, preview = _derive(src, "jpeg", tmp_path / "out")
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), colour),
        ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        ImageCms.createProfile("sRGB"),
        outputMode="RGB",
    )
    assert expected is not None
    wanted = _pixel(expected, (0, 0))
    assert not _close(wanted, colour, 8)  # the profile really changes this colour
    assert _close(_pixel(preview, (70, 70)), wanted, 6)


def test_broken_colour_profile_is_ignored(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", (100, 80), icc_profile=b"not a profile at all" * 10)
    size, thumb, _ = _derive(src, "jpeg", tmp_path / "out")
    assert size == (100, 80) and dark_corner(thumb) == "top-left"


# --------------------------------------------------------------------------------------
# Refusals


def test_truncated_jpeg_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    src = make_truncated_jpeg(tmp_path / "t.jpg", (640, 480))
    out = tmp_path / "out"
    assert _rejected(src, "jpeg", out) == "truncated JPEG: image data ends early"
    assert not out.exists() or _files(out) == []
    assert _files(tmp_path) == ["t.jpg"]


def test_truncated_png_is_refused(tmp_path: Path) -> None:
    data = make_png(tmp_path / "a.png", (300, 200)).read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    assert _rejected(tmp_path / "cut.png", "png", tmp_path / "out") == (
        "truncated PNG: image data ends early"
    )


def test_corrupt_png_data_is_refused(tmp_path: Path) -> None:
    src = make_png(tmp_path / "a.png", (64, 48))
    data = bytearray(src.read_bytes())
    start = data.index(b"IDAT") + 4
    length = int.from_bytes(data[start - 8 : start - 4], "big")
    garbage = bytes(range(256)) * (length // 256 + 1)
    chunk = png_chunk(b"IDAT", garbage[:length])
    data[start - 8 : start + length + 4] = chunk
    (tmp_path / "bad.png").write_bytes(bytes(data))
    reason = _rejected(tmp_path / "bad.png", "png", tmp_path / "out")
    assert reason == "cannot decode image: damaged PNG data"


def test_bomb_is_refused_without_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_bomb_png(tmp_path / "bomb.png")

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert _rejected(src, "png", tmp_path / "out") == (
        "image is 100000×100000 pixels, over the 150-megapixel limit"
    )


def test_not_an_image_at_all(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_text("hello", encoding="utf-8")
    assert _rejected(tmp_path / "a.jpg", "jpeg", tmp_path / "out").startswith(
        "cannot read the image header: "
    )


# --------------------------------------------------------------------------------------
# Atomic writes


def test_existing_derivatives_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _derive(make_jpeg(tmp_path / "a.jpg", (300, 200), color=(0, 0, 255)), "jpeg", out)
    _, _, preview = _derive(
        make_jpeg(tmp_path / "b.jpg", (300, 200), color=(0, 255, 0)), "jpeg", out
    )
    assert _close(_pixel(preview, (250, 150)), (0, 255, 0), 10)
    assert _files(out) == ["previews/p.jpg", "thumbs/t.jpg"]


def test_failed_write_leaves_no_temporary_file_and_the_old_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _derive(make_jpeg(tmp_path / "a.jpg", (300, 200)), "jpeg", out)
    before = (out / "previews" / "p.jpg").read_bytes()
    green = make_jpeg(tmp_path / "b.jpg", (300, 200), color=(0, 255, 0))
    real_save = Image.Image.save

    def full_disk(self: Image.Image, fp: object, *args: object, **kwargs: object) -> None:
        real_save(self, fp, *args, **kwargs)  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", full_disk)
    with pytest.raises(DiskFull, match=r"the disk holding .* is full"):
        make_derivatives(green, "jpeg", 1, out / "thumbs" / "t.jpg", out / "previews" / "p.jpg")
    assert (out / "previews" / "p.jpg").read_bytes() == before
    assert _files(out) == ["previews/p.jpg", "thumbs/t.jpg"]


def test_written_files_are_synced_before_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        events.append(f"replace {Path(dst).name}")
        assert Path(src).parent == Path(dst).parent
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    make_derivatives(
        make_jpeg(tmp_path / "a.jpg", (100, 80)), "jpeg", 1, tmp_path / "t.jpg", tmp_path / "p.jpg"
    )
    # each file is synced before its rename, and the rename is synced with its folder
    assert events == ["fsync", "replace p.jpg", "fsync", "fsync", "replace t.jpg", "fsync"]


def test_multi_page_tiff_gives_its_first_page(tmp_path: Path) -> None:
    first = pattern_image((400, 300), orientation=6)
    second = Image.new("RGB", (100, 100), (0, 0, 255))
    src = tmp_path / "pages.tif"
    first.save(src, save_all=True, append_images=[second], exif=exif_for(orientation=6))
    size, thumb, _ = _derive(src, "tiff", tmp_path / "out")
    assert size == (300, 400) and dark_corner(thumb) == "top-left"


def test_derived_files_name_the_corrections_they_were_made_with(tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", (900, 600))
    cropped = Corrections(crop=(0.0, 0.0, 0.5, 0.5))
    other = Corrections(crop=(0.5, 0.5, 0.5, 0.5))  # the same size, another part
    thumb, preview = tmp_path / "t.jpg", tmp_path / "p.jpg"
    make_derivatives(src, "jpeg", 1, thumb, preview, cropped)
    for path, edge in ((preview, PREVIEW_EDGE), (thumb, THUMBNAIL_EDGE)):
        header = derive.derived_header(path, edge)
        assert header is not None and header.size == derive.derived_size(path, edge)
        assert (
            header.made_with
            == derive.fingerprint(cropped)
            == f"carnet-corrections:{cropped.digest()}"
        )
        assert header.shows(cropped) and not header.shows(other)
        assert not header.shows(Corrections()) and not header.shows(Corrections(rotate=90))
        data = derive.read_derived(path, edge)
        assert data is not None and derive.header_of_derived(data, edge) == header
    # 90 and 90.0, as given and as the catalog gives them back: the same fingerprint.
    assert derive.fingerprint(Corrections(rotate=90)) == derive.fingerprint(
        Corrections(rotate=90.0)
    )
    make_derivatives(src, "jpeg", 1, thumb, preview)
    header = derive.derived_header(preview, PREVIEW_EDGE)
    assert header is not None and header.made_with == "carnet-corrections:none"
    assert header.shows(Corrections()) and not header.shows(cropped)


def test_a_derived_file_without_fingerprint_counts_for_no_correction_or_a_quarter_turn(
    tmp_path: Path,
) -> None:
    """What Carnet wrote before derived files named their corrections."""
    path = tmp_path / "p.jpg"
    Image.new("RGB", (40, 30), "white").save(path, "JPEG", quality=85)
    header = derive.derived_header(path, PREVIEW_EDGE)
    assert header is not None and header.made_with is None
    assert header.shows(Corrections()) and header.shows(Corrections(rotate=270))
    assert not header.shows(Corrections(rotate=2.5))
    assert not header.shows(Corrections(crop=(0.1, 0.1, 0.5, 0.5)))
    # A comment of someone else's is no fingerprint.
    Image.new("RGB", (40, 30), "white").save(path, "JPEG", comment=b"made by hand")
    header = derive.derived_header(path, PREVIEW_EDGE)
    assert header is not None and header.made_with is None
