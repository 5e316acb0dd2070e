"""Covers and the order of a session's drawings in the window: actions, badge, undo."""

from __future__ import annotations

from carnet.catalog.browse import ItemFilter
from carnet.catalog.covers import event_cover, session_cover, stored_event_cover


def _commons(window) -> int:  # type: ignore[no-untyped-def]
    db = window.controller.db
    return int(db.scalar("SELECT id FROM sessions WHERE title = 'Les communs urbains'"))


def test_move_later_and_earlier_undoably(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    covers = window.covers
    session = _commons(window)
    window._on_sidebar_action_chosen(ItemFilter("session", id=session))
    start = list(window.model.ids)
    assert len(start) == 3
    # Nothing selected: nothing to move.
    assert not covers.later_action.isEnabled()
    window.select_ids([start[0]])
    assert covers.later_action.isEnabled() and covers.session_cover_action.isEnabled()
    covers.later_action.trigger()
    assert window.model.ids == [start[1], start[0], start[2]]
    assert window.selected_ids() == [start[0]]
    covers.later_action.trigger()
    assert window.model.ids == [start[1], start[2], start[0]]
    covers.later_action.trigger()  # already last: nothing happens
    assert window.model.ids == [start[1], start[2], start[0]]
    covers.earlier_action.trigger()
    assert window.model.ids == [start[1], start[0], start[2]]
    window.controller.undo_stack.undo()
    assert window.model.ids == [start[1], start[2], start[0]]
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    assert window.model.ids == start
    window.controller.undo_stack.redo()
    assert window.model.ids == [start[1], start[0], start[2]]
    # Elsewhere (all items), the actions that need a session are off.
    window._on_sidebar_action_chosen(ItemFilter("all"))
    window.select_ids([start[0]])
    assert not covers.later_action.isEnabled()
    assert not covers.session_cover_action.isEnabled()
    assert covers.event_cover_action.isEnabled()


def test_session_and_event_cover_with_badge(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.models import Roles

    covers = window.covers
    db = window.controller.db
    session = _commons(window)
    window._on_sidebar_action_chosen(ItemFilter("session", id=session))
    ids = list(window.model.ids)
    assert window.model.cover_id == ids[0]  # the default: its first drawing
    window.select_ids([ids[2]])
    covers.session_cover_action.trigger()
    assert session_cover(db, session) == ids[2]
    assert window.model.cover_id == ids[2]
    assert window.model.data(window.model.index(2), Roles.Cover) is True
    assert window.model.data(window.model.index(0), Roles.Cover) is False
    before = event_cover(db, 1)
    covers.event_cover_action.trigger()
    assert stored_event_cover(db, 1) == ids[2] and event_cover(db, 1) == ids[2]
    window.controller.undo_stack.undo()
    assert event_cover(db, 1) == before and stored_event_cover(db, 1) is None
    window.controller.undo_stack.undo()
    assert session_cover(db, session) == ids[0]
    assert window.model.cover_id == ids[0]
    # The menu holds the actions.
    texts = [a.text() for a in window.edit_menu.actions()]
    assert "Use as session cover" in texts and "Move later" in texts


def _drop(window, mime, pos):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    viewport = window.grid.viewport()
    enter = QDragEnterEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(viewport, enter)
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
    )
    QApplication.sendEvent(viewport, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_drag_a_drawing_to_a_new_place(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData
    from PySide6.QtCore import Qt as QtNs

    session = _commons(window)
    window._on_sidebar_action_chosen(ItemFilter("session", id=session))
    start = list(window.model.ids)
    assert window.model.flags(window.model.index(0)) & QtNs.ItemFlag.ItemIsDragEnabled
    mime = window.model.mimeData([window.model.index(2)])
    # Dropped on the left half of the first drawing: it goes before it.
    first = window.grid.visualRect(window.model.index(0))
    entered, dropped = _drop(window, mime, first.center() - first.center().__class__(10, 0))
    assert entered and dropped
    assert window.model.ids == [start[2], start[0], start[1]]
    assert window.selected_ids() == [start[2]]
    window.controller.undo_stack.undo()
    assert window.model.ids == start
    # Files dragged over the grid are not the grid's: the window imports them.
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile("/tmp/drawing.jpg")])
    enter = QDragEnterEvent(
        first.center(),
        QtNs.DropAction.CopyAction,
        files,
        QtNs.MouseButton.LeftButton,
        QtNs.KeyboardModifier(0),
    )
    QApplication.sendEvent(window.grid.viewport(), enter)
    assert enter.isAccepted()
    assert window.model.ids == start
    # Elsewhere than a session, cells still drag (onto the sidebar) but do not move.
    window._on_sidebar_action_chosen(ItemFilter("all"))
    shown = list(window.model.ids)
    mime = window.model.mimeData([window.model.index(2)])
    first = window.grid.visualRect(window.model.index(0))
    assert _drop(window, mime, first.center()) == (False, False)
    assert window.model.ids == shown
