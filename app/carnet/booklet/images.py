"""Drawings for print: the original, corrected, at the printed size and no larger.

Each drawing is decoded from its original with the import's limits (bombs refused from the
header, HEIC through pillow-heif), turned upright by its EXIF orientation, corrected as the
user asked (rotation, crop, perspective: ``media/corrections.py``), shrunk to
:data:`PRINT_DPI` at the size it is printed — never enlarged — and written as a plain JPEG
in a scratch folder, one at a time, so memory holds one decoded drawing at most. Pillow's
JPEG encoder gives the same bytes for the same pixels, so the booklet stays byte-for-byte
reproducible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from carnet.catalog.items import Item
from carnet.media.corrections import corrected_size
from carnet.media.derive import corrected_image
from carnet.media.metadata import open_image

#: The finest resolution a drawing is printed at; finer is invisible on paper.
PRINT_DPI = 300
JPEG_QUALITY = 88
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PrintImage:
    path: Path
    size: tuple[int, int]  # pixels


def upright_size(item: Item, original: Path) -> tuple[int, int]:
    """The drawing's size once upright and corrected, from the catalog (or the file's
    header): within a pixel of what :func:`prepare` decodes at full size."""
    if item.width and item.height:
        width, height = item.width, item.height
    else:
        with open_image(original, item.format) as image:
            width, height = image.size
    orientation = item.orientation if item.format != "heic" else 1
    upright = (height, width) if orientation >= 5 else (width, height)
    return corrected_size(upright, item.corrections)


def fit(size: tuple[float, float], box: tuple[float, float]) -> tuple[float, float]:
    """``size`` scaled to the largest that fits in ``box``, aspect ratio kept."""
    scale = min(box[0] / size[0], box[1] / size[1])
    return size[0] * scale, size[1] * scale


def print_edge(size: tuple[int, int], printed_mm: tuple[float, float]) -> int:
    """The long edge, in pixels, of ``size`` printed at ``printed_mm``: :data:`PRINT_DPI`
    at most, and never more than the original has."""
    long_mm = max(printed_mm)
    wanted = math.ceil(long_mm / MM_PER_INCH * PRINT_DPI)
    return max(1, min(max(size), wanted))


def prepare(item: Item, original: Path, edge: int, dest: Path) -> PrintImage:
    """Decode ``original`` upright with its long edge at ``edge`` and save it to ``dest``.

    Raises :class:`~carnet.errors.ImportRejected` when the original cannot be decoded and
    ``OSError`` when it cannot be read or ``dest`` written.
    """
    image, _ = corrected_image(original, item.format, item.orientation, item.corrections, edge)
    try:
        image.save(dest, "JPEG", quality=JPEG_QUALITY)
        return PrintImage(dest, image.size)
    finally:
        image.close()
