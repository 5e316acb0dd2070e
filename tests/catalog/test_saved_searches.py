"""Saved searches: named queries, replaced by name, renamed, deleted; bad input refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.saved_searches import (
    delete_saved_search,
    get_saved_search,
    list_saved_searches,
    rename_saved_search,
    save_search,
)
from carnet.errors import InvalidValue, NotFound


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive.create(tmp_path / "A.carnet")


def test_save_list_replace_rename_delete(archive: Archive) -> None:
    db = archive.db
    first = save_search(db, "  Communs  ", "tag:theme/communs")
    save_search(db, "anglais", "language:en")
    assert [s.name for s in list_saved_searches(db)] == ["anglais", "Communs"]
    again = save_search(db, "communs", "tag:communs speaker:ostrom")
    assert again.id == first.id
    assert get_saved_search(db, first.id).query == "tag:communs speaker:ostrom"
    assert rename_saved_search(db, first.id, "Les communs").name == "Les communs"
    with pytest.raises(InvalidValue):
        rename_saved_search(db, first.id, "Anglais")
    delete_saved_search(db, first.id)
    assert [s.name for s in list_saved_searches(db)] == ["anglais"]
    with pytest.raises(NotFound):
        delete_saved_search(db, first.id)


@pytest.mark.parametrize(("name", "query"), [("", "x"), ("x", "   "), ("x" * 201, "q")])
def test_bad_saved_searches_are_refused(archive: Archive, name: str, query: str) -> None:
    with pytest.raises(InvalidValue):
        save_search(archive.db, name, query)
    assert list_saved_searches(archive.db) == []
