"""The match review keeps the window responsive and light over many drawings: its rows are
worked out on a worker (the last run's show), its thumbnails are icons of its own."""

from __future__ import annotations

from carnet.catalog.items import set_session
from carnet.ui.programme import REVIEW_ICON


def test_the_review_lists_its_rows_from_a_worker_the_last_run_winning(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_match_review()
    assert dialog.loading  # asked, not yet there: the window went on meanwhile
    with qtbot.waitSignal(dialog.rows_loaded, timeout=10000):
        pass
    assert not dialog.loading
    listed = {r["item_id"] for r in dialog.model.rows}
    assert len(listed) == 6
    # Two runs in a row (an edit while the first works): only the second one's rows show,
    # and they know of the edit.
    settled = next(iter(listed))
    loaded: list[int] = []
    dialog.rows_loaded.connect(lambda: loaded.append(len(dialog.model.rows)))
    dialog.run_match()
    set_session(window.controller.db, [settled], None, source="manual")
    dialog.run_match()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)
    qtbot.wait(100)  # the first run's answer, had it been shown, would be in by now
    assert len(loaded) == 1
    assert settled not in {r["item_id"] for r in dialog.model.rows}
    dialog.close()


def test_the_reviews_thumbnails_are_decoded_at_icon_size(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)
    icons = dialog.model.thumbnails
    assert icons is not window.controller.thumbnails  # the grid's cache keeps the grid's
    digest = dialog.model.rows[0]["hash"]
    dialog.model.index(0, 0).data(1)  # asked for, as a paint does
    qtbot.waitUntil(lambda: icons.cached(digest) is not None, timeout=10000)
    pixmap = icons.cached(digest)
    assert max(pixmap.width(), pixmap.height()) <= 2 * REVIEW_ICON
    dialog.close()


def test_the_reviews_cells_are_laid_out_once_per_text_and_width(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QStyleOptionViewItem

    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)
    delegate = dialog.table.itemDelegate()
    delegate._fitted.clear()  # as before the first paint
    laid_out: list[str] = []
    wrap = delegate._wrap
    delegate._wrap = lambda text, width, font: laid_out.append(text) or wrap(text, width, font)
    option = QStyleOptionViewItem()
    dialog.table.initViewItemOption(option)
    index = dialog.model.index(0, 2)
    option.rect = dialog.table.visualRect(index)
    first = delegate.text_lines(option, index)
    assert delegate.text_lines(option, index) == first  # a scroll back: the same lines
    assert laid_out == [dialog.model.rows[0]["suggested"]]
    dialog.close()


def test_the_review_keeps_icons_for_the_rows_near_the_screen_only(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.programme import REVIEW_CACHED

    dialog = window.open_match_review()
    icons = dialog.model.thumbnails
    assert icons.capacity == REVIEW_CACHED < 1000  # not one icon per row of a long review
    assert icons.edge <= 2 * REVIEW_ICON
    dialog.close()


def test_a_closed_review_frees_its_rows_and_icons_and_lists_them_again_when_shown(  # type: ignore[no-untyped-def]
    window, qtbot
) -> None:
    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10000)
    icons = dialog.model.thumbnails
    for row in range(dialog.model.rowCount()):
        dialog.model.index(row, 0).data(1)  # asked for, as a paint does
    qtbot.waitUntil(lambda: len(icons) >= 2, timeout=10000)
    listed = len(dialog.model.rows)
    assert listed > 0
    dialog.close()
    assert dialog.model.rowCount() == 0 and dialog.all_rows == []
    assert len(icons) <= 1
    # An edit while it is closed does not list the rows again behind the user's back.
    set_session(window.controller.db, [window.model.ids[0]], None, source="manual")
    window.controller.catalog_changed.emit()
    qtbot.wait(200)
    assert dialog.model.rowCount() == 0 and not dialog.loading
    dialog.show()
    with qtbot.waitSignal(dialog.rows_loaded, timeout=10000):
        pass
    assert dialog.model.rowCount() > 0
    dialog.close()
