"""The demo's raw material: a programme CSV and two illustrators' phone photos."""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import exifread
import pillow_heif
import pytest
from PIL import Image, ImageOps

from carnet.demo.drawing import draw_board
from carnet.demo.sources import DemoSources, write_demo_sources

pillow_heif.register_heif_opener()

HEADERS = ["titre", "début", "fin", "salle", "parcours", "intervenants", "description"]
# Photos of the final board are taken as the room empties: a few minutes after the end.
GRACE = timedelta(minutes=10)


@dataclass(frozen=True)
class Row:
    title: str
    start: datetime
    end: datetime
    room: str
    track: str
    speakers: tuple[str, ...]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> DemoSources:
    return write_demo_sources(tmp_path_factory.mktemp("demo") / "sources")


@pytest.fixture(scope="module")
def programme(sources: DemoSources) -> list[Row]:
    with sources.programme_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [
        Row(
            r["titre"],
            datetime.strptime(r["début"], "%d/%m/%Y %H:%M"),
            datetime.strptime(r["fin"], "%d/%m/%Y %H:%M"),
            r["salle"],
            r["parcours"],
            tuple(s.strip() for s in r["intervenants"].split(",")),
        )
        for r in rows
    ]


@pytest.fixture(scope="module")
def photos(sources: DemoSources) -> dict[Path, dict[str, str]]:
    """The EXIF of every photo, as the importer reads it (with exifread)."""
    read: dict[Path, dict[str, str]] = {}
    for files in sources.illustrators.values():
        for path in files:
            with path.open("rb") as f:
                tags = exifread.process_file(f, details=False)
            read[path] = {key: str(value) for key, value in tags.items()}
    return read


def all_files(sources: DemoSources) -> list[Path]:
    return [path for files in sources.illustrators.values() for path in files]


def taken(exif: dict[str, str]) -> datetime:
    return datetime.strptime(exif["EXIF DateTimeOriginal"], "%Y:%m:%d %H:%M:%S")


def test_same_seed_gives_the_same_bytes(sources: DemoSources, tmp_path: Path) -> None:
    again = write_demo_sources(tmp_path / "again")

    def contents(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }

    first, second = contents(sources.folder), contents(again.folder)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert again.descriptions == sources.descriptions
    assert again.event == sources.event


def test_counts(sources: DemoSources, programme: list[Row]) -> None:
    files = all_files(sources)
    assert len(sources.illustrators) == 2
    assert 14 <= len(programme) <= 18
    assert 55 <= len(files) <= 65
    assert len({p.name for p in files}) == len(files), "file names are unique across folders"
    suffixes = Counter(p.suffix.lower() for p in files)
    assert 3 <= suffixes[".heic"] <= 8
    assert suffixes[".jpg"] == len(files) - suffixes[".heic"]
    for name, paths in sources.illustrators.items():
        assert len({p.parent for p in paths}) == 1, f"{name}'s photos are in one folder"
        assert paths[0].parent.parent == sources.folder
    assert len({paths[0].parent for paths in sources.illustrators.values()}) == 2


def test_event(sources: DemoSources, programme: list[Row]) -> None:
    event = sources.event
    assert event.timezone == "Europe/Paris"
    assert event.language == "fr"
    assert event.licence == "CC-BY-SA-4.0"
    assert (event.end - event.start).days == 1
    assert {row.start.date() for row in programme} == {event.start, event.end}


def test_programme_csv_is_well_formed(sources: DemoSources, programme: list[Row]) -> None:
    raw = sources.programme_csv.read_bytes()
    text = raw.decode("utf-8")
    assert text.splitlines()[0].split(";") == HEADERS
    with sources.programme_csv.open(encoding="utf-8", newline="") as f:
        assert all(len(record) == len(HEADERS) for record in csv.reader(f, delimiter=";"))
    assert "é" in text and "É" in text
    tracks = Counter(row.track for row in programme)
    assert set(tracks) - {""} == {"Communs", "Démocratie", "Éducation", "Travail"}
    assert tracks[""] >= 2, "opening and closing plenaries have no track"
    assert len({row.room for row in programme}) >= 3
    for row in programme:
        assert row.title and row.room
        assert row.start < row.end <= row.start + timedelta(hours=2)
        assert 2 <= len(row.speakers) <= 3 and all(row.speakers)
    # Two sessions in one room never overlap.
    by_room: dict[str, list[Row]] = {}
    for row in programme:
        by_room.setdefault(row.room, []).append(row)
    for rows in by_room.values():
        rows.sort(key=lambda r: r.start)
        assert all(a.end <= b.start for a, b in itertools.pairwise(rows))


def test_every_photo_opens_and_was_taken_during_a_session(
    sources: DemoSources, programme: list[Row], photos: dict[Path, dict[str, str]]
) -> None:
    after_end = 0
    for path, exif in photos.items():
        with Image.open(path) as image:
            image.draft("RGB", (image.width // 4, image.height // 4))  # decoding is enough
            image.load()
            landscape = image.width > image.height
            upright = ImageOps.exif_transpose(image)
        when = taken(exif)
        hosts = [row for row in programme if row.start <= when <= row.end + GRACE]
        assert hosts, f"{path.name} taken at {when} is in no session"
        if all(when > row.end for row in hosts):
            after_end += 1
        portrait = exif.get("Image Orientation") == "Rotated 90 CW"
        assert landscape
        assert (upright.width < upright.height) == portrait
    assert after_end >= 3, "some photos are taken just after the end, inside the grace period"


def test_each_illustrator_has_one_phone(
    sources: DemoSources, photos: dict[Path, dict[str, str]]
) -> None:
    phones = {}
    for name, files in sources.illustrators.items():
        models = {(photos[p]["Image Make"], photos[p]["Image Model"]) for p in files}
        assert len(models) == 1
        phones[name] = models.pop()
    assert sorted(phones.values()) == [("Apple", "iPhone 13"), ("Samsung", "SM-G991B")]
    orientations = Counter(exif["Image Orientation"] for exif in photos.values())
    assert orientations["Rotated 90 CW"] >= 5
    assert any(
        path.suffix == ".HEIC" and "GPS GPSLatitude" in exif for path, exif in photos.items()
    )


def test_illustrators_mostly_follow_one_room(
    sources: DemoSources, programme: list[Row], photos: dict[Path, dict[str, str]]
) -> None:
    """With the description's speakers, each drawing belongs to exactly one session."""
    for files in sources.illustrators.values():
        rooms: Counter[str] = Counter()
        for path in files:
            description = sources.descriptions.get(path.name)
            if description is None:
                continue
            when = taken(photos[path])
            hosts = [
                row
                for row in programme
                if row.start <= when <= row.end + GRACE
                and set(description.speakers) <= set(row.speakers)
            ]
            assert len(hosts) == 1, path.name
            if hosts[0].track:
                rooms[hosts[0].room] += 1
        (_, most), *_ = rooms.most_common(1)
        assert most == sum(rooms.values()), "outside the plenaries, one room per illustrator"


def test_descriptions(sources: DemoSources) -> None:
    names = {p.name for p in all_files(sources)}
    assert set(sources.descriptions) <= names
    undescribed = names - set(sources.descriptions)
    assert 3 <= len(undescribed) <= 6, "only the drawings captioned in another tool"
    english = 0
    for description in sources.descriptions.values():
        assert description.title and description.caption
        assert description.title in description.transcription
        assert description.speakers
        assert description.tags and all("/" in tag for tag in description.tags)
        english += any(word in description.caption for word in (" the ", " is ", "'s "))
    assert 1 <= english <= 3
    assert any(any(c in d.caption for c in "éèàç") for d in sources.descriptions.values())


def test_photos_captioned_elsewhere_carry_xmp(sources: DemoSources) -> None:
    for path in all_files(sources):
        with Image.open(path) as image:
            xmp = image.info.get("xmp", b"")
        if path.name in sources.descriptions:
            assert not xmp
        else:
            text = xmp.decode("utf-8") if isinstance(xmp, bytes) else str(xmp)
            for element in ("<dc:title>", "<dc:description>", "<dc:subject>"):
                assert element in text, path.name


def test_boards_are_deterministic_and_different() -> None:
    def board(seed: int) -> Image.Image:
        return draw_board(
            "Données ouvertes et territoires",
            size=(400, 300),
            seed=seed,
            palette_index=seed,
            words=["ville", "quartier", "données"],
        )

    first, again, other = board(1), board(1), board(2)
    assert first.mode == "RGB" and first.size == (400, 300)
    assert first.tobytes() == again.tobytes()
    assert first.tobytes() != other.tobytes()
    portrait = draw_board("Titre", size=(300, 400), seed=3, palette_index=1, quote="Bonjour")
    assert portrait.size == (300, 400)
