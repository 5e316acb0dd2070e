"""A small archive for booklet tests: drawings of every shape, two sessions, hostile text."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from carnet.catalog.items import add_people, set_session, update_items
from tests.archives import Photo, forum_archive

SLUG = "forum-livret"

PROGRAMME = """titre;date;début;fin;salle;parcours;intervenants
Les communs et la société;29/09/2016;10:00;11:00;Salle A;Communs;Aïcha Benali
L’école et les écrans;29/09/2016;11:30;12:30;Salle B;Éducation;Jérôme Castagné
"""

# The drawings' file names say what each is there for.
PHOTOS = [
    Photo(name, size, (40 + 25 * n, 120, 200 - 20 * n), orientation, quality=85)
    for n, (name, size, orientation) in enumerate(
        [
            ("big.jpg", (2600, 1950), None),  # enough pixels for 300 dpi: shrunk to it
            ("small.jpg", (400, 600), None),  # too few: printed as it is, never enlarged
            ("turned.jpg", (800, 600), 6),  # EXIF says: turn 90° clockwise
            ("rotated.jpg", (900, 600), None),  # the user turned it 90° in Carnet
            ("hostile.jpg", (1200, 900), None),
            ("wide.jpg", (3000, 1000), None),  # a panorama: printed on a landscape page
            ("loose.jpg", (1000, 800), None),  # of no session
            ("draft.jpg", (800, 600), None),  # not published
        ]
    )
]

LONG = "Très long " * 1000  # 10,000 characters
CAPTIONS = {
    "big.jpg": (
        "Bonjour : l'été !",
        'Une "société" des communs ; vraiment ? « Oui » dit Hélène. Œuvre collective.',
    ),
    "small.jpg": ("Petit format", "Une esquisse à l’école, prise de près."),
    "turned.jpg": ("Tourné par l'appareil", "Photographié de côté."),
    "rotated.jpg": ("Tourné à la main", "Redressé dans Carnet."),
    "hostile.jpg": ("   ", LONG + "\u202eédoc\u202c rtl ‏مرحبا بالعالم‎ שלום 🎨✏️👩🏽‍🎨 fin."),
    "wide.jpg": ("Panorama de la plénière", "Toute la salle en une image."),
    "loose.jpg": ("Hors programme", "Dessiné dans le hall."),
    "draft.jpg": ("Brouillon non publié", "secret"),
}


@dataclass
class Fixture:
    path: Path
    ids: dict[str, int]
    sessions: list[int]


def build_archive(root: Path) -> Fixture:
    path = root / "Livret.carnet"
    with forum_archive(path, SLUG, PROGRAMME, PHOTOS) as forum:
        db, ids, sessions = forum.archive.db, forum.ids, forum.sessions
        for name, (title, caption) in CAPTIONS.items():
            update_items(db, [ids[name]], title=title, caption=caption)
        update_items(db, [ids["rotated.jpg"]], rotation=90)
        update_items(db, [i for n, i in ids.items() if n != "draft.jpg"], published=True)
        set_session(db, [ids[n] for n in ("big.jpg", "small.jpg", "turned.jpg")], sessions[0])
        set_session(db, [ids[n] for n in ("rotated.jpg", "hostile.jpg", "wide.jpg")], sessions[1])
        set_session(db, [ids["loose.jpg"], ids["draft.jpg"]], None)
        with db.transaction() as conn:
            add_people(conn, [ids["big.jpg"]], ["Aïcha Benali"], "speaker")
            add_people(conn, [ids["wide.jpg"]], ["Inès Bouchareb"], "illustrator")
    return Fixture(path, ids, sessions)


@pytest.fixture(scope="package")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    return build_archive(tmp_path_factory.mktemp("booklet-archive"))


def run(*args: str | Path, cwd: Path | None = None) -> str:
    """A poppler tool's output."""
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=True, cwd=cwd
    )
    return done.stdout
