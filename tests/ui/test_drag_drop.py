"""Drawings dragged from the grid onto the sidebar (a session, a person, a tag), one undo
step per drop; what is refused (rows that are not targets, a read-only window, another
archive's drawings); files from a file manager still import; Show in folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from carnet.catalog.archive import Archive
from carnet.catalog.browse import ItemFilter, items_by_ids
from carnet.catalog.items import add_people, add_tags
from carnet.catalog.sessions import session_state
from carnet.ui.models import Roles, items_mime

COPY = Qt.DropAction.CopyAction
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier(0)


def _row(window: Any, wanted: Any) -> QModelIndex:
    """The sidebar row whose filter is ``wanted`` (or whose label it is), scrolled to."""
    model = window.sidebar_model
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for n in range(model.rowCount(parent)):
            index = model.index(n, 0, parent)
            if (
                index.data(Roles.Filter) == wanted
                or index.data(Qt.ItemDataRole.ToolTipRole) == wanted
            ):
                window.sidebar.scrollTo(index)
                return index
            stack.append(index)
    raise AssertionError(f"no sidebar row for {wanted!r}")


def _session(window: Any, title: str) -> int:
    return int(window.controller.db.scalar("SELECT id FROM sessions WHERE title = ?", (title,)))


def _drag(window: Any, mime: QMimeData, index: QModelIndex) -> tuple[bool, bool, bool]:
    """Drag ``mime`` over the sidebar row ``index`` and drop it there, as Qt delivers a
    drag to the sidebar's viewport: (entered, moved, dropped) accepted."""
    viewport = window.sidebar.viewport()
    pos = window.sidebar.visualRect(index).center()
    enter = QDragEnterEvent(pos, COPY, mime, LEFT, NONE)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(pos, COPY, mime, LEFT, NONE)
    QApplication.sendEvent(viewport, move)
    if move.isAccepted():
        assert window.sidebar.drop_row == index  # the target row is highlighted
    else:
        assert not window.sidebar.drop_row.isValid()
    drop = QDropEvent(QPointF(pos), COPY, mime, LEFT, NONE)
    QApplication.sendEvent(viewport, drop)
    assert not window.sidebar.drop_row.isValid()  # the highlight goes with the drop
    return enter.isAccepted(), move.isAccepted(), drop.isAccepted()


def _selection_mime(window: Any, ids: list[int]) -> QMimeData:
    """What the grid's drag of ``ids`` carries (selected as a user would)."""
    window.select_ids(ids)
    indexes = window.grid.selectionModel().selectedIndexes()
    return window.model.mimeData(indexes)


def test_drop_drawings_on_a_session_assigns_them_in_one_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    ids = list(window.model.ids)
    assert len(ids) == 6
    assert window.model.flags(window.model.index(0)) & Qt.ItemFlag.ItemIsDragEnabled
    closing = _session(window, "Clôture")
    before = session_state(db, ids)
    target = _row(window, ItemFilter("session", id=closing))
    entered, moved, dropped = _drag(window, _selection_mime(window, ids), target)
    assert entered and moved and dropped
    assigned = {(closing, "manual")}
    # (A large batch may be written on a worker: each state is waited for.)
    qtbot.waitUntil(lambda: set(session_state(db, ids).values()) == assigned)
    assert window.controller.undo_stack.undoText() == "Assign 6 drawings to “Clôture”"
    # The sidebar's counts follow.
    qtbot.waitUntil(lambda: _row(window, ItemFilter("session", id=closing)).data(Roles.Count) == 6)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: session_state(db, ids) == before)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: set(session_state(db, ids).values()) == assigned)
    # Dropped again where they are: nothing to change, nothing on the stack.
    count = window.controller.undo_stack.count()
    assert _drag(window, _selection_mime(window, ids), target)[2]
    assert window.controller.undo_stack.count() == count


def test_drop_on_a_person_or_a_tag_adds_the_label(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    ids = list(window.model.ids)[:2]
    with db.transaction() as conn:  # a speaker of one drawing shows in the sidebar
        add_people(conn, [window.model.ids[5]], ["Marie Curie"], "speaker")
    window.refresh_catalog()
    speaker = _row(window, "Marie Curie")
    assert speaker.data(Roles.Filter).value == "speaker"
    assert all(_drag(window, _selection_mime(window, ids), speaker))
    qtbot.waitUntil(lambda: all("Marie Curie" in i.speakers for i in items_by_ids(db, ids)))
    assert window.controller.undo_stack.undoText() == "Add the speaker “Marie Curie” to 2 drawings"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: all("Marie Curie" not in i.speakers for i in items_by_ids(db, ids)))
    # A tag of its own path, a level down (theme/communs): the whole path is given.
    with db.transaction() as conn:
        add_tags(conn, [window.model.ids[5]], ["theme/communs"])
    window.refresh_catalog()
    window.sidebar.expandAll()
    tag = _row(window, ItemFilter("tag", value="theme/communs"))
    assert all(_drag(window, _selection_mime(window, ids), tag))
    qtbot.waitUntil(lambda: all(i.tags == ["theme/communs"] for i in items_by_ids(db, ids)))
    assert window.controller.undo_stack.undoText() == "Add the tag “theme/communs” to 2 drawings"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: all(i.tags == [] for i in items_by_ids(db, ids)))
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: all(i.tags == ["theme/communs"] for i in items_by_ids(db, ids)))


def test_rows_that_are_not_targets_refuse_the_drop(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    ids = list(window.model.ids)
    before = session_state(db, ids)
    count = window.controller.undo_stack.count()
    event = window.controller.db.scalar("SELECT id FROM events")
    day = _row(window, ItemFilter("day", value="2016-09-29", event_id=event))
    for row in (_row(window, ItemFilter("trash")), day, _row(window, "Library")):
        entered, moved, dropped = _drag(window, _selection_mime(window, ids), row)
        assert entered and not moved and not dropped  # the pointer says no over the row
    assert session_state(db, ids) == before
    assert window.controller.undo_stack.count() == count
    assert window.filter == ItemFilter("all")  # nothing chosen in the sidebar either


def test_another_archives_drawings_are_refused(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    ids = list(window.model.ids)
    before = session_state(db, ids)
    foreign = items_mime(str(Path("/elsewhere/Other.carnet")), ids)
    target = _row(window, ItemFilter("session", id=_session(window, "Clôture")))
    assert _drag(window, foreign, target) == (False, False, False)
    # Nor in the grid's order of a session (the same ids are other drawings there).
    window.show_session(_session(window, "Les communs urbains"))
    shown = list(window.model.ids)
    grid = window.grid.viewport()
    pos = window.grid.visualRect(window.model.index(0)).center()
    drop = QDropEvent(QPointF(pos), COPY, items_mime("/elsewhere", [shown[2]]), LEFT, NONE)
    QApplication.sendEvent(grid, drop)
    assert not drop.isAccepted() and window.model.ids == shown
    assert session_state(db, ids) == before


def test_a_read_only_window_takes_no_drop(carnet_app, archive_path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    with Archive.open(archive_path):  # another writer holds the lock
        assert carnet_app.open_archive(archive_path)
        window = carnet_app.window
        assert window.controller.readonly
        db = window.controller.db
        ids = list(window.model.ids)
        before = session_state(db, ids)
        target = _row(window, ItemFilter("session", id=_session(window, "Clôture")))
        assert not window.sidebar_model.flags(target) & Qt.ItemFlag.ItemIsDropEnabled
        assert _drag(window, _selection_mime(window, ids), target) == (False, False, False)
        assert session_state(db, ids) == before
        assert window.controller.undo_stack.count() == 0
        carnet_app.close_archive()


def test_files_dropped_on_the_sidebar_still_import(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[list[Path]] = []
    monkeypatch.setattr(window, "open_import_dialog", lambda paths=None: asked.append(paths))
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile("/tmp/drawing.jpg")])
    pos = QPoint(20, 20)
    viewport = window.sidebar.viewport()
    enter = QDragEnterEvent(pos, COPY, files, LEFT, NONE)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()  # by the window, which imports them
    drop = QDropEvent(QPointF(pos), COPY, files, LEFT, NONE)
    QApplication.sendEvent(viewport, drop)
    assert asked == [[Path("/tmp/drawing.jpg")]]


class _Opened(QObject):
    """Stands in for the desktop: records the URLs Qt would open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # no file manager to ask
    handler = _Opened()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def test_show_in_folder_opens_the_originals_folder(window, qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.reveal import original_of

    action = window.show_in_folder_action
    assert action in window.grid.actions()  # in the grid's context menu
    assert action in window.menuBar().actions()[0].menu().actions()  # and in File
    action.trigger()  # nothing selected: nothing to show
    assert opened.urls == []
    item_id = window.model.ids[3]
    window.select_ids([window.model.ids[1], item_id])
    window.grid.setCurrentIndex(window.model.index(3))
    window.select_ids([window.model.ids[1], item_id])
    window.grid.selectionModel().setCurrentIndex(
        window.model.index(3), window.grid.selectionModel().SelectionFlag.NoUpdate
    )
    action.trigger()
    original = original_of(window.controller, window.controller.items([item_id])[0])
    assert original.exists()
    assert [u.toLocalFile() for u in opened.urls] == [str(original.parent)]


def test_show_in_folder_says_when_the_original_is_missing(
    window, qtbot, opened, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui import main_window
    from carnet.ui.reveal import original_of

    told: list[str] = []
    monkeypatch.setattr(
        main_window, "show_error", lambda _parent, message, *a: told.append(message)
    )
    item_id = window.model.ids[0]
    original_of(window.controller, window.controller.items([item_id])[0]).unlink()
    window.select_ids([item_id])
    window.show_in_folder_action.trigger()
    assert opened.urls == [] and told == [
        "The original of this drawing is missing from the archive."
    ]


def test_a_drops_undo_text_is_said_again_after_a_language_switch(carnet_app, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = list(window.model.ids)[:2]
    target = _row(window, ItemFilter("session", id=_session(window, "Clôture")))
    assert all(_drag(window, _selection_mime(window, ids), target))
    stack = carnet_app.controller.undo_stack
    assert stack.undoText() == "Assign 2 drawings to “Clôture”"
    carnet_app.set_language("fr")
    assert stack.undoText() == "Rattacher 2 dessins à « Clôture »"
    carnet_app.set_language("en")
    assert stack.undoText() == "Assign 2 drawings to “Clôture”"
