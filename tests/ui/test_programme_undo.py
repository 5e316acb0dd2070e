"""The programme editor's changes are undone and redone on the window's Edit stack: an
import as one command, and a session added or split comes back under the same id, so that
a later command naming it still works after undo and redo."""

from __future__ import annotations

from pathlib import Path

from carnet.catalog.events import list_sessions
from carnet.ui.undo import SetSessionCommand

#: The fixture's programme (tests/ui/conftest.py) with the opening moved to another room,
#: the closing unchanged, the commons session left out (kept), and two new sessions.
UPDATED = """titre;début;fin;salle;parcours;intervenants
Ouverture;29/09/2016 09:00;29/09/2016 10:00;Salle B;Plénière;Marie Curie, Hedy Lamarr
Déjeuner dessiné;29/09/2016 12:30;29/09/2016 13:30;Hall;;Katherine Johnson
Atelier;29/09/2016 14:00;29/09/2016 15:00;Salle C;;
Clôture;29/09/2016 16:00;29/09/2016 17:00;Grand amphi;Plénière;
"""


def _sessions(db) -> list[tuple[int, str, str | None, list[str]]]:  # type: ignore[no-untyped-def]
    return [(s.id, s.title, s.room, list(s.speakers)) for s in list_sessions(db, 1)]


def _item(db, name: str) -> int:  # type: ignore[no-untyped-def]
    row = db.query_one("SELECT id FROM items WHERE original_name = ?", (name,))
    assert row is not None
    return int(row[0])


def _session_of(db, item_id: int) -> int | None:  # type: ignore[no-untyped-def]
    row = db.query_one("SELECT session_id FROM items WHERE id = ?", (item_id,))
    return None if row is None or row[0] is None else int(row[0])


def _import(window, tmp_path: Path, name: str = "forum.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(UPDATED, encoding="utf-8")
    dialog = window.open_programme()
    assert dialog.import_file(path)
    dialog.preview.apply_button.click()
    return dialog


def test_an_import_is_one_command_that_undo_takes_back_and_redo_applies(  # type: ignore[no-untyped-def]
    window, tmp_path
) -> None:
    db = window.controller.db
    stack = window.controller.undo_stack
    before = _sessions(db)
    dialog = _import(window, tmp_path)
    after = _sessions(db)
    assert len(after) == len(before) + 2
    opening = next(s for s in after if s[1] == "Ouverture")
    assert opening[2] == "Salle B" and opening[3] == ["Marie Curie", "Hedy Lamarr"]
    assert stack.count() == 1
    assert stack.undoText() == "Import programme “forum.csv”: 2 sessions added, 1 updated"
    assert dialog.model.rowCount() == len(after)

    window.undo()
    assert _sessions(db) == before
    assert dialog.model.rowCount() == len(before)  # the editor follows
    people = {name for (name,) in db.query("SELECT name FROM people")}
    assert "Katherine Johnson" not in people and "Hedy Lamarr" not in people

    window.redo()
    assert _sessions(db) == after  # the same sessions, under the same ids
    window.undo()
    assert _sessions(db) == before
    dialog.close()


def test_a_drawing_tied_to_an_imported_session_comes_back_to_it(window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    controller = window.controller
    dialog = _import(window, tmp_path)
    lunch = next(s[0] for s in _sessions(db) if s[1] == "Déjeuner dessiné")
    drawing = _item(db, "f.jpg")  # 13:00, during lunch
    assert controller.push(SetSessionCommand(controller, [drawing], lunch))
    window.undo()
    window.undo()
    assert _session_of(db, drawing) is None
    assert lunch not in [s[0] for s in _sessions(db)]
    window.redo()
    window.redo()
    assert _session_of(db, drawing) == lunch
    dialog.close()


def test_add_session_then_assign_a_drawing_undo_twice_redo_twice(window) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    controller = window.controller
    dialog = window.open_programme()
    assert dialog.add_session()
    (new,) = [s[0] for s in _sessions(db) if s[1] == "New session"]
    drawing = _item(db, "f.jpg")
    assert controller.push(SetSessionCommand(controller, [drawing], new))
    window.undo()
    window.undo()
    assert new not in [s[0] for s in _sessions(db)]
    window.redo()
    window.redo()
    assert new in [s[0] for s in _sessions(db)]
    assert _session_of(db, drawing) == new
    dialog.close()


def test_split_then_assign_a_drawing_undo_twice_redo_twice(window) -> None:  # type: ignore[no-untyped-def]
    db = window.controller.db
    controller = window.controller
    dialog = window.open_programme()
    before = {s[0] for s in _sessions(db)}
    dialog.table.selectRow(0)  # Ouverture, 09:00–10:00
    assert dialog.split_selected("2016-09-29 09:30")
    (second,) = {s[0] for s in _sessions(db)} - before
    drawing = _item(db, "f.jpg")
    assert controller.push(SetSessionCommand(controller, [drawing], second))
    window.undo()
    window.undo()
    assert {s[0] for s in _sessions(db)} == before
    window.redo()
    window.redo()
    assert second in {s[0] for s in _sessions(db)}
    assert _session_of(db, drawing) == second
    dialog.close()
