"""Tidying the catalog from the window: create, edit and delete events; rename, merge and
delete people, tags and saved searches. Each change is an undoable command over the same
core functions as ``carnet event``, ``carnet person``, ``carnet tag`` and ``carnet saved``.

The questions (a name, a choice, a confirmation, the event form) are asked by small methods
that the tests replace, so every path is tested without a modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

from carnet.catalog.browse import ItemFilter, person_names, tag_paths
from carnet.catalog.curation import (
    Snapshot,
    delete_event,
    delete_person,
    delete_tag,
    event_footprint,
    merge_people,
    merge_tags,
    rename_person,
    rename_tag,
    restore_snapshot,
    update_event,
)
from carnet.catalog.events import Event, add_event, get_event_by_id
from carnet.catalog.saved_searches import (
    delete_saved_search,
    get_saved_search,
    rename_saved_search,
    save_search,
)
from carnet.errors import InvalidValue
from carnet.messages import Text
from carnet.ui.controller import ArchiveController
from carnet.ui.models import Roles
from carnet.ui.sidebar import SidebarView
from carnet.ui.undo import EditCommand

translate = QCoreApplication.translate
EventFields = dict[str, Any]


class SnapshotCommand(EditCommand):
    """A change whose core function returns a ``Snapshot``; undo restores it exactly."""

    def __init__(
        self, controller: ArchiveController, text: str, do: Callable[[], Snapshot]
    ) -> None:
        super().__init__(controller, text)
        self.do = do
        self.snapshot: Snapshot | None = None

    def apply(self) -> None:
        self.snapshot = self.do()
        self.controller.notify_catalog()

    def revert(self) -> None:
        if self.snapshot is not None:
            restore_snapshot(self.controller.db, self.snapshot)
        self.controller.notify_catalog()


class PairCommand(EditCommand):
    """A change undone by another call (an edit by the old values, a creation by a
    deletion)."""

    def __init__(
        self,
        controller: ArchiveController,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
    ) -> None:
        super().__init__(controller, text)
        self.do = do
        self.undo_with = undo

    def apply(self) -> None:
        self.do()
        self.controller.notify_catalog()

    def revert(self) -> None:
        self.undo_with()
        self.controller.notify_catalog()


def _fields_of(event: Event) -> EventFields:
    return {
        "slug": event.slug,
        "name": event.name,
        "timezone": event.timezone,
        "language": event.language,
        "place": event.place,
        "start_date": date.fromisoformat(event.start_date) if event.start_date else None,
        "end_date": date.fromisoformat(event.end_date) if event.end_date else None,
        "licence": event.licence,
    }


class EventDialog(QDialog):
    """The event form: name, slug, dates, time zone, language, place, licence."""

    def __init__(self, event: Event | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit the event") if event else self.tr("New event"))
        self.name = QLineEdit(event.name if event else "")
        self.slug = QLineEdit(event.slug if event else "")
        self.slug.setPlaceholderText(self.tr("e.g. forum-2016"))
        self.start = QLineEdit(event.start_date or "" if event else "")
        self.end = QLineEdit(event.end_date or "" if event else "")
        for edit in (self.start, self.end):
            edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(available_timezones()))
        self.timezone.setCurrentText(event.timezone if event else "Europe/Paris")
        self.language = QComboBox()
        self.language.addItem(self.tr("French"), "fr")
        self.language.addItem(self.tr("English"), "en")
        self.language.setCurrentIndex(self.language.findData(event.language if event else "fr"))
        self.place = QLineEdit(event.place or "" if event else "")
        self.licence = QLineEdit(event.licence or "" if event else "")
        self.licence.setPlaceholderText(self.tr("e.g. CC-BY-SA-4.0"))
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Slug"), self.slug)
        form.addRow(self.tr("Starts"), self.start)
        form.addRow(self.tr("Ends"), self.end)
        form.addRow(self.tr("Time zone"), self.timezone)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Licence"), self.licence)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def fields(self) -> EventFields:
        """The form's values; a date that is not one is refused with a sentence."""

        def day(text: str) -> date | None:
            text = text.strip()
            if not text:
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise InvalidValue(
                    Text("not a date: {text!r} (write it YYYY-MM-DD, e.g. 2016-09-29)", text=text)
                ) from None

        return {
            "slug": self.slug.text().strip(),
            "name": self.name.text(),
            "timezone": self.timezone.currentText().strip(),
            "language": self.language.currentData(),
            "place": self.place.text().strip() or None,
            "start_date": day(self.start.text()),
            "end_date": day(self.end.text()),
            "licence": self.licence.text().strip() or None,
        }


class CurationActions(QObject):
    """The window's actions on events, people, tags and saved searches, and the sidebar's
    context menu that offers them."""

    def __init__(
        self, controller: ArchiveController, sidebar: SidebarView, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.sidebar = sidebar
        self.window = parent
        self.new_event_action = QAction(self.tr("New event…"), parent)
        self.new_event_action.triggered.connect(lambda: self.new_event())
        self.new_event_action.setEnabled(not controller.readonly)
        # The same on the event chosen in the sidebar (it, one of its days or sessions), for
        # the keyboard and the menu bar.
        self.edit_event_action = QAction(self.tr("Edit the event…"), parent)
        self.edit_event_action.triggered.connect(lambda: self._on_current_event(self.edit_event))
        self.delete_event_action = QAction(self.tr("Delete the event…"), parent)
        self.delete_event_action.triggered.connect(
            lambda: self._on_current_event(self.delete_event)
        )
        for action in (self.edit_event_action, self.delete_event_action):
            action.setEnabled(not controller.readonly)
        sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        sidebar.customContextMenuRequested.connect(self._on_sidebar_menu_requested)

    # ------------------------------------------------------------------ questions

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        value, ok = QInputDialog.getText(self.window, title, label, text=text)
        return value if ok else None

    def ask_choice(self, title: str, label: str, choices: list[str]) -> str | None:
        value, ok = QInputDialog.getItem(self.window, title, label, choices, 0, False)
        return value if ok else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.window, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_event(self, event: Event | None) -> EventFields | None:
        dialog = EventDialog(event, self.window)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                return dialog.fields()
            except InvalidValue as exc:
                QMessageBox.warning(dialog, dialog.windowTitle(), str(exc))
        return None

    # ------------------------------------------------------------------ the menu

    def menu_for(self, action: Any, label: str) -> QMenu:
        """The context menu of a sidebar node standing for ``action``."""
        menu = QMenu(self.window)
        readonly = self.controller.readonly

        def add(text: str, slot: Callable[[], object]) -> None:
            act = menu.addAction(text)
            act.triggered.connect(lambda: slot())
            act.setEnabled(not readonly)

        if isinstance(action, ItemFilter) and action.kind == "event" and action.id is not None:
            event_id = action.id
            add(self.tr("Edit the event…"), lambda: self.edit_event(event_id))
            add(self.tr("Delete the event…"), lambda: self.delete_event(event_id))
            menu.addSeparator()
            add(self.tr("New event…"), self.new_event)
        elif isinstance(action, ItemFilter) and action.kind == "person":
            add(self.tr("Rename…"), lambda: self.rename_person(label))
            add(self.tr("Merge into…"), lambda: self.merge_person(label))
            add(self.tr("Delete"), lambda: self.delete_person(label))
        elif isinstance(action, ItemFilter) and action.kind == "tag" and action.value:
            path = str(action.value)
            add(self.tr("Rename…"), lambda: self.rename_tag(path))
            add(self.tr("Merge into…"), lambda: self.merge_tag(path))
            add(self.tr("Delete"), lambda: self.delete_tag(path))
        elif isinstance(action, tuple) and action[0] == "saved":
            search_id = int(action[2])
            add(self.tr("Rename…"), lambda: self.rename_saved(search_id))
            add(self.tr("Delete"), lambda: self.delete_saved(search_id))
        return menu

    def current_event_id(self) -> int | None:
        """The event of the sidebar's current node: an event, or one of its days or
        sessions."""
        index = self.sidebar.currentIndex().siblingAtColumn(0)
        while index.isValid():
            action = index.data(Roles.Filter)
            if isinstance(action, ItemFilter) and action.kind == "event":
                return action.id
            index = index.parent()
        return None

    def _on_current_event(self, act: Callable[[int], bool]) -> None:
        event_id = self.current_event_id()
        if event_id is None:
            QMessageBox.information(
                self.window,
                self.tr("Choose an event"),
                self.tr("Choose an event in the sidebar first."),
            )
            return
        act(event_id)

    def _on_sidebar_menu_requested(self, pos: QPoint) -> None:
        index = self.sidebar.indexAt(pos).siblingAtColumn(0)
        if not index.isValid():
            return
        menu = self.menu_for(index.data(Roles.Filter), str(index.data() or ""))
        if not menu.isEmpty():
            menu.exec(self.sidebar.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ events

    def new_event(self, fields: EventFields | None = None) -> bool:
        fields = fields or self.ask_event(None)
        if fields is None:
            return False
        db = self.controller.db
        created: list[int] = []

        def do() -> None:
            created[:] = [add_event(db, **fields).id]

        def undo() -> None:
            delete_event(db, created[0])

        text = translate("Undo", "Create the event {name}").format(name=fields["name"])
        return self.controller.push(PairCommand(self.controller, text, do, undo))

    def edit_event(self, event_id: int, fields: EventFields | None = None) -> bool:
        db = self.controller.db
        event = get_event_by_id(db, event_id)
        fields = fields or self.ask_event(event)
        if fields is None:
            return False
        old = _fields_of(event)
        new = fields
        text = translate("Undo", "Edit the event {name}").format(name=event.name)
        return self.controller.push(
            PairCommand(
                self.controller,
                text,
                lambda: update_event(db, event_id, **new),
                lambda: update_event(db, event_id, **old),
            )
        )

    def delete_event(self, event_id: int) -> bool:
        db = self.controller.db
        event = get_event_by_id(db, event_id)
        goes = event_footprint(db, event_id)
        question = (
            self.tr("Delete the event “%1”?").replace("%1", event.name)
            + "\n\n"
            + self.tr("%n session(s) go with it", "", goes.sessions)
            + "\n"
            + self.tr("%n item(s) lose their session", "", goes.matched)
            + "\n"
            + self.tr("%n item(s) stay in the archive without an event", "", goes.items)
            + "\n\n"
            + self.tr("You can undo this.")
        )
        if not self.confirm(self.tr("Delete the event"), question):
            return False
        text = translate("Undo", "Delete the event {name}").format(name=event.name)
        return self.controller.push(
            SnapshotCommand(self.controller, text, lambda: delete_event(db, event_id))
        )

    # ------------------------------------------------------------------ people

    def rename_person(self, name: str, new: str | None = None) -> bool:
        new = new or self.ask_text(self.tr("Rename"), self.tr("New spelling"), name)
        if not new:
            return False
        db = self.controller.db
        text = translate("Undo", "Rename {name}").format(name=name)
        return self.controller.push(
            SnapshotCommand(self.controller, text, lambda: rename_person(db, name, new))
        )

    def merge_person(self, name: str, into: str | None = None) -> bool:
        db = self.controller.db
        others = [p for p in person_names(db) if p.casefold() != name.casefold()]
        into = into or self.ask_choice(
            self.tr("Merge"), self.tr("Merge “%1” into").replace("%1", name), others
        )
        if not into:
            return False
        text = translate("Undo", "Merge {name} into {into}").format(name=name, into=into)
        return self.controller.push(
            SnapshotCommand(self.controller, text, lambda: merge_people(db, name, into))
        )

    def delete_person(self, name: str) -> bool:
        db = self.controller.db
        text = translate("Undo", "Delete {name}").format(name=name)
        return self.controller.push(
            SnapshotCommand(self.controller, text, lambda: delete_person(db, name))
        )

    # ------------------------------------------------------------------ tags

    def rename_tag(self, path: str, new: str | None = None) -> bool:
        new = new or self.ask_text(self.tr("Rename"), self.tr("New tag"), path)
        if not new:
            return False
        db = self.controller.db
        text = translate("Undo", "Rename the tag {tag}").format(tag=path)
        return self.controller.push(
            SnapshotCommand(self.controller, text, lambda: rename_tag(db, path, new))
        )

    def merge_tag(self, path: str, into: str | None = None) -> bool:
        db = self.controller.db
        others = [t for t in tag_paths(db) if t != path and not t.startswith(path + "/")]
        into = into or self.ask_choice(
            self.tr("Merge"), self.tr("Merge “%1” into").replace("%1", path), others
        )
        if not into:
            return False
        text = translate("Undo", "Merge the tag {tag} into {into}").format(tag=path, into=into)
        return self.controller.push(
            SnapshotCommand(self.controller, text, lambda: merge_tags(db, path, into))
        )

    def delete_tag(self, path: str) -> bool:
        db = self.controller.db
        text = translate("Undo", "Delete the tag {tag}").format(tag=path)
        return self.controller.push(
            SnapshotCommand(self.controller, text, lambda: delete_tag(db, path))
        )

    # ------------------------------------------------------------------ saved searches

    def rename_saved(self, search_id: int, new: str | None = None) -> bool:
        db = self.controller.db
        saved = get_saved_search(db, search_id)
        new = new or self.ask_text(self.tr("Rename"), self.tr("New name"), saved.name)
        if not new:
            return False
        name = new
        text = translate("Undo", "Rename the saved search {name}").format(name=saved.name)
        return self.controller.push(
            PairCommand(
                self.controller,
                text,
                lambda: rename_saved_search(db, search_id, name),
                lambda: rename_saved_search(db, search_id, saved.name),
            )
        )

    def delete_saved(self, search_id: int) -> bool:
        db = self.controller.db
        saved = get_saved_search(db, search_id)
        text = translate("Undo", "Delete the saved search {name}").format(name=saved.name)
        return self.controller.push(
            PairCommand(
                self.controller,
                text,
                lambda: delete_saved_search(db, get_saved_search_id(db, saved.name)),
                lambda: save_search(db, saved.name, saved.query),
            )
        )


def get_saved_search_id(db: Any, name: str) -> int:
    """The id of the saved search called ``name`` now (a redo after an undo finds the one
    the undo saved again)."""
    from carnet.catalog.saved_searches import list_saved_searches

    for saved in list_saved_searches(db):
        if saved.name.casefold() == name.casefold():
            return saved.id
    raise InvalidValue(Text("no saved search called {name!r}", name=name))
