"""The desktop application: settings, language, and which window is open on which archive.

``CarnetApp`` is built once by ``run_gui`` (or by a test, with its own ``QSettings``) and
passed down; nothing here is global. Opening an archive that another process is writing
opens it read-only and says who holds it.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from carnet import carnet_version
from carnet.catalog.archive import Archive
from carnet.errors import ArchiveLocked, CarnetError, DiskFull, ReadOnlyMedia
from carnet.resources import resource_path
from carnet.ui.controller import ArchiveController
from carnet.ui.errors import show_error
from carnet.ui.i18n import Translations, say
from carnet.ui.main_window import MainWindow
from carnet.ui.undo import retranslate
from carnet.ui.welcome import WelcomeWidget

log = logging.getLogger(__name__)

MAX_RECENT = 8


def default_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Carnet", "Carnet")


def demo_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home()) / "Forum.carnet"


class CarnetApp(QObject):
    """Owns the open window (main window or welcome screen) and the archive's controller."""

    def __init__(self, settings: QSettings, *, import_jobs: int = 0) -> None:
        super().__init__()
        self.settings = settings
        self.import_jobs = import_jobs
        self.translations = Translations()
        self.translations.install(str(settings.value("language", "")))
        self.controller: ArchiveController | None = None
        self.window: MainWindow | None = None
        self.welcome: WelcomeWidget | None = None

    # ------------------------------------------------------------------ windows

    @property
    def top(self) -> QWidget | None:
        return self.window or self.welcome

    def start(self, path: Path | None = None, to_import: list[Path] | None = None) -> None:
        """Open ``path``, else the last archive, else the welcome screen.

        ``to_import`` are files handed over by the desktop (opening photos "with Carnet"):
        the import dialog opens with them once an archive is open.
        """
        if path is None:
            recent = self.recent()
            if recent and Path(recent[0]).is_dir():
                path = Path(recent[0])
        if path is None or not self.open_archive(path):
            self.show_welcome()
            if to_import:
                log.warning("no archive open: %d file(s) not imported", len(to_import))
            return
        if to_import and self.window is not None and not self.window.controller.readonly:
            self.window.open_import_dialog(to_import)

    def show_welcome(self) -> None:
        self.close_archive()
        self.welcome = WelcomeWidget(self.recent())
        self.welcome.new_requested.connect(self.ask_new_archive)
        self.welcome.open_requested.connect(self.ask_open_archive)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_chosen.connect(lambda p: self.open_archive(Path(p)))
        self.welcome.show()

    def open_archive(self, path: Path, *, create: bool = False) -> bool:
        holder = None
        unwritable = None
        try:
            if create:
                archive = Archive.create(path)
            else:
                try:
                    archive = Archive.open(path)
                except ArchiveLocked as locked:
                    archive = Archive.open(path, readonly=True)
                    holder = say(locked)
                except (ReadOnlyMedia, DiskFull) as refused:
                    # A DVD, a write-protected stick, a backup mounted read-only, a full
                    # disk: the archive can still be browsed, searched and exported.
                    archive = Archive.open(path, readonly=True)
                    unwritable = say(refused)
        except CarnetError as exc:
            show_error(self.top, say(exc))
            return False
        self.close_archive()
        self.controller = ArchiveController(archive, holder=holder)
        self._show_window()
        self.remember(path)
        if holder:
            QMessageBox.information(
                self.window,
                self.tr("Opened read-only"),
                self.tr(
                    "This archive is being written by another Carnet (%1). It is open read-only: you can browse and search, not edit."  # noqa: E501
                ).replace("%1", holder),
            )
        elif unwritable:
            QMessageBox.information(
                self.window,
                self.tr("Opened read-only"),
                self.tr(
                    "This archive cannot be written here (%1). It is open read-only: you can browse, search and export, not edit."  # noqa: E501
                ).replace("%1", unwritable),
            )
        return True

    def _show_window(self) -> None:
        assert self.controller is not None
        if self.welcome is not None:
            self.welcome.close()
            self.welcome = None
        window = MainWindow(self.controller, self.settings, import_jobs=self.import_jobs)
        window.open_archive_requested.connect(self.ask_open_archive)
        window.new_archive_requested.connect(self.ask_new_archive)
        window.preferences_requested.connect(self.open_preferences)
        window.close_archive_requested.connect(self.show_welcome)
        window.open_for_editing_requested.connect(self.open_for_editing)
        self.window = window
        window.show()
        self.controller.start_search()
        # A full garbage collection walks every tracked object: 35-40 ms with a window on
        # 100,000 items, a visible stall if it comes while the grid scrolls. What exists
        # now (modules, the window) lives as long as the window; freezing it leaves later
        # collections only the objects made since. Undone when the window closes.
        gc.freeze()

    def open_for_editing(self) -> bool:
        """Open the read-only window's archive again, for writing (its writer has left)."""
        if self.controller is None:
            return False
        return self.open_archive(self.controller.archive.root)

    def close_archive(self) -> None:
        gc.unfreeze()  # the closing window's objects can be collected again
        if self.window is not None:
            self.window.save_layout()
            self.window.shutdown()
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.controller is not None:
            self.controller.close()
            self.controller = None

    def set_language(self, language: str) -> None:
        """Switch language now: the window is rebuilt in the new language on the same archive."""
        self.settings.setValue("language", language)
        self.translations.install(language)
        if self.controller is not None:  # the undo stack outlives the window
            retranslate(self.controller.undo_stack)
        if self.window is not None and self.controller is not None:
            self.window.save_layout()
            self.window.shutdown()
            self.window.close()
            self.window.deleteLater()
            self.window = None
            self._show_window()
        elif self.welcome is not None:
            self.show_welcome()

    # ------------------------------------------------------------------ dialogs

    def ask_open_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.top, self.tr("Open archive"))
        if folder:
            self.open_archive(Path(folder))

    def ask_new_archive(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.top, self.tr("New archive"), "Archive.carnet")
        if name:
            path = Path(name)
            if path.suffix != ".carnet":
                path = path.with_name(path.name + ".carnet")
            # A new archive starts with its event: the form comes straight after.
            if self.open_archive(path, create=True) and self.window is not None:
                self.window.curation.new_event()

    def open_demo(self) -> None:
        from carnet.ui.demo import build_demo_then

        path = demo_path()
        if path.is_dir():
            self.open_archive(path)
        else:
            build_demo_then(self.top, path, lambda: self.open_archive(path))

    def open_preferences(self) -> None:
        from carnet.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self.translations.language, parent=self.window)
        dialog.language_chosen.connect(self.set_language)
        dialog.open()

    # ------------------------------------------------------------------ recent archives

    def recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):  # QSettings gives a list of one as a plain string
            return [value]
        if isinstance(value, list):
            return [str(v) for v in value]
        return []

    def remember(self, path: Path) -> None:
        text = str(Path(path).resolve())
        recent = [text] + [p for p in self.recent() if p != text]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self.settings.sync()


def run_gui(path: Path | None = None, to_import: list[Path] | None = None) -> int:
    """The ``carnet gui`` command: start Qt, open ``path`` or the last archive, run."""
    from carnet.ui.errors import install_excepthook, start_log_file

    app = QApplication.instance() or QApplication([])
    QApplication.setApplicationName("Carnet")
    QApplication.setOrganizationName("Carnet")
    QApplication.setApplicationDisplayName("Carnet")
    QApplication.setApplicationVersion(carnet_version())
    # The name of packaging/linux/org.carnet.Carnet.desktop: the desktop shell matches
    # windows to it, and shows the icon drawn for Carnet.
    QGuiApplication.setDesktopFileName("org.carnet.Carnet")
    QApplication.setWindowIcon(QIcon(str(resource_path("icons", "carnet.svg"))))
    data = QStandardPaths.StandardLocation.AppLocalDataLocation
    start_log_file(Path(QStandardPaths.writableLocation(data)))
    carnet = CarnetApp(default_settings())
    install_excepthook(lambda: carnet.top)
    carnet.start(path, to_import)
    code = app.exec()
    carnet.close_archive()
    return int(code)
