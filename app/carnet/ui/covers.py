"""Covers and the order of a session's drawings in the window: the undoable commands and
the actions ("Use as session cover", "Use as event cover", "Move earlier", "Move later")
in the Edit menu and the grid's context menu.

Reordering is by dragging drawings to a new place in the grid (dropped before the drawing
under the pointer, or after it on its right half), and by the two Move actions from the
keyboard. The drag carries the items' ids in a type of its own, so a drop of files onto
the grid still goes to the window (an import).
The order is the catalog's (``catalog/covers.py``), shown when a session is selected in the
sidebar and the grid is sorted by capture time; the session's cover carries a badge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu

from carnet.catalog.covers import (
    hand_order,
    session_cover,
    session_item_ids,
    set_event_cover,
    set_session_cover,
    set_session_order,
    stored_event_cover,
    stored_session_cover,
)
from carnet.ui.controller import ArchiveController
from carnet.ui.models import ITEM_IDS_MIME, dropped_ids
from carnet.ui.undo import EditCommand

if TYPE_CHECKING:
    from carnet.ui.main_window import MainWindow

translate = QCoreApplication.translate


class SetCoverCommand(EditCommand):
    """Make a drawing the cover of its session (``kind`` "session") or event ("event")."""

    def __init__(
        self, controller: ArchiveController, kind: str, owner_id: int, item_id: int | None
    ) -> None:
        text = (
            translate("Undo", "Use as session cover")
            if kind == "session"
            else translate("Undo", "Use as event cover")
        )
        super().__init__(controller, text)
        self.kind, self.owner_id, self.item_id = kind, owner_id, item_id
        db = controller.db
        self.before = (
            stored_session_cover(db, owner_id)
            if kind == "session"
            else stored_event_cover(db, owner_id)
        )

    def _set(self, item_id: int | None, *, strict: bool) -> None:
        setter = set_session_cover if self.kind == "session" else set_event_cover
        setter(self.controller.db, self.owner_id, item_id, strict=strict)
        self.controller.notify_catalog()

    def apply(self) -> None:
        self._set(self.item_id, strict=True)

    def revert(self) -> None:
        self._set(self.before, strict=False)


class SetSessionOrderCommand(EditCommand):
    """Put a session's drawings in a new order (a drawing moved earlier or later)."""

    def __init__(self, controller: ArchiveController, session_id: int, ids: list[int]) -> None:
        super().__init__(controller, translate("Undo", "Move in the session"))
        self.session_id, self.ids = session_id, ids
        self.before = hand_order(controller.db, session_id)

    def apply(self) -> None:
        set_session_order(self.controller.db, self.session_id, self.ids)
        self.controller.notify_catalog()

    def revert(self) -> None:
        set_session_order(self.controller.db, self.session_id, self.before, strict=False)
        self.controller.notify_catalog()


class CoverActions(QObject):
    """The window's cover and order actions, added to its Edit menu and grid."""

    def __init__(self, window: MainWindow, menu: QMenu | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session_cover_action = self._action(
            self.tr("Use as session cover"), self.use_as_session_cover, "useAsSessionCover"
        )
        self.event_cover_action = self._action(
            self.tr("Use as event cover"), self.use_as_event_cover, "useAsEventCover"
        )
        self.earlier_action = self._action(
            self.tr("Move earlier"), lambda: self.move(-1), "moveEarlier", "Ctrl+["
        )
        self.later_action = self._action(
            self.tr("Move later"), lambda: self.move(1), "moveLater", "Ctrl+]"
        )
        if menu is not None:
            menu.addSeparator()
            for action in self.actions:
                menu.addAction(action)
        grid = window.grid
        grid.setDragEnabled(True)
        grid.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        grid.setDefaultDropAction(Qt.DropAction.CopyAction)  # never lets the view remove rows
        grid.viewport().setAcceptDrops(True)
        grid.viewport().installEventFilter(self)
        window.grid.selectionModel().selectionChanged.connect(self.update_actions)
        window.model.modelReset.connect(self.update_cover)
        window.controller.catalog_changed.connect(self.update_cover)
        self.update_actions()
        self.update_cover()

    @property
    def actions(self) -> list[QAction]:
        return [
            self.session_cover_action,
            self.event_cover_action,
            self.earlier_action,
            self.later_action,
        ]

    def _action(self, text: str, slot: object, name: str, shortcut: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.grid.addAction(action)
        return action

    # ------------------------------------------------------------------ state

    def _session_id(self) -> int | None:
        """The session the grid shows in its order, if it does."""
        flt = self.window.filter
        if flt.kind == "session" and flt.id is not None and self.window.sort == "captured":
            return flt.id
        return None

    def _one(self) -> int | None:
        ids = self.window.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def update_actions(self, *_args: object) -> None:
        writable = not self.window.controller.readonly
        one = self._one() is not None and self.window.filter.kind != "trash"
        in_session = self._session_id() is not None
        self.session_cover_action.setEnabled(writable and one and in_session)
        self.event_cover_action.setEnabled(writable and one)
        ordered = writable and in_session and bool(self.window.selected_ids())
        self.earlier_action.setEnabled(ordered)
        self.later_action.setEnabled(ordered)

    def update_cover(self) -> None:
        """Mark the session's cover in the grid when a session is selected."""
        flt = self.window.filter
        cover = None
        if flt.kind == "session" and flt.id is not None:
            cover = session_cover(self.window.controller.db, flt.id)
        self.window.model.set_cover(cover)
        self.window.model.reorderable = (
            self._session_id() is not None and not self.window.controller.readonly
        )
        self.update_actions()

    # ------------------------------------------------------------------ drag and drop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Drags of cells within the grid (our own type only; files go to the window)."""
        if isinstance(event, (QDragEnterEvent, QDragMoveEvent, QDropEvent)):
            mime = event.mimeData()
            if not mime.hasFormat(ITEM_IDS_MIME):
                return False
            ids = dropped_ids(mime, self.window.model.archive_key)
            if not self.window.model.reorderable or ids is None:  # or another archive's
                event.ignore()
                return True
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            if event.type() == QEvent.Type.Drop:
                self.drop(ids, event.position().toPoint())
            return True
        return super().eventFilter(watched, event)

    def drop(self, ids: list[int], pos: QPoint) -> None:
        """Put ``ids`` before the drawing at ``pos`` in the grid (after it on its right
        half; at the end below the last one)."""
        grid = self.window.grid
        index = grid.indexAt(pos)
        target = len(self.window.model.ids)
        if index.isValid():
            rect = grid.visualRect(index)
            target = index.row() + (1 if pos.x() > rect.center().x() else 0)
        self.move_to(ids, target)

    def move_to(self, ids: list[int], target: int) -> None:
        """Move ``ids`` so they stand, in grid order, before what was at row ``target``."""
        session_id = self._session_id()
        if session_id is None or not ids:
            return
        order = session_item_ids(self.window.controller.db, session_id)
        shown = self.window.model.ids
        after = shown[target] if 0 <= target < len(shown) else None
        moving = [i for i in order if i in set(ids)]
        rest = [i for i in order if i not in set(ids)]
        while after is not None and after in ids:  # dropped onto itself: just after it
            target += 1
            after = shown[target] if target < len(shown) else None
        at = rest.index(after) if after in rest else len(rest)
        new = rest[:at] + moving + rest[at:]
        if new != order:
            self.window.controller.push(
                SetSessionOrderCommand(self.window.controller, session_id, new)
            )
            self.window.select_ids(moving)

    # ------------------------------------------------------------------ slots

    def use_as_session_cover(self) -> None:
        session_id, item_id = self._session_id(), self._one()
        if session_id is not None and item_id is not None:
            self.window.controller.push(
                SetCoverCommand(self.window.controller, "session", session_id, item_id)
            )

    def use_as_event_cover(self) -> None:
        item_id = self._one()
        if item_id is None:
            return
        items = self.window.controller.items([item_id])
        if items and items[0].event_id is not None:
            self.window.controller.push(
                SetCoverCommand(self.window.controller, "event", items[0].event_id, item_id)
            )
        else:
            self.window.statusBar().showMessage(
                self.tr("This drawing belongs to no event: give it one first."), 5000
            )

    def move(self, step: int) -> None:
        """Move the selected drawings one place earlier (-1) or later (1) in the session."""
        session_id = self._session_id()
        selected = self.window.selected_ids()
        if session_id is None or not selected:
            return
        order = session_item_ids(self.window.controller.db, session_id)
        chosen = set(selected)
        positions = [n for n, i in enumerate(order) if i in chosen]
        if not positions:
            return
        if (step < 0 and positions[0] == 0) or (step > 0 and positions[-1] == len(order) - 1):
            return
        for n in positions if step < 0 else reversed(positions):
            order[n], order[n + step] = order[n + step], order[n]
        self.window.controller.push(
            SetSessionOrderCommand(self.window.controller, session_id, order)
        )
        self.window.select_ids(selected)
