"""The export dialog: choose, run in the background, cancel, read the summary, open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def _browser(monkeypatch) -> list[QUrl]:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)
    return opened


def _publish(window, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    ids = window.model.ids[:count]
    window.select_ids(ids)
    window.inspector.published.click()
    return ids


def test_export_the_kit_then_open_it_in_the_browser(
    window, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    opened = _browser(monkeypatch)
    _publish(window, 4)
    assert window.export_action.isEnabled()
    window.export_action.trigger()
    dialog = window.export_dialog
    assert dialog.isVisible() and dialog.event_combo.currentData() == "forum"
    assert not Path(dialog.folder.text()).is_relative_to(window.controller.archive.root)

    # The core refuses a kit inside the archive: the reason shows on the first page.
    dialog.folder.setText(str(window.controller.archive.root / "kit"))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.problem_label.isHidden(), timeout=20000)
    assert "inside the archive" in dialog.problem_label.text()
    assert dialog.pages.currentIndex() == 0 and dialog.summary is None

    # A folder that holds someone else's files is refused until "force" is ticked.
    out = tmp_path / "kit"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    dialog.folder.setText(str(out))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.zip.setChecked(True)
    dialog.start_button.click()
    assert "already holds other files" in dialog.problem_label.text()
    assert dialog.pages.currentIndex() == 0 and dialog.task is None
    assert opened == []

    dialog.force.setChecked(True)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    summary = dialog.summary
    assert dialog.pages.currentIndex() == 2
    assert summary.items == 4 and summary.language == "en"
    assert (out / "index.html").is_file() and (out / "notes.txt").read_text() == "mine"
    assert summary.zip_path is not None and summary.zip_path.is_file()
    assert dialog.summary_label.text().startswith("4 drawings exported")
    assert "1 file Carnet did not write" in dialog.problems_model.stringList()[0]
    assert opened == [QUrl.fromLocalFile(str(out / "index.html"))]
    assert window.settings.value("export/forum/folder") == str(out)


def test_cancel_an_export_then_complete_it(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened = _browser(monkeypatch)
    _publish(window, 6)
    import carnet.ui.export_dialog as export_dialog

    real_export = export_dialog.export_kit

    def cancelled_at_first_step(*args, progress, cancel, **kwargs):  # type: ignore[no-untyped-def]
        # As if the user pressed Cancel at the first progress step, whatever the timing.
        def step(done: int, total: int) -> None:
            cancel.set()
            progress(done, total)

        return real_export(*args, progress=step, cancel=cancel, **kwargs)

    monkeypatch.setattr(export_dialog, "export_kit", cancelled_at_first_step)
    dialog = window.open_export_dialog()
    out = tmp_path / "kit"
    dialog.folder.setText(str(out))
    dialog.start_button.click()
    assert dialog.pages.currentIndex() == 1 and dialog.running
    qtbot.waitUntil(lambda: dialog.cancelled, timeout=30000)
    monkeypatch.setattr(export_dialog, "export_kit", real_export)
    assert dialog.summary is None and "cancelled" in dialog.summary_label.text()
    assert opened == []

    dialog.pages.setCurrentIndex(0)
    dialog.start_button.click()  # again: the kit is completed
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    assert dialog.summary.items == 6 and (out / "index.html").is_file()
    assert opened == [QUrl.fromLocalFile(str(out / "index.html"))]
