"""The merge and share dialogs: share a package, look at a merge, settle a conflict, merge."""

from __future__ import annotations

from pathlib import Path

from carnet.catalog.items import get_item, update_items


def test_share_then_merge_with_a_conflict_settled_for_theirs(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    from carnet.ui.merge_dialog import MergeDialog, ShareDialog

    controller = window.controller
    item_id = window.model.ids[0]
    update_items(controller.db, [item_id], caption="The illustrator's caption")
    share = ShareDialog(controller, parent=window)
    qtbot.addWidget(share)
    share.folder.setText(str(tmp_path / "package"))
    share.originals.setChecked(False)
    share.start_button.click()
    qtbot.waitUntil(lambda: share.summary is not None, timeout=30000)
    assert (tmp_path / "package" / "bagit.txt").is_file()

    update_items(controller.db, [item_id], caption="The organiser's caption")
    dialog = MergeDialog(controller, tmp_path / "package", parent=window)
    qtbot.addWidget(dialog)
    dialog.look_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30000)
    assert dialog.conflicts.rowCount() == 1
    assert dialog.conflicts.index(0, 2).data() == "The organiser's caption"
    assert dialog.conflicts.index(0, 3).data() == "The illustrator's caption"
    dialog.all_theirs.click()
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    assert dialog.summary is not None and dialog.summary.fields_updated == 1
    assert get_item(controller.db, item_id).caption == "The illustrator's caption"


def test_a_refused_source_is_said_on_the_first_page(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    from carnet.ui.merge_dialog import MergeDialog

    (tmp_path / "loose").mkdir()
    dialog = MergeDialog(window.controller, tmp_path / "loose", parent=window)
    qtbot.addWidget(dialog)
    dialog.look_button.click()
    qtbot.waitUntil(lambda: not dialog.problem_label.isHidden(), timeout=30000)
    assert "neither a contribution package" in dialog.problem_label.text()
    assert dialog.pages.currentIndex() == 0


def test_the_file_menu_opens_merge_and_share(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions()]
    assert "merge" in names and "share" in names
    window.merge_action.trigger()
    assert window.merge_dialog is not None and window.merge_dialog.isVisible()
    window.merge_dialog.close()
    window.share_action.trigger()
    shares = [w for w in window.findChildren(object) if type(w).__name__ == "ShareDialog"]
    assert shares and shares[-1].event_combo.count() >= 1
    shares[-1].close()


def test_undo_of_a_merge_restores_the_archive(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from carnet.catalog.archive import Archive
    from carnet.catalog.events import add_event
    from carnet.importing.pipeline import ImportOptions, import_paths
    from carnet.ui.merge_dialog import MergeDialog
    from tests.imaging import make_jpeg

    other = tmp_path / "Other.carnet"
    photos = tmp_path / "photos"
    photos.mkdir()
    make_jpeg(photos / "new.jpg", color=(10, 200, 30))
    with Archive.create(other) as archive:
        add_event(archive.db, slug="forum", name="Forum", timezone="UTC")
        import_paths(archive, [photos], ImportOptions(event="forum", jobs=1))
    controller = window.controller
    count = len(window.model.ids)
    dialog = MergeDialog(controller, other, parent=window)
    qtbot.addWidget(dialog)
    dialog.look_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30000)
    assert dialog.new_model.rowCount() == 1
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    qtbot.waitUntil(lambda: len(window.model.ids) == count + 1, timeout=10000)
    assert not dialog.undo_button.isHidden()
    dialog.undo_button.click()
    qtbot.waitUntil(lambda: dialog.undo_button.isHidden(), timeout=30000)
    qtbot.waitUntil(lambda: len(window.model.ids) == count, timeout=10000)


def test_a_cover_or_order_conflict_names_its_event_or_session_and_drawings(  # type: ignore[no-untyped-def]
    qapp,
) -> None:
    from carnet.merge.plan import FieldChange
    from carnet.ui.merge_review import ConflictModel

    a, b = "a" * 64, "b" * 64
    model = ConflictModel([])
    model.set_conflicts(
        [
            FieldChange("", 0, "cover", a, b, b, target="event forum-2016"),
            FieldChange("", 0, "order", [a, b], [b, a], [b, a], target="session ts:Clôture|T17"),
        ],
        {a: "IMG_1.jpg", b: "IMG_2.jpg"},
        "Inès",
    )
    rows = [[model.index(row, column).data() for column in range(4)] for row in range(2)]
    assert rows == [
        ["Event “forum-2016”", "Cover", "IMG_1.jpg", "IMG_2.jpg"],
        ["Session “Clôture”", "Order of drawings", "IMG_1.jpg, IMG_2.jpg", "IMG_2.jpg, IMG_1.jpg"],
    ]
