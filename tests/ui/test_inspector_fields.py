"""The inspector edits every editable field of ``catalog/fields.py``, and undoes it.

The desktop half of ``tests/catalog/test_fields.py``: a declared field must get an editor
(found by its object name), that editor must write the field, and undo must put it back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from carnet.catalog.fields import ITEM_FIELDS
from carnet.catalog.items import get_item


def test_every_editable_field_has_an_editor_that_sets_it_and_undo(window) -> None:  # type: ignore[no-untyped-def]
    inspector = window.inspector
    item_id = window.model.ids[0]
    window.select_ids([item_id])
    db = window.controller.db
    for f in ITEM_FIELDS:
        if not f.editable:
            continue
        editor = inspector.findChild(QWidget, f.name)
        assert editor is not None, f"{f.name}: no editor in the inspector"
        assert editor in inspector.fields and editor.isEnabled()
        assert editor.accessibleName(), f.name
        before = getattr(get_item(db, item_id), f.name)
        if isinstance(editor, QLineEdit):
            editor.setText("Un mot")
            editor.editingFinished.emit()
            expected: object = "Un mot"
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("Deux\nlignes")
            inspector.commit_pending()
            expected = "Deux\nlignes"
        elif isinstance(editor, QComboBox):
            index = editor.findData("CC-BY-4.0")
            editor.setCurrentIndex(index)
            editor.activated.emit(index)
            expected = "CC-BY-4.0"
        else:
            assert isinstance(editor, QCheckBox), f.name
            editor.click()
            expected = not before
        assert getattr(get_item(db, item_id), f.name) == expected, f.name
        window.undo()
        assert getattr(get_item(db, item_id), f.name) == before, f.name
