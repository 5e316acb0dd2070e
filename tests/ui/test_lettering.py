"""Reading the lettering in the window: the inspector's panel, use as transcription (undoable),
the grid's action, and reading new drawings after an import when the preference says so."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from PySide6.QtCore import QSettings

from carnet.catalog.items import get_item
from carnet.catalog.readings import store_reading
from carnet.ui.preferences import PreferencesDialog


def test_the_machine_read_text_is_shown_and_used_as_transcription_undoably(window) -> None:  # type: ignore[no-untyped-def]
    item_id = window.model.ids[0]
    db = window.controller.db
    store_reading(db, item_id, "RÉPARER PLUTÔT\nQUE JETER", "rapidocr test", 0.93)
    window.select_ids([item_id])
    window.inspector.reload()
    panel = window.inspector.machine_read
    assert panel.text.toPlainText() == "RÉPARER PLUTÔT\nQUE JETER"
    assert panel.text.isReadOnly()
    assert "rapidocr test" in panel.note.text() and "93 %" in panel.note.text()
    assert panel.use_button.isEnabled()
    panel.use_button.click()
    assert get_item(db, item_id).transcription == "RÉPARER PLUTÔT\nQUE JETER"
    assert window.inspector.transcription.toPlainText() == "RÉPARER PLUTÔT\nQUE JETER"
    # Then editable as any transcription; undo puts the person's (none) back.
    window.undo()
    item = get_item(db, item_id)
    assert item.transcription is None
    assert item.ocr_text == "RÉPARER PLUTÔT\nQUE JETER"  # the machine's text stays its own


def test_nothing_to_use_when_nothing_was_read(window) -> None:  # type: ignore[no-untyped-def]
    window.select_ids([window.model.ids[1]])
    panel = window.inspector.machine_read
    assert not panel.use_button.isEnabled()
    assert panel.read_button.isEnabled()
    assert panel.text.placeholderText() == "Not read yet"
    assert window.read_lettering_action in window.grid.actions()


def test_read_the_lettering_of_the_selection_in_the_background(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids[:2]
    window.select_ids(ids)
    window.read_lettering_action.trigger()
    panel = window.inspector.machine_read
    qtbot.waitUntil(lambda: not panel.reader.busy, timeout=60_000)
    db = window.controller.db
    for item_id in ids:  # plain colour photos: read, no lettering found
        item = get_item(db, item_id)
        assert item.ocr_read_at is not None and item.ocr_text is None
    assert get_item(db, window.model.ids[2]).ocr_read_at is None


def test_new_drawings_are_read_after_an_import_when_the_preference_says_so(
    window, settings: QSettings, qtbot
) -> None:  # type: ignore[no-untyped-def]
    new = window.model.ids[3]
    summary = SimpleNamespace(item_ids=[new])
    window._on_import_dialog_import_finished(summary)  # preference off: nothing read
    assert not window.inspector.machine_read.reader.busy
    dialog = PreferencesDialog(settings, "en", parent=window)
    dialog.read_after_import.setChecked(True)
    dialog.accept()
    window._on_import_dialog_import_finished(summary)
    reader = window.inspector.machine_read.reader
    assert reader.busy
    qtbot.waitUntil(lambda: not reader.busy, timeout=60_000)
    assert get_item(window.controller.db, new).ocr_read_at is not None


def test_a_result_found_only_in_the_machine_read_text_says_so_in_its_tooltip(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    first, second = window.model.ids[:2]
    window.model.set_snippets({first: "<mark>JETER</mark>", second: "une légende"}, {first})
    tips = [window.model.index(row).data(Qt.ItemDataRole.ToolTipRole) for row in (0, 1)]
    assert "Found only in the machine-read text" in tips[0] and "JETER" in tips[0]
    assert "machine-read" not in tips[1]


def test_without_the_ocr_engine_the_window_says_what_is_missing(window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    import carnet.ui.lettering as lettering

    monkeypatch.setattr(lettering, "available", lambda: False)
    item_id = window.model.ids[0]
    window.select_ids([item_id])
    with qtbot.waitSignal(window.controller.error_raised) as said:
        window.read_lettering_action.trigger()
    assert "rapidocr and onnxruntime" in said.args[0]
    assert not window.inspector.machine_read.reader.busy
    assert get_item(window.controller.db, item_id).ocr_read_at is None


def test_a_large_selection_s_lettering_is_taken_from_the_summary(window) -> None:  # type: ignore[no-untyped-def]
    panel = window.inspector.machine_read
    item = get_item(window.controller.db, window.model.ids[0])
    items = [replace(item, id=k, ocr_text=f"text {k}") for k in range(6000)]
    # What the inspector's summary (made on a worker) says goes; the items are not compared.
    panel.show_items(items, ("RÉPARER", False))
    assert panel.text.toPlainText() == "RÉPARER" and panel.text.placeholderText() == ""
    panel.show_items(items, (None, True))
    assert panel.text.toPlainText() == "" and panel.text.placeholderText() == "Mixed"
    panel.show_items(items)  # without a summary, the panel compares them itself
    assert panel.text.placeholderText() == "Mixed"


def test_the_inspector_gives_the_lettering_panel_its_summary(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids[:2]
    db = window.controller.db
    for item_id in ids:
        store_reading(db, item_id, "MÊME TEXTE", "rapidocr test", 0.9)
    panel = window.inspector.machine_read
    shown: list[object] = []
    real = panel.show_items
    monkeypatch.setattr(
        panel, "show_items", lambda items, shared=None: (shown.append(shared), real(items, shared))
    )
    window.select_ids(ids)
    window.inspector.reload()
    assert shown[-1] == ("MÊME TEXTE", False)
    assert panel.text.toPlainText() == "MÊME TEXTE"
