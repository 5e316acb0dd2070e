"""Keyboard and accessibility: Tab order through the inspector, names on controls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_tab_walks_the_inspector_in_reading_order(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    inspector = window.inspector
    window.select_ids([window.model.ids[0]])
    window.activateWindow()
    qtbot.waitActive(window)
    expected = [
        inspector.title,
        inspector.caption,
        inspector.transcription,
        inspector.editors["alt_text"],
        inspector.session,
        inspector.speakers,
        inspector.tags,
        inspector.illustrators,
        inspector.licence,
        inspector.rights,
        inspector.published,
    ]
    inspector.title.setFocus()
    visited = []
    for _ in expected:
        focused = QApplication.focusWidget()
        visited.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert visited == expected


def test_controls_have_accessible_names(window) -> None:  # type: ignore[no-untyped-def]
    inspector = window.inspector
    widgets = [
        window.grid,
        window.sidebar,
        window.search,
        window.sort_combo,
        window.size_slider,
        inspector.title,
        inspector.caption,
        inspector.transcription,
        inspector.session,
        inspector.speakers,
        inspector.tags,
        inspector.illustrators,
        inspector.licence,
        inspector.rights,
        inspector.published,
        *inspector.detail_labels.values(),
    ]
    importer = window.open_import_dialog()
    widgets += [importer.path_list, importer.event_combo, importer.illustrator, importer.progress]
    exporter = window.open_export_dialog()
    widgets += [
        exporter.event_combo,
        exporter.folder,
        exporter.language,
        exporter.zip,
        exporter.originals,
        exporter.force,
        exporter.progress,
        exporter.problems_view,
    ]
    unnamed = [w.objectName() or type(w).__name__ for w in widgets if not w.accessibleName()]
    assert unnamed == []
    importer.reject()
    exporter.reject()


def test_arrows_move_through_the_grid_and_the_inspector_follows(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    grid = window.grid
    window.resize(1100, 700)
    window.select_ids([ids[0]])
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert window.selected_ids() == [ids[1]]
    qtbot.waitUntil(lambda: window.inspector.ids == [ids[1]])
    qtbot.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_ids() == [ids[1], ids[2]]  # Shift extends the selection
    qtbot.waitUntil(lambda: window.inspector.ids == [ids[1], ids[2]])
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert window.selected_ids() == [ids[1]]
    qtbot.keyClick(grid, Qt.Key.Key_End)
    assert window.selected_ids() == [ids[-1]]
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    assert window.selected_ids() == [ids[0]]
    # Down goes to the next row of thumbnails: as many items on as there are columns.
    columns = sum(
        1
        for row in range(len(ids))
        if grid.visualRect(window.model.index(row)).top()
        == grid.visualRect(window.model.index(0)).top()
    )
    assert 1 < columns < len(ids)  # the grid wraps: Down and Right differ
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert window.selected_ids() == [ids[columns]]
    qtbot.keyClick(grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.selected_ids() == ids


def test_help_lists_every_menu_shortcut_and_the_viewers_keys(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QMenu

    native = QKeySequence.SequenceFormat.NativeText
    dialog = window.show_shortcuts()
    expected = set()
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    while menus:
        menu = menus.pop()
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                menus.append(action.menu())
            for sequence in action.shortcuts():
                expected.add(sequence.toString(native))
    assert window.shortcuts_action in window.menuBar().actions()[-1].menu().actions()
    viewer_keys = {s.key().toString(native) for s in window.viewer.findChildren(QShortcut)}
    assert {"Left", "Right", "Esc", "0", "R", "Shift+R"} <= viewer_keys
    assert "Ctrl+Z" in expected
    missing = [key for key in expected | viewer_keys if key not in _split(dialog.texts())]
    assert missing == []
    dialog.reject()


def _split(rows: list[tuple[str, str]]) -> set[str]:
    return {key for _, keys in rows for key in keys.split(", ")}


def test_every_tab_stop_has_a_name(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """What a screen reader says on each tab stop: its accessible name, its label's text
    (a buddy) or its own text; walked over every visible widget that takes Tab focus."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QWidget

    window.select_ids([window.model.ids[0]])
    qtbot.wait(50)
    buddies = {label.buddy() for label in window.findChildren(QLabel) if label.buddy()}
    tab = Qt.FocusPolicy.TabFocus
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()}"
        for widget in window.findChildren(QWidget)
        if widget.isVisibleTo(window)
        and (widget.focusPolicy() & tab) == tab
        and not (
            widget.accessibleName()
            or widget in buddies
            or (callable(getattr(widget, "text", None)) and widget.text())
        )
    ]
    assert unnamed == []
