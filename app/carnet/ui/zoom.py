"""The viewer's canvas: one drawing at any scale, from fit to well past its last pixel.

Scales are of the corrected image at full resolution (1.0 is "100 %": one pixel of the
original, corrected, per pixel of the screen). Up to the preview's own resolution the
canvas paints the preview; past it, the deep-zoom tiles of the drawing (``media/tiles.py``,
the kit's IIIF tiles), at the level the scale needs, only those in sight, each read and
checked on the thread pool (``ImageCache``) and kept in a bounded cache: panning reads a
few small tiles, never the original. The tile set itself is asked for through
``deep_zoom_wanted`` the first time the view needs more than the preview has.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from carnet.media.tiles import TILE, TileSet, tile_name
from carnet.ui.thumbnails import ImageCache

#: The largest zoom: 800 %, each pixel of the original an 8-pixel square.
MAX_ZOOM = 8.0
_BACKGROUND = QColor(28, 28, 30)


class ZoomCanvas(QWidget):
    """Paints one drawing fitted or zoomed, and pans it with the mouse."""

    #: The view needs more pixels than the preview has, and no tile set is shown.
    deep_zoom_wanted = Signal()
    #: The scale or the place changed (the viewer shows the percentage).
    view_changed = Signal()

    def __init__(self, tiles: ImageCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = tiles
        tiles.image_loaded.connect(self._on_tiles_image_loaded)
        self.pixmap: QPixmap | None = None
        #: The long edge of the corrected image at full resolution.
        self.full_edge = 0
        self.tile_set: TileSet | None = None
        self.zoom: float | None = None  # None: fit the window
        self.center = QPointF(0, 0)  # the image point at the canvas's centre, when zoomed
        self._drag: QPointF | None = None
        self.setAccessibleName(self.tr("Preview"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # ------------------------------------------------------------------ contents

    def set_image(self, pixmap: QPixmap | None, full_edge: int = 0) -> None:
        """Show a new drawing, fitted: ``pixmap`` is its preview (or thumbnail for now),
        ``full_edge`` the long edge of the corrected image at full resolution."""
        self.pixmap = pixmap
        self.full_edge = full_edge
        self.tile_set = None
        self.fit()

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        """A better picture of the same drawing (the preview after the thumbnail): the view
        stays where it is."""
        self.pixmap = pixmap
        self._settle()

    def set_tile_set(self, tiles: TileSet) -> None:
        """The drawing's tiles: from now on its exact full size, and its pixels."""
        before = self.image_size()
        self.tile_set = tiles
        self.full_edge = max(tiles.width, tiles.height)
        after = self.image_size()
        if before.width() > 0:
            self.center = QPointF(
                self.center.x() * after.width() / before.width(),
                self.center.y() * after.height() / before.height(),
            )
        self.update()

    def image_size(self) -> QSizeF:
        """The corrected image's full size: the tiles', else the preview's shape at the
        full long edge (a preview being remade keeps its own shape a moment)."""
        if self.tile_set is not None:
            return QSizeF(self.tile_set.width, self.tile_set.height)
        if self.pixmap is None or self.pixmap.isNull():
            return QSizeF()
        w, h = self.pixmap.width(), self.pixmap.height()
        factor = max(1.0, self.full_edge / max(w, h))
        return QSizeF(w * factor, h * factor)

    def preview_scale(self) -> float:
        """How many preview pixels there are per full-size pixel."""
        size = self.image_size()
        if self.pixmap is None or size.isEmpty():
            return 1.0
        return self.pixmap.width() / size.width()

    # ------------------------------------------------------------------ scale

    def fit_scale(self) -> float:
        size = self.image_size()
        if size.isEmpty():
            return 1.0
        return min(self.width() / size.width(), self.height() / size.height(), 1.0)

    def scale(self) -> float:
        return self.zoom if self.zoom is not None else self.fit_scale()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.zoom_to(self.scale() * factor, anchor)

    def zoom_to(self, scale: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``scale``, keeping the image point under ``anchor`` (a point of the
        canvas, its centre by default) where it is."""
        if self.image_size().isEmpty():
            return
        fit = self.fit_scale()
        scale = min(MAX_ZOOM, scale)
        if scale <= fit:
            self.fit()
            return
        middle = QPointF(self.width() / 2, self.height() / 2)
        anchor = middle if anchor is None else anchor
        under = self.to_image(anchor)
        self.zoom = scale
        self.center = under - (anchor - middle) / scale
        self._settle()

    def fit(self) -> None:
        self.zoom = None
        size = self.image_size()
        self.center = QPointF(size.width() / 2, size.height() / 2)
        self._settle()

    def actual_size(self) -> None:
        """100 %: one pixel of the corrected original per pixel of the screen."""
        self.zoom_to(1.0)
        if self.zoom is None and not self.image_size().isEmpty():  # smaller than the window
            self.zoom = 1.0
            self._settle()

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the drawing by ``(dx, dy)`` canvas pixels."""
        if self.zoom is None:
            return
        self.center -= QPointF(dx, dy) / self.scale()
        self._settle()

    def to_image(self, point: QPointF) -> QPointF:
        """The image point (full-size pixels) under a point of the canvas."""
        middle = QPointF(self.width() / 2, self.height() / 2)
        return self.center + (point - middle) / self.scale()

    def _settle(self) -> None:
        """Keep the drawing on screen: centred along a side it does not fill, its edges at
        the canvas's edges along one it overflows."""
        size, scale = self.image_size(), self.scale()
        if self.zoom is None or size.isEmpty():
            self.center = QPointF(size.width() / 2, size.height() / 2)
        else:
            x, y = self.center.x(), self.center.y()
            for axis, (extent, room) in enumerate(
                ((size.width(), self.width()), (size.height(), self.height()))
            ):
                half = room / 2 / scale
                value = (x, y)[axis]
                value = extent / 2 if extent <= 2 * half else min(max(value, half), extent - half)
                x, y = (value, y) if axis == 0 else (x, value)
            self.center = QPointF(x, y)
        self.update()
        self.view_changed.emit()
        if (
            self.tile_set is None
            and self.pixmap is not None
            and scale * self.devicePixelRatioF() > self.preview_scale() * 1.01
        ):
            self.deep_zoom_wanted.emit()

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        size = self.image_size()
        if self.pixmap is None or self.pixmap.isNull() or size.isEmpty():
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        scale = self.scale()
        origin = QPointF(self.width() / 2, self.height() / 2) - self.center * scale
        target = QRectF(origin, size * scale)
        painter.drawPixmap(target, self.pixmap, QRectF(self.pixmap.rect()))
        if self.tile_set is not None and scale * self.devicePixelRatioF() > self.preview_scale():
            self._paint_tiles(painter, self.tile_set, origin, scale)

    def _paint_tiles(
        self, painter: QPainter, tiles: TileSet, origin: QPointF, scale: float
    ) -> None:
        """The tiles in sight at the level the scale needs (what is not loaded yet shows
        the next coarser level's tiles if loaded, else the preview below)."""
        factors = tiles.factors
        wanted = 1 / (scale * self.devicePixelRatioF())
        factor = max((f for f in factors if f <= wanted), default=1)
        left, top = max(0.0, -origin.x() / scale), max(0.0, -origin.y() / scale)
        right = min(float(tiles.width), (self.width() - origin.x()) / scale)
        bottom = min(float(tiles.height), (self.height() - origin.y()) / scale)
        if right <= left or bottom <= top:
            return
        levels = [f for f in (factor * 2, factor) if f in factors]
        for level in levels:
            span = TILE * level
            places = [
                (x, y)
                for y in range(int(top // span) * span, math.ceil(bottom), span)
                for x in range(int(left // span) * span, math.ceil(right), span)
            ]
            if level == factor:
                # Farthest first: the queue loads newest first, so the middle comes first.
                middle = self.center
                places.sort(key=lambda p: -math.hypot(p[0] + span / 2 - middle.x(),
                                                      p[1] + span / 2 - middle.y()))  # fmt: skip
            for x, y in places:
                key = str(tiles.tiles / tile_name(tiles.width, tiles.height, level, x, y))
                pixmap = self.tiles.pixmap(key) if level == factor else self.tiles.cached(key)
                if pixmap is None:
                    continue
                w = min(span, tiles.width - x)
                h = min(span, tiles.height - y)
                # Whole screen pixels at both edges: neighbouring tiles meet without a seam.
                x0, y0 = round(origin.x() + x * scale), round(origin.y() + y * scale)
                x1, y1 = round(origin.x() + (x + w) * scale), round(origin.y() + (y + h) * scale)
                painter.drawPixmap(QRectF(x0, y0, x1 - x0, y1 - y0), pixmap, QRectF(pixmap.rect()))

    def _on_tiles_image_loaded(self, key: str) -> None:
        if self.tile_set is not None and key.startswith(str(self.tile_set.tiles)):
            self.update()

    # ------------------------------------------------------------------ input

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom is None:
            self.fit()
        else:
            self._settle()

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Any wheel zooms (Ctrl or not), around the pointer; small steps (a touchpad's)
        # zoom a little: 120 units, one notch, is a fifth more.
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.2**steps, event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QNativeGestureEvent) and (
            event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1 + event.value(), event.position())
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and self.zoom is not None:
            delta = event.position() - self._drag
            self._drag = event.position()
            self.pan_by(delta.x(), delta.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
