"""Coverage: every session with its number of items; sessions without any stand out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.browse import SessionCount
from carnet.catalog.coverage import coverage, coverage_csv, illustrators_of_event
from carnet.catalog.events import list_events
from carnet.ui.controller import ArchiveController
from carnet.ui.dates import short_date_time, time_of_day

Index = QModelIndex | QPersistentModelIndex


class CoverageModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SessionCount] = []

    def load(self, rows: list[SessionCount]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            self.tr("Time"),
            self.tr("Session"),
            self.tr("Track"),
            self.tr("Room"),
            self.tr("Items"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = f"{short_date_time(row.start)}–{time_of_day(row.end)}"
            return (when, row.title, row.track or "", row.room or "", row.count)[index.column()]
        if row.count == 0:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(250, 228, 220)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(140, 40, 20)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CoverageDialog(QDialog):
    """Coverage of one event, for everyone or one illustrator; copied or saved as CSV;
    double-clicking a session shows its items in the window."""

    session_chosen = Signal(int)

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Coverage"))
        self.resize(820, 520)
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        for event in list_events(controller.db):
            self.event_combo.addItem(event.name, event.id)
        self.illustrator_combo = QComboBox()
        self.illustrator_combo.setAccessibleName(self.tr("Illustrator"))
        self.model = CoverageModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Sessions and their items"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Event")))
        top.addWidget(self.event_combo, 1)
        top.addWidget(QLabel(self.tr("Illustrator")))
        top.addWidget(self.illustrator_combo, 1)
        copy = QPushButton(self.tr("Copy as CSV"))
        copy.clicked.connect(self.copy_csv)
        export = QPushButton(self.tr("Export CSV…"))
        export.clicked.connect(self.export_csv)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(copy)
        bottom.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.event_combo.currentIndexChanged.connect(self._on_event_combo_changed)
        self.illustrator_combo.currentIndexChanged.connect(self.reload)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        controller.catalog_changed.connect(self.reload)
        self._on_event_combo_changed()

    def reload(self) -> None:
        event_id = self.event_combo.currentData()
        who = self.illustrator_combo.currentData()
        rows = coverage(self.controller.db, event_id, who) if event_id is not None else []
        self.model.load(rows)
        empty = sum(1 for r in rows if r.count == 0)
        self.summary.setText(self.tr("%n session(s) without any item", "", empty))

    def _on_event_combo_changed(self) -> None:
        event_id = self.event_combo.currentData()
        self.illustrator_combo.blockSignals(True)
        self.illustrator_combo.clear()
        self.illustrator_combo.addItem(self.tr("Everyone"), None)
        if event_id is not None:
            for name in illustrators_of_event(self.controller.db, event_id):
                self.illustrator_combo.addItem(name, name)
        self.illustrator_combo.blockSignals(False)
        self.reload()

    def csv_text(self) -> str:
        return coverage_csv(self.model.rows)

    def copy_csv(self) -> None:
        QApplication.clipboard().setText(self.csv_text())

    def export_csv(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export CSV"), "coverage.csv", self.tr("CSV files (*.csv)")
            )
            if not chosen:
                return
            path = Path(chosen)
        try:
            path.write_text(self.csv_text(), encoding="utf-8")
        except OSError as exc:
            self.summary.setText(
                self.tr("Cannot write %1: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc))
            )

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.session_chosen.emit(self.model.rows[index.row()].id)
