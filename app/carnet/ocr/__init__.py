"""Reading the lettering: offline OCR of drawings into their machine-read text.

``engine`` wraps RapidOCR (PP-OCRv6 on onnxruntime), ``order`` puts what it read
in reading order, ``batch`` reads many items on worker processes with a time limit per
image and keeps the text in the catalog (``catalog/readings.py``). No Qt, no printing:
progress is a ``Callable[[int, int], None]``, cancelling a ``threading.Event``.
"""

from carnet.ocr.batch import TIME_LIMIT, ReadOutcome, TranscribeReport, read_targets, transcribe
from carnet.ocr.engine import Reader, Reading, available, engine_label

__all__ = [
    "TIME_LIMIT",
    "ReadOutcome",
    "Reader",
    "Reading",
    "TranscribeReport",
    "available",
    "engine_label",
    "read_targets",
    "transcribe",
]
