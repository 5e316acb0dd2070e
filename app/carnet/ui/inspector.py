"""The inspector: edit the selected items, one or many.

With several items selected, a field shows its value when all items share it and
"mixed" otherwise; an edit applies to every selected item (one undoable batch). A text
field commits when it loses focus or on Return, and any pending edit is committed before
the selection changes, so nothing typed is lost. Text typed in the session field names one
session (part of its title is enough) or is refused in words, under the field and in the
status bar; the field then shows the session stored again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter
from typing import Any, TypeVar

from PySide6.QtCore import QLocale, QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.browse import items_by_ids, person_names, tag_paths
from carnet.catalog.database import Database
from carnet.catalog.events import list_events, list_sessions
from carnet.catalog.fields import ITEM_FIELDS, Field, Section
from carnet.catalog.items import Item
from carnet.licences import LICENCES
from carnet.ui.controller import ArchiveController
from carnet.ui.dates import day_and_time, long_date_time
from carnet.ui.i18n import say
from carnet.ui.lettering import MachineReadPanel
from carnet.ui.undo import (
    ChangeLabelsCommand,
    ConfirmMatchesCommand,
    SetFieldCommand,
    SetSessionCommand,
)

MIXED = object()
W = TypeVar("W", bound=QWidget)

#: The fields whose labels the inspector shows as "all items" and "some items".
LABEL_FIELDS = ("speakers", "tags", "illustrators")


def common_value(items: Sequence[Item], name: str) -> Any:
    """The value of ``name`` all ``items`` share, MIXED when they differ, None for none."""
    try:  # in C: after a batch edit, 10,000 selected items are shown again at once
        values = set(map(attrgetter(name), items))
    except TypeError:  # lists, unhashable: compared sorted and casefolded
        values = {_value(item, name) for item in items}
    if not values:
        return None
    return values.pop() if len(values) == 1 else MIXED


def _value(item: Item, name: str) -> Any:
    value = getattr(item, name)
    if isinstance(value, list):
        return tuple(sorted(v.casefold() for v in value))
    return value


def labels_of(items: Sequence[Item], name: str) -> tuple[list[str], list[str]]:
    """The labels ``name`` (speakers, tags, illustrators) all ``items`` have, and those
    only some have, compared casefolded, spelt as the last item spells them."""
    # Thousands of items have few distinct lists: each is compared once, taken (in C)
    # in the order of its last item, so that the last spelling wins as item by item.
    lists = dict.fromkeys(map(tuple, map(attrgetter(name), reversed(items))))
    every: dict[str, str] = {}
    common: set[str] | None = None
    for labels in reversed(list(lists)):
        spelt = {v.casefold(): v for v in labels}
        every.update(spelt)
        if common is None:
            common = set(spelt)
        elif common:
            common &= spelt.keys()
    common = common or set()
    shown = [every[k] for k in sorted(common)]
    partial = sorted(every[k] for k in set(every) - common)
    return shown, partial


@dataclass
class Summary:
    """What the inspector shows of a selection: its items, the value of each field they
    share (or MIXED) and their labels; made on a worker for a large selection."""

    items: list[Item]
    common: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    #: The events of their sessions (the session field offers theirs only).
    events: set[int] = field(default_factory=set)
    #: Those whose session was suggested by matching, not set by hand.
    suggested: list[int] = field(default_factory=list)


def summarise(items: list[Item], names: Sequence[str]) -> Summary:
    """The summary of ``items`` over the fields ``names`` (any thread)."""
    summary = Summary(items)
    for name in names:
        summary.common[name] = common_value(items, name)
    for name in LABEL_FIELDS:
        summary.labels[name] = labels_of(items, name)
    summary.events = events_of(items)
    summary.suggested = suggested_of(items)
    return summary


def release(items: list[Item]) -> None:
    """Empty ``items`` a slice at a time (on a worker): freeing 100,000 items at once
    takes 60 ms with the interpreter lock held, during which the window cannot turn."""
    while items:
        del items[-2000:]


def events_of(items: Sequence[Item]) -> set[int]:
    """The events of the sessions ``items`` belong to."""
    return {item.event_id for item in items if item.event_id is not None}


def suggested_of(items: Sequence[Item]) -> list[int]:
    """The ids of those of ``items`` whose session was suggested by matching."""
    return [i.id for i in items if i.session_id is not None and i.session_source == "auto"]


#: Heights (minimum, maximum) of the paragraph fields: room for a paragraph, not the whole
#: panel, so the capture details stay in view; a transcription gets a little more.
_HEIGHTS = {"transcription": (90, 150)}
_HEIGHT = (70, 120)


def fold(text: str) -> str:
    """``text`` as a person compares it: without accents or case, spaces collapsed."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def match_typed(text: str, choices: Sequence[tuple[Any, Sequence[str]]]) -> list[Any]:
    """The values of ``choices`` (value, names) that typed ``text`` names: those with a name
    equal to it, else those with a name containing it; accents, case and spacing aside."""
    wanted = fold(text)
    exact = [value for value, names in choices if any(fold(n) == wanted for n in names)]
    if exact:
        return exact
    return [value for value, names in choices if any(wanted in fold(n) for n in names)]


def split_labels(text: str) -> list[str]:
    """'a, b ,,c' → ['a', 'b', 'c'] (tags and names are typed comma-separated)."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        clean = " ".join(part.split())
        if clean and clean.casefold() not in seen:
            seen[clean.casefold()] = clean
    return list(seen.values())


class PlainTextField(QPlainTextEdit):
    """A multi-line field that says when editing is over (focus out), like QLineEdit."""

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


class _ListCompleter(QCompleter):
    """Completes the last entry of a comma-separated list."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: Any) -> str:
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        head = text.rsplit(",", 1)[0] + ", " if "," in text else ""
        return head + str(index.data())


class InspectorPanel(QScrollArea):
    """The editor of the current selection (see module docstring)."""

    #: An edit was refused (what was typed, and why): the window says it in its status bar.
    edit_refused = Signal(str)

    #: From how many items the summary of a selection is made on a worker (``summarise``),
    #: the newest selection winning; below, it takes a frame or two on the GUI thread.
    WORKER_FROM = 5000

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ids: list[int] = []
        self.items: list[Item] = []
        self._shown: dict[str, Any] = {}
        #: The session field's choices: (session id or None, the names it answers to).
        self._session_names: list[tuple[int | None, tuple[str, ...]]] = []
        self._loading = False
        self._summary = Summary([])
        self.worker_from = self.WORKER_FROM
        #: The number of the latest summary asked for: a summary made for an older one goes.
        self._asked = 0
        #: A summary is being made on a worker: meanwhile the fields wait, disabled.
        self.summarising = False
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(280)
        self.setAccessibleName(self.tr("Inspector"))  # a tab stop: it scrolls
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.addWidget(self._build_heading())
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        outer.addLayout(form)

        # One editor per editable field of catalog/fields.py, by its kind.
        self.editors: dict[str, QWidget] = {
            f.name: self._make_editor(f) for f in ITEM_FIELDS if f.editable
        }
        self.title = self._editor("title", QLineEdit)
        self.caption = self._editor("caption", PlainTextField)
        self.transcription = self._editor("transcription", PlainTextField)
        self.licence = self._editor("licence", QComboBox)
        self.rights = self._editor("rights", QLineEdit)
        self.published = self._editor("published", QCheckBox)
        self._build_session_field()
        self._build_people_and_tags_fields()
        rows = self._fill_form(form)
        self._build_details(outer)
        outer.addStretch(1)
        self.setWidget(body)

        #: The editable fields, in reading (and Tab) order.
        self.fields: list[QWidget] = [widget for _, widget, _ in rows]
        for first, second in pairwise(self.fields):
            QWidget.setTabOrder(first, second)

        self.speakers.editingFinished.connect(
            lambda: self._commit_labels("speakers", self.speakers.text())
        )
        self.tags.editingFinished.connect(lambda: self._commit_labels("tags", self.tags.text()))
        self.illustrators.editingFinished.connect(
            lambda: self._commit_labels("illustrators", self.illustrators.text())
        )
        self.session.activated.connect(self._on_session_activated)
        self.session_line.editingFinished.connect(
            lambda: self._commit_session_text(self.session_line.text())
        )
        self.set_items([])

    def _build_heading(self) -> QLabel:
        """The title above the fields: what is selected."""
        self.heading = QLabel()
        self.heading.setObjectName("inspectorHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        return self.heading

    def _build_session_field(self) -> None:
        """The session: a combo box one can type in, matched against the sessions' names."""
        self.session = QComboBox()
        self.session.setEditable(True)
        self.session.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        session_line = self.session.lineEdit()
        assert session_line is not None  # an editable combo box has one
        #: What is typed in the session field (see ``_commit_session_text``).
        self.session_line: QLineEdit = session_line
        session_completer = self.session.completer()
        assert session_completer is not None  # an editable combo box has one
        session_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        session_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.session.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.session.setMinimumContentsLength(12)
        self.session_problem = QLabel()
        self.session_problem.setObjectName("sessionProblem")
        self.session_problem.setWordWrap(True)
        self.session_problem.setStyleSheet("color: #b3261e;")
        self.session_problem.hide()
        # A session matching suggested (by capture time) can be confirmed: it is then set
        # by hand, and matching never moves it again.
        self.confirm_session = QPushButton(self.tr("Confirm the suggested session"))
        self.confirm_session.setObjectName("confirmSession")
        self.confirm_session.clicked.connect(self._on_confirm_session_clicked)
        self.confirm_session.hide()

    def _build_people_and_tags_fields(self) -> None:
        """Speakers, tags and illustrators: comma-separated, each name completed."""
        self.speakers = QLineEdit()
        self.tags = QLineEdit()
        self.illustrators = QLineEdit()
        self._completers: dict[str, QStringListModel] = {}
        for key, edit in (
            ("speaker", self.speakers),
            ("tag", self.tags),
            ("illustrator", self.illustrators),
        ):
            model = QStringListModel(self)
            completer = _ListCompleter(model, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
            self._completers[key] = model

    def _fill_form(self, form: QFormLayout) -> list[tuple[str, QWidget, str]]:
        """The editable rows, in reading order; returns them (label, widget, name)."""
        self.machine_read = MachineReadPanel(self.controller)
        # The fields about the drawing, its session, people and tags, the fields about
        # rights; a flag is a check box of its own.
        rows: list[tuple[str, QWidget, str]] = [
            *self._field_rows("about"),
            (self.tr("Session"), self.session, "session"),
            (self.tr("Speakers"), self.speakers, "speakers"),
            (self.tr("Tags"), self.tags, "tags"),
            (self.tr("Illustrator"), self.illustrators, "illustrators"),
            *self._field_rows("rights"),
        ]
        for label, widget, name in rows:
            widget.setAccessibleName(label)
            widget.setObjectName(name)
            if isinstance(widget, QCheckBox):
                form.addRow(widget)
            else:
                form.addRow(label, widget)
            if widget is self.session:
                form.addRow(self.session_problem)
                form.addRow(self.confirm_session)
            if widget is self.transcription:  # what the machine read, beside it
                form.addRow(self.machine_read)
        self.speakers.setPlaceholderText(self.tr("Names, separated by commas"))
        self.tags.setPlaceholderText(self.tr("theme/communs, …"))
        return rows

    def _build_details(self, outer: QVBoxLayout) -> None:
        """What the file says (capture time, camera, size, name), read-only, under a rule."""
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)
        details = QFormLayout()
        outer.addLayout(details)
        self.detail_labels: dict[str, QLabel] = {}
        for key, label in (
            ("captured", self.tr("Captured")),
            ("camera", self.tr("Camera")),
            ("size", self.tr("Size")),
            ("file", self.tr("File")),
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            value.setAccessibleName(label)
            self.detail_labels[key] = value
            details.addRow(label, value)

    def licence_names(self) -> dict[str, str]:
        """The names of ``carnet.licences.LICENCES`` in the window's language, by code.

        The core keeps the English names (the kit says them in its own language files).
        """
        return {
            "CC0-1.0": self.tr("CC0 1.0 (public domain dedication)"),
            "PDM-1.0": self.tr("Public Domain Mark 1.0"),
            "CC-BY-4.0": self.tr("Creative Commons Attribution 4.0"),
            "CC-BY-SA-4.0": self.tr("Creative Commons Attribution-ShareAlike 4.0"),
            "CC-BY-ND-4.0": self.tr("Creative Commons Attribution-NoDerivatives 4.0"),
            "CC-BY-NC-4.0": self.tr("Creative Commons Attribution-NonCommercial 4.0"),
            "CC-BY-NC-SA-4.0": self.tr("Creative Commons Attribution-NonCommercial-ShareAlike 4.0"),
            "CC-BY-NC-ND-4.0": self.tr(
                "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0"
            ),
            "all-rights-reserved": self.tr("All rights reserved"),
        }

    def _make_editor(self, f: Field) -> QWidget:
        """The editor of a declared field, wired to commit its edits."""
        name = f.name
        if f.kind == "text":
            line = QLineEdit()
            line.editingFinished.connect(lambda: self._commit_text(name, line.text()))
            return line
        if f.kind == "longtext":
            plain = PlainTextField()
            plain.setTabChangesFocus(True)
            low, high = _HEIGHTS.get(name, _HEIGHT)
            plain.setMinimumHeight(low)
            plain.setMaximumHeight(high)
            plain.editing_finished.connect(lambda: self._commit_text(name, plain.toPlainText()))
            return plain
        if f.kind == "licence":
            combo = QComboBox()
            combo.addItem(self.tr("No licence"), None)
            names = self.licence_names()
            for lic in LICENCES:
                combo.addItem(names.get(lic.code, lic.name), lic.code)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.activated.connect(lambda index: self._on_choice_activated(name, combo, index))
            return combo
        check = QCheckBox(say(f.label))
        check.clicked.connect(lambda: self._on_flag_clicked(name, check))
        return check

    def _editor(self, name: str, kind: type[W]) -> W:
        widget = self.editors[name]
        assert isinstance(widget, kind)
        return widget

    def _field_rows(self, section: Section) -> list[tuple[str, QWidget, str]]:
        return [
            (say(f.label), self.editors[f.name], f.name)
            for f in ITEM_FIELDS
            if f.editable and f.section == section
        ]

    # ------------------------------------------------------------------ showing

    def set_items(self, ids: Sequence[int]) -> None:
        """Show the items ``ids`` (committing any edit in progress first)."""
        self.commit_pending()
        if list(ids) != self.ids:
            self.session_problem.hide()  # it was about the items left (the status bar keeps it)
        self.ids = list(ids)
        self.reload()

    def reload(self) -> None:
        self._asked += 1  # a summary still being made is out of date
        if len(self.ids) >= self.worker_from:
            self._summarise_on_worker(list(self.ids))
            return
        self.summarising = False
        self._loading = True
        try:
            items = self.controller.items(self.ids) if self.ids else []
            self._summary = summarise(items, self._summary_names())
            self.items = items
            self._fill()
        finally:
            self._loading = False

    def _summary_names(self) -> list[str]:
        return [*self.editors, "session_id", "ocr_text"]

    def _summarise_on_worker(self, ids: list[int]) -> None:
        """Read and summarise ``ids`` on a worker, with a connection of its own; the fields
        wait meanwhile (nothing typed goes to values not yet shown)."""
        asked, names, path = self._asked, self._summary_names(), self.controller.db.path
        # A batch's items, just read back by its own worker, are not read a second time.
        fresh = self.controller.fresh_items(ids)
        self.summarising = self._loading = True
        self.items, self._summary = [], Summary([])
        self.heading.setText(self.tr("%n items selected", "", len(ids)))
        for widget in self.fields:
            widget.setEnabled(False)
        self.confirm_session.setEnabled(False)

        def work() -> Summary:
            if fresh is not None:
                return summarise(fresh, names)
            db = Database(path, readonly=True)
            try:
                items = items_by_ids(db, ids)
            finally:
                db.close()
            return summarise(items, names)

        def done(summary: Summary) -> None:
            if asked != self._asked:  # another selection came meanwhile
                return
            self.summarising = False
            shown = self.machine_read.items  # the former selection's, held there only
            try:
                self._summary, self.items = summary, summary.items
                self._fill()
            finally:
                self._loading = False
            if shown is not self.items and len(shown) >= self.worker_from:
                self.controller.tasks.run(lambda: release(shown))

        def failed(exc: BaseException, details: str) -> None:
            if asked == self._asked:
                self.summarising = self._loading = False
                self.controller.error_raised.emit(say(exc), details)

        self.controller.tasks.run(work, done, failed)

    def _common(self, name: str) -> Any:
        summary = self._summary
        if summary.items is self.items and name in summary.common:
            return summary.common[name]
        return common_value(self.items, name)

    def _fill(self) -> None:
        count = len(self.items)
        editable = bool(count) and not self.controller.readonly
        for widget in self.fields:
            widget.setEnabled(editable)
        if count == 0:
            self.heading.setText(self.tr("No selection"))
        elif count == 1:
            item = self.items[0]
            self.heading.setText(item.title or item.original_name)
        else:
            self.heading.setText(self.tr("%n items selected", "", count))
        mixed = self.tr("Mixed: type to replace on all")
        for name, widget in self.editors.items():
            value = self._common(name)
            self._shown[name] = value
            if isinstance(widget, QLineEdit):
                widget.setText("" if value in (None, MIXED) else value)
                widget.setCursorPosition(0)
                widget.setPlaceholderText(mixed if value is MIXED else "")
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText("" if value in (None, MIXED) else value)
                widget.setPlaceholderText(mixed if value is MIXED else "")
            elif isinstance(widget, QComboBox):
                self._fill_choice(widget, value)
            elif isinstance(widget, QCheckBox):
                self._fill_flag(widget, value)
        for name, edit in (
            ("speakers", self.speakers),
            ("tags", self.tags),
            ("illustrators", self.illustrators),
        ):
            shown, partial = self._labels(name)
            self._shown[name] = shown
            edit.setText(", ".join(shown))
            edit.setCursorPosition(0)
            edit.setPlaceholderText(
                self.tr("Some items: %1").replace("%1", ", ".join(partial)) if partial else ""
            )
            edit.setToolTip(
                self.tr("On some items only: %1").replace("%1", ", ".join(partial))
                if partial
                else ""
            )
        self._fill_sessions()
        lettering = self._common("ocr_text")
        self.machine_read.show_items(
            self.items, (None if lettering is MIXED else lettering, lettering is MIXED)
        )
        self._fill_details()
        self._fill_completions()

    def _labels(self, name: str) -> tuple[list[str], list[str]]:
        summary = self._summary
        if summary.items is self.items and name in summary.labels:
            return summary.labels[name]
        return labels_of(self.items, name)

    def _fill_choice(self, combo: QComboBox, value: Any) -> None:
        with QSignalBlocker(combo):
            if value is MIXED:
                combo.setCurrentIndex(-1)
                combo.setPlaceholderText(self.tr("Mixed"))
            else:
                combo.setCurrentIndex(max(0, combo.findData(value)))

    @staticmethod
    def _fill_flag(check: QCheckBox, value: Any) -> None:
        with QSignalBlocker(check):
            check.setTristate(value is MIXED)
            if value is MIXED:
                check.setCheckState(Qt.CheckState.PartiallyChecked)
            else:
                check.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)

    def _fill_sessions(self) -> None:
        with QSignalBlocker(self.session):
            self.session.clear()
            none = self.tr("No session")
            self.session.addItem(none, None)
            self._session_names = [(None, (none,))]
            events = self._summary.events if self._summary.items is self.items else None
            if events is None:
                events = events_of(self.items)
            all_events = list_events(self.controller.db)
            several = len(events) > 1
            for event in all_events:
                if events and event.id not in events:
                    continue
                for session in list_sessions(self.controller.db, event.id):
                    label = f"{day_and_time(session.start)}  {session.title}"
                    if several:
                        label = f"{event.name} · {label}"
                    self.session.addItem(label, session.id)
                    self._session_names.append((session.id, (label, session.title)))
        self._show_session()

    def _suggested(self) -> list[int]:
        """The items shown whose session was suggested by matching, not set by hand."""
        if self._summary.items is self.items:  # made on a worker for a large selection
            return self._summary.suggested
        return suggested_of(self.items)

    def _on_confirm_session_clicked(self) -> None:
        ids = self._suggested()
        if ids and self.controller.push(ConfirmMatchesCommand(self.controller, ids)):
            self.reload()

    def _show_session(self) -> None:
        """Show the session stored (after a fill, or typed text that was refused)."""
        suggested = self._suggested()
        self.confirm_session.setHidden(not suggested)
        self.confirm_session.setEnabled(bool(suggested) and not self.controller.readonly)
        self.confirm_session.setToolTip(
            self.tr(
                "%n item(s) matched by capture time: keep their session, set by hand",
                "",
                len(suggested),
            )
        )
        value = self._common("session_id")
        line = self.session_line
        with QSignalBlocker(self.session):
            if value is MIXED:
                self.session.setCurrentIndex(-1)
                line.clear()
                line.setPlaceholderText(self.tr("Mixed"))
            else:
                index = max(0, self.session.findData(value))
                self.session.setCurrentIndex(index)
                line.setText(self.session.itemText(index))
                line.setCursorPosition(0)
                line.setPlaceholderText("")

    def _fill_details(self) -> None:
        labels = self.detail_labels
        if len(self.items) != 1:
            for label in labels.values():
                label.setText("—" if self.items else "")
            return
        item = self.items[0]
        locale = QLocale()
        captured = long_date_time(item.captured_at) if item.captured_at else "—"
        if item.captured_at and item.capture_offset:
            captured += f" (UTC{item.capture_offset})"
        labels["captured"].setText(captured)
        camera = " ".join(p for p in (item.camera_make, item.camera_model) if p)
        labels["camera"].setText(camera or "—")
        size = f"{item.width} × {item.height}" if item.width and item.height else "—"
        labels["size"].setText(f"{size} · {locale.formattedDataSize(item.size)}")
        labels["file"].setText(item.original_name)
        labels["file"].setToolTip(item.original_path)

    def _fill_completions(self) -> None:
        db = self.controller.db
        self._completers["tag"].setStringList(tag_paths(db))
        self._completers["speaker"].setStringList(person_names(db, "speaker"))
        self._completers["illustrator"].setStringList(person_names(db, "illustrator"))

    # ------------------------------------------------------------------ committing

    def commit_pending(self) -> None:
        """Commit what is typed in any field (before the selection changes, or undo)."""
        if not self.ids or self._loading:
            return
        # Read every field first: each commit reloads the panel from the catalog.
        texts: dict[str, str] = {}
        for name, widget in self.editors.items():
            if isinstance(widget, QLineEdit):
                texts[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                texts[name] = widget.toPlainText()
        labels = {
            "speakers": self.speakers.text(),
            "tags": self.tags.text(),
            "illustrators": self.illustrators.text(),
        }
        session = self.session_line.text()
        for name, text in texts.items():
            self._commit_text(name, text)
        for name, text in labels.items():
            self._commit_labels(name, text)
        self._commit_session_text(session)

    def _commit_text(self, name: str, text: str) -> None:
        if self._loading or not self.ids or self.controller.readonly:
            return
        shown = self._shown.get(name)
        clean = text.strip()
        if shown is MIXED and not clean:
            return
        if clean == ((shown if isinstance(shown, str) else "") or "").strip():
            return
        self._shown[name] = clean or None
        self.controller.push(SetFieldCommand(self.controller, self.ids, name, clean or None))

    def _commit_labels(self, name: str, text: str) -> None:
        if self._loading or not self.ids or self.controller.readonly:
            return
        role = {"speakers": "speaker", "tags": None, "illustrators": "illustrator"}[name]
        new = split_labels(text)
        shown: list[str] = self._shown.get(name) or []
        old_keys = {v.casefold() for v in shown}
        new_keys = {v.casefold() for v in new}
        added = [v for v in new if v.casefold() not in old_keys]
        removed = [v for v in shown if v.casefold() not in new_keys]
        if not added and not removed:
            return
        self._shown[name] = new
        self.controller.push(ChangeLabelsCommand(self.controller, self.ids, added, removed, role))

    def _on_choice_activated(self, name: str, combo: QComboBox, index: int) -> None:
        if self._loading or not self.ids:
            return
        code = combo.itemData(index)
        if self._shown.get(name) == code:
            return
        self.controller.push(SetFieldCommand(self.controller, self.ids, name, code))

    def _on_session_activated(self, index: int) -> None:
        if self._loading or not self.ids or index < 0:
            return
        self._set_session(self.session.itemData(index))

    def _set_session(self, session_id: int | None) -> None:
        self.session_problem.hide()
        if self._common("session_id") == session_id:
            self._show_session()
            return
        self.controller.push(SetSessionCommand(self.controller, self.ids, session_id))

    def _commit_session_text(self, text: str) -> None:
        """Text typed in the session field: the one session it names, else a refusal that
        says why (never a silent drop), the field showing the stored session again."""
        if self._loading or not self.ids or self.controller.readonly:
            return
        index = self.session.currentIndex()
        if index >= 0 and text == self.session.itemText(index):
            return  # the stored session, as shown
        typed = " ".join(text.split())
        if not typed:
            if index < 0:
                return  # "Mixed" left empty: nothing was typed
            matches: list[int | None] = [None]  # the field emptied: no session
        else:
            matches = match_typed(typed, self._session_names)
        if len(matches) == 1:
            self._set_session(matches[0])
            return
        if matches:
            titles = [names[-1] for value, names in self._session_names if value in matches]
            shown = " / ".join(titles[:3]) + (" / …" if len(titles) > 3 else "")
            message = (
                self.tr(
                    "“%1” could be several sessions (%2): the session is unchanged. Choose one in the list."  # noqa: E501
                )
                .replace("%2", shown)
                .replace("%1", typed)
            )
        else:
            message = self.tr("No session matches “%1”: the session is unchanged.").replace(
                "%1", typed
            )
        self._loading = True
        try:
            self._show_session()
        finally:
            self._loading = False
        self.session_problem.setText(message)
        self.session_problem.show()
        self.edit_refused.emit(message)

    def _on_flag_clicked(self, name: str, check: QCheckBox) -> None:
        if self._loading or not self.ids:
            return
        value = check.checkState() != Qt.CheckState.Unchecked
        check.setTristate(False)
        check.setChecked(value)
        self.controller.push(SetFieldCommand(self.controller, self.ids, name, value))
