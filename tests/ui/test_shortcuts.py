"""Every shortcut a menu shows works, typed as a user types it (under X when there is one:
``tests/ui/display.py``); Redo from the keyboard in particular, both ways Linux users
press it.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence

from carnet.catalog.items import get_item

pytestmark = pytest.mark.x11


def _menu_actions(window) -> list[QAction]:  # type: ignore[no-untyped-def]
    actions = []
    for entry in window.menuBar().actions():
        menu = entry.menu()
        actions += [a for a in menu.actions() if not a.isSeparator()]
    return actions


def test_redo_with_ctrl_shift_z_and_ctrl_y(window, qtbot, keyboard) -> None:  # type: ignore[no-untyped-def]
    item_id = window.model.ids[0]
    db = window.controller.db
    window.select_ids([item_id])
    window.inspector.title.setFocus()
    keyboard.type("Un titre")
    window.grid.setFocus()  # leaving the field commits it
    assert get_item(db, item_id).title == "Un titre"
    for redo in ("Ctrl+Shift+Z", "Ctrl+Y"):
        keyboard.press("Ctrl+Z")
        assert get_item(db, item_id).title is None, redo
        keyboard.press(redo)
        assert get_item(db, item_id).title == "Un titre", redo
    # The menu shows the first; a key given twice to one action would be "ambiguous".
    shown = [s.toString() for s in window.redo_action.shortcuts()]
    assert shown == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_every_shortcut_a_menu_shows_works(window, qtbot, keyboard) -> None:  # type: ignore[no-untyped-def]
    # Undo and Redo are enabled only with something to undo and redo.
    window.select_ids([window.model.ids[0]])
    window.inspector.title.setText("Un titre")
    window.inspector.commit_pending()
    window.inspector.title.setText("Un autre")
    window.inspector.commit_pending()
    window.undo()
    fired: dict[str, int] = {}
    checked = []
    for action in _menu_actions(window):
        if not action.shortcuts():
            continue
        # What the action does is tested elsewhere: here, only that its keys reach it.
        action.triggered.disconnect()
        name = action.objectName() or action.text()
        action.triggered.connect(lambda _=False, n=name: fired.__setitem__(n, fired.get(n, 0) + 1))
        action.setEnabled(True)
        checked.append((name, action.shortcuts()))
    assert {"import", "export", "trash", "view", "find"} <= {n for n, _ in checked}
    failures = []
    for name, shortcuts in checked:
        for shortcut in shortcuts:
            window.grid.setFocus()  # where the keyboard is while browsing
            fired.clear()
            keyboard.press(shortcut)
            if fired != {name: 1}:
                failures.append(f"{shortcut.toString()} for {name!r} fired {fired}")
    assert failures == []


def test_zoom_keys_zoom_the_viewer_when_it_shows(window, qtbot, keyboard) -> None:  # type: ignore[no-untyped-def]
    size = window.size_slider.value()
    window.select_ids([window.model.ids[0]])
    window.grid.setFocus()
    keyboard.press("Space")
    assert window.centre.currentWidget() is window.viewer
    canvas = window.viewer.canvas
    assert canvas.hasFocus() and canvas.zoom is None
    keyboard.press(QKeySequence.StandardKey.ZoomIn)
    assert canvas.zoom is not None and canvas.zoom > canvas.fit_scale()
    assert window.size_slider.value() == size  # the thumbnails did not change
    keyboard.press("Escape")
    assert window.centre.currentWidget() is window.grid
    keyboard.press(QKeySequence.StandardKey.ZoomIn)
    assert window.size_slider.value() == size + 20
    keyboard.press(QKeySequence.StandardKey.ZoomOut)
    assert window.size_slider.value() == size
