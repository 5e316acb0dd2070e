"""The inspector's summary of a selection: made once (on a worker for a large one), it
holds what the panel shows, so that showing it does not go through every item again on
the GUI thread (a hundred thousand items take a visible while)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from carnet.ui import inspector as inspector_module
from carnet.ui.inspector import summarise
from tests.ui.windows import open_with_more_items


def test_a_summary_says_the_events_and_the_sessions_suggested(window) -> None:  # type: ignore[no-untyped-def]
    first, second, third = window.controller.items(window.model.ids[:3])
    items = [
        replace(first, event_id=1, session_id=5, session_source="auto"),
        replace(second, event_id=2, session_id=6, session_source="manual"),
        replace(third, event_id=None, session_id=None, session_source=None),
    ]
    summary = summarise(items, ["caption", "ocr_text"])
    assert summary.events == {1, 2}
    assert summary.suggested == [first.id]


def test_a_large_selection_is_shown_from_its_summary_alone(  # type: ignore[no-untyped-def]
    carnet_app, archive_path: Path, qtbot, monkeypatch
) -> None:
    window = open_with_more_items(carnet_app, archive_path, qtbot, 6000)
    inspector = window.inspector
    window.grid.selectAll()
    qtbot.waitUntil(lambda: len(inspector.items) == len(window.model.ids), timeout=20000)

    def per_item(*_args: Any) -> Any:
        pytest.fail("the GUI thread went through the selection's items")

    for name in ("events_of", "suggested_of", "common_value", "labels_of"):
        monkeypatch.setattr(inspector_module, name, per_item)
    inspector._fill()
    assert inspector.heading.text() == f"{len(window.model.ids)} items selected"
    assert inspector.confirm_session.isHidden() == (not inspector._summary.suggested)
