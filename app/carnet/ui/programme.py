"""The programme editor (sessions table with inline editing, import of a programme file)
and the review of suggested matches (accept or reject, one or all)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.browse import items_by_ids
from carnet.catalog.database import Database
from carnet.catalog.events import Event, Session, get_event_by_id, list_events, list_sessions
from carnet.catalog.items import Item
from carnet.catalog.matches import rejected_sessions
from carnet.catalog.sessions import read_time
from carnet.errors import CarnetError, ProgrammeError
from carnet.programme.model import Programme
from carnet.programme.readers import read_programme
from carnet.programme.store import ProgrammePlan, event_days, match_event, plan_programme
from carnet.ui.controller import ArchiveController
from carnet.ui.dates import short_date_time, time_of_day
from carnet.ui.errors import show_error
from carnet.ui.geometry import first_geometry
from carnet.ui.i18n import say
from carnet.ui.programme_undo import ImportProgrammeCommand
from carnet.ui.thumbnails import ImageCache
from carnet.ui.undo import (
    AcceptMatchesCommand,
    AddSessionCommand,
    DeleteSessionsCommand,
    EditSessionCommand,
    MergeSessionsCommand,
    RejectMatchesCommand,
    SplitSessionCommand,
)

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("title", "track", "room", "start", "end", "speakers")


class SessionTableModel(QAbstractTableModel):
    """The sessions of one event; editing a cell pushes an undoable ``EditSessionCommand``."""

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.loaded_event: Event | None = None
        self.sessions: list[Session] = []

    def load(self, event: Event | None) -> None:
        self.beginResetModel()
        self.loaded_event = event
        self.sessions = list_sessions(self.controller.db, event.id) if event else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            self.tr("Title"),
            self.tr("Track"),
            self.tr("Room"),
            self.tr("Start"),
            self.tr("End"),
            self.tr("Speakers"),
        )[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and not self.controller.readonly:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
        ):
            return None
        session = self.sessions[index.row()]
        name = COLUMNS[index.column()]
        value = getattr(session, name)
        if name in ("start", "end"):
            # Shown, and edited, in the window's language (ISO is read back too).
            return short_date_time(value)
        if name == "speakers":
            return ", ".join(value)
        return value or ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        session = self.sessions[index.row()]
        name = COLUMNS[index.column()]
        text = str(value).strip()
        new: Any = text
        try:
            if name in ("start", "end"):
                before = getattr(session, name)
                new = typed_time(text, before.tzinfo, before.date())
            elif name == "speakers":
                new = [p.strip() for p in text.split(",") if p.strip()]
        except CarnetError as exc:
            self.controller.error_raised.emit(say(exc), "")
            return False
        if new == getattr(session, name):
            return False
        if not self.controller.push(EditSessionCommand(self.controller, session, name, new)):
            return False
        self.load(self.loaded_event)
        return True


def typed_time(text: str, tz: tzinfo | None, day: date | None = None) -> datetime:
    """A time typed as the window shows it (its locale's short format), or as the core
    reads it (ISO, ``29/09/2016 14:30``, or ``14:30`` on ``day``); in ``tz``."""
    zone = tz or UTC
    locale = QLocale()
    # Two-digit years ("29/09/16") are this century's, not 1916.
    shown = locale.toDateTime(text.strip(), QLocale.FormatType.ShortFormat, 2000)
    if shown.isValid():
        d, t = shown.date(), shown.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=zone)
    return read_time(text, zone, day)


class FittedDialog(QDialog):
    """A dialog that opens at the size it likes where the screen has room for it, and
    within the screen where it has not (a 1024×600 netbook): no control beyond its edge."""

    #: The size the dialog takes when the screen has room for it.
    PREFERRED = QSize(980, 560)

    def fit_to(self, available: QRect) -> None:
        """Size and place the dialog within ``available`` (a screen's free area) less the
        window manager's frame, centred there."""
        self.setGeometry(first_geometry(available, self.PREFERRED))


class ProgrammeDialog(FittedDialog):
    """Sessions of an event, editable in place; import a CSV, iCalendar or frab file."""

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Programme"))
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        for event in list_events(controller.db):
            self.event_combo.addItem(event.name, event.id)
        self.model = SessionTableModel(controller, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Sessions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Rooms and times on one line; speakers take what is left, the title stretches.
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(5, 220)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        import_button = QPushButton(self.tr("Import programme…"))
        import_button.clicked.connect(self._on_import_clicked)
        import_button.setEnabled(not controller.readonly)
        self.add_button = QPushButton(self.tr("Add session"))
        self.add_button.clicked.connect(self.add_session)
        self.split_button = QPushButton(self.tr("Split…"))
        self.split_button.clicked.connect(lambda: self.split_selected())
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.add_button, self.split_button, self.merge_button, self.delete_button):
            button.setEnabled(not controller.readonly)
        match_button = QPushButton(self.tr("Match items to sessions…"))
        match_button.clicked.connect(self._on_match_clicked)
        match_button.setEnabled(not controller.readonly)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Event")))
        top.addWidget(self.event_combo, 1)
        top.addWidget(import_button)
        top.addWidget(match_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        edits = QHBoxLayout()
        for button in (self.add_button, self.split_button, self.merge_button, self.delete_button):
            edits.addWidget(button)
        edits.addStretch(1)
        edits.addWidget(self.status)
        layout.addLayout(edits)
        self.event_combo.currentIndexChanged.connect(self._on_event_changed)
        controller.catalog_changed.connect(self._on_controller_catalog_changed)
        self._on_event_changed(0)
        self.fit_to((parent or self).screen().availableGeometry())

    def current_event(self) -> Event | None:
        event_id = self.event_combo.currentData()
        return get_event_by_id(self.controller.db, event_id) if event_id is not None else None

    def _on_event_changed(self, _index: int) -> None:
        self.model.load(self.current_event())
        self.status.setText(self.tr("%n session(s)", "", self.model.rowCount()))

    def _on_controller_catalog_changed(self) -> None:
        self.model.load(self.model.loaded_event)

    def _on_import_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import programme"),
            "",
            self.tr("Programmes (*.csv *.ics *.xml *.json);;All files (*)"),
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        """Read ``path`` and show what importing it would do; the preview's button applies it.

        Returns whether the preview is shown (``self.preview``).
        """
        event = self.current_event()
        if event is None:
            return False
        try:
            programme = read_programme(path, event.timezone, event_days(event))
            plan = plan_programme(self.controller.db, event, programme)
        except ProgrammeError as exc:
            details = "\n".join(say(p.text()) for p in exc.problems)
            show_error(self, self.tr("This programme was refused; nothing was imported."), details)
            return False
        except CarnetError as exc:
            show_error(self, say(exc))
            return False
        self.preview = ProgrammePreviewDialog(plan, event, parent=self)
        self.preview.accepted.connect(lambda: self._apply(event, programme, path.name))
        self.preview.open()
        return True

    def _apply(self, event: Event, programme: Programme, name: str) -> bool:
        """Import ``programme`` as one command of the window's undo stack."""
        command = ImportProgrammeCommand(self.controller, event, programme, name)
        if not self.controller.push(command) or command.summary is None:
            return False
        summary = command.summary
        self.model.load(event)
        self.status.setText(
            self.tr("%1 added, %2 updated, %3 unchanged.")
            .replace("%1", str(summary.added))
            .replace("%2", str(summary.updated))
            .replace("%3", str(summary.unchanged))
        )
        return True

    def selected_sessions(self) -> list[Session]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.sessions[row] for row in rows]

    def add_session(self) -> bool:
        """Add "New session" for an hour after the last one (or at the event's start), ready
        to be edited in place."""
        event = self.current_event()
        if event is None:
            return False
        last = max((s.end for s in self.model.sessions), default=None)
        if last is None:
            first = date.fromisoformat(event.start_date) if event.start_date else date.today()
            last = datetime.combine(first, time(9), event.tz)
        command = AddSessionCommand(
            self.controller, event.id, self.tr("New session"), last, last + timedelta(hours=1)
        )
        if not self.controller.push(command):
            return False
        self.model.load(event)
        row = next(
            (n for n, s in enumerate(self.model.sessions) if s.id == command.session_id), None
        )
        if row is not None:
            self.table.selectRow(row)
            self.table.edit(self.model.index(row, 0))
        return True

    def split_selected(self, at: str | None = None) -> bool:
        """Split the selected session at ``at`` (asked for, halfway filled in, when None)."""
        chosen = self.selected_sessions()
        if len(chosen) != 1:
            self.controller.error_raised.emit(self.tr("Select the one session to split."), "")
            return False
        session = chosen[0]
        if at is None:
            halfway = session.start + (session.end - session.start) / 2
            text, ok = QInputDialog.getText(
                self,
                self.tr("Split session"),
                self.tr("Split “%1” at:").replace("%1", session.title),
                text=short_date_time(halfway.replace(second=0, microsecond=0)),
            )
            if not ok:
                return False
            at = text
        try:
            when = typed_time(at, session.start.tzinfo, session.start.date())
        except CarnetError as exc:
            self.controller.error_raised.emit(say(exc), "")
            return False
        if not self.controller.push(SplitSessionCommand(self.controller, session.id, when)):
            return False
        self.model.load(self.model.loaded_event)
        return True

    def merge_selected(self) -> bool:
        """Merge the selected sessions into the first of them."""
        chosen = self.selected_sessions()
        if len(chosen) < 2:
            self.controller.error_raised.emit(self.tr("Select two or more sessions to merge."), "")
            return False
        command = MergeSessionsCommand(self.controller, chosen[0].id, [s.id for s in chosen[1:]])
        if not self.controller.push(command):
            return False
        self.model.load(self.model.loaded_event)
        return True

    def delete_selected(self) -> bool:
        """Delete the selected sessions (undoable; their items keep their event)."""
        chosen = self.selected_sessions()
        if not chosen:
            return False
        if not self.controller.push(DeleteSessionsCommand(self.controller, [s.id for s in chosen])):
            return False
        self.model.load(self.model.loaded_event)
        return True

    def _on_match_clicked(self) -> None:
        MatchReviewDialog(self.controller, self.event_combo.currentData(), parent=self).show()


class PlanModel(QAbstractTableModel):
    """The rows of an import preview: what happens to each session, and the skipped entries."""

    def __init__(self, plan: ProgrammePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, str]] = []
        for record in plan.added:
            self.rows.append((self.tr("Add"), short_date_time(record.start), record.title, ""))
        for _id, record in plan.updated:
            self.rows.append((self.tr("Update"), short_date_time(record.start), record.title, ""))
        for _id, record in plan.unchanged:
            self.rows.append(
                (self.tr("Unchanged"), short_date_time(record.start), record.title, "")
            )
        for problem in plan.skipped:
            line = str(problem.line) if problem.line is not None else ""
            self.rows.append((self.tr("Skipped"), "", line, say(problem.reason)))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("What"), self.tr("Start"), self.tr("Session or line"), self.tr("Why"))[
            section
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.rows[index.row()][index.column()]


class ProgrammePreviewDialog(QDialog):
    """What importing a programme file will do, before it does it: Import applies it."""

    def __init__(self, plan: ProgrammePlan, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import programme into %1").replace("%1", event.name))
        self.resize(820, 480)
        self.model = PlanModel(plan, self)
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName(self.tr("Sessions to import"))
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(
            self.tr("%1 to add, %2 to update, %3 unchanged, %4 skipped.")
            .replace("%1", str(len(plan.added)))
            .replace("%2", str(len(plan.updated)))
            .replace("%3", str(len(plan.unchanged)))
            .replace("%4", str(len(plan.skipped)))
        )
        self.apply_button = QPushButton(self.tr("Import"))
        self.apply_button.setDefault(True)
        self.apply_button.setEnabled(bool(plan.added or plan.updated))
        self.apply_button.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addLayout(buttons)


#: The edge of the review's thumbnails, in pixels.
REVIEW_ICON = 48
REVIEW_COLUMNS = ("item", "captured", "suggested", "room", "track", "time", "speakers", "why")
#: Columns as wide as their text needs in two lines (up to ``COMPACT_MAX`` pixels).
COMPACT_COLUMNS = (1, 3, 4, 5)
COMPACT_MAX = 150
#: How the review's other columns share the rest of the table's width (the last one also
#: takes what is left).
SHARES = {0: 3.0, 2: 3.0, 6: 2.4, 7: 2.0}
#: Lines of text a cell of the review shows at most (the rest is elided, and in the tip).
REVIEW_LINES = 2


def two_line_width(text: str, metrics: QFontMetrics) -> int:
    """The narrowest width in which ``text`` wraps at a space into at most two lines."""
    best = metrics.horizontalAdvance(text)
    for n, char in enumerate(text):
        if char == " ":
            best = min(
                best,
                max(metrics.horizontalAdvance(text[:n]), metrics.horizontalAdvance(text[n + 1 :])),
            )
    return best


class LinesDelegate(QStyledItemDelegate):
    """Draws a cell's text in at most ``lines`` lines, wrapped at word boundaries, the last
    one elided when the text is longer (the model gives the whole text as its tooltip): a
    row keeps its height whatever the length of a session's title."""

    def __init__(self, lines: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        #: Lines already fitted, by (text, width, font): a scroll repaints a page of cells
        #: whose sessions, rooms and times repeat, and laying text out is the slow part.
        self._fitted: dict[tuple[str, int, str], list[str]] = {}

    def text_lines(self, option: QStyleOptionViewItem, index: Index) -> list[str]:
        """The lines the cell at ``index`` shows in ``option``'s rectangle."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        return self._fit(opt)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if opt.text:
            opt.text = "\u2028".join(self._fit(opt))
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

    def _fit(self, opt: QStyleOptionViewItem) -> list[str]:
        text: str = opt.text.replace("\u2028", " ").replace("\n", " ")
        if not text:
            return []
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        width = max(1, rect.width() - 2 * margin)
        key = (text, width, opt.font.key())
        found = self._fitted.get(key)
        if found is None:
            if len(self._fitted) > 20_000:
                self._fitted.clear()
            found = self._fitted[key] = self._wrap(text, width, opt.font)
        return found

    def _wrap(self, text: str, width: int, font: QFont) -> list[str]:
        metrics = QFontMetrics(font)
        layout = QTextLayout(text, font)
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(wrap)
        layout.beginLayout()
        starts: list[int] = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        shown = []
        for n, start in enumerate(starts[: self.lines]):
            last = n + 1 == self.lines or n + 1 == len(starts)
            end = len(text) if last else starts[n + 1]
            part = text[start:end].strip()
            shown.append(metrics.elidedText(part, Qt.TextElideMode.ElideRight, width))
        return shown


class ReviewTable(QTableView):
    """The review's table: its columns share the width it has (no horizontal scrolling at
    the dialog's size), until the user drags one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False
        #: Whether the user has sized a column by hand (the columns then stay as they are).
        self.sized_by_hand = False
        self.horizontalHeader().sectionResized.connect(self._on_header_section_resized)

    def _on_header_section_resized(self, section: int, _old: int, _new: int) -> None:
        # The last column follows the table's width: only another one moves by hand.
        if not self._fitting and section != len(REVIEW_COLUMNS) - 1:
            self.sized_by_hand = True

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:  # other rows (a filter, a new match): other widths
            model.modelReset.connect(self.fit_columns)

    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return handled

    def fit_columns(self) -> None:
        """Give the compact columns what their text needs in two lines and share the rest
        of the width among the others, none narrower than its header."""
        model = self.model()
        if model is None or self.sized_by_hand or model.columnCount() != len(REVIEW_COLUMNS):
            return
        header = self.horizontalHeader()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        metrics = QFontMetrics(option.font)
        # What a cell adds around its text: the style's margins on both sides.
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self)
        padding = 2 * (margin + 1) + 8
        rows = min(model.rowCount(), 500)
        widths: dict[int, int] = {}
        for column in COMPACT_COLUMNS:
            texts = {str(model.index(r, column).data() or "") for r in range(rows)}
            need = max((two_line_width(t, metrics) for t in texts), default=0) + padding
            widths[column] = max(header.sectionSizeHint(column), min(COMPACT_MAX, need))
        room = self.viewport().width() - sum(widths.values())
        total = sum(SHARES.values())
        for column, share in SHARES.items():
            widths[column] = max(header.sectionSizeHint(column), int(room * share / total))
        if 0 in widths:  # the thumbnail beside the drawing's title
            widths[0] = max(widths[0], self.iconSize().width() + 4 * padding)
        self._fitting = True
        try:
            for column, width in widths.items():
                if column != len(REVIEW_COLUMNS) - 1:  # the last one stretches
                    header.resizeSection(column, width)
        finally:
            self._fitting = False


class SuggestionModel(QAbstractTableModel):
    """Drawings not settled, one row per (drawing, session) to consider: a suggestion, each
    candidate of an ambiguous drawing (side by side, one row each), or the nearest sessions
    of a drawing outside every session. Thumbnails come from ``thumbnails``, a cache of
    icons (the review's own: ``review_icons``)."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        parent: QWidget | None = None,
        thumbnails: ImageCache | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows = rows
        self.thumbnails = thumbnails
        #: Rows by thumbnail, made when an image arrives (a thousand arrive one by one).
        self._rows_of: dict[str, list[int]] | None = None
        self.modelReset.connect(self._on_model_reset)
        if thumbnails is not None:
            thumbnails.image_loaded.connect(self._on_thumbnails_image_loaded)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(REVIEW_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            self.tr("Item"),
            self.tr("Captured"),
            self.tr("Session"),
            self.tr("Room"),
            self.tr("Track"),
            self.tr("Time"),
            self.tr("Speakers"),
            self.tr("Why"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            if self.thumbnails is not None and row.get("hash"):
                pixmap = self.thumbnails.pixmap(row["hash"])
                # An icon is drawn at the table's icon size; a pixmap at its own 384 px.
                return QIcon(pixmap) if pixmap is not None else None
            return None
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell cut short
            return row.get(REVIEW_COLUMNS[index.column()]) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return row.get(REVIEW_COLUMNS[index.column()], "")

    def remove(self, rows: list[int]) -> None:
        self.beginResetModel()
        for row in sorted(set(rows), reverse=True):
            del self.rows[row]
        self.endResetModel()

    def _on_model_reset(self) -> None:
        self._rows_of = None

    def _on_thumbnails_image_loaded(self, digest: str) -> None:
        if self._rows_of is None:
            self._rows_of = {}
            for n, row in enumerate(self.rows):
                self._rows_of.setdefault(row.get("hash") or "", []).append(n)
        for n in self._rows_of.get(digest, ()):
            index = self.index(n, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


#: The review's icons kept at most: a few screens of rows, read again on a scroll back.
REVIEW_CACHED = 200


def review_icons(controller: ArchiveController, parent: QObject, ratio: float = 1.0) -> ImageCache:
    """The thumbnails of the match review, decoded at its icon size on a screen of
    ``ratio`` device pixels per pixel, and only for the rows near the ones on show
    (``REVIEW_CACHED``): a review of a thousand drawings holds 2 MB of them where icons
    of twice the size for every row took 30 MB (bench/bench_ui.py), and the grid's cache
    keeps what the grid shows. Checked as the grid's are: one made with other corrections
    than its drawing's is made from the original."""
    edge = math.ceil(REVIEW_ICON * min(2.0, max(1.0, ratio)))
    return controller.thumbnails.icons(edge, capacity=REVIEW_CACHED, parent=parent)


class MatchReviewDialog(FittedDialog):
    """Every drawing of an event that is not settled, to review: suggestions to accept
    (confirmed, they become set by hand), ambiguous drawings with their candidate sessions
    side by side, drawings outside every session with the nearest sessions. Filters by room,
    track and illustrator; accept or reject a row or a selection. A rejection is kept in the
    catalog: that session is never suggested for that drawing again. All undoable."""

    NEAREST = 2
    PREFERRED = QSize(1100, 600)
    #: The rows of the last run of the match are on show.
    rows_loaded = Signal()

    def __init__(
        self,
        controller: ArchiveController,
        event_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.all_rows: list[dict[str, Any]] = []
        #: Runs of the match asked for, and the one whose rows are on show (``loading``).
        self._asked = self._shown = 0
        self.setWindowTitle(self.tr("Match items to sessions"))
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        for event in list_events(controller.db):
            self.event_combo.addItem(event.name, event.id)
        if event_id is not None:
            self.event_combo.setCurrentIndex(max(0, self.event_combo.findData(event_id)))
        self.grace = QSpinBox()
        self.grace.setRange(0, 240)
        self.grace.setValue(30)
        self.grace.setSuffix(self.tr(" min"))
        self.grace.setAccessibleName(self.tr("Grace period"))
        run = QPushButton(self.tr("Find matches"))
        run.clicked.connect(self.run_match)
        self.room_filter = QComboBox()
        self.room_filter.setAccessibleName(self.tr("Room"))
        self.track_filter = QComboBox()
        self.track_filter.setAccessibleName(self.tr("Track"))
        self.illustrator_filter = QComboBox()
        self.illustrator_filter.setAccessibleName(self.tr("Illustrator"))
        for combo in (self.room_filter, self.track_filter, self.illustrator_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        ratio = (parent or self).devicePixelRatioF()
        self.model = SuggestionModel([], self, review_icons(controller, self, ratio))
        #: Closed: the rows and the icons are freed, worked out again when shown.
        self.released = False
        self.table = ReviewTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Suggestions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setIconSize(QSize(REVIEW_ICON, REVIEW_ICON))
        # A thumbnail, or two lines of text: whichever is taller.
        self.table.setItemDelegate(LinesDelegate(REVIEW_LINES, self.table))
        lines = REVIEW_LINES * self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(max(48, lines) + 6)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        self.accept_selected = QPushButton(self.tr("Accept selected"))
        self.accept_all = QPushButton(self.tr("Accept all suggestions"))
        self.reject_selected = QPushButton(self.tr("Reject selected"))
        close = QPushButton(self.tr("Close"))
        self.accept_selected.clicked.connect(lambda: self.accept_rows(self._selected_rows()))
        self.accept_all.clicked.connect(
            lambda: self.accept_rows(
                [n for n, r in enumerate(self.model.rows) if r["kind"] == "suggested"]
            )
        )
        self.reject_selected.clicked.connect(lambda: self.reject_rows(self._selected_rows()))
        close.clicked.connect(self.close)
        for button in (self.accept_selected, self.accept_all, self.reject_selected):
            button.setEnabled(not controller.readonly)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Event")))
        top.addWidget(self.event_combo, 1)
        top.addWidget(QLabel(self.tr("Grace period")))
        top.addWidget(self.grace)
        top.addWidget(run)
        filters = QHBoxLayout()
        for label, combo in (
            (self.tr("Room"), self.room_filter),
            (self.tr("Track"), self.track_filter),
            (self.tr("Illustrator"), self.illustrator_filter),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for button in (self.reject_selected, self.accept_selected, self.accept_all, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        controller.catalog_changed.connect(self._on_controller_catalog_changed)
        controller.items_changed.connect(self._on_controller_items_changed)
        self.run_match()
        self.fit_to((parent or self).screen().availableGeometry())

    def _on_controller_catalog_changed(self) -> None:
        if not self.released:  # a closed review lists nothing again until it shows
            self.run_match()

    def done(self, result: int) -> None:
        """Closed, the review frees its rows and its icons (a window keeps its closed
        dialogs): a thousand drawings' rows and thumbnails no longer stay in memory."""
        super().done(result)
        self.release()

    def release(self) -> None:
        """Free the rows and the icons; a run still on its way is not shown."""
        self.released = True
        self._asked += 1
        self._shown = self._asked
        self.all_rows = []
        self.model.beginResetModel()
        self.model.rows = []
        self.model.endResetModel()
        if self.model.thumbnails is not None:
            self.model.thumbnails.clear_queue()
            self.model.thumbnails.set_budget(0)  # keeps the newest one only

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.released:  # shown again after a close: listed as the catalog is now
            self.released = False
            if self.model.thumbnails is not None:
                self.model.thumbnails.set_budget(None)
            self.run_match()

    def _on_controller_items_changed(self, ids: list[int]) -> None:
        """A drawing turned or cropped (Edit → Rotate, the viewer) while the review is open:
        its icon is read again, the old one showing until the new one is there. Said once
        when the correction is stored (the icon is then made from the original) and once
        its files were made again (the new file is read)."""
        if self.model.thumbnails is not None:
            self.model.thumbnails.recheck(ids)

    @property
    def loading(self) -> bool:
        """The rows asked for last are still being worked out (``rows_loaded`` follows)."""
        return self._shown != self._asked

    def run_match(self) -> None:
        """Match as a dry run and list every drawing not settled by hand, worked out on a
        worker with a connection of its own: over a thousand drawings, the reads and the
        rows take a quarter of a second and more, which the window would stall for
        (bench/bench_ui.py). The rows come back on the GUI thread (``rows_loaded``); of
        several runs in a row (edits while the review is open), only the last one's show."""
        event_id = self.event_combo.currentData()
        if event_id is None:
            return
        self._asked += 1
        asked = self._asked
        path, readonly = self.controller.db.path, self.controller.db.readonly
        grace = timedelta(minutes=self.grace.value())
        reasons = {
            "during": self.tr("during the session"),
            "grace": self.tr("just after it ended"),
            "ambiguous": self.tr("one of sessions running at once"),
            "no-session": self.tr("nearest session (outside every session)"),
            "rejected": self.tr("nearest session (the suggestion was rejected)"),
        }

        def work() -> list[dict[str, Any]]:
            db = Database(path, readonly=readonly, create=False)
            try:
                return self._review_rows(db, event_id, grace, reasons)
            finally:
                db.close()

        def done(rows: list[dict[str, Any]]) -> None:
            if asked != self._asked:
                return  # a later run is on its way, with the catalog as it is now
            self._shown = asked
            self.all_rows = rows
            self._fill_filters()
            self._apply_filters()
            self.rows_loaded.emit()

        def failed(exc: BaseException, details: str) -> None:
            if asked == self._asked:
                self._shown = asked
                self.controller.error_raised.emit(say(exc), details)

        self.controller.tasks.run(work, done, failed)

    def _review_rows(
        self, db: Database, event_id: int, grace: timedelta, reasons: dict[str, str]
    ) -> list[dict[str, Any]]:
        """The review's rows (on a worker: nothing of Qt but locale formatting)."""
        event = get_event_by_id(db, event_id)
        summary = match_event(db, event, grace=grace, dry_run=True)
        sessions = {s.id: s for s in list_sessions(db, event.id)}
        rejected = rejected_sessions(db)
        items = {i.id: i for i in items_by_ids(db, [r.item_id for r in summary.results])}
        rows: list[dict[str, Any]] = []
        for result in summary.results:
            item = items.get(result.item_id)
            if item is None or item.session_source == "manual":
                continue
            if result.session_id is not None:
                kind, choices = "suggested", [result.session_id]
            elif result.reason == "ambiguous":
                kind, choices = "ambiguous", list(result.candidates)
            elif result.reason in ("no-session", "rejected"):
                kind = "unmatched"
                choices = self._nearest(item, sessions, rejected.get(item.id, set()), event)
            else:
                continue
            for session_id in choices:
                session = sessions.get(session_id)
                if session is None:
                    continue
                rows.append(
                    {
                        "kind": kind,
                        "item_id": item.id,
                        "session_id": session_id,
                        "hash": item.hash,
                        "item": item.title or item.original_name,
                        "captured": short_date_time(item.captured_at) if item.captured_at else "",
                        "current": item.session or "—",
                        "suggested": session.title,
                        "room": session.room or "",
                        "track": session.track or "",
                        "time": f"{time_of_day(session.start)}–{time_of_day(session.end)}",
                        "speakers": ", ".join(session.speakers),
                        "why": reasons.get(result.reason, result.reason),
                        "illustrators": list(item.illustrators),
                    }
                )
        return rows

    def _nearest(
        self, item: Item, sessions: dict[int, Session], refused: set[int], event: Event
    ) -> list[int]:
        """The sessions closest in time to the drawing's capture, rejected ones left out."""
        if not item.captured_at:
            return []
        try:
            captured = datetime.fromisoformat(item.captured_at + (item.capture_offset or ""))
        except ValueError:
            return []
        if captured.tzinfo is None:
            captured = captured.replace(tzinfo=event.tz)

        def distance(session: Session) -> timedelta:
            if session.start <= captured < session.end:
                return timedelta(0)
            return min(abs(captured - session.start), abs(captured - session.end))

        ranked = sorted(
            (s for s in sessions.values() if s.id not in refused), key=lambda s: (distance(s), s.id)
        )
        return [s.id for s in ranked[: self.NEAREST]]

    def _fill_filters(self) -> None:
        def fill(combo: QComboBox, values: set[str]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("Any"), None)
            for value in sorted(values, key=str.casefold):
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)

        fill(self.room_filter, {r["room"] for r in self.all_rows if r["room"]})
        fill(self.track_filter, {r["track"] for r in self.all_rows if r["track"]})
        fill(
            self.illustrator_filter,
            {name for r in self.all_rows for name in r["illustrators"]},
        )

    def set_filters(
        self, room: str | None = None, track: str | None = None, illustrator: str | None = None
    ) -> None:
        """Show only rows of this room, track and illustrator (None: any)."""
        for combo, value in (
            (self.room_filter, room),
            (self.track_filter, track),
            (self.illustrator_filter, illustrator),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)) if value else 0)
        self._apply_filters()

    def _apply_filters(self) -> None:
        room = self.room_filter.currentData()
        track = self.track_filter.currentData()
        illustrator = self.illustrator_filter.currentData()
        shown = [
            r
            for r in self.all_rows
            if (room is None or r["room"] == room)
            and (track is None or r["track"] == track)
            and (illustrator is None or illustrator in r["illustrators"])
        ]
        self.model.beginResetModel()
        self.model.rows = shown
        self.model.endResetModel()
        self._say_count()

    def _say_count(self) -> None:
        drawings = len({r["item_id"] for r in self.model.rows})
        self.status.setText(self.tr("%n drawing(s) to review", "", drawings))

    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def accept_rows(self, rows: list[int]) -> None:
        """Tie each drawing to the session of its (first) chosen row, by hand."""
        chosen: dict[int, int] = {}
        for r in rows:
            row = self.model.rows[r]
            chosen.setdefault(row["item_id"], row["session_id"])
        pairs = list(chosen.items())
        if pairs and self.controller.push(AcceptMatchesCommand(self.controller, pairs)):
            self._drop(lambda row: row["item_id"] in chosen)

    def reject_rows(self, rows: list[int]) -> None:
        """Reject each row's session for its drawing, for good (undoable)."""
        pairs = [(self.model.rows[r]["item_id"], self.model.rows[r]["session_id"]) for r in rows]
        if pairs and self.controller.push(RejectMatchesCommand(self.controller, pairs)):
            gone = set(pairs)
            self._drop(lambda row: (row["item_id"], row["session_id"]) in gone)

    def _drop(self, settled: Callable[[dict[str, Any]], bool]) -> None:
        # The push's catalog_changed has listed the rows again; drop what was settled in
        # case a refresh is still to come.
        self.all_rows = [r for r in self.all_rows if not settled(r)]
        self._apply_filters()
