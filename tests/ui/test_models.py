"""The grid and sidebar models: Qt's model tester, and a 100,000-item grid loaded lazily."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtTest import QAbstractItemModelTester

from carnet.catalog.archive import Archive
from carnet.catalog.browse import grid_rows, item_ids, overview
from carnet.ui.models import ItemGridModel, Roles
from carnet.ui.sidebar import SidebarModel

Mode = QAbstractItemModelTester.FailureReportingMode


def _fill(archive: Archive, n: int) -> None:
    with archive.db.transaction() as conn:
        conn.executemany(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " captured_at) VALUES (printf('%064x', ?), 'f.jpg', '/x', 'jpeg', 1, '2016', ?)",
            ((i, f"2016-09-29T10:{i % 60:02d}:00") for i in range(n)),
        )


def test_grid_model_over_100k_items_loads_only_what_is_asked(tmp_path: Path, qtbot) -> None:
    with Archive.create(tmp_path / "Big.carnet") as archive:
        _fill(archive, 100_000)
        fetched: list[int] = []

        def fetch(ids):  # type: ignore[no-untyped-def]
            fetched.append(len(ids))
            return grid_rows(archive.db, ids)

        model = ItemGridModel(fetch, None, cache_limit=500)
        model.set_ids(item_ids(archive.db))
        assert model.rowCount() == 100_000
        assert model.cached_rows == 0
        for row in range(0, 100_000, 97):  # a scroll from top to bottom
            assert model.data(model.index(row), Roles.Title) == "f.jpg"
        assert model.cached_rows <= 500
        assert max(fetched) <= model.PAGE
        last = model.index(99_999)
        assert model.data(last, Roles.ItemId) == model.ids[-1]
        QAbstractItemModelTester(model, Mode.Fatal, model)


def test_models_pass_the_model_tester(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    QAbstractItemModelTester(window.model, Mode.Fatal, window.model)
    QAbstractItemModelTester(window.sidebar_model, Mode.Fatal, window.sidebar_model)
    sidebar = SidebarModel()
    QAbstractItemModelTester(sidebar, Mode.Fatal, sidebar)
    sidebar.build(overview(window.controller.db), [], {"tag": [("a", "a", 2)]})
    assert sidebar.rowCount(QModelIndex()) > 2


def test_thumbnail_arrival_repaints_its_one_index(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    thumbnails = window.controller.thumbnails
    digest = model.data(model.index(0), Roles.Hash)
    thumbnails.invalidate(digest)
    changed: list[tuple[int, int, list[int]]] = []
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), b.row(), list(roles))))
    assert model.data(model.index(0), Roles.Thumbnail) is None  # queued, not decoded here
    qtbot.waitUntil(lambda: thumbnails.pixmap(digest) is not None)
    assert (0, 0, [int(Roles.Thumbnail)]) in changed


def test_a_cell_gives_the_delegate_its_row_and_thumbnail_in_one_call(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = window.model
    row, _pixmap = model.cell(1)
    assert row is not None and row.id == model.ids[1]
    assert row.title == model.data(model.index(1), Roles.Title)
    qtbot.waitUntil(lambda: model.cell(1)[1] is not None)  # the thumbnail, once loaded
    assert model.cell(1)[1].size() == model.data(model.index(1), Roles.Thumbnail).size()
    assert model.cell(len(model.ids)) == (None, None)  # past the end: nothing
