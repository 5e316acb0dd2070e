"""Merging a contribution package or another archive, and sharing one with the organiser.

``MergeDialog`` reads the source and makes the plan in the background (the dry run:
``carnet.merge.plan.make_plan``), shows what would change — new drawings, conflicts side
by side with a choice per field and for all, people who may be the same
(``merge_review.py``) — then merges on the task pool with progress and cancel, as one step
of the window's Edit stack (``merge_undo.py``: Ctrl+Z restores the archive as before).
``ShareDialog`` writes a package (``carnet.merge.package.write_package``) the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.conflicts import session_names
from carnet.catalog.events import list_events
from carnet.errors import Cancelled, CarnetError
from carnet.merge.apply import MergeSummary
from carnet.merge.package import ShareSummary, read_source, write_package
from carnet.merge.plan import MergePlan, make_plan
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say
from carnet.ui.merge_review import (
    ICON,
    ConflictModel,
    NewItemModel,
    PeopleModel,
    SourcePictures,
    item_name,
)
from carnet.ui.merge_undo import MergeCommand
from carnet.ui.progress import ProgressPage, cancel_task, is_running
from carnet.ui.tasks import Task


class MergeDialog(QDialog):
    """Four pages: the source, the review of the plan, progress, summary.

    Window-modal: while it is open nothing else edits the archive, so the copy of the
    catalog the merge keeps for its undo is the archive as the user saw it.
    """

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
        self.command: MergeCommand | None = None
        self.task: Task | None = None
        self.pictures = SourcePictures(parent=self)
        self.conflicts = ConflictModel([], self)
        self.setWindowTitle(self.tr("Merge an archive or package"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(760)
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
        self.tabs = QTabWidget()
        box.addWidget(self.tabs, 1)

        self.no_pictures_label = QLabel()
        self.no_pictures_label.hide()
        self.new_model = NewItemModel(self.pictures, self)
        self.new_view = QListView()
        self.new_view.setModel(self.new_model)
        self.new_view.setViewMode(QListView.ViewMode.IconMode)
        self.new_view.setMovement(QListView.Movement.Static)
        self.new_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.new_view.setUniformItemSizes(True)
        self.new_view.setIconSize(QSize(ICON, ICON))
        self.new_view.setGridSize(QSize(ICON + 40, ICON + 36))
        self.new_view.setSpacing(4)
        self.new_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.new_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.new_view.setAccessibleName(self.tr("New drawings"))
        self._add_tab(self.no_pictures_label, self.new_view)

        conflict_help = QLabel(
            self.tr(
                "Both sides changed these fields. Tick the value to keep; the archive's "
                "stays unless you take theirs."
            )
        )
        self.conflict_view = QTableView()
        self.conflict_view.setModel(self.conflicts)
        self.conflict_view.setAccessibleName(self.tr("Conflicts"))
        self.conflict_view.setWordWrap(False)
        self.conflict_view.verticalHeader().hide()
        self.conflict_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.conflict_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 170)
        header.resizeSection(1, 110)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        choices = QHBoxLayout()
        self.all_mine = QPushButton(self.tr("Keep mine for all"))
        self.all_mine.clicked.connect(lambda: self.conflicts.choose_all(False))
        self.all_theirs = QPushButton(self.tr("Take theirs for all"))
        self.all_theirs.clicked.connect(lambda: self.conflicts.choose_all(True))
        choices.addWidget(self.all_mine)
        choices.addWidget(self.all_theirs)
        choices.addStretch(1)
        self._add_tab(conflict_help, self.conflict_view, choices)

        people_help = QLabel(
            self.tr(
                "These names may be one person spelled two ways. Tick those who are: "
                "they become one, under your spelling. The others stay apart."
            )
        )
        self.people_model = PeopleModel(self)
        self.people_view = QListView()
        self.people_view.setModel(self.people_model)
        self.people_view.setAccessibleName(self.tr("People who may be the same"))
        self._add_tab(people_help, self.people_view)

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
            self.tr(
                "Restore the archive as it was before the merge, without the drawings it "
                "added (Edit → Undo does the same)"
            )
        )
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        done_box.addLayout(undo_row)
        done_box.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        done_box.addWidget(close)
        self.pages.addWidget(done)

    def _add_tab(self, label: QLabel, view: QWidget, below: QHBoxLayout | None = None) -> None:
        """A tab of the review: ``label`` (wrapped) above ``view``, then ``below``; its
        title is set with the plan's counts."""
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        label.setWordWrap(True)
        box.addWidget(label)
        box.addWidget(view, 1)
        if below is not None:
            box.addLayout(below)
        self.tabs.addTab(page, "")

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

        def work() -> tuple[MergePlan, dict[str, str], dict[str, str]]:
            plan = make_plan(archive, read_source(path))
            # The names of the drawings and sessions in conflict, worked out here, not on
            # the GUI thread.
            names = {i.hash: item_name(i, "original_name") for i in plan.source.items}
            return plan, names, session_names(archive.db)

        self.task = self.controller.tasks.run(work, self._on_plan_made, self._on_failed)

    def _on_plan_made(self, made: tuple[MergePlan, dict[str, str], dict[str, str]]) -> None:
        plan, names, sessions = made
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
        if plan.without_original:
            self.no_pictures_label.setText(
                self.tr(
                    "%n drawing(s) of the source came without their original (a package "
                    "made without originals): there is no picture to show, and they are "
                    "not added. Their descriptions still update the drawings you have.",
                    "",
                    len(plan.without_original),
                )
            )
        self.no_pictures_label.setVisible(bool(plan.without_original))
        self.new_model.set_items(plan.new_items)
        self.conflicts.set_conflicts(
            plan.conflicts, names, plan.source.illustrator or plan.source.name, sessions
        )
        self.people_model.set_proposals(plan.people)
        self.tabs.setTabText(0, self.tr("New drawings (%n)", "", len(plan.new_items)))
        self.tabs.setTabText(1, self.tr("Conflicts (%n)", "", len(plan.conflicts)))
        self.tabs.setTabText(2, self.tr("People (%n)", "", len(plan.people)))
        self.tabs.setTabEnabled(2, bool(plan.people))
        if not plan.new_items and (plan.conflicts or plan.without_original):
            self.tabs.setCurrentIndex(1 if plan.conflicts else 0)
        self.merge_button.setEnabled(not plan.empty)
        self.pages.setCurrentIndex(1)
        # Room for the pictures and a dozen conflicts side by side, within the screen.
        screen = self.screen().availableGeometry()
        self.resize(
            max(self.width(), min(900, screen.width() - 80)),
            max(self.height(), min(640, screen.height() - 80)),
        )

    def apply(self) -> None:
        """Settle the conflicts as ticked and merge, in the background (one step of the
        window's Edit stack once done)."""
        if self.plan is None or self.running or self.controller.readonly:
            return
        plan = self.plan
        for change, theirs in zip(self.conflicts.conflicts, self.conflicts.theirs, strict=True):
            if theirs:
                plan.conflicts.remove(change)
                change.value = change.theirs
                plan.updates.append(change)
        self.pictures.clear()
        self.progress_page.start(self.tr("Merging…"))
        self.pages.setCurrentIndex(2)
        self.command = MergeCommand(
            self.controller,
            plan,
            plan.source.name,
            same_people=self.people_model.same_people(),
            window=self.parentWidget(),
        )
        self.command.signals.finished.connect(self._on_command_finished)
        self.task = self.command.start(
            lambda done, total: self.progress_page.advance(done, total, None), self._on_failed
        )

    def cancel(self) -> None:
        cancel_task(self.task, self.progress_page, self.tr("Cancelling…"))

    def reject(self) -> None:
        if self.running:
            self.cancel()
            return
        self.pictures.clear()
        super().reject()

    def _on_command_finished(self, what: str) -> None:
        command = self.command
        assert command is not None
        if what == "merged":
            self._on_merged(command)
        elif what == "undone":
            self.summary_label.setText(self.tr("The archive is as it was before the merge."))
        elif what == "redone":
            self.summary_label.setText(self.tr("Merged again."))
        self._update_undo_button()

    def _on_merged(self, command: MergeCommand) -> None:
        self.task = None
        summary = command.summary
        assert summary is not None
        self.summary = summary
        self.summary_label.setText(
            self.tr("%n new drawing(s)", "", summary.items_added)
            + ", "
            + self.tr("%n field(s) updated", "", summary.fields_updated)
            + ", "
            + self.tr("%n conflict(s) left for review", "", summary.conflicts)
            + "."
        )
        self.pages.setCurrentIndex(3)
        self.controller.schedule_search_sync()
        self.merge_finished.emit(summary)

    def _update_undo_button(self) -> None:
        command = self.command
        stack = self.controller.undo_stack
        on_top = (
            command is not None
            and command.merged
            and stack.index() > 0
            and stack.command(stack.index() - 1) is command
        )
        self.undo_button.setVisible(on_top)
        self.undo_button.setEnabled(on_top)

    def undo(self) -> None:
        """The same as Edit → Undo while this merge is the last step: restore the archive
        as it was before it, in the background."""
        command = self.command
        stack = self.controller.undo_stack
        if command is None or command.running or not command.merged:
            return
        if stack.index() > 0 and stack.command(stack.index() - 1) is command:
            self.undo_button.setEnabled(False)
            # Through the controller when it moves the stack itself (it refuses while an
            # edit is being saved), else through the stack.
            undo = getattr(self.controller, "undo", None)
            if callable(undo):
                undo()
            else:
                stack.undo()

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
