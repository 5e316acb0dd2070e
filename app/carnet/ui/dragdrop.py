"""Drawings dragged from the grid onto the sidebar: onto a session they are tied to it, as
by hand; onto a speaker, an illustrator or a tag they get that label. One undo step per
drop, whose text says what went where ("Assign 12 drawings to “Ouverture”").

The drag carries the archive's key with the ids (``models.items_mime``): a drag from a
window on another archive is refused, since the same ids are other drawings there. A
read-only window takes no drop at all; files from a file manager still go to the window,
which imports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject

from carnet.catalog.browse import ItemFilter
from carnet.catalog.sessions import session_state
from carnet.ui.controller import ArchiveController
from carnet.ui.undo import ChangeLabelsCommand, EditCommand, SetSessionCommand, translate

if TYPE_CHECKING:
    from carnet.ui.main_window import MainWindow


def archive_key(controller: ArchiveController) -> str:
    """What tells this archive's drags from another's: its folder, resolved (two windows
    on one archive, the writer and a read-only one, share it)."""
    return str(controller.archive.root.resolve())


#: The undo texts of drops, by kind of row (%1: the row's name).
TEXTS = {
    "session": "Assign %n drawing(s) to “%1”",
    "speaker": "Add the speaker “%1” to %n drawing(s)",
    "illustrator": "Add the illustrator “%1” to %n drawing(s)",
    "tag": "Add the tag “%1” to %n drawing(s)",
}


def _texts_for_lupdate() -> None:
    """lupdate reads the texts here; the commands ask for them by their source."""
    translate("Undo", "Assign %n drawing(s) to “%1”", None, 1)
    translate("Undo", "Add the speaker “%1” to %n drawing(s)", None, 1)
    translate("Undo", "Add the illustrator “%1” to %n drawing(s)", None, 1)
    translate("Undo", "Add the tag “%1” to %n drawing(s)", None, 1)


def _say(command: EditCommand, name: str) -> None:
    """Say ``command``'s text in the language of the moment, ``name`` in it."""
    if command.recipe is not None:
        command.setText(QCoreApplication.translate(*command.recipe).replace("%1", name))


class AssignSessionCommand(SetSessionCommand):
    """Tie dropped drawings to a session, as by hand."""

    def __init__(
        self, controller: ArchiveController, ids: Sequence[int], session_id: int, name: str
    ) -> None:
        super().__init__(controller, ids, session_id)
        self.name = name
        self.recipe = ("Undo", TEXTS["session"], None, len(self.ids))
        self.retranslate()

    def retranslate(self) -> None:
        _say(self, self.name)


class AddLabelCommand(ChangeLabelsCommand):
    """Give dropped drawings a tag (``role`` None) or a speaker or an illustrator."""

    def __init__(
        self, controller: ArchiveController, ids: Sequence[int], name: str, role: str | None
    ) -> None:
        super().__init__(controller, ids, [name], [], role)
        self.name = name
        self.recipe = ("Undo", TEXTS[role or "tag"], None, len(self.ids))
        self.retranslate()

    def retranslate(self) -> None:
        _say(self, self.name)


def drop_command(
    controller: ArchiveController, ids: Sequence[int], action: ItemFilter, name: str
) -> EditCommand | None:
    """The edit that dropping ``ids`` on the sidebar row of ``action`` (called ``name``)
    makes; None when it would change nothing (already tied to that session by hand)."""
    if action.kind == "session" and action.id is not None:
        # One query; a label already there is no harm (its undo leaves it to who had it).
        state = session_state(controller.db, ids)
        if all(state.get(i) == (action.id, "manual") for i in ids):
            return None
        return AssignSessionCommand(controller, ids, action.id, name)
    if action.kind == "person" and action.value in ("speaker", "illustrator"):
        return AddLabelCommand(controller, ids, name, action.value)
    if action.kind == "tag" and action.value:
        # The whole path (theme/communs), not only the row's last part.
        return AddLabelCommand(controller, ids, action.value, None)
    return None


class SidebarDrops(QObject):
    """Makes the window's grid drag its drawings and its sidebar take them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        controller = window.controller
        key = archive_key(controller)
        window.model.archive_key = key
        window.sidebar_model.drop_key = "" if controller.readonly else key
        window.sidebar_model.items_dropped.connect(self._on_sidebar_items_dropped)

    def _on_sidebar_items_dropped(self, ids: list[int], action: Any, name: str) -> None:
        self.assign(ids, action, name)

    def assign(self, ids: list[int], action: ItemFilter, name: str) -> bool:
        """Do what dropping ``ids`` on the row of ``action`` means; True if it was done."""
        if not ids:
            return False
        window = self.window
        window.inspector.commit_pending()  # what was typed goes first, to its drawings
        command = drop_command(window.controller, ids, action, name)
        if command is None:
            window.statusBar().showMessage(
                self.tr("Nothing to change: they are there already."), 5000
            )
            return False
        return window.controller.push(command)
