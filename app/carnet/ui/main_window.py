"""The main window: sidebar, thumbnail grid (or viewer), inspector, status bar, menus."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QInputDialog,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from carnet import carnet_version
from carnet.catalog.browse import ItemFilter
from carnet.catalog.saved_searches import save_search
from carnet.catalog.trash import empty_trash, trash_count
from carnet.errors import CarnetError
from carnet.ui.booklet_dialog import BookletDialog
from carnet.ui.conflicts_dialog import ConflictsDialog
from carnet.ui.controller import ArchiveController
from carnet.ui.correction import CropMarginsDialog
from carnet.ui.covers import CoverActions
from carnet.ui.curation import CurationActions
from carnet.ui.delegate import ThumbnailDelegate
from carnet.ui.dragdrop import SidebarDrops
from carnet.ui.errors import show_error
from carnet.ui.export_dialog import ExportDialog
from carnet.ui.geometry import first_geometry
from carnet.ui.i18n import say
from carnet.ui.import_dialog import ImportDialog
from carnet.ui.inspector import InspectorPanel
from carnet.ui.lettering import read_after_import
from carnet.ui.merge_dialog import MergeDialog, ShareDialog
from carnet.ui.models import ItemGridModel, Roles
from carnet.ui.refresh import Refresher, View, Wanted, read_view
from carnet.ui.reveal import original_of, show_in_folder
from carnet.ui.search_adapter import SearchOutcome
from carnet.ui.searchbar import SearchField
from carnet.ui.shortcuts import ShortcutsDialog, shortcut_rows
from carnet.ui.sidebar import SidebarModel, SidebarView
from carnet.ui.thumbnails import budget_for
from carnet.ui.undo import CorrectCommand, RotateCommand, TrashCommand
from carnet.ui.viewer import ViewerPanel


class ItemGridView(QListView):
    """The thumbnail grid: icon mode, uniform cells, batched layout for large archives."""

    #: The grid's size changed (the thumbnails it keeps follow: ``budget_for``).
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(2000)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(2)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setAccessibleName(self.tr("Items"))
        self.setWordWrap(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class MainWindow(QMainWindow):
    """One window on one archive (see the module docstring)."""

    open_archive_requested = Signal()
    new_archive_requested = Signal()
    preferences_requested = Signal()
    close_archive_requested = Signal()
    #: The read-only window's user asks to edit, now that the other Carnet closed it.
    open_for_editing_requested = Signal()

    #: From how many items (live and trashed, as last counted) what the window shows after
    #: a change is read on a worker (``refresh.Refresher``): below, reading it takes a
    #: frame or two on the GUI thread, and the result shows at once.
    REFRESH_WORKER_FROM = 5000

    def __init__(
        self,
        controller: ArchiveController,
        settings: QSettings,
        *,
        import_jobs: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.import_jobs = import_jobs
        self.filter: ItemFilter = ItemFilter("all")
        self.search_outcome: SearchOutcome | None = None
        self.sort = str(settings.value("grid/sort", "captured"))
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.booklet_dialog: BookletDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")
        #: Shown while a batch edit is written on a worker (made the first time).
        self.busy_bar: QProgressBar | None = None
        #: How many items the archive had when last counted (``REFRESH_WORKER_FROM``).
        self.known_items = 0
        self.refresh_worker_from = self.REFRESH_WORKER_FROM
        self.refresher = Refresher(controller.db.path, controller.tasks, self)
        self.refresher.ready.connect(self._show_view)
        self.refresher.on_failure = self._on_refresher_failed

        self._build_centre()
        toolbar = self._build_toolbar()
        self._build_status_bar()
        self._build_actions()
        self.curation = CurationActions(controller, self.sidebar, self)
        self._build_menus()
        self._fill_toolbar(toolbar)
        self._connect_signals()
        self.covers = CoverActions(self, self.edit_menu)
        self.drops = SidebarDrops(self)  # drawings dragged onto the sidebar

        self._update_title()
        if controller.readonly:
            self.readonly_label.setText(self.tr("Read-only"))
        if controller.follower is not None:
            # Followed while on screen; minimised or hidden, the next look waits.
            controller.follower.wanted = lambda: self.isVisible() and not self.isMinimized()
            controller.follower.writer_changed.connect(self._on_follower_writer_changed)
            # A writer killed between a correction's commit and its files leaves the
            # thumbnail as it was: those of the items it changed are checked again.
            controller.follower.changed.connect(controller.thumbnails.recheck)
        if not controller.readonly:
            # A thumbnail made with other corrections than its drawing's (a correction
            # killed before its files were rewritten) is made again, in the background.
            controller.thumbnails.stale_seen.connect(self._on_thumbnails_stale_seen)
        self.refresh_catalog()
        self.sidebar.expand_headers()
        self.restore_layout()
        if controller.busy:  # rebuilt (a language switch) while a batch is being written
            self._on_controller_busy_changed(True)

    # ------------------------------------------------------------------ building

    def _build_centre(self) -> None:
        """The sidebar, the grid (or the viewer) and the inspector, side by side."""
        self.model = ItemGridModel(self.controller.rows, self.controller.thumbnails, parent=self)
        self.grid = ItemGridView()
        # str() first: QSettings gives the int back as text from an INI file.
        self.delegate = ThumbnailDelegate(
            int(str(self.settings.value("grid/size", 180))), self.grid
        )
        self.grid.setItemDelegate(self.delegate)
        self.grid.setModel(self.model)
        self.viewer = ViewerPanel(self.controller)
        self.centre = QStackedWidget()
        self.centre.addWidget(self.grid)
        self.centre.addWidget(self.viewer)
        self.sidebar_model = SidebarModel(self)
        self.sidebar = SidebarView()
        self.sidebar.setModel(self.sidebar_model)
        self.inspector = InspectorPanel(self.controller)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(self.inspector)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 800, 320])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def _build_toolbar(self) -> QToolBar:
        """The toolbar and its own widgets (search, sort, size); actions come later."""
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.search = SearchField(self.controller)
        self.sort_combo = QComboBox()
        self.sort_combo.setAccessibleName(self.tr("Sort by"))
        for key, label in (
            ("captured", self.tr("Capture time")),
            ("imported", self.tr("Import time")),
            ("title", self.tr("Title")),
        ):
            self.sort_combo.addItem(label, key)
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(self.sort)))
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(100, 320)
        self.size_slider.setValue(self.delegate.cell_size)
        self.size_slider.setFixedWidth(120)
        self.size_slider.setAccessibleName(self.tr("Thumbnail size"))
        return toolbar

    def _build_status_bar(self) -> None:
        self.count_label = QLabel()
        self.readonly_label = QLabel()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.readonly_label)
        self.edit_button = QPushButton(self.tr("Open for editing"))
        self.edit_button.setToolTip(self.tr("The other Carnet closed this archive: edit it here"))
        self.edit_button.clicked.connect(self.open_for_editing_requested.emit)
        self.edit_button.hide()
        self.statusBar().addPermanentWidget(self.edit_button)

    def _connect_signals(self) -> None:
        self.sidebar.action_chosen.connect(self._on_sidebar_action_chosen)
        self.grid.selectionModel().selectionChanged.connect(self._on_grid_selection_changed)
        self.grid.doubleClicked.connect(self._on_grid_double_clicked)
        self.model.modelReset.connect(self._update_counts)
        self.search.search_finished.connect(self._on_search_finished)
        self.search.search_cleared.connect(self._on_search_cleared)
        self.sort_combo.currentIndexChanged.connect(self._on_sort_combo_changed)
        self.size_slider.valueChanged.connect(self._on_size_slider_changed)
        self.grid.resized.connect(self._fit_thumbnails)
        self.viewer.closed.connect(self.close_viewer)
        self.viewer.current_changed.connect(self._on_viewer_current_changed)
        self.inspector.edit_refused.connect(self._on_inspector_edit_refused)
        self.controller.items_changed.connect(self._on_controller_items_changed)
        self.controller.catalog_changed.connect(self.refresh_catalog)
        self.controller.error_raised.connect(self._on_controller_error_raised)
        self.controller.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.controller.busy_changed.connect(self._on_controller_busy_changed)

    # ------------------------------------------------------------------ actions

    def _action(self, text: str, slot: Any, shortcut: Any = None, *, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setObjectName(name)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        """Every action of the window; menus, toolbar and grid then share them."""
        self._build_undo_actions()
        self._build_file_actions()
        self._build_edit_actions()
        self._build_view_actions()
        self._build_grid_actions()

    def _build_undo_actions(self) -> None:
        keys = QKeySequence.StandardKey
        stack = self.controller.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(keys.Undo)
        self.redo_action = stack.createRedoAction(self, self.tr("Redo"))
        # Both ways people press Redo, each once: Qt's own Redo key on X11 is Ctrl+Shift+Z
        # again, and a key given twice to one action is "ambiguous" and does nothing.
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.disconnect()
        self.redo_action.triggered.connect(self.redo)

    def _build_file_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.import_action = self._action(
            self.tr("Import…"), self.open_import_dialog, QKeySequence("Ctrl+I"), name="import"
        )
        self.export_action = self._action(
            self.tr("Export kit…"), self.open_export_dialog, QKeySequence("Ctrl+E"), name="export"
        )
        self.booklet_action = self._action(
            self.tr("Print a booklet…"), self.open_booklet_dialog, name="booklet"
        )
        self.booklet_action.setToolTip(self.tr("Print the drawings of an event as a PDF booklet"))
        self.merge_action = self._action(
            self.tr("Merge an archive or package…"), self.open_merge_dialog, name="merge"
        )
        self.share_action = self._action(
            self.tr("Share with the organiser…"), self.open_share_dialog, name="share"
        )
        self.new_action = self._action(
            self.tr("New archive…"), self.new_archive_requested.emit, keys.New
        )
        self.open_action = self._action(
            self.tr("Open archive…"), self.open_archive_requested.emit, keys.Open
        )
        self.close_action = self._action(
            self.tr("Close archive"), self.close_archive_requested.emit, keys.Close
        )
        self.quit_action = self._action(self.tr("Quit"), self.close, keys.Quit)

    def _build_edit_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.trash_action = self._action(
            self.tr("Move to trash"),
            self.trash_selection,
            [QKeySequence(keys.Delete), QKeySequence(Qt.Key.Key_Backspace)],
            name="trash",
        )
        self.restore_action = self._action(
            self.tr("Restore from trash"), self.restore_selection, name="restore"
        )
        self.conflicts_action = self._action(
            self.tr("Review merge conflicts…"), self.open_conflicts_dialog, name="conflicts"
        )
        self.conflicts_action.setEnabled(False)
        self.empty_trash_action = self._action(
            self.tr("Empty trash…"), self.empty_trash, name="emptyTrash"
        )
        self.select_all_action = self._action(
            self.tr("Select all"), self.grid.selectAll, keys.SelectAll
        )
        self.find_action = self._action(
            self.tr("Search"), self.focus_search, keys.Find, name="find"
        )
        self.save_search_action = self._action(
            self.tr("Save search…"), self.save_current_search, name="saveSearch"
        )

    def _build_view_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.view_action = self._action(
            self.tr("View"), self.open_viewer, QKeySequence(Qt.Key.Key_Space), name="view"
        )
        self.view_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.grid.addAction(self.view_action)
        self.removeAction(self.view_action)
        self.zoom_in_action = self._action(
            self.tr("Larger thumbnails"),
            lambda: self.size_slider.setValue(self.size_slider.value() + 20),
            keys.ZoomIn,
        )
        self.zoom_out_action = self._action(
            self.tr("Smaller thumbnails"),
            lambda: self.size_slider.setValue(self.size_slider.value() - 20),
            keys.ZoomOut,
        )
        self.programme_action = self._action(
            self.tr("Programme…"), self.open_programme, QKeySequence("Ctrl+P"), name="programme"
        )
        self.match_action = self._action(
            self.tr("Match items to sessions…"),
            self.open_match_review,
            QKeySequence("Ctrl+M"),
            name="match",
        )
        self.coverage_action = self._action(
            self.tr("Coverage…"), self.open_coverage, name="coverage"
        )
        self.preferences_action = self._action(
            self.tr("Preferences…"), self.preferences_requested.emit, keys.Preferences
        )
        self.about_action = self._action(self.tr("About Carnet"), self.about)
        self.shortcuts_action = self._action(self.tr("Keyboard shortcuts"), self.show_shortcuts)

    def _build_grid_actions(self) -> None:
        """Actions on the selection, also in the grid's context menu; none when read-only."""
        for action in (
            self.trash_action,
            self.restore_action,
            self.empty_trash_action,
            self.import_action,
            self.programme_action,
            self.match_action,
        ):
            action.setEnabled(not self.controller.readonly and action.isEnabled())
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.grid.addAction(self.trash_action)
        self.read_lettering_action = self._action(
            self.tr("Read the lettering"), self.read_lettering, name="readLettering"
        )
        self.read_lettering_action.setEnabled(not self.controller.readonly)
        self.grid.addAction(self.read_lettering_action)
        self.rotate_selection_action = self._action(
            self.tr("Rotate selection by…"), self.ask_rotate_selection, name="rotateSelection"
        )
        self.rotate_selection_action.setEnabled(not self.controller.readonly)
        self.grid.addAction(self.rotate_selection_action)
        self.crop_selection_action = self._action(
            self.tr("Crop selection…"), self.ask_crop_selection, name="cropSelection"
        )
        self.crop_selection_action.setEnabled(not self.controller.readonly)
        self.grid.addAction(self.crop_selection_action)
        self.show_in_folder_action = self._action(
            self.tr("Show in folder"), self.show_selection_in_folder, name="showInFolder"
        )
        self.grid.addAction(self.show_in_folder_action)
        # The grid's actions (view, trash, read the lettering) on a right click too.
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _add_menu(self, title: str, actions: Sequence[QAction | None]) -> QMenu:
        """A menu of ``actions``, ``None`` standing for a separator."""
        menu = self.menuBar().addMenu(title)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _build_menus(self) -> None:
        self._add_menu(
            self.tr("&File"),
            [
                self.new_action,
                self.open_action,
                None,
                self.import_action,
                self.export_action,
                self.booklet_action,
                self.show_in_folder_action,
                None,
                self.merge_action,
                self.share_action,
                None,
                self.close_action,
                self.quit_action,
            ],
        )
        self.edit_menu = self._add_menu(
            self.tr("&Edit"),
            [
                self.undo_action,
                self.redo_action,
                None,
                self.select_all_action,
                self.find_action,
                self.save_search_action,
                None,
                self.read_lettering_action,
                self.rotate_selection_action,
                self.crop_selection_action,
                None,
                self.conflicts_action,
                None,
                self.trash_action,
                self.restore_action,
                self.empty_trash_action,
                None,
                self.preferences_action,
            ],
        )
        self._add_menu(
            self.tr("&View"),
            [
                self.view_action,
                self.zoom_in_action,
                self.zoom_out_action,
                None,
                self.coverage_action,
            ],
        )
        self._add_menu(
            self.tr("E&vent"),
            [
                self.curation.new_event_action,
                self.curation.edit_event_action,
                self.curation.delete_event_action,
                None,
                self.programme_action,
                self.match_action,
            ],
        )
        self._add_menu(self.tr("&Help"), [self.shortcuts_action, self.about_action])

    def _fill_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        toolbar.addSeparator()
        toolbar.addWidget(self.search)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(QLabel(self.tr("Sort") + " "))
        toolbar.addWidget(self.sort_combo)
        toolbar.addSeparator()
        toolbar.addWidget(self.size_slider)

    # ------------------------------------------------------------------ contents

    def refresh_catalog(self) -> None:
        """Reload the sidebar counts and the grid's ids (after items came or went)."""
        self._read_view(catalog=True)

    def reload_grid(self) -> None:
        """Show the items of the filter and search; of the selection, what is still shown
        stays selected, and the inspector and the viewer keep to what the grid shows."""
        self._read_view(catalog=False)

    def _read_view(self, *, catalog: bool) -> None:
        """Read what the window shows (the grid's ids, and the sidebar's counts when
        ``catalog``): on a worker in a large archive, the newest request winning, else at
        once on the GUI thread."""
        outcome = self.search_outcome
        found = outcome.ids if outcome is not None and not outcome.error else None
        wanted = Wanted(self.filter, self.sort, found, catalog)
        if self.known_items >= self.refresh_worker_from:
            self.refresher.request(wanted)
        else:
            if self.refresher.discard():  # a read still running is older than this one
                wanted = Wanted(self.filter, self.sort, found, catalog=True)
            self._show_view(read_view(self.controller.db, wanted))

    def _show_view(self, view: View) -> None:
        """Show ``view`` in one update: counts change in place, the grid's rows only
        when its items did (an edit of fields repaints its own rows, ``items_changed``)."""
        counts = view.counts
        if counts is not None:
            self.known_items = counts.total + counts.trash
            outcome = self.search_outcome
            facets = outcome.facets if outcome is not None and not outcome.error else None
            if self.sidebar_model.build(counts, view.saved or [], facets):
                self.sidebar.expand_headers()
            self.sidebar.select_action(self.filter)
        self._show_ids(view.ids)
        if counts is not None:
            self.empty_trash_action.setEnabled(bool(counts.trash) and not self.controller.readonly)
            self.conflicts_action.setEnabled(bool(counts.conflicts))
            # A kit is written from the catalog only: read-only windows may export too.
            has_events = bool(counts.events)
            self.export_action.setEnabled(has_events)
            self.booklet_action.setEnabled(has_events)
            self.export_action.setToolTip(
                "" if has_events else self.tr("Add an event first: a kit is made of one event.")
            )

    def _on_refresher_failed(self, exc: BaseException, details: str) -> None:
        self.controller.error_raised.emit(say(exc), details)

    def _show_ids(self, ids: list[int]) -> None:
        selected = self.selected_ids()
        if self.search_outcome is not None and not self.search_outcome.error:
            self.model.set_snippets(self.search_outcome.snippets, self.search_outcome.machine_read)
        else:
            self.model.set_snippets({})
        if ids != self.model.ids:
            top = self._top_of_grid()
            self.model.set_ids(ids)  # clears the selection, without a signal
            self.select_ids(selected)
            self._scroll_back(top)
            if self.centre.currentWidget() is self.viewer:
                self.viewer.keep_only(set(ids))
        self._follow_selection()
        self._update_counts()

    def _top_of_grid(self) -> tuple[int, int] | None:
        """The item at the top left of the grid and how far above the top its cell starts,
        to put it back there after the grid's ids change (items came, went or moved)."""
        for y in (4, self.delegate.cell_size // 2):
            index = self.grid.indexAt(QPoint(self.delegate.cell_size // 2, y))
            if index.isValid():
                return self.model.id_at(index.row()), self.grid.visualRect(index).top()
        return None

    def _scroll_back(self, top: tuple[int, int] | None) -> None:
        if top is None or (row := self.model.row_of(top[0])) is None:
            return
        index = self.model.index(row)
        self.grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        bar = self.grid.verticalScrollBar()
        bar.setValue(bar.value() + self.grid.visualRect(index).top() - top[1])

    def _follow_selection(self) -> None:
        """Point the inspector at the selection (what was typed goes to the items it was
        typed for first): it never edits an item the grid does not show."""
        selected = self.selected_ids()
        if selected != self.inspector.ids:
            self.inspector.set_items(selected)

    def selected_ids(self) -> list[int]:
        ids = self.model.ids
        selected: list[int] = []
        for top, bottom in self._selected_spans():
            selected += ids[top : bottom + 1]
        return selected

    def _selected_spans(self) -> list[tuple[int, int]]:
        """The selected rows as spans (first, last), in grid order, none overlapping.

        Read by ranges: Select all over 10,000 drawings is one range, where its 10,000
        indexes took a quarter of a second to list (``bench_gui_writes.py --gui``)."""
        selection = self.grid.selectionModel().selection()
        spans: list[tuple[int, int]] = []
        end = -1
        for top, bottom in sorted(
            (selection.at(n).top(), selection.at(n).bottom()) for n in range(selection.count())
        ):
            top = max(top, end + 1)
            if top <= bottom:
                spans.append((top, bottom))
                end = bottom
        return spans

    def select_ids(self, ids: list[int]) -> None:
        # One range per run of neighbouring rows: after a change, thousands selected come
        # back as a few ranges, not one each.
        rows = sorted({r for r in map(self.model.row_of, ids) if r is not None})
        selection = QItemSelection()
        start = 0
        for n, last in enumerate(rows):
            if n + 1 == len(rows) or rows[n + 1] != last + 1:
                selection.select(self.model.index(rows[start]), self.model.index(last))
                start = n + 1
        self.grid.selectionModel().select(
            selection, self.grid.selectionModel().SelectionFlag.ClearAndSelect
        )
        if ids and (row := self.model.row_of(ids[0])) is not None:
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(row), self.grid.selectionModel().SelectionFlag.NoUpdate
            )

    def _update_counts(self) -> None:
        shown = self.model.rowCount()
        selected = sum(bottom - top + 1 for top, bottom in self._selected_spans())
        text = self.tr("%n item(s)", "", shown)
        if selected:
            text += " · " + self.tr("%n selected", "", selected)
        if self.search_outcome is not None:
            if self.search_outcome.error:
                text += " · " + say(self.search_outcome.error)
            elif self.search_outcome.suggestion and not shown:
                text += " · " + self.tr("Did you mean: %1").replace(
                    "%1", self.search_outcome.suggestion
                )
        self.count_label.setText(text)

    def _update_title(self) -> None:
        name = self.controller.archive.root.name
        title = f"{name} — Carnet"
        if self.controller.readonly:
            title = f"{name} " + self.tr("(read-only)") + " — Carnet"
        self.setWindowTitle(title)

    # ------------------------------------------------------------------ slots

    def _on_sidebar_action_chosen(self, action: Any) -> None:
        if isinstance(action, ItemFilter):
            self.filter = action
            self.close_viewer()
            self.reload_grid()
            self.restore_action.setEnabled(action.kind == "trash" and not self.controller.readonly)
        elif isinstance(action, tuple) and action[0] == "saved":
            self.filter = ItemFilter("all")
            self.search.setText(action[1])
            self.search.run_now()
        elif isinstance(action, tuple) and action[0] == "conflicts":
            self.sidebar.select_action(self.filter)  # a review to open, not a filter
            self.open_conflicts_dialog()
        elif isinstance(action, tuple) and action[0] == "facet":
            text = self.search.text().strip()
            if action[1] not in text:
                self.search.setText(f"{text} {action[1]}".strip())
                self.search.run_now()

    def _on_grid_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        self.inspector.set_items(self.selected_ids())
        self._update_counts()

    def _on_viewer_current_changed(self, item_id: int) -> None:
        # The drawing on screen is the selection: the inspector, Move to trash and every
        # other edit act on it, not on what the viewer was opened on.
        if self.selected_ids() != [item_id]:
            self.select_ids([item_id])
        self._follow_selection()

    def _on_thumbnails_stale_seen(self, item_id: int) -> None:
        self.controller.rederive([item_id])

    def _on_follower_writer_changed(self, writing: bool) -> None:
        # Once the writer has left, this window may take the lock (a new one comes back
        # read-only with the same message if someone took it meanwhile).
        self.edit_button.setVisible(not writing)
        if writing:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(
                self.tr("The other Carnet closed this archive: you can open it for editing.")
            )

    def _on_inspector_edit_refused(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _on_grid_double_clicked(self, _index: QModelIndex) -> None:
        self.open_viewer()

    def _on_search_finished(self, outcome: SearchOutcome) -> None:
        self.search_outcome = outcome
        self.refresh_catalog()

    def _on_search_cleared(self) -> None:
        self.search_outcome = None
        self.refresh_catalog()

    def _on_sort_combo_changed(self, _index: int) -> None:
        self.sort = str(self.sort_combo.currentData())
        self.settings.setValue("grid/sort", self.sort)
        self.reload_grid()

    def _on_size_slider_changed(self, value: int) -> None:
        self.delegate.cell_size = value
        self.settings.setValue("grid/size", value)
        self.grid.doItemsLayout()
        self._fit_thumbnails()

    def _fit_thumbnails(self) -> None:
        """Let the thumbnail cache keep what a few screenfuls of the grid show, in bytes:
        small cells show more thumbnails than large ones."""
        viewport = self.grid.viewport().size()
        budget = budget_for(viewport.width(), viewport.height(), self.delegate.cell_size)
        self.controller.thumbnails.set_budget(budget)

    def _on_controller_items_changed(self, ids: list[int]) -> None:
        self.model.refresh(ids)
        if set(ids) & set(self.inspector.ids):
            self.inspector.reload()

    def _on_undo_stack_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _on_controller_error_raised(self, message: str, details: str) -> None:
        show_error(self, message, details)

    # ------------------------------------------------------------------ commands

    def undo(self) -> None:
        if not self._waiting_for_batch():
            self.inspector.commit_pending()
            self.controller.undo()

    def redo(self) -> None:
        if not self._waiting_for_batch():
            self.inspector.commit_pending()
            self.controller.redo()

    def _waiting_for_batch(self) -> bool:
        """True, said in the status bar, while a batch edit is being saved on a worker:
        undo and redo wait for it (the stack must not move under it)."""
        if self.controller.busy:
            self.statusBar().showMessage(
                self.tr("Still saving the last change: undo and redo wait until it is done."),
                5_000,
            )
        return self.controller.busy

    def _on_controller_busy_changed(self, busy: bool) -> None:
        """While a batch edit, its undo or redo is written on a worker, no other edit starts:
        the inspector and the trash actions wait, and the status bar shows the work."""
        self.inspector.setEnabled(not busy)
        self.trash_action.setEnabled(not busy)
        # Undo and redo stay pressable, to say that they wait (``_waiting_for_batch``).
        self.undo_action.setEnabled(busy or self.controller.undo_stack.canUndo())
        self.redo_action.setEnabled(busy or self.controller.undo_stack.canRedo())
        self.restore_action.setEnabled(not busy and self.filter.kind == "trash")
        if self.busy_bar is None:
            self.busy_bar = QProgressBar()
            self.busy_bar.setMaximumWidth(120)
            self.busy_bar.setTextVisible(False)
            self.busy_bar.setRange(0, 0)  # one transaction: it moves, with no percentage
            self.statusBar().addPermanentWidget(self.busy_bar)
        self.busy_bar.setVisible(busy)
        if busy:
            count = self.controller.busy_items
            self.statusBar().showMessage(self.tr("Saving the change to %n item(s)…", "", count))
        else:
            self.statusBar().clearMessage()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def trash_selection(self) -> None:
        ids = self.selected_ids()
        if ids and self.filter.kind != "trash":
            self.inspector.commit_pending()  # what was typed first, then the items go
            self.controller.push(TrashCommand(self.controller, ids))

    def restore_selection(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.inspector.commit_pending()
            self.controller.push(TrashCommand(self.controller, ids, restore=True))

    def empty_trash(self) -> None:
        count = trash_count(self.controller.db)
        if not count:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Empty trash"),
            self.tr(
                "Delete the %n item(s) in the trash for good? Their originals are removed from the archive. This cannot be undone.",  # noqa: E501
                "",
                count,
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.do_empty_trash()

    def do_empty_trash(self) -> None:
        """Empty the trash on a worker thread: deleting the files of thousands of items
        takes seconds (bench/bench_gui_writes.py), and the window stays responsive."""
        if self.controller.refused_while_busy():  # it clears the stack a batch will move
            return
        # Undo steps may refer to the deleted items: the history starts again here, before
        # anything is deleted, so nothing can bring one of them back meanwhile.
        self.controller.undo_stack.clear()
        self.empty_trash_action.setEnabled(False)
        archive = self.controller.archive

        def failed(exc: BaseException, details: str) -> None:
            self.controller.error_raised.emit(say(exc), details)
            self.controller.notify_catalog()

        self.controller.tasks.run(
            lambda: empty_trash(archive), lambda _: self.controller.notify_catalog(), failed
        )

    def save_current_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            show_error(self, self.tr("Type a search first, then save it."))
            return
        name, ok = QInputDialog.getText(self, self.tr("Save search"), self.tr("Name"), text=query)
        if ok:
            self.save_search_as(name, query)

    def save_search_as(self, name: str, query: str) -> None:
        try:
            save_search(self.controller.db, name, query)
        except CarnetError as exc:
            show_error(self, say(exc))
            return
        self.refresh_catalog()

    def open_import_dialog(self, paths: list[Path] | None = None) -> ImportDialog:
        if self.import_dialog is not None and self.import_dialog.isVisible():
            self.import_dialog.raise_()
            if paths:
                self.import_dialog.set_paths(paths)
            return self.import_dialog
        self.import_dialog = ImportDialog(
            self.controller, paths or [], jobs=self.import_jobs, parent=self
        )
        self.import_dialog.import_finished.connect(self._on_import_dialog_import_finished)
        self.import_dialog.show()
        return self.import_dialog

    def read_lettering(self) -> None:
        """Read the lettering of the selected drawings, in the background."""
        self.inspector.machine_read.read_selection()

    def show_selection_in_folder(self) -> None:
        """File → Show in folder: the file manager on the original of the drawing in
        focus (the current one, or the first selected)."""
        selected = self.selected_ids()
        current = self.grid.currentIndex().data(Roles.ItemId)
        item_id = current if current in selected else (selected[0] if selected else None)
        items = self.controller.items([item_id]) if item_id is not None else []
        if not items:
            return
        original = original_of(self.controller, items[0])
        if not original.exists():
            show_error(self, self.tr("The original of this drawing is missing from the archive."))
            return
        show_in_folder(original, self)

    def ask_rotate_selection(self) -> None:
        """Edit → Rotate selection by…: any angle, clockwise, on every selected drawing."""
        if not self.selected_ids():
            return
        degrees, ok = QInputDialog.getDouble(
            self,
            self.tr("Rotate selection"),
            self.tr("Degrees, clockwise (negative: anticlockwise)"),
            90.0,
            -360.0,
            360.0,
            1,
        )
        if ok:
            self.rotate_selection(degrees)

    def rotate_selection(self, degrees: float) -> bool:
        """Turn the selected drawings by ``degrees`` on top of their corrections: one step
        to undo, however many there are."""
        ids = self.selected_ids()
        if not ids or not degrees:
            return False
        self.inspector.commit_pending()
        return self.controller.push(RotateCommand(self.controller, ids, degrees))

    def ask_crop_selection(self) -> None:
        """Edit → Crop selection…: the same margins cut off every selected drawing."""
        if not self.selected_ids():
            return
        dialog = CropMarginsDialog(self)
        if dialog.exec() == CropMarginsDialog.DialogCode.Accepted:
            self.crop_selection(dialog.margins())

    def crop_selection(self, margins: tuple[float, float, float, float]) -> bool:
        """Cut ``margins`` (left, top, right, bottom, fractions) off each selected drawing,
        within its own crop: one step to undo; refused whole if one would be too small."""
        ids = self.selected_ids()
        if not ids or not any(margins):
            return False
        self.inspector.commit_pending()
        command = CorrectCommand(
            self.controller, ids, lambda c: c.trimmed(*margins), self.tr("Crop the selection")
        )
        return self.controller.push(command)

    def _on_import_dialog_import_finished(self, summary: Any) -> None:
        if read_after_import(self.settings):
            self.inspector.machine_read.reader.read_new(getattr(summary, "item_ids", []))

    def open_merge_dialog(self) -> MergeDialog:
        """File → Merge an archive or package…: look first, then merge."""
        if self.merge_dialog is not None and self.merge_dialog.isVisible():
            self.merge_dialog.raise_()
            return self.merge_dialog
        self.merge_dialog = MergeDialog(self.controller, parent=self)
        self.merge_dialog.show()
        return self.merge_dialog

    def open_conflicts_dialog(self) -> ConflictsDialog:
        """Edit → Review merge conflicts…: those merges left open, to settle (or only to
        see, read-only)."""
        if self.conflicts_dialog is not None and self.conflicts_dialog.isVisible():
            self.conflicts_dialog.raise_()
            return self.conflicts_dialog
        self.conflicts_dialog = ConflictsDialog(self.controller, parent=self)
        self.conflicts_dialog.show()
        return self.conflicts_dialog

    def open_share_dialog(self) -> ShareDialog:
        """File → Share with the organiser…: a contribution package of an event."""
        dialog = ShareDialog(self.controller, parent=self)
        dialog.show()
        return dialog

    def open_booklet_dialog(self) -> BookletDialog:
        if self.booklet_dialog is not None and self.booklet_dialog.isVisible():
            self.booklet_dialog.raise_()
            return self.booklet_dialog
        event_id = self.filter.event_id or (self.filter.id if self.filter.kind == "event" else None)
        selected = self.selected_ids() if len(self.selected_ids()) > 1 else []
        self.booklet_dialog = BookletDialog(
            self.controller, self.settings, event_id=event_id, selected_ids=selected, parent=self
        )
        self.booklet_dialog.show()
        return self.booklet_dialog

    def open_export_dialog(self) -> ExportDialog:
        if self.export_dialog is not None and self.export_dialog.isVisible():
            self.export_dialog.raise_()
            return self.export_dialog
        event_id = self.filter.event_id or (self.filter.id if self.filter.kind == "event" else None)
        self.export_dialog = ExportDialog(
            self.controller, self.settings, event_id=event_id, parent=self
        )
        self.export_dialog.show()
        return self.export_dialog

    def open_viewer(self) -> None:
        if not self.model.rowCount():
            return
        current = self.grid.currentIndex()
        selected = self.selected_ids()
        if len(selected) > 1:
            ids = selected
            position = (
                selected.index(current.data(Roles.ItemId))
                if current.data(Roles.ItemId) in selected
                else 0
            )
        else:
            ids = self.model.ids
            position = current.row() if current.isValid() else 0
        self.centre.setCurrentWidget(self.viewer)
        self._enable_grid_actions(False)
        self.viewer.show_items(ids, position)

    def close_viewer(self) -> None:
        if self.centre.currentWidget() is self.viewer:
            item_id = self.viewer.current_id
            self.centre.setCurrentWidget(self.grid)
            self._enable_grid_actions(True)
            if item_id is not None and (row := self.model.row_of(item_id)) is not None:
                index = self.model.index(row)
                self.grid.setCurrentIndex(index)
                self.grid.scrollTo(index)
            self.grid.setFocus()

    def _enable_grid_actions(self, enabled: bool) -> None:
        # While the viewer shows one drawing, what acts on the hidden grid is off: Select
        # all would hand the inspector items out of sight, and the viewer zooms its drawing
        # with the thumbnail size keys (two actions on one key: Qt does neither).
        for action in (self.zoom_in_action, self.zoom_out_action, self.select_all_action):
            action.setEnabled(enabled)

    def open_programme(self) -> Any:
        from carnet.ui.programme import ProgrammeDialog

        dialog = ProgrammeDialog(self.controller, parent=self)
        dialog.show()
        return dialog

    def open_match_review(self) -> Any:
        from carnet.ui.programme import MatchReviewDialog

        dialog = MatchReviewDialog(self.controller, parent=self)
        dialog.show()
        return dialog

    def open_coverage(self) -> Any:
        from carnet.ui.coverage import CoverageDialog

        dialog = CoverageDialog(self.controller, parent=self)
        dialog.session_chosen.connect(self.show_session)
        dialog.show()
        return dialog

    def show_session(self, session_id: int) -> None:
        """Show the items of one session, as choosing it in the sidebar does."""
        action = ItemFilter("session", id=session_id)
        self._on_sidebar_action_chosen(action)
        self.sidebar.select_action(action)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help → Keyboard shortcuts: the menus' keys and the viewer's."""
        rows = shortcut_rows(self.menuBar(), self.viewer.key_help, self.tr("Viewer"))
        dialog = ShortcutsDialog(rows, self)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Carnet"),
            self.tr(
                "Carnet keeps the archives of live graphic recording: import, describe, search and publish the drawings made at events."  # noqa: E501
            )
            + "\n\n"
            + self.tr("Version %1").replace("%1", carnet_version()),
        )

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.controller.readonly:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_import_dialog(paths)

    # ------------------------------------------------------------------ layout memory

    def restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            screen = self.screen() or QGuiApplication.primaryScreen()
            self.setGeometry(first_geometry(screen.availableGeometry()))
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def shutdown(self) -> None:
        """Stop listening before the archive closes (the window may outlive it briefly)."""
        self.controller.catalog_changed.disconnect(self.refresh_catalog)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.inspector.commit_pending()
        self.save_layout()
        super().closeEvent(event)
