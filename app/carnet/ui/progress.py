"""The progress page of the import and export dialogs: what is happening, a bar, Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class ProgressPage(QWidget):
    """A page of a dialog that follows one background task until it ends."""

    cancel_clicked = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(accessible_name)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        box = QVBoxLayout(self)
        box.addWidget(self.label)
        box.addWidget(self.bar)
        box.addLayout(row)
        box.addStretch(1)
        self.start("")

    def start(self, text: str) -> None:
        """Before the first progress report: a busy bar and ``text``."""
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        self.label.setText(text)

    def advance(self, done: int, total: int, text: str | None) -> None:
        """``done`` of ``total``; ``text`` replaces the label unless it is None."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if text is not None:
            self.label.setText(text)

    def cancelling(self, text: str) -> None:
        """Cancel was asked: the button goes grey and ``text`` says what happens now."""
        self.cancel_button.setEnabled(False)
        self.label.setText(text)
