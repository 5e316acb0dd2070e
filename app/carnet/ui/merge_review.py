"""What the merge dialog shows before anything is written: the new drawings with their
pictures, the conflicts side by side, the people who may be one.

The pictures come from the source's originals — what the merge brings in, not a preview
someone else made, which could show another drawing. A source is untrusted: an original is
decoded as an import decodes it (a regular file, the format it was recorded with, within
the import's pixel limit, and here no heavier than ``MAX_BYTES`` nor, unless a JPEG, larger
than ``MAX_PIXELS``), small, on the application's pool, only for the rows on show; a
placeholder stands in until it arrives, and for good when it cannot be decoded.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

from carnet.media.derive import decode_upright
from carnet.media.metadata import open_image
from carnet.merge.package import SourceItem
from carnet.merge.plan import FieldChange, PersonProposal
from carnet.ui.conflict_names import field_name, place_name, value_text

_Index = QModelIndex | QPersistentModelIndex

#: The longest edge a new drawing is decoded at for the review: its cell's picture.
ICON = 96
#: An original heavier than this is not decoded for the review.
MAX_BYTES = 200 * 1024 * 1024
#: Nor one that is not a JPEG and has more pixels than this (a 40-megapixel scan takes a
#: second and hundreds of MB to decode whole; the import's limit is far higher).
MAX_PIXELS = 40_000_000


def source_picture(item: SourceItem) -> QImage:
    """The new drawing ``item`` small and upright, from its original; a null image when it
    has none or it cannot be decoded (damaged, too large, not what it says)."""
    path = item.original
    if path is None:
        return QImage()
    try:
        if path.stat().st_size > MAX_BYTES:
            return QImage()
        if item.format != "jpeg":  # decoded whole (a JPEG is shrunk as it is read)
            with open_image(path, item.format) as header:
                width, height = header.size
            if width * height > MAX_PIXELS:
                return QImage()
        orientation = item.values.get("orientation")
        image, _ = decode_upright(
            path, item.format, orientation if isinstance(orientation, int) else 1, 0, ICON
        )
        rgb = image.convert("RGB")
    except Exception:  # an untrusted file: whatever the decoder raises, no picture
        return QImage()
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


class _Signals(QObject):
    loaded = Signal(str, QImage)


class _PictureLoader(QRunnable):
    def __init__(self, item: SourceItem, signals: _Signals) -> None:
        super().__init__()
        self.item, self.signals = item, signals

    def run(self) -> None:
        self.signals.loaded.emit(self.item.hash, source_picture(self.item))


class SourcePictures(QObject):
    """Pictures of a source's new drawings, decoded in the background, newest request
    first, a bounded number kept."""

    picture_loaded = Signal(str)

    def __init__(
        self,
        *,
        workers: int = 2,
        capacity: int = 600,
        queue_limit: int = 200,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # The application's pool, as the grid's thumbnails: a pool of the dialog's own would
        # make closing it wait for the decodes under way.
        self.pool = QThreadPool.globalInstance()
        self.workers, self.capacity, self.queue_limit = workers, capacity, queue_limit
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._queue: OrderedDict[str, SourceItem] = OrderedDict()
        self._running: dict[str, _PictureLoader] = {}
        self._failed: set[str] = set()
        self._signals = _Signals()
        self._signals.loaded.connect(self._on_loader_loaded, Qt.ConnectionType.QueuedConnection)

    @property
    def idle(self) -> bool:
        return not self._queue and not self._running

    def pixmap(self, item: SourceItem) -> QPixmap | None:
        """The picture of ``item`` if loaded, else None (after asking for it)."""
        found = self._cache.get(item.hash)
        if found is not None:
            self._cache.move_to_end(item.hash)
            return found
        if item.hash not in self._failed and item.original is not None:
            self._request(item)
        return None

    def failed(self, item: SourceItem) -> bool:
        """Whether ``item`` has no picture to show (none in the source, or not decodable)."""
        return item.original is None or item.hash in self._failed

    def clear(self) -> None:
        """Forget the pictures and what is queued (a new dry run)."""
        self._queue.clear()
        self._cache.clear()
        self._failed.clear()

    def _request(self, item: SourceItem) -> None:
        if item.hash in self._running:
            return
        self._queue[item.hash] = item
        self._queue.move_to_end(item.hash)
        while len(self._queue) > self.queue_limit:
            self._queue.popitem(last=False)  # scrolled past long ago
        self._start_more()

    def _start_more(self) -> None:
        while self._queue and len(self._running) < self.workers:
            digest, item = self._queue.popitem(last=True)
            loader = _PictureLoader(item, self._signals)
            loader.setAutoDelete(False)
            self._running[digest] = loader
            self.pool.start(loader)

    def _on_loader_loaded(self, digest: str, image: QImage) -> None:
        self._running.pop(digest, None)
        if image.isNull():
            self._failed.add(digest)
        else:
            self._cache[digest] = QPixmap.fromImage(image)
            while len(self._cache) > self.capacity:
                self._cache.popitem(last=False)
        self.picture_loaded.emit(digest)
        self._start_more()


def _placeholder(broken: bool) -> QPixmap:
    pixmap = QPixmap(ICON, ICON * 3 // 4)
    pixmap.fill(QColor(236, 236, 236) if broken else QColor(214, 214, 214))
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor(150, 150, 150), 1))
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    if broken:
        painter.drawLine(0, 0, pixmap.width() - 1, pixmap.height() - 1)
        painter.drawLine(0, pixmap.height() - 1, pixmap.width() - 1, 0)
    painter.end()
    return pixmap


def item_name(item: SourceItem, first: str = "title") -> str:
    """How a drawing of the source is named in the review: its title (or ``first``), else
    its file name."""
    for key in (first, "original_name"):
        value = item.values.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:120]
    return item.hash[:12]


class NewItemModel(QAbstractListModel):
    """The plan's new drawings: name, picture (a placeholder until it is decoded)."""

    def __init__(self, pictures: SourcePictures, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[SourceItem] = []
        self.pictures = pictures
        self._row: dict[str, int] = {}
        self._loading = _placeholder(False)
        self._broken = _placeholder(True)
        pictures.picture_loaded.connect(self._on_pictures_picture_loaded)

    def set_items(self, items: list[SourceItem]) -> None:
        self.beginResetModel()
        self.pictures.clear()
        self.items = list(items)
        self._row = {item.hash: row for row, item in enumerate(self.items)}
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item_name(item)
        if role == Qt.ItemDataRole.DecorationRole:
            found = self.pictures.pixmap(item)
            if found is not None:
                return found
            return self._broken if self.pictures.failed(item) else self._loading
        if role == Qt.ItemDataRole.ToolTipRole:
            name = str(item.values.get("original_name") or item.hash[:12])
            if self.pictures.failed(item):
                return name + "\n" + self.tr("No picture: the original cannot be shown.")
            return name
        return None

    def _on_pictures_picture_loaded(self, digest: str) -> None:
        row = self._row.get(digest)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class ConflictModel(QAbstractTableModel):
    """The plan's conflicts: drawing, field, mine, theirs — side by side, the choice a
    check box in the column kept (mine by default: the archive's value stays)."""

    def __init__(self, conflicts: list[FieldChange], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.conflicts = conflicts
        self.theirs = [False] * len(conflicts)
        #: The drawings' names by hash; the archive's sessions' titles by their merge key.
        self.names: dict[str, str] = {}
        self.sessions: dict[str, str] = {}
        #: Who "theirs" is: the package's illustrator, or the source's name.
        self.who = ""

    def set_conflicts(
        self,
        conflicts: list[FieldChange],
        names: dict[str, str],
        who: str = "",
        sessions: dict[str, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.theirs = [False] * len(self.conflicts)
        self.names = names
        self.sessions = sessions or {}
        self.who = who
        self.endResetModel()

    def where(self, change: FieldChange) -> str:
        """The drawing a conflict is about, or the event or session of a cover or order."""
        if change.target is None:
            return self.names.get(change.hash) or str(change.item_id)
        return place_name(change.target, self.sessions)

    def value(self, change: FieldChange, value: Any) -> str:
        """A conflict's value as shown: drawings by name for a cover or an order."""
        return value_text(change.field, change.target, value, self.sessions, self.names)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 3 and self.who:
                return self.tr("Theirs (%1)").replace("%1", self.who)
            return [self.tr("Drawing"), self.tr("Field"), self.tr("Mine"), self.tr("Theirs")][
                section
            ]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self.conflicts[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return self.where(change)
            if column == 1:
                return field_name(change.field)
            value = self.value(change, change.mine if column == 2 else change.theirs)
            if role == Qt.ItemDataRole.DisplayRole:
                return value or "—"
            return value or self.tr("(empty)")
        if role == Qt.ItemDataRole.CheckStateRole and column in (2, 3):
            take = self.theirs[index.row()]
            checked = take if column == 3 else not take
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (2, 3):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() not in (2, 3):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.theirs[index.row()] = checked if index.column() == 3 else not checked
        row = index.row()
        self.dataChanged.emit(self.index(row, 2), self.index(row, 3))
        return True

    def choose_all(self, theirs: bool) -> None:
        self.theirs = [theirs] * len(self.conflicts)
        if self.conflicts:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.conflicts) - 1, 3))


class PeopleModel(QAbstractListModel):
    """Names of the source that may be an archive's person under another spelling: each
    kept apart unless ticked (never merged silently), ticked ones made one person under
    the archive's spelling."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.proposals: list[PersonProposal] = []
        self.accepted: list[bool] = []

    def set_proposals(self, proposals: list[PersonProposal]) -> None:
        self.beginResetModel()
        self.proposals = list(proposals)
        self.accepted = [False] * len(self.proposals)
        self.endResetModel()

    def same_people(self) -> list[tuple[str, str]]:
        """(their spelling, the archive's) of the ticked proposals."""
        return [
            (p.theirs, p.mine) for p, yes in zip(self.proposals, self.accepted, strict=True) if yes
        ]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.proposals)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        proposal = self.proposals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if proposal.why == "accents":
                text = self.tr("“%1” (theirs) and “%2” (yours): the same name but for accents")
            else:
                text = self.tr("“%1” (theirs) and “%2” (yours): a letter or two apart")
            return text.replace("%1", proposal.theirs).replace("%2", proposal.mine)
        if role == Qt.ItemDataRole.CheckStateRole:
            yes = self.accepted[index.row()]
            return Qt.CheckState.Checked if yes else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Ticked: one person, called “%1”. Not ticked: two people.").replace(
                "%1", proposal.mine
            )
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        self.accepted[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
