"""The grid's delegate: paints a card with the cached thumbnail and a one-line title.

It never decodes an image or queries the catalog: the row and its pixmap come from the
model (``ItemGridModel.cell``), already scaled and cached; a missing one is a quiet
placeholder.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen, QPolygon
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from carnet.ui.models import ItemGridModel

Index = QModelIndex | QPersistentModelIndex

SUGGESTED = QColor(214, 148, 40)


class ThumbnailDelegate(QStyledItemDelegate):
    """Cards of ``cell_size`` pixels: thumbnail, title, small marks for state."""

    def __init__(self, cell_size: int = 180, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell_size = cell_size

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(self.cell_size, self.cell_size + line + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = option.rect.adjusted(4, 4, -4, -4)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(60)
            painter.setBrush(highlight)
            painter.drawRoundedRect(rect, 6, 6)
        line = QFontMetrics(option.font).height()
        image_rect = QRect(
            rect.left() + 6, rect.top() + 6, rect.width() - 12, rect.height() - line - 14
        )
        # The model is ours and in Python: asked directly, once per cell. (Going through
        # ``QModelIndex.data`` also converts an empty QVariant to None on every call; on
        # PySide6 6.12 with Python 3.11 that path, hit thousands of times per scroll,
        # eventually crashed with "deallocating None".)
        model = index.model()
        assert isinstance(model, ItemGridModel)
        row, pixmap = model.cell(index.row())
        title = row.title if row is not None else ""
        suggested = row is not None and row.session_source == "auto"
        published = row is None or row.published
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.size().scaled(image_rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(image_rect.center())
            painter.drawPixmap(target, pixmap)
            frame = target
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.color(QPalette.ColorRole.Mid)).lighter(130))
            frame = image_rect.adjusted(
                image_rect.width() // 8,
                image_rect.height() // 8,
                -image_rect.width() // 8,
                -image_rect.height() // 8,
            )
            painter.drawRoundedRect(frame, 4, 4)
        if selected:
            painter.setPen(QPen(QColor(palette.color(QPalette.ColorRole.Highlight)), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame.adjusted(-1, -1, 1, 1))
        dot = None
        if suggested:
            dot = SUGGESTED
        elif not published:
            dot = QColor(palette.color(QPalette.ColorRole.Mid))
        if dot is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dot)
            painter.drawEllipse(frame.right() - 12, frame.top() + 4, 8, 8)
        if row is not None and row.id == model.cover_id:
            # The session's cover: a small bookmark at the top left corner.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.color(QPalette.ColorRole.Highlight)))
            x, y = frame.left() + 6, frame.top()
            painter.drawPolygon(
                QPolygon(
                    [
                        QPoint(x, y),
                        QPoint(x + 10, y),
                        QPoint(x + 10, y + 14),
                        QPoint(x + 5, y + 10),
                        QPoint(x, y + 14),
                    ]
                )
            )
        text_rect = QRect(rect.left() + 4, rect.bottom() - line - 4, rect.width() - 8, line)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        elided = QFontMetrics(option.font).elidedText(
            title, Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, elided
        )
        painter.restore()
