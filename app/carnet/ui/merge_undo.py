"""A merge as one step of the window's Edit stack: "Merge “package”".

The merge runs in the background (``apply_plan`` with ``keep_undo``: a copy of the catalog
as it was, and the list of originals it adds), then the command goes on the stack already
done. Undo (Ctrl+Z) restores the archive as it was before the merge — the catalog from
that copy, without the originals the merge added (``undo_merge``); redo merges the same
plan again from the source. Both run on the task pool, never on the GUI thread, behind a
window-modal progress dialog: while the catalog is replaced nothing else may edit it or
move along the stack.

A restore puts back the whole catalog, so it is refused when the archive holds other
drawings than right after the merge (an import since then, which the stack does not
know): undo would lose them. Redo is refused the same way, and when the source is gone.
A refused or failed undo or redo leaves the stack where it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from carnet.catalog.archive import Archive
from carnet.catalog.curation import merge_people
from carnet.catalog.identity import start_lineage
from carnet.catalog.items import known_hashes
from carnet.errors import Cancelled, CarnetError
from carnet.merge.apply import MergeSummary, apply_plan, undo_merge
from carnet.merge.leftovers import (
    keep_apart,
    originals_to_store,
    remove_backup,
    remove_stale_backups,
    remove_unused,
)
from carnet.merge.plan import MergePlan
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say
from carnet.ui.tasks import Progress, Task
from carnet.ui.undo import EditCommand


@dataclass
class MergeOutcome:
    """What a merge run in the background did, or why it did not."""

    summary: MergeSummary | None = None
    #: The drawings of the archive before and right after the merge (by hash).
    before: set[str] = field(default_factory=set)
    after: set[str] = field(default_factory=set)
    #: Why an undo or a redo was refused (a sentence for the user), else None.
    refused: str | None = None


def run_merge(
    archive: Archive,
    plan: MergePlan,
    same_people: Sequence[tuple[str, str]],
    progress: Progress | None,
    cancel: threading.Event | None,
    keep: set[Path] | None = None,
) -> MergeOutcome:
    """Merge ``plan`` keeping what undo needs, then make one person of each accepted pair
    (their spelling, the archive's). Runs on a worker thread. A merge cancelled or refused
    before its catalog transaction takes away the originals it had stored already. With
    ``keep`` (the copies of the catalog the Edit stack still refers to), the other copies
    earlier merges kept are removed first."""
    if keep is not None:
        remove_stale_backups(archive, keep)
    before = known_hashes(archive.db)
    stored = originals_to_store(archive, plan)
    try:
        summary = apply_plan(archive, plan, progress=progress, cancel=cancel, keep_undo=True)
    except BaseException:
        if known_hashes(archive.db) == before:  # the catalog was not written
            remove_unused(archive, stored)
        raise
    if summary.undo is not None:  # each merge on the stack keeps its own copy
        summary.undo = keep_apart(summary.undo)
    for theirs, mine in same_people:
        try:
            merge_people(archive.db, theirs, mine)
        except CarnetError:  # not in the archive after all (a name of an unmerged session)
            continue
    return MergeOutcome(summary, before, known_hashes(archive.db))


def backups_in_use(stack: QUndoStack) -> set[Path]:
    """The copies of the catalog the merges on ``stack`` would restore."""
    found: set[Path] = set()
    for index in range(stack.count()):
        command = stack.command(index)
        if isinstance(command, MergeCommand):
            summary = command.summary
            if summary is not None and summary.undo is not None:
                found.add(summary.undo.backup)
    return found


class _Signals(QObject):
    #: "merged", "undone", "redone", "refused" or "failed": after each run of the command.
    finished = Signal(str)


class MergeCommand(EditCommand):
    """One merge on the Edit stack. ``start`` runs it the first time (the merge dialog's
    Merge button) and pushes the command when it succeeds; Qt's undo and redo then run in
    the background as the module's docstring says."""

    def __init__(
        self,
        controller: ArchiveController,
        plan: MergePlan,
        name: str,
        *,
        same_people: Sequence[tuple[str, str]] = (),
        window: QWidget | None = None,
    ) -> None:
        super().__init__(controller, self._text(name))
        self.plan = plan
        self.name = name
        self.same_people = list(same_people)
        self.window = window
        self.outcome: MergeOutcome | None = None
        self.task: Task | None = None
        self.signals = _Signals()
        self.progress: QProgressDialog | None = None
        #: Whether the merge is in the archive now (after the merge and a redo).
        self.merged = False
        #: Qt's next ``undo`` only moves the stack (the write was done, or did not happen).
        self.reverted = False

    @staticmethod
    def _text(name: str) -> str:
        return QCoreApplication.translate("MergeCommand", "Merge “%1”").replace("%1", name)

    def retranslate(self) -> None:
        self.setText(self._text(self.name))

    @property
    def summary(self) -> MergeSummary | None:
        return self.outcome.summary if self.outcome is not None else None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.finished

    # ------------------------------------------------------------------ the first merge

    def start(
        self,
        on_progress: Progress,
        on_failed: Callable[[BaseException, str], None],
    ) -> Task:
        """Merge in the background; the command is pushed on the stack when it is done
        (``signals.finished`` says "merged"), ``on_failed`` hears otherwise."""
        archive, plan, people = self.controller.archive, self.plan, self.same_people
        keep = backups_in_use(self.controller.undo_stack)

        def work(progress: Progress, cancel: threading.Event) -> MergeOutcome:
            with archive.own_connection() as own:
                return run_merge(own, plan, people, progress, cancel, keep)

        def merged(outcome: MergeOutcome) -> None:
            self.outcome = outcome
            self.merged = True
            self.controller.push(self)
            self._changed()
            self.signals.finished.emit("merged")

        self.task = self.controller.tasks.run(
            work, merged, on_failed, on_progress=on_progress, with_progress=True
        )
        return self.task

    # How Qt's stack (or the controller, which may write first and then move the stack
    # with ``applied``/``reverted`` set) reaches the command: ``apply`` and ``revert``
    # start the background run; the flags make the stack's own call a no-op.

    def apply(self) -> None:
        """Merge again (redo); nothing to do at the push, the merge is done already."""
        if not self.merged:
            self._redo()

    def revert(self) -> None:
        self._undo()

    def undo(self) -> None:
        if self.reverted:
            self.reverted = False
            return
        self.revert()

    def _undo(self) -> None:
        outcome = self.outcome
        if outcome is None or outcome.summary is None or outcome.summary.undo is None:
            return
        archive, kept, after = self.controller.archive, outcome.summary.undo, outcome.after

        def work() -> MergeOutcome:
            with archive.own_connection() as own:
                return undo(own)

        def undo(archive: Archive) -> MergeOutcome:
            if known_hashes(archive.db) != after:
                return MergeOutcome(
                    refused=QCoreApplication.translate(
                        "MergeCommand",
                        "The merge cannot be undone: drawings were added or deleted since, "
                        "and restoring the archive as it was before the merge would lose them.",
                    )
                )
            undo_merge(archive, kept)
            remove_backup(kept)
            # The catalog went back in its history: what was derived from it since (the
            # search index) must not pass for current when its counter catches up again.
            start_lineage(archive.db)
            return MergeOutcome()

        self._run(
            work,
            QCoreApplication.translate("MergeCommand", "Undoing the merge…"),
            undoing=True,
            cancellable=False,
        )

    def _redo(self) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        archive, plan, people, before = (
            self.controller.archive,
            self.plan,
            self.same_people,
            outcome.before,
        )

        def work(progress: Progress, cancel: threading.Event) -> MergeOutcome:
            with archive.own_connection() as own:
                return redo(own, progress, cancel)

        def redo(archive: Archive, progress: Progress, cancel: threading.Event) -> MergeOutcome:
            if known_hashes(archive.db) != before:
                return MergeOutcome(
                    refused=QCoreApplication.translate(
                        "MergeCommand",
                        "The merge cannot be done again: the archive's drawings changed "
                        "since it was undone. Merge the source again from the File menu.",
                    )
                )
            gone = [i for i in plan.new_items if i.original is None or not i.original.is_file()]
            if gone:
                return MergeOutcome(
                    refused=QCoreApplication.translate(
                        "MergeCommand",
                        "The merge cannot be done again: the source is no longer there "
                        "(%1). Plug it in again and redo.",
                    ).replace("%1", str(gone[0].original))
                )
            return run_merge(archive, plan, people, progress, cancel)

        self._run(
            work,
            QCoreApplication.translate("MergeCommand", "Merging again…"),
            undoing=False,
            cancellable=True,
        )

    def _run(
        self, work: Callable[..., MergeOutcome], text: str, *, undoing: bool, cancellable: bool
    ) -> None:
        self.progress = dialog = QProgressDialog(
            text,
            QCoreApplication.translate("MergeCommand", "Cancel") if cancellable else "",
            0,
            0,
            self._parent(),
        )
        dialog.setWindowTitle(self.text())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)

        def progressed(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)

        def succeeded(outcome: MergeOutcome) -> None:
            self._close_progress()
            if outcome.refused is not None:
                self._put_back(undoing)
                self.controller.error_raised.emit(outcome.refused, "")
                self.signals.finished.emit("refused")
                return
            if not undoing:
                assert self.outcome is not None
                self.outcome.summary, self.outcome.after = outcome.summary, outcome.after
            self.merged = not undoing
            self._changed()
            self.signals.finished.emit("undone" if undoing else "redone")

        def failed(exc: BaseException, details: str) -> None:
            self._close_progress()
            self._put_back(undoing)
            if not isinstance(exc, Cancelled):
                self.controller.error_raised.emit(say(exc), details)
            self._changed()
            self.signals.finished.emit("failed")

        self.task = self.controller.tasks.run(
            work,
            succeeded,
            failed,
            on_progress=progressed,
            with_progress=not undoing,
        )
        task = self.task
        dialog.canceled.connect(lambda: task.cancel.set())
        dialog.show()

    def _parent(self) -> QWidget | None:
        # Over a modal dialog when one is open (the merge dialog's own Undo button), so
        # that this one blocks it too; else over the window.
        modal = QApplication.activeModalWidget()
        return modal if modal is not None else self.window

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _put_back(self, undoing: bool) -> None:
        """The archive did not move: the stack goes back to where it was."""
        stack = self.controller.undo_stack
        if undoing:
            self.applied = True
            stack.redo()
        else:
            self.reverted = True
            stack.undo()

    def _changed(self) -> None:
        self.controller.notify_catalog()
