"""The booklet dialog: choose, print in the background, cancel, read the summary, open it."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def _viewer(monkeypatch) -> list[QUrl]:  # type: ignore[no-untyped-def]
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


def test_print_a_booklet_then_open_it(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.booklet_dialog import SELECTION, BookletDialog

    opened = _viewer(monkeypatch)
    ids = _publish(window, 4)
    dialog = BookletDialog(window.controller, window.settings, selected_ids=ids[:2], parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.event_combo.currentData() == "forum"
    assert dialog.scope.currentData() == SELECTION  # a selection is what the user meant
    assert not Path(dialog.file.text()).is_relative_to(window.controller.archive.root)

    # The core refuses a file inside the archive: the reason shows on the first page.
    dialog.file.setText(str(window.controller.archive.root / "livret.pdf"))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.problem_label.isHidden(), timeout=20000)
    assert "inside the archive" in dialog.problem_label.text()
    assert dialog.pages.currentIndex() == 0 and dialog.summary is None

    out = tmp_path / "livret.pdf"
    dialog.file.setText(str(out))
    dialog.paper.setCurrentIndex(dialog.paper.findData("A5"))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.large_print.setChecked(True)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60000)
    summary = dialog.summary
    assert dialog.pages.currentIndex() == 2
    assert summary.drawings == 2 and summary.language == "en" and summary.paper == "A5"
    assert out.is_file() and out.read_bytes().startswith(b"%PDF-")
    assert dialog.summary_label.text().startswith("2 drawings printed")
    assert opened == [QUrl.fromLocalFile(str(out))]
    assert window.settings.value("booklet/forum/file") == str(out)


def test_one_session_and_nothing_to_print(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.booklet_dialog import ONE_SESSION, BookletDialog

    dialog = BookletDialog(window.controller, window.settings, parent=window)
    qtbot.addWidget(dialog)
    dialog.scope.setCurrentIndex(dialog.scope.findData(ONE_SESSION))
    assert dialog.session_combo.isEnabled() and dialog.session_combo.count() == 3
    options = dialog.options()
    assert options.sessions == [dialog.session_combo.currentData()] and not options.items
    # nothing is published in the test archive: the core says so, on the first page
    dialog.file.setText(str(tmp_path / "vide.pdf"))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.problem_label.isHidden(), timeout=20000)
    assert "would have no drawing" in dialog.problem_label.text()
    assert not (tmp_path / "vide.pdf").exists()


def test_cancel_a_booklet(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import carnet.ui.booklet_dialog as booklet_dialog
    from carnet.ui.booklet_dialog import BookletDialog

    opened = _viewer(monkeypatch)
    _publish(window, 6)
    real = booklet_dialog.make_booklet
    started = threading.Event()

    def slow(*args, progress, cancel, **kwargs):  # type: ignore[no-untyped-def]
        def hold(done: int, total: int) -> None:
            started.set()
            cancel.wait(10)
            progress(done, total)

        return real(*args, progress=hold, cancel=cancel, **kwargs)

    monkeypatch.setattr(booklet_dialog, "make_booklet", slow)
    dialog = BookletDialog(window.controller, window.settings, parent=window)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(tmp_path / "x.pdf"))
    dialog.start_button.click()
    qtbot.waitUntil(started.is_set, timeout=20000)
    dialog.reject()  # closing mid-way cancels
    qtbot.waitUntil(lambda: dialog.cancelled, timeout=20000)
    assert dialog.summary_label.text() == "Booklet cancelled: no file was written."
    assert not (tmp_path / "x.pdf").exists() and opened == []


def test_file_menu_opens_the_dialog_with_the_selection(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.booklet_dialog import SELECTION, WHOLE_EVENT

    file_menu = window.menuBar().actions()[0].menu()
    assert window.booklet_action in file_menu.actions()
    assert window.booklet_action.isEnabled()
    window.select_ids(window.model.ids[:3])
    window.booklet_action.trigger()
    dialog = window.booklet_dialog
    qtbot.waitExposed(dialog)
    assert dialog.scope.currentData() == SELECTION and dialog.selected_ids == window.model.ids[:3]
    assert dialog.scope.itemText(dialog.scope.currentIndex()) == "The 3 selected drawings"
    dialog.close()
    window.select_ids(window.model.ids[:1])  # one drawing selected: the whole event is meant
    window.booklet_action.trigger()
    assert window.booklet_dialog.scope.currentData() == WHOLE_EVENT
