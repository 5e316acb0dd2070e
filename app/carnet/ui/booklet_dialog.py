"""The booklet dialog: print an event, one session or the selected drawings as a PDF.

The booklet is ``carnet.booklet.make_booklet`` run on the task pool with its own
``progress`` and ``cancel`` hooks, as the export does. A refusal the user can fix (no
drawing to print, a file inside the archive) sends them back to the first page with the
reason. When the PDF is written it opens in the system's viewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carnet.booklet import BookletOptions, BookletSummary, make_booklet
from carnet.catalog.events import get_event, list_events, list_sessions
from carnet.errors import Cancelled, CarnetError
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say
from carnet.ui.progress import (
    ProgressPage,
    ResultPage,
    cancel_task,
    is_running,
    problem_label,
    start_buttons,
)
from carnet.ui.tasks import Task

#: What the first combo box offers: the whole event, one session, the selection.
WHOLE_EVENT, ONE_SESSION, SELECTION = "event", "session", "selection"


def open_document(path: Path) -> bool:
    """Open a file in the system's viewer (one seam, which tests replace)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class BookletDialog(QDialog):
    """Three pages: what to print and how, progress, summary."""

    booklet_finished = Signal(object)

    def __init__(
        self,
        controller: ArchiveController,
        settings: QSettings,
        *,
        event_id: int | None = None,
        selected_ids: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.selected_ids = list(selected_ids)
        self.task: Task | None = None
        self.summary: BookletSummary | None = None
        self.cancelled = False
        self.setWindowTitle(self.tr("Print a booklet"))
        self.setMinimumWidth(560)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.pages.addWidget(self._build_choose_page(event_id))
        self.pages.addWidget(self._build_progress_page())
        self.pages.addWidget(self._build_summary_page())

        self.event_combo.currentIndexChanged.connect(self._on_event_combo_changed)
        self.scope.currentIndexChanged.connect(self._on_scope_changed)
        self._on_event_combo_changed(self.event_combo.currentIndex())
        if self.selected_ids:
            self.scope.setCurrentIndex(self.scope.findData(SELECTION))
        self._on_scope_changed(self.scope.currentIndex())
        if not self.event_combo.count():
            self.problem_label.setText(self.tr("This archive has no event yet: nothing to print."))
            self.problem_label.show()
            self.start_button.setEnabled(False)

    # ------------------------------------------------------------------ pages

    def _build_choose_page(self, event_id: int | None) -> QWidget:
        """Page 1: the event, what to print, the file, the paper and the options."""
        choose = QWidget()
        form = QFormLayout(choose)
        intro = QLabel(
            self.tr(
                "A PDF ready to print: a cover, the programme, each drawing on its own page "
                "with its caption and credits, an index and the licences. For exhibitions, "
                "the participants, the town hall and the library."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        for event in list_events(self.controller.db):
            self.event_combo.addItem(event.name, event.slug)
            if event.id == event_id:
                self.event_combo.setCurrentIndex(self.event_combo.count() - 1)
        form.addRow(self.tr("Event"), self.event_combo)
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("What to print"))
        self.scope.addItem(self.tr("The whole event"), WHOLE_EVENT)
        self.scope.addItem(self.tr("One session"), ONE_SESSION)
        if self.selected_ids:
            self.scope.addItem(
                self.tr("The %n selected drawing(s)", "", len(self.selected_ids)), SELECTION
            )
        form.addRow(self.tr("Print"), self.scope)
        self.session_combo = QComboBox()
        self.session_combo.setAccessibleName(self.tr("Session"))
        form.addRow(self.tr("Session"), self.session_combo)
        self.file = QLineEdit()
        self.file.setAccessibleName(self.tr("PDF file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName(self.tr("Choose the PDF file"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        form.addRow(self.tr("File"), row)
        self.paper = QComboBox()
        self.paper.setAccessibleName(self.tr("Paper size"))
        for label, value in (("A4", "A4"), ("A5", "A5"), (self.tr("US Letter"), "letter")):
            self.paper.addItem(label, value)
        form.addRow(self.tr("Paper"), self.paper)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language of the booklet"))
        self.language.addItem(self.tr("The event's language"), None)
        self.language.addItem(self.tr("French"), "fr")
        self.language.addItem(self.tr("English"), "en")
        form.addRow(self.tr("Language"), self.language)
        self.large_print = QCheckBox(
            self.tr("Large print: bigger type and high contrast, for readers with low vision")
        )
        self.unpublished = QCheckBox(self.tr("Also print drawings that are not published"))
        for check in (self.large_print, self.unpublished):
            check.setAccessibleName(check.text())
            form.addRow(check)
        self.problem_label = problem_label("bookletProblem")
        form.addRow(self.problem_label)
        self.choose_buttons, self.start_button = start_buttons(self.tr("Print to PDF"))
        self.choose_buttons.accepted.connect(self.start)
        self.choose_buttons.rejected.connect(self.reject)
        form.addRow(self.choose_buttons)
        return choose

    def _build_progress_page(self) -> QWidget:
        """Page 2: progress, with a Cancel button."""
        self.progress_page = ProgressPage(self.tr("Booklet progress"))
        self.progress_page.cancel_clicked.connect(self.cancel)
        self.progress = self.progress_page.bar
        return self.progress_page

    def _build_summary_page(self) -> QWidget:
        """Page 3: what was written, the problems met, and a way to open it."""
        self.result_page = ResultPage(self.tr("Problems"), self.tr("Open the PDF"))
        self.summary_label = self.result_page.label
        self.problems_model = self.result_page.problems_model
        self.problems_view = self.result_page.problems_view
        self.done_buttons = self.result_page.buttons
        self.open_button = self.result_page.action_button
        self.open_button.clicked.connect(self.open_result)
        self.done_buttons.rejected.connect(self.accept)
        return self.result_page

    # ------------------------------------------------------------------ choosing

    def _default_file(self, slug: str) -> Path:
        remembered = self.settings.value(f"booklet/{slug}/file")
        if remembered:
            return Path(str(remembered))
        # Beside the archive, never inside it (the booklet refuses that).
        return self.controller.archive.root.resolve().parent / f"{slug}-booklet.pdf"

    def _on_event_combo_changed(self, _index: int) -> None:
        slug = self.event_combo.currentData()
        self.session_combo.clear()
        if not slug:
            return
        self.file.setText(str(self._default_file(str(slug))))
        event = get_event(self.controller.db, str(slug))
        for session in list_sessions(self.controller.db, event.id):
            start = session.start.astimezone(event.tz)
            self.session_combo.addItem(f"{start:%d/%m %H:%M} {session.title}", session.id)

    def _on_scope_changed(self, _index: int) -> None:
        self.session_combo.setEnabled(self.scope.currentData() == ONE_SESSION)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Booklet file"), self.file.text(), self.tr("PDF documents (*.pdf)")
        )
        if path:
            self.file.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def options(self) -> BookletOptions:
        scope = self.scope.currentData()
        session = self.session_combo.currentData()
        return BookletOptions(
            language=self.language.currentData(),
            paper=str(self.paper.currentData()),
            sessions=[int(session)] if scope == ONE_SESSION and session is not None else [],
            items=list(self.selected_ids) if scope == SELECTION else [],
            include_unpublished=self.unpublished.isChecked(),
            large_print=self.large_print.isChecked(),
        )

    @property
    def out(self) -> Path:
        return Path(self.file.text().strip()).expanduser()

    # ------------------------------------------------------------------ running

    def start(self) -> None:
        slug = self.event_combo.currentData()
        if not slug or not self.file.text().strip() or self.running:
            return
        archive, out, options = self.controller.archive, self.out, self.options()
        self.problem_label.hide()
        self.cancelled = False
        self.progress_page.start(self.tr("Preparing the booklet…"))
        self.pages.setCurrentIndex(1)

        def work(progress: Any, cancel: Any) -> BookletSummary:
            return make_booklet(archive, str(slug), out, options, progress=progress, cancel=cancel)

        self.task = self.controller.tasks.run(
            work,
            self._on_task_succeeded,
            self._on_task_failed,
            on_progress=self._on_task_progressed,
            with_progress=True,
        )

    @property
    def running(self) -> bool:
        return is_running(self.task)

    def cancel(self) -> None:
        cancel_task(self.task, self.progress_page, self.tr("Cancelling…"))

    def reject(self) -> None:
        if self.running:
            self.cancel()  # closing the dialog mid-way cancels the booklet, never abandons it
            return
        super().reject()

    def _on_task_progressed(self, done: int, total: int) -> None:
        cancelling = self.task is not None and self.task.cancel.is_set()
        drawings = max(total - 1, 0)
        if done >= drawings:
            text = self.tr("Writing the PDF…")
        else:
            text = self.tr("%n of %1 drawings", "", done).replace("%1", str(drawings))
        self.progress_page.advance(done, total, None if cancelling else text)

    def _on_task_succeeded(self, summary: BookletSummary) -> None:
        self.summary = summary
        slug = self.event_combo.currentData()
        self.settings.setValue(f"booklet/{slug}/file", str(summary.out))
        text = (
            self.tr("%n drawing(s) printed", "", summary.drawings)
            + ", "
            + self.tr("%n page(s)", "", summary.pages)
            + "."
        )
        text += "\n" + self.tr("File: %1").replace("%1", str(summary.out))
        problems = [say(problem) for problem in summary.problems]  # they come in English
        self.result_page.succeeded(text, problems)
        self.pages.setCurrentIndex(2)
        self.booklet_finished.emit(summary)
        self.open_result()

    def _on_task_failed(self, exc: BaseException, details: str) -> None:
        if isinstance(exc, Cancelled):
            self.cancelled = True
            self.result_page.stopped(self.tr("Booklet cancelled: no file was written."))
            self.pages.setCurrentIndex(2)
        elif isinstance(exc, CarnetError):
            # Something the user can change on the first page: say it there.
            self.task = None
            self._show_problem(say(exc))
        else:
            self.result_page.stopped(self.tr("The booklet stopped: %1").replace("%1", say(exc)))
            self.pages.setCurrentIndex(2)
            self.controller.error_raised.emit(say(exc), details)

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
        self.pages.setCurrentIndex(0)

    def open_result(self) -> None:
        if self.summary is not None:
            open_document(self.summary.out)
