"""The export dialog: write an event's archive kit, follow the progress, open the result.

The export is ``carnet.kit.export_kit`` run on the task pool with its own ``progress`` and
``cancel`` hooks (the window stays usable). A refusal the user can fix (a folder that holds
other files, a folder inside the archive) sends them back to the first page with the reason;
an unexpected failure is shown once, with details, by the window. When the kit is written
its ``index.html`` opens in the system browser.
"""

from __future__ import annotations

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

from carnet.catalog.events import list_events
from carnet.errors import Cancelled, CarnetError
from carnet.kit.export import ExportOptions, ExportSummary, export_kit
from carnet.kit.writer import STATE_NAME
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


def holds_other_files(folder: Path) -> bool:
    """True when ``folder`` has files and is not a kit Carnet wrote before."""
    try:
        return folder.is_dir() and any(folder.iterdir()) and not (folder / STATE_NAME).is_file()
    except OSError:
        return False  # the export itself will say what is wrong with it


def open_in_browser(path: Path) -> bool:
    """Open a local file in the system browser (one seam, which tests replace)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class ExportDialog(QDialog):
    """Three pages: what to export and where, progress, summary."""

    export_finished = Signal(object)

    def __init__(
        self,
        controller: ArchiveController,
        settings: QSettings,
        *,
        event_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.task: Task | None = None
        self.summary: ExportSummary | None = None
        self.cancelled = False
        self.setWindowTitle(self.tr("Export the archive kit"))
        self.setMinimumWidth(560)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.pages.addWidget(self._build_choose_page(event_id))
        self.pages.addWidget(self._build_progress_page())
        self.pages.addWidget(self._build_summary_page())

        self.event_combo.currentIndexChanged.connect(self._on_event_combo_changed)
        self._on_event_combo_changed(self.event_combo.currentIndex())
        if not self.event_combo.count():
            self.problem_label.setText(self.tr("This archive has no event yet: nothing to export."))
            self.problem_label.show()
            self.start_button.setEnabled(False)

    # ------------------------------------------------------------------ pages

    def _build_choose_page(self, event_id: int | None) -> QWidget:
        """Page 1: the event, the folder, the language and the options."""
        choose = QWidget()
        form = QFormLayout(choose)
        intro = QLabel(
            self.tr(
                "The kit is a static website of the event's published drawings, with its "
                "own search: it works offline and can be put on any web server."
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
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Output folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName(self.tr("Choose the output folder"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Folder"), row)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language of the pages"))
        self.language.addItem(self.tr("The event's language"), None)
        self.language.addItem(self.tr("French"), "fr")
        self.language.addItem(self.tr("English"), "en")
        form.addRow(self.tr("Language"), self.language)
        self.zip = QCheckBox(self.tr("Also write a zip file"))
        self.originals = QCheckBox(self.tr("Include the original files"))
        self.force = QCheckBox(
            self.tr("Write into a folder that holds other files (they are kept)")
        )
        for box in (self.zip, self.originals, self.force):
            box.setAccessibleName(box.text())
            form.addRow(box)
        self.problem_label = problem_label("exportProblem")
        form.addRow(self.problem_label)
        self.choose_buttons, self.start_button = start_buttons(self.tr("Export"))
        self.choose_buttons.accepted.connect(self.start)
        self.choose_buttons.rejected.connect(self.reject)
        form.addRow(self.choose_buttons)
        return choose

    def _build_progress_page(self) -> QWidget:
        """Page 2: progress, with a Cancel button."""
        self.progress_page = ProgressPage(self.tr("Export progress"))
        self.progress_page.cancel_clicked.connect(self.cancel)
        self.progress = self.progress_page.bar
        return self.progress_page

    def _build_summary_page(self) -> QWidget:
        """Page 3: what was written, the problems met, and a way to open the kit."""
        self.result_page = ResultPage(self.tr("Problems"), self.tr("Open in browser"))
        self.summary_label = self.result_page.label
        self.problems_model = self.result_page.problems_model
        self.problems_view = self.result_page.problems_view
        self.done_buttons = self.result_page.buttons
        self.open_button = self.result_page.action_button
        self.open_button.clicked.connect(self.open_result)
        self.done_buttons.rejected.connect(self.accept)
        return self.result_page

    # ------------------------------------------------------------------ choosing

    def _default_folder(self, slug: str) -> Path:
        remembered = self.settings.value(f"export/{slug}/folder")
        if remembered:
            return Path(str(remembered))
        # Beside the archive, never inside it (the kit refuses that).
        return self.controller.archive.root.resolve().parent / f"{slug}-kit"

    def _on_event_combo_changed(self, _index: int) -> None:
        slug = self.event_combo.currentData()
        if slug:
            self.folder.setText(str(self._default_folder(str(slug))))

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder of the kit"), self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def options(self) -> ExportOptions:
        return ExportOptions(
            language=self.language.currentData(),
            originals=self.originals.isChecked(),
            zip=self.zip.isChecked(),
            force=self.force.isChecked(),
        )

    @property
    def out(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    # ------------------------------------------------------------------ running

    def start(self) -> None:
        slug = self.event_combo.currentData()
        if not slug or not self.folder.text().strip() or self.running:
            return
        archive, out, options = self.controller.archive, self.out, self.options()
        if not options.force and holds_other_files(out):
            # Said here in the user's words; the core refuses it too, in the CLI's words.
            self._show_problem(
                self.tr(
                    "%1 already holds other files. Choose an empty folder, or tick "
                    "“Write into a folder that holds other files”."
                ).replace("%1", str(out))
            )
            return
        self.problem_label.hide()
        self.cancelled = False
        self.progress_page.start(self.tr("Preparing the kit…"))
        self.pages.setCurrentIndex(1)

        def work(progress: Any, cancel: Any) -> ExportSummary:
            return export_kit(archive, str(slug), out, options, progress=progress, cancel=cancel)

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
            self.cancel()  # closing the dialog mid-export cancels it, never abandons it
            return
        super().reject()

    def _on_task_progressed(self, done: int, total: int) -> None:
        cancelling = self.task is not None and self.task.cancel.is_set()
        # The export counts one step more than there are drawings: its end.
        text = self.tr("%n of %1 drawings", "", min(done, total - 1)).replace(
            "%1", str(max(total - 1, 0))
        )
        self.progress_page.advance(done, total, None if cancelling else text)

    def _on_task_succeeded(self, summary: ExportSummary) -> None:
        self.summary = summary
        slug = self.event_combo.currentData()
        self.settings.setValue(f"export/{slug}/folder", str(summary.out))
        text = (
            self.tr("%n drawing(s) exported", "", summary.items)
            + ", "
            + self.tr("%n page(s)", "", summary.pages)
        )
        text += " " + self.tr("(%1 written, %2 unchanged, %3 removed).")
        text = (
            text.replace("%1", str(summary.written))
            .replace("%2", str(summary.unchanged))
            .replace("%3", str(summary.removed))
        )
        text += "\n" + self.tr("Folder: %1").replace("%1", str(summary.out))
        if summary.zip_path is not None:
            text += "\n" + self.tr("Zip file: %1").replace("%1", str(summary.zip_path))
        if not summary.items:
            text += "\n" + self.tr("No drawing of this event is published: the kit is empty.")
        problems = [say(problem) for problem in summary.problems]  # they come in English
        problems += [
            self.tr("Missing preview regenerated for item %1").replace("%1", str(item_id))
            for item_id in summary.regenerated
        ]
        if summary.foreign:
            problems.append(
                self.tr(
                    "%n file(s) Carnet did not write were kept in the folder",
                    "",
                    len(summary.foreign),
                )
            )
        self.result_page.succeeded(text, problems)
        self.pages.setCurrentIndex(2)
        self.export_finished.emit(summary)
        self.open_result()

    def _on_task_failed(self, exc: BaseException, details: str) -> None:
        if isinstance(exc, Cancelled):
            self.cancelled = True
            self.result_page.stopped(
                self.tr("Export cancelled. Export again to the same folder to complete the kit.")
            )
            self.pages.setCurrentIndex(2)
        elif isinstance(exc, CarnetError):
            # Something the user can change on the first page: say it there.
            self.task = None
            self._show_problem(say(exc))
        else:
            self.result_page.stopped(self.tr("The export stopped: %1").replace("%1", say(exc)))
            self.pages.setCurrentIndex(2)
            self.controller.error_raised.emit(say(exc), details)

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
        self.pages.setCurrentIndex(0)

    def open_result(self) -> None:
        if self.summary is not None:
            open_in_browser(self.summary.out / "index.html")
