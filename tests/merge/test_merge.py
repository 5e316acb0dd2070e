"""Share and merge: contribution packages, three-way field merge, people, provenance,
hostile packages and a merge killed half-way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.events import add_event, find_session, get_event
from carnet.catalog.items import Item, add_people, add_tags, list_items, set_session, update_items
from carnet.cli.main import main
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.merge.apply import apply_plan, contributors, open_conflicts, provenance
from carnet.merge.package import PackageRefused, read_source, write_package
from carnet.merge.plan import MergePlan, make_plan
from carnet.programme.model import Programme, SessionRecord
from carnet.programme.store import import_programme, match_event
from tests.imaging import make_jpeg

TZ = "Europe/Paris"


def _programme() -> Programme:
    def at(h: int, m: int) -> datetime:
        return datetime(2016, 9, 29, h - 2, m, tzinfo=UTC)

    return Programme(
        sessions=[
            SessionRecord("Ouverture", at(9, 0), at(10, 0), uid="s1", speakers=["Inès Martin"]),
            SessionRecord("Communs", at(10, 30), at(11, 45), uid="s2", speakers=["Claire Dubois"]),
            SessionRecord("Clôture", at(14, 0), at(15, 0), uid="s3"),
        ]
    )


def _photos(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        make_jpeg(
            folder / f"IMG_{n:03d}.jpg",
            (320, 240),
            color=(n * 20 % 256, 90, 200 - n * 10),
            captured_at=f"2016:09:29 {9 + n // 4:02d}:{(n * 13) % 60:02d}:00",
        )
    return folder


def _archive(root: Path, photos: Path, illustrator: str) -> Path:
    with Archive.create(root) as archive:
        event = add_event(archive.db, slug="forum-2016", name="Forum", timezone=TZ)
        import_programme(archive.db, event, _programme())
        import_paths(
            archive,
            [photos],
            ImportOptions(event="forum-2016", illustrator=illustrator, jobs=1),
        )
        match_event(archive.db, event)
    return root


def _by_hash(archive: Archive) -> dict[str, Item]:
    return {i.hash: i for i in list_items(archive.db)}


def _merge(target: Path, source: Path, **prefer: Any) -> MergePlan:
    with Archive.open(target) as archive:
        plan = make_plan(archive, read_source(source), **prefer)
        apply_plan(archive, plan, jobs=1)
    return plan


def _snapshot(root: Path) -> dict[str, Any]:
    """What the merge must carry: items' descriptions, relations, matches, corrections."""
    with Archive.open(root, readonly=True) as archive:
        out = {}
        for item in list_items(archive.db):
            d = item.to_dict()
            for key in ("id", "imported_at", "original_path", "event_id", "session_id"):
                d.pop(key)
            out[item.hash] = d
        sessions = sorted(
            tuple(r)
            for r in archive.db.query("SELECT uid, title, start, end, track, room FROM sessions")
        )
        people = sorted(
            tuple(r)
            for r in archive.db.query(
                "SELECT p.name, ep.role FROM event_people ep JOIN people p ON p.id = ep.person_id"
            )
        )
    return {"items": out, "sessions": sessions, "people": people}


@pytest.fixture
def described(tmp_path: Path) -> Path:
    """An illustrator's archive: captions, tags, a hand-set match, a correction."""
    root = _archive(tmp_path / "ines.carnet", _photos(tmp_path / "p1", range(6)), "Inès Martin")
    with Archive.open(root) as archive:
        items = list_items(archive.db)
        update_items(archive.db, [items[0].id], caption="La fresque des communs", title="Fresque")
        update_items(archive.db, [items[1].id], rotation=90, licence="CC-BY-SA-4.0")
        with archive.db.transaction() as conn:
            add_tags(conn, [items[0].id, items[2].id], ["theme/communs"])
            add_people(conn, [items[2].id], ["Jérôme Lefèvre"], "speaker")
        event = get_event(archive.db, "forum-2016")
        set_session(archive.db, [items[3].id], find_session(archive.db, event.id, "Clôture"))
    return root


def test_share_then_merge_into_an_empty_archive_reproduces_the_source(
    described: Path, tmp_path: Path
) -> None:
    package = tmp_path / "package"
    with Archive.open(described, readonly=True) as archive:
        summary = write_package(archive, package, event="forum-2016", illustrator="Inès Martin")
    assert summary.items == 6 and summary.originals == 6
    assert (package / "bagit.txt").is_file()
    assert (package / "data" / "contribution.json").is_file()
    empty = tmp_path / "organiser.carnet"
    Archive.create(empty).close()
    plan = _merge(empty, package)
    assert len(plan.new_items) == 6 and not plan.conflicts
    assert _snapshot(empty) == _snapshot(described)
    with Archive.open(empty, readonly=True) as archive:
        item = list_items(archive.db)[0]
        origin = provenance(archive, item.id)
        assert {p["illustrator"] for p in origin} == {"Inès Martin"}
        assert any(p["field"] is None for p in origin)  # the item itself
        assert contributors(archive) == ["Inès Martin"]
        assert check_archive(archive).problems == []


def test_merging_twice_changes_nothing_the_second_time(described: Path, tmp_path: Path) -> None:
    package = tmp_path / "package"
    with Archive.open(described, readonly=True) as archive:
        write_package(archive, package, event="forum-2016")
    target = tmp_path / "organiser.carnet"
    Archive.create(target).close()
    _merge(target, package)
    with Archive.open(target, readonly=True) as archive:
        seq = archive.change_seq()
    plan = _merge(target, package)
    assert plan.empty
    with Archive.open(target, readonly=True) as archive:
        assert archive.change_seq() == seq


def _two_sides(tmp_path: Path) -> tuple[Path, Path]:
    """Two archives from one programme, overlapping photos, each described its own way."""
    a = _archive(tmp_path / "a.carnet", _photos(tmp_path / "pa", range(0, 6)), "Inès Martin")
    b = _archive(tmp_path / "b.carnet", _photos(tmp_path / "pb", range(3, 9)), "Ines Martin")
    for root, caption, tag, speaker, session in (
        (a, "caption from A", "a/tag", ["Jerome Lefevre"], "Ouverture"),
        (
            b,
            "caption from B",
            "b/tag",
            ["Jérôme Lefèvre", "Clare Dubois", "claire  DUBOIS"],
            "Clôture",
        ),
    ):
        with Archive.open(root) as archive:
            shared = sorted(_by_hash(archive).items())
            ids = [i.id for h, i in shared]
            update_items(archive.db, ids, caption=caption)
            with archive.db.transaction() as conn:
                add_tags(conn, ids, [tag])
                add_people(conn, ids[:1], speaker, "speaker")
            event = get_event(archive.db, "forum-2016")
            set_session(archive.db, ids[-1:], find_session(archive.db, event.id, session))
    return a, b


def _conflicts(plan: MergePlan) -> set[tuple[str, str]]:
    return {(c.hash, c.field) for c in plan.conflicts}


def test_merging_both_ways_gives_the_same_items_and_the_same_conflicts(tmp_path: Path) -> None:
    a, b = _two_sides(tmp_path)
    a2, b2 = tmp_path / "a2.carnet", tmp_path / "b2.carnet"
    shutil.copytree(a, a2)
    shutil.copytree(b, b2)
    ab = _merge(a2, b)
    ba = _merge(b2, a)
    assert _conflicts(ab) == _conflicts(ba)
    assert {f for _, f in _conflicts(ab)} == {"caption"}
    with Archive.open(a2, readonly=True) as x, Archive.open(b2, readonly=True) as y:
        items_x, items_y = _by_hash(x), _by_hash(y)
        assert items_x.keys() == items_y.keys() and len(items_x) == 9
        for h in items_x:
            assert sorted(items_x[h].tags) == sorted(items_y[h].tags)
        assert any(set(i.tags) == {"a/tag", "b/tag"} for i in items_x.values())
        # Open conflicts keep the archive's value and stay reviewable.
        assert {i.caption for h, i in items_x.items() if (h, "caption") in _conflicts(ab)} == {
            "caption from A"
        }
        assert len(open_conflicts(x)) == len(ab.conflicts)
    # People: equal once folded are one; accents or a typo only are proposed, not merged.
    assert {(p.theirs, p.mine) for p in ab.people} >= {("Ines Martin", "Inès Martin")}
    proposed = {(p.theirs, p.mine, p.why) for p in ab.people}
    assert ("Jérôme Lefèvre", "Jerome Lefevre", "accents") in proposed
    assert ("Clare Dubois", "Claire Dubois", "typo") in proposed
    assert not any(p.theirs.casefold() == "claire dubois" for p in ab.people)
    # Merging again is a no-op.
    assert _merge(a2, b).empty


def test_prefer_settles_conflicts(tmp_path: Path) -> None:
    a, b = _two_sides(tmp_path)
    plan = _merge(a, b, prefer_field={"caption": "theirs"})
    assert not plan.conflicts
    with Archive.open(a, readonly=True) as archive:
        shared = [
            i
            for h, i in _by_hash(archive).items()
            if (h, "caption") in {(c.hash, c.field) for c in plan.updates}
        ]
        assert shared and {i.caption for i in shared} == {"caption from B"}
        assert provenance(archive, shared[0].id)[-1]["field"] in ("caption", "tags", "speakers")


def test_a_newer_package_counts_only_what_changed_since(described: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "pk1", tmp_path / "pk2"
    with Archive.open(described, readonly=True) as archive:
        write_package(archive, first, event="forum-2016", illustrator="Inès Martin")
    target = tmp_path / "organiser.carnet"
    Archive.create(target).close()
    _merge(target, first)
    with Archive.open(target) as archive:  # the organiser rewrites one caption
        item = next(i for i in list_items(archive.db) if i.caption)
        update_items(archive.db, [item.id], caption="Organiser's caption")
        digest = item.hash
    with Archive.open(described) as archive:  # the illustrator changes a title elsewhere
        other = next(i for i in list_items(archive.db) if i.hash != digest)
        update_items(archive.db, [other.id], title="New title")
        write_package(archive, second, event="forum-2016", illustrator="Inès Martin")
    plan = _merge(target, second)
    assert not plan.conflicts  # the caption they did not touch is not a conflict
    assert [(c.hash, c.field, c.value) for c in plan.updates] == [
        (other.hash, "title", "New title")
    ]
    with Archive.open(target, readonly=True) as archive:
        assert _by_hash(archive)[digest].caption == "Organiser's caption"


def test_dry_run_writes_nothing_and_says_what_would_change(
    described: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "package"
    assert main(["share", str(described), str(package), "--event", "forum-2016"]) == 0
    target = tmp_path / "organiser.carnet"
    Archive.create(target).close()
    before = (target / "catalog.sqlite").read_bytes()
    assert main(["merge", str(target), str(package), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "6 new items" in out
    assert (target / "catalog.sqlite").read_bytes() == before
    assert main(["merge", str(target), str(package)]) == 0
    assert "merged: 6 new items" in capsys.readouterr().out


def test_no_originals_package_brings_descriptions_of_items_both_have(
    described: Path, tmp_path: Path
) -> None:
    target = tmp_path / "organiser.carnet"
    shutil.copytree(described, target)
    with Archive.open(target) as archive:  # the organiser's copy lacks the descriptions
        ids = [i.id for i in list_items(archive.db)]
        update_items(archive.db, ids, caption=None, title=None)
    package = tmp_path / "small"
    with Archive.open(described, readonly=True) as archive:
        write_package(archive, package, event="forum-2016", originals=False)
    assert not list((package / "data").glob("originals"))
    plan = _merge(target, package)
    assert {c.field for c in plan.updates} >= {"caption", "title"}
    with Archive.open(target, readonly=True) as archive:
        assert "La fresque des communs" in {i.caption for i in list_items(archive.db)}


# ---------------------------------------------------------------- hostile sources


@pytest.fixture
def package(described: Path, tmp_path: Path) -> Path:
    out = tmp_path / "package"
    with Archive.open(described, readonly=True) as archive:
        write_package(archive, out, event="forum-2016")
    return out


def _rewrite_json(package: Path, doc: Any) -> None:
    """Replace the description and fix the manifest, as a crafted package would."""
    import hashlib

    raw = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    (package / "data" / "contribution.json").write_bytes(raw)
    manifest = package / "manifest-sha256.txt"
    lines = [
        f"{hashlib.sha256(raw).hexdigest()}  data/contribution.json"
        if line.endswith("data/contribution.json")
        else line
        for line in manifest.read_text().splitlines()
    ]
    manifest.write_text("\n".join(lines) + "\n")
    info = package / "bag-info.txt"
    size = sum(p.stat().st_size for p in (package / "data").rglob("*") if p.is_file())
    count = sum(1 for p in (package / "data").rglob("*") if p.is_file())
    info.write_text(
        "\n".join(
            f"Payload-Oxum: {size}.{count}" if line.startswith("Payload-Oxum") else line
            for line in info.read_text().splitlines()
        )
        + "\n"
    )
    (package / "tagmanifest-sha256.txt").unlink()


def _refused(target: Path, source: Path) -> str:
    with pytest.raises(PackageRefused) as caught:
        _merge(target, source)
    return str(caught.value)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    root = tmp_path / "organiser.carnet"
    Archive.create(root).close()
    return root


def test_a_path_traversal_member_is_refused(package: Path, target: Path) -> None:
    manifest = package / "manifest-sha256.txt"
    manifest.write_text(manifest.read_text() + f"{'0' * 64}  data/../../escape.txt\n")
    (package / "tagmanifest-sha256.txt").unlink()
    assert "not a valid package" in _refused(target, package)
    assert not (target.parent / "escape.txt").exists()


def test_a_bad_checksum_is_refused_and_nothing_merged(package: Path, target: Path) -> None:
    original = next((package / "data" / "originals").rglob("*.jpg"))
    data = bytearray(original.read_bytes())
    data[-10] ^= 0xFF
    original.write_bytes(bytes(data))
    assert "checksum" in _refused(target, package)
    with Archive.open(target, readonly=True) as archive:
        assert list_items(archive.db) == []


def test_a_tampered_description_checksum_is_refused(package: Path, target: Path) -> None:
    description = package / "data" / "contribution.json"
    description.write_bytes(description.read_bytes().replace(b"Fresque", b"Frisque"))
    assert "checksum" in _refused(target, package)


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        ({"format": "carnet-contribution", "schema": 1, "package": {"id": 5}}, "package.id"),
        ({"format": "carnet-contribution", "schema": "1"}, "schema should be a number"),
        (b"{not json", "not JSON"),
        ({"format": "carnet-contribution", "schema": 99, "package": {}}, "newer Carnet"),
    ],
)
def test_hostile_json_is_refused_in_one_sentence(
    package: Path, target: Path, doc: Any, words: str
) -> None:
    _rewrite_json(package, doc)
    message = _refused(target, package)
    assert words in message and "\n" not in message


def test_wrong_types_in_an_item_are_refused(package: Path, target: Path) -> None:
    doc = json.loads((package / "data" / "contribution.json").read_bytes())
    doc["items"][0]["caption"] = {"$": "x"}
    _rewrite_json(package, doc)
    assert "items[0].caption" in _refused(target, package)


def test_a_huge_description_is_refused_before_parsing(
    package: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("carnet.merge.package.MAX_JSON", 1000)
    assert "larger than" in _refused(target, package)


def test_an_archive_source_index_is_never_read(described: Path, target: Path) -> None:
    index = described / "index"
    index.mkdir()
    (index / "_MAIN_1.toc").write_bytes(b"cos\nsystem\n(S'touch /tmp/pwned'\ntR.")
    os.chmod(index, 0o000)  # reading it would fail loudly
    try:
        plan = _merge(target, described)
    finally:
        os.chmod(index, 0o755)
    assert len(plan.new_items) == 6
    assert (index / "_MAIN_1.toc").exists()  # untouched


def test_a_source_that_is_neither_is_refused(tmp_path: Path, target: Path) -> None:
    (tmp_path / "loose").mkdir()
    assert "neither" in _refused(target, tmp_path / "loose")


def test_a_killed_merge_leaves_the_archive_as_before_or_after(
    described: Path, tmp_path: Path
) -> None:
    package = tmp_path / "package"
    with Archive.open(described, readonly=True) as archive:
        write_package(archive, package, event="forum-2016")
    for delay in (0.3, 0.8, 1.5):
        target = tmp_path / f"t{delay}.carnet"
        Archive.create(target).close()
        proc = subprocess.Popen(
            [sys.executable, "-m", "carnet", "merge", str(target), str(package), "--jobs", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        with Archive.open(target) as archive:
            count = len(list_items(archive.db))
            assert count in (0, 6)
            assert check_archive(archive).problems == []
        _merge(target, package)
        with Archive.open(target, readonly=True) as archive:
            assert len(list_items(archive.db)) == 6


def test_event_dates_survive(described: Path, tmp_path: Path) -> None:
    with Archive.open(described) as archive:
        archive.db.execute(
            "UPDATE events SET start_date = ? WHERE slug = 'forum-2016'",
            (date(2016, 9, 29).isoformat(),),
        )
    target = tmp_path / "o.carnet"
    Archive.create(target).close()
    _merge(target, described)
    with Archive.open(target, readonly=True) as archive:
        assert get_event(archive.db, "forum-2016").start_date == "2016-09-29"


def test_item_show_says_where_an_item_came_from(
    described: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "package"
    assert (
        main(
            [
                "share",
                str(described),
                str(package),
                "--event",
                "forum-2016",
                "--illustrator",
                "Inès Martin",
            ]
        )
        == 0
    )
    target = tmp_path / "organiser.carnet"
    Archive.create(target).close()
    assert main(["merge", str(target), str(package)]) == 0
    capsys.readouterr()
    assert main(["item", "show", str(target), "1"]) == 0
    out = capsys.readouterr().out
    assert "From:" in out and "Inès Martin, package" in out
    assert main(["item", "show", str(target), "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {o["illustrator"] for o in shown["provenance"]} == {"Inès Martin"}


def test_a_source_catalog_is_read_with_an_untrusted_schema(described: Path) -> None:
    with Archive.open(described, readonly=True) as archive:
        assert archive.db.scalar("PRAGMA trusted_schema") == 0


def test_hostile_names_and_tags_are_cleaned_not_run(package: Path, target: Path) -> None:
    doc = json.loads((package / "data" / "contribution.json").read_bytes())
    doc["items"][0]["tags"] = ["", "  /  ", "ok/tag"]
    doc["items"][0]["speakers"] = ["\x1b[31mRed\x1b[0m", "   "]
    _rewrite_json(package, doc)
    _merge(target, package)
    with Archive.open(target, readonly=True) as archive:
        item = _by_hash(archive)[doc["items"][0]["hash"]]
        assert "ok/tag" in item.tags and "" not in item.tags
        assert all("\x1b" not in name for name in item.speakers)


def test_undo_restores_the_archive_as_it_was_originals_included(
    described: Path, tmp_path: Path
) -> None:
    from carnet.merge.apply import undo_merge

    package = tmp_path / "package"
    with Archive.open(described, readonly=True) as archive:
        write_package(archive, package, event="forum-2016")
    target = _archive(tmp_path / "o.carnet", _photos(tmp_path / "po", range(4, 8)), "Org")
    before = _snapshot(target)
    originals_before = sorted(p.name for p in (target / "originals").rglob("*.jpg"))
    with Archive.open(target) as archive:
        plan = make_plan(archive, read_source(package))
        summary = apply_plan(archive, plan, jobs=1, keep_undo=True)
        assert summary.undo is not None and len(summary.undo.added) == 4  # 2 were there
        assert len(list_items(archive.db)) == 8
        undo_merge(archive, summary.undo)
        assert check_archive(archive).problems == []
    assert _snapshot(target) == before
    assert sorted(p.name for p in (target / "originals").rglob("*.jpg")) == originals_before
    assert not (target / "catalog.sqlite.before-merge").exists()


def test_drawings_nobody_is_credited_for_are_credited_to_the_package_illustrator(
    tmp_path: Path,
) -> None:
    source = tmp_path / "zoe.carnet"
    with Archive.create(source) as archive:
        add_event(archive.db, slug="forum-2016", name="Forum", timezone=TZ)
        import_paths(
            archive, [_photos(tmp_path / "pz", range(2))], ImportOptions(event="forum-2016", jobs=1)
        )
        write_package(archive, tmp_path / "package", event="forum-2016", illustrator="Zoé")
    target = tmp_path / "o.carnet"
    Archive.create(target).close()
    _merge(target, tmp_path / "package")
    with Archive.open(target, readonly=True) as archive:
        assert {tuple(i.illustrators) for i in list_items(archive.db)} == {("Zoé",)}
        assert contributors(archive) == ["Zoé"]
