"""The machine-read text in the search: found as free words and as ocr:/lu:, ranked below
what a person wrote, and a result says when it matched only there."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.items import NewItem, insert_item, update_items
from carnet.catalog.readings import store_reading
from carnet.search import SearchIndex
from carnet.search.service import outcome_of


def _item(archive: Archive, name: str) -> int:
    with archive.db.transaction() as conn:
        return insert_item(
            conn,
            NewItem(
                hash=hashlib.sha256(name.encode()).hexdigest(),
                original_name=f"{name}.jpg",
                original_path=f"/photos/{name}.jpg",
                format="jpeg",
                size=10,
            ),
        )


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive.create(tmp_path / "A.carnet")
    return archive


def test_a_word_a_person_wrote_ranks_above_the_same_word_read_by_the_machine(
    archive: Archive,
) -> None:
    with archive:
        read = _item(archive, "read")
        store_reading(archive.db, read, "LE JARDIN PARTAGÉ\nDU QUARTIER", "engine", 0.9)
        captioned = _item(archive, "captioned")
        update_items(archive.db, [captioned], caption="Le jardin partagé du quartier")
        transcribed = _item(archive, "transcribed")
        update_items(archive.db, [transcribed], transcription="LE JARDIN PARTAGÉ DU QUARTIER")
        with SearchIndex(archive) as index:
            results = index.search("jardins partages")
        order = [hit.id for hit in results.hits]
        assert order[-1] == read and set(order) == {read, captioned, transcribed}
        by_id = {hit.id: hit for hit in results.hits}
        assert by_id[read].ocr_only
        assert "<mark>JARDIN</mark>" in by_id[read].snippet_html
        assert not by_id[captioned].ocr_only and not by_id[transcribed].ocr_only
        assert results.to_dict()["hits"][order.index(read)]["ocr_only"] is True


def test_ocr_and_lu_search_only_the_machine_read_text(archive: Archive) -> None:
    with archive:
        read = _item(archive, "read")
        store_reading(archive.db, read, "RÉPARER PLUTÔT QUE JETER", "engine", 0.9)
        titled = _item(archive, "titled")
        update_items(archive.db, [titled], title="Réparer")
        with SearchIndex(archive) as index:
            assert index.matching_ids("ocr:reparer") == {read}
            assert index.matching_ids("lu:réparer") == {read}
            assert index.matching_ids('lu:"plutot que jeter"') == {read}
            assert index.matching_ids("reparer") == {read, titled}
            hit = index.search("lu:jeter").hits[0]
        assert hit.ocr_only and "<mark>JETER</mark>" in hit.snippet_html
        with SearchIndex(archive) as index:  # as the window's search process answers
            outcome = outcome_of(index, "jeter")
        assert outcome.machine_read == {read} and read in outcome.snippets


def test_a_match_in_the_title_too_is_not_only_machine_read(archive: Archive) -> None:
    with archive:
        both = _item(archive, "both")
        update_items(archive.db, [both], title="Le compost")
        store_reading(archive.db, both, "COMPOST COLLECTIF", "engine", 0.9)
        with SearchIndex(archive) as index:
            (hit,) = index.search("compost").hits
        assert not hit.ocr_only


def test_a_new_reading_reaches_the_index(archive: Archive) -> None:
    with archive:
        item = _item(archive, "later")
        with SearchIndex(archive) as index:
            assert index.matching_ids("lu:semences") == set()
        store_reading(archive.db, item, "BOURSE AUX SEMENCES", "engine", 0.9)
        with SearchIndex(archive) as index:
            assert index.matching_ids("lu:semences") == {item}
