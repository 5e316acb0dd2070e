"""Build the demo archive in the background, with a progress dialog, then open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

from carnet.demo import build_demo
from carnet.ui.errors import show_error
from carnet.ui.i18n import say
from carnet.ui.tasks import TaskRunner


def demo_dialog(parent: QWidget | None) -> QProgressDialog:
    """The progress dialog shown while the demo is built (no cancel: it takes seconds)."""
    # QCoreApplication.translate with a named context: a QProgressDialog's own tr() looks
    # in Qt's "QProgressDialog" context, where Carnet's French is not.
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("DemoDialog", "Demo archive"))
    dialog.setLabelText(QCoreApplication.translate("DemoDialog", "Building the demo archive…"))
    dialog.setCancelButton(None)
    dialog.setRange(0, 0)
    return dialog


def build_demo_then(parent: QWidget | None, path: Path, then: Callable[[], Any]) -> TaskRunner:
    runner = TaskRunner(parent=parent)
    dialog = demo_dialog(parent)
    dialog.show()

    def progress(done: int, total: int) -> None:
        dialog.setRange(0, total)
        dialog.setValue(done)

    def work(report: Any, _cancel: Any) -> str:
        return build_demo(path, progress=report)

    def finished(_summary: str) -> None:
        dialog.close()
        then()

    def failed(exc: BaseException, details: str) -> None:
        dialog.close()
        show_error(parent, say(exc), details)

    runner.run(work, finished, failed, on_progress=progress, with_progress=True)
    return runner
