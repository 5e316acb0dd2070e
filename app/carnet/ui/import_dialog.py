"""The import dialog: choose the event and illustrator, follow the progress, read the summary.

The import runs in the background (the pipeline's own ``progress`` and ``cancel`` hooks,
adapted to signals by the task runner); the window stays usable. Rejected files are listed
with their reasons at the end, never in a dialog per file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.browse import person_names
from carnet.catalog.events import list_events
from carnet.importing.pipeline import ImportOptions, ImportSummary, import_paths
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say
from carnet.ui.progress import ProgressPage, cancel_task, is_running, start_buttons
from carnet.ui.tasks import Task

Index = QModelIndex | QPersistentModelIndex


class RejectedModel(QAbstractTableModel):
    """The rejected files of an import: path and reason."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = [(path, say(reason)) for path, reason in rows]  # reasons come in English

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (self.tr("File"), self.tr("Reason"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        return None


class ImportDialog(QDialog):
    """Three pages: what to import and where, progress, summary."""

    import_finished = Signal(object)

    def __init__(
        self,
        controller: ArchiveController,
        paths: Sequence[Path] = (),
        *,
        jobs: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.jobs = jobs
        self.task: Task | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle(self.tr("Import"))
        self.setMinimumWidth(560)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.pages.addWidget(self._build_choose_page())
        self.pages.addWidget(self._build_progress_page())
        self.pages.addWidget(self._build_summary_page())

        self.set_paths(paths)

    # ------------------------------------------------------------------ pages

    def _build_choose_page(self) -> QWidget:
        """Page 1: the files and folders, the event and the illustrator."""
        choose = QWidget()
        form = QFormLayout(choose)
        self.path_list = QListWidget()
        self.path_list.setAccessibleName(self.tr("Files and folders to import"))
        self.path_list.setMinimumHeight(90)
        buttons = QHBoxLayout()
        add_files = QPushButton(self.tr("Add files…"))
        add_folder = QPushButton(self.tr("Add folder…"))
        add_files.clicked.connect(self._on_add_files_clicked)
        add_folder.clicked.connect(self._on_add_folder_clicked)
        buttons.addWidget(add_files)
        buttons.addWidget(add_folder)
        buttons.addStretch(1)
        form.addRow(self.tr("Files"), self.path_list)
        form.addRow("", buttons)
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        self.event_combo.addItem(self.tr("No event"), None)
        for event in list_events(self.controller.db):
            self.event_combo.addItem(event.name, event.slug)
        if self.event_combo.count() > 1:
            self.event_combo.setCurrentIndex(1)
        form.addRow(self.tr("Event"), self.event_combo)
        self.illustrator = QComboBox()
        self.illustrator.setEditable(True)
        self.illustrator.setAccessibleName(self.tr("Illustrator"))
        self.illustrator.addItem("")
        self.illustrator.addItems(person_names(self.controller.db, "illustrator"))
        illustrator_line = self.illustrator.lineEdit()
        assert illustrator_line is not None  # an editable combo box has one
        illustrator_line.setPlaceholderText(self.tr("Who drew them (optional)"))
        form.addRow(self.tr("Illustrator"), self.illustrator)
        self.choose_buttons, self.start_button = start_buttons(self.tr("Import"))
        self.choose_buttons.accepted.connect(self.start)
        self.choose_buttons.rejected.connect(self.reject)
        form.addRow(self.choose_buttons)
        return choose

    def _build_progress_page(self) -> QWidget:
        """Page 2: progress, with a Cancel button."""
        self.progress_page = ProgressPage(self.tr("Import progress"))
        self.progress_page.start(self.tr("Looking for files…"))
        self.progress_page.cancel_clicked.connect(self.cancel)
        self.progress = self.progress_page.bar
        return self.progress_page

    def _build_summary_page(self) -> QWidget:
        """Page 3: what was written, the problems met, and a way to open it."""
        summary = QWidget()
        column = QVBoxLayout(summary)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.rejected_view = QTableView()
        self.rejected_view.setAccessibleName(self.tr("Rejected files"))
        self.rejected_view.verticalHeader().hide()
        self.rejected_view.setWordWrap(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        close.accepted.connect(self.accept)
        column.addWidget(self.summary_label)
        column.addWidget(self.rejected_view)
        column.addWidget(close)
        return summary

    # ------------------------------------------------------------------ choosing

    def set_paths(self, paths: Sequence[Path]) -> None:
        for path in paths:
            self.path_list.addItem(str(path))
        self.start_button.setEnabled(self.path_list.count() > 0)

    def paths(self) -> list[Path]:
        return [Path(self.path_list.item(i).text()) for i in range(self.path_list.count())]

    def _on_add_files_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files"),
            "",
            self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.heic *.heif);;All files (*)"),
        )
        self.set_paths([Path(f) for f in files])

    def _on_add_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add folder"))
        if folder:
            self.set_paths([Path(folder)])

    # ------------------------------------------------------------------ running

    def start(self) -> None:
        paths = self.paths()
        if not paths or self.task is not None:
            return
        illustrator = self.illustrator.currentText().strip() or None
        options = ImportOptions(
            event=self.event_combo.currentData(), illustrator=illustrator, jobs=self.jobs
        )
        archive = self.controller.archive
        self.pages.setCurrentIndex(1)

        def work(progress: Any, cancel: Any) -> ImportSummary:
            return import_paths(archive, paths, options, progress=progress, cancel=cancel)

        self.task = self.controller.tasks.run(
            work,
            self._on_task_succeeded,
            self._on_task_failed,
            on_progress=self._on_task_progressed,
            with_progress=True,
        )

    def cancel(self) -> None:
        cancel_task(
            self.task,
            self.progress_page,
            self.tr("Cancelling: finishing the files in progress…"),
        )

    def reject(self) -> None:
        if is_running(self.task):
            self.cancel()  # closing the dialog mid-import cancels it, never abandons it
            return
        super().reject()

    def _on_task_progressed(self, done: int, total: int) -> None:
        cancelling = self.task is not None and self.task.cancel.is_set()
        text = self.tr("%n of %1 files", "", done).replace("%1", str(total))
        self.progress_page.advance(done, total, None if cancelling else text)
        self.controller.notify_catalog_soon()

    def _on_task_succeeded(self, summary: ImportSummary) -> None:
        self.summary = summary
        parts = [self.tr("%n imported", "", summary.imported)]
        if summary.duplicates:
            parts.append(self.tr("%n already in the archive", "", summary.duplicates))
        if summary.rejected:
            parts.append(self.tr("%n rejected", "", len(summary.rejected)))
        text = ", ".join(parts) + "."
        if summary.cancelled:
            text = self.tr("Import cancelled.") + " " + text
        self.summary_label.setText(text)
        self.rejected_view.setModel(RejectedModel(summary.rejected, self))
        self.rejected_view.setVisible(bool(summary.rejected))
        header = self.rejected_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 240)
        self.pages.setCurrentIndex(2)
        self.controller.notify_catalog()
        self.import_finished.emit(summary)

    def _on_task_failed(self, exc: BaseException, details: str) -> None:
        self.summary_label.setText(self.tr("The import stopped: %1").replace("%1", say(exc)))
        self.rejected_view.hide()
        self.pages.setCurrentIndex(2)
        self.controller.error_raised.emit(say(exc), details)
        self.controller.notify_catalog()
