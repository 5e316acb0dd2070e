"""``python packaging/ui_screenshots.py ARCHIVE OUTDIR``: PNGs of the app for the README.

Runs on any Qt platform (``offscreen`` or under Xvfb); works on a copy of ARCHIVE so the
shots change nothing. Saves, in English and French: the main window, the inspector with a
batch selection, the viewer, the programme editor, the event form, the match review on an
ambiguous drawing (its candidate sessions side by side), the export dialog and an import
summary; and the window as it first opens on a 1366×768 laptop, in French.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QItemSelectionModel, QRect, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QTableView, QWidget


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _shoot(widget: QWidget, path: Path) -> None:
    widget.grab()  # the first paint queues the thumbnails
    _wait(700)
    widget.grab().save(str(path))


def _show_ambiguous(review: Any) -> None:
    """Select the rows of the review's first ambiguous drawing: its candidate sessions,
    one row each, side by side."""
    while review.loading:  # the rows are worked out on a worker
        _wait(20)
    rows = review.model.rows
    first = next((r["item_id"] for r in rows if r["kind"] == "ambiguous"), None)
    if first is None:
        raise SystemExit("the demo archive has no ambiguous drawing to show in the review")
    chosen = [n for n, r in enumerate(rows) if r["item_id"] == first]
    selection = review.table.selectionModel()
    for n in chosen:
        selection.select(
            review.model.index(n, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    review.table.scrollTo(review.model.index(chosen[0], 0), QTableView.ScrollHint.PositionAtTop)


def main(argv: list[str]) -> int:
    from carnet.catalog.events import list_events
    from carnet.ui.app import CarnetApp
    from carnet.ui.curation import EventDialog
    from carnet.ui.geometry import first_geometry

    source, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / source.name
        shutil.copytree(source, archive, ignore=shutil.ignore_patterns("lock"))
        photos = Path(tmp) / "photos"
        photos.mkdir()
        (photos / "notes.txt").write_text("not an image")
        originals = sorted((archive / "originals").rglob("*.jpg"))[:2]
        for original in originals:
            shutil.copy(original, photos / original.name)
        settings = QSettings(str(Path(tmp) / "carnet.ini"), QSettings.Format.IniFormat)
        for language in ("en", "fr"):
            carnet = CarnetApp(settings, import_jobs=1)
            carnet.set_language(language)
            carnet.open_archive(archive)
            window = carnet.window
            assert window is not None
            window.resize(1380, 860)
            window.select_ids([window.model.ids[3]])
            _shoot(window, out / f"main-{language}.png")
            window.select_ids(window.model.ids[4:7])
            _shoot(window, out / f"batch-{language}.png")
            if language == "fr":
                # As it opens the first time on a 1366×768 laptop (the screen `make
                # screenshots` gives Xvfb), with the frame the window manager would add.
                window.setGeometry(first_geometry(QRect(0, 0, 1366, 768)))
                window.select_ids([window.model.ids[3]])
                _shoot(window, out / "main-1366x768-fr.png")
                window.resize(1380, 860)
            window.select_ids([window.model.ids[5]])
            window.open_viewer()
            _wait(500)
            _shoot(window, out / f"viewer-{language}.png")
            window.close_viewer()
            programme = window.open_programme()
            _shoot(programme, out / f"programme-{language}.png")
            programme.close()
            form = EventDialog(list_events(window.controller.db)[0], window)
            _shoot(form, out / f"event-{language}.png")
            form.close()
            review = window.open_match_review()
            _show_ambiguous(review)
            _shoot(review, out / f"match-{language}.png")
            review.close()
            export = window.open_export_dialog()
            export.folder.setText(str(Path(tmp) / "forum-kit"))
            _shoot(export, out / f"export-{language}.png")
            export.reject()
            dialog = window.open_import_dialog([photos])
            dialog.start()
            while dialog.summary is None:
                _wait(100)
            _shoot(dialog, out / f"import-{language}.png")
            dialog.accept()
            carnet.close_archive()
            _wait(100)
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
