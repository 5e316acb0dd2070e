"""A read-only second window follows the Carnet that writes the archive: captions, new
items, sidebar counts, the inspector and search results follow its commits, thumbnails its
corrections, the selection and the scroll position stay, and once the writer
closes, the window offers to edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from carnet.catalog.archive import Archive
from carnet.catalog.browse import ItemFilter, items_by_ids
from carnet.catalog.corrections import rederive
from carnet.catalog.items import set_corrections, update_items
from carnet.catalog.saved_searches import save_search
from carnet.catalog.trash import trash_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.media.corrections import Corrections
from tests.imaging import make_jpeg
from tests.ui.windows import sidebar_count, sidebar_rows

#: Looks a change may take to show: the one asked for, and one a file event started.
LOOKS = 3


def _labels(window: Any) -> list[str]:
    return [str(index.data()) for index in sidebar_rows(window)]


@pytest.fixture
def writer(archive_path: Path) -> Iterator[Archive]:
    """Another Carnet writing the archive (it holds the writer lock)."""
    archive = Archive.open(archive_path)
    yield archive
    archive.close()


@pytest.fixture
def reader(carnet_app, archive_path: Path, writer: Archive, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """The second window, read-only because ``writer`` holds the archive."""
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    assert window.controller.readonly
    assert window.controller.follower is not None
    qtbot.waitExposed(window)
    return window


def _look(window: Any, qtbot, until: Any) -> None:  # type: ignore[no-untyped-def]
    """Ask the follower to look now, and wait (a bounded number of looks) for ``until``."""
    follower = window.controller.follower
    before = follower.checks
    follower.check()
    qtbot.waitUntil(lambda: follower.checks > before and until(), timeout=10000)
    assert follower.checks - before <= LOOKS


def test_a_caption_the_writer_types_shows_in_the_inspector_and_grid(reader, writer, qtbot) -> None:  # type: ignore[no-untyped-def]
    item_id = reader.model.ids[2]
    reader.select_ids([item_id])
    assert reader.inspector.caption.toPlainText() == ""
    update_items(writer.db, [item_id], title="La salle", caption="Vu de la salle", published=True)
    _look(reader, qtbot, lambda: reader.inspector.caption.toPlainText() == "Vu de la salle")
    assert reader.selected_ids() == [item_id]
    cell, _pixmap = reader.model.cell(reader.model.row_of(item_id))
    assert cell is not None and cell.title == "La salle" and cell.published
    assert sidebar_count(reader, ItemFilter("unpublished")) == 5


def test_a_new_item_and_a_trashed_one_show_and_the_selection_stays(  # type: ignore[no-untyped-def]
    reader, writer, tmp_path: Path, qtbot
) -> None:
    kept, gone = reader.model.ids[1], reader.model.ids[4]
    reader.select_ids([kept, gone])
    make_jpeg(tmp_path / "new" / "g.jpg", (96, 72), captured_at="2016:09:29 16:20:00")
    import_paths(writer, [tmp_path / "new"], ImportOptions(event="forum", jobs=1))
    trash_items(writer.db, [gone])
    _look(reader, qtbot, lambda: reader.model.rowCount() == 6 and gone not in reader.model.ids)
    assert len(set(reader.model.ids) - {kept}) == 5
    assert reader.selected_ids() == [kept]
    assert reader.inspector.ids == [kept]
    assert sidebar_count(reader, ItemFilter("all")) == 6
    assert sidebar_count(reader, ItemFilter("trash")) == 1


def test_lists_that_count_no_item_follow_too(reader, writer, qtbot) -> None:  # type: ignore[no-untyped-def]
    # A saved search moves no item's change counter: the commit itself is noticed.
    save_search(writer.db, "Communs", "communs")
    _look(reader, qtbot, lambda: "Communs" in _labels(reader))


def test_a_search_on_show_is_asked_again(reader, writer, qtbot) -> None:  # type: ignore[no-untyped-def]
    reader.search.setText("gribouillis")
    reader.search.run_now()
    qtbot.waitUntil(lambda: reader.search_outcome is not None, timeout=20000)
    assert reader.model.rowCount() == 0
    item_id = reader.controller.items([1])[0].id
    update_items(writer.db, [item_id], caption="Un gribouillis de la salle")
    _look(reader, qtbot, lambda: reader.model.ids == [item_id])


def test_the_grid_keeps_its_place_when_items_come(reader, writer, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    reader.size_slider.setValue(320)
    reader.resize(900, 420)
    qtbot.waitUntil(lambda: reader.grid.verticalScrollBar().maximum() > 0)
    bar = reader.grid.verticalScrollBar()
    bar.setValue(bar.maximum())
    top = reader._top_of_grid()
    assert top is not None and top[0] != reader.model.ids[0]
    # Drawn before all the others: it comes first in the grid.
    make_jpeg(tmp_path / "new" / "early.jpg", (96, 72), captured_at="2016:09:29 08:00:00")
    import_paths(writer, [tmp_path / "new"], ImportOptions(event="forum", jobs=1))
    _look(reader, qtbot, lambda: reader.model.rowCount() == 7)
    assert reader._top_of_grid() == top


def test_a_commit_is_noticed_without_being_asked(reader, writer, qtbot) -> None:  # type: ignore[no-untyped-def]
    follower = reader.controller.follower
    follower._timer.stop()  # only the file watcher now
    item_id = reader.model.ids[0]
    reader.select_ids([item_id])
    update_items(writer.db, [item_id], caption="Noté")
    qtbot.waitUntil(lambda: reader.inspector.caption.toPlainText() == "Noté", timeout=10000)


def test_looks_wait_while_the_window_is_hidden(reader) -> None:  # type: ignore[no-untyped-def]
    follower = reader.controller.follower
    assert follower.wanted()
    reader.hide()
    assert not follower.wanted()
    before = follower.checks
    follower._on_timer_timeout()
    assert not follower._checking and follower.checks == before


def test_when_the_writer_closes_the_window_offers_to_edit(  # type: ignore[no-untyped-def]
    carnet_app, reader, writer, qtbot
) -> None:
    assert reader.edit_button.isHidden()
    writer.close()
    _look(reader, qtbot, lambda: not reader.edit_button.isHidden())
    assert "closed" in reader.statusBar().currentMessage()
    qtbot.mouseClick(reader.edit_button, Qt.MouseButton.LeftButton)
    assert carnet_app.controller is not None
    assert not carnet_app.controller.readonly
    assert carnet_app.controller.follower is None
    assert "read-only" not in carnet_app.window.windowTitle()


def test_the_offer_goes_when_another_writer_comes(reader, writer, archive_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    writer.close()
    _look(reader, qtbot, lambda: not reader.edit_button.isHidden())
    with Archive.open(archive_path):  # someone else took the archive meanwhile
        _look(reader, qtbot, lambda: reader.edit_button.isHidden())
        assert reader.statusBar().currentMessage() == ""


def _thumbnail_size(window: Any, item_id: int) -> tuple[int, int] | None:
    _row, pixmap = window.model.cell(window.model.row_of(item_id))
    return None if pixmap is None else (pixmap.width(), pixmap.height())


@pytest.mark.parametrize("files_first", [False, True], ids=["commit-then-files", "files-first"])
def test_a_drawing_the_writer_turns_turns_in_the_reader(reader, writer, qtbot, files_first) -> None:  # type: ignore[no-untyped-def]
    """The writer's correction rewrites the thumbnail before or after its commit: either
    way the reader shows the new one within a few looks, not the one it had cached."""
    item_id = reader.model.ids[0]
    qtbot.waitUntil(lambda: _thumbnail_size(reader, item_id) is not None, timeout=10000)
    width, height = _thumbnail_size(reader, item_id)  # type: ignore[misc]
    assert width > height
    item = items_by_ids(writer.db, [item_id])[0]
    turned = {item_id: Corrections(rotate=90)}
    if files_first:
        rederive(writer, [item], turned)
        set_corrections(writer.db, turned)
        _look(reader, qtbot, lambda: _thumbnail_size(reader, item_id) == (height, width))
    else:
        set_corrections(writer.db, turned)
        _look(reader, qtbot, lambda: True)  # the commit is seen, the files are the old ones
        rederive(writer, [item], turned)
        _look(reader, qtbot, lambda: _thumbnail_size(reader, item_id) == (height, width))
