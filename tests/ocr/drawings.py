"""Drawings with known lettering, made with Pillow, and items holding them."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from carnet.catalog.archive import Archive
from carnet.catalog.items import NewItem, insert_item
from carnet.media.derive import make_derivatives
from carnet.resources import resource_path

FONT = resource_path("fonts", "DejaVuSans.ttf")


def lettering(
    lines: Sequence[tuple[int, int, str]], size: tuple[int, int] = (900, 500), px: int = 56
) -> Image.Image:
    """A white board with each ``(x, y, text)`` written in black block letters."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), px)
    for x, y, text in lines:
        draw.text((x, y), text, font=font, fill="black")
    return image


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def add_item(archive: Archive, data: bytes, name: str, *, previews: bool = True) -> int:
    """An item whose original is ``data`` (a PNG), with its preview and thumbnail made as
    an import makes them (unless ``previews`` is False, or the data cannot be decoded)."""
    digest = hashlib.sha256(data).hexdigest()
    original = archive.paths.original(digest, "png")
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(data)
    if previews:
        for path in (archive.paths.preview(digest), archive.paths.thumbnail(digest)):
            path.parent.mkdir(parents=True, exist_ok=True)
        make_derivatives(
            original, "png", 1, archive.paths.thumbnail(digest), archive.paths.preview(digest)
        )
    with archive.db.transaction() as conn:
        return insert_item(
            conn,
            NewItem(
                hash=digest,
                original_name=name,
                original_path=f"/photos/{name}",
                format="png",
                size=len(data),
            ),
        )
