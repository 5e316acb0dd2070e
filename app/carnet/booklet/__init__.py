"""The printed booklet: an event's drawings as a print-ready PDF (``carnet booklet``)."""

from carnet.booklet.build import (
    PAPERS,
    BookletOptions,
    BookletSummary,
    PlacedDrawing,
    make_booklet,
    printable_area,
)

__all__ = [
    "PAPERS",
    "BookletOptions",
    "BookletSummary",
    "PlacedDrawing",
    "make_booklet",
    "printable_area",
]
