"""The welcome screen: new, open, the demo archive, and the recent archives."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomeWidget(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Carnet")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(10)
        title = QLabel("Carnet")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr("Archives of live graphic recording."))
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(16)
        for text, signal in (
            (self.tr("New archive…"), self.new_requested),
            (self.tr("Open archive…"), self.open_requested),
            (self.tr("Open the demo archive"), self.demo_requested),
        ):
            button = QPushButton(text)
            button.setMinimumHeight(34)
            button.clicked.connect(signal.emit)
            layout.addWidget(button)
        layout.addSpacing(16)
        layout.addWidget(QLabel(self.tr("Recent archives")))
        self.recent = QListWidget()
        self.recent.setAccessibleName(self.tr("Recent archives"))
        for path in recent:
            QListWidgetItem(path, self.recent)
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.text()))
        layout.addWidget(self.recent, 1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.resize(560, 520)
