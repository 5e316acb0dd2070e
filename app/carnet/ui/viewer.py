"""The full-window viewer: fit, zoom and pan a drawing, step through items, rotate.

The preview is decoded on the task pool; past its resolution the canvas (``ui/zoom.py``)
paints the drawing's deep-zoom tiles, made once on the pool from the original with its
corrections (the kit's tile set, ``kit/deepzoom.tile_set``) and read a few at a time.
Rotation is the catalog's non-destructive correction (an undoable ``RotateCommand``); the
preview is read again once the background re-derivation has rewritten it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carnet.catalog.corrections import current_preview
from carnet.catalog.items import Item
from carnet.kit.deepzoom import tile_set
from carnet.media.corrections import Corrections, corrected_size
from carnet.media.tiles import TILE, TileSet
from carnet.ui.controller import ArchiveController
from carnet.ui.correction import CorrectionEditor
from carnet.ui.i18n import say
from carnet.ui.thumbnails import ImageCache
from carnet.ui.undo import CorrectCommand, RotateCommand, translate
from carnet.ui.zoom import ZoomCanvas

#: What the rotation buttons show, for ``Rotate left`` and ``Rotate right``, and the
#: straightening one (a board seen at an angle), for ``Straighten…``.
ROTATION_ARROWS = {"left": "\u21b6", "right": "\u21b7", "straighten": "\u25b1"}


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
        #: The drawing on screen and its corrections: an edit of its caption keeps the view.
        self._shown: tuple[int, Corrections] | None = None
        #: The tile set asked for (hash and corrections), so it is asked for once.
        self._zoom_asked: tuple[str, Corrections] | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._zoom_note = ""  # "Loading full resolution…", or why there is none
        # About 1 MB a tile: a screen needs a dozen, panning keeps the ones around it.
        self.tiles = ImageCache(Path, TILE, capacity=96, queue_limit=64, parent=self)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(28, 28, 30))
        self.setPalette(palette)
        self.canvas = ZoomCanvas(self.tiles)
        self.canvas.deep_zoom_wanted.connect(self._on_canvas_deep_zoom_wanted)
        self.canvas.view_changed.connect(self._on_canvas_view_changed)
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
            ("straighten", self.tr("Straighten…"), self.straighten),
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
        # Browsing (the bar, the drawing, its caption) or correcting it (``ui/correction.py``);
        # the browsing keys belong to the browsing page, so they are off while correcting.
        self.browse_page = QWidget()
        browse = QVBoxLayout(self.browse_page)
        browse.setContentsMargins(0, 0, 0, 0)
        browse.addLayout(bar)
        browse.addWidget(self.canvas, 1)
        browse.addWidget(self.caption)
        self.editor = CorrectionEditor(controller)
        self.editor.applied.connect(self._on_editor_applied)
        self.editor.cancelled.connect(self.end_correction)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.browse_page)
        self.pages.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
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
            (self.tr("Straighten…"), [QKeySequence(Qt.Key.Key_S)], self.straighten),
        ]
        self.key_help: list[tuple[str, list[QKeySequence]]] = []
        for description, sequences, activated in shortcuts:
            keys = []
            for sequence in sequences:
                shortcut = QShortcut(sequence, self.browse_page)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(activated)
                keys.append(shortcut.key())
            self.key_help.append((description, keys))
        self.key_help += self.editor.key_help
        controller.items_changed.connect(self._on_controller_items_changed)

    @property
    def current_id(self) -> int | None:
        return self.ids[self.position] if self.ids else None

    def show_items(self, ids: list[int], position: int) -> None:
        self.ids = ids
        self.position = max(0, min(position, len(ids) - 1))
        self._shown = None
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
        self.end_correction()
        self.closed.emit()

    def straighten(self) -> None:
        """Correction mode on the drawing on screen: corners, angle, Apply or Cancel."""
        item_id = self.current_id
        if item_id is None:
            return
        if self.controller.readonly:
            self.buttons["straighten"].setToolTip(self.tr("Read-only: no correction"))
            return
        self.pages.setCurrentWidget(self.editor)
        self.editor.start(self.controller.items([item_id])[0])

    def end_correction(self) -> None:
        if self.pages.currentWidget() is self.editor:
            self.editor.item = None
            self.pages.setCurrentWidget(self.browse_page)
            self.canvas.setFocus()

    def _on_editor_applied(self, corrections: Corrections) -> None:
        item = self.editor.item
        self.end_correction()
        if item is not None and corrections != item.corrections:
            # Asked through undo's ``translate``: the text is said again after a language
            # switch, like every other command's (``undo.retranslate``).
            text = translate("ViewerPanel", "Straighten a drawing")
            self.controller.push(
                CorrectCommand(self.controller, [item.id], lambda _: corrections, text)
            )

    def _load(self) -> None:
        item_id = self.current_id
        if item_id is None:
            self.canvas.set_image(None)
            self._shown = None
            return
        item = self.controller.items([item_id])[0]
        self._show_position()
        text = f"<b>{_escape(item.title or item.original_name)}</b>"
        if item.caption:
            text += f"<br>{_escape(item.caption)}"
        self.caption.setText(text)
        archive = self.controller.archive
        self._loading_hash = item.hash
        # The same drawing with the same corrections (a caption edit, a preview remade):
        # the view stays, the preview is read again. Else a new view, fitted.
        same = self._shown == (item_id, item.corrections)
        self._shown = (item_id, item.corrections)
        if not same:
            self._zoom_asked, self._zoom_note = None, ""
            thumb = self.controller.thumbnails.pixmap(item.hash)
            self.canvas.set_image(thumb, _full_edge(item))  # shown at once, then the preview
        digest = item.hash

        def read() -> QImage:
            # Only a preview as Carnet writes them, made with the item's corrections, is
            # decoded (the archive may be anyone's); else one is made from the original.
            data = current_preview(archive, item)
            return QImage.fromData(data) if data is not None else QImage()

        def done(image: QImage) -> None:
            if self._loading_hash == digest and not image.isNull():
                self.canvas.set_pixmap(QPixmap.fromImage(image))

        self.controller.tasks.run(read, done)
        self.current_changed.emit(item_id)

    def _on_canvas_deep_zoom_wanted(self) -> None:
        """The view needs more than the preview: the drawing's tile set, from the archive
        or made once from the original on the pool (never on the GUI thread)."""
        item_id = self.current_id
        if item_id is None or self._shown is None or self._shown[0] != item_id:
            return
        item = self.controller.items([item_id])[0]
        wanted = (item.hash, item.corrections)
        if self._zoom_asked == wanted:
            return
        self._zoom_asked = wanted
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="carnet-zoom-")
        archive, scratch = self.controller.archive, Path(self._scratch.name)
        self._zoom_note = self.tr("Loading full resolution…")
        self._on_canvas_view_changed()

        def done(tiles: TileSet) -> None:
            if self._zoom_asked == wanted and self._shown == (item_id, item.corrections):
                self._zoom_note = ""
                self.canvas.set_tile_set(tiles)
            self._on_canvas_view_changed()

        def failed(exc: BaseException, _details: str) -> None:
            if self._zoom_asked == wanted:
                self._zoom_note = self.tr("No full resolution: %1").replace("%1", say(exc))
                self._on_canvas_view_changed()

        self.controller.tasks.run(lambda: tile_set(archive, item, scratch), done, failed)

    def _on_canvas_view_changed(self) -> None:
        # The 100 % button shows the scale; what deep zoom is doing is its tooltip (a
        # label of its own would not fit a netbook's row).
        button = self.buttons["actual"]
        button.setText(f"{round(self.canvas.scale() * 100)} %" + ("…" if self._zoom_note else ""))
        button.setToolTip(self._zoom_note or self.tr("100 %"))

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


def _full_edge(item: Item) -> int:
    """The long edge of the item's corrected image at full size (its tiles say it to the
    pixel once made); 0 when the catalog does not know the original's size."""
    if not item.width or not item.height:
        return 0
    size = (item.width, item.height)
    if item.orientation in (5, 6, 7, 8) and item.format != "heic":
        size = (item.height, item.width)  # stored turned: upright is the other way
    return max(corrected_size(size, item.corrections))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
