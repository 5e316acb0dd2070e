"""The search field: queries the index as you type (debounced), on the task pool."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from carnet.messages import message_of
from carnet.ui.controller import ArchiveController
from carnet.ui.search_adapter import SearchOutcome


class SearchField(QLineEdit):
    """Emits ``search_finished(outcome)`` for the latest query, ``search_cleared`` when empty."""

    search_finished = Signal(object)
    search_cleared = Signal()

    DELAY_MS = 250

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Search titles, captions, speakers, tags…"))
        self.setAccessibleName(self.tr("Search"))
        self.setMinimumWidth(320)
        self._timer = QTimer(self, singleShot=True, interval=self.DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._generation = 0
        self.busy = False
        self.textChanged.connect(self._on_text_changed)
        controller.search_synced.connect(self._on_controller_search_synced)

    def _on_text_changed(self, _text: str) -> None:
        self._generation += 1
        self._timer.start()

    def run_now(self) -> None:
        self._timer.stop()
        self._on_timer_timeout()

    def _on_controller_search_synced(self) -> None:
        if self.text().strip():
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        text = self.text().strip()
        if not text:
            self.search_cleared.emit()
            return
        generation = self._generation
        self.busy = True

        def done(outcome: SearchOutcome) -> None:
            if generation == self._generation:  # an older query's answer is dropped
                self.busy = False
                self.search_finished.emit(outcome)

        def failed(exc: BaseException, _details: str) -> None:
            if generation == self._generation:
                self.busy = False
                self.search_finished.emit(SearchOutcome(query=text, error=message_of(exc)))

        self.controller.tasks.run(lambda: self.controller.search.query(text), done, failed)
