"""The main window driven as a user would: edit and undo, batch tags, trash, search,
viewer, saved searches, layout memory, read-only second window."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from carnet.catalog.archive import Archive
from carnet.catalog.browse import ItemFilter
from carnet.catalog.items import get_item
from carnet.catalog.saved_searches import list_saved_searches


def test_window_shows_the_archive(window) -> None:  # type: ignore[no-untyped-def]
    assert window.model.rowCount() == 6
    assert "6" in window.count_label.text()
    assert window.windowTitle().startswith("Forum.carnet")
    assert window.export_action.isEnabled()  # the archive has an event


def test_edit_a_caption_then_undo_and_redo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    item_id = window.model.ids[0]
    window.select_ids([item_id])
    caption = window.inspector.caption
    assert caption.isEnabled()
    qtbot.keyClicks(caption, "Les communs, ")
    caption.insertPlainText("dessinés")  # QTest types ASCII only
    window.inspector.commit_pending()  # what leaving the field does
    db = window.controller.db
    assert get_item(db, item_id).caption == "Les communs, dessinés"
    assert window.undo_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_item(db, item_id).caption is None
    assert caption.toPlainText() == ""
    window.redo_action.trigger()
    assert get_item(db, item_id).caption == "Les communs, dessinés"


def test_batch_tag_three_items_and_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids[:3]
    window.select_ids(ids)
    inspector = window.inspector
    assert inspector.heading.text() == "3 items selected"
    inspector.tags.setFocus()
    qtbot.keyClicks(inspector.tags, "theme/communs, atelier")
    qtbot.keyClick(inspector.tags, Qt.Key.Key_Return)
    db = window.controller.db
    for item_id in ids:
        assert get_item(db, item_id).tags == ["atelier", "theme/communs"]
    assert get_item(db, window.model.ids[3]).tags == []
    window.undo()
    assert all(get_item(db, i).tags == [] for i in ids)


def test_batch_edit_shows_mixed_and_restores_each_value(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = window.model.ids[:2]
    window.select_ids([a])
    qtbot.keyClicks(window.inspector.title, "Premier")
    window.inspector.commit_pending()
    window.select_ids([a, b])
    assert window.inspector.title.text() == ""
    assert "Mixed" in window.inspector.title.placeholderText()
    qtbot.keyClicks(window.inspector.title, "Les deux")
    window.inspector.commit_pending()
    db = window.controller.db
    assert get_item(db, a).title == get_item(db, b).title == "Les deux"
    window.undo()
    assert (get_item(db, a).title, get_item(db, b).title) == ("Premier", None)


def test_delete_moves_to_trash_which_restores(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = window.model.ids[0]
    window.select_ids([first])
    window.grid.setFocus()
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5)
    assert first not in window.model.ids
    window.sidebar.select_action(ItemFilter("trash"))
    window._on_sidebar_action_chosen(ItemFilter("trash"))
    assert window.model.ids == [first]
    window.select_ids([first])
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    window._on_sidebar_action_chosen(ItemFilter("all"))
    assert first in window.model.ids


def test_search_filters_the_grid_and_can_be_saved(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    target = window.model.ids[2]
    window.select_ids([target])
    window.inspector.caption.insertPlainText("Une société plus juste")
    window.inspector.commit_pending()
    window.find_action.trigger()
    qtbot.keyClicks(window.search, "societe")
    qtbot.waitUntil(lambda: window.model.ids == [target], timeout=15000)
    assert "société" in (
        window.model.data(window.model.index(0), Qt.ItemDataRole.ToolTipRole) or ""
    )
    window.save_search_as("Société", "societe")
    assert [s.query for s in list_saved_searches(db)] == ["societe"]
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=15000)


def test_viewer_opens_steps_and_closes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    window.select_ids([ids[0]])
    window.grid.setFocus()
    window.open_viewer()
    assert window.centre.currentWidget() is window.viewer
    assert window.viewer.current_id == ids[0]
    qtbot.waitUntil(lambda: window.viewer.canvas.pixmap is not None)
    window.viewer.next()
    assert window.viewer.current_id == ids[1]
    window.viewer.rotate(90)
    assert get_item(window.controller.db, ids[1]).rotation == 90
    qtbot.waitUntil(lambda: window.controller.tasks.idle, timeout=10000)
    window.undo()
    assert get_item(window.controller.db, ids[1]).rotation == 0
    qtbot.keyClick(window.viewer.canvas, Qt.Key.Key_Escape)
    assert window.centre.currentWidget() is window.grid
    assert window.grid.currentIndex().row() == 1


def test_layout_and_recent_archives_are_remembered(carnet_app, archive_path, settings) -> None:  # type: ignore[no-untyped-def]
    carnet_app.open_archive(archive_path)
    carnet_app.window.splitter.setSizes([300, 700, 300])
    carnet_app.close_archive()
    assert settings.value("window/splitter") is not None
    assert carnet_app.recent()[0] == str(archive_path.resolve())
    carnet_app.start()  # no path: the last archive
    assert carnet_app.window is not None
    assert carnet_app.controller.archive.root == archive_path.resolve()


def test_archive_held_elsewhere_opens_read_only(
    carnet_app, archive_path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    with Archive.open(archive_path):  # another writer holds the lock
        assert carnet_app.open_archive(archive_path)
        window = carnet_app.window
        assert window.controller.readonly
        assert "read-only" in window.windowTitle()
        assert "PID" in told[0]
        assert not window.inspector.title.isEnabled()
        assert not window.trash_action.isEnabled()
        carnet_app.close_archive()


def test_welcome_screen_when_nothing_to_open(carnet_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    carnet_app.start()
    assert carnet_app.welcome is not None and carnet_app.window is None


def test_dropping_files_and_folders_starts_the_import_dialog(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    folder = tmp_path / "photos"
    folder.mkdir()
    single = tmp_path / "one.jpg"
    single.write_bytes(b"")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(single))])
    centre = window.rect().center()
    copy, left, none = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(centre), copy, mime, left, none)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    assert window.import_dialog is None
    drop = QDropEvent(QPointF(centre), copy, mime, left, none)
    QApplication.sendEvent(window, drop)
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.paths() == [folder, single]
    assert dialog.start_button.isEnabled()
    dialog.reject()


def _sidebar_rows(model, parent=None) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        rows.append((index.data(), model.index(row, 1, parent).data()))
        rows += [(index.data(), *child) for child in _sidebar_rows(model, index)]
    return rows


def test_a_search_shows_facet_counts_in_the_sidebar(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids[:3]
    window.select_ids(ids)
    window.inspector.tags.setText("atelier")
    window.inspector.commit_pending()
    assert not any(r[0] == "SEARCH RESULTS" for r in _sidebar_rows(window.sidebar_model))
    window.find_action.trigger()
    qtbot.keyClicks(window.search, "atelier")
    qtbot.waitUntil(lambda: sorted(window.model.ids) == sorted(ids), timeout=15000)
    rows = _sidebar_rows(window.sidebar_model)
    facets = [r[1:] for r in rows if r[0] == "SEARCH RESULTS"]
    assert ("Tags", "atelier", "3") in facets
    assert ("Illustrators", "Inès", "3") in facets
    assert ("Events", "Forum", "3") in facets
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=15000)
    assert not any(r[0] == "SEARCH RESULTS" for r in _sidebar_rows(window.sidebar_model))


def test_about_box_shows_the_version(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from carnet import carnet_version

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about()
    assert shown and f"Version {carnet_version()}" in shown[0]


def test_files_opened_with_carnet_start_the_import_dialog(  # type: ignore[no-untyped-def]
    carnet_app, archive_path: Path, tmp_path: Path, qtbot
) -> None:
    from carnet.cli.gui import split_gui_arguments

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"not really")
    assert split_gui_arguments([archive_path]) == (archive_path, [])
    assert split_gui_arguments([photo]) == (None, [photo])
    assert split_gui_arguments([tmp_path]) == (None, [tmp_path])

    carnet_app.start(archive_path, [photo])
    dialog = carnet_app.window.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.paths() == [photo]
    dialog.reject()


def test_the_open_window_stays_out_of_full_collections_until_it_closes(
    carnet_app, archive_path
) -> None:  # type: ignore[no-untyped-def]
    import gc

    carnet_app.open_archive(archive_path)
    assert gc.get_freeze_count() > 0  # a full collection no longer walks the window
    carnet_app.close_archive()
    assert gc.get_freeze_count() == 0  # its objects can be collected again


@pytest.mark.parametrize("error", [errno.EROFS, errno.ENOSPC])
def test_archive_on_read_only_media_or_a_full_disk_opens_read_only(
    carnet_app, archive_path, monkeypatch, error: int
) -> None:  # type: ignore[no-untyped-def]
    """A DVD, a write-protected stick or a full disk: the lock file cannot be made, and the
    window opens the archive read-only (browse, search, export) instead of refusing it."""
    import os

    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    real_open = os.open
    lock = str(archive_path / "lock")

    def refusing_open(path, flags, *args):  # type: ignore[no-untyped-def]
        if os.fspath(path) == lock and flags & os.O_CREAT:
            raise OSError(error, os.strerror(error), lock)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    assert window.controller.readonly
    assert not window.trash_action.isEnabled()
    assert told and "read-only" in told[0]
    assert window.grid.model().rowCount() > 0
    carnet_app.close_archive()
