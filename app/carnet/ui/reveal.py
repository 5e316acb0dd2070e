"""Show in folder: the system's file manager on a drawing's original.

On a Linux desktop the file manager is asked over D-Bus to show the file itself, selected
(``org.freedesktop.FileManager1.ShowItems``, which Nautilus, Dolphin, Nemo, Caja and Thunar
answer); where there is no session bus or no such file manager, and on other systems, the
folder holding it opens (``QDesktopServices``). The D-Bus call never waits: its answer, or
its failure, comes back later on the event loop.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices

from carnet.catalog.items import Item
from carnet.media.formats import EXTENSIONS
from carnet.ui.controller import ArchiveController

log = logging.getLogger(__name__)

FILE_MANAGER = "org.freedesktop.FileManager1"


def original_of(controller: ArchiveController, item: Item) -> Path:
    """Where ``item``'s original lives in the archive."""
    return controller.archive.paths.original(item.hash, EXTENSIONS.get(item.format, item.format))


def open_folder(path: Path) -> bool:
    """Open the folder holding ``path`` in the file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def show_in_folder(path: Path, parent: QObject) -> None:
    """Show ``path`` in the file manager: selected in its folder where the desktop can,
    else its folder opened. ``parent`` keeps the D-Bus call's watcher until it answers."""
    if not _ask_file_manager(path, parent):
        open_folder(path)


def _ask_file_manager(path: Path, parent: QObject) -> bool:
    """Ask the desktop's file manager over D-Bus to show ``path``; False when there is no
    one to ask (then nothing was sent). A failed answer opens the folder instead."""
    # A desktop session has its bus address set; without it libdbus would try to start a
    # bus of its own (X11 autolaunch), which is not ours to do.
    if not sys.platform.startswith("linux") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher
    except ImportError:  # a PySide6 build without QtDBus
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    message = QDBusMessage.createMethodCall(
        FILE_MANAGER, "/org/freedesktop/FileManager1", FILE_MANAGER, "ShowItems"
    )
    message.setArguments([[QUrl.fromLocalFile(str(path)).toString()], ""])
    watcher = QDBusPendingCallWatcher(bus.asyncCall(message, 5000), parent)

    def finished(call: QDBusPendingCallWatcher) -> None:
        if call.isError():
            log.info("no file manager over D-Bus (%s): opening the folder", call.error().name())
            open_folder(path)
        call.deleteLater()

    watcher.finished.connect(finished)
    return True
