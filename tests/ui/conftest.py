"""Qt fixtures: a small archive per test (copied from one built per session), settings in
``tmp_path``, the application object with its main window, and a keyboard that types as a
user does (through the X server under Xvfb: ``tests/ui/display.py``)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.programme.readers import read_programme
from carnet.programme.store import import_programme, match_event
from tests.imaging import make_jpeg
from tests.ui.display import DISPLAY

PROGRAMME = """titre;début;fin;salle;parcours;intervenants
Ouverture;29/09/2016 09:00;29/09/2016 10:00;Grand amphi;Plénière;Marie Curie
Les communs urbains;29/09/2016 10:30;29/09/2016 11:45;Salle A;Communs;Elinor Ostrom
Clôture;29/09/2016 16:00;29/09/2016 17:00;Grand amphi;Plénière;
"""

#: (file, capture time, colour): two in the opening, three in the commons session, one later.
PHOTOS = [
    ("a.jpg", "2016:09:29 09:20:00", (200, 80, 40)),
    ("b.jpg", "2016:09:29 09:40:00", (40, 120, 200)),
    ("c.jpg", "2016:09:29 10:40:00", (60, 160, 90)),
    ("d.jpg", "2016:09:29 11:00:00", (160, 60, 160)),
    ("e.jpg", "2016:09:29 11:30:00", (220, 180, 40)),
    ("f.jpg", "2016:09:29 13:00:00", (90, 90, 90)),
]


@pytest.fixture(scope="session")
def template_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("template")
    for name, when, color in PHOTOS:
        make_jpeg(base / "photos" / name, (96, 72), color=color, captured_at=when, pattern=False)
    (base / "programme.csv").write_text(PROGRAMME, encoding="utf-8")
    root = base / "Forum.carnet"
    with Archive.create(root) as archive:
        event = add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        import_programme(archive.db, event, read_programme(base / "programme.csv", "Europe/Paris"))
        import_paths(
            archive, [base / "photos"], ImportOptions(event="forum", illustrator="Inès", jobs=1)
        )
        match_event(archive.db, event)  # five items get a suggested session, one none
    return root


@pytest.fixture
def archive_path(template_archive: Path, tmp_path: Path) -> Path:
    target = tmp_path / "Forum.carnet"
    shutil.copytree(template_archive, target)
    return target


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "carnet.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def carnet_app(qtbot, settings: QSettings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from carnet.ui.app import CarnetApp

    app = CarnetApp(settings, import_jobs=1)
    yield app
    if app.window is not None:
        qtbot.waitUntil(lambda: app.controller is None or app.controller.tasks.idle, timeout=10000)
    app.close_archive()
    if app.welcome is not None:
        app.welcome.close()
    app.translations.install("en")


@pytest.fixture
def window(carnet_app, archive_path: Path, qtbot):  # type: ignore[no-untyped-def]
    assert carnet_app.open_archive(archive_path)
    window = carnet_app.window
    # Under X the window manager maps and focuses windows when it gets to it: shortcuts and
    # typing reach the window only once it is active (offscreen, it is at once). (qtbot's
    # waitExposed and waitActive are context managers: called bare, they wait for nothing.)
    assert QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window), "the window manager did not focus the window"
    return window


#: xdotool's names for the keys Qt spells otherwise (letters and digits are the same).
_XDOTOOL_KEYS = {
    "+": "plus",
    "-": "minus",
    "=": "equal",
    "Del": "Delete",
    "Backspace": "BackSpace",
    "Space": "space",
    "Esc": "Escape",
    "[": "bracketleft",
    "]": "bracketright",
    "PgUp": "Prior",
    "PgDown": "Next",
    "Ins": "Insert",
}
_MODIFIERS = (
    (Qt.KeyboardModifier.ControlModifier, "ctrl"),
    (Qt.KeyboardModifier.AltModifier, "alt"),
    (Qt.KeyboardModifier.ShiftModifier, "shift"),
    (Qt.KeyboardModifier.MetaModifier, "super"),
)
_MODIFIER_KEYS = {Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta}


class Keyboard(QObject):
    """Presses keys on the focused widget as a user does.

    Under X (``real``), the keys go through the X server with xdotool (XTest): the window
    manager's focus, the keymap and Qt's shortcut map all take part, as at a desk. Elsewhere
    they are Qt's simulated events, sent to the focused widget. ``press`` returns once the
    window has received the key's release, so what the key did has happened.
    """

    def __init__(self, qtbot, real: bool) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.qtbot = qtbot
        self.real = real
        self._released = 0
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyRelease
            and isinstance(event, QKeyEvent)
            and not event.isAutoRepeat()
            and event.key() not in _MODIFIER_KEYS
        ):
            self._released += 1
        return False

    def press(self, keys: str | QKeySequence) -> None:
        """Press one key combination: ``"Ctrl+Shift+Z"``, ``QKeySequence.StandardKey.Redo``…"""
        combination = QKeySequence(keys)[0]
        key, modifiers = combination.key(), combination.keyboardModifiers()
        if not self.real:
            target = QApplication.focusWidget() or QApplication.activeWindow()
            assert target is not None, "no widget has the focus"
            QTest.keyClick(target, key, modifiers)
            return
        name = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
        name = _XDOTOOL_KEYS.get(name, name.lower() if len(name) == 1 else name)
        held = [word for flag, word in _MODIFIERS if modifiers & flag]
        self._xdotool("key", "+".join([*held, name]))

    def type(self, text: str) -> None:
        """Type ``text`` (ASCII) into the focused widget."""
        if not self.real:
            target = QApplication.focusWidget()
            assert target is not None, "no widget has the focus"
            QTest.keyClicks(target, text)
            return
        self._xdotool("type", "--delay", "1", text, count=len(text))

    def _xdotool(self, *args: str, count: int = 1) -> None:
        before = self._released
        subprocess.run(["xdotool", *args], check=True)
        try:
            self.qtbot.waitUntil(lambda: self._released >= before + count, timeout=3000)
        except self.qtbot.TimeoutError:
            pytest.fail(f"xdotool {' '.join(args)}: the keys never reached the window")

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


@pytest.fixture
def keyboard(qtbot, request: pytest.FixtureRequest) -> Iterator[Keyboard]:  # type: ignore[no-untyped-def]
    """The keyboard (see ``Keyboard``); tests using it are marked ``x11``."""
    assert request.node.get_closest_marker("x11"), "a test that types is marked x11"
    keys = Keyboard(qtbot, request.config.stash[DISPLAY].typist == "xdotool")
    yield keys
    keys.close()
