"""A small archive for kit tests: five drawings, two sessions, hostile and accented text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.items import add_people, add_tags, set_session, update_items
from tests.archives import Photo, forum_archive

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SLUG = "forum-test"

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
    "javascript:alert(3)",
    "\u202eédoc\u202c rtl ‏مرحبا‎ 🎨✏️",
]
LONG = "Très long " * 1000  # 10,000 characters

PROGRAMME = """titre;date;début;fin;salle;parcours;intervenants
Les communs et la société;29/09/2016;10:00;11:00;Salle A;Communs;Aïcha Benali
Atelier sans intervenant;29/09/2016;11:30;12:30;Salle B;;
"""


COLOURS = [(200, 80, 40), (40, 120, 200), (60, 160, 90), (150, 60, 160), (220, 180, 40)]
PHOTOS = [Photo(f"IMG_{n}.jpg", (480, 360), colour) for n, colour in enumerate(COLOURS)]


def build_archive(root: Path) -> Path:
    """The test archive at ``root/Test.carnet``; returns its path."""
    path = root / "Test.carnet"
    with forum_archive(path, SLUG, PROGRAMME, PHOTOS) as forum:
        db = forum.archive.db
        items, sessions = list(forum.ids.values()), forum.sessions
        update_items(
            db,
            [items[0]],
            title="La société des communs",
            caption="Une société qui prend soin de ses communs.",
            transcription="SOCIÉTÉ · COMMUNS · Œuvre collective",
        )
        update_items(db, [items[1]], title="Cartes libres", caption="Cartographier ensemble.")
        update_items(
            db,
            [items[2]],
            title=HOSTILE[0],
            caption=" ".join(HOSTILE),
            transcription=LONG,
            rights=HOSTILE[1],
        )
        update_items(db, [items[3]], title="Sans session", caption=HOSTILE[3])
        update_items(db, [items[4]], title="Brouillon non publié", caption="secret")
        update_items(db, items[:4], published=True)
        set_session(db, items[:3], sessions[0])
        with db.transaction() as conn:
            add_tags(conn, [items[0]], ["thème/communs", "sujet/société"])
            add_tags(conn, [items[2]], [HOSTILE[1], "../../évasion"])
            add_people(conn, [items[0], items[1]], ["Aïcha Benali"], "speaker")
            add_people(conn, [items[2]], [HOSTILE[0]], "speaker")
    return path


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("kit-archive"))


Exporter = Callable[..., Path]


@pytest.fixture
def export(archive_path: Path) -> Exporter:
    """Export the module's archive into a folder: ``export(out, **options)``."""
    from carnet.kit import ExportOptions, export_kit

    def run(out: Path, archive: Path = archive_path, **options: object) -> Path:
        with Archive.open(archive, readonly=True) as opened:
            export_kit(opened, SLUG, out, ExportOptions(**options))  # type: ignore[arg-type]
        return out

    return run


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for a module's tests in the browser (``tests/kit/browsing.py``)."""
    from tests.kit.browsing import launch

    yield from launch()
