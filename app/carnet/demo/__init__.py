"""``carnet demo``: a ready-made archive of a two-day civic forum, to show the app and the kit.

The drawings, the programme and the descriptions come from ``sources`` (generated, so the
demo needs no file shipped with Carnet); they go into the archive through the same code a
user's import, programme import and matching use.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event, count_sessions
from carnet.catalog.items import (
    add_people,
    add_tags,
    count_in_sessions,
    ids_by_original_name,
    update_items,
)
from carnet.demo.sources import write_demo_sources
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.programme.readers import read_programme
from carnet.programme.store import import_programme, match_event
from carnet.search.index import SearchIndex


def build_demo(path: Path, *, progress: Callable[[int, int], None] | None = None) -> str:
    """Create the demo archive at ``path``; returns a one-paragraph summary of it."""
    with tempfile.TemporaryDirectory(prefix="carnet-demo-") as tmp:
        sources = write_demo_sources(Path(tmp))
        ev = sources.event
        with Archive.create(path) as archive:
            db = archive.db
            event = add_event(
                db,
                slug=ev.slug,
                name=ev.name,
                timezone=ev.timezone,
                language=ev.language,
                place=ev.place,
                start_date=ev.start,
                end_date=ev.end,
                licence=ev.licence,
            )
            programme = read_programme(sources.programme_csv, event.timezone)
            import_programme(db, event, programme)
            imported = 0
            total = sum(len(files) for files in sources.illustrators.values())
            for illustrator, files in sources.illustrators.items():
                offset = imported

                def report(done: int, _total: int, offset: int = offset) -> None:
                    if progress:
                        progress(offset + done, total)

                summary = import_paths(
                    archive,
                    files,
                    ImportOptions(event=event.slug, illustrator=illustrator),
                    progress=report,
                )
                imported += summary.imported
            # As an organiser would: match everything, then settle the parallel sessions by
            # the room each illustrator stayed in.
            grace = timedelta(minutes=30)
            match_event(db, event, grace=grace)
            for illustrator, room in sources.rooms.items():
                match_event(db, event, grace=grace, room=room, illustrator=illustrator)
            matched = count_in_sessions(db)
            by_name = ids_by_original_name(db)
            with db.transaction() as conn:
                for name, description in sources.descriptions.items():
                    item_id = by_name.get(name)
                    if item_id is None:
                        continue
                    fields = {
                        "title": description.title,
                        "caption": description.caption,
                        "transcription": description.transcription,
                    }
                    update_items(db, [item_id], **fields)
                    add_tags(conn, [item_id], description.tags)
                    add_people(conn, [item_id], description.speakers, "speaker")
                update_items(db, list(by_name.values()), published=True)
            sessions = count_sessions(db)
            with SearchIndex(archive) as index:
                index.sync()
    return (
        f"Demo archive {path}: event «{event.name}» ({event.slug}), {sessions} sessions, "
        f"{imported} drawings by {len(sources.illustrators)} illustrators; "
        f"{matched} tied to a session by capture time."
    )
