"""What else travels in a contribution package: clock offsets per device serial or per
illustrator (two illustrators with the same phone model keep their own matches), covers
and the hand-set order of a session's drawings."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.covers import (
    hand_order,
    named_covers,
    set_event_cover,
    set_session_cover,
    set_session_order,
)
from carnet.catalog.events import (
    add_event,
    camera_offsets,
    clock_keys,
    find_session,
    get_event,
    offset_key,
    set_camera_offset,
)
from carnet.catalog.items import list_items
from carnet.cli.main import main
from carnet.errors import InvalidValue
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.merge.apply import apply_plan, open_conflicts
from carnet.merge.package import read_source, write_package
from carnet.merge.plan import MergePlan, make_plan
from carnet.programme.store import import_programme, match_event
from tests.imaging import exif_for, pattern_image
from tests.merge.test_merge import TZ, _merge, _programme, _rewrite_json

# The programme (Paris time): Ouverture 09:00–10:00 (s1), Communs 10:30–11:45 (s2),
# Clôture 14:00–15:00 (s3).


def _photos(folder: Path, count: int, taken: str, serial: str | None, tint: int) -> Path:
    """``count`` distinct photos from an 'Apple iPhone 13', taken at ``taken`` (camera
    clock), with ``serial`` as its BodySerialNumber."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        exif = exif_for(captured_at=f"2016:09:29 {taken}:{n:02d}", make="Apple", model="iPhone 13")
        if serial is not None:
            exif.get_ifd(0x8769)[0xA431] = serial
        image = pattern_image((160, 120), color=(tint, 40 + n * 30, 90))
        image.save(folder / f"IMG_{n:03d}.jpg", "JPEG", exif=exif, quality=90)
    return folder


def _illustrator(
    root: Path, photos: Path, name: str, offset: int, *, serial: str | None = None
) -> Path:
    """An illustrator's archive with no programme: the event, their photos, their offset
    (for their device's serial, else for their phone model)."""
    with Archive.create(root) as archive:
        add_event(archive.db, slug="forum-2016", name="Forum", timezone=TZ)
        import_paths(archive, [photos], ImportOptions(event="forum-2016", illustrator=name, jobs=1))
        if serial is not None:
            set_camera_offset(archive.db, None, offset, serial=serial)
        else:
            set_camera_offset(archive.db, "Apple iPhone 13", offset)
    return root


def _share(root: Path, out: Path, name: str) -> Path:
    with Archive.open(root, readonly=True) as archive:
        write_package(archive, out, event="forum-2016", illustrator=name)
    return out


def _organiser(root: Path) -> Path:
    with Archive.create(root) as archive:
        event = add_event(archive.db, slug="forum-2016", name="Forum", timezone=TZ)
        import_programme(archive.db, event, _programme())
    return root


def _sessions_of(root: Path) -> dict[str, set[str | None]]:
    """Each illustrator's drawings' session titles."""
    out: dict[str, set[str | None]] = {}
    with Archive.open(root, readonly=True) as archive:
        for item in list_items(archive.db):
            for name in item.illustrators:
                out.setdefault(name, set()).add(item.session)
    return out


@pytest.mark.parametrize("by_serial", [True, False], ids=["serial", "model"])
def test_two_illustrators_with_the_same_phone_model_keep_their_own_offsets(
    tmp_path: Path, by_serial: bool
) -> None:
    # Inès's phone is an hour late: her 08:40 is 09:40 (Ouverture). Karim's is three hours
    # late: his 11:10 is 14:10 (Clôture), though 11:10 would be Communs.
    ines = _illustrator(
        tmp_path / "ines.carnet",
        _photos(tmp_path / "p1", 3, "08:40", "F2LXK01" if by_serial else None, 200),
        "Inès Martin",
        3600,
        serial="F2LXK01" if by_serial else None,
    )
    karim = _illustrator(
        tmp_path / "karim.carnet",
        _photos(tmp_path / "p2", 3, "11:10", "G7QRZ22" if by_serial else None, 30),
        "Karim Benali",
        3 * 3600,
        serial="G7QRZ22" if by_serial else None,
    )
    organiser = _organiser(tmp_path / "organiser.carnet")
    _merge(organiser, _share(ines, tmp_path / "pkg-ines", "Inès Martin"))
    _merge(organiser, _share(karim, tmp_path / "pkg-karim", "Karim Benali"))
    expected = {"Inès Martin": {"Ouverture"}, "Karim Benali": {"Clôture"}}
    assert _sessions_of(organiser) == expected
    with Archive.open(organiser) as archive:
        offsets = camera_offsets(archive.db)
        if by_serial:
            assert offsets == {"serial:F2LXK01": 3600, "serial:G7QRZ22": 3 * 3600}
        else:
            assert offsets == {
                "illustrator:inès martin|Apple iPhone 13": 3600,
                "illustrator:karim benali|Apple iPhone 13": 3 * 3600,
            }
        # Matching the whole archive again (after the programme changed, say) keeps them.
        match_event(archive.db, get_event(archive.db, "forum-2016"))
    assert _sessions_of(organiser) == expected


def test_the_serial_number_is_kept_and_travels(tmp_path: Path) -> None:
    ines = _illustrator(
        tmp_path / "ines.carnet",
        _photos(tmp_path / "p1", 2, "08:40", "F2LXK01", 200),
        "Inès Martin",
        3600,
        serial="F2LXK01",
    )
    package = _share(ines, tmp_path / "pkg", "Inès Martin")
    doc = json.loads((package / "data" / "contribution.json").read_text())
    assert {i["camera_serial"] for i in doc["items"]} == {"F2LXK01"}
    assert doc["camera_offsets"] == [{"camera": "serial:F2LXK01", "seconds": 3600}]
    organiser = tmp_path / "organiser.carnet"
    Archive.create(organiser).close()
    _merge(organiser, package)
    with Archive.open(organiser, readonly=True) as archive:
        assert {i.camera_serial for i in list_items(archive.db)} == {"F2LXK01"}


def test_clock_keys_go_from_the_device_to_the_model() -> None:
    assert clock_keys("Apple", "iPhone 13", "F2LXK01", ["Inès  Martin"]) == (
        "serial:F2LXK01",
        "illustrator:inès martin|Apple iPhone 13",
        "illustrator:inès martin",
        "Apple iPhone 13",
    )
    assert clock_keys("Apple", "iPhone 13", None, ()) == ("Apple iPhone 13",)
    assert offset_key(illustrator="Inès Martin") == "illustrator:inès martin"
    with pytest.raises(InvalidValue):
        offset_key("Apple iPhone 13", serial="F2", illustrator="Inès")
    with pytest.raises(InvalidValue):
        offset_key()


def test_camera_offset_takes_an_illustrator_or_a_serial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "a.carnet"
    Archive.create(root).close()
    assert main(["camera", "offset", str(root), "Apple iPhone 13", "+01:00:00",
                 "--illustrator", "Inès Martin"]) == 0  # fmt: skip
    assert main(["camera", "offset", str(root), "-00:30:00", "--serial", "F2LXK01"]) == 0
    assert main(["camera", "offset", str(root), "+90s"]) != 0  # no camera, serial or name
    err = capsys.readouterr().err
    assert "name the camera" in err and len(err.strip().splitlines()) == 1
    with Archive.open(root, readonly=True) as archive:
        assert camera_offsets(archive.db) == {
            "illustrator:inès martin|Apple iPhone 13": 3600,
            "serial:F2LXK01": -1800,
        }
    assert main(["camera", "list", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Apple iPhone 13 of inès martin" in out and "serial F2LXK01" in out


# ---------------------------------------------------------------- covers and order


def _described_with_places(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    """An illustrator's archive whose event and a session have covers and whose session
    has a hand-set order; returns it with those as hashes."""
    root = _illustrator(
        tmp_path / "ines.carnet",
        _photos(tmp_path / "p1", 4, "10:40", None, 120),
        "Inès Martin",
        0,
    )
    with Archive.open(root) as archive:
        event = get_event(archive.db, "forum-2016")
        import_programme(archive.db, event, _programme())
        match_event(archive.db, event)
        session = find_session(archive.db, event.id, "Communs")
        items = [i for i in list_items(archive.db) if i.session_id == session]
        assert len(items) == 4
        order = [items[2].id, items[0].id, items[3].id]
        set_session_order(archive.db, session, order)
        set_session_cover(archive.db, session, items[3].id)
        set_event_cover(archive.db, event.id, items[1].id)
        by_id = {i.id: i.hash for i in items}
        places = {
            "order": [by_id[i] for i in order],
            "session_cover": by_id[items[3].id],
            "event_cover": by_id[items[1].id],
        }
    return root, places


def _places(root: Path) -> dict[str, object]:
    with Archive.open(root, readonly=True) as archive:
        event = get_event(archive.db, "forum-2016")
        session = find_session(archive.db, event.id, "Communs")
        by_id = {i.id: i.hash for i in list_items(archive.db)}
        event_cover, session_covers = named_covers(archive.db, event.id)
        return {
            "order": [by_id[i] for i in hand_order(archive.db, session)],
            "session_cover": by_id.get(session_covers.get(session, -1)),
            "event_cover": by_id.get(event_cover) if event_cover else None,
        }


def test_covers_and_order_travel_and_are_taken_where_the_archive_has_none(
    tmp_path: Path,
) -> None:
    source, places = _described_with_places(tmp_path)
    package = _share(source, tmp_path / "pkg", "Inès Martin")
    organiser = _organiser(tmp_path / "organiser.carnet")
    plan = _merge(organiser, package)
    assert not plan.conflicts
    assert _places(organiser) == places
    again = _merge(organiser, package)  # the same package again: nothing to do
    assert again.empty and not again.updates and not again.conflicts
    assert _places(organiser) == places


def test_a_cover_both_sides_chose_differently_is_a_conflict(tmp_path: Path) -> None:
    source, places = _described_with_places(tmp_path)
    organiser = tmp_path / "organiser.carnet"
    # The organiser has the same drawings (merged from an earlier package, without places),
    # and chose another cover for the session.
    doc_package = _share(source, tmp_path / "pkg0", "Inès Martin")
    doc = json.loads((doc_package / "data" / "contribution.json").read_text())
    for e in doc["events"]:
        e["cover"] = None
        for s in e["sessions"]:
            s["cover"], s["order"] = None, []
    _rewrite_json(doc_package, doc)
    _merge(_organiser(organiser), doc_package)
    with Archive.open(organiser) as archive:
        event = get_event(archive.db, "forum-2016")
        session = find_session(archive.db, event.id, "Communs")
        mine = next(
            i
            for i in list_items(archive.db)
            if i.hash not in (places["session_cover"],) and i.session_id == session
        )
        set_session_cover(archive.db, session, mine.id)
    package = _share(source, tmp_path / "pkg", "Inès Martin")
    plan = _merge(organiser, package)
    covers = [c for c in plan.conflicts if c.field == "cover" and c.target]
    assert [(c.target, c.mine, c.theirs) for c in covers] == [
        ("session uid:s2", mine.hash, places["session_cover"])
    ]
    assert _places(organiser)["session_cover"] == mine.hash  # the archive's value is kept
    # What the archive did not have is taken: the event's cover, the order.
    assert _places(organiser)["event_cover"] == places["event_cover"]
    assert _places(organiser)["order"] == places["order"]
    with Archive.open(organiser, readonly=True) as archive:
        open_ = [c for c in open_conflicts(archive) if c["target"]]
    assert [(c["target"], c["field"], c["theirs"]) for c in open_] == [
        ("session uid:s2", "cover", places["session_cover"])
    ]
    # Settled for theirs, as a field would be.
    with Archive.open(organiser) as archive:
        source_ = read_source(package)
        settled: MergePlan = make_plan(archive, source_, prefer_field={"cover": "theirs"})
        assert not settled.conflicts  # the base is theirs now: nothing they changed since
    with Archive.open(source) as archive:
        event = get_event(archive.db, "forum-2016")
        session = find_session(archive.db, event.id, "Communs")
        other = next(
            i for i in list_items(archive.db) if i.hash not in (places["session_cover"], mine.hash)
        )
        set_session_cover(archive.db, session, other.id)
    newer = _share(source, tmp_path / "pkg2", "Inès Martin")
    with Archive.open(organiser) as archive:
        plan = make_plan(archive, read_source(newer), prefer_field={"cover": "theirs"})
        apply_plan(archive, plan, jobs=1)
    assert _places(organiser)["session_cover"] == other.hash


@pytest.mark.parametrize(
    ("where", "value"),
    [("cover", 5), ("cover", "../../etc/passwd"), ("order", ["zz"]), ("order", "abc")],
)
def test_hostile_covers_and_orders_are_refused(
    tmp_path: Path, where: str, value: object, capsys: pytest.CaptureFixture[str]
) -> None:
    source, _ = _described_with_places(tmp_path)
    package = _share(source, tmp_path / "pkg", "Inès Martin")
    doc = json.loads((package / "data" / "contribution.json").read_text())
    doc["events"][0]["sessions"][0][where] = value
    _rewrite_json(package, doc)
    organiser = _organiser(tmp_path / "organiser.carnet")
    assert main(["merge", str(organiser), str(package)]) != 0
    err = capsys.readouterr().err.strip()
    assert "is not a valid package" in err and len(err.splitlines()) == 1
    with Archive.open(organiser, readonly=True) as archive:
        assert list_items(archive.db) == []


def test_an_older_package_without_places_or_serials_still_merges(tmp_path: Path) -> None:
    source, _ = _described_with_places(tmp_path)
    package = _share(source, tmp_path / "pkg", "Inès Martin")
    doc = json.loads((package / "data" / "contribution.json").read_text())
    for e in doc["events"]:
        e.pop("cover")
        for s in e["sessions"]:
            s.pop("cover")
            s.pop("order")
    for i in doc["items"]:
        i.pop("camera_serial")
    _rewrite_json(package, doc)
    organiser = _organiser(tmp_path / "organiser.carnet")
    plan = _merge(organiser, package)
    assert len(plan.new_items) == 4
    assert _places(organiser) == {"order": [], "session_cover": None, "event_cover": None}


def test_share_then_merge_into_an_empty_archive_reproduces_offsets_covers_and_order(
    tmp_path: Path,
) -> None:
    source, places = _described_with_places(tmp_path)
    with Archive.open(source) as archive:
        set_camera_offset(archive.db, "Apple iPhone 13", 120)
        set_camera_offset(archive.db, None, -60, serial="F2LXK01")
        set_camera_offset(archive.db, None, 30, illustrator="Inès Martin")
        sessions = {i.hash: i.session for i in list_items(archive.db)}
    empty = tmp_path / "empty.carnet"
    Archive.create(empty).close()
    plan = _merge(empty, _share(source, tmp_path / "pkg", "Inès Martin"))
    assert not plan.conflicts
    assert _places(empty) == places
    with Archive.open(empty, readonly=True) as archive:
        assert {i.hash: i.session for i in list_items(archive.db)} == sessions
        # Offsets come back as the illustrator's: a model's is kept under their name.
        assert camera_offsets(archive.db) == {
            "illustrator:inès martin|Apple iPhone 13": 120,
            "serial:F2LXK01": -60,
            "illustrator:inès martin": 30,
        }


@pytest.mark.parametrize("key", ["", "x" * 1001, 7])
def test_a_hostile_offset_key_is_refused(
    tmp_path: Path, key: object, capsys: pytest.CaptureFixture[str]
) -> None:
    source, _ = _described_with_places(tmp_path)
    package = _share(source, tmp_path / "pkg", "Inès Martin")
    doc = json.loads((package / "data" / "contribution.json").read_text())
    doc["camera_offsets"] = [{"camera": key, "seconds": 60}]
    _rewrite_json(package, doc)
    organiser = _organiser(tmp_path / "organiser.carnet")
    assert main(["merge", str(organiser), str(package)]) != 0
    err = capsys.readouterr().err.strip()
    assert "camera_offsets[0].camera" in err and len(err.splitlines()) == 1
    with Archive.open(organiser, readonly=True) as archive:
        assert list_items(archive.db) == [] and camera_offsets(archive.db) == {}


def test_the_dry_run_names_the_covers_and_order_it_would_take(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, places = _described_with_places(tmp_path)
    package = _share(source, tmp_path / "pkg", "Inès Martin")
    organiser = _organiser(tmp_path / "organiser.carnet")
    assert main(["merge", str(organiser), str(package), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "update event forum-2016 cover" in out and "update session uid:s2 order" in out
    assert main(["merge", str(organiser), str(package), "--dry-run", "--json"]) == 0
    updates = json.loads(capsys.readouterr().out)["updates"]
    assert {"item": None, "target": "session uid:s2", "field": "order", "mine": None,
            "theirs": places["order"]} in updates  # fmt: skip
    assert _places(organiser) == {"order": [], "session_cover": None, "event_cover": None}


def test_an_archive_from_before_covers_is_read_as_a_source_and_planned_against(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, _ = _described_with_places(tmp_path)
    older = tmp_path / "older.carnet"
    Archive.create(older).close()
    for root in (source, older):  # as an older Carnet left them: no hand-set orders yet
        conn = sqlite3.connect(root / "catalog.sqlite")
        with conn:
            conn.execute("DROP TABLE session_order")
            conn.execute("DELETE FROM migrations WHERE number >= 9")
        conn.close()
    assert main(["merge", str(older), str(source), "--dry-run"]) == 0  # read-only: as it is
    assert "4 new items" in capsys.readouterr().out
    organiser = _organiser(tmp_path / "organiser.carnet")
    plan = _merge(organiser, source)
    assert len(plan.new_items) == 4
    assert _places(organiser)["order"] == []
