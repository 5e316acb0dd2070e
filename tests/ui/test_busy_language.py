"""A language switch while a batch edit is written on a worker: the rebuilt window shows
the work going on, in the new language, and takes no edit until it is done."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from carnet.catalog.items import update_items as real_update_items
from carnet.ui import undo
from carnet.ui.undo import SetFieldCommand
from tests.ui.windows import open_with_more_items

#: Items added to the test archive's six: over the controller's ``WORKER_FROM``.
EXTRA = 300


@pytest.fixture
def big_window(carnet_app, archive_path: Path, qtbot):  # type: ignore[no-untyped-def]
    return open_with_more_items(carnet_app, archive_path, qtbot, EXTRA)


def test_the_busy_display_survives_a_language_switch(  # type: ignore[no-untyped-def]
    big_window, carnet_app, qtbot, monkeypatch
) -> None:
    controller = big_window.controller
    release = threading.Event()

    def update_items(db: Any, ids: Any, **fields: Any) -> None:
        real_update_items(db, ids, **fields)
        release.wait(20)  # the write holds until the window was rebuilt

    monkeypatch.setattr(undo, "update_items", update_items)
    ids = list(big_window.model.ids)
    try:
        assert controller.push(SetFieldCommand(controller, ids, "caption", "Clôture"))
        assert controller.busy
        carnet_app.set_language("fr")
        window = carnet_app.window
        assert window is not big_window
        assert window.busy_bar is not None and not window.busy_bar.isHidden()
        assert window.statusBar().currentMessage() == (
            f"Enregistrement de la modification de {len(ids)} dessins…"
        )
        assert not window.inspector.isEnabled()
        assert not window.trash_action.isEnabled()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
    assert window.busy_bar.isHidden() and window.inspector.isEnabled()
    assert window.statusBar().currentMessage() == ""
    assert controller.undo_stack.count() == 1
