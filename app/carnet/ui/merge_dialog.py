"""Merging a contribution package or another archive, and sharing one with the organiser.

``MergeDialog`` reads the source and makes the plan in the background (the dry run:
``carnet.merge.plan.make_plan``), shows what would change — new drawings, conflicts side
by side with a choice per field and for all, people who may be the same — then applies it
(``carnet.merge.apply.apply_plan``) on the task pool with progress and cancel.
``ShareDialog`` writes a package (``carnet.merge.package.write_package``) the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.events import list_events
from carnet.errors import Cancelled, CarnetError
from carnet.merge.apply import MergeSummary, apply_plan, undo_merge
from carnet.merge.package import ShareSummary, read_source, write_package
from carnet.merge.plan import FieldChange, MergePlan, field_label, make_plan
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say
from carnet.ui.progress import ProgressPage, cancel_task, is_running
from carnet.ui.tasks import Task

_Index = QModelIndex | QPersistentModelIndex


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return " ".join(str(value).split())[:200]


class ConflictModel(QAbstractTableModel):
    """The plan's conflicts: item, field, mine, theirs; the last column is checked to take
    theirs (unchecked keeps the archive's value)."""

    HEADERS = ("Item", "Field", "Mine", "Theirs")

    def __init__(self, conflicts: list[FieldChange], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts = conflicts
        self.theirs = [False] * len(conflicts)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Item"), self.tr("Field"), self.tr("Mine"), self.tr("Theirs")][section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self.conflicts[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [str(change.item_id), field_label(change.field), _show(change.mine),
                    _show(change.theirs)][column]  # fmt: skip
        if role == Qt.ItemDataRole.CheckStateRole and column in (2, 3):
            take = self.theirs[index.row()]
            checked = take if column == 3 else not take
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (2, 3):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() not in (2, 3):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.theirs[index.row()] = checked if index.column() == 3 else not checked
        row = index.row()
        self.dataChanged.emit(self.index(row, 2), self.index(row, 3))
        return True

    def choose_all(self, theirs: bool) -> None:
        self.theirs = [theirs] * len(self.conflicts)
        if self.conflicts:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.conflicts) - 1, 3))


class MergeDialog(QDialog):
    """Four pages: the source, the review of the plan, progress, summary."""

    merge_finished = Signal(object)

    def __init__(
        self,
        controller: ArchiveController,
        source: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.plan: MergePlan | None = None
        self.summary: MergeSummary | None = None
        self.task: Task | None = None
        self.conflicts = ConflictModel([], self)
        self.setWindowTitle(self.tr("Merge an archive or package"))
        self.setMinimumWidth(680)
        self.pages = QStackedWidget()
        QVBoxLayout(self).addWidget(self.pages)

        choose = QWidget()
        form = QFormLayout(choose)
        intro = QLabel(
            self.tr(
                "Bring in the drawings and descriptions of a contribution package or of "
                "another archive. You will see what changes before anything is written."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.source = QLineEdit(str(source) if source else "")
        self.source.setAccessibleName(self.tr("Package or archive"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.source, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Source"), row)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        form.addRow(self.problem_label)
        self.look_button = QPushButton(self.tr("Look"))
        self.look_button.setDefault(True)
        self.look_button.clicked.connect(self.look)
        form.addRow(self.look_button)
        self.pages.addWidget(choose)

        review = QWidget()
        box = QVBoxLayout(review)
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        box.addWidget(self.review_label)
        self.new_model = QStringListModel(self)
        self.new_view = QListView()
        self.new_view.setModel(self.new_model)
        self.new_view.setAccessibleName(self.tr("New drawings"))
        box.addWidget(self.new_view)
        self.conflict_view = QTableView()
        self.conflict_view.setModel(self.conflicts)
        self.conflict_view.setAccessibleName(self.tr("Conflicts"))
        box.addWidget(self.conflict_view)
        choices = QHBoxLayout()
        self.all_mine = QPushButton(self.tr("Keep mine for all"))
        self.all_mine.clicked.connect(lambda: self.conflicts.choose_all(False))
        self.all_theirs = QPushButton(self.tr("Take theirs for all"))
        self.all_theirs.clicked.connect(lambda: self.conflicts.choose_all(True))
        choices.addWidget(self.all_mine)
        choices.addWidget(self.all_theirs)
        choices.addStretch(1)
        box.addLayout(choices)
        self.people_model = QStringListModel(self)
        self.people_view = QListView()
        self.people_view.setModel(self.people_model)
        self.people_view.setAccessibleName(self.tr("People who may be the same"))
        box.addWidget(self.people_view)
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton(
            self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.pages.addWidget(review)

        self.progress_page = ProgressPage(self.tr("Merge progress"))
        self.progress_page.cancel_clicked.connect(self.cancel)
        self.pages.addWidget(self.progress_page)

        done = QWidget()
        done_box = QVBoxLayout(done)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        done_box.addWidget(self.summary_label)
        self.undo_button = QPushButton(self.tr("Undo this merge"))
        self.undo_button.setToolTip(
            self.tr("Restore the archive as it was before the merge, without the drawings it added")
        )
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        done_box.addWidget(self.undo_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        done_box.addWidget(close)
        self.pages.addWidget(done)

    @property
    def running(self) -> bool:
        return is_running(self.task)

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a package or an archive"))
        if chosen:
            self.source.setText(chosen)

    def look(self) -> None:
        """The dry run, in the background."""
        text = self.source.text().strip()
        if not text or self.running:
            return
        path, archive = Path(text).expanduser(), self.controller.archive
        self.problem_label.hide()
        self.progress_page.start(self.tr("Reading the source…"))
        self.pages.setCurrentIndex(2)
        self.task = self.controller.tasks.run(
            lambda: make_plan(archive, read_source(path)), self._on_plan_made, self._on_failed
        )

    def _on_plan_made(self, plan: MergePlan) -> None:
        self.plan = plan
        self.task = None
        if plan.empty:
            self.review_label.setText(self.tr("Already merged: nothing to change."))
        else:
            self.review_label.setText(
                self.tr("%n new drawing(s)", "", len(plan.new_items))
                + ", "
                + self.tr("%n field(s) updated", "", len(plan.updates))
                + ", "
                + self.tr("%n conflict(s)", "", len(plan.conflicts))
                + "."
            )
        self.new_model.setStringList(
            [str(i.values.get("original_name") or i.hash[:12]) for i in plan.new_items]
        )
        self.conflicts.beginResetModel()
        self.conflicts.conflicts = list(plan.conflicts)
        self.conflicts.theirs = [False] * len(plan.conflicts)
        self.conflicts.endResetModel()
        self.people_model.setStringList(
            [
                self.tr("%1 and %2: the same person? (not merged)")
                .replace("%1", p.theirs)
                .replace("%2", p.mine)
                for p in plan.people
            ]
        )
        self.merge_button.setEnabled(not plan.empty)
        self.pages.setCurrentIndex(1)

    def apply(self) -> None:
        if self.plan is None or self.running or self.controller.readonly:
            return
        plan = self.plan
        for change, theirs in zip(self.conflicts.conflicts, self.conflicts.theirs, strict=True):
            if theirs:
                plan.conflicts.remove(change)
                change.value = change.theirs
                plan.updates.append(change)
        archive = self.controller.archive
        self.progress_page.start(self.tr("Merging…"))
        self.pages.setCurrentIndex(2)

        def work(progress: Any, cancel: Any) -> MergeSummary:
            return apply_plan(archive, plan, progress=progress, cancel=cancel, keep_undo=True)

        self.task = self.controller.tasks.run(
            work,
            self._on_merged,
            self._on_failed,
            on_progress=lambda done, total: self.progress_page.advance(done, total, None),
            with_progress=True,
        )

    def cancel(self) -> None:
        cancel_task(self.task, self.progress_page, self.tr("Cancelling…"))

    def reject(self) -> None:
        if self.running:
            self.cancel()
            return
        super().reject()

    def _on_merged(self, summary: MergeSummary) -> None:
        self.summary = summary
        self.summary_label.setText(
            self.tr("%n new drawing(s)", "", summary.items_added)
            + ", "
            + self.tr("%n field(s) updated", "", summary.fields_updated)
            + ", "
            + self.tr("%n conflict(s) left for review", "", summary.conflicts)
            + "."
        )
        self.undo_button.setVisible(summary.undo is not None)
        self.undo_button.setEnabled(True)
        self.pages.setCurrentIndex(3)
        self.controller.notify_catalog()
        self.controller.schedule_search_sync()
        self.merge_finished.emit(summary)

    def undo(self) -> None:
        """Restore the archive as it was before the merge, in the background."""
        if self.summary is None or self.summary.undo is None or self.running:
            return
        archive, undo = self.controller.archive, self.summary.undo
        self.undo_button.setEnabled(False)
        self.task = self.controller.tasks.run(
            lambda: undo_merge(archive, undo), self._on_undone, self._on_failed
        )

    def _on_undone(self, _result: object) -> None:
        assert self.summary is not None
        self.summary.undo = None
        self.undo_button.hide()
        self.summary_label.setText(self.tr("The archive is as it was before the merge."))
        self.controller.notify_catalog()
        self.controller.schedule_search_sync()

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self.task = None
        if isinstance(exc, Cancelled):
            self.summary_label.setText(self.tr("Merge cancelled: the archive is as it was."))
            self.pages.setCurrentIndex(3)
        elif isinstance(exc, CarnetError):
            self.problem_label.setText(say(exc))
            self.problem_label.show()
            self.pages.setCurrentIndex(0)
        else:
            self.summary_label.setText(self.tr("The merge stopped: %1").replace("%1", say(exc)))
            self.pages.setCurrentIndex(3)
            self.controller.error_raised.emit(say(exc), details)


class ShareDialog(QDialog):
    """Write a contribution package of an event, with a progress bar."""

    share_finished = Signal(object)

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.task: Task | None = None
        self.summary: ShareSummary | None = None
        self.setWindowTitle(self.tr("Share with the organiser"))
        self.pages = QStackedWidget()
        QVBoxLayout(self).addWidget(self.pages)
        page = QWidget()
        form = QFormLayout(page)
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        for event in list_events(controller.db):
            self.event_combo.addItem(event.name, event.slug)
        form.addRow(self.tr("Event"), self.event_combo)
        self.illustrator = QLineEdit()
        self.illustrator.setAccessibleName(self.tr("Illustrator"))
        form.addRow(self.tr("Illustrator"), self.illustrator)
        self.originals = QCheckBox(self.tr("Include the originals"))
        self.originals.setChecked(True)
        form.addRow(self.originals)
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Package folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Folder"), row)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        form.addRow(self.problem_label)
        self.start_button = QPushButton(self.tr("Share"))
        self.start_button.clicked.connect(self.start)
        form.addRow(self.start_button)
        self.pages.addWidget(page)
        self.progress_page = ProgressPage(self.tr("Sharing progress"))
        self.progress_page.cancel_clicked.connect(self._on_cancel_clicked)
        self.pages.addWidget(self.progress_page)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.pages.addWidget(self.summary_label)

    def _on_browse_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Package folder"))
        if chosen:
            self.folder.setText(chosen)

    def _on_cancel_clicked(self) -> None:
        cancel_task(self.task, self.progress_page, self.tr("Cancelling…"))

    def start(self) -> None:
        slug = self.event_combo.currentData()
        text = self.folder.text().strip()
        if not slug or not text:
            return
        archive, out = self.controller.archive, Path(text).expanduser()
        illustrator = self.illustrator.text().strip() or None
        originals = self.originals.isChecked()
        self.progress_page.start(self.tr("Writing the package…"))
        self.pages.setCurrentIndex(1)

        def work(progress: Any, cancel: Any) -> ShareSummary:
            return write_package(
                archive,
                out,
                event=str(slug),
                illustrator=illustrator,
                originals=originals,
                progress=progress,
                cancel=cancel,
            )

        self.task = self.controller.tasks.run(
            work,
            self._on_shared,
            self._on_failed,
            on_progress=lambda done, total: self.progress_page.advance(done, total, None),
            with_progress=True,
        )

    def _on_shared(self, summary: ShareSummary) -> None:
        self.summary = summary
        self.summary_label.setText(
            self.tr("%n drawing(s) in the package", "", summary.items)
            + "\n"
            + self.tr("Folder: %1").replace("%1", str(summary.path))
        )
        self.pages.setCurrentIndex(2)
        self.share_finished.emit(summary)

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self.task = None
        self.problem_label.setText(say(exc))
        self.problem_label.show()
        self.pages.setCurrentIndex(0)
