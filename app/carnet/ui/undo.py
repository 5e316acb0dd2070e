"""Undoable edits: one ``QUndoCommand`` per kind of change, batch edits included.

Each command records what it needs to put things back *per item* (a batch edit over items
that differed restores each one's own value), applies through the core's repository
functions, and tells the controller which items changed. ``apply`` runs once when pushed
(so a refused edit never reaches the stack); Qt's first ``redo`` then does nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from carnet.catalog.curation import Snapshot, restore_snapshot
from carnet.catalog.events import Session
from carnet.catalog.fields import FIELDS_BY_NAME
from carnet.catalog.items import (
    add_people,
    add_tags,
    remove_people,
    remove_tags,
    set_corrections,
    set_session,
    update_items,
)
from carnet.catalog.matches import (
    RejectUndo,
    confirm_matches,
    reject_matches,
    unconfirm_matches,
    undo_reject,
)
from carnet.catalog.sessions import (
    add_session,
    delete_session,
    merge_sessions,
    restore_session_state,
    session_state,
    split_session,
    update_session,
)
from carnet.catalog.trash import restore_items, trash_items
from carnet.media.corrections import Corrections
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say


class Said(str):
    """A text translated now that remembers how it was asked for, to be asked again in
    another language (the undo stack outlives a language switch: ``retranslate``)."""

    recipe: tuple[str, str, str | None, int]


def translate(context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
    said = Said(QCoreApplication.translate(context, source, disambiguation, n))
    said.recipe = (context, source, disambiguation, n)
    return said


def retranslate(stack: QUndoStack) -> None:
    """Say the texts of ``stack``'s commands (Undo …, Redo …) in the language installed now."""
    for index in range(stack.count()):
        command = stack.command(index)
        if isinstance(command, EditCommand):
            command.retranslate()


#: Fields the sidebar counts and the grid filters on ("Not published"): an edit of one
#: changes the lists, not only the rows on show.
LISTED_FIELDS = frozenset({"published"})


class EditCommand(QUndoCommand):
    """An undoable edit: ``apply`` does it the first time (the controller's ``push``),
    ``revert`` undoes it; Qt's first ``redo`` after the push does nothing."""

    def __init__(self, controller: ArchiveController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.applied = False
        self.recipe = text.recipe if isinstance(text, Said) else None

    def retranslate(self) -> None:
        if self.recipe is not None:
            self.setText(QCoreApplication.translate(*self.recipe))

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.applied:
            self.applied = False
            return
        self.apply()

    def undo(self) -> None:
        self.revert()


def _field_text(field: str, n: int) -> str:
    if field == "title":
        return translate("Undo", "Edit the title of %n item(s)", None, n)
    if field == "caption":
        return translate("Undo", "Edit the caption of %n item(s)", None, n)
    if field == "transcription":
        return translate("Undo", "Edit the transcription of %n item(s)", None, n)
    if field == "licence":
        return translate("Undo", "Change the licence of %n item(s)", None, n)
    if field == "rights":
        return translate("Undo", "Edit the rights of %n item(s)", None, n)
    if field == "published":
        return translate("Undo", "Publish or unpublish %n item(s)", None, n)
    declared = FIELDS_BY_NAME.get(field)
    if declared is not None:  # any other declared field (catalog/fields.py), by its label
        text = translate("Undo", "Edit “%1” of %n item(s)", None, n)
        return text.replace("%1", say(declared.label).lower())
    return translate("Undo", "Edit %n item(s)", None, n)


class SetFieldCommand(EditCommand):
    """Set one field to the same value on every selected item."""

    def __init__(
        self, controller: ArchiveController, ids: Sequence[int], field: str, value: Any
    ) -> None:
        super().__init__(controller, _field_text(field, len(ids)))
        self.ids = list(ids)
        self.field = field
        self.value = value
        self.before = {i.id: getattr(i, field) for i in controller.items(self.ids)}

    def apply(self) -> None:
        update_items(self.controller.db, self.ids, **{self.field: self.value})
        self._notify()

    def revert(self) -> None:
        groups: dict[Any, list[int]] = defaultdict(list)
        for item_id, value in self.before.items():
            groups[value].append(item_id)
        with self.controller.db.transaction():
            for value, ids in groups.items():
                update_items(self.controller.db, ids, **{self.field: value})
        self._notify()

    def _notify(self) -> None:
        self.controller.notify_items(self.ids)
        if self.field in LISTED_FIELDS:
            self.controller.notify_catalog()


class ChangeLabelsCommand(EditCommand):
    """Add and remove tags (``role`` None) or people of a role on every selected item."""

    def __init__(
        self,
        controller: ArchiveController,
        ids: Sequence[int],
        added: Sequence[str],
        removed: Sequence[str],
        role: str | None = None,
    ) -> None:
        if role is None:
            text = translate("Undo", "Change the tags of %n item(s)", None, len(ids))
        else:
            text = translate("Undo", "Change the people of %n item(s)", None, len(ids))
        super().__init__(controller, text)
        self.ids = list(ids)
        self.added = list(added)
        self.removed = list(removed)
        self.role = role
        self.before: dict[int, set[str]] = {}
        for item in controller.items(self.ids):
            if role is None:
                values = item.tags
            elif role == "speaker":
                values = item.speakers
            else:
                values = item.illustrators
            self.before[item.id] = {v.casefold() for v in values}

    def _add(self, conn: Any, ids: list[int], names: list[str]) -> None:
        if not ids or not names:
            return
        if self.role is None:
            add_tags(conn, ids, names)
        else:
            add_people(conn, ids, names, self.role)

    def _remove(self, conn: Any, ids: list[int], names: list[str]) -> None:
        if not ids or not names:
            return
        if self.role is None:
            remove_tags(conn, ids, names)
        else:
            remove_people(conn, ids, names, self.role)

    def apply(self) -> None:
        with self.controller.db.transaction() as conn:
            self._remove(conn, self.ids, self.removed)
            self._add(conn, self.ids, self.added)
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()

    def revert(self) -> None:
        with self.controller.db.transaction() as conn:
            for name in self.added:
                lacking = [i for i in self.ids if name.casefold() not in self.before[i]]
                self._remove(conn, lacking, [name])
            for name in self.removed:
                having = [i for i in self.ids if name.casefold() in self.before[i]]
                self._add(conn, having, [name])
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()


class SetSessionCommand(EditCommand):
    """Tie items to a session (or none); undo restores each item's session and its source."""

    def __init__(
        self,
        controller: ArchiveController,
        ids: Sequence[int],
        session_id: int | None,
        *,
        text: str | None = None,
    ) -> None:
        super().__init__(
            controller,
            text or translate("Undo", "Change the session of %n item(s)", None, len(ids)),
        )
        self.ids = list(ids)
        self.session_id = session_id
        self.before = session_state(controller.db, self.ids)

    def apply(self) -> None:
        set_session(self.controller.db, self.ids, self.session_id, source="manual")
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()

    def revert(self) -> None:
        restore_session_state(self.controller.db, self.before)
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()


class TrashCommand(EditCommand):
    """Move items to the trash (``restore=False``) or take them out of it."""

    def __init__(
        self, controller: ArchiveController, ids: Sequence[int], *, restore: bool = False
    ) -> None:
        if restore:
            text = translate("Undo", "Restore %n item(s)", None, len(ids))
        else:
            text = translate("Undo", "Move %n item(s) to the trash", None, len(ids))
        super().__init__(controller, text)
        self.ids = list(ids)
        self.restore = restore
        self.moved: list[int] = []

    def apply(self) -> None:
        db = self.controller.db
        self.moved = restore_items(db, self.ids) if self.restore else trash_items(db, self.ids)
        self.controller.notify_catalog()

    def revert(self) -> None:
        db = self.controller.db
        if self.restore:
            trash_items(db, self.moved)
        else:
            restore_items(db, self.moved)
        self.controller.notify_catalog()


class CorrectCommand(EditCommand):
    """Give items new corrections (rotation, crop, perspective): parameters stored in the
    catalog, as ``carnet item correct`` stores them, never a write to the original;
    previews and thumbnails are made again in the background. Undo gives each item back
    its own corrections, whatever they were."""

    def __init__(
        self,
        controller: ArchiveController,
        ids: Sequence[int],
        change: Callable[[Corrections], Corrections],
        text: str,
    ) -> None:
        super().__init__(controller, text)
        self.ids = list(ids)
        self.before = {i.id: i.corrections for i in controller.items(self.ids)}
        self.change = change
        self.after: dict[int, Corrections] | None = None

    def _set(self, corrections_of: dict[int, Corrections]) -> None:
        set_corrections(self.controller.db, corrections_of)
        self.controller.rederive(self.ids)
        self.controller.notify_items(self.ids)

    def apply(self) -> None:
        if self.after is None:
            # Worked out for every item before anything is stored: one that cannot be
            # corrected (a crop left too small) refuses the whole, through ``push``.
            self.after = {i: self.change(c) for i, c in self.before.items()}
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before)


class RotateCommand(CorrectCommand):
    """Turn items by ``degrees`` clockwise, any angle, on top of their other corrections."""

    def __init__(self, controller: ArchiveController, ids: Sequence[int], degrees: float) -> None:
        text = translate("Undo", "Rotate %n item(s)", None, len(ids))
        super().__init__(controller, ids, lambda c: c.turned(degrees), text)
        self.degrees = degrees


class EditSessionCommand(EditCommand):
    """Change one field of a session from the programme editor."""

    def __init__(
        self, controller: ArchiveController, session: Session, field: str, value: Any
    ) -> None:
        super().__init__(controller, translate("Undo", "Edit a session"))
        self.session_id = session.id
        self.field = field
        self.value = value
        self.before = getattr(session, field)

    def apply(self) -> None:
        update_session(self.controller.db, self.session_id, **{self.field: self.value})
        self.controller.notify_catalog()

    def revert(self) -> None:
        update_session(self.controller.db, self.session_id, **{self.field: self.before})
        self.controller.notify_catalog()


class AcceptMatchesCommand(EditCommand):
    """Accept suggested sessions: each item is tied to its suggestion, by hand from now on."""

    def __init__(self, controller: ArchiveController, pairs: Sequence[tuple[int, int]]) -> None:
        super().__init__(controller, translate("Undo", "Accept %n match(es)", None, len(pairs)))
        self.pairs = list(pairs)
        self.before = session_state(controller.db, [item for item, _ in self.pairs])

    def apply(self) -> None:
        groups: dict[int, list[int]] = defaultdict(list)
        for item_id, session_id in self.pairs:
            groups[session_id].append(item_id)
        with self.controller.db.transaction():
            for session_id, ids in groups.items():
                set_session(self.controller.db, ids, session_id, source="manual")
        self.controller.notify_items([i for i, _ in self.pairs])
        self.controller.notify_catalog()

    def revert(self) -> None:
        restore_session_state(self.controller.db, self.before)
        self.controller.notify_items([i for i, _ in self.pairs])
        self.controller.notify_catalog()


class AddSessionCommand(EditCommand):
    """Add a session to an event (the programme editor's Add session)."""

    def __init__(
        self, controller: ArchiveController, event_id: int, title: str, start: Any, end: Any
    ) -> None:
        super().__init__(controller, translate("Undo", "Add a session"))
        self.event_id, self.title, self.start, self.end = event_id, title, start, end
        self.session_id: int | None = None

    def apply(self) -> None:
        # A redo gives the session back its id: later commands on the stack name it.
        self.session_id = add_session(
            self.controller.db,
            self.event_id,
            self.title,
            self.start,
            self.end,
            session_id=self.session_id,
        )
        self.controller.notify_catalog()

    def revert(self) -> None:
        if self.session_id is not None:
            delete_session(self.controller.db, self.session_id)
        self.controller.notify_catalog()


class DeleteSessionsCommand(EditCommand):
    """Delete sessions; undo puts them back with their speakers and items' ties."""

    def __init__(self, controller: ArchiveController, ids: Sequence[int]) -> None:
        super().__init__(controller, translate("Undo", "Delete %n session(s)", None, len(ids)))
        self.ids = list(ids)
        self.snapshots: list[Snapshot] = []

    def apply(self) -> None:
        self.snapshots = []
        with self.controller.db.transaction():
            for session_id in self.ids:
                self.snapshots.append(delete_session(self.controller.db, session_id))
        self.controller.notify_catalog()

    def revert(self) -> None:
        with self.controller.db.transaction():
            for snap in reversed(self.snapshots):
                restore_snapshot(self.controller.db, snap)
        self.controller.notify_catalog()


class SplitSessionCommand(EditCommand):
    """Cut a session in two at a time; its items captured later go to the second part."""

    def __init__(self, controller: ArchiveController, session_id: int, at: Any) -> None:
        super().__init__(controller, translate("Undo", "Split a session"))
        self.session_id, self.at = session_id, at
        self.new_id: int | None = None
        self.snapshot: Snapshot | None = None

    def apply(self) -> None:
        self.new_id, self.snapshot = split_session(
            self.controller.db, self.session_id, self.at, new_id=self.new_id
        )
        self.controller.notify_catalog()

    def revert(self) -> None:
        if self.snapshot is not None:
            restore_snapshot(self.controller.db, self.snapshot)
        self.controller.notify_catalog()


class MergeSessionsCommand(EditCommand):
    """Merge sessions into the first: its times span them all, it gets their speakers and
    items, and the others are deleted."""

    def __init__(self, controller: ArchiveController, keep: int, others: Sequence[int]) -> None:
        super().__init__(
            controller, translate("Undo", "Merge %n session(s)", None, len(others) + 1)
        )
        self.keep, self.others = keep, list(others)
        self.snapshot: Snapshot | None = None

    def apply(self) -> None:
        self.snapshot = merge_sessions(self.controller.db, self.keep, self.others)
        self.controller.notify_catalog()

    def revert(self) -> None:
        if self.snapshot is not None:
            restore_snapshot(self.controller.db, self.snapshot)
        self.controller.notify_catalog()


class RejectMatchesCommand(EditCommand):
    """Reject suggested sessions for drawings, for good: matching never suggests them again."""

    def __init__(self, controller: ArchiveController, pairs: Sequence[tuple[int, int]]) -> None:
        super().__init__(controller, translate("Undo", "Reject %n suggestion(s)", None, len(pairs)))
        self.pairs = list(pairs)
        self.undo_data: RejectUndo | None = None

    def apply(self) -> None:
        self.undo_data = reject_matches(self.controller.db, self.pairs)
        self.controller.notify_items([i for i, _ in self.pairs])
        self.controller.notify_catalog()

    def revert(self) -> None:
        if self.undo_data is not None:
            undo_reject(self.controller.db, self.undo_data)
        self.controller.notify_items([i for i, _ in self.pairs])
        self.controller.notify_catalog()


class ConfirmMatchesCommand(EditCommand):
    """Confirm the suggested sessions of drawings: they become set by hand."""

    def __init__(self, controller: ArchiveController, ids: Sequence[int]) -> None:
        super().__init__(controller, translate("Undo", "Confirm %n match(es)", None, len(ids)))
        self.ids = list(ids)
        self.changed: list[int] = []

    def apply(self) -> None:
        self.changed = confirm_matches(self.controller.db, self.ids)
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()

    def revert(self) -> None:
        unconfirm_matches(self.controller.db, self.changed)
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()
