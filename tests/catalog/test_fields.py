"""Every declared item field reaches every place derived from the declaration.

``catalog/fields.py`` declares the item's descriptive fields once; these tests fail when a
declared field is missing from the catalog, the search, the kit's metadata files, the
command line or the inspector — or when a descriptive attribute is added to ``Item``
without being declared.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.database import Database
from carnet.catalog.events import add_event
from carnet.catalog.fields import FIELDS_BY_NAME, ITEM_FIELDS, MAX_TEXT, searched_fields
from carnet.catalog.items import Item, NewItem, get_item, insert_item, update_items
from carnet.catalog.readings import store_reading
from carnet.errors import InvalidValue
from carnet.media.metadata import Metadata
from carnet.search import SearchIndex
from carnet.search.schema import FIELD_ALIASES, FIELD_HELP, parse_schema

#: ``Item``'s attributes that are not descriptive fields: what the file and the import
#: say about it, its place in the catalog, and its relations.
TECHNICAL = {
    "id",
    "hash",
    "original_name",
    "original_path",
    "format",
    "size",
    "width",
    "height",
    "captured_at",
    "capture_offset",
    "camera_make",
    "camera_model",
    "camera_serial",
    "orientation",
    "gps_lat",
    "gps_lon",
    "gps_alt",
    "imported_at",
    "event_id",
    "session_id",
    "session_source",
    "corrections",
    "trashed_at",
    "ocr_engine",
    "ocr_confidence",
    "ocr_read_at",
    "event",
    "session",
    "tags",
    "speakers",
    "illustrators",
}

TEXT_KINDS = ("text", "longtext")


#: A value of each kind, as it is set and as the kit's metadata files show it.
SAMPLES: dict[str, tuple[object, object]] = {
    "text": ("Un mot", "Un mot"),
    "longtext": ("Deux\nlignes", "Deux\nlignes"),
    "licence": ("CC-BY-4.0", "CC-BY-4.0"),
    "bool": (True, True),
}


#: How each field no one edits gets its value: what the machine read (``carnet transcribe``).
MACHINE_SETTERS = {
    "ocr_text": lambda db, item_id, value: store_reading(db, item_id, value, "engine", 0.9),
}


def _set(db: Database, item_id: int, name: str, value: object) -> None:
    """Give a field a value the way its writer does: an edit, or the machine."""
    if FIELDS_BY_NAME[name].editable:
        update_items(db, [item_id], **{name: value})
    else:
        MACHINE_SETTERS[name](db, item_id, value)


def test_every_field_no_one_edits_has_its_machine_writer() -> None:
    assert {f.name for f in ITEM_FIELDS if not f.editable} == set(MACHINE_SETTERS)


def _new(conn: object, name: str, event_id: int | None = None) -> int:
    return insert_item(
        conn,  # type: ignore[arg-type]
        NewItem(
            hash=hashlib.sha256(name.encode()).hexdigest(),
            original_name=f"{name}.jpg",
            original_path=f"/photos/{name}.jpg",
            format="jpeg",
            size=1000,
            event_id=event_id,
        ),
    )


def test_every_field_is_a_column_and_an_attribute_and_nothing_else_is(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "A.carnet") as archive:
        columns = {r[1] for r in archive.db.query("PRAGMA table_info(items)")}
    attributes = {f.name for f in dataclasses.fields(Item)}
    new_item = {f.name for f in dataclasses.fields(NewItem)}
    metadata = {f.name for f in dataclasses.fields(Metadata)}
    names = [f.name for f in ITEM_FIELDS]
    assert len(set(names)) == len(names)
    for f in ITEM_FIELDS:
        assert f.name in columns, f"{f.name}: no column (a migration adds it)"
        assert f.name in attributes, f"{f.name}: no attribute of Item"
        if f.imported:
            assert f.name in new_item, f"{f.name}: read on import, but not in NewItem"
            assert f.name in metadata, f"{f.name}: read on import, but not in Metadata"
    undeclared = attributes - set(names) - TECHNICAL
    assert undeclared == set(), f"declare these in catalog/fields.py: {undeclared}"


def test_every_editable_field_is_set_cleaned_and_read_back(tmp_path: Path) -> None:
    values = {"text": " a\x07b ", "longtext": "one\ntwo\x00", "licence": "cc-by-4.0", "bool": 1}
    expected = {"text": "ab", "longtext": "one\ntwo", "licence": "CC-BY-4.0", "bool": True}
    with Archive.create(tmp_path / "A.carnet") as archive:
        with archive.db.transaction() as conn:
            item_id = _new(conn, "one")
        for f in ITEM_FIELDS:
            if not f.editable:
                continue
            update_items(archive.db, [item_id], **{f.name: values[f.kind]})
            assert getattr(get_item(archive.db, item_id), f.name) == expected[f.kind], f.name


@pytest.mark.parametrize("field", [f for f in ITEM_FIELDS if f.kind in TEXT_KINDS and f.editable])
def test_a_too_long_text_is_refused_and_changes_nothing(tmp_path: Path, field: object) -> None:
    name = field.name  # type: ignore[attr-defined]
    with Archive.create(tmp_path / "A.carnet") as archive:
        with archive.db.transaction() as conn:
            item_id = _new(conn, "one")
        other = "title" if name != "title" else "rights"
        update_items(archive.db, [item_id], **{name: "before"})
        with pytest.raises(InvalidValue, match="longer than"):
            update_items(archive.db, [item_id], **{other: "kept out", name: "x" * (MAX_TEXT + 1)})
        item = get_item(archive.db, item_id)
        assert getattr(item, name) == "before"
        assert getattr(item, other) is None


def test_an_undeclared_field_is_refused(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "A.carnet") as archive:
        with archive.db.transaction() as conn:
            item_id = _new(conn, "one")
        with pytest.raises(InvalidValue, match="cannot set hash"):
            update_items(archive.db, [item_id], hash="0" * 64, title="kept out")
        assert get_item(archive.db, item_id).title is None


def test_every_searched_field_is_in_the_search_schema_and_found(tmp_path: Path) -> None:
    searched = searched_fields()
    assert {"title", "caption", "published"} <= {f.name for f in searched}
    parse_fields = set(parse_schema().names())
    words: dict[str, int] = {}
    with Archive.create(tmp_path / "A.carnet") as archive:
        for n, f in enumerate(searched):
            with archive.db.transaction() as conn:
                item_id = _new(conn, f.name)
            if f.kind in TEXT_KINDS:
                # A letter then "k": no stemmer takes two of these words for one.
                word = f"zorglub{chr(ord('a') + n)}k"
                _set(archive.db, item_id, f.name, f"Le {word} dessiné")
                words[f.name] = item_id
                assert f.search is not None
                if f.search.text:
                    with SearchIndex(archive) as index:
                        assert index.matching_ids(word) == {item_id}, f.name
            else:
                update_items(archive.db, [item_id], **{f.name: True})
            assert f.search is not None
            for name in f.search.names:
                assert FIELD_ALIASES[name] == f.name
                assert name in FIELD_HELP
                assert f.name in parse_fields, f"{f.name}: not in the parse schema"
                query = f"{name}:yes" if f.kind == "bool" else f"{name}:{word}"
                with SearchIndex(archive) as index:
                    assert item_id in index.matching_ids(query), query


def test_every_exported_field_is_in_the_kits_metadata_files(tmp_path: Path) -> None:
    from carnet.kit import ExportOptions, export_kit

    exported = [f for f in ITEM_FIELDS if f.export]
    assert {"title", "caption", "licence"} <= {f.name for f in exported}
    with Archive.create(tmp_path / "A.carnet") as archive:
        event = add_event(archive.db, slug="forum", name="Forum", timezone="Europe/Paris")
        with archive.db.transaction() as conn:
            item_id = _new(conn, "one", event.id)
        values = {f.name: SAMPLES[f.kind][0] for f in ITEM_FIELDS if f.editable}
        update_items(archive.db, [item_id], **{**values, "published": True})
        export_kit(archive, "forum", tmp_path / "kit", ExportOptions())
    data = tmp_path / "kit" / "data"
    record = json.loads((data / "items.json").read_text("utf-8"))["items"][0]
    rows = list(csv.DictReader(io.StringIO((data / "items.csv").read_text("utf-8-sig"))))
    assert record["id"] == item_id and rows[0]["id"] == str(item_id)
    for f in exported:
        shown = SAMPLES[f.kind][1]
        assert record[f.name] == shown, f.name
        assert rows[0][f.name] == str(shown), f.name


def test_every_field_is_in_items_json_and_every_editable_one_in_item_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from carnet.cli.main import main

    root = tmp_path / "A.carnet"
    with Archive.create(root) as archive:
        with archive.db.transaction() as conn:
            item_id = _new(conn, "one")
        for f in ITEM_FIELDS:
            if not f.editable:
                _set(archive.db, item_id, f.name, SAMPLES[f.kind][0])
    options: list[str] = []
    for f in ITEM_FIELDS:
        if f.editable and f.cli:
            value = SAMPLES[f.kind][0]
            options += [f.cli] if f.kind == "bool" else [f.cli, str(value)]
    assert main(["item", "set", str(root), str(item_id), *options]) == 0
    capsys.readouterr()
    assert main(["items", str(root), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)[0]
    for f in ITEM_FIELDS:
        assert listed[f.name] == SAMPLES[f.kind][1], f.name
    with pytest.raises(SystemExit):
        main(["item", "set", "--help"])
    usage = capsys.readouterr().out
    for f in ITEM_FIELDS:
        if f.editable:
            assert f.cli and f.cli in usage, f"{f.name}: no option of carnet item set"
