"""Fixtures shared by every test."""

from __future__ import annotations

import logging
import os

# Qt aborts without a display; tests never open a real window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

logging.getLogger("exifread").setLevel(logging.CRITICAL)
