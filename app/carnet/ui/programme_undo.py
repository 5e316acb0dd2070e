"""The programme editor's import as one undoable command on the window's Edit stack."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from carnet.catalog.curation import Snapshot, restore_snapshot
from carnet.catalog.events import Event
from carnet.catalog.programmes import ImportChanges, undo_import
from carnet.programme.model import Programme
from carnet.programme.store import ProgrammeSummary, import_programme
from carnet.ui.controller import ArchiveController
from carnet.ui.undo import EditCommand


class ImportProgrammeCommand(EditCommand):
    """Import a programme file into an event (after its preview). Undo removes the sessions
    it added (their drawings stay in the event, without a session) and gives the sessions
    it updated back their fields and speakers; redo puts the import back with the same
    session ids, which later commands on the stack may name."""

    def __init__(
        self, controller: ArchiveController, event: Event, programme: Programme, name: str
    ) -> None:
        super().__init__(controller, "")
        self.event, self.programme, self.name = event, programme, name
        self.summary: ProgrammeSummary | None = None
        self.changes: ImportChanges | None = None
        self.redo_snapshot: Snapshot | None = None
        self.retranslate()

    def retranslate(self) -> None:
        added = self.summary.added if self.summary else 0
        updated = self.summary.updated if self.summary else 0
        text = QCoreApplication.translate(
            "Undo", "Import programme “%1”: %n session(s) added, %2 updated", None, added
        )
        self.setText(text.replace("%1", self.name).replace("%2", str(updated)))

    def apply(self) -> None:
        db = self.controller.db
        if self.changes is None:
            self.summary = import_programme(db, self.event, self.programme)
            self.changes = self.summary.changes
            self.retranslate()
        elif self.redo_snapshot is not None:
            restore_snapshot(db, self.redo_snapshot)
        self._notify()

    def revert(self) -> None:
        if self.changes is not None:
            self.redo_snapshot = undo_import(self.controller.db, self.changes)
        self._notify()

    def _notify(self) -> None:
        # Drawings tied to a session the import added lose it on undo, get it back on redo.
        tied = [item[0] for item in self.redo_snapshot.items] if self.redo_snapshot else []
        if tied:
            self.controller.notify_items(tied)
        self.controller.notify_catalog()
