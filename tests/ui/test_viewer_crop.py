"""Correction mode's "After": the live result of the corrections (warped on the pool, the
latest request winning, never on the GUI thread), Before/After with \\, and the crop drawn
by dragging a rectangle, adjusted by its handles (Shift keeps its ratio) or from the
keyboard (E, arrows), applied with Return as one undo step; Esc gives up a drag."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

import carnet.ui.correction as correction
from carnet.catalog.items import get_item
from carnet.media.corrections import Corrections
from tests.ui.test_viewer_correction import _board_item
from tests.ui.windows import undo_and_redo_correction

NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _mouse(widget: QWidget, kind: QEvent.Type, at: QPointF, modifiers: Qt.KeyboardModifier) -> None:
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else left
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else left
    event = QMouseEvent(kind, at, widget.mapToGlobal(at), button, buttons, modifiers)
    QCoreApplication.sendEvent(widget, event)


def drag(widget: QWidget, start: QPointF, end: QPointF, modifiers=NO) -> None:  # type: ignore[no-untyped-def]
    _mouse(widget, QEvent.Type.MouseButtonPress, start, modifiers)
    _mouse(widget, QEvent.Type.MouseMove, (start + end) / 2, modifiers)
    _mouse(widget, QEvent.Type.MouseMove, end, modifiers)
    _mouse(widget, QEvent.Type.MouseButtonRelease, end, modifiers)


def at(box, fx: float, fy: float) -> QPointF:  # type: ignore[no-untyped-def]
    return QPointF(box.x() + fx * box.width(), box.y() + fy * box.height())


@pytest.fixture
def editor(window, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    item_id, _ = _board_item(window, tmp_path)
    window.resize(1200, 850)
    window.select_ids([item_id])
    window.open_viewer()
    window.viewer.straighten()
    editor = window.viewer.editor
    qtbot.waitUntil(lambda: editor.loaded, timeout=15000)
    qtbot.waitUntil(lambda: not editor._warping and editor.result.image is not None, timeout=15000)
    return editor


def test_the_result_is_warped_off_the_gui_thread_and_the_latest_request_wins(
    editor, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[bool, list[tuple[float, float]]]] = []
    warp = correction.warp_preview

    def recorded(image, corners, scale, edge=None):  # type: ignore[no-untyped-def]
        calls.append((threading.current_thread() is threading.main_thread(), list(corners)))
        return warp(image, corners, scale, edge)

    monkeypatch.setattr(correction, "warp_preview", recorded)
    canvas = editor.canvas
    assert editor.perspective.isChecked()  # the board was found: its corners apply
    start = QPointF(canvas.corners[2])
    # Five moves of the bottom-right corner before the GUI thread gets its events back:
    # the first is warped, the three in between are dropped, the last is warped next.
    for step in range(1, 6):
        canvas.corners[2] = start - QPointF(20.0 * step, 10.0 * step)
        canvas.corners_changed.emit()
    qtbot.waitUntil(lambda: len(calls) == 2 and not editor._warping, timeout=15000)
    assert [on_gui for on_gui, _ in calls] == [False, False]
    last = editor._corners()
    assert calls[-1][1] == last
    # What is shown is the warp of the last corners: the board's shape at preview scale.
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = last
    width = max(math.hypot(bx - ax, by - ay), math.hypot(cx - dx, cy - dy))
    height = max(math.hypot(dx - ax, dy - ay), math.hypot(cx - bx, cy - by))
    shown = editor.result.image
    assert shown is canvas.result  # the same result shows in "Before" while dragging
    assert abs(shown.width() / shown.height() - width / height) < 0.01
    # The angle turns the painter: no warp, the box widens.
    before = editor.result.box()
    editor.angle.setValue(10.0)
    assert len(calls) == 2 and editor.result.angle == 10.0 == canvas.result_angle
    turned = editor.result.box()
    assert turned.width() / turned.height() != pytest.approx(before.width() / before.height())
    # Without perspective the result is the upright image itself, not warped.
    editor.perspective.setChecked(False)
    assert editor.result.image is canvas.image and len(calls) == 2


def test_before_after_with_backslash(editor, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert editor.views.currentWidget() is editor.canvas
    QTest.keyClick(editor.canvas, Qt.Key.Key_Backslash)
    assert editor.views.currentWidget() is editor.result and editor.after_button.isChecked()
    assert editor.result.hasFocus()
    QTest.keyClick(editor.result, Qt.Key.Key_Backslash)
    assert editor.views.currentWidget() is editor.canvas
    assert any(
        "\\" in [k.toString() for k in keys] for _what, keys in editor.key_help
    )  # listed in Help → Keyboard shortcuts


def test_a_crop_drawn_adjusted_with_shift_and_keys_is_applied_and_undone(
    window, editor, qtbot
) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller
    item_id = editor.item.id
    QTest.keyClick(editor.canvas, Qt.Key.Key_Backslash)
    result = editor.result
    box = result.box()
    assert not box.isEmpty()

    # Drag a rectangle from (20 %, 20 %) to (70 %, 60 %) of the corrected image.
    drag(result, at(box, 0.2, 0.2), at(box, 0.7, 0.6))
    x, y, w, h = result.crop_fractions()
    tolerance = 2 / min(box.width(), box.height())
    for got, wanted in zip((x, y, w, h), (0.2, 0.2, 0.5, 0.4), strict=True):
        assert abs(got - wanted) < tolerance

    # Shift on the bottom-right handle keeps the rectangle's shape.
    shown = result.crop_on_screen()
    ratio = shown.width() / shown.height()
    drag(result, shown.bottomRight(), shown.bottomRight() + QPointF(60, 10), SHIFT)
    grown = result.crop_on_screen()
    assert grown.width() > shown.width() + 50
    assert grown.width() / grown.height() == pytest.approx(ratio, rel=0.02)
    # The opposite corner stays.
    assert (grown.left(), grown.top()) == pytest.approx((shown.left(), shown.top()))

    # Esc in the middle of a drag gives it up, and stays in correction mode.
    before = result.crop_fractions()
    _mouse(result, QEvent.Type.MouseButtonPress, grown.center(), NO)
    _mouse(result, QEvent.Type.MouseMove, grown.center() + QPointF(40, 40), NO)
    assert result.crop_fractions() != before  # moved
    QTest.keyClick(result, Qt.Key.Key_Escape)
    assert result.crop_fractions() == before
    assert window.viewer.pages.currentWidget() is editor
    _mouse(result, QEvent.Type.MouseButtonRelease, grown.center(), NO)

    # The keyboard: E selects the next side, Shift+Right moves it 10 pixels.
    result.selected = "bottom"
    QTest.keyClick(result, Qt.Key.Key_E)
    assert result.selected == "left"
    left = result.crop.left()
    QTest.keyClick(result, Qt.Key.Key_Right, SHIFT)
    assert result.crop.left() == pytest.approx(left + 10 / box.width())
    QTest.keyClick(result, Qt.Key.Key_Down)  # across the side: nothing moves
    assert result.crop.left() == pytest.approx(left + 10 / box.width())
    crop = result.crop_fractions()

    steps = controller.undo_stack.count()
    QTest.keyClick(result, Qt.Key.Key_Return)
    assert window.viewer.pages.currentWidget() is window.viewer.browse_page
    assert controller.undo_stack.count() == steps + 1
    stored = get_item(controller.db, item_id).corrections
    assert stored.crop == pytest.approx(crop, abs=1e-6)
    assert stored.corners is not None  # with the perspective the crop is a part of
    undo_and_redo_correction(window, qtbot, item_id, stored)

    # Opened again, the editor starts from the stored crop; Reset takes it away.
    window.viewer.straighten()
    qtbot.waitUntil(lambda: editor.loaded, timeout=15000)
    assert editor.result.crop_fractions() == pytest.approx(stored.crop, abs=1e-6)
    editor.reset()
    assert editor.result.crop_fractions() is None and editor.corrections() == Corrections()
    qtbot.waitUntil(lambda: controller.tasks.idle, timeout=15000)


def test_while_a_corner_is_held_before_shows_the_result_opposite_it(editor, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas = editor.canvas
    place = canvas.result_place(0).toRect()  # where it shows while the top-left is held
    assert place.center().x() > canvas.width() / 2 and place.center().y() > canvas.height() / 2
    idle = canvas.grab().toImage().copy(place)
    handle = canvas.to_screen(canvas.corners[0])
    _mouse(canvas, QEvent.Type.MouseButtonPress, handle, NO)
    assert canvas.held == 0
    held = canvas.grab().toImage().copy(place)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, handle, NO)
    assert canvas.held is None
    assert held != idle  # the result is painted there
    assert canvas.grab().toImage().copy(place) == idle  # and goes with the hand
