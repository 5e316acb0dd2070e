"""Coverage: every session with its number of items; sessions without any stand out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.browse import SessionCount, session_counts
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
    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Coverage"))
        self.resize(820, 520)
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        for event in list_events(controller.db):
            self.event_combo.addItem(event.name, event.id)
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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.event_combo.currentIndexChanged.connect(self.reload)
        controller.catalog_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        event_id = self.event_combo.currentData()
        rows = session_counts(self.controller.db, event_id) if event_id is not None else []
        self.model.load(rows)
        empty = sum(1 for r in rows if r.count == 0)
        self.summary.setText(self.tr("%n session(s) without any item", "", empty))
