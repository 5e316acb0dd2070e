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
