"""Errors in words: the background-failure message box and the crash dialog.

The crash dialog only exists when ``run_gui`` installs its hook. Tests never install it
(``CarnetApp`` does not), so pytest-qt's own hook sees an exception raised in a slot and
fails the test; the tests below install it on purpose and put the previous hook back.
"""

from __future__ import annotations

import logging
import sys
import time

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from carnet.ui.errors import CrashDialog, install_excepthook


def _raise_in_slot() -> None:
    raise ZeroDivisionError("the slot divided by zero")


def test_tests_run_without_the_crash_dialog(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert sys.excepthook.__module__ != "carnet.ui.errors"
    button = QPushButton("boom")
    qtbot.addWidget(button)
    button.clicked.connect(_raise_in_slot)
    with qtbot.capture_exceptions() as caught:
        button.click()
    assert [kind for kind, _exc, _tb in caught] == [ZeroDivisionError]


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_exception_in_a_slot_opens_the_crash_dialog(
    window, qtbot, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    shown: list[CrashDialog] = []

    def fake_exec(dialog: CrashDialog) -> int:  # exec() would wait for a click
        shown.append(dialog)
        return 0

    monkeypatch.setattr(CrashDialog, "exec", fake_exec)
    button = QPushButton("boom")
    qtbot.addWidget(button)
    button.clicked.connect(_raise_in_slot)
    previous = install_excepthook(lambda: window)
    try:
        with caplog.at_level(logging.CRITICAL, logger="carnet.ui.errors"):
            button.click()
    finally:
        sys.excepthook = previous
    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.parent() is window
    assert "Your archive is safe" in dialog.text()
    details = dialog.detailedText()
    assert "ZeroDivisionError: the slot divided by zero" in details
    assert "_raise_in_slot" in details
    # The details are folded away behind a button that unfolds them.
    roles = [dialog.buttonRole(b) for b in dialog.buttons()]
    assert QMessageBox.ButtonRole.ActionRole in roles
    assert any("ZeroDivisionError" in r.getMessage() for r in caplog.records)


def test_a_background_failure_shows_one_message_with_details(window, qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    item_id = window.model.ids[0]
    item = window.controller.items([item_id])[0]
    original = next((window.controller.archive.root / "originals").rglob(f"{item.hash}*"))
    original.unlink()  # the previews can no longer be made from it
    window.select_ids([item_id])
    window.open_viewer()
    window.viewer.rotate(90)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox, "errorBox")),
        timeout=15000,
    )
    box = next(b for b in window.findChildren(QMessageBox, "errorBox") if b.isVisible())
    assert box.text() and "\n" not in box.text().strip()  # one clear sentence
    assert "Traceback" in box.detailedText()
    assert any(
        r.levelno >= logging.WARNING and "background task failed" in r.getMessage()
        for r in caplog.records
    )
    box.close()


def test_the_search_index_is_never_built_in_the_windows_process(
    carnet_app, archive_path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import os

    import carnet.search.index as search_index

    in_process: list[object] = []

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        in_process.append(args)
        raise AssertionError("indexing in the window's process")

    monkeypatch.setattr(search_index.SearchIndex, "__init__", spy)
    carnet_app.open_archive(archive_path)
    controller = carnet_app.controller
    with qtbot.waitSignal(controller.search_synced, timeout=20000):
        pass
    # Built and searched by a child process (Whoosh's long stretches of pure Python would
    # stall the window); this process only asks.
    assert in_process == []
    assert controller.search.process_id not in (None, os.getpid())
    box: list[object] = []
    controller.tasks.run(lambda: controller.search.query("ines"), box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=20000)
    assert len(box[0].ids) == 6 and box[0].error is None  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="GUI thread"):
        controller.search.query("forum")


def test_an_answer_arriving_after_the_archive_closed_is_dropped(
    carnet_app, archive_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    carnet_app.open_archive(archive_path)
    controller = carnet_app.controller
    answered: list[object] = []
    # A slow answer: its result is queued to the GUI thread after close() has returned.
    controller.tasks.run(lambda: time.sleep(0.3) or "late", answered.append)
    carnet_app.close_archive()
    qtbot.wait(600)  # the queued result is delivered now, to nobody
    assert answered == []


def test_warnings_and_errors_also_go_to_a_log_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.errors import LOG_NAME, start_log_file

    handler = start_log_file(tmp_path / "Carnet")
    assert handler is not None
    try:
        logging.getLogger("carnet.ui.test").setLevel(logging.INFO)
        logging.getLogger("carnet.ui.test").warning("the search process stopped")
        logging.getLogger("carnet.ui.test").info("not worth keeping")
        handler.flush()
        text = (tmp_path / "Carnet" / LOG_NAME).read_text(encoding="utf-8")
        assert "WARNING carnet.ui.test: the search process stopped" in text
        assert "not worth keeping" not in text
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert start_log_file(blocked / "Carnet") is None  # no log file, and no crash either
