"""From "New archive" to an exported kit without leaving the window.

The real window, driven as a new user would: File → New archive (the folder chosen in the
file dialog), the event form that follows, the programme editor and its import preview,
the import dialog on a folder of photographs, the match review, a caption typed in the
inspector, publication, File → Export kit. Dialogs are answered through their widgets;
the only stand-ins are the platform's file choosers (``QFileDialog``'s static functions)
and the browser the export summary may open.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QPushButton,
    QWidget,
)

from tests.imaging import make_jpeg

#: A French programme as a conference tool exports it: two sessions, then the closing.
PROGRAMME = """titre;début;fin;salle;parcours;intervenants
Ouverture;01/03/2017 09:00;01/03/2017 10:00;Grand amphi;Plénière;Marie Curie
Les communs urbains;01/03/2017 10:30;01/03/2017 11:45;Salle A;Communs;Elinor Ostrom
Clôture;01/03/2017 16:00;01/03/2017 17:00;Grand amphi;Plénière;
"""

#: Photographs of the boards, each taken during a session (local time, as phones write it).
PHOTOS = [
    ("ouverture.jpg", "2017:03:01 09:40:00", (200, 80, 40)),
    ("communs.jpg", "2017:03:01 11:10:00", (40, 120, 200)),
    ("cloture.jpg", "2017:03:01 16:50:00", (60, 160, 90)),
]

CAPTION = "La ville comme bien commun"


def _answer(kind: type[QDialog], fill: Callable[[Any], None]) -> list[QDialog]:
    """Answer the next modal dialog of ``kind`` through its widgets, once it is open."""
    answered: list[QDialog] = []
    tries = iter(range(500))  # ten seconds at most: a dialog that never opens fails the test

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            answered.append(dialog)
            fill(dialog)
        elif next(tries, None) is not None:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)
    return answered


def _type(edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)


def _button(parent: QWidget, text: str) -> QPushButton:
    found = [b for b in parent.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert len(found) == 1, f"one visible button {text!r} in {parent.windowTitle()!r}"
    return found[0]


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _one_open(kind: type[QWidget]) -> Any:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(shown) == 1, f"one {kind.__name__} open"
    return shown[0]


def test_new_archive_to_an_exported_kit_without_leaving_the_window(  # type: ignore[no-untyped-def]
    carnet_app, window, qtbot, tmp_path: Path, monkeypatch
) -> None:
    from carnet.ui.curation import EventDialog
    from carnet.ui.programme import MatchReviewDialog, ProgrammeDialog

    photos = tmp_path / "carte SD"
    for name, when, color in PHOTOS:
        make_jpeg(photos / name, (160, 120), color=color, captured_at=when, pattern=False)
    programme = tmp_path / "programme.csv"
    programme.write_text(PROGRAMME, encoding="utf-8")
    target = tmp_path / "Atelier"
    kit = tmp_path / "kit"
    chosen = {"save": str(target), "open": str(programme)}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (chosen["save"], ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (chosen["open"], ""))
    folders = [str(photos), str(kit)]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: folders.pop(0))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)

    # File → New archive: the folder, then the event form straight after.
    def fill_event(dialog: EventDialog) -> None:
        _type(dialog.name, "Atelier des communs")
        _type(dialog.slug, "atelier")
        _type(dialog.start, "2017-03-01")
        _type(dialog.end, "2017-03-01")
        zone = dialog.timezone.lineEdit()
        assert zone is not None
        _type(zone, "Europe/Paris")
        buttons = dialog.findChild(QDialogButtonBox)
        _click(buttons.button(QDialogButtonBox.StandardButton.Ok))

    answered = _answer(EventDialog, fill_event)
    window.new_action.trigger()
    assert answered, "the event form did not open after New archive"
    window = carnet_app.window
    assert window.controller.archive.root == target.with_name("Atelier.carnet")
    assert window.controller.archive.writable
    assert QTest.qWaitForWindowExposed(window)

    # Event → Programme…: import the file, look at the preview, apply it.
    window.programme_action.trigger()
    editor = _one_open(ProgrammeDialog)
    assert editor.event_combo.currentText() == "Atelier des communs"
    _click(_button(editor, "Import programme…"))
    preview = editor.preview
    assert preview.isVisible()
    assert "3 to add" in preview.summary.text()
    _click(preview.apply_button)
    assert editor.model.rowCount() == 3
    editor.close()

    # File → Import…: the folder of photographs, by the dialog's own button.
    window.import_action.trigger()
    importer = window.import_dialog
    assert importer.event_combo.currentText() == "Atelier des communs"
    _click(_button(importer, "Add folder…"))
    line = importer.illustrator.lineEdit()
    assert line is not None
    _type(line, "Ines")
    _click(importer.start_button)
    qtbot.waitUntil(lambda: importer.summary is not None, timeout=60000)
    assert importer.summary.imported == 3
    _click(_button(importer, "Close"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)

    # Event → Match items to sessions…: every drawing has its suggestion; accept them all.
    window.match_action.trigger()
    review = _one_open(MatchReviewDialog)
    qtbot.waitUntil(lambda: not review.loading)  # the rows come from a worker
    assert len({r["item_id"] for r in review.model.rows}) == 3
    assert {r["suggested"] for r in review.model.rows} == {
        "Ouverture",
        "Les communs urbains",
        "Clôture",
    }
    _click(review.accept_all)
    assert review.model.rowCount() == 0
    _click(_button(review, "Close"))

    # A caption typed in the inspector for the drawing of the commons session.
    communs = next(
        i
        for i in window.model.ids
        if window.controller.items([i])[0].session == "Les communs urbains"
    )
    cell = window.grid.visualRect(window.model.index(window.model.row_of(communs)))
    QTest.mouseClick(window.grid.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert window.selected_ids() == [communs]
    _click(window.inspector.caption)
    QTest.keyClicks(window.inspector.caption, CAPTION)

    # Select all and publish them (the caption is kept as the selection changes).
    window.select_all_action.trigger()
    assert len(window.selected_ids()) == 3
    box = window.inspector.published
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    items = window.controller.items(window.model.ids)
    assert all(item.published for item in items)
    assert {item.caption for item in items} == {CAPTION, None}

    # File → Export kit…: the folder chosen in the dialog, then the kit is written.
    window.export_action.trigger()
    exporter = window.export_dialog
    assert exporter.event_combo.currentData() == "atelier"
    _click(_button(exporter, "Choose…"))
    assert exporter.folder.text() == str(kit)
    _click(exporter.start_button)
    qtbot.waitUntil(lambda: exporter.summary is not None, timeout=120000)
    exporter.close()

    assert (kit / "index.html").is_file() and (kit / "data" / "index.html").is_file()
    page = kit / "data" / "items" / f"{communs}.html"
    assert CAPTION in page.read_text(encoding="utf-8")
    with (kit / "data" / "items.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    assert [r["caption"] for r in rows if r["caption"]] == [CAPTION]
    # The finished export opens the kit in the browser, as a user would look at it.
    assert [url.toLocalFile() for url in opened] == [str(kit / "index.html")]
