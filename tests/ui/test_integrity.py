"""Every edit lands where the user is looking.

The inspector edits the drawing on screen (the viewer's, not the one it was opened on),
never an item the grid no longer shows (after a trash, a filter, a search, a sidebar
change), text typed in the session field is matched to a session or refused in words,
and the sidebar's counts follow each edit at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from carnet.catalog.browse import ItemFilter, overview
from carnet.catalog.events import list_events, list_sessions
from carnet.catalog.items import get_item
from tests.ui.windows import sidebar_count


def _session_id(window: Any, title: str) -> int:
    db = window.controller.db
    event = list_events(db)[0]
    return next(s.id for s in list_sessions(db, event.id) if s.title == title)


def _choose(window: Any, action: object) -> None:
    """Click the sidebar row standing for ``action``."""
    window.sidebar.select_action(action)
    window._on_sidebar_action_chosen(action)


# ---------------------------------------------------------------------- the viewer


def test_the_inspector_edits_the_drawing_the_viewer_shows(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    db = window.controller.db
    window.select_ids([ids[0]])
    window.grid.setFocus()
    window.open_viewer()
    qtbot.keyClick(window.viewer.canvas, Qt.Key.Key_Right)
    assert window.viewer.current_id == ids[1]
    assert window.inspector.ids == [ids[1]]
    assert window.inspector.heading.text() == "b.jpg"
    caption = window.inspector.caption
    caption.setFocus()
    qtbot.keyClicks(caption, "Vu dans le visualiseur")
    window.viewer.next()  # stepping on commits what was typed, on the drawing it was typed for
    assert get_item(db, ids[1]).caption == "Vu dans le visualiseur"
    assert get_item(db, ids[0]).caption is None
    assert window.inspector.ids == [ids[2]]
    assert window.inspector.caption.toPlainText() == ""
    window.viewer.previous()
    assert window.inspector.caption.toPlainText() == "Vu dans le visualiseur"


def test_a_viewer_over_a_selection_edits_only_the_drawing_on_screen(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    db = window.controller.db
    window.select_ids([ids[0], ids[2], ids[4]])
    window.open_viewer()
    window.viewer.next()
    assert window.viewer.current_id == ids[2]
    assert window.inspector.ids == [ids[2]]
    window.inspector.title.setFocus()
    qtbot.keyClicks(window.inspector.title, "Seulement celui-ci")
    qtbot.keyClick(window.inspector.title, Qt.Key.Key_Return)
    assert [get_item(db, i).title for i in (ids[0], ids[2], ids[4])] == [
        None,
        "Seulement celui-ci",
        None,
    ]


def test_trash_from_the_viewer_trashes_the_drawing_on_screen(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    db = window.controller.db
    window.select_ids([ids[0]])
    window.open_viewer()
    window.viewer.next()
    window.trash_action.trigger()  # Edit → Move to trash
    assert get_item(db, ids[1]).trashed_at is not None
    assert get_item(db, ids[0]).trashed_at is None
    # The viewer goes on to the next drawing; the inspector with it.
    assert window.viewer.current_id == ids[2]
    assert window.inspector.ids == [ids[2]]
    assert ids[1] not in window.viewer.ids


# ---------------------------------------------------------------------- what the grid shows


def test_after_trash_the_inspector_shows_nothing_the_grid_hides(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = window.model.ids[0]
    window.select_ids([first])
    assert window.inspector.ids == [first]
    window.grid.setFocus()
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: first not in window.model.ids)
    assert window.selected_ids() == []
    assert window.inspector.ids == []
    assert not window.inspector.title.isEnabled()


def test_a_sidebar_filter_keeps_only_what_it_shows_selected(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    db = window.controller.db
    window.select_ids([ids[0], ids[5]])  # ids[5] alone has no session
    _choose(window, ItemFilter("no-session"))
    assert window.model.ids == [ids[5]]
    assert window.selected_ids() == [ids[5]]
    assert window.inspector.ids == [ids[5]]
    window.inspector.title.setFocus()
    qtbot.keyClicks(window.inspector.title, "Sans session")
    qtbot.keyClick(window.inspector.title, Qt.Key.Key_Return)
    assert get_item(db, ids[5]).title == "Sans session"
    assert get_item(db, ids[0]).title is None
    _choose(window, ItemFilter("trash"))  # nothing selected there: nothing to edit
    assert window.selected_ids() == [] and window.inspector.ids == []


def test_an_edit_that_takes_an_item_out_of_the_filter_leaves_it_alone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    db = window.controller.db
    _choose(window, ItemFilter("no-session"))
    window.select_ids([ids[5]])
    combo = window.inspector.session
    index = combo.findData(_session_id(window, "Clôture"))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert get_item(db, ids[5]).session == "Clôture"
    # It left "No session" at once, and the inspector with it: typing edits nothing hidden.
    assert window.model.ids == []
    assert window.inspector.ids == []
    assert not window.inspector.caption.isEnabled()


def test_a_search_keeps_only_the_results_selected(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    window.select_ids([ids[2]])
    window.inspector.caption.setFocus()
    window.inspector.caption.insertPlainText("Une société plus juste")
    window.select_ids([ids[0], ids[2]])  # commits the caption on ids[2]
    assert window.inspector.ids == [ids[0], ids[2]]
    window.find_action.trigger()
    qtbot.keyClicks(window.search, "societe")
    qtbot.waitUntil(lambda: window.model.ids == [ids[2]], timeout=15000)
    assert window.selected_ids() == [ids[2]]
    assert window.inspector.ids == [ids[2]]
    window.search.setText("aucunrésultatpossible")
    qtbot.waitUntil(lambda: window.model.ids == [], timeout=15000)
    assert window.inspector.ids == []


# ---------------------------------------------------------------------- the session field


@pytest.mark.x11
def test_text_typed_in_the_session_field_is_matched_or_refused_in_words(  # type: ignore[no-untyped-def]
    window, qtbot, keyboard
) -> None:
    f = window.model.ids[5]
    db = window.controller.db
    window.select_ids([f])
    inspector = window.inspector
    line = inspector.session.lineEdit()

    def type_session(text: str, end: str) -> None:
        line.setFocus()
        line.selectAll()
        if text:
            keyboard.type(text)
        else:
            keyboard.press("Backspace")
        keyboard.press(end)

    type_session("communs", "Return")  # a part of one session's title
    assert get_item(db, f).session == "Les communs urbains"
    assert "Les communs urbains" in line.text()
    assert not inspector.session_problem.isVisibleTo(inspector)

    type_session("Atelier fantome", "Return")  # no such session: refused, and said
    assert get_item(db, f).session == "Les communs urbains"
    assert inspector.session_problem.isVisibleTo(inspector)
    assert "Atelier fantome" in inspector.session_problem.text()
    assert "Les communs urbains" in line.text()  # the field shows what is stored

    type_session("amphi", "Tab")  # not a title: refused on leaving the field too
    assert get_item(db, f).session == "Les communs urbains"
    assert "amphi" in inspector.session_problem.text()

    type_session("cloture", "Tab")  # accents and case do not matter; leaving the field commits
    assert get_item(db, f).session == "Clôture"
    assert not inspector.session_problem.isVisibleTo(inspector)

    type_session("", "Return")  # an emptied field: no session
    assert get_item(db, f).session is None
    window.undo()
    assert get_item(db, f).session == "Clôture"


def test_an_ambiguous_session_is_refused_in_words(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    f = window.model.ids[5]
    db = window.controller.db
    window.select_ids([f])
    inspector = window.inspector
    line = inspector.session.lineEdit()
    line.setFocus()
    line.setText("ur")  # in "Ouverture" and "Les communs urbains"
    line.editingFinished.emit()
    assert get_item(db, f).session is None
    assert inspector.session_problem.isVisibleTo(inspector)
    assert "Ouverture" in inspector.session_problem.text()
    assert window.statusBar().currentMessage() == inspector.session_problem.text()
    window.select_ids([window.model.ids[0]])  # another item: the message was about f
    assert not inspector.session_problem.isVisibleTo(inspector)


# ---------------------------------------------------------------------- sidebar counts


def test_sidebar_counts_follow_every_edit_at_once(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = window.model.ids
    db = window.controller.db
    inspector = window.inspector
    unpublished, no_session = ItemFilter("unpublished"), ItemFilter("no-session")
    suggested = ItemFilter("suggested")
    closing = ItemFilter("session", id=_session_id(window, "Clôture"))
    opening = ItemFilter("session", id=_session_id(window, "Ouverture"))
    before = {
        f: sidebar_count(window, f) for f in (unpublished, no_session, suggested, closing, opening)
    }
    assert before == {unpublished: 6, no_session: 1, suggested: 5, closing: 0, opening: 2}
    people = window.sidebar_model.index(2, 0)
    assert people.data() == "PEOPLE"
    window.sidebar.collapse(people)

    window.select_ids(ids[:2])
    inspector.published.click()  # publish two
    assert sidebar_count(window, unpublished) == 4
    # The counts changed in place: what the user folded stays folded.
    assert not window.sidebar.isExpanded(window.sidebar_model.index(2, 0))
    assert window.sidebar.isExpanded(window.sidebar_model.index(0, 0))
    window.undo()
    assert sidebar_count(window, unpublished) == 6
    window.redo()
    assert sidebar_count(window, unpublished) == 4

    window.select_ids([ids[0], ids[5]])  # one in the opening, one with no session
    index = inspector.session.findData(closing.id)
    inspector.session.setCurrentIndex(index)
    inspector.session.activated.emit(index)
    assert (sidebar_count(window, closing), sidebar_count(window, opening)) == (2, 1)
    assert (sidebar_count(window, no_session), sidebar_count(window, suggested)) == (0, 4)
    window.undo()
    assert (sidebar_count(window, closing), sidebar_count(window, opening)) == (0, 2)
    assert (sidebar_count(window, no_session), sidebar_count(window, suggested)) == (1, 5)

    tag = ItemFilter("tag", value="atelier")
    assert sidebar_count(window, tag) is None
    inspector.tags.setText("atelier")
    inspector.tags.editingFinished.emit()
    assert sidebar_count(window, tag) == 2
    inspector.speakers.setText("Ada Lovelace")
    inspector.speakers.editingFinished.emit()
    person = next(p for p in overview(db).people if p.name == "Ada Lovelace")
    assert sidebar_count(window, ItemFilter("person", id=person.id, value="speaker")) == 2
    window.undo()
    window.undo()
    assert sidebar_count(window, tag) is None

    window.grid.setFocus()
    window.trash_action.trigger()
    assert sidebar_count(window, ItemFilter("all")) == 4
    assert sidebar_count(window, ItemFilter("trash")) == 2
    assert sidebar_count(window, no_session) == 0
