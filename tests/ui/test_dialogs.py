"""Import (with cancel), programme editing, match review, coverage, the gui command."""

from __future__ import annotations

from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.events import list_sessions
from carnet.catalog.items import get_item
from carnet.cli.gui import NO_DISPLAY, cmd_gui
from tests.imaging import make_jpeg


def _photos(folder: Path, n: int, start: int = 0) -> Path:
    for i in range(start, start + n):
        make_jpeg(folder / f"new{i}.jpg", (80, 60), color=(i * 9 % 255, 100, 50), pattern=False)
    return folder


def test_import_a_folder_through_the_dialog(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _photos(tmp_path / "new", 3)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    dialog = window.open_import_dialog([folder])
    assert dialog.event_combo.currentData() == "forum"
    dialog.illustrator.setEditText("Margaux")
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    assert dialog.summary.imported == 3
    assert "3 imported" in dialog.summary_label.text()
    assert dialog.rejected_view.model().rowCount() == 1
    assert "broken.jpg" in dialog.rejected_view.model().rows[0][0]
    qtbot.waitUntil(lambda: window.model.rowCount() == 9)


def test_cancel_an_import_halfway_leaves_the_archive_consistent(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = _photos(tmp_path / "many", 16)
    dialog = window.open_import_dialog([folder])

    def cancel_at_half(done: int, total: int) -> None:
        if done >= total // 2:
            dialog.cancel()

    dialog.start_button.click()
    dialog.task.signals.progressed.connect(cancel_at_half)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    summary = dialog.summary
    assert summary.cancelled
    assert 0 < summary.imported < 16
    report = check_archive(window.controller.archive)
    assert report.ok, report.problems
    qtbot.waitUntil(lambda: window.model.rowCount() == 6 + summary.imported)


def test_edit_a_session_in_the_programme_editor_and_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_programme()
    model = dialog.model
    assert model.rowCount() == 3
    index = model.index(1, 2)  # room of "Les communs urbains"
    assert model.setData(index, "Salle B")
    db = window.controller.db
    assert list_sessions(db, 1)[1].room == "Salle B"
    assert not model.setData(model.index(1, 4), "tomorrow")  # refused, nothing changed
    window.undo()
    assert list_sessions(db, 1)[1].room == "Salle A"
    dialog.close()


def test_run_a_match_and_accept_one_suggestion(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading)  # the rows come from a worker
    rows = dialog.model.rows
    assert rows and all(r["suggested"] for r in rows)
    first = rows[0]
    dialog.table.selectRow(0)
    dialog.accept_selected.click()
    item = get_item(db, first["item_id"])
    assert (item.session_id, item.session_source) == (first["session_id"], "manual")
    assert first["item_id"] not in {r["item_id"] for r in dialog.model.rows}  # settled
    window.undo()
    assert get_item(db, first["item_id"]).session_source != "manual"
    dialog.close()


def test_the_match_review_draws_thumbnails_at_its_icon_size(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading)  # the rows come from a worker
    index = dialog.model.index(0, 0)
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.DecorationRole) is not None)
    option = QStyleOptionViewItem()
    dialog.table.initViewItemOption(option)
    dialog.table.itemDelegate().initStyleOption(option, index)
    # A 384-pixel thumbnail drawn as it is would push the sessions out of sight.
    size, room = option.decorationSize, dialog.table.iconSize()
    assert size.width() <= room.width() and size.height() <= room.height()
    dialog.close()


def test_the_match_review_columns_follow_its_width_until_one_is_sized_by_hand(
    window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading)  # the rows come from a worker
    qtbot.waitExposed(dialog)
    header = dialog.table.horizontalHeader()
    wide = header.sectionSize(2)
    dialog.resize(dialog.width() - 200, dialog.height())
    bar = dialog.table.horizontalScrollBar()
    qtbot.waitUntil(lambda: header.sectionSize(2) < wide and bar.maximum() == 0)
    header.resizeSection(2, 400)  # as a drag of the column's edge does
    dialog.resize(dialog.width() + 150, dialog.height())
    qtbot.wait(50)
    assert header.sectionSize(2) == 400
    dialog.close()


def test_coverage_shows_sessions_without_items(window) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_coverage()
    counts = {row.title: row.count for row in dialog.model.rows}
    assert counts["Clôture"] == 0
    assert "1 session without any item" in dialog.summary.text()
    dialog.close()


def test_gui_without_a_display_says_so(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import argparse

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert cmd_gui(argparse.Namespace(archive=None)) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"carnet: {NO_DISPLAY}"
    assert "xvfb-run -a carnet gui" in err


def test_gui_command_is_registered() -> None:
    import argparse

    from carnet.cli.gui import add_gui

    parser = argparse.ArgumentParser()
    add_gui(parser.add_subparsers())
    args = parser.parse_args(["gui", "Forum.carnet"])
    assert args.paths == [Path("Forum.carnet")] and args.func is cmd_gui


def test_archive_fixture_is_sound(archive_path: Path) -> None:
    with Archive.open(archive_path, readonly=True) as archive:
        assert check_archive(archive).ok


def test_importing_a_programme_shows_a_preview_then_applies_it(
    window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//Carnet//EN",
        "BEGIN:VEVENT",
        "UID:new",
        "SUMMARY:Atelier du soir",
        "DTSTART:20160929T180000",
        "DTEND:20160929T190000",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:untitled",
        "DTSTART:20160929T190000",
        "DTEND:20160929T200000",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    ics = tmp_path / "soir.ics"
    ics.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    dialog = window.open_programme()
    db = window.controller.db
    before = len(list_sessions(db, 1))

    assert dialog.import_file(ics)

    preview = dialog.preview
    rows = preview.model.rows
    assert [r[0] for r in rows] == ["Add", "Skipped"]
    assert rows[0][2] == "Atelier du soir"
    assert rows[1][2] == "10" and "SUMMARY" in rows[1][3]
    assert "1 to add, 0 to update, 0 unchanged, 1 skipped." in preview.summary.text()
    assert len(list_sessions(db, 1)) == before  # nothing written yet
    preview.apply_button.click()
    assert len(list_sessions(db, 1)) == before + 1
    assert dialog.model.rowCount() == before + 1
    dialog.close()


def _titles_and_times(db) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(s.title, f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in list_sessions(db, 1)]


def test_add_split_merge_and_delete_sessions_in_the_editor_each_undone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_programme()
    db = window.controller.db
    start = _titles_and_times(db)
    assert dialog.add_session()
    added = _titles_and_times(db)
    assert len(added) == len(start) + 1 and "New session" in [t for t, _, _ in added]
    window.undo()
    assert _titles_and_times(db) == start

    dialog.table.selectRow(0)  # Ouverture, 09:00–10:00 (the fixture's programme)
    first = start[0]
    assert dialog.split_selected("2016-09-29 09:20")
    split = _titles_and_times(db)
    assert (first[0], first[1], "09:20") in split and (first[0], "09:20", first[2]) in split
    window.undo()
    assert _titles_and_times(db) == start
    assert not dialog.split_selected("soon")  # refused in one sentence, nothing changed
    assert _titles_and_times(db) == start

    dialog.table.selectAll()
    assert dialog.merge_selected()
    (merged,) = _titles_and_times(db)
    assert merged == (first[0], first[1], max(end for _, _, end in start))
    window.undo()
    assert _titles_and_times(db) == start

    dialog.table.selectRow(1)
    assert dialog.delete_selected()
    assert len(_titles_and_times(db)) == len(start) - 1
    window.undo()
    assert _titles_and_times(db) == start
    dialog.close()


def test_session_times_are_typed_as_shown_or_iso(window) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from carnet.ui.dates import short_date_time
    from carnet.ui.programme import typed_time

    paris = ZoneInfo("Europe/Paris")
    when = datetime(2016, 9, 29, 14, 30, tzinfo=paris)
    assert typed_time(short_date_time(when), paris) == when
    assert typed_time("2016-09-29 14:30", paris) == when
    dialog = window.open_programme()
    model = dialog.model
    shown = model.data(model.index(1, 3))
    assert model.data(model.index(1, 3), 2) == shown  # edited as it is shown (EditRole)
    dialog.close()


def test_review_lists_every_unsettled_drawing_with_filters_reject_and_thumbnails(  # type: ignore[no-untyped-def]
    window, qtbot
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from carnet.catalog.matches import rejected_sessions
    from carnet.catalog.sessions import add_session

    db = window.controller.db
    paris = ZoneInfo("Europe/Paris")
    parallel = add_session(
        db,
        1,
        "Démocratie locale",
        datetime(2016, 9, 29, 10, 30, tzinfo=paris),
        datetime(2016, 9, 29, 11, 45, tzinfo=paris),
        room="Salle B",
        track="Démocratie",
    )
    dialog = window.open_match_review()
    qtbot.waitUntil(lambda: not dialog.loading)  # the rows come from a worker
    rows = dialog.model.rows
    kinds = {(r["item"], r["kind"]) for r in rows}
    # c, d and e ran during two parallel sessions: one row per candidate, side by side.
    assert [r["room"] for r in rows if r["item"] == "c.jpg"] == ["Salle A", "Salle B"]
    assert ("c.jpg", "ambiguous") in kinds and ("a.jpg", "suggested") in kinds
    # f was photographed outside every session: its nearest sessions are offered.
    assert [r["suggested"] for r in rows if r["item"] == "f.jpg"] == [
        "Les communs urbains",
        "Démocratie locale",
    ]
    assert all(r["captured"] for r in rows)
    qtbot.waitUntil(lambda: dialog.model.data(dialog.model.index(0, 0), 1) is not None)

    dialog.set_filters(room="Salle B")
    assert {r["item"] for r in dialog.model.rows} == {"c.jpg", "d.jpg", "e.jpg", "f.jpg"}
    dialog.set_filters(room="Salle B", track="Démocratie", illustrator="Inès")
    c_row = next(n for n, r in enumerate(dialog.model.rows) if r["item"] == "c.jpg")
    c_id = dialog.model.rows[c_row]["item_id"]

    dialog.reject_rows([c_row])

    assert rejected_sessions(db)[c_id] == {parallel}
    qtbot.waitUntil(lambda: not dialog.loading)  # listed again after the change
    dialog.set_filters()
    # With Salle B rejected, c is settled on the other session: a suggestion to accept.
    c_rows = [r for r in dialog.model.rows if r["item_id"] == c_id]
    assert [(r["kind"], r["room"]) for r in c_rows] == [("suggested", "Salle A")]
    window.undo()
    assert c_id not in rejected_sessions(db)
    qtbot.waitUntil(lambda: not dialog.loading)

    d_row = next(n for n, r in enumerate(dialog.model.rows) if r["item"] == "d.jpg")
    d = dialog.model.rows[d_row]
    dialog.accept_rows([d_row])
    item = get_item(db, d["item_id"])
    assert (item.session_id, item.session_source) == (d["session_id"], "manual")
    assert d["item_id"] not in {r["item_id"] for r in dialog.model.rows}
    dialog.close()


def test_confirm_a_suggested_session_in_the_inspector_and_undo(window) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    suggested = [i for i in window.model.ids if get_item(db, i).session_source == "auto"]
    assert suggested  # the fixture's match suggested sessions: the test can fail
    window.select_ids(suggested[:2])
    button = window.inspector.confirm_session
    assert not button.isHidden() and button.isEnabled()

    button.click()

    assert {get_item(db, i).session_source for i in suggested[:2]} == {"manual"}
    assert button.isHidden()  # nothing left to confirm
    window.undo()
    assert {get_item(db, i).session_source for i in suggested[:2]} == {"auto"}
