"""The sidebar: events → days → sessions, shortcuts, people by role, tags, saved searches,
and while searching, the facet counts of the results.

The tree is a small ``QAbstractItemModel`` over plain nodes built from one catalog
snapshot (``browse.overview``), rebuilt when the catalog changes; each node carries the
filter it stands for. When only counts moved (most edits), the rows stay and their counts
change in place, so what the user expanded, selected and scrolled to stays put.

Drawings dragged from the grid drop onto a session, a speaker, an illustrator or a tag:
the model says which rows take them (``drop_target``) and tells the window what was
dropped where (``items_dropped``); the view highlights the row under the pointer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCollator,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from carnet.catalog.browse import ItemFilter, Overview
from carnet.catalog.saved_searches import SavedSearch
from carnet.ui.dates import day as day_label
from carnet.ui.dates import time_of_day
from carnet.ui.models import ITEM_IDS_MIME, Roles, dropped_ids

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Node:
    """One row of the sidebar. ``action`` is an ItemFilter, or ('search', query)."""

    label: str
    count: int | None = None
    action: Any = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    header: bool = False
    empty: bool = False
    #: What the row is called in a sentence (a session's title, without its time).
    name: str = ""

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    def key(self) -> tuple[int, str, Any, bool]:
        """What makes the row what it is, its count aside."""
        depth, node = 0, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth, self.label, self.action, self.header


def _walk(node: Node) -> list[Node]:
    """``node``'s descendants, depth first."""
    found: list[Node] = []
    for child in node.children:
        found.append(child)
        found += _walk(child)
    return found


def name_key() -> Callable[[str], Any]:
    """A sort key for names in the window's language: accents, case and numbers the way a
    reader of that language expects (``éducation`` with the e's, ``Tag 2`` before ``Tag 10``)."""
    collator = QCollator(QLocale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)
    return functools.cmp_to_key(collator.compare)


#: Rows that take dropped drawings: (kind of filter, role of a person or None).
DROP_KINDS = {("session", None), ("person", "speaker"), ("person", "illustrator"), ("tag", None)}


class SidebarModel(QAbstractItemModel):
    """Two columns: a label and a count."""

    #: Drawings dropped on a row: (their ids, the row's ItemFilter, the row's name).
    items_dropped = Signal(list, object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = Node("")
        #: The archive whose drawings may be dropped here (models.dropped_ids); empty for
        #: none (a read-only window).
        self.drop_key = ""

    def build(
        self,
        overview: Overview,
        saved: list[SavedSearch],
        facets: dict[str, list[tuple[str, str, int]]] | None = None,
    ) -> bool:
        """Show ``overview``; True when the rows changed (the model was reset), False when
        only counts did (updated in place)."""
        root = self._tree(overview, saved, facets)
        old, new = _walk(self.root), _walk(root)
        if [n.key() for n in old] == [n.key() for n in new]:
            for before, after in zip(old, new, strict=True):
                if (before.count, before.empty) != (after.count, after.empty):
                    before.count, before.empty = after.count, after.empty
                    row = before.row()
                    parent = self.parent(self.createIndex(row, 0, before))
                    self.dataChanged.emit(self.index(row, 0, parent), self.index(row, 1, parent))
            return False
        self.beginResetModel()
        self.root = root
        self.endResetModel()
        return True

    def _tree(
        self,
        overview: Overview,
        saved: list[SavedSearch],
        facets: dict[str, list[tuple[str, str, int]]] | None,
    ) -> Node:
        root = Node("")
        self._add_library(root, overview)
        if facets is not None:
            self._add_facets(root, facets)
        if overview.events:
            self._add_events(root, overview)
        if overview.people:
            self._add_people(root, overview)
        if overview.tags:
            self._add_tags(root, overview)
        if saved:
            self._add_saved_searches(root, saved)
        return root

    def _add_library(self, root: Node, overview: Overview) -> None:
        library = root.add(Node(self.tr("Library"), header=True))
        library.add(Node(self.tr("All items"), overview.total, ItemFilter("all")))
        library.add(Node(self.tr("No session"), overview.no_session, ItemFilter("no-session")))
        library.add(Node(self.tr("Suggested matches"), overview.suggested, ItemFilter("suggested")))
        library.add(Node(self.tr("Not published"), overview.unpublished, ItemFilter("unpublished")))
        library.add(Node(self.tr("Trash"), overview.trash, ItemFilter("trash")))
        if overview.conflicts:  # opens the review (Edit → Review merge conflicts…)
            library.add(Node(self.tr("Merge conflicts"), overview.conflicts, ("conflicts",)))

    def _add_facets(self, root: Node, facets: dict[str, list[tuple[str, str, int]]]) -> None:
        results = root.add(Node(self.tr("Search results"), header=True))
        names = {
            "event": self.tr("Events"),
            "session": self.tr("Sessions"),
            "speaker": self.tr("Speakers"),
            "illustrator": self.tr("Illustrators"),
            "tag": self.tr("Tags"),
        }
        for name, values in facets.items():
            if not values:
                continue
            group = results.add(Node(names.get(name, name)))
            for value, label, count in values:
                term = label if name == "session" else value
                quoted = '"' + term.replace('"', "") + '"'
                group.add(Node(label, count, ("facet", f"{name}:{quoted}")))

    def _add_events(self, root: Node, overview: Overview) -> None:
        events = root.add(Node(self.tr("Events"), header=True))
        for event in overview.events:
            node = events.add(Node(event.name, event.count, ItemFilter("event", id=event.id)))
            for day in event.days:
                day_node = node.add(
                    Node(
                        day_label(day.day),
                        day.count,
                        ItemFilter("day", value=day.day, event_id=event.id),
                    )
                )
                for session in day.sessions:
                    day_node.add(
                        Node(
                            f"{time_of_day(session.start)}  {session.title}",
                            session.count,
                            ItemFilter("session", id=session.id),
                            empty=session.count == 0,
                            name=session.title,
                        )
                    )

    def _add_people(self, root: Node, overview: Overview) -> None:
        people = root.add(Node(self.tr("People"), header=True))
        roles = {
            "speaker": self.tr("Speakers"),
            "illustrator": self.tr("Illustrators"),
            "facilitator": self.tr("Facilitators"),
        }
        groups: dict[str, Node] = {}
        key = name_key()
        for person in sorted(overview.people, key=lambda p: (p.role, key(p.name))):
            group = groups.get(person.role)
            if group is None:
                group = groups[person.role] = people.add(Node(roles.get(person.role, person.role)))
            group.add(
                Node(
                    person.name,
                    person.count,
                    ItemFilter("person", id=person.id, value=person.role),
                )
            )

    def _add_tags(self, root: Node, overview: Overview) -> None:
        tags = root.add(Node(self.tr("Tags"), header=True))
        by_path: dict[str, Node] = {}
        counts = dict(overview.tags)

        def tag_node(path: str) -> Node:
            node = by_path.get(path)
            if node is None:
                parent_path, _, leaf = path.rpartition("/")
                parent = tag_node(parent_path) if parent_path else tags
                node = parent.add(Node(leaf, counts.get(path), ItemFilter("tag", value=path)))
                by_path[path] = node
            return node

        key = name_key()
        for path, _count in sorted(overview.tags, key=lambda t: [key(p) for p in t[0].split("/")]):
            tag_node(path)

    def _add_saved_searches(self, root: Node, saved: list[SavedSearch]) -> None:
        group = root.add(Node(self.tr("Saved searches"), header=True))
        for search in saved:
            group.add(Node(search.name, None, ("saved", search.query, search.id)))

    # ------------------------------------------------------------------ Qt overrides

    def _node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if not 0 <= row < len(node.children) or not 0 <= column < 2:
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    # Qt's parent() is two functions (QObject.parent() and QAbstractItemModel.parent(index));
    # the stubs overload them, and a Python override cannot match both: the one ignore here.
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._node(index)
        if node.parent is None or node.parent is self.root:
            return QModelIndex()
        return self.createIndex(node.parent.row(), 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self._node(index)
        if node.header:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.drop_key and self.drop_target(index):
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def drop_target(self, index: Index) -> bool:
        """Whether drawings can be dropped on the row at ``index``: a session, a speaker,
        an illustrator or a tag (not a day, a heading, the trash or a search)."""
        if not index.isValid():
            return False
        action = self._node(index).action
        if not isinstance(action, ItemFilter):
            return False
        role = action.value if action.kind == "person" else None
        return (action.kind, role) in DROP_KINDS

    def mimeTypes(self) -> list[str]:
        return [ITEM_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction | Qt.DropAction.LinkAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return (
            bool(self.drop_key)
            and self.drop_target(parent)
            and bool(dropped_ids(data, self.drop_key))
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Drawings dropped on a row: say so (``items_dropped``); the window assigns them."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = dropped_ids(data, self.drop_key) or []
        node = self._node(parent)
        self.items_dropped.emit(ids, node.action, node.name or node.label)
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return node.label.upper() if node.header else node.label
            return "" if node.count is None else QLocale().toString(node.count)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return node.label
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and node.header:
            font = QFont()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if node.header or index.column() == 1:
                return QPalette().color(QPalette.ColorRole.PlaceholderText)
            if node.empty:
                return QColor(176, 70, 50)
        if role == Roles.Filter:
            return node.action
        if role == Roles.Count:
            return node.count
        return None


class SidebarView(QTreeView):
    """The sidebar's tree: headers expanded, counts in a narrow right column. Drawings
    dragged over it highlight the row that takes them; elsewhere the drag is refused (the
    pointer says so), and files dragged from a file manager go on to the window."""

    action_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(14)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QTreeView.Shape.NoFrame)
        self.setAccessibleName(self.tr("Sidebar"))
        self.setMinimumWidth(200)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDragDropOverwriteMode(True)  # onto rows, never between them
        self.setDropIndicatorShown(False)  # the whole row is highlighted instead
        self.setAutoExpandDelay(700)  # a day held under the pointer opens on its sessions
        self.viewport().setAcceptDrops(True)
        self._drop_row = QPersistentModelIndex()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentChanged.connect(self._on_selection_current_changed)

    def expand_headers(self) -> None:
        model = self.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            self.expand(index)
            # Events open one level (their days), so sessions are a click away.
            for sub in range(model.rowCount(index)):
                child = model.index(sub, 0, index)
                if model.rowCount(child) and model.rowCount(child) < 12:
                    self.expand(child)

    def select_action(self, action: Any) -> None:
        """Select the node standing for ``action`` (after a rebuild)."""
        model = self.model()
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if index.data(Roles.Filter) == action:
                    self.selectionModel().blockSignals(True)
                    self.setCurrentIndex(index)
                    self.selectionModel().blockSignals(False)
                    return
                stack.append(index)

    # ------------------------------------------------------------------ drops

    @property
    def drop_row(self) -> QPersistentModelIndex:
        """The row highlighted as the target of the drag going on (invalid: none)."""
        return self._drop_row

    def _target(self, event: QDropEvent) -> QModelIndex:
        """The row under the pointer if it takes what ``event`` carries."""
        model = self.model()
        index = self.indexAt(event.position().toPoint()).siblingAtColumn(0)
        if not isinstance(model, SidebarModel) or not model.canDropMimeData(
            event.mimeData(), event.dropAction(), -1, -1, index
        ):
            return QModelIndex()
        return index

    def _highlight(self, index: QModelIndex) -> None:
        if self._drop_row != index:
            self._drop_row = QPersistentModelIndex(index)
            self.viewport().update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not event.mimeData().hasFormat(ITEM_IDS_MIME):
            event.ignore()  # files: the window imports them
            return
        model = self.model()
        if (
            not isinstance(model, SidebarModel)
            or dropped_ids(event.mimeData(), model.drop_key) is None
        ):
            event.ignore()  # read-only, or another archive's drawings
            return
        super().dragEnterEvent(event)  # the dragging state (auto-scroll, auto-expand)
        event.accept()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(ITEM_IDS_MIME):
            event.ignore()
            return
        super().dragMoveEvent(event)
        target = self._target(event)
        self._highlight(target)
        if target.isValid():
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept(self.visualRect(target))
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._highlight(QModelIndex())
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._highlight(QModelIndex())
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        if not event.mimeData().hasFormat(ITEM_IDS_MIME):
            event.ignore()
            return
        target = self._target(event)
        model = self.model()
        if not target.isValid() or not isinstance(model, SidebarModel):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        model.dropMimeData(event.mimeData(), Qt.DropAction.CopyAction, -1, -1, target)

    def drawRow(self, painter: QPainter, options: QStyleOptionViewItem, index: Index) -> None:
        if self._drop_row.isValid() and self._drop_row == index.sibling(index.row(), 0):
            color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            color.setAlpha(110)
            painter.fillRect(options.rect, color)
        super().drawRow(painter, options, index)

    def _on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        action = current.siblingAtColumn(0).data(Roles.Filter)
        if action is not None:
            self.action_chosen.emit(action)
