"""The window fits the screens people have: a 1366×768 laptop, a 1024×600 netbook, in
English and in French; no control lies beyond the screen's edge at first start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QWidget

from carnet.ui.geometry import FRAME, PREFERRED, first_geometry

SCREENS = [QRect(0, 0, 1366, 768), QRect(0, 0, 1024, 600)]


def test_first_geometry_leaves_room_for_the_frame_and_centres() -> None:
    big = first_geometry(QRect(0, 0, 2560, 1440))
    assert big.size() == PREFERRED
    for screen in [*SCREENS, QRect(1366, 24, 1024, 576)]:  # a second screen, a top panel
        geometry = first_geometry(screen)
        framed = geometry.adjusted(
            -FRAME.width() // 2, -(FRAME.height() - FRAME.width() // 2), FRAME.width() // 2, 0
        ).adjusted(0, 0, 0, FRAME.width() // 2)
        assert screen.contains(framed), (screen, framed)


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's viewport: reachable by scrolling wherever it lies."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def _outside(window: QWidget, screen: QRect) -> list[str]:
    origin = window.geometry().topLeft()
    outside = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or _scrolled(widget):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)) + origin, widget.size())
        if not screen.contains(rect):
            outside.append(f"{widget.objectName() or type(widget).__name__} {rect}")
    return outside


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("screen", SCREENS, ids=["1366x768", "1024x600"])
def test_every_control_is_on_screen_at_first_start(  # type: ignore[no-untyped-def]
    carnet_app, archive_path, qtbot, language, screen
) -> None:
    carnet_app.set_language(language)
    carnet_app.open_archive(archive_path)
    window = carnet_app.window
    window.setGeometry(first_geometry(screen))  # what restore_layout does on that screen
    qtbot.waitExposed(window)
    window.select_ids([window.model.ids[0]])
    qtbot.wait(50)
    assert screen.contains(window.geometry()), window.geometry()
    assert _outside(window, screen) == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_first_start_fits_the_real_screen(carnet_app, archive_path, qtbot, language) -> None:  # type: ignore[no-untyped-def]
    """On the test display itself (Xvfb is 1366×768: tests/ui/display.py)."""
    carnet_app.set_language(language)
    carnet_app.open_archive(archive_path)
    window = carnet_app.window
    qtbot.waitExposed(window)
    screen = window.screen().availableGeometry()
    if screen.width() < 1024 or screen.height() < 600:  # offscreen: 800×800
        pytest.skip(f"the display ({screen.width()}×{screen.height()}) is below 1024×600")
    assert window.geometry() == first_geometry(screen)
    assert screen.contains(window.frameGeometry()), (screen, window.frameGeometry())
    assert _outside(window, screen) == []


def test_the_inspector_scrolls_instead_of_growing_the_window(window) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(window.inspector, QScrollArea)
    assert window.inspector.widgetResizable()
    assert window.minimumSizeHint().height() < 600 - FRAME.height()
    assert window.minimumSizeHint().width() < 1024 - FRAME.width()


@pytest.mark.parametrize("dialog_name", ["programme", "match_review"])
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("screen", SCREENS, ids=["1366x768", "1024x600"])
def test_the_programme_editor_and_match_review_fit_the_screen(  # type: ignore[no-untyped-def]
    carnet_app, archive_path, qtbot, language, screen, dialog_name
) -> None:
    """Each dialog opens whole on the screen, and no smaller than it likes where there is
    room (a netbook's 600 px are 8 px short of the editor's 560 and its frame)."""
    carnet_app.set_language(language)
    carnet_app.open_archive(archive_path)
    window = carnet_app.window
    window.setGeometry(first_geometry(screen))
    qtbot.waitExposed(window)
    dialog = getattr(window, f"open_{dialog_name}")()
    dialog.fit_to(screen)  # what opening it on that screen does
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    framed = dialog.geometry().adjusted(
        -FRAME.width() // 2, -(FRAME.height() - FRAME.width() // 2), FRAME.width() // 2, 0
    )
    assert screen.contains(framed), (screen, framed)
    assert _outside(dialog, screen) == []
    room = screen.size() - FRAME
    assert dialog.size() == dialog.PREFERRED.boundedTo(room)
    dialog.close()


def _demo_like_sessions(db) -> None:  # type: ignore[no-untyped-def]
    """Two sessions beside the fixture's commons session, titled and staffed like the
    demo's: c, d and e become ambiguous among three, with long titles and speaker lists."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from carnet.catalog.sessions import add_session

    paris = ZoneInfo("Europe/Paris")
    start, end = (
        datetime(2016, 9, 29, 10, 30, tzinfo=paris),
        datetime(2016, 9, 29, 11, 45, tzinfo=paris),
    )
    add_session(
        db,
        1,
        "Les communs numériques, de Wikipédia aux cartes libres",
        start,
        end,
        room="Salle Confluence",
        track="Communs",
        speakers=["Aïcha Benali", "Loïc Perrin", "Solène Cariou"],
    )
    add_session(
        db,
        1,
        "Civic tech : la participation en ligne tient-elle ses promesses ?",
        start,
        end,
        room="Salle des Tisserands",
        track="Démocratie",
        speakers=["Céline Vautrin", "Amadou Diallo"],
    )


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("screen", SCREENS, ids=["1366x768", "1024x600"])
def test_the_match_review_reads_without_scrolling_sideways(  # type: ignore[no-untyped-def]
    carnet_app, archive_path, qtbot, language, screen
) -> None:
    """At its size on the screen, every column of the review is in view (no horizontal
    scroll bar), no header is cut, and a cell shows at most two lines: a longer text ends
    in an ellipsis and is whole in the cell's tooltip; a title of the demo's usual length
    is whole on a laptop."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    carnet_app.set_language(language)
    carnet_app.open_archive(archive_path)
    window = carnet_app.window
    _demo_like_sessions(window.controller.db)
    window.setGeometry(first_geometry(screen))
    qtbot.waitExposed(window)
    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading)  # the rows come from a worker
    dialog.fit_to(screen)
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    table, model = dialog.table, dialog.model
    assert {r["kind"] for r in model.rows} >= {"ambiguous", "unmatched"}
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=3000)
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        label = str(model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(label), label
    lines = table.fontMetrics().lineSpacing()
    whole = set()
    for row in range(model.rowCount()):
        assert table.rowHeight(row) <= max(table.iconSize().height(), 2 * lines) + 8
        for column in range(model.columnCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            table.initViewItemOption(option)
            option.rect = table.visualRect(index)
            shown = table.itemDelegate().text_lines(option, index)
            text = str(index.data())
            assert len(shown) <= 2, (text, shown)
            if " ".join(shown) == text:
                whole.add(text)
            else:
                assert shown[-1].endswith("…") and index.data(Qt.ItemDataRole.ToolTipRole) == text
    if screen.width() >= 1366:
        assert "Les communs numériques, de Wikipédia aux cartes libres" in whole
        assert "Aïcha Benali, Loïc Perrin, Solène Cariou" in whole
    dialog.close()
