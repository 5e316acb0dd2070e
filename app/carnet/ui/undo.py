"""Undoable edits: one ``QUndoCommand`` per kind of change, batch edits included.

Each command records what it needs to put things back *per item* (a batch edit over items
that differed restores each one's own value), applies through the core's repository
functions, and tells the controller which items changed. ``apply`` runs once when pushed
(so a refused edit never reaches the stack); Qt's first ``redo`` then does nothing. The
controller's ``undo`` and ``redo`` likewise write first and move the stack only once the
write succeeded, so a failed undo stays on the stack, truthfully.

A ``BatchCommand`` (an edit of a selection: fields, tags and people, session, trash,
corrections, matches) splits its work in two: ``write``, the catalog write alone, in one
transaction through the ``Database`` it is given, touching nothing of Qt; and ``changed``,
which tells the views. Over a large selection the controller runs ``write`` on a worker
thread with a connection of its own, and ``changed`` on the GUI thread once it committed
(``ArchiveController.push``): the window never stalls on a batch edit, its undo or redo.
What a batch puts back is read inside the transaction that first writes it, on the worker
too, so reading 10,000 items' values never stalls the window either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from carnet.catalog.browse import field_values, items_by_ids, label_sets
from carnet.catalog.corrections import upright_size
from carnet.catalog.curation import Snapshot, restore_snapshot
from carnet.catalog.database import Database
from carnet.catalog.events import Session
from carnet.catalog.fields import FIELDS_BY_NAME
from carnet.catalog.items import (
    Item,
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
        #: The write of Qt's next ``redo`` (``undo``) was done already, by the controller.
        self.applied = False
        self.reverted = False
        self.recipe = text.recipe if isinstance(text, Said) else None

    def retranslate(self) -> None:
        if self.recipe is not None:
            self.setText(QCoreApplication.translate(*self.recipe))

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def batch_size(self) -> int:
        """How many items the write touches, when it may run on a worker (``write``);
        0 for a command that always writes on the GUI thread."""
        return 0

    def write(self, db: Database, forward: bool) -> None:
        """The catalog write of ``apply`` (``forward``) or ``revert``, alone (``BatchCommand``)."""
        raise NotImplementedError

    def changed(self) -> None:
        """Tell the views what ``write`` changed, on the GUI thread (``BatchCommand``)."""
        raise NotImplementedError

    def changed_items(self) -> list[int]:
        """The items whose description ``changed`` tells the views to read again."""
        return []

    def redo(self) -> None:
        if self.applied:
            self.applied = False
            return
        self.apply()

    def undo(self) -> None:
        if self.reverted:
            self.reverted = False
            return
        self.revert()


class BatchCommand(EditCommand):
    """An edit of the selected items whose write may run on a worker thread.

    ``write`` must do everything in one transaction of the ``db`` it is given (the
    window's connection, or a worker's own), set the command's attributes only once that
    transaction committed (a failed write leaves the command as it was), and touch neither
    Qt nor ``self.controller``; ``changed`` then tells the views, on the GUI thread.
    """

    ids: list[int]

    def batch_size(self) -> int:
        return len(self.ids)

    def changed_items(self) -> list[int]:
        return self.ids

    def apply(self) -> None:
        self.write(self.controller.db, True)
        self.changed()

    def revert(self) -> None:
        self.write(self.controller.db, False)
        self.changed()


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


class SetFieldCommand(BatchCommand):
    """Set one field to the same value on every selected item."""

    def __init__(
        self, controller: ArchiveController, ids: Sequence[int], field: str, value: Any
    ) -> None:
        super().__init__(controller, _field_text(field, len(ids)))
        self.ids = list(ids)
        self.field = field
        self.value = value
        #: Each item's value before the edit, read when it is first written.
        self.before: dict[int, Any] | None = None

    def write(self, db: Database, forward: bool) -> None:
        if forward:
            with db.transaction():
                before = self.before
                if before is None:
                    before = field_values(db, self.ids, self.field)
                update_items(db, self.ids, **{self.field: self.value})
            self.before = before
            return
        groups: dict[Any, list[int]] = defaultdict(list)
        for item_id, value in (self.before or {}).items():
            groups[value].append(item_id)
        with db.transaction():
            for value, ids in groups.items():
                update_items(db, ids, **{self.field: value})

    def changed(self) -> None:
        self.controller.notify_items(self.ids)
        if self.field in LISTED_FIELDS:
            self.controller.notify_catalog()


class ChangeLabelsCommand(BatchCommand):
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
        #: Each item's labels before the edit (casefolded), read when it is first written.
        self.before: dict[int, set[str]] | None = None

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

    def write(self, db: Database, forward: bool) -> None:
        if forward:
            with db.transaction() as conn:
                before = self.before
                if before is None:
                    before = label_sets(db, self.ids, self.role)
                self._remove(conn, self.ids, self.removed)
                self._add(conn, self.ids, self.added)
            self.before = before
            return
        before = self.before or {}
        with db.transaction() as conn:
            for name in self.added:
                lacking = [i for i in self.ids if name.casefold() not in before.get(i, ())]
                self._remove(conn, lacking, [name])
            for name in self.removed:
                having = [i for i in self.ids if name.casefold() in before.get(i, ())]
                self._add(conn, having, [name])

    def changed(self) -> None:
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()


class SetSessionCommand(BatchCommand):
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
        #: Each item's session and its source before the edit, read when first written.
        self.before: dict[int, tuple[int | None, str | None]] | None = None

    def write(self, db: Database, forward: bool) -> None:
        if forward:
            with db.transaction():
                before = self.before if self.before is not None else session_state(db, self.ids)
                set_session(db, self.ids, self.session_id, source="manual")
            self.before = before
        elif self.before is not None:
            restore_session_state(db, self.before)

    def changed(self) -> None:
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()


class TrashCommand(BatchCommand):
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

    def write(self, db: Database, forward: bool) -> None:
        if forward:  # one transaction each, which returns what it moved once committed
            self.moved = restore_items(db, self.ids) if self.restore else trash_items(db, self.ids)
        elif self.restore:
            trash_items(db, self.moved)
        else:
            restore_items(db, self.moved)

    def changed(self) -> None:
        self.controller.notify_catalog()

    def changed_items(self) -> list[int]:
        return []  # they leave the grid (or come back to it): no item is read again


class CorrectCommand(BatchCommand):
    """Give items new corrections (rotation, crop, perspective): parameters stored in the
    catalog, as ``carnet item correct`` stores them, never a write to the original;
    previews and thumbnails are made again in the background. Undo gives each item back
    its own corrections, whatever they were.

    Each item's corrections before and after are read and worked out when the command is
    first written, inside that write's transaction: over a large selection on the worker
    (``ArchiveController.push``), so a rotation of thousands of drawings never reads them
    on the GUI thread."""

    def __init__(
        self,
        controller: ArchiveController,
        ids: Sequence[int],
        change: Callable[[Corrections], Corrections],
        text: str,
    ) -> None:
        super().__init__(controller, text)
        self.ids = list(ids)
        self.change = change
        #: Each item's corrections before the edit and after it, set when first written.
        self.before: dict[int, Corrections] | None = None
        self.after: dict[int, Corrections] | None = None

    def corrected(self, item: Item) -> Corrections:
        """``item``'s corrections once this command changed them."""
        return self.change(item.corrections)

    def write(self, db: Database, forward: bool) -> None:
        if not forward:
            if self.before is not None:
                set_corrections(db, self.before)
            return
        if self.after is not None:
            set_corrections(db, self.after)
            return
        with db.transaction():
            items = items_by_ids(db, self.ids)
            before = {i.id: i.corrections for i in items}
            # Worked out for every item before anything is stored: one that cannot be
            # corrected (a crop left too small) refuses the whole, through ``push``.
            after = {i.id: self.corrected(i) for i in items}
            set_corrections(db, after)
        self.before, self.after = before, after

    def changed(self) -> None:
        self.controller.rederive(self.ids)
        self.controller.notify_items(self.ids)


class RotateCommand(CorrectCommand):
    """Turn items by ``degrees`` clockwise, any angle, on top of their other corrections."""

    def __init__(self, controller: ArchiveController, ids: Sequence[int], degrees: float) -> None:
        text = translate("Undo", "Rotate %n item(s)", None, len(ids))
        super().__init__(controller, ids, lambda c: c.turned(degrees), text)
        self.degrees = degrees

    def corrected(self, item: Item) -> Corrections:
        if self.degrees % 90:  # a crop follows other angles by each drawing's size
            return item.corrections.turned(self.degrees, upright_size(item))
        return item.corrections.turned(self.degrees)


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


class AcceptMatchesCommand(BatchCommand):
    """Accept suggested sessions: each item is tied to its suggestion, by hand from now on."""

    def __init__(self, controller: ArchiveController, pairs: Sequence[tuple[int, int]]) -> None:
        super().__init__(controller, translate("Undo", "Accept %n match(es)", None, len(pairs)))
        self.pairs = list(pairs)
        self.ids = [item for item, _ in self.pairs]
        self.before: dict[int, tuple[int | None, str | None]] | None = None

    def write(self, db: Database, forward: bool) -> None:
        if not forward:
            if self.before is not None:
                restore_session_state(db, self.before)
            return
        groups: dict[int, list[int]] = defaultdict(list)
        for item_id, session_id in self.pairs:
            groups[session_id].append(item_id)
        with db.transaction():
            before = self.before if self.before is not None else session_state(db, self.ids)
            for session_id, ids in groups.items():
                set_session(db, ids, session_id, source="manual")
        self.before = before

    def changed(self) -> None:
        self.controller.notify_items(self.ids)
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


class RejectMatchesCommand(BatchCommand):
    """Reject suggested sessions for drawings, for good: matching never suggests them again."""

    def __init__(self, controller: ArchiveController, pairs: Sequence[tuple[int, int]]) -> None:
        super().__init__(controller, translate("Undo", "Reject %n suggestion(s)", None, len(pairs)))
        self.pairs = list(pairs)
        self.ids = [i for i, _ in self.pairs]
        self.undo_data: RejectUndo | None = None

    def write(self, db: Database, forward: bool) -> None:
        if forward:
            self.undo_data = reject_matches(db, self.pairs)
        elif self.undo_data is not None:
            undo_reject(db, self.undo_data)

    def changed(self) -> None:
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()


class ConfirmMatchesCommand(BatchCommand):
    """Confirm the suggested sessions of drawings: they become set by hand."""

    def __init__(self, controller: ArchiveController, ids: Sequence[int]) -> None:
        super().__init__(controller, translate("Undo", "Confirm %n match(es)", None, len(ids)))
        self.ids = list(ids)
        self.confirmed: list[int] = []

    def write(self, db: Database, forward: bool) -> None:
        if forward:
            self.confirmed = confirm_matches(db, self.ids)
        else:
            unconfirm_matches(db, self.confirmed)

    def changed(self) -> None:
        self.controller.notify_items(self.ids)
        self.controller.notify_catalog()
