"""The viewer's correction mode: straighten a drawing by its board's four corners and an
angle, then Apply (one undoable step), Reset or Cancel.

The editor shows the upright original (no correction), decoded once on the pool at preview
size; the same decode is searched for the board (``catalog.corrections.board_corners``),
whose corners are the proposal the handles start from when the drawing has none yet.
Corners are kept in pixels of the full-size original, as the catalog and
``carnet item correct --corners`` take them.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
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
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.corrections import board_corners, upright_original
from carnet.catalog.items import Item
from carnet.errors import CarnetError
from carnet.media.corrections import Corrections, Point, parse_corrections
from carnet.media.derive import PREVIEW_EDGE
from carnet.ui.controller import ArchiveController
from carnet.ui.i18n import say

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


class CorrectionEditor(QWidget):
    """Correction mode: the bar of controls over the corner canvas."""

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
        for widget in (self.reset_button, self.cancel_button, self.apply_button):
            actions.addWidget(widget)
        for widget in (self.perspective, angle_label):
            widget.setStyleSheet("color: #e8e8e8;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        layout.addLayout(actions)
        layout.addWidget(self.canvas, 1)
        # What each key does here, listed by Help → Keyboard shortcuts with the viewer's.
        self.key_help: list[tuple[str, list[QKeySequence]]] = []
        for description, keys, slot in (
            (self.tr("Apply the correction"), (Qt.Key.Key_Return, Qt.Key.Key_Enter), self.apply),
            (self.tr("Cancel the correction"), (Qt.Key.Key_Escape,), self.cancelled.emit),
        ):
            sequences = []
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                sequences.append(shortcut.key())
            self.key_help.append((description, sequences))

    # ------------------------------------------------------------------ session

    def start(self, item: Item) -> None:
        """Edit ``item``'s corrections: its original is decoded and searched on the pool."""
        self.item, self.proposal, self.loaded = item, None, False
        self.canvas.image, self.canvas.corners = None, []
        self.status.setText(self.tr("Looking for the board's corners…"))
        self.angle.setValue(_signed(item.corrections.rotate))
        for control in (self.perspective, self.find_button, self.apply_button):
            control.setEnabled(False)
        self.canvas.update()
        archive = self.controller.archive

        def work() -> tuple[QImage, tuple[int, int], tuple[Point, Point, Point, Point] | None]:
            image, size = upright_original(archive, item, PREVIEW_EDGE)
            return _qimage(image), size, board_corners(image, size)

        def done(
            result: tuple[QImage, tuple[int, int], tuple[Point, Point, Point, Point] | None],
        ) -> None:
            if self.item is not item:
                return
            image, size, proposal = result
            self.canvas.set_image(image, size)
            self.proposal, self.loaded = proposal, True
            self.perspective.setEnabled(True)
            self.apply_button.setEnabled(True)
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
        width, height = self.canvas.full_size
        self._show_corners(((0.0, 0.0), (width, 0.0), (width, height), (0.0, height)), False)

    def corrections(self) -> Corrections:
        """What the controls say, checked as the command line checks it."""
        assert self.item is not None
        values = self.item.corrections.to_dict()
        values.pop("corners", None)
        if self.perspective.isChecked() and len(self.canvas.corners) == 4:
            values["corners"] = [[round(p.x(), 1), round(p.y(), 1)] for p in self.canvas.corners]
        values["rotate"] = self.angle.value()
        return parse_corrections(values)

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

    def _on_perspective_toggled(self, checked: bool) -> None:
        self.canvas.active = checked
        self.canvas.update()


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
