"""Start ``carnet gui ARCHIVE`` offscreen, check the window it opens, and quit.

    QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=/tmp/x python packaging/gui_smoke.py ARCHIVE

Run by ``make wheel-test`` with the Python of a fresh virtual environment where only the
wheel is installed: it proves that the desktop app starts from an installed Carnet and finds
its translations and its icon there. The app's settings say French, so a translated menu
shows that ``carnet_fr.qm`` was found. The app has no "quit after start" switch of its own:
this script schedules its check before the event loop starts; the check types a search in
the window's search bar, waits for the search process's answer, and quits the loop.
Prints one line per finding; exits 1 when one is wrong.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

#: A word of the demo archive's titles, typed without its accent.
QUERY = "numerique"


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
    from PySide6.QtWidgets import QApplication, QMessageBox

    from carnet.cli import main as carnet_main
    from carnet.resources import resource_path, resource_root

    app = QApplication(["carnet"])
    problems: list[str] = []
    findings: list[str] = []

    waited = 0

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
            # Qt's own dialogs (standard buttons, file dialogs) read Qt's translations.
            box = QMessageBox(window)
            box.setStandardButtons(QMessageBox.StandardButton.Cancel)
            cancel = box.button(QMessageBox.StandardButton.Cancel).text()
            findings.append(f"Qt's Cancel button: {cancel}")
            if cancel != "Annuler":
                problems.append("Qt's own dialogs are not in French: qtbase_fr.qm was not loaded")
            # The search runs in a process of its own: ask it through the search bar.
            window.search.setText(QUERY)
            window.search.run_now()
            QTimer.singleShot(100, lambda: wait_for_search(window))
        icon = QIcon(str(resource_path("icons", "carnet.svg")))
        if icon.isNull() or icon.pixmap(64, 64).isNull():
            problems.append("the application icon cannot be drawn")
        if not windows:
            app.quit()

    def wait_for_search(window: Any) -> None:
        nonlocal waited
        outcome = window.search_outcome
        if outcome is None and waited < 600:
            waited += 1
            QTimer.singleShot(100, lambda: wait_for_search(window))
            return
        if outcome is None:
            problems.append("the search process did not answer within a minute")
        elif outcome.error or not outcome.ids:
            problems.append(f"searching {QUERY!r} in the window found nothing ({outcome.error})")
        else:
            findings.append(f"search in the window: {len(outcome.ids)} items for {QUERY!r}")
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
