"""A merge in the window: its new drawings shown with their pictures, one step on the Edit
stack (Ctrl+Z restores the archive as it was, redo merges again), a cancel that leaves the
archive as it was."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import list_items, update_items
from carnet.importing.pipeline import ImportOptions, import_paths
from tests.imaging import make_bomb_png, make_jpeg, make_png

GREEN = (10, 200, 30)


def _other_archive(tmp_path: Path, *, broken: bool = False) -> Path:
    """Another illustrator's archive: two new drawings (green, blue), one caption; with
    ``broken``, a third whose original is garbage, a fourth claiming 10 gigapixels and a
    PNG of 3,072 pixels."""
    other = tmp_path / "Other.carnet"
    photos = tmp_path / "photos"
    photos.mkdir(parents=True)
    make_jpeg(photos / "green.jpg", (160, 120), color=GREEN, pattern=False)
    make_jpeg(photos / "blue.jpg", (160, 120), color=(20, 40, 220), pattern=False)
    if broken:
        make_jpeg(photos / "garbage.jpg", (160, 120), color=(200, 200, 0))
        make_png(photos / "huge.png", (64, 48), color=(0, 0, 0))
        make_png(photos / "big.png", (64, 48), color=(0, 90, 0))
    with Archive.create(other) as archive:
        add_event(archive.db, slug="forum", name="Forum", timezone="UTC")
        import_paths(archive, [photos], ImportOptions(event="forum", jobs=1))
        items = {i.original_name: i for i in list_items(archive.db)}
        update_items(archive.db, [items["green.jpg"].id], caption="Green board")
        if broken:
            paths = archive.paths
            paths.original(items["garbage.jpg"].hash, "jpg").write_bytes(b"\xff\xd8" + b"x" * 999)
            make_bomb_png(paths.original(items["huge.png"].hash, "png"))
    return other


def _files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for folder in ("originals", "previews", "thumbnails")
        for p in (root / folder).rglob("*")
        if p.is_file()
    }


def _catalog(window: Any) -> list[str]:
    """The catalog's rows, but for its lineages (each writable open, and an undone merge,
    starts one: ``catalog/identity.py``)."""
    return [
        line
        for line in window.controller.db.conn.iterdump()
        if not line.startswith('INSERT INTO "lineages"')
    ]


def _lineage(window: Any) -> str:
    from carnet.catalog.identity import current

    stamp = current(window.controller.db)
    assert stamp is not None
    return stamp.lineage


def _found(window: Any, qtbot: Any, word: str) -> bool:
    """Whether the window's search finds ``word`` (asked on the task pool, as it must)."""
    controller, answers = window.controller, []
    controller.tasks.run(lambda: controller.search.query(word), answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=30000)
    return bool(answers[0].ids)


def _look(window: Any, qtbot: Any, source: Path) -> Any:
    from carnet.ui.merge_dialog import MergeDialog

    dialog = MergeDialog(window.controller, source, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.look_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30000)
    return dialog


def test_new_drawings_show_their_pictures_and_a_placeholder_for_a_bad_one(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import carnet.ui.merge_review

    # A PNG is decoded whole: over this many pixels the review does not try (a JPEG is
    # shrunk as it is read, whatever its size).
    monkeypatch.setattr(carnet.ui.merge_review, "MAX_PIXELS", 3000)
    dialog = _look(window, qtbot, _other_archive(tmp_path, broken=True))
    model = dialog.new_model
    assert model.rowCount() == 5
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    # Every row has a picture at once: a placeholder until its own is decoded.
    for row in rows.values():
        assert not model.index(row, 0).data(Qt.ItemDataRole.DecorationRole).isNull()
    items = {name: model.items[row] for name, row in rows.items()}
    qtbot.waitUntil(lambda: dialog.pictures.idle, timeout=30000)
    for name in ("green.jpg", "blue.jpg", "garbage.jpg", "huge.png", "big.png"):
        model.index(rows[name], 0).data(Qt.ItemDataRole.DecorationRole)  # as a paint asks
    qtbot.waitUntil(lambda: dialog.pictures.idle, timeout=30000)
    green = dialog.pictures.pixmap(items["green.jpg"])
    assert green is not None and max(green.width(), green.height()) <= 96
    colour = green.toImage().pixelColor(green.width() // 2, green.height() // 2)
    assert colour.green() > 150 and colour.red() < 80  # the drawing itself, upright
    for bad in ("garbage.jpg", "huge.png", "big.png"):
        assert dialog.pictures.pixmap(items[bad]) is None
        assert dialog.pictures.failed(items[bad])
        assert "No picture" in model.index(rows[bad], 0).data(Qt.ItemDataRole.ToolTipRole)
        assert not model.index(rows[bad], 0).data(Qt.ItemDataRole.DecorationRole).isNull()
    dialog.close()


def test_a_package_without_originals_says_it_has_no_pictures(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    from carnet.merge.package import write_package

    other = _other_archive(tmp_path)
    with Archive.open(other) as archive:
        write_package(archive, tmp_path / "package", event="forum", originals=False)
    dialog = _look(window, qtbot, tmp_path / "package")
    assert dialog.new_model.rowCount() == 0
    assert not dialog.no_pictures_label.isHidden()
    assert "without their original" in dialog.no_pictures_label.text()
    dialog.close()


def _press(keyboard: Any, keys: str) -> None:
    """Press ``keys`` in the window. Undo and redo of a merge put up a window-modal
    progress dialog on the key press, so the release reaches that dialog, not the window,
    and the fixture, which waits for the window to get the release, would fail."""
    if keyboard.real:
        subprocess.run(["xdotool", "key", keys.lower()], check=True)
    else:
        keyboard.press(keys)


def _merge(dialog: Any, qtbot: Any) -> Any:
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60000)
    command = dialog.command
    assert command is not None and command.merged
    return command


@pytest.mark.x11
def test_ctrl_z_restores_the_archive_as_before_and_redo_merges_again(  # type: ignore[no-untyped-def]
    window, qtbot, keyboard, tmp_path: Path
) -> None:
    root = window.controller.archive.root
    mine = window.model.ids[0]
    update_items(window.controller.db, [mine], caption="The organiser's caption")
    before_catalog, before_files = _catalog(window), _files(root)
    lineage = _lineage(window)
    count = len(window.model.ids)

    dialog = _look(window, qtbot, _other_archive(tmp_path))
    dialog.people_model.set_proposals([])
    command = _merge(dialog, qtbot)
    stack = window.controller.undo_stack
    assert stack.undoText() == "Merge “Other.carnet”"
    qtbot.waitUntil(lambda: len(window.model.ids) == count + 2, timeout=10000)
    merged_files = _files(root)
    assert len(merged_files - before_files) == 6  # two originals, their previews, thumbnails
    merged = {i.hash: i.caption for i in list_items(window.controller.db)}
    assert "Green board" in merged.values()
    qtbot.waitUntil(lambda: _found(window, qtbot, "green"), timeout=30000)
    dialog.close()

    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    _press(keyboard, "Ctrl+Z")
    qtbot.waitUntil(lambda: not command.merged and not command.running, timeout=30000)
    assert _catalog(window) == before_catalog
    assert _files(root) == before_files
    assert not list(root.glob("catalog.sqlite.before-merge*"))
    assert _lineage(window) != lineage  # the search index is made again, not trusted
    qtbot.waitUntil(lambda: not _found(window, qtbot, "green"), timeout=30000)
    qtbot.waitUntil(lambda: len(window.model.ids) == count, timeout=10000)
    assert stack.canRedo() and stack.redoText() == "Merge “Other.carnet”"

    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    _press(keyboard, "Ctrl+Shift+Z")
    qtbot.waitUntil(lambda: command.merged and not command.running, timeout=60000)
    assert {i.hash: i.caption for i in list_items(window.controller.db)} == merged
    assert _files(root) == merged_files
    qtbot.waitUntil(lambda: _found(window, qtbot, "green"), timeout=30000)
    qtbot.waitUntil(lambda: len(window.model.ids) == count + 2, timeout=10000)
    assert stack.canUndo() and not stack.canRedo()


def test_undo_is_refused_when_drawings_came_in_since_the_merge(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    dialog = _look(window, qtbot, _other_archive(tmp_path))
    command = _merge(dialog, qtbot)
    dialog.close()
    photos = tmp_path / "later"
    make_jpeg(photos / "later.jpg", color=(1, 2, 3))
    import_paths(window.controller.archive, [photos], ImportOptions(jobs=1))
    after = _catalog(window)
    errors: list[str] = []
    window.controller.error_raised.connect(lambda message, _details: errors.append(message))
    window.undo()
    qtbot.waitUntil(lambda: bool(errors), timeout=30000)
    assert "cannot be undone" in errors[0]
    assert command.merged and _catalog(window) == after
    stack = window.controller.undo_stack
    assert stack.command(stack.index() - 1) is command  # still there to undo


def test_a_merge_cancelled_midway_leaves_the_archive_as_it_was(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import carnet.ui.merge_undo as merge_undo

    real = merge_undo.apply_plan

    def cancelled_after_one(
        archive: Any, plan: Any, *, progress: Any, cancel: threading.Event, keep_undo: bool
    ) -> Any:
        def report(done: int, total: int) -> None:
            progress(done, total)
            cancel.set()  # what Cancel does, once the first original is stored

        return real(archive, plan, jobs=1, progress=report, cancel=cancel, keep_undo=keep_undo)

    monkeypatch.setattr(merge_undo, "apply_plan", cancelled_after_one)
    root = window.controller.archive.root
    before_catalog, before_files = _catalog(window), _files(root)
    dialog = _look(window, qtbot, _other_archive(tmp_path))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 3, timeout=60000)
    assert "cancelled" in dialog.summary_label.text()
    assert _catalog(window) == before_catalog
    assert _files(root) == before_files
    assert not window.controller.undo_stack.canUndo()


def test_people_ticked_become_one_and_the_others_stay_apart(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    from carnet.catalog.browse import person_names
    from carnet.catalog.items import add_people

    other = _other_archive(tmp_path)
    with Archive.open(other) as archive:
        ids = [i.id for i in list_items(archive.db)]
        with archive.db.transaction() as conn:
            add_people(conn, ids, ["Ines"], "illustrator")  # the window's archive: "Inès"
            add_people(conn, ids, ["Elinor Ostrum"], "speaker")  # and "Elinor Ostrom"
    dialog = _look(window, qtbot, other)
    people = dialog.people_model
    shown = [people.index(r, 0).data() for r in range(people.rowCount())]
    assert shown == [
        "“Elinor Ostrum” (theirs) and “Elinor Ostrom” (yours): a letter or two apart",
        "“Ines” (theirs) and “Inès” (yours): the same name but for accents",
    ]
    assert dialog.tabs.tabText(2) == "People (2)"
    people.setData(people.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    _merge(dialog, qtbot)
    names = person_names(window.controller.db)
    assert "Ines" not in names and "Inès" in names
    assert "Elinor Ostrum" in names and "Elinor Ostrom" in names
    items = list_items(window.controller.db)
    assert all("Inès" in i.illustrators for i in items)  # the new drawings too


def test_two_merges_undone_one_after_the_other(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    root = window.controller.archive.root
    before_catalog, before_files = _catalog(window), _files(root)
    # Left by a merge of an earlier session, whose undo went with its window: removed.
    (root / "catalog.sqlite.before-merge-0123456789ab").write_bytes(b"stale")
    (root / "catalog.sqlite.before-merge-0123456789ab-shm").write_bytes(b"stale")
    first = _other_archive(tmp_path / "first")
    second = tmp_path / "second" / "Second.carnet"
    make_jpeg(tmp_path / "second" / "photos" / "red.jpg", color=(220, 10, 10), pattern=False)
    with Archive.create(second) as archive:
        import_paths(archive, [tmp_path / "second" / "photos"], ImportOptions(jobs=1))
    commands = []
    for source in (first, second):
        dialog = _look(window, qtbot, source)
        commands.append(_merge(dialog, qtbot))
        dialog.close()
    between = _catalog(window)
    assert len(list(root.glob("catalog.sqlite.before-merge*"))) == 2
    window.undo()
    qtbot.waitUntil(lambda: not commands[1].merged and not commands[1].running, timeout=30000)
    assert _catalog(window) != between
    window.undo()
    qtbot.waitUntil(lambda: not commands[0].merged and not commands[0].running, timeout=30000)
    assert _catalog(window) == before_catalog
    assert _files(root) == before_files
    assert not list(root.glob("catalog.sqlite.before-merge*"))


def test_a_merge_and_its_undo_write_through_a_connection_of_their_own(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's catalog connection stays free for its reads while a merge or its undo
    writes on a worker (one connection lets one user in at a time: the window would wait)."""
    import carnet.merge.apply as apply
    import carnet.ui.merge_undo as merge_undo

    used: list[Any] = []
    real_merge, real_undo = merge_undo.run_merge, apply.undo_merge

    def run_merge(archive: Archive, *args: Any) -> Any:
        used.append(archive.db)
        return real_merge(archive, *args)

    def undo_merge(archive: Archive, *args: Any) -> None:
        used.append(archive.db)
        real_undo(archive, *args)

    monkeypatch.setattr(merge_undo, "run_merge", run_merge)
    monkeypatch.setattr(merge_undo, "undo_merge", undo_merge)
    count = len(window.model.ids)
    dialog = _look(window, qtbot, _other_archive(tmp_path))
    dialog.people_model.set_proposals([])
    _merge(dialog, qtbot)
    qtbot.waitUntil(lambda: len(window.model.ids) == count + 2, timeout=10000)
    window.controller.undo()
    qtbot.waitUntil(lambda: len(used) == 2 and len(window.model.ids) == count, timeout=30000)
    assert all(db is not window.controller.db for db in used)
    assert all(db.conn is not window.controller.db.conn for db in used)
