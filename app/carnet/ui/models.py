"""The grid's model: item ids plus a lazy, bounded cache of rows.

``ItemGridModel`` holds the ordered ids of the items on show (one cheap query) and fetches
rows a page at a time when a view asks for data, keeping at most ``cache_limit`` of them.
A 100,000-item archive therefore costs a list of ints, not 100,000 objects.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPixmap

from carnet.catalog.browse import GridRow
from carnet.ui.thumbnails import ThumbnailCache

Index = QModelIndex | QPersistentModelIndex
RowFetcher = Callable[[Sequence[int]], dict[int, GridRow]]
#: What a drag of drawings from the grid carries (to a new place in the grid, or onto a
#: session, a person or a tag in the sidebar): JSON with the archive's key and the ids.
ITEM_IDS_MIME = "application/x-carnet-items"


def items_mime(archive_key: str, ids: Sequence[int]) -> QMimeData:
    """The drag data of ``ids``, drawings of the archive known by ``archive_key``."""
    data = QMimeData()
    payload = {"archive": archive_key, "ids": list(ids)}
    data.setData(ITEM_IDS_MIME, json.dumps(payload).encode("utf-8"))
    return data


def dropped_ids(mime: QMimeData, archive_key: str) -> list[int] | None:
    """The ids a drag carries, if it comes from the archive ``archive_key``; None for
    anything else (another archive's drawings: the same ids are other drawings there)."""
    if not archive_key or not mime.hasFormat(ITEM_IDS_MIME):
        return None
    try:
        payload = json.loads(bytes(mime.data(ITEM_IDS_MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("archive") != archive_key:
        return None
    ids = payload.get("ids")
    if not isinstance(ids, list) or not all(type(i) is int for i in ids):
        return None
    return ids


def _runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted ``positions`` as runs of neighbours: (first, last) each."""
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and position == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    return runs


class Roles(IntEnum):
    """The custom data roles of Carnet's models (one enum for all)."""

    ItemId = Qt.ItemDataRole.UserRole + 1
    Hash = Qt.ItemDataRole.UserRole + 2
    Thumbnail = Qt.ItemDataRole.UserRole + 3
    Title = Qt.ItemDataRole.UserRole + 4
    CapturedAt = Qt.ItemDataRole.UserRole + 5
    Published = Qt.ItemDataRole.UserRole + 6
    Suggested = Qt.ItemDataRole.UserRole + 7
    Snippet = Qt.ItemDataRole.UserRole + 8
    Filter = Qt.ItemDataRole.UserRole + 9
    Count = Qt.ItemDataRole.UserRole + 10
    Missing = Qt.ItemDataRole.UserRole + 11
    Cover = Qt.ItemDataRole.UserRole + 12


class ItemGridModel(QAbstractListModel):
    """A list model over item ids with a lazy row cache; thumbnails come from the cache."""

    PAGE = 120
    #: Rows from which ``refresh`` signals only those that were cached (see there).
    SPAN_LIMIT = 5000

    def __init__(
        self,
        fetch_rows: RowFetcher,
        thumbnails: ThumbnailCache | None,
        *,
        cache_limit: int = 1500,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._thumbnails = thumbnails
        self.cache_limit = cache_limit
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._rows: OrderedDict[int, GridRow] = OrderedDict()
        self._ids_by_hash: dict[str, int] = {}
        self._snippets: dict[int, str] = {}
        self.cover_id: int | None = None
        #: Whether cells can be dropped at a new place (a session shown in its order).
        self.reorderable = False
        #: Says which archive dragged drawings come from (``dropped_ids``).
        self.archive_key = ""
        if thumbnails is not None:
            thumbnails.image_loaded.connect(self._on_thumbnails_image_loaded)

    # ------------------------------------------------------------------ contents

    @property
    def ids(self) -> list[int]:
        return self._ids

    @property
    def cached_rows(self) -> int:
        return len(self._rows)

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._rows.clear()
        self._ids_by_hash.clear()
        self.endResetModel()

    def set_snippets(self, snippets: dict[int, str], machine_read: Iterable[int] = ()) -> None:
        """The search's snippets by item; ``machine_read``: the items found only in their
        machine-read text, whose tooltip says so."""
        self._snippets = dict(snippets)
        note = self.tr("Found only in the machine-read text:")
        for item_id in machine_read:
            if item_id in self._snippets:
                self._snippets[item_id] = f"<i>{note}</i><br>{self._snippets[item_id]}"

    def set_cover(self, item_id: int | None) -> None:
        """Mark ``item_id`` as the cover of the session on show (``None``: no mark)."""
        if item_id == self.cover_id:
            return
        before, self.cover_id = self.cover_id, item_id
        for changed in (before, item_id):
            position = self.row_of(changed) if changed is not None else None
            if position is not None:
                index = self.index(position)
                self.dataChanged.emit(index, index, [Roles.Cover])

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def cell(self, position: int) -> tuple[GridRow | None, QPixmap | None]:
        """What the grid's delegate paints at ``position``: the row and its thumbnail.

        One call where ``data()`` would take four: a scroll step repaints twenty cells and
        more, and each trip through the model costs.
        """
        if not 0 <= position < len(self._ids):
            return None, None
        row = self._row(position)
        if row is None or self._thumbnails is None:
            return row, None
        return row, self._thumbnails.pixmap(row.hash)

    def row_of(self, item_id: int) -> int | None:
        if self._row_of is None:  # built on demand: most views never need it
            self._row_of = {item_id: row for row, item_id in enumerate(self._ids)}
        return self._row_of.get(item_id)

    def refresh(self, ids: Iterable[int]) -> None:
        """Drop the cached rows of ``ids`` and repaint them (after an edit).

        One ``dataChanged`` over the rows they span, not one each: a batch edit of 10,000
        drawings emitted 10,000 signals on the GUI thread (``bench_gui_writes.py --gui``);
        the view repaints only what is on screen either way. Over ``SPAN_LIMIT`` rows, the
        grid's view still visits each row of the span (110 ms for 100,000): then only the
        rows that were cached are signalled, in runs, since a row not cached is read
        afresh when it is next painted.
        """
        ids = list(ids)
        if not ids:
            return
        cached = self._rows.keys() & set(ids)  # the few cached, of thousands
        for item_id in cached:
            row = self._rows.pop(item_id)
            self._ids_by_hash.pop(row.hash, None)
        self.row_of(ids[0])  # builds the map of rows, once
        row_of = self._row_of or {}
        positions = [p for p in map(row_of.get, ids) if p is not None]
        if not positions:
            return
        first, last = min(positions), max(positions)
        if last - first < self.SPAN_LIMIT:
            self.dataChanged.emit(self.index(first), self.index(last))
            return
        for start, end in _runs(sorted(p for p in map(row_of.get, cached) if p is not None)):
            self.dataChanged.emit(self.index(start), self.index(end))

    # ------------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # Drawings can always be dragged: onto the sidebar, and within a session's order.
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [ITEM_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged items' ids, in grid order, with the archive they belong to."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return items_mime(self.archive_key, [self._ids[r] for r in rows])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        item_id = self._ids[index.row()]
        if role == Roles.ItemId:
            return item_id
        if role == Roles.Cover:
            return item_id == self.cover_id
        row = self._row(index.row())
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Roles.Title):
            return row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.title
        if role == Roles.Thumbnail:
            return self._thumbnails.pixmap(row.hash) if self._thumbnails is not None else None
        if role == Roles.Missing:
            return self._thumbnails is not None and self._thumbnails.is_missing(row.hash)
        if role == Roles.Hash:
            return row.hash
        if role == Roles.CapturedAt:
            return row.captured_at
        if role == Roles.Published:
            return row.published
        if role == Roles.Suggested:
            return row.session_source == "auto"
        if role == Roles.Snippet:
            return self._snippets.get(item_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            snippet = self._snippets.get(item_id)
            title = row.title.replace("&", "&amp;").replace("<", "&lt;")
            return f"<b>{title}</b><br>{snippet}" if snippet else title
        return None

    # ------------------------------------------------------------------ cache

    def _row(self, position: int) -> GridRow | None:
        item_id = self._ids[position]
        row = self._rows.get(item_id)
        if row is not None:
            self._rows.move_to_end(item_id)
            return row
        # Fetch the page around the row: a view asks for its neighbours next.
        start = max(0, position - self.PAGE // 4)
        page = [i for i in self._ids[start : start + self.PAGE] if i not in self._rows]
        fetched = self._fetch_rows(page)
        for fetched_id in page:
            found = fetched.get(fetched_id)
            if found is not None:
                self._rows[fetched_id] = found
                self._ids_by_hash[found.hash] = fetched_id
        while len(self._rows) > self.cache_limit:
            _, old = self._rows.popitem(last=False)
            self._ids_by_hash.pop(old.hash, None)
        return self._rows.get(item_id)

    def _on_thumbnails_image_loaded(self, digest: str) -> None:
        item_id = self._ids_by_hash.get(digest)
        if item_id is None:
            return
        position = self.row_of(item_id)
        if position is not None:
            index = self.index(position)
            self.dataChanged.emit(index, index, [Roles.Thumbnail])
