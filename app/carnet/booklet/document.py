"""The PDF file itself: fpdf2 for the pages, with the drawings streamed from disk.

fpdf2 holds a whole document in memory until it writes it, images included: a booklet of a
thousand drawings would hold every JPEG twice (once as placed, once in the output buffer).
Two small extensions keep memory flat instead:

* each drawing is placed from its JPEG file, then the bytes fpdf2 keeps are swapped for a
  short marker (:meth:`BookletPDF.place_jpeg`); the file stays in a scratch folder;
* the output goes through :class:`StreamingProducer`, fpdf2's own output producer with
  its buffer replaced by a file: each object is written as soon as it is serialised, and
  a marker is replaced by the JPEG's bytes, copied from disk in blocks.

fpdf2's ``output_producer_class`` is its published way to change how a document is written;
what the producer relies on (``_out``, ``_add_image``, ``buffer`` as a length) is covered by
the tests of the booklet (page images, byte-identical reruns) and pinned to fpdf2 2.8.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast

from fpdf import FPDF
from fpdf.output import OutputProducer

_MARKER = "\x00carnet-image:{:08d}\x00"
_MARKER_RE = re.compile("\x00carnet-image:([0-9]{8})\x00")
_BLOCK = 1 << 20


class _FileSink:
    """What the producer takes for its buffer: writes go to ``handle``, ``len`` counts them."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.size = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.size += len(data)

    def __iadd__(self, data: bytes) -> _FileSink:
        self.write(data)
        return self

    def __len__(self) -> int:
        return self.size


class BookletPDF(FPDF):
    """An ``FPDF`` that places drawings from files and writes itself to a stream."""

    def __init__(self, *args: Any, file_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._file_id = file_id
        #: The JPEG file behind each marker, by the marker's number.
        self.streamed: list[Path] = []
        self.footer_text: str = ""
        self.footer_style: tuple[str, float, tuple[int, int, int]] = ("body", 9, (0, 0, 0))
        #: Called before each drawing is copied into the output (to stop a cancelled one).
        self.before_image: Callable[[], None] | None = None

    def file_id(self) -> str:
        """A fixed identifier computed from what the booklet is made of, not from the clock."""
        digest = hashlib.md5(self._file_id.encode("utf-8"), usedforsecurity=False).hexdigest()
        return f"<{digest.upper()}><{digest.upper()}>"

    def header(self) -> None:
        # Set the current font at the top of every page, outside any saved graphics state:
        # fpdf2 2.8 may otherwise set it inside the q…Q of a line that ends in the fallback
        # font, after which the next line on a page begun by an automatic break has none.
        if self.current_font is not None:
            self._out(self._set_font_for_page(self.current_font, self.font_size_pt))

    def footer(self) -> None:
        if self.page <= 1 or not self.footer_text:
            return
        family, size, colour = self.footer_style
        self.set_font(family, "", size)
        self.set_text_color(*colour)
        self.set_y(-self.b_margin + size * 0.6 * 25.4 / 72)
        self.cell(0, size * 0.5, self.footer_text.format(n=self.page_no()), align="C")

    def place_jpeg(self, path: Path, x: float, y: float, w: float, h: float, alt_text: str) -> None:
        """Put the JPEG at ``path`` in the box ``(x, y, w, h)`` (millimetres), tagged as a
        figure with ``alt_text``; its bytes are read again from ``path`` at output."""
        info = self.image(path, x=x, y=y, w=w, h=h, alt_text=alt_text or None)
        data = info.get("data")
        if isinstance(data, bytes) and not data.startswith(_MARKER[:14].encode("latin-1")):
            info["carnet_size"] = len(data)
            info["data"] = _MARKER.format(len(self.streamed)).encode("latin-1")
            self.streamed.append(path)

    def write_to(self, handle: BinaryIO) -> None:
        """Write the whole document to ``handle`` (see the module docstring)."""
        StreamingProducer.target = handle
        try:
            self.output(output_producer_class=StreamingProducer)
        finally:
            StreamingProducer.target = None


class StreamingProducer(OutputProducer):
    """fpdf2's output producer writing to a file, with streamed drawings spliced in."""

    #: The file the next producer writes to (fpdf2 builds the producer from the document).
    target: BinaryIO | None = None

    def __init__(self, fpdf: FPDF) -> None:
        super().__init__(fpdf)
        assert StreamingProducer.target is not None
        self.sink = _FileSink(StreamingProducer.target)
        self.buffer = cast(bytearray, self.sink)
        self.document = cast(BookletPDF, fpdf)

    def _add_image(self, info: dict[str, object]) -> Any:
        image = super()._add_image(info)
        size = info.get("carnet_size")
        if isinstance(size, int):
            image.length = size  # the marker stands for the file's bytes
        return image

    def _out(self, data: bytes | bytearray | str) -> None:
        if isinstance(data, str):
            data = data.encode("latin-1")
        elif not isinstance(data, bytes):
            data = bytes(data)
        match = _MARKER_RE.search(data.decode("latin-1")) if len(data) < 8192 else None
        if match is None:
            self.sink.write(data + b"\n")
            return
        if self.document.before_image is not None:
            self.document.before_image()
        self.sink.write(data[: match.start()])
        with open(self.document.streamed[int(match.group(1))], "rb") as source:
            while block := source.read(_BLOCK):
                self.sink.write(block)
        self.sink.write(data[match.end() :] + b"\n")

    def bufferize(self) -> bytearray:
        super().bufferize()
        return bytearray()
