"""HEIC/HEIF support through ``pillow_heif``.

Phones save their photos as HEIC. Pillow cannot open them by itself; ``pillow_heif`` adds an
opener. Registering it changes Pillow's global plugin table, so it is done once, on first
need, by whoever is about to open an image, instead of as a side effect of an import.
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_registered = False


def register_heif() -> None:
    """Let Pillow open HEIC/HEIF files. Safe to call any number of times, from any thread.

    Embedded thumbnails stay enabled (they are only used when asked for through ``draft``);
    depth and auxiliary images are switched off because Carnet never shows them and they cost
    memory on every open.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        import pillow_heif

        pillow_heif.register_heif_opener(depth_images=False, aux_images=False)
        _registered = True
        logger.debug("HEIF opener registered (libheif %s)", pillow_heif.libheif_version())
