"""Start ``carnet gui ARCHIVE`` offscreen, check the window it opens, and quit.

    QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=/tmp/x python packaging/gui_smoke.py ARCHIVE

Run by ``make wheel-test`` with the Python of a fresh virtual environment where only the
wheel is installed: it proves that the desktop app starts from an installed Carnet and finds
its translations and its icon there. The app's settings say French, so a translated menu
shows that ``carnet_fr.qm`` was found. The app has no "quit after start" switch of its own:
this script schedules its check before the event loop starts, and the check quits the loop.
Prints one line per finding; exits 1 when one is wrong.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: gui_smoke.py ARCHIVE", file=sys.stderr)
        return 2
    archive = Path(argv[0])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    config = os.environ.get("XDG_CONFIG_HOME")
    if not config:
        print("gui_smoke: set XDG_CONFIG_HOME to a scratch folder", file=sys.stderr)
        return 2
    # QSettings (IniFormat, user scope, "Carnet"/"Carnet") reads this file.
    settings = Path(config) / "Carnet" / "Carnet.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[General]\nlanguage=fr\n", encoding="utf-8")

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from carnet.cli import main as carnet_main
    from carnet.resources import resource_path, resource_root

    app = QApplication(["carnet"])
    problems: list[str] = []
    findings: list[str] = []

    def check() -> None:
        from carnet.ui.main_window import MainWindow

        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            problems.append("no main window is shown")
        else:
            window = windows[0]
            findings.append(f"window: {window.windowTitle()}")
            about = window.about_action.text()
            findings.append(f"about action: {about}")
            if about == "About Carnet":
                problems.append("the menus are not in French: carnet_fr.qm was not loaded")
        icon = QIcon(str(resource_path("icons", "carnet.svg")))
        if icon.isNull() or icon.pixmap(64, 64).isNull():
            problems.append("the application icon cannot be drawn")
        app.quit()

    QTimer.singleShot(0, check)
    findings.append(f"resources: {resource_root()}")
    code = carnet_main(["gui", str(archive)])
    findings.append(f"exit status: {code}")
    if code != 0:
        problems.append(f"carnet gui exited with {code}")
    for line in findings:
        print(line)
    for line in problems:
        print(f"gui_smoke: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
