"""The viewer's correction mode: straighten a drawing by its board's four corners and an
angle, crop it by dragging a rectangle, then Apply (one undoable step), Reset or Cancel.

The editor shows the upright original (no correction), decoded once on the pool at preview
size; the same decode is searched for the board (``catalog.corrections.board_corners``),
whose corners are the proposal the handles start from when the drawing has none yet.
Corners are kept in pixels of the full-size original, as the catalog and
``carnet item correct --corners`` take them.

"Before" shows that original with the corners to drag; "After" (Before/After, or \\ as in
Lightroom) shows the corrected result with the crop rectangle, whose sides are fractions of
the corrected image, as the stored crop is. The result is a live preview: the perspective
is warped from the preview-sized decode on the pool (one warp at a time, the latest asked
for next, the ones in between never made), the angle is a turn of the painter and the
crop a rectangle over it, so nothing heavier than painting runs on the GUI thread. While a
corner is dragged, the result shows in a corner of the "Before" view.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.corrections import board_corners, upright_original
from carnet.catalog.items import Item
from carnet.errors import CarnetError
from carnet.media.corrections import (
    Corrections,
    Point,
    parse_corrections,
    rotated_size,
    warp_preview,
)
from carnet.media.derive import PREVIEW_EDGE
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say

_NONE = object()  # no warp waiting
#: The live result's long side: more than the canvas shows on a large screen, and a
#: quarter of the pixels of a warp at preview size (a quarter of the time).
RESULT_EDGE = 1280
_HANDLE = 9  # radius of a corner handle, in pixels of the screen
_GRAB = 16  # how near a press must be to take a handle


class CornerCanvas(QWidget):
    """The upright original, fitted, with the four corners to drag."""

    corners_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.full_size = (0, 0)
        self.corners: list[QPointF] = []  # full-size pixels, TL, TR, BR, BL
        self.active = True  # whether the corners are applied (else drawn faint)
        self._held: int | None = None
        #: The live result (``ResultCanvas``'s), shown in a corner while a corner is held.
        self.result: QImage | None = None
        self.result_angle = 0.0
        self.result_crop: QRectF | None = None
        self.setAccessibleName(self.tr("Board corners"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)

    def set_image(self, image: QImage, full_size: tuple[int, int]) -> None:
        self.image, self.full_size = image, full_size
        self.update()

    def _scale(self) -> float:
        """Screen pixels per full-size pixel."""
        if not self.full_size[0]:
            return 1.0
        room_w, room_h = self.width() - 2 * _GRAB, self.height() - 2 * _GRAB
        return max(1e-6, min(room_w / self.full_size[0], room_h / self.full_size[1]))

    def _origin(self) -> QPointF:
        scale = self._scale()
        return QPointF(
            (self.width() - self.full_size[0] * scale) / 2,
            (self.height() - self.full_size[1] * scale) / 2,
        )

    def to_screen(self, point: QPointF) -> QPointF:
        return self._origin() + point * self._scale()

    def to_full(self, point: QPointF) -> QPointF:
        return (point - self._origin()) / self._scale()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(28, 28, 30))
        if self.image is None:
            painter.setPen(QColor(200, 200, 200))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Loading…"))
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = self._scale()
        target = QRectF(self._origin(), QPointF(self.full_size[0], self.full_size[1]) * scale
                        + self._origin())  # fmt: skip
        painter.drawImage(target, self.image, QRectF(self.image.rect()))
        if len(self.corners) != 4:
            return
        points = [self.to_screen(p) for p in self.corners]
        quad = QPainterPath()
        quad.moveTo(points[0])
        for p in points[1:]:
            quad.lineTo(p)
        quad.closeSubpath()
        if self.active:  # what is left out is dimmed
            outside = QPainterPath()
            outside.addRect(target)
            painter.fillPath(outside.subtracted(quad), QColor(0, 0, 0, 120))
        colour = QColor(255, 200, 0) if self.active else QColor(200, 200, 200, 160)
        painter.setPen(QPen(QColor(0, 0, 0), 4))
        painter.drawPath(quad)
        painter.setPen(QPen(colour, 2))
        painter.drawPath(quad)
        for k, p in enumerate(points):
            painter.setBrush(colour if k != self._held else QColor(255, 255, 255))
            painter.setPen(QPen(QColor(0, 0, 0), 2))
            painter.drawEllipse(p, _HANDLE, _HANDLE)
        if self._held is not None:
            self._paint_result(painter, self._held)

    def result_place(self, held: int) -> QRectF:
        """Where the live result shows while corner ``held`` is dragged: a third of the
        canvas, in the corner opposite that one (never over the handle in the hand)."""
        width, height = self.width() / 3, self.height() / 3
        corner = (held + 2) % 4  # 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left
        x = 8.0 if corner in (0, 3) else self.width() - width - 8
        y = 8.0 if corner in (0, 1) else self.height() - height - 8
        return QRectF(x, y, width, height)

    def _paint_result(self, painter: QPainter, held: int) -> None:
        if self.result is None or self.result.isNull():
            return
        turned = rotated_size((self.result.width(), self.result.height()), self.result_angle)
        box = _fit(QSizeF(*turned), self.result_place(held))
        painter.fillRect(box.adjusted(-3, -3, 3, 3), QColor(28, 28, 30))
        paint_result(painter, box, self.result, self.result_angle, self.result_crop)
        painter.setPen(QPen(QColor(255, 200, 0), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        near = [
            (abs((self.to_screen(p) - position).manhattanLength()), k)
            for k, p in enumerate(self.corners)
        ]
        best = min(near, default=None)
        self._held = best[1] if best is not None and best[0] <= 2 * _GRAB else None
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._held is None:
            return
        point = self.to_full(event.position())
        width, height = self.full_size
        self.corners[self._held] = QPointF(
            min(max(point.x(), 0.0), width), min(max(point.y(), 0.0), height)
        )
        self.active = True
        self.corners_changed.emit()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._held = None
        self.update()

    @property
    def held(self) -> int | None:
        """The corner in the hand (0 top-left … 3 bottom-left), None when none is."""
        return self._held


#: The crop's sides, in the order E (and Shift+E) selects them for the arrow keys.
EDGES = ("left", "top", "right", "bottom")
_FULL = QRectF(0.0, 0.0, 1.0, 1.0)
_MIN_SIDE = 0.01  # the smallest crop the catalog takes: 1 % of a side


def paint_result(
    painter: QPainter, box: QRectF, image: QImage, angle: float, crop: QRectF | None
) -> None:
    """Paint the corrected result into ``box`` (the turned image's bounding box on
    screen): ``image`` (the perspective-corrected preview) turned ``angle`` degrees
    clockwise on white, as the correction makes it, and what ``crop`` (fractions of the
    box) leaves out dimmed."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.fillRect(box, QColor(255, 255, 255))
    painter.setClipRect(box)
    turned = rotated_size((image.width(), image.height()), angle)
    scale = box.width() / max(1e-6, turned[0])
    painter.translate(box.center())
    painter.rotate(angle)
    painter.scale(scale, scale)
    painter.drawImage(
        QRectF(-image.width() / 2, -image.height() / 2, image.width(), image.height()), image
    )
    painter.restore()
    if crop is not None and crop != _FULL:
        shown = _on_box(crop, box)
        outside = QPainterPath()
        outside.addRect(box)
        inside = QPainterPath()
        inside.addRect(shown)
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 140))


def _on_box(fractions: QRectF, box: QRectF) -> QRectF:
    return QRectF(
        box.x() + fractions.x() * box.width(),
        box.y() + fractions.y() * box.height(),
        fractions.width() * box.width(),
        fractions.height() * box.height(),
    )


def _fit(size: QSizeF, room: QRectF) -> QRectF:
    """``size`` scaled to fit ``room``, centred in it."""
    if size.isEmpty():
        return QRectF()
    scale = min(room.width() / size.width(), room.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF(
        room.x() + (room.width() - width) / 2, room.y() + (room.height() - height) / 2,
        width, height,
    )  # fmt: skip


class ResultCanvas(QWidget):
    """ "After": the corrected drawing, live, with the crop rectangle to draw by dragging,
    to adjust by its handles (Shift keeps its ratio) or from the keyboard (E selects a
    side, the arrows move it; Shift for bigger steps)."""

    crop_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None  # the perspective-corrected preview, not turned
        self.angle = 0.0
        self.crop = QRectF(_FULL)  # fractions of the turned image's bounding box
        self.selected = "left"  # the side the arrow keys move
        #: While the mouse drags: what (new, move, or the sides held), where it was
        #: pressed, the crop then (screen), and that crop's width / height.
        self._drag: tuple[str, tuple[str, ...], QPointF, QRectF, float] | None = None
        self.setAccessibleName(self.tr("Crop"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)

    # ------------------------------------------------------------------ geometry

    def box(self) -> QRectF:
        """The turned image's bounding box on screen."""
        if self.image is None or self.image.isNull():
            return QRectF()
        width, height = rotated_size((self.image.width(), self.image.height()), self.angle)
        room = QRectF(self.rect()).adjusted(_GRAB, _GRAB, -_GRAB, -_GRAB)
        return _fit(QSizeF(width, height), room)

    def crop_on_screen(self) -> QRectF:
        return _on_box(self.crop, self.box())

    def set_crop_on_screen(self, rect: QRectF) -> None:
        box = self.box()
        if box.isEmpty():
            return
        rect = rect.normalized().intersected(box)
        x = (rect.x() - box.x()) / box.width()
        y = (rect.y() - box.y()) / box.height()
        self.set_crop(QRectF(x, y, rect.width() / box.width(), rect.height() / box.height()))

    def set_crop(self, fractions: QRectF) -> None:
        """Crop to ``fractions`` (of the bounding box), kept inside it and no smaller than
        the catalog takes."""
        x = min(max(fractions.x(), 0.0), 1.0 - _MIN_SIDE)
        y = min(max(fractions.y(), 0.0), 1.0 - _MIN_SIDE)
        width = min(max(fractions.width(), _MIN_SIDE), 1.0 - x)
        height = min(max(fractions.height(), _MIN_SIDE), 1.0 - y)
        crop = QRectF(x, y, width, height)
        if crop != self.crop:
            self.crop = crop
            self.crop_changed.emit()
        self.update()

    def crop_fractions(self) -> tuple[float, float, float, float] | None:
        """The crop as the catalog stores it, None for the whole image."""
        crop = self.crop
        values = [round(v, 6) for v in (crop.x(), crop.y(), crop.width(), crop.height())]
        if values == [0.0, 0.0, 1.0, 1.0]:
            return None
        x, y, width, height = values
        return x, y, width, height

    def _handles(self) -> list[tuple[tuple[str, ...], QPointF]]:
        r = self.crop_on_screen()
        middle = r.center()
        return [
            (("left", "top"), r.topLeft()),
            (("right", "top"), r.topRight()),
            (("right", "bottom"), r.bottomRight()),
            (("left", "bottom"), r.bottomLeft()),
            (("top",), QPointF(middle.x(), r.top())),
            (("right",), QPointF(r.right(), middle.y())),
            (("bottom",), QPointF(middle.x(), r.bottom())),
            (("left",), QPointF(r.left(), middle.y())),
        ]

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(28, 28, 30))
        if self.image is None or self.image.isNull():
            painter.setPen(QColor(200, 200, 200))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Loading…"))
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_result(painter, self.box(), self.image, self.angle, self.crop)
        shown = self.crop_on_screen()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0), 4))
        painter.drawRect(shown)
        painter.setPen(QPen(QColor(255, 200, 0), 2))
        painter.drawRect(shown)
        if self.hasFocus():  # the side the arrow keys move
            line = {
                "left": (shown.topLeft(), shown.bottomLeft()),
                "top": (shown.topLeft(), shown.topRight()),
                "right": (shown.topRight(), shown.bottomRight()),
                "bottom": (shown.bottomLeft(), shown.bottomRight()),
            }[self.selected]
            painter.setPen(QPen(QColor(255, 255, 255), 4))
            painter.drawLine(*line)
        painter.setPen(QPen(QColor(0, 0, 0), 2))
        painter.setBrush(QColor(255, 200, 0))
        half = _HANDLE * 0.7
        for _sides, point in self._handles():
            painter.drawRect(QRectF(point.x() - half, point.y() - half, 2 * half, 2 * half))

    # ------------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        box = self.box()
        if box.isEmpty() or event.button() != Qt.MouseButton.LeftButton:
            return
        position = event.position()
        start = self.crop_on_screen()
        ratio = start.width() / max(1e-6, start.height())
        near = [((point - position).manhattanLength(), sides) for sides, point in self._handles()]
        distance, sides = min(near)
        if distance <= _GRAB:
            self.selected = sides[0]
            self._drag = ("sides", sides, position, start, ratio)
        elif start.contains(position) and self.crop != _FULL:  # no crop yet: draw one
            self._drag = ("move", (), position, start, ratio)
        else:
            anchor = _clamp(position, box)
            self._drag = ("new", (), anchor, start, ratio)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        kind, sides, pressed, start, ratio = self._drag
        box = self.box()
        point = _clamp(event.position(), box)
        keep_ratio = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if kind == "move":
            moved = start.translated(point - pressed)
            moved.moveLeft(min(max(moved.left(), box.left()), box.right() - moved.width()))
            moved.moveTop(min(max(moved.top(), box.top()), box.bottom() - moved.height()))
            rect = moved
        elif kind == "new" or len(sides) == 2:
            anchor = pressed
            if kind == "sides":  # a corner: the rectangle from the opposite corner
                anchor = QPointF(
                    start.right() if "left" in sides else start.left(),
                    start.bottom() if "top" in sides else start.top(),
                )
            rect = _from_anchor(anchor, point, box, ratio if keep_ratio else None)
        else:
            rect = QRectF(start)
            side = sides[0]
            if side == "left":
                rect.setLeft(point.x())
            elif side == "right":
                rect.setRight(point.x())
            elif side == "top":
                rect.setTop(point.y())
            else:
                rect.setBottom(point.y())
            rect = rect.normalized()
            if keep_ratio:  # the other way grows about the middle
                centre = rect.center()
                if side in ("left", "right"):
                    height = min(rect.width() / ratio, box.height())
                    rect.setTop(centre.y() - height / 2)
                    rect.setHeight(height)
                else:
                    width = min(rect.height() * ratio, box.width())
                    rect.setLeft(centre.x() - width / 2)
                    rect.setWidth(width)
                rect.moveTop(min(max(rect.top(), box.top()), box.bottom() - rect.height()))
                rect.moveLeft(min(max(rect.left(), box.left()), box.right() - rect.width()))
        if kind == "new" and (rect.width() < 4 or rect.height() < 4):
            return  # not a rectangle yet: a click keeps the crop there is
        self.set_crop_on_screen(rect)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        self.update()

    def cancel_drag(self) -> bool:
        """Esc while dragging: the crop goes back to what it was; False if no drag."""
        if self._drag is None:
            return False
        start = self._drag[3]
        self._drag = None
        self.set_crop_on_screen(start)
        return True

    # ------------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_E:
            step = -1 if shift else 1
            self.selected = EDGES[(EDGES.index(self.selected) + step) % len(EDGES)]
            self.update()
            return
        moves = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key not in moves:
            super().keyPressEvent(event)
            return
        self.nudge(*moves[Qt.Key(key)], pixels=10 if shift else 1)

    def nudge(self, dx: int, dy: int, pixels: int = 1) -> None:
        """Move the selected side by ``pixels`` screen pixels along its own axis (an arrow
        across it does nothing)."""
        box = self.box()
        if box.isEmpty():
            return
        rect = QRectF(self.crop)
        step_x, step_y = pixels * dx / box.width(), pixels * dy / box.height()
        if self.selected == "left" and dx:
            rect.setLeft(min(max(rect.left() + step_x, 0.0), rect.right() - _MIN_SIDE))
        elif self.selected == "right" and dx:
            rect.setRight(max(min(rect.right() + step_x, 1.0), rect.left() + _MIN_SIDE))
        elif self.selected == "top" and dy:
            rect.setTop(min(max(rect.top() + step_y, 0.0), rect.bottom() - _MIN_SIDE))
        elif self.selected == "bottom" and dy:
            rect.setBottom(max(min(rect.bottom() + step_y, 1.0), rect.top() + _MIN_SIDE))
        self.set_crop(rect)


def _clamp(point: QPointF, box: QRectF) -> QPointF:
    return QPointF(
        min(max(point.x(), box.left()), box.right()), min(max(point.y(), box.top()), box.bottom())
    )


def _from_anchor(anchor: QPointF, point: QPointF, box: QRectF, ratio: float | None) -> QRectF:
    """The rectangle from ``anchor`` towards ``point``, of width / height ``ratio`` when
    given (as large as the pointer asks, then shrunk to stay in ``box``)."""
    dx, dy = point.x() - anchor.x(), point.y() - anchor.y()
    width, height = abs(dx), abs(dy)
    if ratio is not None:
        if width >= height * ratio:
            height = width / ratio
        else:
            width = height * ratio
        room_x = box.right() - anchor.x() if dx >= 0 else anchor.x() - box.left()
        room_y = box.bottom() - anchor.y() if dy >= 0 else anchor.y() - box.top()
        shrink = min(1.0, room_x / max(width, 1e-6), room_y / max(height, 1e-6))
        width, height = width * shrink, height * shrink
    x = anchor.x() if dx >= 0 else anchor.x() - width
    y = anchor.y() if dy >= 0 else anchor.y() - height
    return QRectF(x, y, width, height)


class CorrectionEditor(QWidget):
    """Correction mode: the bar of controls over the corner canvas ("Before") or the
    live result with its crop ("After")."""

    #: The corrections to store (the viewer pushes them as one undoable command).
    applied = Signal(object)
    cancelled = Signal()

    def __init__(self, controller: ArchiveController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.item: Item | None = None
        self.proposal: tuple[Point, Point, Point, Point] | None = None
        self.loaded = False
        self.canvas = CornerCanvas()
        self.canvas.corners_changed.connect(self._on_canvas_corners_changed)
        self.result = ResultCanvas()
        self.result.crop_changed.connect(self._on_result_crop_changed)
        self.views = QStackedWidget()
        self.views.addWidget(self.canvas)
        self.views.addWidget(self.result)
        self._source: Image.Image | None = None  # the upright decode the preview warps
        #: The live preview's warps: one on the pool at a time; the corners asked for
        #: meanwhile wait here, each request replacing the one before (``_NONE``: none).
        self._warping = False
        self._waiting: object = _NONE
        self.warps = 0  # warps made since the start (the tests count them)
        self.after_button = QPushButton(self.tr("&Before/After"))
        self.after_button.setCheckable(True)
        self.after_button.setToolTip(
            self.tr("Show the drawing as corrected, with its crop, or as it is (\\)")
        )
        self.after_button.toggled.connect(self._on_after_button_toggled)
        self.perspective = QCheckBox(self.tr("&Perspective"))
        self.perspective.setToolTip(self.tr("Straighten the board by its four corners"))
        self.perspective.toggled.connect(self._on_perspective_toggled)
        self.find_button = QPushButton(self.tr("&Find corners"))
        self.find_button.clicked.connect(self.use_proposal)
        self.angle = QDoubleSpinBox()
        self.angle.setRange(-180.0, 180.0)
        self.angle.setDecimals(1)
        self.angle.setSingleStep(0.1)
        self.angle.setSuffix(" °")
        self.angle.setWrapping(True)
        self.angle.setAccessibleName(self.tr("Angle"))
        self.angle.valueChanged.connect(self._on_angle_value_changed)
        angle_label = QLabel(self.tr("&Angle"))
        angle_label.setBuddy(self.angle)
        self.reset_button = QPushButton(self.tr("&Reset"))
        self.reset_button.clicked.connect(self.reset)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancelled.emit)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        self.status = QLabel()
        self.status.setStyleSheet("color: #e8e8e8;")
        self.status.setWordWrap(True)
        # Two rows: one is wider than the centre of a netbook's screen in French.
        tools, actions = QHBoxLayout(), QHBoxLayout()
        for widget in (self.perspective, self.find_button, angle_label, self.angle):
            tools.addWidget(widget)
        tools.addStretch(1)
        actions.addWidget(self.status, 1)
        # Before/After here: on the first row it would be the widest in French.
        for widget in (self.after_button, self.reset_button, self.cancel_button, self.apply_button):
            actions.addWidget(widget)
        for widget in (self.perspective, angle_label):
            widget.setStyleSheet("color: #e8e8e8;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        layout.addLayout(actions)
        layout.addWidget(self.views, 1)
        # What each key does here, listed by Help → Keyboard shortcuts with the viewer's.
        self.key_help: list[tuple[str, list[QKeySequence]]] = []
        for description, keys, slot in (
            (self.tr("Apply the correction"), (Qt.Key.Key_Return, Qt.Key.Key_Enter), self.apply),
            (self.tr("Cancel the correction"), (Qt.Key.Key_Escape,), self._on_escape),
            (
                self.tr("Show before or after the correction"),
                (Qt.Key.Key_Backslash,),
                self.after_button.toggle,
            ),
        ):
            sequences = []
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                sequences.append(shortcut.key())
            self.key_help.append((description, sequences))
        # Keys of the crop itself (After), which its canvas reads.
        self.key_help += [
            (self.tr("Select the next side of the crop"), [QKeySequence("E")]),
            (
                self.tr("Move the selected side of the crop (Shift: further)"),
                [QKeySequence(k) for k in (Qt.Key.Key_Left, Qt.Key.Key_Right,
                                           Qt.Key.Key_Up, Qt.Key.Key_Down)],
            ),
        ]  # fmt: skip

    # ------------------------------------------------------------------ session

    def start(self, item: Item) -> None:
        """Edit ``item``'s corrections: its original is decoded and searched on the pool."""
        self.item, self.proposal, self.loaded = item, None, False
        self.canvas.image, self.canvas.corners = None, []
        self.canvas.result, self.result.image, self._source = None, None, None
        self.after_button.setChecked(False)
        crop = item.corrections.crop
        self.result.crop = QRectF(*crop) if crop is not None else QRectF(_FULL)
        self.status.setText(self.tr("Looking for the board's corners…"))
        self.angle.setValue(_signed(item.corrections.rotate))
        for control in (self.perspective, self.find_button, self.apply_button, self.after_button):
            control.setEnabled(False)
        self.canvas.update()
        archive = self.controller.archive

        Loaded = tuple[
            Image.Image, QImage, tuple[int, int], tuple[Point, Point, Point, Point] | None
        ]

        def work() -> Loaded:
            image, size = upright_original(archive, item, PREVIEW_EDGE)
            rgb = image.convert("RGB")
            return rgb, _qimage(rgb), size, board_corners(rgb, size)

        def done(result: Loaded) -> None:
            if self.item is not item:
                return
            source, image, size, proposal = result
            self._source = source
            self.canvas.set_image(image, size)
            self.proposal, self.loaded = proposal, True
            self.perspective.setEnabled(True)
            self.apply_button.setEnabled(True)
            self.after_button.setEnabled(True)
            self.find_button.setEnabled(proposal is not None)
            if item.corrections.corners is not None:
                self._show_corners(item.corrections.corners, active=True)
                self.status.setText(self.tr("Drag the corners onto the board's corners."))
            elif proposal is not None:
                self._show_corners(proposal, active=True)
                self.status.setText(
                    self.tr("Board found: drag the corners to adjust them, then Apply.")
                )
            else:
                width, height = size
                whole = ((0.0, 0.0), (width, 0.0), (width, height), (0.0, height))
                self._show_corners(whole, active=False)
                self.status.setText(self.tr("No board found: drag the corners onto the board."))
            self.request_preview()
            self.canvas.setFocus()

        def failed(exc: BaseException, _details: str) -> None:
            if self.item is item:
                self.status.setText(say(exc))

        self.controller.tasks.run(work, done, failed)

    def use_proposal(self) -> None:
        if self.proposal is not None:
            self._show_corners(self.proposal, active=True)

    def reset(self) -> None:
        """No correction at all (stored once applied)."""
        self.angle.setValue(0.0)
        self.result.set_crop(_FULL)
        width, height = self.canvas.full_size
        self._show_corners(((0.0, 0.0), (width, 0.0), (width, height), (0.0, height)), False)

    def corrections(self) -> Corrections:
        """What the controls say, checked as the command line checks it."""
        assert self.item is not None
        values = self.item.corrections.to_dict()
        values.pop("corners", None)
        values.pop("crop", None)
        corners = self._corners()
        if corners is not None:
            values["corners"] = [list(p) for p in corners]
        values["rotate"] = self.angle.value()
        crop = self.result.crop_fractions()
        if crop is not None:
            values["crop"] = list(crop)
        return parse_corrections(values)

    def _corners(self) -> list[tuple[float, float]] | None:
        """The corners applied (full-size pixels, to a tenth), None without perspective."""
        if not self.perspective.isChecked() or len(self.canvas.corners) != 4:
            return None
        return [(round(p.x(), 1), round(p.y(), 1)) for p in self.canvas.corners]

    # ------------------------------------------------------------------ live preview

    def request_preview(self) -> None:
        """Show the result of the corners as they are now: warped on the pool, after the
        warp in hand if there is one (the latest request wins; those in between are
        dropped). Without perspective the result is the upright image itself."""
        if self._source is None or self.canvas.image is None:
            return
        corners = self._corners()
        if corners is None:
            self._waiting = _NONE
            if not self._warping:
                self._show_result(self.canvas.image)
            else:
                self._waiting = None  # shown once the warp in hand is done
            return
        if self._warping:
            self._waiting = corners
            return
        self._warp(corners)

    def _warp(self, corners: list[tuple[float, float]]) -> None:
        source, item = self._source, self.item
        assert source is not None
        scale = source.width / max(1, self.canvas.full_size[0])
        self._warping = True

        def work() -> QImage:
            return _qimage(warp_preview(source, corners, scale, RESULT_EDGE))

        def finish() -> None:
            self._warping = False
            waiting, self._waiting = self._waiting, _NONE
            if self.item is not item:
                return
            if waiting is None:
                self.request_preview()
            elif waiting is not _NONE:
                self._warp(waiting)  # type: ignore[arg-type]

        def done(image: QImage) -> None:
            self.warps += 1
            if self.item is item:
                self._show_result(image)
            finish()

        def failed(exc: BaseException, _details: str) -> None:
            if self.item is item:
                self.status.setText(say(exc))
            finish()

        self.controller.tasks.run(work, done, failed)

    def _show_result(self, image: QImage) -> None:
        self.result.image = image
        self.canvas.result = image
        self._on_angle_value_changed(self.angle.value())

    def _on_angle_value_changed(self, value: float) -> None:
        # A turn of the painter: no warp, nothing on the pool.
        self.result.angle = self.canvas.result_angle = value
        self.result.update()
        self.canvas.update()

    def _on_result_crop_changed(self) -> None:
        self.canvas.result_crop = QRectF(self.result.crop)

    def _on_after_button_toggled(self, after: bool) -> None:
        self.views.setCurrentWidget(self.result if after else self.canvas)
        if after:
            self.status.setText(
                self.tr(
                    "After: drag a rectangle to crop (Shift keeps its shape); E selects a "
                    "side, the arrows move it."
                )
            )
        elif self.loaded:
            self.status.setText(self.tr("Before: drag the corners onto the board's corners."))
        (self.result if after else self.canvas).setFocus()

    def _on_escape(self) -> None:
        """Esc: a crop being dragged goes back to what it was; else leave without saving."""
        if not self.result.cancel_drag():
            self.cancelled.emit()

    def apply(self) -> None:
        if self.item is None or not self.loaded:
            return
        try:
            corrections = self.corrections()
        except CarnetError as exc:  # corners crossed over: say so, stay
            self.status.setText(say(exc))
            return
        self.applied.emit(corrections)

    # ------------------------------------------------------------------ helpers

    def _show_corners(self, corners: tuple[Point, ...], active: bool) -> None:
        self.canvas.corners = [QPointF(x, y) for x, y in corners]
        self.canvas.active = active
        self.perspective.setChecked(active)
        self.canvas.update()

    def _on_canvas_corners_changed(self) -> None:
        self.perspective.setChecked(True)
        self.request_preview()

    def _on_perspective_toggled(self, checked: bool) -> None:
        self.canvas.active = checked
        self.canvas.update()
        self.request_preview()


def _signed(degrees: float) -> float:
    """A stored angle (0 to 360) as the spin box shows it (-180 to 180)."""
    return degrees - 360.0 if degrees > 180.0 else degrees


def _qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


class CropMarginsDialog(QDialog):
    """Edit → Crop selection…: how much to cut off each edge of every selected drawing, as
    a share of what it shows now (its crop, if any, is cropped further)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Crop selection"))
        form = QFormLayout(self)
        form.addRow(
            QLabel(self.tr("Cut off each edge of the drawings, as a share of what they show."))
        )
        self.edges: list[QDoubleSpinBox] = []
        for label in (self.tr("&Left"), self.tr("&Top"), self.tr("&Right"), self.tr("&Bottom")):
            box = QDoubleSpinBox()
            box.setRange(0.0, 45.0)
            box.setDecimals(1)
            box.setSingleStep(0.5)
            box.setSuffix(" %")
            form.addRow(label, box)
            self.edges.append(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def margins(self) -> tuple[float, float, float, float]:
        left, top, right, bottom = (box.value() / 100 for box in self.edges)
        return left, top, right, bottom
