"""Where the main window opens the first time: within the screen it opens on.

The window would like 1380×860; a 1366×768 laptop or a 1024×600 netbook has less, and a
window larger than the screen hides its status bar and the inspector's last fields behind
the screen's edge. The size is taken from the screen's *available* geometry (without the
desktop's panels), less room for the window manager's title bar and borders, which are not
known before the window is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

#: The size the window takes when the screen has room for it.
PREFERRED = QSize(1380, 860)
#: Room left for the frame the window manager draws: borders, and the title bar above.
FRAME = QSize(16, 48)


def first_geometry(available: QRect, preferred: QSize = PREFERRED) -> QRect:
    """The window's geometry (without its frame) on a screen whose free area is ``available``.

    As large as ``preferred`` allows, never larger than the free area less the frame, and
    centred in it.
    """
    width = max(1, min(preferred.width(), available.width() - FRAME.width()))
    height = max(1, min(preferred.height(), available.height() - FRAME.height()))
    left = available.left() + (available.width() - width) // 2
    # The title bar sits above the geometry: centre the framed window, not the inside.
    title_bar = FRAME.height() - FRAME.width() // 2
    top = available.top() + (available.height() - height - FRAME.height()) // 2 + title_bar
    return QRect(left, top, width, height)
