"""Events, people, tags and saved searches tidied from the window, each change undoable."""

from __future__ import annotations

from datetime import date
from typing import Any

from carnet.catalog.browse import ItemFilter, overview
from carnet.catalog.events import list_events
from carnet.catalog.items import add_people, add_tags
from carnet.catalog.saved_searches import list_saved_searches, save_search


def _state(db: Any) -> list[Any]:
    tables = ("events", "sessions", "session_speakers", "event_people", "people")
    rows: list[Any] = [sorted(map(tuple, db.query(f"SELECT * FROM {t}"))) for t in tables]
    rows.append(sorted(map(tuple, db.query("SELECT * FROM item_people"))))
    rows.append(
        sorted(
            map(
                tuple,
                db.query(
                    "SELECT t.path, it.item_id FROM item_tags it JOIN tags t ON t.id = it.tag_id"
                ),
            )
        )
    )
    rows.append(
        sorted(map(tuple, db.query("SELECT id, event_id, session_id, session_source FROM items")))
    )
    return rows


def _fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "slug": "atelier",
        "name": "Atelier",
        "timezone": "Europe/Paris",
        "language": "fr",
        "place": None,
        "start_date": date(2017, 3, 1),
        "end_date": None,
        "licence": None,
    }
    return {**fields, **changes}


def test_create_edit_delete_an_event_and_undo(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    curation = window.curation
    db = window.controller.db
    stack = window.controller.undo_stack
    assert curation.new_event(_fields())
    assert [e.slug for e in list_events(db)] == ["forum", "atelier"]
    stack.undo()
    assert [e.slug for e in list_events(db)] == ["forum"]
    stack.redo()
    assert [e.slug for e in list_events(db)] == ["forum", "atelier"]

    forum = list_events(db)[0]
    before = _state(db)
    assert curation.edit_event(
        forum.id, _fields(slug="forum", name="Forum 2016", place="Lyon", start_date=None)
    )
    assert list_events(db)[0].name == "Forum 2016"
    stack.undo()
    assert list_events(db)[0] == forum
    # A refused edit says why and never reaches the stack.
    errors: list[str] = []
    window.controller.error_raised.connect(lambda text, _details: errors.append(text))
    count = stack.count()
    assert not curation.edit_event(forum.id, _fields(slug="atelier"))
    assert errors and "atelier" in errors[0] and stack.count() == count

    asked: list[str] = []
    monkeypatch.setattr(curation, "confirm", lambda _t, text: asked.append(text) or True)
    assert curation.delete_event(forum.id)
    assert "session" in asked[0] and "undo" in asked[0]
    assert [e.slug for e in list_events(db)] == ["atelier"]
    assert all(e.name != "Forum" for e in overview(db).events)
    stack.undo()
    assert _state(db) == before


def test_merge_and_rename_people_and_tags_and_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    curation = window.curation
    db = window.controller.db
    stack = window.controller.undo_stack
    with db.transaction() as conn:
        add_people(conn, [1, 2], ["Ines"], "illustrator")
        add_tags(conn, [1], ["communs"])
        add_tags(conn, [2], ["Communs urbains"])
    window.refresh_catalog()
    before = _state(db)
    assert curation.merge_person("Ines", "Inès")
    assert "Ines" not in [p.name for p in overview(db).people]
    stack.undo()
    assert _state(db) == before
    assert curation.rename_person("Inès", "Inès Dupont")
    assert "Inès Dupont" in [p.name for p in overview(db).people]
    stack.undo()
    assert curation.merge_tag("Communs urbains", "communs")
    assert [t for t, _ in overview(db).tags] == ["communs"]
    stack.undo()
    assert curation.rename_tag("communs", "thème/communs")
    stack.undo()
    assert _state(db) == before
    assert not curation.delete_tag("communs")  # still used: refused, nothing stacked

    menu = curation.menu_for(ItemFilter("person", id=1, value="illustrator"), "Inès")
    assert len([a for a in menu.actions() if a.text()]) == 3


def test_rename_and_delete_a_saved_search_and_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    curation = window.curation
    db = window.controller.db
    stack = window.controller.undo_stack
    saved = save_search(db, "Communs", "communs")
    assert curation.rename_saved(saved.id, "Les communs")
    assert [s.name for s in list_saved_searches(db)] == ["Les communs"]
    stack.undo()
    assert [s.name for s in list_saved_searches(db)] == ["Communs"]
    assert curation.delete_saved(saved.id)
    assert list_saved_searches(db) == []
    stack.undo()
    assert [(s.name, s.query) for s in list_saved_searches(db)] == [("Communs", "communs")]
    stack.redo()
    assert list_saved_searches(db) == []
    menu = curation.menu_for(("saved", "communs", saved.id), "Communs")
    assert len(menu.actions()) == 2


def test_coverage_per_illustrator_copied_exported_and_opened(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from carnet.catalog.items import add_people

    db = window.controller.db
    with db.transaction() as conn:
        first = db.query("SELECT id FROM items WHERE session_id IS NOT NULL ORDER BY id")[0][0]
        add_people(conn, [first], ["Zoé"], "illustrator")
    dialog = window.open_coverage()
    names = [dialog.illustrator_combo.itemText(i) for i in range(dialog.illustrator_combo.count())]
    assert names[1:] == ["Inès", "Zoé"]
    everyone = sum(r.count for r in dialog.model.rows)
    dialog.illustrator_combo.setCurrentIndex(2)
    assert sum(r.count for r in dialog.model.rows) == 1 < everyone
    dialog.copy_csv()
    text = QApplication.clipboard().text()
    assert text.splitlines()[0] == "session_id,start,end,title,track,room,items"
    assert len(text.splitlines()) == len(dialog.model.rows) + 1
    dialog.export_csv(tmp_path / "coverage.csv")
    assert (tmp_path / "coverage.csv").read_text(encoding="utf-8") == text
    row = next(i for i, r in enumerate(dialog.model.rows) if r.count)
    session = dialog.model.rows[row].id
    dialog.table.doubleClicked.emit(dialog.model.index(row, 1))
    assert window.filter == ItemFilter("session", id=session)
    dialog.close()


def test_a_new_archive_leads_straight_to_the_event_form(carnet_app, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from carnet.ui.curation import CurationActions

    target = tmp_path / "Nouveau"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    asked: list[object] = []

    def ask_event(_self: object, event: object) -> dict[str, Any]:
        asked.append(event)
        return _fields()

    monkeypatch.setattr(CurationActions, "ask_event", ask_event)
    carnet_app.ask_new_archive()
    assert asked == [None]
    assert [e.slug for e in list_events(carnet_app.controller.db)] == ["atelier"]


def test_the_event_menu_acts_on_the_sidebars_event(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    curation = window.curation
    db = window.controller.db
    session = db.query("SELECT id FROM sessions ORDER BY id")[0][0]
    window.sidebar.select_action(ItemFilter("session", id=session))
    assert curation.current_event_id() == list_events(db)[0].id
    monkeypatch.setattr(curation, "confirm", lambda _t, _text: True)
    curation.delete_event_action.trigger()
    assert list_events(db) == []
    window.controller.undo_stack.undo()
    assert [e.slug for e in list_events(db)] == ["forum"]
