"""Test archives made as a user makes one: an event, its programme imported from a CSV file,
drawings photographed during it imported by their illustrator. The kit's and the booklet's
tests describe the drawings each their own way (``tests/kit/conftest.py``,
``tests/booklet/conftest.py``). Tests that need no picture add drawings to the catalog
alone (``catalog_item``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from carnet.catalog.archive import Archive
from carnet.catalog.events import Event, add_event
from carnet.catalog.items import NewItem, insert_item, list_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.programme.readers import read_programme
from carnet.programme.store import import_programme
from tests.imaging import RGB, make_jpeg

ILLUSTRATOR = "Margaux Lefèvre"


@dataclass(frozen=True)
class Photo:
    """A drawing as photographed: its file name, stored size, colour, EXIF orientation and
    JPEG quality."""

    name: str
    size: tuple[int, int]
    color: RGB
    orientation: int | None = None
    quality: int = 90


@dataclass
class Forum:
    """The archive being built, open for writing, with what was put in it."""

    archive: Archive
    event: Event
    #: The drawings' ids by file name, in the order the catalog lists them.
    ids: dict[str, int]
    #: The programme's sessions, by start time.
    sessions: list[int]


@contextmanager
def forum_archive(
    path: Path, slug: str, programme: str, photos: Sequence[Photo]
) -> Iterator[Forum]:
    """Create the archive at ``path`` holding the event ``slug`` (the "Forum de test", in
    French, at Rivelonne on 29-30 September 2016), its ``programme`` (CSV text) and
    ``photos``, taken ten minutes past ten that day and one minute apart, imported by
    Margaux Lefèvre; the archive is closed when the block ends. The photos and the CSV
    file are made beside ``path``."""
    root = path.parent
    files = [
        make_jpeg(
            root / "sources" / photo.name,
            photo.size,
            color=photo.color,
            captured_at=f"2016:09:29 10:{10 + n:02d}:00",
            orientation=photo.orientation,
            quality=photo.quality,
        )
        for n, photo in enumerate(photos)
    ]
    with Archive.create(path) as archive:
        db = archive.db
        event = add_event(
            db,
            slug=slug,
            name="Forum de test",
            timezone="Europe/Paris",
            language="fr",
            place="Rivelonne",
            start_date=date(2016, 9, 29),
            end_date=date(2016, 9, 30),
            licence="CC-BY-SA-4.0",
        )
        csv_path = root / "programme.csv"
        csv_path.write_text(programme, encoding="utf-8")
        import_programme(db, event, read_programme(csv_path, event.timezone))
        import_paths(archive, files, ImportOptions(event=slug, illustrator=ILLUSTRATOR, jobs=1))
        ids = {it.original_name: it.id for it in list_items(db, event_id=event.id)}
        sessions = [int(r[0]) for r in db.query("SELECT id FROM sessions ORDER BY start")]
        yield Forum(archive, event, ids, sessions)


def catalog_item(archive: Archive, n: int, when: str | None, **fields: Any) -> int:
    """Add drawing ``n`` to the catalog alone (no file: programme and session tests need
    no picture), captured at ``when``: its hash ``n`` in hexadecimal, its file ``n.jpg``;
    ``fields`` are ``NewItem``'s others (``event_id``, the camera, …). Returns its id."""
    with archive.db.transaction() as conn:
        return insert_item(
            conn,
            NewItem(
                hash=f"{n:064x}",
                original_name=f"{n}.jpg",
                original_path=f"/in/{n}.jpg",
                format="jpeg",
                size=1,
                captured_at=when,
                **fields,
            ),
        )
