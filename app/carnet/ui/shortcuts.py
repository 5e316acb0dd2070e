"""Help → Keyboard shortcuts: every key of the menus and of the viewer, in one table.

Read from the window itself (its menus' actions, the viewer's ``key_help``), so a shortcut
added to a menu is listed without anyone remembering to list it.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _keys(sequences: list[QKeySequence]) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)


def _menu_rows(menu: QMenu, path: str) -> list[tuple[str, str]]:
    rows = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            rows += _menu_rows(sub, f"{path} → {action.text().replace('&', '')}")
        elif action.shortcuts() and not action.isSeparator():
            name = f"{path} → {action.text().replace('&', '')}"
            rows.append((name, _keys(action.shortcuts())))
    return rows


def shortcut_rows(
    menu_bar: QMenuBar, viewer_keys: list[tuple[str, list[QKeySequence]]], viewer_title: str
) -> list[tuple[str, str]]:
    """(what, keys) for every menu action with a shortcut, then the viewer's keys."""
    rows: list[tuple[str, str]] = []
    for action in menu_bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            rows += _menu_rows(menu, action.text().replace("&", ""))
    rows += [(f"{viewer_title} → {what}", _keys(keys)) for what, keys in viewer_keys]
    return rows


class ShortcutsDialog(QDialog):
    """A two-column table (what, keys) of ``rows``."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 480)

    def texts(self) -> list[tuple[str, str]]:
        """What the table shows, row by row."""
        model = self.table.model()
        return [
            (str(model.index(row, 0).data()), str(model.index(row, 1).data()))
            for row in range(model.rowCount())
        ]
