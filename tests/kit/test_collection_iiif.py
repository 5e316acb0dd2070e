"""IIIF in a collection kit (``carnet export ARCHIVE --all OUT --base-url URL``).

Each event's manifests and ``info.json`` files lie in its folder, with ids at
``URL/data/<folder>/…``, and ``data/iiif/collection.json`` lists every event's manifest.
Checked on disk: every id is the address of a file the kit holds, ``iiif-prezi3`` loads
every manifest and the collection, two exports give the same bytes, and without
``--base-url`` no absolute address into the kit is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import bagit
import pytest
from iiif_prezi3 import Collection, Manifest

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.cli import main
from carnet.kit.export import event_folder
from tests.kit.conftest import SLUG
from tests.kit.test_collection import ENGLISH, build_collection
from tests.kit.test_export import tree

#: As a user types it: the trailing slash is not part of the ids.
BASE_ARG = "https://example.org/forum/"
BASE = "https://example.org/forum"
#: An event without any drawing: no manifest, so the collection leaves it out.
EMPTY = "workshop-2018"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_collection(tmp_path_factory.mktemp("collection-iiif"))
    with Archive.open(path) as opened:
        add_event(
            opened.db,
            slug=EMPTY,
            name="Atelier vide",
            timezone="Europe/Paris",
            language="fr",
            start_date=date(2018, 3, 1),
            end_date=date(2018, 3, 1),
        )
    return path


def export(archive: Path, out: Path, *options: str) -> Path:
    assert main(["export", str(archive), "--all", str(out), *options]) == 0
    return out


@pytest.fixture(scope="module")
def hosted(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(archive, tmp_path_factory.mktemp("hosted") / "kit", "--base-url", BASE_ARG)


def iiif_files(kit: Path) -> list[Path]:
    """Every manifest, collection and ``info.json`` of the kit."""
    data = kit / "data"
    found = [p for p in data.rglob("*.json") if "iiif" in p.relative_to(data).parts]
    return sorted(found + list(data.rglob("info.json")))


def ids(node: Any) -> Iterator[tuple[str, str]]:
    """Every ``id`` in a IIIF document, with the ``type`` beside it."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            yield node["id"], str(node.get("type", ""))
        for value in node.values():
            yield from ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from ids(value)


def target(kit: Path, address: str) -> Path:
    """The file of the kit an address names: the base stripped, the fragment dropped."""
    assert address.startswith(f"{BASE}/data/"), address
    rel = unquote(address.removeprefix(f"{BASE}/").split("#", 1)[0])
    path = (kit / rel).resolve()
    assert path.is_relative_to((kit / "data").resolve()), address
    return path


def test_each_events_iiif_files_lie_in_its_folder_and_a_collection_lists_them(
    hosted: Path,
) -> None:
    data = hosted / "data"
    rels = [p.relative_to(data).as_posix() for p in iiif_files(hosted)]
    manifests = [r for r in rels if not r.endswith("info.json")]
    assert manifests == sorted(
        [
            "iiif/collection.json",
            f"{SLUG}/iiif/event.json",
            f"{SLUG}/iiif/items/1.json",
            f"{SLUG}/iiif/items/2.json",
            f"{SLUG}/iiif/items/3.json",
            f"{SLUG}/iiif/items/4.json",
            f"{SLUG}/iiif/sessions/1.json",
            f"{ENGLISH}/iiif/event.json",
            f"{ENGLISH}/iiif/items/6.json",
            f"{ENGLISH}/iiif/items/7.json",
        ]
    )
    infos = [r for r in rels if r.endswith("info.json")]
    assert len(infos) == 6 and all(r.split("/")[1] == "tiles" for r in infos)
    assert not (data / EMPTY / "iiif").exists()
    collection = json.loads((data / "iiif/collection.json").read_text("utf-8"))
    assert collection["type"] == "Collection"
    assert collection["id"] == f"{BASE}/data/iiif/collection.json"
    # The archive's name, in the home's language (the latest event's, the empty one's).
    assert collection["label"] == {"fr": ["Test"]}
    assert collection["homepage"][0]["id"] == f"{BASE}/data/index.html"
    # Newest first, as the home lists them; the event without drawings is left out.
    listed = [(m["id"], m["type"], m["label"]) for m in collection["items"]]
    assert listed == [
        (f"{BASE}/data/{ENGLISH}/iiif/event.json", "Manifest", {"en": ["Commons Summit"]}),
        (f"{BASE}/data/{SLUG}/iiif/event.json", "Manifest", {"fr": ["Forum de test"]}),
    ]
    for m in collection["items"]:  # the label the manifest gives itself
        own = json.loads(target(hosted, m["id"]).read_text("utf-8"))
        assert own["label"] == m["label"] and own["id"] == m["id"]
    home = (data / "index.html").read_text("utf-8")
    link = (
        '<link rel="alternate" type=\'application/ld+json;profile="http://iiif.io/api/'
        f'presentation/3/context.json"\' href="{BASE}/data/iiif/collection.json" title="IIIF">'
    )
    assert link in home


def test_every_iiif_id_is_the_address_of_a_file_of_the_kit(hosted: Path) -> None:
    checked = 0
    for path in iiif_files(hosted):
        document = json.loads(path.read_text("utf-8"))
        # A document's own id is its own address (an image service's: its folder's).
        own = target(hosted, document["id"])
        assert own == (path.parent if path.name == "info.json" else path).resolve(), path
        for address, kind in ids(document):
            found = target(hosted, address)
            if kind == "ImageService3":
                assert (found / "info.json").is_file(), (path, address)
            else:
                assert found.is_file(), (path, address)
            checked += 1
    assert checked > 100


def test_iiif_prezi3_loads_every_manifest_and_the_collection(hosted: Path) -> None:
    for path in iiif_files(hosted):
        if path.name == "info.json":
            continue
        data = json.loads(path.read_text("utf-8"))
        model = Collection if path.name == "collection.json" else Manifest
        model(**data)  # raises on anything the Presentation 3 models refuse


def test_the_hosted_collection_is_a_valid_bag_and_the_same_bytes_twice(
    hosted: Path, archive: Path, tmp_path: Path
) -> None:
    bag = bagit.Bag(str(hosted))
    bag.validate()
    assert "data/iiif/collection.json" in bag.payload_entries()
    assert f"data/{ENGLISH}/iiif/event.json" in bag.payload_entries()
    again = export(archive, tmp_path / "again", "--base-url", BASE_ARG)
    assert tree(again) == tree(hosted)


#: Absolute addresses a kit may hold without a base address: licences and vocabularies.
ELSEWHERE = ("https://creativecommons.org/", "https://schema.org")


def test_without_base_url_no_iiif_file_and_no_absolute_address_into_the_kit(
    archive: Path, tmp_path: Path
) -> None:
    kit = export(archive, tmp_path / "kit")
    assert iiif_files(kit) == []
    assert 'title="IIIF"' not in (kit / "data/index.html").read_text("utf-8")
    for path in sorted(kit.rglob("*")):
        rel = path.relative_to(kit).as_posix()
        if not path.is_file() or "/vendor/" in rel or path.suffix in (".jpg", ".png"):
            continue
        text = path.read_text("utf-8", errors="replace")
        assert "example.org" not in text, rel
        for address in re.findall(r"https?://[^\s\"'<>)\\]+", text):
            assert address.startswith(ELSEWHERE), (rel, address)


def test_an_event_slugged_iiif_does_not_take_the_collections_folder() -> None:
    assert event_folder("iiif") == "iiif-event"
    assert event_folder("forum-2024") == "forum-2024"
