"""Reading the lettering in the window: the background reader and the inspector's panel.

``LetteringReader`` runs ``carnet.ocr.transcribe`` on the window's archive in a background
task (the OCR itself runs in worker processes), so the window never waits for it; the
inspector's button, the grid's action and the reading after an import all go through it.
``MachineReadPanel`` shows what the machine read beside the transcription, with "Use as
transcription": an ordinary, undoable edit of the transcription, which stays the person's.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.items import Item
from carnet.catalog.readings import unread_ids
from carnet.ocr import TranscribeReport, available, transcribe
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say
from carnet.ui.tasks import Progress, Task
from carnet.ui.undo import SetFieldCommand

log = logging.getLogger(__name__)

#: The preference: read the lettering of new drawings after each import.
READ_AFTER_IMPORT = "ocr/read_after_import"


def read_after_import(settings: QSettings) -> bool:
    return str(settings.value(READ_AFTER_IMPORT, "false")).lower() in ("true", "1")


class LetteringReader(QObject):
    """Reads items' lettering in the background, one batch at a time (more wait their turn)."""

    #: (done, total) of the batch being read.
    reading_progressed = Signal(int, int)
    #: A batch ended: its ``TranscribeReport``.
    reading_finished = Signal(object)

    def __init__(self, controller: ArchiveController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.task: Task | None = None
        self._waiting: dict[int, bool] = {}  # item id → read again if already read

    @property
    def busy(self) -> bool:
        return self.task is not None

    def unavailable_message(self) -> str:
        return self.tr(
            "Reading the lettering needs the OCR engine (rapidocr and onnxruntime), which is"
            " missing from this installation of Carnet. Reinstall Carnet to read the lettering."
        )

    def read(self, ids: Sequence[int], *, redo: bool = True) -> bool:
        """Read ``ids`` (again, with ``redo``); False with a message when it cannot."""
        if not ids:
            return False
        if self.controller.readonly:
            self.controller.error_raised.emit(
                self.tr("This archive is open read-only: changes are not possible."), ""
            )
            return False
        if not available():
            self.controller.error_raised.emit(self.unavailable_message(), "")
            return False
        for item_id in ids:
            self._waiting[item_id] = self._waiting.get(item_id, False) or redo
        if self.task is None:
            self._start()
        return True

    def read_new(self, ids: Sequence[int]) -> bool:
        """Read those of ``ids`` never read (after an import), quietly when OCR is missing."""
        if self.controller.readonly or not available():
            return False
        fresh = unread_ids(self.controller.db, ids)
        return self.read(fresh, redo=False) if fresh else False

    def cancel(self) -> None:
        self._waiting.clear()
        if self.task is not None:
            self.task.cancel.set()

    def _start(self) -> None:
        batch = dict(self._waiting)
        self._waiting.clear()
        archive = self.controller.archive
        again = [i for i, redo in batch.items() if redo]
        fresh = [i for i, redo in batch.items() if not redo]

        def work(progress: Progress, cancel: threading.Event) -> TranscribeReport:
            report = TranscribeReport()
            for ids, redo in ((again, True), (fresh, False)):
                if ids:
                    part = transcribe(
                        archive,
                        ids,
                        redo=redo,
                        progress=progress,
                        cancel=cancel,
                    )
                    report.read += part.read
                    report.empty += part.empty
                    report.failed += part.failed
            return report

        self.task = self.controller.tasks.run(
            work,
            self._on_task_succeeded,
            self._on_task_failed,
            on_progress=self.reading_progressed.emit,
            with_progress=True,
        )

    def _on_task_succeeded(self, report: TranscribeReport) -> None:
        self.task = None
        changed = report.read + report.empty
        if changed:
            self.controller.notify_items(changed)
        self.reading_finished.emit(report)
        if self._waiting:
            self._start()

    def _on_task_failed(self, exc: BaseException, details: str) -> None:
        self.task = None
        self.controller.error_raised.emit(say(exc), details)
        self.reading_finished.emit(TranscribeReport())
        if self._waiting:
            self._start()


class MachineReadPanel(QWidget):
    """What the machine read of the selection, beside the transcription (see module)."""

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.reader = LetteringReader(controller, self)
        self.items: list[Item] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self.tr("Machine-read text"))
        box.addWidget(self.heading)
        self.text = QPlainTextEdit()
        self.text.setObjectName("machineReadText")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Machine-read text"))
        self.text.setMinimumHeight(60)
        self.text.setMaximumHeight(130)
        box.addWidget(self.text)
        self.note = QLabel()
        self.note.setObjectName("machineReadNote")
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        buttons = QHBoxLayout()
        self.read_button = QPushButton(self.tr("Read the lettering"))
        self.read_button.setObjectName("readLettering")
        self.read_button.setToolTip(
            self.tr("Read the words drawn in the selected drawings, on this computer")
        )
        self.use_button = QPushButton(self.tr("Use as transcription"))
        self.use_button.setObjectName("useAsTranscription")
        self.use_button.setToolTip(
            self.tr("Copy the machine-read text into the transcription, to correct it there")
        )
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.read_button.clicked.connect(self.read_selection)
        self.use_button.clicked.connect(self.use_as_transcription)
        self.reader.reading_progressed.connect(self._on_reader_reading_progressed)
        self.reader.reading_finished.connect(self._on_reader_reading_finished)
        self.show_items([])

    def show_items(
        self, items: Sequence[Item], shared: tuple[str | None, bool] | None = None
    ) -> None:
        """Show the lettering of ``items``. ``shared`` is what a summary knows already:
        the text they all have (None for none) and whether they differ; the panel then
        does not go through the items (a hundred thousand take a visible while)."""
        self.items = items if isinstance(items, list) else list(items)
        if shared is None:
            texts = {item.ocr_text or "" for item in self.items}
            shared = (next(iter(texts)) if len(texts) == 1 else None, len(texts) > 1)
        text, differ = shared
        single = len(self.items) == 1
        if single:
            item = self.items[0]
            self.text.setPlainText(item.ocr_text or "")
            if item.ocr_read_at is None:
                self.text.setPlaceholderText(self.tr("Not read yet"))
                self.note.setText("")
            else:
                self.text.setPlaceholderText(self.tr("No lettering found"))
                confidence = (
                    f" · {round(100 * item.ocr_confidence)} %"
                    if item.ocr_confidence is not None
                    else ""
                )
                self.note.setText(
                    self.tr("Read by the machine (%1): check it before using it.").replace(
                        "%1", f"{item.ocr_engine or '?'}{confidence}"
                    )
                )
        else:
            self.text.setPlainText("" if differ else text or "")
            self.text.setPlaceholderText(self.tr("Mixed") if differ else "")
            self.note.setText("")
        writable = not self.controller.readonly
        self.read_button.setEnabled(bool(self.items) and writable and not self.reader.busy)
        self.use_button.setEnabled(single and writable and bool(self.items[0].ocr_text))
        if not available():
            self.read_button.setToolTip(self.reader.unavailable_message())

    def read_selection(self) -> None:
        ids = [item.id for item in self.items]
        if self.reader.read(ids):
            self.read_button.setEnabled(False)
            self.note.setText(self.tr("Reading the lettering…"))

    def use_as_transcription(self) -> None:
        """Put the machine-read text in the transcription: one undoable edit."""
        if len(self.items) != 1 or not self.items[0].ocr_text:
            return
        item = self.items[0]
        self.controller.push(
            SetFieldCommand(self.controller, [item.id], "transcription", item.ocr_text)
        )

    def _on_reader_reading_progressed(self, done: int, total: int) -> None:
        self.note.setText(
            self.tr("Reading the lettering: %1 of %2")
            .replace("%1", str(done))
            .replace("%2", str(total))
        )

    def _on_reader_reading_finished(self, report: TranscribeReport) -> None:
        if report.failed:
            self.controller.error_raised.emit(
                self.tr("%n drawing(s) could not be read", "", len(report.failed)),
                "\n".join(f"{item}: {say(reason)}" for item, reason in report.failed),
            )
        self.show_items(self.controller.items([item.id for item in self.items]))
