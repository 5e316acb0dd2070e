"""Edit → Review merge conflicts…: the conflicts a merge left open, listed with their
drawings and settled in the window as one step of the Edit stack (Ctrl+Z reopens them);
the sidebar's shortcut; a read-only window only shows them; and the copies of the catalog
merges keep for their undo go when nothing on the stack can use them any more."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from carnet.catalog.archive import Archive
from carnet.catalog.conflicts import count_open
from carnet.catalog.items import list_items
from carnet.ui.controller import ArchiveController
from tests.conflicted import conflicted_archive
from tests.ui.windows import sidebar_rows


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """The window's archive: one a merge left with five conflicts (``tests/conflicted.py``)."""
    return conflicted_archive(tmp_path)


def _values(window: Any) -> dict[str, tuple[str | None, str | None]]:
    return {i.original_name: (i.caption, i.title) for i in list_items(window.controller.db)}


def _row(model: Any, field: str) -> int:
    return next(r for r in range(model.rowCount()) if model.conflicts[r].field == field)


def _tick(model: Any, row: int, column: int) -> None:
    assert model.setData(
        model.index(row, column), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )


def _press(keyboard: Any, keys: str) -> None:
    if keyboard.real:
        subprocess.run(["xdotool", "key", keys.lower()], check=True)
    else:
        keyboard.press(keys)


@pytest.mark.x11
def test_take_theirs_for_one_keep_mine_for_another_and_ctrl_z_reopens_both(  # type: ignore[no-untyped-def]
    window, qtbot, keyboard
) -> None:
    db = window.controller.db
    before = _values(window)
    assert before["IMG_0.jpg"][0] == "Ma légende"
    assert window.conflicts_action.isEnabled()
    assert window.conflicts_action in window.edit_menu.actions()
    dialog = window.open_conflicts_dialog()
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 5
    caption, title = _row(model, "caption"), _row(model, "title")
    assert model.index(caption, 1).data() == "Caption"
    assert model.index(caption, 2).data() == "Ma légende"
    assert model.index(caption, 3).data() == "Their caption"
    assert model.index(_row(model, "session"), 3).data() == "Clôture"  # a title, not a key
    assert "Theirs.carnet" in model.index(caption, 4).data()
    # The drawing's thumbnail, from the grid's cache, small.
    model.index(caption, 0).data(Qt.ItemDataRole.DecorationRole)
    qtbot.waitUntil(
        lambda: model.index(caption, 0).data(Qt.ItemDataRole.DecorationRole) is not None,
        timeout=10000,
    )
    picture = model.index(caption, 0).data(Qt.ItemDataRole.DecorationRole)
    assert max(picture.width(), picture.height()) <= 96
    # Nothing ticked: nothing to apply, every conflict stays open.
    assert not dialog.apply()
    _tick(model, caption, 3)  # theirs
    _tick(model, title, 2)  # mine
    assert dialog.apply()
    after = _values(window)
    assert after["IMG_0.jpg"][0] == "Their caption"
    assert after["IMG_1.jpg"][1] == "Mon titre"
    assert count_open(db) == 3
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=5000)
    stack = window.controller.undo_stack
    assert stack.undoText() == "Settle 2 merge conflicts"

    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    _press(keyboard, "Ctrl+Z")
    qtbot.waitUntil(lambda: count_open(db) == 5, timeout=5000)
    assert _values(window) == before
    qtbot.waitUntil(lambda: model.rowCount() == 5, timeout=5000)

    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    _press(keyboard, "Ctrl+Shift+Z")
    qtbot.waitUntil(lambda: count_open(db) == 3, timeout=5000)
    assert _values(window) == after


def test_take_theirs_for_all_closes_every_conflict_and_the_menu(  # type: ignore[no-untyped-def]
    window, qtbot
) -> None:
    dialog = window.open_conflicts_dialog()
    qtbot.addWidget(dialog)
    dialog.all_theirs.click()
    assert dialog.apply()
    assert count_open(window.controller.db) == 0
    qtbot.waitUntil(lambda: not window.conflicts_action.isEnabled(), timeout=5000)
    assert not dialog.empty_label.isHidden()
    window.undo()
    qtbot.waitUntil(lambda: window.conflicts_action.isEnabled(), timeout=5000)


def _sidebar_row(window: Any, label: str) -> QModelIndex | None:
    return next((index for index in sidebar_rows(window) if index.data() == label), None)


def test_the_sidebar_shortcut_counts_them_and_opens_the_review(  # type: ignore[no-untyped-def]
    window, qtbot
) -> None:
    found = _sidebar_row(window, "Merge conflicts")
    assert found is not None and found.siblingAtColumn(1).data() in (5, "5")
    shown = window.filter
    window.sidebar.setCurrentIndex(found)
    qtbot.waitUntil(lambda: window.conflicts_dialog is not None, timeout=5000)
    assert window.conflicts_dialog.isVisible()
    assert window.filter == shown  # a review, not a filter of the grid
    window.conflicts_dialog.close()
    window.conflicts_dialog.all_mine.click()
    assert window.conflicts_dialog.apply()
    qtbot.waitUntil(lambda: _sidebar_row(window, "Merge conflicts") is None, timeout=5000)


def test_field_names_in_french(carnet_app, archive_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    carnet_app.set_language("fr")
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    assert window.conflicts_action.text() == "Examiner les conflits de fusion…"
    dialog = window.open_conflicts_dialog()
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.index(_row(model, "caption"), 1).data() == "Légende"
    assert model.index(_row(model, "order"), 1).data() == "Ordre des dessins"
    assert model.index(_row(model, "cover"), 0).data() == "Session « Communs »"
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Le leur"


def test_a_read_only_window_shows_them_and_settles_nothing(  # type: ignore[no-untyped-def]
    qtbot, archive_path: Path
) -> None:
    from carnet.ui.conflicts_dialog import ConflictsDialog

    archive = Archive.open(archive_path, readonly=True)
    controller = ArchiveController(archive)
    try:
        dialog = ConflictsDialog(controller)
        qtbot.addWidget(dialog)
        model = dialog.model
        assert model.rowCount() == 5
        assert not model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsUserCheckable
        assert not model.setData(
            model.index(0, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
        )
        assert dialog.apply_button.isHidden() and dialog.all_theirs.isHidden()
        assert "read-only" in dialog.help_label.text()
        assert not dialog.apply()
        assert count_open(archive.db) == 5
    finally:
        controller.close()


# ---------------------------------------------------------------- merges' catalog copies


def _merge_something(window: Any, qtbot: Any, tmp_path: Path) -> Path:
    """Merge another archive in the window (one step on the Edit stack); the copy of the
    catalog it keeps for its undo."""
    from tests.ui.test_merge_undo import _look, _merge, _other_archive

    dialog = _look(window, qtbot, _other_archive(tmp_path / "other"))
    command = _merge(dialog, qtbot)
    dialog.close()
    backup = command.summary.undo.backup
    assert backup.exists()
    return Path(backup)


def test_a_closing_window_removes_the_catalog_copies_of_its_merges(  # type: ignore[no-untyped-def]
    window, carnet_app, qtbot, tmp_path: Path
) -> None:
    root = window.controller.archive.root
    _merge_something(window, qtbot, tmp_path)
    assert list(root.glob("catalog.sqlite.before-merge*"))
    qtbot.waitUntil(lambda: window.controller.tasks.idle, timeout=10000)
    carnet_app.close_archive()
    assert not list(root.glob("catalog.sqlite.before-merge*"))


def test_a_cleared_stack_removes_the_catalog_copies_of_its_merges(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    root = window.controller.archive.root
    _merge_something(window, qtbot, tmp_path)
    assert list(root.glob("catalog.sqlite.before-merge*"))
    window.controller.undo_stack.clear()  # as emptying the trash does
    assert not list(root.glob("catalog.sqlite.before-merge*"))


def test_a_value_that_cannot_be_taken_is_said_and_stays_open(  # type: ignore[no-untyped-def]
    window, qtbot
) -> None:
    from carnet.catalog.events import find_session, get_event
    from carnet.catalog.sessions import delete_session

    db = window.controller.db
    cloture = find_session(db, get_event(db, "forum").id, "Clôture")
    assert cloture is not None
    delete_session(db, cloture)
    dialog = window.open_conflicts_dialog()
    qtbot.addWidget(dialog)
    model = dialog.model
    _tick(model, _row(model, "session"), 3)
    _tick(model, _row(model, "caption"), 3)
    assert dialog.apply()
    assert not dialog.skipped_label.isHidden()
    assert dialog.skipped_label.text().startswith("1 conflict could not take their value")
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=5000)
    assert "session" in {c.field for c in model.conflicts}
