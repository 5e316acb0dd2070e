"""The OCR engine: RapidOCR (PP-OCRv6 models on onnxruntime), entirely offline.

RapidOCR's wheel carries its detection, direction and recognition models, and the engine
is built from them only: nothing is fetched at run time (a worker refuses the network
outright, see ``forbid_network``). It is a dependency like the others (RapidOCR and
onnxruntime add about 130 MB to the ones Carnet has anyway, OpenCV and numpy); still,
``available`` says whether it is there (a platform without onnxruntime wheels, a partial
install) and ``OcrUnavailable`` says so in one sentence when it is not.

One ``Reader`` loads the models once (a second or two) and reads image after image; the
worker processes of ``ocr/batch.py`` hold one each.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from typing import Any

from PIL import Image

from carnet.errors import OcrUnavailable
from carnet.ocr.order import Box, box_from_points, reading_order

log = logging.getLogger(__name__)

#: The engine's package and the runtime it needs: both must be installed.
PACKAGES = ("rapidocr", "onnxruntime")
#: Smaller than this on a side, an image holds no lettering worth reading.
MIN_EDGE = 16
#: RapidOCR's own floor for a piece of text; what it reads with less is mostly noise.
MIN_SCORE = 0.5
#: The long side the text *detector* works at. RapidOCR's default (the short side at least
#: 736 px, so a 2,048 px preview is searched whole) costs 2.2 s of CPU a drawing; at 1,280
#: px it costs 0.9 s and still finds 22 px lettering on a 2,048 px board. Recognition
#: reads each line found from the full-size preview either way.
DETECT_EDGE = 1280


@dataclass(frozen=True)
class Reading:
    """What the engine read of one image: its lines in reading order, the engine and
    model that read them, and the mean confidence of the text (0–1, None with no text)."""

    lines: list[str] = field(default_factory=list)
    engine: str = ""
    confidence: float | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def available() -> bool:
    """Whether the OCR engine is installed (without importing it: that takes a second)."""
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES)


@cache
def engine_label() -> str:
    """The engine, its models and their runtime, as kept beside the text it read."""
    if not available():
        raise OcrUnavailable()
    versions = {name: metadata.version(name) for name in PACKAGES}
    return f"rapidocr {versions['rapidocr']} PP-OCRv6 small (onnxruntime {versions['onnxruntime']})"


class _NetworkRefused(OSError):
    pass


def _refuse(*_args: object, **_kwargs: object) -> Any:
    raise _NetworkRefused("Carnet's OCR worker never uses the network")


def forbid_network() -> None:
    """Make every outgoing connection of this process fail at once.

    Called first in each OCR worker: reading a drawing needs nothing from outside, and
    should a library ever try to fetch a model, it fails here instead of reaching out.
    """
    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.socket.sendto = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse


class Reader:
    """A loaded engine: ``read`` an image after another.

    ``threads`` is onnxruntime's per image; a batch runs one reader per core with one
    thread each, which reads more drawings a second than one reader with all the cores.
    """

    def __init__(self, threads: int = 1) -> None:
        if not available():
            raise OcrUnavailable()
        # Quiet: RapidOCR logs every step at INFO on its own handler.
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        from rapidocr import RapidOCR

        self.engine = engine_label()
        self._ocr = RapidOCR(
            params={
                "Global.log_level": "error",
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                "Det.limit_type": "max",
                "Det.limit_side_len": DETECT_EDGE,
            }
        )

    def read(self, image: Image.Image) -> Reading:
        """The lettering of ``image`` (any mode, upright), in reading order."""
        if min(image.size) < MIN_EDGE:
            return Reading(engine=self.engine)
        import numpy as np

        # RapidOCR reads numpy arrays as OpenCV's BGR.
        pixels = np.asarray(image.convert("RGB"))[:, :, ::-1].copy()
        result = self._ocr(pixels)
        boxes = _boxes(result)
        lines = [" ".join(b.text.strip() for b in line) for line in reading_order(boxes)]
        if not lines:
            return Reading(engine=self.engine)
        weights = [(len(b.text), b.score) for b in boxes if b.text.strip()]
        total = sum(n for n, _ in weights)
        confidence = sum(n * s for n, s in weights) / total if total else None
        return Reading(
            lines=lines,
            engine=self.engine,
            confidence=round(confidence, 4) if confidence is not None else None,
        )


def _boxes(result: Any) -> list[Box]:
    texts = getattr(result, "txts", None) or ()
    points = getattr(result, "boxes", None)
    scores = getattr(result, "scores", None) or ()
    if points is None or not texts:
        return []
    found = []
    for quad, text, score in zip(points, texts, scores, strict=False):
        if float(score) >= MIN_SCORE and str(text).strip():
            # NFKC: the models answer some punctuation in its full-width form ("，").
            plain = unicodedata.normalize("NFKC", str(text))
            found.append(box_from_points(quad.tolist(), plain, float(score)))
    return found
