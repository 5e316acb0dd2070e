"""Errors in words, in one place: background failures and uncaught exceptions.

A background failure shows one clear sentence with the details (the traceback) folded
away, and is logged. An uncaught exception opens the crash dialog; tests switch it off by
not installing the hook (``install_excepthook``), so a bug fails the test instead. The
desktop app's warnings and errors also go to a log file (``start_log_file``): a launcher
from the desktop's menu throws the program's own output away.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

#: The log file's name, its size before it is rotated, and how many old ones are kept.
LOG_NAME = "carnet.log"
LOG_BYTES = 1_000_000
LOG_KEPT = 3


def start_log_file(folder: Path) -> RotatingFileHandler | None:
    """Send warnings and errors to ``folder/carnet.log`` as well; None if it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / LOG_NAME, maxBytes=LOG_BYTES, backupCount=LOG_KEPT, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("no log file in %s: %s", folder, exc)
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    return handler


def show_error(parent: QWidget | None, message: str, details: str = "") -> QMessageBox:
    """A non-blocking message box: one sentence, details expandable."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("Carnet"))
    box.setText(message)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("errorBox")
    box.open()
    return box


class CrashDialog(QMessageBox):
    """Says that something went wrong, with the traceback to copy into a bug report."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("Carnet ran into a problem"))
        self.setText(
            self.tr(
                "Something went wrong that Carnet did not expect. Your archive is safe: "
                "every change is saved as you make it. You can keep working, or quit and "
                "start Carnet again."
            )
        )
        self.setDetailedText(details)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(parent_of: Callable[[], QWidget | None]) -> ExceptHook:
    """Route uncaught exceptions to the log and the crash dialog; returns the old hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, exc, tb))
        log.critical("uncaught exception\n%s", details)
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        CrashDialog(details, parent_of()).exec()

    sys.excepthook = hook
    return previous
