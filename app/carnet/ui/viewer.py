"""The full-window viewer: fit, zoom and pan the preview, step through items, rotate.

The preview is decoded on the task pool; the canvas only paints the pixmap it was given.
Rotation is the catalog's non-destructive correction (an undoable ``RotateCommand``); the
preview is read again once the background re-derivation has rewritten it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from carnet.media.derive import PREVIEW_EDGE, read_derived
from carnet.ui.controller import ArchiveController
from carnet.ui.undo import RotateCommand

#: What the rotation buttons show, for ``Rotate left`` and ``Rotate right``.
ROTATION_ARROWS = {"left": "\u21b6", "right": "\u21b7"}


class PreviewCanvas(QWidget):
    """Paints one pixmap, fitted or zoomed, and pans it with the mouse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap: QPixmap | None = None
        self.zoom: float | None = None  # None: fit the window
        self.offset = QPointF(0, 0)
        self._drag: QPointF | None = None
        self.setAccessibleName(self.tr("Preview"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.pixmap = pixmap
        self.zoom = None
        self.offset = QPointF(0, 0)
        self.update()

    def fit_scale(self) -> float:
        if not self.pixmap or self.pixmap.isNull():
            return 1.0
        return min(self.width() / self.pixmap.width(), self.height() / self.pixmap.height(), 1.0)

    def scale(self) -> float:
        return self.zoom if self.zoom is not None else self.fit_scale()

    def zoom_by(self, factor: float) -> None:
        self.zoom = max(0.05, min(8.0, self.scale() * factor))
        self.update()

    def fit(self) -> None:
        self.zoom = None
        self.offset = QPointF(0, 0)
        self.update()

    def actual_size(self) -> None:
        self.zoom = 1.0
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(28, 28, 30))
        if not self.pixmap or self.pixmap.isNull():
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        scale = self.scale()
        w, h = self.pixmap.width() * scale, self.pixmap.height() * scale
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        if self.zoom is not None:
            target.translate(self.offset)
        painter.drawPixmap(target, self.pixmap, QRectF(self.pixmap.rect()))

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom_by(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and self.zoom is not None:
            self.offset += event.position() - self._drag
            self._drag = event.position()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None


class ViewerPanel(QWidget):
    """The viewer page of the main window's centre."""

    closed = Signal()
    #: The drawing on screen changed (the window selects it: edits go to what is seen).
    current_changed = Signal(int)

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ids: list[int] = []
        self.position = 0
        self._loading_hash: str | None = None
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(28, 28, 30))
        self.setPalette(palette)
        self.canvas = PreviewCanvas()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setStyleSheet("color: #e8e8e8; padding: 8px 24px;")
        self.caption.setAccessibleName(self.tr("Caption"))
        bar = QHBoxLayout()
        self.buttons: dict[str, QToolButton] = {}
        for key, label, slot in (
            ("previous", self.tr("Previous"), self.previous),
            ("next", self.tr("Next"), self.next),
            ("fit", self.tr("Fit"), self.canvas.fit),
            ("actual", self.tr("100 %"), self.canvas.actual_size),
            ("left", self.tr("Rotate left"), lambda: self.rotate(270)),
            ("right", self.tr("Rotate right"), lambda: self.rotate(90)),
            ("close", self.tr("Close"), self.close_viewer),
        ):
            button = QToolButton()
            # The rotations show an arrow (their name is the tooltip and what a screen
            # reader says): spelled out, the row is wider than the centre of a 1024-pixel
            # screen in French.
            button.setText(ROTATION_ARROWS.get(key, label))
            button.setToolTip(label)
            button.setAccessibleName(label)
            button.setAutoRaise(True)
            button.setStyleSheet("color: #e8e8e8;")
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
            if key == "next":
                bar.addStretch(1)
        self.counter = QLabel()
        self.counter.setStyleSheet("color: #a8a8a8;")
        bar.insertWidget(2, self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.caption)
        # What each key does, listed by Help → Keyboard shortcuts (``key_help``).
        shortcuts: list[
            tuple[str, list[QKeySequence | QKeySequence.StandardKey], Callable[[], object]]
        ] = [
            (
                self.tr("Next drawing"),
                [QKeySequence(Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_PageDown)],
                self.next,
            ),
            (
                self.tr("Previous drawing"),
                [QKeySequence(Qt.Key.Key_Left), QKeySequence(Qt.Key.Key_PageUp)],
                self.previous,
            ),
            (
                self.tr("Back to the grid"),
                [QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Space)],
                self.close_viewer,
            ),
            (
                self.tr("Zoom in"),
                [QKeySequence.StandardKey.ZoomIn, QKeySequence(Qt.Key.Key_Plus)],
                lambda: self.canvas.zoom_by(1.25),
            ),
            (
                self.tr("Zoom out"),
                [QKeySequence.StandardKey.ZoomOut, QKeySequence(Qt.Key.Key_Minus)],
                lambda: self.canvas.zoom_by(0.8),
            ),
            (self.tr("Fit"), [QKeySequence(Qt.Key.Key_0)], self.canvas.fit),
            (self.tr("Rotate right"), [QKeySequence(Qt.Key.Key_R)], lambda: self.rotate(90)),
            (self.tr("Rotate left"), [QKeySequence("Shift+R")], lambda: self.rotate(270)),
        ]
        self.key_help: list[tuple[str, list[QKeySequence]]] = []
        for description, sequences, activated in shortcuts:
            keys = []
            for sequence in sequences:
                shortcut = QShortcut(sequence, self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(activated)
                keys.append(shortcut.key())
            self.key_help.append((description, keys))
        controller.items_changed.connect(self._on_controller_items_changed)

    @property
    def current_id(self) -> int | None:
        return self.ids[self.position] if self.ids else None

    def show_items(self, ids: list[int], position: int) -> None:
        self.ids = ids
        self.position = max(0, min(position, len(ids) - 1))
        self._load()
        self.canvas.setFocus()

    def keep_only(self, shown: Collection[int]) -> None:
        """Step through the drawings of ``shown`` only (the grid's, after a trash or an edit
        took some out): stay on the drawing on screen if it is kept, else go on to the next
        one; close when none is left."""
        kept = [i for i in self.ids if i in shown]
        if kept == self.ids:
            return
        current = self.current_id
        following = [i for i in self.ids[self.position :] if i in shown]
        self.ids = kept
        if not kept:
            self.position = 0
            self.closed.emit()
            return
        landing = following[0] if following else kept[-1]
        self.position = kept.index(landing)
        if landing == current:
            self._show_position()
        else:
            self._load()

    def next(self) -> None:
        if self.position + 1 < len(self.ids):
            self.position += 1
            self._load()

    def previous(self) -> None:
        if self.position > 0:
            self.position -= 1
            self._load()

    def rotate(self, degrees: int) -> None:
        if self.current_id is not None:
            self.controller.push(RotateCommand(self.controller, [self.current_id], degrees))

    def close_viewer(self) -> None:
        self.closed.emit()

    def _load(self) -> None:
        item_id = self.current_id
        if item_id is None:
            self.canvas.set_pixmap(None)
            return
        item = self.controller.items([item_id])[0]
        self._show_position()
        text = f"<b>{_escape(item.title or item.original_name)}</b>"
        if item.caption:
            text += f"<br>{_escape(item.caption)}"
        self.caption.setText(text)
        path = self.controller.archive.paths.preview(item.hash)
        self._loading_hash = item.hash
        thumb = self.controller.thumbnails.pixmap(item.hash)
        if thumb is not None:
            self.canvas.set_pixmap(thumb)  # shown at once, replaced by the preview
        digest = item.hash

        def read() -> QImage:
            # Only a preview as Carnet writes them is decoded (the archive may be anyone's).
            data = read_derived(path, PREVIEW_EDGE)
            return QImage.fromData(data) if data is not None else QImage()

        def done(image: QImage) -> None:
            if self._loading_hash == digest and not image.isNull():
                self.canvas.set_pixmap(QPixmap.fromImage(image))

        self.controller.tasks.run(read, done)
        self.current_changed.emit(item_id)

    def _show_position(self) -> None:
        self.counter.setText(
            self.tr("%1 of %2")
            .replace("%1", str(self.position + 1))
            .replace("%2", str(len(self.ids)))
        )
        self.buttons["previous"].setEnabled(self.position > 0)
        self.buttons["next"].setEnabled(self.position + 1 < len(self.ids))

    def _on_controller_items_changed(self, ids: list[int]) -> None:
        if self.isVisible() and self.current_id in ids:
            self._load()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
