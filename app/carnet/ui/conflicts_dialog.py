"""Edit → Review merge conflicts…: the conflicts merges left open, settled in the window.

A merge keeps the archive's value where both sides changed a field and leaves the conflict
open (``catalog/conflicts.py``). This dialog lists them — the drawing's thumbnail (from
the grid's cache, decoded small), the field in the window's language, mine and theirs side
by side, whose contribution and when it was merged — with a choice per row or for all;
Apply settles the chosen ones as one command on the Edit stack (Ctrl+Z puts the values
back and opens the conflicts again). Rows left unticked stay open. A read-only window shows
them, and settles nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.browse import items_by_ids
from carnet.catalog.conflicts import (
    Choice,
    Conflict,
    ConflictKey,
    Settlement,
    drawing_names,
    open_conflicts,
    session_names,
    settle,
    unsettle,
)
from carnet.ui.conflict_names import field_name, place_name, value_text
from carnet.ui.controller import ArchiveController
from carnet.ui.thumbnails import ImageCache
from carnet.ui.undo import EditCommand, translate

_Index = QModelIndex | QPersistentModelIndex

#: The long edge of a drawing's picture in the list.
ICON = 48


class SettleConflictsCommand(EditCommand):
    """Settle merge conflicts as chosen. Undo gives back the values and provenance the
    settlement replaced and opens the conflicts again; redo settles them the same way."""

    def __init__(self, controller: ArchiveController, choices: dict[ConflictKey, Choice]) -> None:
        super().__init__(
            controller,
            translate("Undo", "Settle %n merge conflict(s)", None, len(choices)),
        )
        self.choices = dict(choices)
        self.settlement: Settlement | None = None

    def apply(self) -> None:
        self.settlement = settle(self.controller.db, self.choices)
        self._changed()

    def revert(self) -> None:
        if self.settlement is not None:
            unsettle(self.controller.db, self.settlement)
            self._changed()

    def _changed(self) -> None:
        done = self.settlement
        if done is None:
            return
        if done.corrected:
            self.controller.rederive(done.corrected)
        if done.item_ids:
            self.controller.notify_items(done.item_ids)
        # Sessions, covers and the count of open conflicts: the lists move too.
        self.controller.notify_catalog()


class ConflictReviewModel(QAbstractTableModel):
    """The open conflicts: drawing, field, mine, theirs, from. The choice of a row is a
    check box in the column kept; neither ticked leaves the conflict open."""

    def __init__(
        self, icons: ImageCache | None, *, editable: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.icons = icons
        self.editable = editable
        self.conflicts: list[Conflict] = []
        self.choices: list[Choice | None] = []
        self._names: dict[int, tuple[str, str]] = {}  # item id → (hash, name)
        self._sessions: dict[str, str] = {}
        self._drawings: dict[str, str] = {}  # hash → name
        self._rows_of: dict[str, list[int]] = {}
        if icons is not None:
            icons.image_loaded.connect(self._on_icons_image_loaded)

    def set_conflicts(
        self,
        conflicts: list[Conflict],
        items: dict[int, tuple[str, str]],
        sessions: dict[str, str],
        drawings: dict[str, str],
    ) -> None:
        """Show ``conflicts``; a choice already made for one still open is kept."""
        kept = {c.key: choice for c, choice in zip(self.conflicts, self.choices, strict=True)}
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.choices = [kept.get(c.key) for c in self.conflicts]
        self._names, self._sessions, self._drawings = items, sessions, drawings
        self._rows_of = {}
        for row, c in enumerate(self.conflicts):
            digest = self.picture_of(c)
            if digest:
                self._rows_of.setdefault(digest, []).append(row)
        self.endResetModel()

    def chosen(self) -> dict[ConflictKey, Choice]:
        return {
            c.key: choice
            for c, choice in zip(self.conflicts, self.choices, strict=True)
            if choice is not None
        }

    def choose_all(self, choice: Choice) -> None:
        self.choices = [choice] * len(self.conflicts)
        if self.conflicts:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.conflicts) - 1, 3))

    def picture_of(self, c: Conflict) -> str | None:
        """The hash of the drawing the row shows: the item's, or their cover's."""
        if c.item_id is not None:
            found = self._names.get(c.item_id)
            return found[0] if found else None
        if c.field == "cover" and isinstance(c.theirs, str):
            return c.theirs
        return None

    def where(self, c: Conflict) -> str:
        """The drawing a conflict is about, or the event or session of a cover or order."""
        if c.item_id is not None:
            found = self._names.get(c.item_id)
            return found[1] if found else str(c.item_id)
        return place_name(str(c.target), self._sessions)

    def value(self, c: Conflict, value: Any) -> str:
        return value_text(c.field, c.target, value, self._sessions, self._drawings)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Drawing"),
                self.tr("Field"),
                self.tr("Mine"),
                self.tr("Theirs"),
                self.tr("From"),
            ][section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.conflicts[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return self.where(c)
            if column == 1:
                return field_name(c.field)
            if column == 4:
                who = c.illustrator or c.package or ""
                return self.tr("%1, merged %2").replace("%1", who).replace("%2", c.merged_at[:10])
            value = self.value(c, c.mine if column == 2 else c.theirs)
            if role == Qt.ItemDataRole.DisplayRole:
                return value or "—"
            return value or self.tr("(empty)")
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and self.icons is not None:
            digest = self.picture_of(c)
            return self.icons.pixmap(digest) if digest else None
        if role == Qt.ItemDataRole.CheckStateRole and column in (2, 3):
            wanted = "mine" if column == 2 else "theirs"
            checked = self.choices[index.row()] == wanted
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (2, 3) and self.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or index.column() not in (2, 3)
            or not self.editable
        ):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        wanted: Choice = "mine" if index.column() == 2 else "theirs"
        row = index.row()
        self.choices[row] = wanted if checked else None
        self.dataChanged.emit(self.index(row, 2), self.index(row, 3))
        return True

    def _on_icons_image_loaded(self, digest: str) -> None:
        for row in self._rows_of.get(digest, ()):
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class ConflictsDialog(QDialog):
    """The open conflicts, to settle (see the module's docstring). Not modal: Undo and
    Redo in the window move it along, and it follows."""

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        editable = not controller.readonly
        self.setWindowTitle(self.tr("Merge conflicts"))
        self.resize(900, 480)
        box = QVBoxLayout(self)
        if editable:
            text = self.tr(
                "Merges left these conflicts open: the archive kept its own value. Tick the "
                "value to keep, for each or for all, then Apply. Those left unticked stay open."
            )
        else:
            text = self.tr(
                "Merges left these conflicts open. This archive is open read-only: they can "
                "be reviewed here, and settled in a window that can change the archive."
            )
        self.help_label = QLabel(text)
        self.help_label.setWordWrap(True)
        box.addWidget(self.help_label)
        self.icons = controller.thumbnails.icons(2 * ICON, capacity=500, parent=self)
        self.model = ConflictReviewModel(self.icons, editable=editable, parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Merge conflicts"))
        self.view.setIconSize(QSize(ICON, ICON))
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(ICON + 8)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        header.resizeSection(1, 110)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(4, 170)
        box.addWidget(self.view, 1)
        self.empty_label = QLabel(self.tr("No conflict is open."))
        self.empty_label.hide()
        box.addWidget(self.empty_label)
        self.skipped_label = QLabel()
        self.skipped_label.setWordWrap(True)
        self.skipped_label.hide()
        box.addWidget(self.skipped_label)
        choices = QHBoxLayout()
        self.all_mine = QPushButton(self.tr("Keep mine for all"))
        self.all_mine.clicked.connect(lambda: self.model.choose_all("mine"))
        self.all_theirs = QPushButton(self.tr("Take theirs for all"))
        self.all_theirs.clicked.connect(lambda: self.model.choose_all("theirs"))
        choices.addWidget(self.all_mine)
        choices.addWidget(self.all_theirs)
        choices.addStretch(1)
        box.addLayout(choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = buttons.addButton(
            self.tr("Apply"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        for widget in (self.all_mine, self.all_theirs, self.apply_button):
            widget.setVisible(editable)
        controller.catalog_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        """Read the open conflicts again (after Apply, an undo or a redo)."""
        db = self.controller.db
        conflicts = open_conflicts(db)
        items = {
            i.id: (i.hash, i.title or i.original_name)
            for i in items_by_ids(db, [c.item_id for c in conflicts if c.item_id is not None])
        }
        hashes = [
            str(h)
            for c in conflicts
            if c.target is not None
            for v in (c.mine, c.theirs)
            for h in (v if isinstance(v, list) else [v])
            if h
        ]
        drawings = {h: name for h, (_, name) in drawing_names(db, hashes).items()}
        self.model.set_conflicts(conflicts, items, session_names(db), drawings)
        self.empty_label.setVisible(not conflicts)
        self.all_mine.setEnabled(bool(conflicts))
        self.all_theirs.setEnabled(bool(conflicts))

    def apply(self) -> bool:
        """Settle the ticked conflicts as one step of the Edit stack."""
        chosen = self.model.chosen()
        if not chosen:
            return False
        command = SettleConflictsCommand(self.controller, chosen)
        if not self.controller.push(command):
            return False
        skipped = len(command.settlement.skipped) if command.settlement else 0
        self.skipped_label.setText(
            self.tr(
                "%n conflict(s) could not take their value: its drawing or session is no "
                "longer in the archive. They stay open.",
                "",
                skipped,
            )
        )
        self.skipped_label.setVisible(bool(skipped))
        return True
