"""A small archive with French and English events, built in the catalog directly (fast)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from carnet.catalog import identity
from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import NewItem, add_people, insert_item, set_session, update_items
from carnet.search import SearchIndex
from carnet.search.index import index_folder


@dataclass
class Forum:
    """The archive and the ids of its items, by a short name."""

    archive: Archive
    ids: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, int] = field(default_factory=dict)


def add_item(
    archive: Archive,
    name: str,
    *,
    event_id: int | None = None,
    title: str | None = None,
    caption: str | None = None,
    transcription: str | None = None,
    tags: list[str] | None = None,
    speakers: list[str] | None = None,
    illustrator: str | None = None,
    captured_at: str | None = None,
    session_id: int | None = None,
    published: bool = False,
) -> int:
    """Insert one item the way the import pipeline does, then describe it."""
    with archive.db.transaction() as conn:
        item_id = insert_item(
            conn,
            NewItem(
                hash=hashlib.sha256(name.encode()).hexdigest(),
                original_name=f"{name}.jpg",
                original_path=f"/photos/{name}.jpg",
                format="jpeg",
                size=1000,
                title=title,
                caption=caption,
                keywords=tags or [],
                event_id=event_id,
                illustrator=illustrator,
                captured_at=captured_at,
            ),
        )
        if speakers:
            add_people(conn, [item_id], speakers, "speaker")
    if transcription is not None or published:
        update_items(archive.db, [item_id], transcription=transcription, published=published)
    if session_id is not None:
        set_session(archive.db, [item_id], session_id)
    return item_id


def add_session(
    archive: Archive,
    event_id: int,
    title: str,
    *,
    track: str | None = None,
    room: str | None = None,
    start: str = "2016-09-29T10:30:00+02:00",
    speakers: list[str] | None = None,
) -> int:
    with archive.db.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO sessions (event_id, title, track, room, start, end)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (event_id, title, track, room, start, start[:11] + "23:00:00+02:00"),
        )
        session_id = int(cur.lastrowid or 0)
        for position, name in enumerate(speakers or []):
            row = conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
            person = (
                row[0]
                if row
                else conn.execute("INSERT INTO people (name) VALUES (?)", (name,)).lastrowid
            )
            conn.execute(
                "INSERT INTO session_speakers (session_id, person_id, position) VALUES (?, ?, ?)",
                (session_id, person, position),
            )
    return session_id


def build_forum(root: Path) -> Forum:
    archive = Archive.create(root)
    forum = Forum(archive)
    fr = add_event(
        archive.db,
        slug="forum-2016",
        name="Forum Humanisme",
        timezone="Europe/Paris",
        language="fr",
    ).id
    en = add_event(
        archive.db, slug="summit", name="Civic Summit", timezone="Europe/London", language="en"
    ).id
    communs = add_session(
        archive,
        fr,
        "Les communs urbains",
        track="Communs",
        room="Salle A",
        speakers=["Elinor Ostrom"],
    )
    democratie = add_session(
        archive,
        fr,
        "Démocratie locale",
        track="Démocratie",
        room="Grand amphi",
        start="2016-09-30T09:00:00+02:00",
    )
    forum.sessions = {"communs": communs, "democratie": democratie}
    forum.ids["societe"] = add_item(
        archive,
        "societe",
        event_id=fr,
        title="La société numérique",
        caption="Les citoyennes et l'intelligence artificielle : une question de confiance.",
        transcription="NUMÉRIQUE → CONFIANCE !",
        tags=["thème/numérique"],
        illustrator="Élise Dupré",
        captured_at="2016-09-29T11:52:00",
        session_id=communs,
        published=True,
    )
    forum.ids["communs"] = add_item(
        archive,
        "communs",
        event_id=fr,
        title="Carte mentale",
        caption="Les communs urbains et la démocratie locale, vus par les habitants.",
        tags=["thème/communs", "format/carte mentale"],
        speakers=["Paul Langevin"],
        illustrator="Zoé Bérard",
        captured_at="2016-09-29T15:10:00",
        session_id=communs,
    )
    forum.ids["ecologie"] = add_item(
        archive,
        "ecologie",
        event_id=fr,
        title="Transition écologique",
        caption="Des villes durables : l'énergie partagée entre voisins.",
        tags=["thème/écologie"],
        illustrator="Élise Dupré",
        captured_at="2016-09-30T09:40:00",
        session_id=democratie,
    )
    forum.ids["script"] = add_item(
        archive,
        "script",
        event_id=fr,
        title="Piège",
        caption="Un <script>alert('confiance')</script> dans la légende & des <b>balises</b>.",
        captured_at="2016-09-30T10:00:00",
    )
    forum.ids["drawings"] = add_item(
        archive,
        "drawings",
        event_id=en,
        title="Drawings of the commons",
        caption="Citizens drawing their cities; trust between neighbours.",
        tags=["theme/commons"],
        speakers=["Elinor Ostrom"],
        illustrator="Oliver Brown",
        captured_at="2017-05-12T14:00:00",
        published=True,
    )
    forum.ids["loose"] = add_item(
        archive,
        "loose",
        title=None,
        caption="Une esquisse sans événement, à reprendre.",
    )
    return forum


@pytest.fixture
def forum(tmp_path: Path) -> Iterator[Forum]:
    built = build_forum(tmp_path / "Forum.carnet")
    yield built
    built.archive.close()


@pytest.fixture
def index(forum: Forum) -> Iterator[SearchIndex]:
    with SearchIndex(forum.archive) as idx:
        yield idx


def found(index: SearchIndex, query: str, **kwargs: object) -> set[int]:
    """The ids ``matching_ids`` returns, checked against the ranked search's total."""
    ids = index.matching_ids(query, **kwargs)  # type: ignore[arg-type]
    results = index.search(query, limit=50, **kwargs)  # type: ignore[arg-type]
    assert results.total == len(ids), query
    assert {h.id for h in results.hits} == ids, query
    return ids


def cache_folder(archive: Archive) -> Path:
    """The folder of ``archive``'s search index in the user's cache (the test's own)."""
    archive_id = identity.archive_id(archive.db)
    assert archive_id is not None
    return index_folder(archive_id, archive.root)
