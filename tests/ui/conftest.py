"""Qt fixtures: a small archive per test (copied from one built per session), settings in
``tmp_path``, and the application object with its main window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.programme.readers import read_programme
from carnet.programme.store import import_programme, match_event
from tests.imaging import make_jpeg

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
    qtbot.waitExposed(window)
    return window
