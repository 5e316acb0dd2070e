"""What the dialogs that run a background task share.

The progress page (what is happening, a bar, Cancel), the result page (what was written,
the problems met, Close and one action) and the bold label that says a problem on the first
page. Their texts are given by each dialog, translated in its own context.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeGuard

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carnet.ui.tasks import Task


def is_running(task: Task | None) -> TypeGuard[Task]:
    """Whether ``task`` was started and has not ended yet."""
    return task is not None and not task.finished


def cancel_task(task: Task | None, page: ProgressPage, text: str) -> None:
    """Ask ``task`` to stop if it still runs, and say ``text`` on its progress page."""
    if is_running(task):
        task.cancel.set()
        page.cancelling(text)


def start_buttons(start_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """The first page's Cancel and OK buttons, OK named ``start_text``: the box and OK."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
    )
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    button.setText(start_text)
    return box, button


def problem_label(object_name: str) -> QLabel:
    """A hidden, bold, wrapping label that says why the task could not start."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.hide()
    return label


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


class ResultPage(QWidget):
    """The last page of a dialog: what was written, the problems met, Close and one action."""

    def __init__(self, problems_name: str, action_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.problems_model = QStringListModel(self)
        self.problems_view = QListView()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setAccessibleName(problems_name)
        self.problems_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.action_button = self.buttons.addButton(
            action_text, QDialogButtonBox.ButtonRole.ActionRole
        )
        column = QVBoxLayout(self)
        column.addWidget(self.label)
        column.addWidget(self.problems_view, 1)
        column.addWidget(self.buttons)

    def succeeded(self, text: str, problems: Sequence[str]) -> None:
        """The task wrote its result: ``text``, the problems if any, the action enabled."""
        self.problems_model.setStringList(list(problems))
        self.problems_view.setVisible(bool(problems))
        self.action_button.setEnabled(True)
        self.label.setText(text)

    def stopped(self, text: str) -> None:
        """The task was cancelled or failed: ``text`` alone, nothing to open."""
        self.label.setText(text)
        self.problems_view.hide()
        self.action_button.setEnabled(False)
